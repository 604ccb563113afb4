using System;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Writing systems and tricky code points present in the text around a block.</summary>
[Flags]
public enum TextScripts
{
    None = 0,
    Latin = 1 << 0,
    Cjk = 1 << 1,
    Hangul = 1 << 2,
    Arabic = 1 << 3,
    Hebrew = 1 << 4,
    Cyrillic = 1 << 5,
    Devanagari = 1 << 6,
    Thai = 1 << 7,
    /// <summary>Emoji outside the BMP (surrogate pairs), including ZWJ and skin-tone sequences.</summary>
    AstralEmoji = 1 << 8,
    /// <summary>Base letters followed by combining marks (decomposed accents).</summary>
    CombiningMarks = 1 << 9,
    /// <summary>Characters that must be escaped in HTML: &amp; &lt; &gt; and quotes.</summary>
    HtmlSpecials = 1 << 10,
    /// <summary>Non-emoji astral characters (mathematical alphanumerics).</summary>
    AstralSymbols = 1 << 11,
}
