using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Invented people, by language. Display names keep their native script and accents (Graph carries
/// them verbatim); aliases are ASCII because that is what UPNs in most tenants look like.
/// </summary>
public static class PeopleNames
{
    public sealed record Person(string AliasGiven, string AliasFamily, string DisplayName);

    private static readonly Dictionary<string, Person[]> ByLanguage = new()
    {
        ["en-US"] = new[]
        {
            new Person("avery", "brooks", "Avery Brooks"), new Person("jordan", "miller", "Jordan Miller"),
            new Person("taylor", "nguyen", "Taylor Nguyen"), new Person("morgan", "okafor", "Morgan Okafor"),
            new Person("casey", "oconnor", "Casey O'Connor"), new Person("riley", "patel", "Riley Patel"),
        },
        ["de-DE"] = new[]
        {
            new Person("juergen", "mueller", "Jürgen Müller"), new Person("anke", "weiss", "Anke Weiß"),
            new Person("lukas", "schroeder", "Lukas Schröder"), new Person("greta", "koenig", "Greta König"),
        },
        ["fr-FR"] = new[]
        {
            new Person("elodie", "lefevre", "Élodie Lefèvre"), new Person("francois", "dubois", "François Dubois"),
            new Person("anais", "moreau", "Anaïs Moreau"), new Person("noel", "garcon", "Noël Garçon"),
        },
        ["es-ES"] = new[]
        {
            new Person("jose", "nunez", "José Núñez"), new Person("maria", "garcia", "María García"),
            new Person("inigo", "ibanez", "Iñigo Ibáñez"), new Person("lucia", "pena", "Lucía Peña"),
        },
        ["ja-JP"] = new[]
        {
            new Person("hiroshi", "tanaka", "田中 博"), new Person("yuki", "sato", "佐藤 由紀"),
            new Person("kenta", "suzuki", "鈴木 健太"), new Person("aoi", "takahashi", "高橋 葵"),
        },
        ["sv-SE"] = new[]
        {
            new Person("asa", "lindstrom", "Åsa Lindström"), new Person("bjorn", "ekstrom", "Björn Ekström"),
            new Person("maja", "sjoberg", "Maja Sjöberg"), new Person("oskar", "ahlgren", "Oskar Åhlgren"),
        },
    };

    /// <summary>Outside people (attendees and organizers of received invitations), many scripts on purpose.</summary>
    public static IReadOnlyList<Person> External { get; } = new[]
    {
        new Person("layla", "haddad", "ليلى حداد"), new Person("omar", "farouk", "عمر فاروق"),
        new Person("wei", "zhang", "张伟"), new Person("minjun", "kim", "김민준"),
        new Person("noa", "levi", "נועה לוי"), new Person("olga", "ivanova", "Ольга Иванова"),
        new Person("priya", "sharma", "प्रिया शर्मा"), new Person("somchai", "wong", "สมชาย วงศ์"),
        new Person("sam", "rivera", "Sam Rivera 🌈"), new Person("zoe", "andersen", "Zoë Andersen"),
    };

    public static IReadOnlyList<Person> For(string languageCode) =>
        ByLanguage.TryGetValue(languageCode, out var people) ? people : ByLanguage["en-US"];
}
