using System;
using System.Collections.Generic;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>A link shown in a block: where it points (Safe Links removed) and the line it sits on.</summary>
    internal sealed class BlockLink
    {
        public BlockLink(string url, string label, string line, string? id)
        {
            Url = url;
            Label = label;
            Line = line;
            Id = id;
        }

        /// <summary>Target with Safe Links unwrapped and entities decoded.</summary>
        public string Url { get; }

        /// <summary>Visible text of the link (HTML) or the text just before "&lt;url&gt;" on its line (plain text).</summary>
        public string Label { get; }

        /// <summary>The whole visible line the link is on (e.g. the "(Toll-free)" after a number).</summary>
        public string Line { get; }

        /// <summary>Element id with copy prefixes removed (HTML only).</summary>
        public string? Id { get; }
    }

    /// <summary>
    /// The reader's view of one block, the same for HTML and plain text: visible lines and links. The coordinates
    /// reader works only on this, so both formats are read by one set of rules.
    /// </summary>
    internal sealed class BlockContent
    {
        public BlockContent(IReadOnlyList<string> lines, IReadOnlyList<BlockLink> links, IReadOnlyList<string> meetingCodeTexts)
        {
            Lines = lines;
            Links = links;
            MeetingCodeTexts = meetingCodeTexts;
        }

        /// <summary>Visible lines, NBSP turned into spaces, trimmed, empty ones dropped.</summary>
        public IReadOnlyList<string> Lines { get; }

        public IReadOnlyList<BlockLink> Links { get; }

        /// <summary>Text of elements marked <c>data-tid="meeting-code"</c> (Teams layout 2).</summary>
        public IReadOnlyList<string> MeetingCodeTexts { get; }

        public string JoinedText => string.Join("\n", Lines);

        private static readonly char[] SpaceLikes = { '\u00A0', '\u202F', '\t' };

        /// <summary>Turns NBSP and narrow NBSP (French puts them before colons) into spaces and trims.</summary>
        public static string NormalizeLine(string line)
        {
            // Most lines hold none of them: trimmed as they are, without a copy of their characters.
            if (line.IndexOfAny(SpaceLikes) < 0) return line.Trim();
            var chars = line.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '\u00A0' || chars[i] == '\u202F' || chars[i] == '\t') chars[i] = ' ';
            }

            return new string(chars).Trim();
        }

        public static List<string> SplitLines(string text)
        {
            var lines = new List<string>();
            foreach (string raw in text.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None))
            {
                string line = NormalizeLine(raw);
                if (line.Length > 0) lines.Add(line);
            }

            return lines;
        }
    }
}
