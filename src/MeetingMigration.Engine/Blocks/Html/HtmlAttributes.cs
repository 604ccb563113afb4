using System;
using System.Net;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>
    /// Reads attribute values from a start tag without allocating a DOM. Values come back entity-decoded. Only the value
    /// asked for becomes a string: the block scan asks every start tag of a body for a few attributes, and copying every
    /// value passed on the way (Word's long style attributes) was most of what the engine allocated per meeting (issue 9).
    /// </summary>
    internal static class HtmlAttributes
    {
        public static string? Get(string html, HtmlToken tag, string attributeName) =>
            TryFind(html, tag, attributeName, out int start, out int length) ? WebUtility.HtmlDecode(html.Substring(start, length)) : null;

        /// <summary>True when the start tag has the attribute, with or without a value.</summary>
        public static bool Has(string html, HtmlToken tag, string attributeName) => TryFind(html, tag, attributeName, out _, out _);

        /// <summary>
        /// Where the first attribute of that name (any case) keeps its raw value: quotes excluded, length 0 when it has
        /// none. Unquoted values end at whitespace or '&gt;'; a quoted value left open runs to the end of the tag.
        /// </summary>
        private static bool TryFind(string html, HtmlToken tag, string attributeName, out int valueStart, out int valueLength)
        {
            valueStart = valueLength = 0;
            if (tag.Kind != HtmlTokenKind.StartTag) return false;
            int i = tag.Start + 1 + (tag.Name?.Length ?? 0);
            int end = tag.End;
            while (i < end)
            {
                while (i < end && (char.IsWhiteSpace(html[i]) || html[i] == '/')) i++;
                int nameStart = i;
                while (i < end && html[i] != '=' && html[i] != '>' && html[i] != '/' && !char.IsWhiteSpace(html[i])) i++;
                int nameLength = i - nameStart;
                if (nameLength == 0) { i++; continue; }

                while (i < end && char.IsWhiteSpace(html[i])) i++;
                int start = i, length = 0;
                if (i < end && html[i] == '=')
                {
                    i++;
                    while (i < end && char.IsWhiteSpace(html[i])) i++;
                    if (i < end && (html[i] == '"' || html[i] == '\''))
                    {
                        char quote = html[i];
                        int close = html.IndexOf(quote, i + 1, end - (i + 1));
                        if (close < 0) close = end;
                        start = i + 1;
                        length = close - start;
                        i = close + 1;
                    }
                    else
                    {
                        start = i;
                        while (i < end && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                        length = i - start;
                    }
                }

                if (nameLength == attributeName.Length &&
                    string.Compare(html, nameStart, attributeName, 0, nameLength, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    valueStart = start;
                    valueLength = length;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Removes the "x_" prefixes Outlook adds to class names and ids in received or forwarded copies.</summary>
        public static string StripCopyPrefix(string value)
        {
            var stripped = StripCopyPrefix(value.AsSpan());
            return stripped.Length == value.Length ? value : stripped.ToString();
        }

        private static ReadOnlySpan<char> StripCopyPrefix(ReadOnlySpan<char> value)
        {
            while (value.StartsWith("x_".AsSpan(), StringComparison.Ordinal)) value = value.Slice(2);
            return value;
        }

        private static readonly char[] ClassSeparators = { ' ', '\t', '\r', '\n', '\f' };

        /// <summary>True when the class attribute holds the token (exactly, after removing "x_" prefixes).</summary>
        public static bool HasClass(string html, HtmlToken tag, string className)
        {
            if (!TryFind(html, tag, "class", out int start, out int length)) return false;
            // An entity in the value is decoded first, as Get does; the usual value, without one, is read where it stands.
            var classes = html.AsSpan(start, length).IndexOf('&') >= 0 ? WebUtility.HtmlDecode(html.Substring(start, length)).AsSpan() : html.AsSpan(start, length);
            while (classes.Length > 0)
            {
                int cut = classes.IndexOfAny(ClassSeparators);
                var token = cut < 0 ? classes : classes.Slice(0, cut);
                if (token.Length > 0 && StripCopyPrefix(token).Equals(className.AsSpan(), StringComparison.OrdinalIgnoreCase)) return true;
                classes = cut < 0 ? ReadOnlySpan<char>.Empty : classes.Slice(cut + 1);
            }

            return false;
        }

        /// <summary>The id (or, for bookmarks, the name) with copy prefixes removed.</summary>
        public static string? GetIdentity(string html, HtmlToken tag, string attributeName)
        {
            string? value = Get(html, tag, attributeName);
            return value == null ? null : StripCopyPrefix(value.Trim());
        }
    }
}
