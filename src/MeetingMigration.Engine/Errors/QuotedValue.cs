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
        public static string Of(object? value)
        {
            if (value == null) return "$null";
            var text = value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            var shown = Escape(text, MaxShown, out var cut);
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
        public static string Escape(string text, int maxShown, out bool cut)
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
                    piece = IsInvisiblePair(text, i) ? "\\U" + char.ConvertToUtf32(c, text[i + 1]).ToString("X8", CultureInfo.InvariantCulture) : text.Substring(i, 2);
                else
                    piece = NeedsEscape(c) ? EscapeOne(c) : c.ToString();
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
                if (NeedsEscape(text[i])) return i;
            }
            return -1;
        }

        /// <summary>True for a character a message must never carry as it is (a surrogate only when it is not in a pair).</summary>
        public static bool NeedsEscape(char c)
        {
            if (char.IsControl(c) || char.IsSurrogate(c)) return true;
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

        /// <summary>A pair (at <paramref name="i"/>) that is a format character or in the tag and variation-selector plane (U+E0000-U+E0FFF).</summary>
        private static bool IsInvisiblePair(string text, int i)
        {
            var codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
            return (codePoint >= 0xE0000 && codePoint <= 0xE0FFF) || CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format;
        }

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
