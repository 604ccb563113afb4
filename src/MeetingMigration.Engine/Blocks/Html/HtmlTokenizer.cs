using System;
using System.Collections.Generic;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>
    /// A forgiving, index-only HTML tokenizer. It is just precise enough to tell markup from text in Word, OWA and
    /// Teams generated bodies: quoted attribute values may contain '&gt;', comments and raw-text elements are opaque.
    /// Malformed input never throws; an unterminated tag becomes one token running to the end of the body.
    /// </summary>
    internal static class HtmlTokenizer
    {
        private static readonly string[] RawTextElements = { "style", "script", "title", "textarea" };

        public static List<HtmlToken> Tokenize(string html)
        {
            var tokens = new List<HtmlToken>(EstimateTokens(html));
            int i = 0;
            int textStart = 0;
            while (i < html.Length)
            {
                // Text runs to the next '<' (a vectorized search: bodies are mostly text and markup attributes).
                i = html.IndexOf('<', i);
                if (i < 0 || i + 1 >= html.Length) break;

                char next = html[i + 1];
                int end;
                HtmlTokenKind kind;
                string? name = null;
                bool selfClosing = false;
                if (next == '!' && string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
                {
                    int close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                    end = close < 0 ? html.Length : close + 3;
                    kind = HtmlTokenKind.Comment;
                }
                else if (next == '!' || next == '?')
                {
                    end = FindTagEnd(html, i + 2);
                    kind = HtmlTokenKind.Declaration;
                }
                else if (next == '/' && i + 2 < html.Length && IsNameStart(html[i + 2]))
                {
                    name = ReadName(html, i + 2);
                    end = FindTagEnd(html, i + 2 + name.Length);
                    kind = HtmlTokenKind.EndTag;
                }
                else if (IsNameStart(next))
                {
                    name = ReadName(html, i + 1);
                    end = FindTagEnd(html, i + 1 + name.Length);
                    kind = HtmlTokenKind.StartTag;
                    selfClosing = end >= 2 && html[end - 1] == '>' && html[end - 2] == '/';
                }
                else
                {
                    i++; // a lone '<' is text
                    continue;
                }

                if (i > textStart) tokens.Add(new HtmlToken(HtmlTokenKind.Text, textStart, i - textStart, null, false));
                tokens.Add(new HtmlToken(kind, i, end - i, name, selfClosing));
                i = end;
                textStart = i;

                if (kind == HtmlTokenKind.StartTag && !selfClosing && Array.IndexOf(RawTextElements, name) >= 0)
                {
                    int close = IndexOfIgnoreCase(html, "</" + name, i);
                    int rawEnd = close < 0 ? html.Length : close;
                    if (rawEnd > i) tokens.Add(new HtmlToken(HtmlTokenKind.RawText, i, rawEnd - i, null, false));
                    i = rawEnd;
                    textStart = i;
                }
            }

            if (html.Length > textStart) tokens.Add(new HtmlToken(HtmlTokenKind.Text, textStart, html.Length - textStart, null, false));
            return tokens;
        }

        /// <summary>
        /// Room for the tokens a body can make (a text run and a tag per '&lt;', and the text after the last), so the list
        /// is allocated once: growing it by doubling allocated as much again for every body scanned (issue 9).
        /// </summary>
        private static int EstimateTokens(string html)
        {
            int tags = 0;
            for (int i = html.IndexOf('<'); i >= 0; i = html.IndexOf('<', i + 1)) tags++;
            return 2 * tags + 1;
        }

        private static bool IsNameStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        /// <summary>The tags Word, OWA and Teams bodies are made of: their names are shared instead of allocated per tag.</summary>
        private static readonly string[] CommonNames =
        {
            "p", "a", "b", "i", "u", "br", "hr", "td", "tr", "th", "em", "ul", "li", "ol", "h1", "h2", "h3", "o:p", "div", "img", "col",
            "span", "font", "body", "head", "html", "meta", "link", "table", "tbody", "thead", "style", "title", "strong", "center",
            "script", "colgroup", "textarea",
        };

        private static string ReadName(string html, int start)
        {
            int i = start;
            while (i < html.Length)
            {
                char c = html[i];
                if (char.IsLetterOrDigit(c) || c == ':' || c == '-' || c == '_' || c == '.') i++;
                else break;
            }

            int length = i - start;
            foreach (var known in CommonNames)
                if (known.Length == length && string.Compare(html, start, known, 0, length, StringComparison.OrdinalIgnoreCase) == 0) return known;
            return html.Substring(start, length).ToLowerInvariant();
        }

        /// <summary>Index just past the '&gt;' closing a tag, skipping quoted attribute values.</summary>
        private static int FindTagEnd(string html, int from)
        {
            char quote = '\0';
            for (int i = from; i < html.Length; i++)
            {
                char c = html[i];
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                }
                else if (c == '"' || c == '\'')
                {
                    // Only an attribute value opens a quote: it follows '=' (possibly after spaces).
                    int j = i - 1;
                    while (j >= from && char.IsWhiteSpace(html[j])) j--;
                    if (j >= from && html[j] == '=') quote = c;
                }
                else if (c == '>')
                {
                    return i + 1;
                }
            }

            return html.Length;
        }

        private static int IndexOfIgnoreCase(string html, string value, int from) =>
            html.IndexOf(value, from, StringComparison.OrdinalIgnoreCase);
    }
}
