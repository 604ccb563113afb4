using System;
using System.Collections.Generic;
using System.Net;
using System.Text.RegularExpressions;
using MeetingMigration.Engine.Blocks.Html;

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

        /// <summary>A link as a conversion of text writes one: the address alone on the tag, and shown as its text.</summary>
        private static readonly Regex AddressOnlyLink = new Regex("^<a\\s+href=\"[^\"<>]*\"\\s*>$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private enum Part { Head, BeforeDiv, InDiv, AfterDiv }

        /// <summary>
        /// True when the body is that conversion and nothing more, read token by token (the block scanner's tokenizer): the
        /// comment in the head (the same comment inside the body, a forwarded mail quoted into the invitation, says nothing of
        /// this body's own type), and a body that holds only the PlainText div (in its font and span) with text, line breaks
        /// and links that show their own web address. An HTML body that kept the comment in its head when it was edited as
        /// HTML (outside probe AF: a text invitation reformatted in Outlook) has other markup, or links with words of their
        /// own (outside probe AG), and read as text it would lose them for good; it stays HTML. One with only text and line
        /// breaks loses nothing as text.
        /// </summary>
        public static bool IsConvertedFromText(string html)
        {
            if (html.IndexOf(Comment, StringComparison.Ordinal) < 0) return false; // every HTML body is looked at: the cheap test first
            var tokens = HtmlTokenizer.Tokenize(html);
            var part = Part.Head;
            bool commentInHead = false;
            for (int i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                switch (part)
                {
                    case Part.Head:
                        if (token.Kind == HtmlTokenKind.Comment && token.Length == Comment.Length && string.CompareOrdinal(html, token.Start, Comment, 0, Comment.Length) == 0)
                            commentInHead = true;
                        else if (token.Kind == HtmlTokenKind.StartTag && token.Name == "body")
                        {
                            if (!commentInHead) return false;
                            part = Part.BeforeDiv;
                        }
                        break;
                    case Part.BeforeDiv:
                        if (token.Kind == HtmlTokenKind.StartTag && token.Name == "div" && HtmlAttributes.HasClass(html, token, "PlainText")) part = Part.InDiv;
                        else if (!IsBlank(html, token) && !IsTag(token, HtmlTokenKind.StartTag, "font", "span")) return false;
                        break;
                    case Part.InDiv:
                        if (token.Kind == HtmlTokenKind.Text || IsTag(token, HtmlTokenKind.StartTag, "br") || IsTag(token, HtmlTokenKind.EndTag, "br")) break;
                        if (IsTag(token, HtmlTokenKind.EndTag, "div")) part = Part.AfterDiv;
                        else if (token.Kind == HtmlTokenKind.StartTag && token.Name == "a" && ShowsItsOwnAddress(html, tokens, i)) i += 2;
                        else return false;
                        break;
                    case Part.AfterDiv:
                        if (IsTag(token, HtmlTokenKind.EndTag, "body")) return true;
                        if (!IsBlank(html, token) && !IsTag(token, HtmlTokenKind.EndTag, "font", "span")) return false;
                        break;
                }
            }
            return false;
        }

        /// <summary>&lt;a href="X"&gt;X&lt;/a&gt;, X a web address: the link at <paramref name="at"/>, its text, its end tag.</summary>
        private static bool ShowsItsOwnAddress(string html, IReadOnlyList<HtmlToken> tokens, int at)
        {
            var tag = tokens[at];
            if (at + 2 >= tokens.Count || !AddressOnlyLink.IsMatch(html.Substring(tag.Start, tag.Length))) return false;
            var text = tokens[at + 1];
            if (text.Kind != HtmlTokenKind.Text || !IsTag(tokens[at + 2], HtmlTokenKind.EndTag, "a")) return false;
            var address = HtmlAttributes.Get(html, tag, "href") ?? "";
            return WebUtility.HtmlDecode(html.Substring(text.Start, text.Length)) == address
                   && (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsTag(HtmlToken token, HtmlTokenKind kind, string name, string? other = null) =>
            token.Kind == kind && (token.Name == name || token.Name == other);

        private static bool IsBlank(string html, HtmlToken token)
        {
            if (token.Kind != HtmlTokenKind.Text) return false;
            for (int i = token.Start; i < token.End; i++)
                if (!char.IsWhiteSpace(html[i])) return false;
            return true;
        }
    }
}
