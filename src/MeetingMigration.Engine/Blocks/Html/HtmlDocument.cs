using System;
using System.Collections.Generic;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>
    /// Tokens of a body plus start/end tag pairing. Pairing is by name with a stack (like counting same-name tags):
    /// an end tag closes the nearest open element of its name, elements left open inside it stay unclosed, and stray
    /// end tags are ignored. Nothing here changes the body.
    /// </summary>
    internal sealed class HtmlDocument
    {
        private static readonly HashSet<string> VoidElements = new HashSet<string>(StringComparer.Ordinal)
        {
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        };

        private readonly int[] _tokenStarts;

        private HtmlDocument(string html, List<HtmlToken> tokens, List<HtmlElement> elements, HtmlElement?[] elementByCloseToken)
        {
            Html = html;
            Tokens = tokens;
            Elements = elements;
            ElementByCloseToken = elementByCloseToken;
            _tokenStarts = new int[tokens.Count];
            for (int i = 0; i < tokens.Count; i++) _tokenStarts[i] = tokens[i].Start;
        }

        public string Html { get; }
        public IReadOnlyList<HtmlToken> Tokens { get; }

        /// <summary>Elements in start-tag order.</summary>
        public IReadOnlyList<HtmlElement> Elements { get; }

        /// <summary>For each end-tag token index, the element it closes (null for stray end tags).</summary>
        public HtmlElement?[] ElementByCloseToken { get; }

        public static HtmlDocument Parse(string html)
        {
            var tokens = HtmlTokenizer.Tokenize(html);
            var elements = new List<HtmlElement>();
            var byClose = new HtmlElement?[tokens.Count];
            var open = new List<HtmlElement>();
            for (int t = 0; t < tokens.Count; t++)
            {
                var token = tokens[t];
                if (token.Kind == HtmlTokenKind.StartTag)
                {
                    var element = new HtmlElement(token.Name!, t, token.Start, token.End, open.Count > 0 ? open[open.Count - 1] : null);
                    elements.Add(element);
                    if (!token.SelfClosing && !VoidElements.Contains(token.Name!)) open.Add(element);
                    else element.Close(t, token.End, token.End);
                }
                else if (token.Kind == HtmlTokenKind.EndTag)
                {
                    for (int k = open.Count - 1; k >= 0; k--)
                    {
                        if (open[k].Name != token.Name) continue;
                        open[k].Close(t, token.Start, token.End);
                        byClose[t] = open[k];
                        open.RemoveRange(k, open.Count - k);
                        break;
                    }
                }
            }

            return new HtmlDocument(html, tokens, elements, byClose);
        }

        /// <summary>Index of the token containing the offset (the last token starting at or before it).</summary>
        public int TokenIndexAt(int offset)
        {
            int i = Array.BinarySearch(_tokenStarts, offset);
            return i >= 0 ? i : Math.Max(0, ~i - 1);
        }

        public string? Attribute(HtmlElement element, string name) => HtmlAttributes.Get(Html, Tokens[element.OpenTokenIndex], name);

        public bool HasClass(HtmlElement element, string className) => HtmlAttributes.HasClass(Html, Tokens[element.OpenTokenIndex], className);

        /// <summary>The innermost closed element whose content strictly encloses [start, end).</summary>
        public HtmlElement? InnermostEnclosing(int start, int end)
        {
            HtmlElement? best = null;
            foreach (var e in Elements)
            {
                if (e.Start >= start) break;
                if (e.IsClosed && e.OpenEnd <= start && e.CloseStart >= end && e.End > e.OpenEnd) best = e;
            }

            return best;
        }
    }
}
