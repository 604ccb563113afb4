using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Text that people write around an invitation block. MMS is known to corrupt some Unicode in
/// bodies (invitation-blocks.md); every snippet here must come through a migration byte-for-byte,
/// so the pool deliberately covers many scripts, astral code points and combining marks.
/// All sentences are our own.
/// </summary>
public static class SurroundingText
{
    public sealed record Snippet(string Text, TextScripts Scripts);

    public static IReadOnlyList<Snippet> All { get; } = new[]
    {
        new Snippet("Agenda: walk through the Q3 roadmap, then open questions.", TextScripts.Latin),
        new Snippet("Please read the attached draft before we meet & bring your notes <v2>.", TextScripts.Latin | TextScripts.HtmlSpecials),
        new Snippet("Bitte vorher die Unterlagen prüfen – danke schön!", TextScripts.Latin),
        new Snippet("Ordre du jour : bilan du trimestre, puis « questions diverses ».", TextScripts.Latin),
        new Snippet("Orden del día: revisión del presupuesto y próximos pasos.", TextScripts.Latin),
        new Snippet("議題：ロードマップの確認と次のステップについて。よろしくお願いいたします。", TextScripts.Cjk),
        new Snippet("会议议程：审查下季度计划，请提前阅读附件。", TextScripts.Cjk),
        new Snippet("안건: 분기별 계획 검토 및 예산 논의.", TextScripts.Hangul),
        new Snippet("جدول الأعمال: مراجعة خطة الربع القادم ومناقشة الميزانية.", TextScripts.Arabic),
        new Snippet("סדר היום: סקירת התקציב והצעדים הבאים.", TextScripts.Hebrew),
        new Snippet("Повестка: обзор планов на квартал и вопросы.", TextScripts.Cyrillic),
        new Snippet("कार्यसूची: तिमाही योजना की समीक्षा।", TextScripts.Devanagari | TextScripts.CombiningMarks),
        new Snippet("วาระการประชุม: ทบทวนแผนงานประจำไตรมาส", TextScripts.Thai | TextScripts.CombiningMarks),
        new Snippet("Launch day 🚀🎉 bring snacks 🍕 and your best ideas 👩🏽‍💻!", TextScripts.Latin | TextScripts.AstralEmoji),
        new Snippet("Team offsite 🏔️ 🧗‍♀️ — 𝓼𝓮𝓮 𝔂𝓸𝓾 𝓽𝓱𝓮𝓻𝓮", TextScripts.Latin | TextScripts.AstralEmoji | TextScripts.AstralSymbols),
        new Snippet("Cafe\u0301 with Zoe\u0308 and Tie\u0302\u0301ng Vie\u0323\u0302t notes.", TextScripts.Latin | TextScripts.CombiningMarks),
        new Snippet("Z\u0337a\u0334l\u0336g\u0338o\u0335 test: a\u0300\u0301\u0302\u0303 stacked marks.", TextScripts.Latin | TextScripts.CombiningMarks),
        new Snippet("Dial-in etiquette: mute when not speaking \"please\" — thanks, Ω & ∑ team.", TextScripts.Latin | TextScripts.HtmlSpecials),
        new Snippet("مرحبا 👋 Hello 你好 שלום こんにちは 안녕하세요", TextScripts.Arabic | TextScripts.Latin | TextScripts.Cjk | TextScripts.Hebrew | TextScripts.Hangul | TextScripts.AstralEmoji),
        new Snippet("𠀋𠂢 (CJK Extension B) 𩸽 のお店でランチ", TextScripts.Cjk | TextScripts.AstralSymbols),
    };
}
