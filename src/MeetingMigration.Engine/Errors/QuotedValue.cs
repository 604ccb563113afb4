using System.Globalization;
using System.Text;

namespace MeetingMigration.Engine.Errors
{
    /// <summary>
    /// How an error message shows a value the admin (or a file, or Graph) supplied. The value is quoted, shortened and made
    /// inert: a 100,000-character path must not flood the console, and a CR/LF, NUL or bidi override (U+202E) must not split
    /// the message, forge a second line or reorder what the admin reads. The full value stays in the error's TargetObject.
    /// </summary>
    public static class QuotedValue
    {
        /// <summary>At most this many characters of escaped text are shown; the rest becomes "…" and the original length.</summary>
        public const int MaxShown = 80;

        /// <summary>'value' (or "'value…' (N characters)" when cut); "$null" for null. For every value an error message quotes.</summary>
        public static string Of(object? value) => Quoted(value, asciiOnly: false);

        /// <summary>
        /// <see cref="Of"/> with everything but printable ASCII escaped, for a value that must be printable ASCII (a link): the
        /// usual escaping leaves a no-break space, a variation selector or a Hangul filler as it is, and the quoted link then
        /// looked valid (an outside probe).
        /// </summary>
        public static string OfAscii(string value) => Quoted(value, asciiOnly: true);

        private static string Quoted(object? value, bool asciiOnly)
        {
            if (value == null) return "$null";
            var text = value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            var shown = Escape(text, MaxShown, out var cut, asciiOnly);
            return cut
                ? "'" + shown + "…' (" + text.Length.ToString(CultureInfo.InvariantCulture) + " characters)"
                : "'" + shown + "'";
        }

        /// <summary>
        /// Text from elsewhere embedded in a message (an exception's message, which may repeat the value it failed on):
        /// escaped like a value and cut at <paramref name="maxShown"/> characters, without quotes.
        /// </summary>
        public static string Inert(string? text, int maxShown = 240)
        {
            if (string.IsNullOrEmpty(text)) return "";
            var shown = Escape(text!, maxShown, out var cut);
            return cut ? shown + "…" : shown;
        }

        /// <summary>
        /// The value with every character that could change how the message reads escaped: control characters (C0, DEL,
        /// C1) as \0 \t \r \n or \uXXXX, and the invisible format characters (bidi embeddings, overrides, isolates and
        /// marks, zero-width characters, the BOM), line and paragraph separators and lone surrogates as \uXXXX, and invisible
        /// characters beyond the first plane (tag characters, variation selectors) as \UXXXXXXXX.
        /// Stops once <paramref name="maxShown"/> characters of output are reached (a pair is never split).
        /// </summary>
        /// <param name="asciiOnly">Every character but printable ASCII escaped too (<see cref="OfAscii"/>).</param>
        public static string Escape(string text, int maxShown, out bool cut, bool asciiOnly = false)
        {
            var shown = new StringBuilder(System.Math.Min(text.Length, maxShown) + 8);
            cut = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                string piece;
                var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (pair)
                    // Invisible characters beyond the first plane too (tag characters, their variation selectors): an outside
                    // probe's link held U+E0041, shown as nothing inside the quotes.
                    piece = asciiOnly || IsInvisiblePair(text, i) ? "\\U" + char.ConvertToUtf32(c, text[i + 1]).ToString("X8", CultureInfo.InvariantCulture) : text.Substring(i, 2);
                else
                    piece = NeedsEscapeAt(text, i) || (asciiOnly && (c < ' ' || c >= '\u007F')) ? EscapeOne(c) : c.ToString();
                if (shown.Length + piece.Length > maxShown)
                {
                    cut = true;
                    break;
                }
                shown.Append(piece);
                if (pair) i++;
            }
            return shown.ToString();
        }

        /// <summary>The index of the first character of <paramref name="text"/> that would be escaped, or -1 (pairs are fine, but invisible ones).</summary>
        public static int IndexOfEscaped(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (IsInvisiblePair(text, i)) return i;
                    i++;
                    continue;
                }
                if (NeedsEscapeAt(text, i)) return i;
            }
            return -1;
        }

        /// <summary>
        /// <see cref="NeedsEscape"/> for the character at <paramref name="i"/>, in its place: a variation selector (U+FE00-U+FE0F)
        /// only when it does not follow a symbol or an emoji whose look it selects (a keycap's digit, '#' or '*' only with the
        /// keycap after it), and a zero-width joiner only when it does not join two emoji.
        /// </summary>
        internal static bool NeedsEscapeAt(string text, int i)
        {
            var c = text[i];
            // A zero-width joiner between two emoji makes one (👨‍💻, 🏳️‍🌈): kept there, escaped anywhere else (outside probe AO).
            if (c == '\u200D') return !(i > 0 && i + 1 < text.Length && EndsEmoji(text, i - 1) && StartsEmoji(text, i + 1));
            if (!IsVariationSelector(c)) return NeedsEscape(c);
            if (i == 0) return true;
            var before = text[i - 1];
            if (char.IsLowSurrogate(before)) return false;
            // A keycap (1️⃣, #️⃣, *️⃣) only with its enclosing keycap after it: "5️" alone hides a character (outside probe AO).
            if (char.IsDigit(before) || before == '#' || before == '*') return !(i + 1 < text.Length && text[i + 1] == '\u20E3');
            var category = CharUnicodeInfo.GetUnicodeCategory(before);
            return !(category == UnicodeCategory.OtherSymbol || category == UnicodeCategory.MathSymbol || category == UnicodeCategory.ModifierSymbol);
        }

        /// <summary>The character at <paramref name="i"/> ends an emoji: the second half of a pair, a symbol, or an emoji's variation selector.</summary>
        private static bool EndsEmoji(string text, int i) =>
            char.IsLowSurrogate(text[i]) || text[i] == '\uFE0F' || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.OtherSymbol;

        /// <summary>The character at <paramref name="i"/> starts an emoji: the first half of a pair, or a symbol.</summary>
        private static bool StartsEmoji(string text, int i) =>
            (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.OtherSymbol;

        internal static bool IsVariationSelector(char c) => c >= '\uFE00' && c <= '\uFE0F';

        /// <summary>True for a character a message must never carry as it is (a surrogate only when it is not in a pair).</summary>
        public static bool NeedsEscape(char c)
        {
            // Default-ignorable characters of the first plane too (U+034F, U+115F, U+3164...): shown as nothing or as blank
            // space, they hid inside a subject and an identity (outside probe AN). A variation selector is judged by what it
            // follows (NeedsEscapeAt): after an emoji it is part of it ("☎️"), after a letter it hides.
            if (char.IsControl(c) || char.IsSurrogate(c) || (IsDefaultIgnorable(c) && !IsVariationSelector(c))) return true;
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                // Format (bidi controls U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C, zero-width U+200B-U+200D, U+FEFF...),
                // line and paragraph separators (U+2028, U+2029).
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A pair (at <paramref name="i"/>) that is a format character or default-ignorable (the tag and variation-selector plane, U+E0000-U+E0FFF).</summary>
        internal static bool IsInvisiblePair(string text, int i) =>
            IsDefaultIgnorable(char.ConvertToUtf32(text[i], text[i + 1])) || CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format;

        /// <summary>
        /// Unicode's Default_Ignorable_Code_Point ranges that are not format characters already (those <see cref="NeedsEscape"/>
        /// finds): shown as nothing (tag characters, variation selectors, Hangul fillers...).
        /// </summary>
        public static bool IsDefaultIgnorable(int c) =>
            c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) || c == 0x3164
            || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3)
            || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);

        private static string EscapeOne(char c)
        {
            switch (c)
            {
                case '\0': return "\\0";
                case '\t': return "\\t";
                case '\r': return "\\r";
                case '\n': return "\\n";
                default: return "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }
        }
    }
}
