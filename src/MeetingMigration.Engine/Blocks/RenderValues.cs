using System;
using System.Linq;
using System.Text;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Encoding and formatting of values written into a new block.</summary>
    internal static class RenderValues
    {
        /// <summary>HTML-encodes (short name: it appears in every interpolation) text and attribute values (quotes included, so values are safe in either place).</summary>
        public static string Enc(string value)
        {
            var sb = new StringBuilder(value.Length + 16);
            foreach (char c in value)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default: sb.Append(c); break;
                }
            }

            return sb.ToString();
        }

        /// <summary>One line of plain text: line breaks and other control characters would break the block's lines.</summary>
        public static string TextLine(string value)
        {
            var chars = value.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]) || chars[i] == '\u2028' || chars[i] == '\u2029') chars[i] = ' ';
            }

            return new string(chars).Trim();
        }

        /// <summary>A URL inside "&lt;…&gt;" in plain text: characters that would end it early are percent-encoded.</summary>
        public static string TextUrl(string url)
        {
            var sb = new StringBuilder(url.Length);
            foreach (char c in TextLine(url))
            {
                switch (c)
                {
                    case ' ': sb.Append("%20"); break;
                    case '<': sb.Append("%3C"); break;
                    case '>': sb.Append("%3E"); break;
                    default: sb.Append(c); break;
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// The index of the first character a link must not carry into an invitation, or -1: white space (line breaks, tabs,
        /// spaces), control, bidi, zero-width and every other character Unicode says to show as nothing (its
        /// Default_Ignorable_Code_Point ranges: tag characters, variation selectors, Hangul fillers...; an outside probe had
        /// those mailed), a half surrogate pair. Letters of any script are fine (an old block's link to zoë's meeting).
        /// </summary>
        public static int IndexOfUnmailable(string url)
        {
            for (var i = 0; i < url.Length; i++)
            {
                if (char.IsHighSurrogate(url[i]) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1]))
                {
                    if (QuotedValue.IsInvisiblePair(url, i)) return i;
                    i++;
                    continue;
                }
                if (char.IsWhiteSpace(url[i]) || QuotedValue.NeedsEscape(url[i]) || QuotedValue.IsDefaultIgnorable(url[i])) return i;
            }
            return -1;
        }

        /// <summary>The code point at <paramref name="i"/>: a pair's, or a lone surrogate's own value.</summary>
        internal static int CodePointAt(string text, int i) =>
            char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];


        private static readonly char[] TabAndLineBreaks = { '\t', '\n', '\r' };

        /// <summary>The URL, checked to be an absolute http(s) URL (a join link must never become javascript: or the like).</summary>
        public static string RequireWebUrl(string? url, string what)
        {
            if (string.IsNullOrWhiteSpace(url)) throw new ArgumentException($"The {what} is required.", what);
            // Tabs and line breaks inside are dropped, as every URL parser drops them (WHATWG URL): a link wrapped in a body
            // is the link attendees' clients open. Any other white space or invisible character fails the meeting below.
            string trimmed = url!.Trim();
            if (trimmed.IndexOfAny(TabAndLineBreaks) >= 0) trimmed = string.Concat(trimmed.Split(TabAndLineBreaks));
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"The {what} must be an absolute http(s) URL: {QuotedValue.Of(url)}.", what);
            }
            // Never mailed with a space or an invisible mark inside it (a stored link from before the settings refused them,
            // or one of a block read from a body): the meeting fails naming it instead.
            int odd = IndexOfUnmailable(trimmed);
            if (odd >= 0)
                throw new ArgumentException($"The {what} holds a space, control or invisible character (U+{CodePointAt(trimmed, odd):X4}): {QuotedValue.Of(url)}.", what);

            return trimmed;
        }

        /// <summary>"+1 (555) 555-0100" → "tel:+15555550100"; with a conference ID, ",,ID#" is appended for one-tap dialing.</summary>
        public static string TelUri(string number, string? conferenceId)
        {
            string digits = new string(number.Where(char.IsDigit).ToArray());
            if (digits.Length == 0) throw new ArgumentException($"The phone number {QuotedValue.Of(number)} holds no digits.", nameof(number));
            string target = (number.TrimStart().StartsWith("+", StringComparison.Ordinal) ? "+" : "") + digits;
            return "tel:" + target + (IsDigits(conferenceId) ? ",," + conferenceId + "#" : "");
        }

        /// <summary>Digits shown in groups of three ("123 456 789"), as Teams shows IDs; anything else as given.</summary>
        public static string Grouped(string value)
        {
            if (!IsDigits(value)) return value;
            var sb = new StringBuilder();
            for (int i = 0; i < value.Length; i++)
            {
                if (i > 0 && i % 3 == 0) sb.Append(' ');
                sb.Append(value[i]);
            }

            return sb.ToString();
        }

        public static bool IsDigits(string? value) => !string.IsNullOrEmpty(value) && value!.All(c => c >= '0' && c <= '9');

        public static string Repeat(char c, int count) => new string(c, count);
    }
}
