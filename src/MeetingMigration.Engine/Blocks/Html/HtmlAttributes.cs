using System;
using System.Net;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>Reads attribute values from a start tag without allocating a DOM. Values come back entity-decoded.</summary>
    internal static class HtmlAttributes
    {
        public static string? Get(string html, HtmlToken tag, string attributeName)
        {
            if (tag.Kind != HtmlTokenKind.StartTag) return null;
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
                string? value = null;
                if (i < end && html[i] == '=')
                {
                    i++;
                    while (i < end && char.IsWhiteSpace(html[i])) i++;
                    if (i < end && (html[i] == '"' || html[i] == '\''))
                    {
                        char quote = html[i];
                        int close = html.IndexOf(quote, i + 1, end - (i + 1));
                        if (close < 0) close = end;
                        value = html.Substring(i + 1, close - i - 1);
                        i = close + 1;
                    }
                    else
                    {
                        int valueStart = i;
                        while (i < end && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                        value = html.Substring(valueStart, i - valueStart);
                    }
                }

                if (nameLength == attributeName.Length &&
                    string.Compare(html, nameStart, attributeName, 0, nameLength, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return WebUtility.HtmlDecode(value ?? string.Empty);
                }
            }

            return null;
        }

        /// <summary>Removes the "x_" prefixes Outlook adds to class names and ids in received or forwarded copies.</summary>
        public static string StripCopyPrefix(string value)
        {
            string v = value;
            while (v.StartsWith("x_", StringComparison.Ordinal)) v = v.Substring(2);
            return v;
        }

        /// <summary>True when the class attribute holds the token (exactly, after removing "x_" prefixes).</summary>
        public static bool HasClass(string html, HtmlToken tag, string className)
        {
            string? classes = Get(html, tag, "class");
            if (classes == null) return false;
            foreach (string token in classes.Split(new[] { ' ', '\t', '\r', '\n', '\f' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(StripCopyPrefix(token), className, StringComparison.OrdinalIgnoreCase)) return true;
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
