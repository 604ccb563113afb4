using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Invented meeting subjects per language.</summary>
public static class MeetingSubjects
{
    private static readonly Dictionary<string, string[]> ByLanguage = new()
    {
        ["en-US"] = new[] { "Weekly sync", "Project Phoenix kickoff", "Budget review", "1:1", "Customer call – Fabrikam", "Design critique" },
        ["de-DE"] = new[] { "Wöchentliche Abstimmung", "Projektstart Phönix", "Budgetprüfung", "Kundengespräch", "Quartalsplanung" },
        ["fr-FR"] = new[] { "Point hebdomadaire", "Lancement du projet Phénix", "Revue budgétaire", "Appel client", "Atelier de conception" },
        ["es-ES"] = new[] { "Reunión semanal", "Inicio del proyecto Fénix", "Revisión del presupuesto", "Llamada con cliente", "Planificación trimestral" },
        ["ja-JP"] = new[] { "週次定例", "プロジェクト フェニックス キックオフ", "予算レビュー", "顧客との打ち合わせ", "四半期計画" },
        ["sv-SE"] = new[] { "Veckomöte", "Uppstart projekt Fenix", "Budgetgenomgång", "Kundsamtal", "Kvartalsplanering" },
    };

    public static IReadOnlyList<string> For(string languageCode) =>
        ByLanguage.TryGetValue(languageCode, out var subjects) ? subjects : ByLanguage["en-US"];
}
