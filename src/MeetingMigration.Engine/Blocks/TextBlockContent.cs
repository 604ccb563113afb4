using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Reads visible lines and links from a plain-text block ("Label&lt;https://…&gt;" as Outlook writes links, or bare URLs).</summary>
    internal static class TextBlockContent
    {
        // <https://…>, <tel:…> as Outlook writes links in text bodies, or a bare http(s) URL.
        private static readonly Regex LinkPattern = new Regex(
            @"<(?<u>(?:https?|tel):[^<>\s]+)>|(?<u>https?://[^\s<>]+)",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static BlockContent Extract(string text)
        {
            var lines = BlockContent.SplitLines(text);
            var links = new List<BlockLink>();
            foreach (string line in lines)
            {
                int labelStart = 0;
                foreach (Match m in LinkPattern.Matches(line))
                {
                    string label = line.Substring(labelStart, m.Index - labelStart).Trim().TrimEnd('|').Trim();
                    links.Add(new BlockLink(JoinUrls.Unwrap(m.Groups["u"].Value), label, line, null));
                    labelStart = m.Index + m.Length;
                }
            }

            return new BlockContent(lines, links, Array.Empty<string>());
        }

        /// <summary>Every link target in a text, unwrapped, with its position (used to find anchors).</summary>
        public static IEnumerable<(int Index, string Url)> FindUrls(string text)
        {
            foreach (Match m in LinkPattern.Matches(text))
            {
                yield return (m.Index, JoinUrls.Unwrap(m.Groups["u"].Value));
            }
        }
    }
}
