using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Reads what a Teams block shows beyond the join link and the dial-in data: the meeting's options page, the
    /// organizer's PIN page and the video-conferencing (CVI) section. Like the rest of the reader it leans on shape,
    /// not on translated labels, since Teams writes those sections in the organizer's language:
    /// <list type="bullet">
    /// <item>meeting options: the <c>meet_invite_block.action.organizer_meet_options</c> link, else a link to <c>/meetingOptions</c>;</item>
    /// <item>reset PIN: the link after the meeting-options link on its line (layouts 3-4), else one to <c>/usp/pstnconferencing</c> (layouts 1-2 put it beside "Find a local number");</item>
    /// <item>video: a line ending in an address (the tenant key, alone in layouts 1-2, after a label in 3-4) with the next
    /// line ending in the video ID's digits, and the line after that a link alone (the provider's instructions).</item>
    /// </list>
    /// </summary>
    internal static class TeamsExtrasReader
    {
        private const string MeetingOptionsId = "meet_invite_block.action.organizer_meet_options";

        // A CVI tenant key: one address, nothing else on its token.
        private static readonly Regex Address = new Regex(@"^[^\s@:<>()""]+@[^\s@:<>()""]+\.[^\s@:<>()""]+$", RegexOptions.CultureInvariant);

        // A video ID at the end of its line: 8 to 13 digits, maybe grouped by spaces ("118 223 904 7").
        private static readonly Regex TrailingVideoId = new Regex(@"(?<![\d+])(\d(?:[ ]?\d){7,12})$", RegexOptions.CultureInvariant);

        public static void Read(BlockContent content, ConferencingCoordinates result)
        {
            var links = content.Links;
            int options = IndexOf(links, l => string.Equals(l.Id, MeetingOptionsId, StringComparison.OrdinalIgnoreCase) && IsWeb(l.Url));
            if (options < 0) options = IndexOf(links, l => l.Url.IndexOf("/meetingOptions", StringComparison.OrdinalIgnoreCase) >= 0 && IsWeb(l.Url) && PathStarts(l.Url, "/meetingOptions"));
            if (options >= 0) result.MeetingOptionsUrl = links[options].Url;

            if (options >= 0 && options + 1 < links.Count && links[options + 1].Line == links[options].Line && IsWeb(links[options + 1].Url))
                result.ResetPinUrl = links[options + 1].Url;
            else
                result.ResetPinUrl = links.FirstOrDefault(l => l.Url.IndexOf("/usp/pstnconferencing", StringComparison.OrdinalIgnoreCase) >= 0 && IsWeb(l.Url)
                    && PathEnds(l.Url, "/usp/pstnconferencing"))?.Url;

            result.VideoConferencing = ReadVideo(content, result);
        }

        private static VideoConferencingDetails? ReadVideo(BlockContent content, ConferencingCoordinates placed)
        {
            var lines = content.Lines;
            for (int i = 0; i + 1 < lines.Count; i++)
            {
                if (lines[i].IndexOf('@') < 0) continue; // most lines: no address, no regular expression
                string? key = ValueAfterOptionalLabel(lines[i], out string tokenKey) ? tokenKey : null;
                if (key == null || !Address.IsMatch(key)) continue;
                string next = lines[i + 1];
                if (next.IndexOf('#') >= 0 || next.IndexOf('+') >= 0) continue;
                var id = TrailingVideoId.Match(next);
                if (!id.Success || !IsLabelOrNothing(next.Substring(0, id.Index))) continue;
                string? instructions = null;
                if (i + 2 < lines.Count)
                {
                    // The provider's page is a link alone on its line, with no label before it: not the organizers' line
                    // ("For organizers: …"), which follows the video ID when the provider shows no page.
                    var onLine = content.Links.Where(l => l.Line == lines[i + 2]).ToList();
                    if (onLine.Count == 1 && IsWeb(onLine[0].Url) && onLine[0].Url != placed.MeetingOptionsUrl && onLine[0].Url != placed.ResetPinUrl
                        && onLine[0].Label.IndexOf(':') < 0 && onLine[0].Label.IndexOf('：') < 0)
                        instructions = onLine[0].Url;
                }

                return new VideoConferencingDetails(key, id.Value.Replace(" ", ""), instructions);
            }

            return null;
        }

        /// <summary>The line's last token when everything before it is a label ending in a colon, or nothing.</summary>
        private static bool ValueAfterOptionalLabel(string line, out string token)
        {
            int space = line.LastIndexOf(' ');
            token = space < 0 ? line : line.Substring(space + 1);
            return space < 0 || IsLabelOrNothing(line.Substring(0, space + 1));
        }

        private static bool IsLabelOrNothing(string before)
        {
            string t = before.Trim();
            return t.Length == 0 || t.EndsWith(":", StringComparison.Ordinal) || t.EndsWith("：", StringComparison.Ordinal);
        }

        private static int IndexOf(IReadOnlyList<BlockLink> links, Func<BlockLink, bool> match)
        {
            for (int i = 0; i < links.Count; i++)
            {
                if (match(links[i])) return i;
            }

            return -1;
        }

        private static bool IsWeb(string url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

        private static bool PathStarts(string url, string path) =>
            Uri.TryCreate(url, UriKind.Absolute, out var u) && u.AbsolutePath.StartsWith(path, StringComparison.OrdinalIgnoreCase);

        private static bool PathEnds(string url, string path) =>
            Uri.TryCreate(url, UriKind.Absolute, out var u) && u.AbsolutePath.TrimEnd('/').EndsWith(path, StringComparison.OrdinalIgnoreCase);
    }
}
