using System;
using System.Collections.Generic;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>Questions about a range of an HTML body that decide whether it can be cut out safely.</summary>
    internal static class HtmlRanges
    {
        /// <summary>Elements whose end tag HTML lets authors omit; an unclosed one inside a block is not truncation.</summary>
        private static readonly HashSet<string> OptionalEndTag = new HashSet<string>(StringComparer.Ordinal)
        {
            "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "option", "optgroup", "rt", "rp",
            "html", "head", "body",
        };

        /// <summary>Tags that carry visible content even without text.</summary>
        private static readonly HashSet<string> ContentTags = new HashSet<string>(StringComparer.Ordinal)
        {
            "img", "iframe", "object", "embed", "input", "video", "audio", "svg", "canvas", "table",
        };

        /// <summary>
        /// True when [start, end) holds nothing a reader would see or a user would have typed: whitespace, &amp;nbsp;,
        /// empty wrappers, line breaks, comments. Links with an href and images count as content.
        /// </summary>
        public static bool IsInsignificant(HtmlDocument doc, int start, int end)
        {
            if (end <= start) return true;
            string html = doc.Html;
            for (int t = doc.TokenIndexAt(start); t < doc.Tokens.Count; t++)
            {
                var token = doc.Tokens[t];
                if (token.Start >= end) break;
                if (token.End <= start) continue;
                switch (token.Kind)
                {
                    case HtmlTokenKind.Text:
                        int from = Math.Max(token.Start, start), to = Math.Min(token.End, end);
                        if (!IsBlankText(html, from, to)) return false;
                        break;
                    case HtmlTokenKind.StartTag:
                        if (ContentTags.Contains(token.Name!)) return false;
                        if (token.Name == "a" && HtmlAttributes.Has(html, token, "href")) return false;
                        break;
                }
            }

            return true;
        }

        /// <summary>Whitespace and non-breaking spaces, written literally or as entities.</summary>
        private static bool IsBlankText(string html, int from, int to)
        {
            int i = from;
            while (i < to)
            {
                char c = html[i];
                if (char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u200B') { i++; continue; }
                if (c == '&')
                {
                    int semi = html.IndexOf(';', i, to - i);
                    if (semi > i && IsBlankEntity(html, i, semi + 1))
                    {
                        i = semi + 1;
                        continue;
                    }
                }

                return false;
            }

            return true;
        }

        private static readonly string[] BlankEntities = { "&nbsp;", "&#160;", "&#xa0;", "&#8203;" };

        /// <summary>The entity in [from, to) is a space a reader cannot see, in any case; compared where it stands, not copied.</summary>
        private static bool IsBlankEntity(string html, int from, int to)
        {
            foreach (var entity in BlankEntities)
            {
                if (entity.Length != to - from) continue;
                int k = 0;
                while (k < entity.Length && char.ToLowerInvariant(html[from + k]) == entity[k]) k++;
                if (k == entity.Length) return true;
            }

            return false;
        }

        /// <summary>
        /// Null when cutting out [start, end) leaves the markup around it as balanced as it was: no element opens
        /// inside and closes outside or the other way round, and no element that needs an end tag is left open inside
        /// (that is how a truncated body shows). Otherwise a sentence saying what crosses the edge.
        /// </summary>
        public static string? CrossingProblem(HtmlDocument doc, int start, int end)
        {
            foreach (var e in doc.Elements)
            {
                if (e.Start >= end) break;
                bool opensInside = e.Start >= start;
                if (opensInside)
                {
                    if (!e.IsClosed)
                    {
                        if (!OptionalEndTag.Contains(e.Name)) return $"a <{e.Name}> inside the block is never closed (truncated body?)";
                    }
                    else if (e.End > end)
                    {
                        return $"a <{e.Name}> starts inside the block but ends after it";
                    }
                }
                // An empty element (<br>, <img>, <o:p/>) "closes" where its tag ends: one that ends exactly where the block
                // starts is wholly before it, not crossing into it.
                else if (e.IsClosed && e.End > start && e.CloseStart >= start && e.CloseStart < end)
                {
                    return $"a <{e.Name}> starts before the block but ends inside it";
                }
            }

            return null;
        }
    }
}
