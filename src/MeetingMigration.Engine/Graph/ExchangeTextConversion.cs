using System;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// Tells Exchange's HTML rendering of a plain-text body from an HTML body. Graph returns event bodies in HTML unless asked
    /// for text; for a body stored as text, Exchange writes its generator tag and a <c>converted from text</c> comment in the
    /// head (as seen in Graph's answers for events created with a text body), then the text in a <c>PlainText</c> div: text,
    /// entities and <c>&lt;br&gt;</c>, nothing else but links.
    /// </summary>
    internal static class ExchangeTextConversion
    {
        private const string Comment = "<!-- converted from text -->";
        private const string PlainTextDiv = "<div class=\"PlainText\">";

        /// <summary>
        /// True when the body is that conversion and nothing more: the comment before the body starts (the same comment
        /// inside the body, a forwarded mail quoted into the invitation, says nothing of this body's own type), and a body
        /// that holds only the PlainText div (in its font and span) with text, line breaks and links in it. An HTML body
        /// that kept the comment in its head when it was edited as HTML (outside probe AF: a text invitation reformatted in
        /// Outlook) has other markup, and read as text it would lose its formatting for good; it stays HTML. One with only
        /// text and line breaks loses nothing as text.
        /// </summary>
        public static bool IsConvertedFromText(string html)
        {
            int comment = html.IndexOf(Comment, StringComparison.Ordinal);
            if (comment < 0) return false;
            int bodyTag = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            if (bodyTag < 0 || comment > bodyTag) return false;
            int bodyStart = html.IndexOf('>', bodyTag);
            int bodyEnd = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            if (bodyStart < 0 || bodyEnd < bodyStart) return false;

            int div = html.IndexOf(PlainTextDiv, bodyStart, bodyEnd - bodyStart, StringComparison.Ordinal);
            int divEnd = div < 0 ? -1 : html.LastIndexOf("</div>", bodyEnd, bodyEnd - div, StringComparison.Ordinal);
            if (divEnd < 0) return false;
            return OnlyWrappers(html, bodyStart + 1, div) && OnlyTextBreaksAndLinks(html, div + PlainTextDiv.Length, divEnd)
                   && OnlyWrappers(html, divEnd + "</div>".Length, bodyEnd);
        }

        /// <summary>Between the body's edges and the div: white space and the font and span Exchange wraps it in.</summary>
        private static bool OnlyWrappers(string html, int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (char.IsWhiteSpace(html[i])) continue;
                if (html[i] != '<') return false;
                int close = html.IndexOf('>', i, to - i);
                if (close < 0) return false;
                var name = TagName(html, i, close);
                if (name != "font" && name != "span") return false;
                i = close;
            }
            return true;
        }

        /// <summary>
        /// The div's content: text, entities, &lt;br&gt; and links that show their own address (the only links a conversion
        /// of text can make); any other tag, or a link that shows other words or goes elsewhere (outside probe AG: "agenda
        /// doc" linking a document, a mailto), is HTML a text read would lose.
        /// </summary>
        private static bool OnlyTextBreaksAndLinks(string html, int from, int to)
        {
            for (int at = from; at < to;)
            {
                int open = html.IndexOf('<', at, to - at);
                if (open < 0) return true;
                int close = html.IndexOf('>', open, to - open);
                if (close < 0) return false;
                var name = TagName(html, open, close);
                if (name == "a" && html[open + 1] != '/')
                {
                    int end = html.IndexOf("</a>", close, to - close, StringComparison.OrdinalIgnoreCase);
                    if (end < 0 || !ShowsItsOwnAddress(html, open, close, end)) return false;
                    at = end + "</a>".Length;
                    continue;
                }
                if (name != "br") return false;
                at = close + 1;
            }
            return true;
        }

        /// <summary>An &lt;a href="X"&gt;X&lt;/a&gt; with nothing but the address inside and nothing but href on the tag.</summary>
        private static bool ShowsItsOwnAddress(string html, int open, int close, int end)
        {
            var tag = html.Substring(open, close - open + 1);
            var match = System.Text.RegularExpressions.Regex.Match(tag, "^<a\\s+href=\"([^\"<>]*)\"\\s*>$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (!match.Success) return false;
            var shown = System.Net.WebUtility.HtmlDecode(html.Substring(close + 1, end - close - 1));
            var address = System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
            return shown.Length > 0 && shown == address && shown.IndexOf('<') < 0
                   && (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>A tag's name, lower case, without the '/' of an end tag.</summary>
        private static string TagName(string html, int open, int close)
        {
            int start = open + 1;
            if (start < close && html[start] == '/') start++;
            int end = start;
            while (end < close && char.IsLetterOrDigit(html[end])) end++;
            return html.Substring(start, end - start).ToLowerInvariant();
        }
    }
}
