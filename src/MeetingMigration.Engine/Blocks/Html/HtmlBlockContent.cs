using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>Turns a range of an HTML body into visible lines and links, the way a mail client would show them.</summary>
    internal static class HtmlBlockContent
    {
        /// <summary>Tags after which a mail client starts a new line.</summary>
        private static readonly HashSet<string> LineBreakingTags = new HashSet<string>(StringComparer.Ordinal)
        {
            "div", "p", "br", "tr", "li", "hr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
        };

        public static BlockContent Extract(HtmlDocument doc, int start, int end)
        {
            string html = doc.Html;
            var text = new StringBuilder();
            var openLinks = new Dictionary<HtmlElement, (int TextStart, string Url, string? Id)>();
            var links = new List<(int TextStart, int TextEnd, string Url, string? Id)>();
            var meetingCodes = new List<string>();
            var openCodes = new Dictionary<HtmlElement, int>();

            for (int t = doc.TokenIndexAt(start); t < doc.Tokens.Count; t++)
            {
                var token = doc.Tokens[t];
                if (token.Start >= end) break;
                if (token.End <= start) continue;
                switch (token.Kind)
                {
                    case HtmlTokenKind.Text:
                        int from = Math.Max(token.Start, start), to = Math.Min(token.End, end);
                        // Source line breaks are not visible line breaks in HTML. Text without an entity is copied as it
                        // stands, not through a string of its own.
                        int at = text.Length;
                        if (html.IndexOf('&', from, to - from) < 0) text.Append(html, from, to - from);
                        else text.Append(WebUtility.HtmlDecode(html.Substring(from, to - from)));
                        text.Replace('\r', ' ', at, text.Length - at).Replace('\n', ' ', at, text.Length - at);
                        break;
                    case HtmlTokenKind.StartTag:
                        if (LineBreakingTags.Contains(token.Name!)) text.Append('\n');
                        var element = FindElement(doc, t);
                        if (element == null) break;
                        if (token.Name == "a")
                        {
                            string? href = HtmlAttributes.Get(html, token, "originalsrc") ?? HtmlAttributes.Get(html, token, "href");
                            if (href != null)
                            {
                                openLinks[element] = (text.Length, JoinUrls.Unwrap(href), HtmlAttributes.GetIdentity(html, token, "id"));
                            }
                        }

                        if (string.Equals(HtmlAttributes.Get(html, token, "data-tid"), "meeting-code", StringComparison.OrdinalIgnoreCase))
                        {
                            openCodes[element] = text.Length;
                        }

                        break;
                    case HtmlTokenKind.EndTag:
                        if (LineBreakingTags.Contains(token.Name!)) text.Append('\n');
                        var closed = doc.ElementByCloseToken[t];
                        if (closed != null && openLinks.TryGetValue(closed, out var link))
                        {
                            links.Add((link.TextStart, text.Length, link.Url, link.Id));
                            openLinks.Remove(closed);
                        }

                        if (closed != null && openCodes.TryGetValue(closed, out int codeStart))
                        {
                            meetingCodes.Add(CollapseSpaces(text.ToString(codeStart, text.Length - codeStart)));
                            openCodes.Remove(closed);
                        }

                        break;
                }
            }

            foreach (var unclosed in openLinks.Values) links.Add((unclosed.TextStart, text.Length, unclosed.Url, unclosed.Id));

            string all = text.ToString();
            var blockLinks = new List<BlockLink>();
            foreach (var l in links)
            {
                string label = CollapseSpaces(all.Substring(l.TextStart, l.TextEnd - l.TextStart));
                blockLinks.Add(new BlockLink(l.Url, label, LineAround(all, l.TextStart), l.Id));
            }
            // With no link element at all, the block is a plain-text invitation's in a body that became HTML: its links are
            // written as text, "Label<https://…>", and read as a text block's are. Not beside link elements, whose shown
            // addresses are not links of their own.
            if (links.Count == 0) blockLinks.AddRange(TextBlockContent.Extract(all).Links);

            return new BlockContent(BlockContent.SplitLines(all), blockLinks, meetingCodes);
        }

        private static HtmlElement? FindElement(HtmlDocument doc, int tokenIndex)
        {
            // Elements are in token order, so a binary search on the opening token index finds it.
            var elements = doc.Elements;
            int lo = 0, hi = elements.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                int index = elements[mid].OpenTokenIndex;
                if (index == tokenIndex) return elements[mid];
                if (index < tokenIndex) lo = mid + 1;
                else hi = mid - 1;
            }

            return null;
        }

        private static string LineAround(string text, int position)
        {
            int lineStart = position > 0 ? text.LastIndexOf('\n', position - 1) + 1 : 0;
            int lineEnd = text.IndexOf('\n', position);
            if (lineEnd < 0) lineEnd = text.Length;
            if (lineEnd == position && lineEnd < text.Length)
            {
                // The link opened a new line (e.g. <div><a>): the line is the one after.
                int next = text.IndexOf('\n', lineEnd + 1);
                return BlockContent.NormalizeLine(text.Substring(lineEnd + 1, (next < 0 ? text.Length : next) - lineEnd - 1));
            }

            return BlockContent.NormalizeLine(text.Substring(lineStart, lineEnd - lineStart));
        }

        private static string CollapseSpaces(string value)
        {
            var sb = new StringBuilder(value.Length);
            bool space = false;
            foreach (char c in value)
            {
                bool isSpace = char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u202F';
                if (isSpace) { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(c);
            }

            return sb.ToString();
        }
    }
}
