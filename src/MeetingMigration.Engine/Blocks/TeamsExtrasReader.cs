using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Reads what a Teams block shows beyond the join link and the dial-in data: the meeting's options page, the
    /// organizer's PIN page and the video-conferencing (CVI) section. What is read here is written again to every attendee,
    /// so a value is taken only when the block's shape leaves no doubt, and otherwise left out (as before 2026-12-05, when
    /// none of it was kept). Text an organizer typed into a block (a help desk's address and extension, a ticket number)
    /// must never come back as a tenant key or a video ID (outside probe). Labels are Teams' translations, which the reader
    /// does not know for every language, so shape comes first:
    /// <list type="bullet">
    /// <item>meeting options: a link on a Teams host to <c>/meetingOptions</c> (that segment, not a longer name);</item>
    /// <item>reset PIN: a link on a Teams host to exactly <c>/usp/pstnconferencing</c>, without a query, wherever it stands;</item>
    /// <item>video: a heading line (no digits, colon, address or link), a line ending in one address (the tenant key,
    /// alone in layouts 1-2, after a label in 3-4), and a line ending in the video ID: 8-13 digits written whole or in
    /// threes as Teams groups them ("118 223 904 7", never a phone number's "425 555 0100"), not the meeting ID or the
    /// conference ID. Besides that shape, evidence that it is the provider's section: a heading Teams writes in a language
    /// we know, or, alone on the next line, the provider's instructions link naming both the video ID and the tenant key
    /// (as Poly's and Webex's do). A help desk's lines with a portal link after them have the shape but name neither (second
    /// outside probe). Exactly one such section, or none is kept.</item>
    /// </list>
    /// </summary>
    internal static class TeamsExtrasReader
    {
        /// <summary>Longer values are not what Teams writes; they are left out rather than repeated to every attendee.</summary>
        internal const int MaxUrlLength = 2048, MaxTenantKeyLength = 254;

        // A CVI tenant key: one ASCII address (no zero-width or direction characters, no trailing period).
        private static readonly Regex Address = new Regex(@"^[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$", RegexOptions.CultureInvariant);

        // A video ID at the end of its line: 8 to 13 ASCII digits (a room system's keypad dials no others), whole or in
        // groups of three with a shorter last group, as Teams writes IDs. Phone numbers' groupings (3-3-4, 2-2-2-2) are not.
        private static readonly Regex TrailingVideoId = new Regex(@"(?<![0-9+])(?:[0-9]{8,13}|[0-9]{3}(?: [0-9]{3}){1,3} [0-9]{1,3})$", RegexOptions.CultureInvariant);

        // Headings of the video section as Teams writes them in the languages we render, and the wording of layouts 1-2.
        private static readonly HashSet<string> VideoHeadings = new HashSet<string>(
            BlockLabels.AllOf(l => l.JoinOnVideoDevice).Concat(new[] { "Join with a video conferencing device" }), StringComparer.OrdinalIgnoreCase);

        private static readonly char[] LabelEnds = { ' ', ':', '：' };

        /// <summary>The options and PIN pages (read before the dial-in page, which must not be taken for either).</summary>
        public static void ReadPages(BlockContent content, ConferencingCoordinates result)
        {
            // The words first: most of a block's links are neither page, and parsing each as a URI costs (issue 9).
            // An options page that names another thread or organizer than the join link's is another meeting's (pasted in).
            result.MeetingOptionsUrl = content.Links.FirstOrDefault(l => l.Url.IndexOf("meetingOptions", StringComparison.OrdinalIgnoreCase) >= 0 && TeamsPage(l.Url) is Uri page &&
                (page.AbsolutePath.Equals("/meetingOptions", StringComparison.OrdinalIgnoreCase) || page.AbsolutePath.StartsWith("/meetingOptions/", StringComparison.OrdinalIgnoreCase)) &&
                JoinUrls.MayBeOptionsOf(l.Url, result.JoinUrl))?.Url;
            result.ResetPinUrl = content.Links.FirstOrDefault(l => l.Url.IndexOf("pstnconferencing", StringComparison.OrdinalIgnoreCase) >= 0 && TeamsPage(l.Url) is Uri page &&
                page.Query.Length == 0 && page.AbsolutePath.TrimEnd('/').Equals("/usp/pstnconferencing", StringComparison.OrdinalIgnoreCase))?.Url;
        }

        /// <summary>The video section, once the meeting ID and the conference ID are read (neither is ever a video ID).</summary>
        public static VideoConferencingDetails? ReadVideo(BlockContent content, ConferencingCoordinates read)
        {
            var lines = content.Lines;
            VideoConferencingDetails? found = null;
            for (int i = 1; i + 1 < lines.Count; i++)
            {
                if (lines[i].IndexOf('@') < 0) continue; // most lines: no address, no regular expression
                string? key = ValueAfterLabel(Plain(lines[i]));
                if (key == null || key.Length > MaxTenantKeyLength || !Address.IsMatch(key)) continue;
                string idLine = Plain(lines[i + 1]);
                if (idLine.IndexOf('#') >= 0 || idLine.IndexOf('+') >= 0 || CoordinatesReader.IsMeetingIdLine(idLine)) continue;
                var match = TrailingVideoId.Match(idLine);
                if (!match.Success || !IsLabelOrNothing(idLine.Substring(0, match.Index))) continue;
                string id = match.Value.Replace(" ", "");
                if (id == read.MeetingId || id == read.ConferenceId) continue;

                string heading = Plain(lines[i - 1]);
                if (!IsHeadingShaped(content, lines[i - 1], heading)) continue;
                string? instructions = i + 2 < lines.Count ? LoneInstructionsLink(content, lines[i + 2], read, key, id) : null;
                if (!VideoHeadings.Contains(heading.TrimEnd(LabelEnds)) && instructions == null) continue;

                if (found != null) return null; // two sections: which one the room systems use cannot be told
                found = new VideoConferencingDetails(key, id, instructions);
            }

            return found;
        }

        /// <summary>
        /// The provider's page: the link alone on the line after the video ID, with no label before it, off Teams' own hosts
        /// (a call or chat link typed there is Teams'), naming the section's video ID and tenant key. Under a heading Teams
        /// writes, a link that names neither is not taken for its page either (it is left out, the section kept).
        /// </summary>
        private static string? LoneInstructionsLink(BlockContent content, string line, ConferencingCoordinates read, string key, string id)
        {
            var onLine = content.Links.Where(l => l.Line == line).ToList();
            if (onLine.Count != 1) return null;
            var link = onLine[0];
            if (!IsWeb(link.Url) || link.Url.Length > MaxUrlLength || link.Label.IndexOfAny(new[] { ':', '：' }) >= 0) return null;
            if (JoinUrls.IsTeamsHost(new Uri(link.Url).Host) || link.Url == read.MeetingOptionsUrl || link.Url == read.ResetPinUrl) return null;
            return Names(link.Url, key, id) ? link.Url : null;
        }

        /// <summary>
        /// Whether a provider's page names both the video ID and the tenant key in its path or query (whole, percent-encoded
        /// or, as Webex's does, its name and domain apart): then it belongs to them. One alone is not enough: an intranet's click-to-call
        /// link may name the extension typed above it.
        /// </summary>
        private static bool Names(string url, string key, string id)
        {
            // In its path and query, not its host: a VTC directory at rooms.contoso.com naming "rooms" is not a provider's page.
            string decoded = Uri.UnescapeDataString(new Uri(url).PathAndQuery);
            if (decoded.IndexOf(id, StringComparison.Ordinal) < 0) return false;
            if (decoded.IndexOf(key, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            int at = key.IndexOf('@');
            return decoded.IndexOf(key.Substring(0, at), StringComparison.OrdinalIgnoreCase) >= 0
                && decoded.IndexOf(key.Substring(at + 1), StringComparison.OrdinalIgnoreCase) >= 0;
        }

        /// <summary>A line that can head a section: words only, no digits, colon, address or link.</summary>
        private static bool IsHeadingShaped(BlockContent content, string line, string plain) =>
            plain.Length > 0 && !plain.Any(char.IsDigit) && plain.IndexOf('@') < 0 && plain.IndexOf(':') < 0 && plain.IndexOf('：') < 0
            && !content.Links.Any(l => l.Line == line);

        /// <summary>The line's value after a label ending in a colon, or the line itself when it is one token.</summary>
        private static string? ValueAfterLabel(string line)
        {
            int end = line.LastIndexOfAny(LabelEnds);
            if (end < 0) return line;
            string value = line.Substring(end + 1);
            return IsLabelOrNothing(line.Substring(0, end + 1)) && value.Length > 0 ? value : null;
        }

        private static bool IsLabelOrNothing(string before)
        {
            string t = before.Trim();
            return t.Length == 0 || t.EndsWith(":", StringComparison.Ordinal) || t.EndsWith("：", StringComparison.Ordinal);
        }

        /// <summary>The line without direction marks (right-to-left labels put one after their colon).</summary>
        private static string Plain(string line) =>
            line.IndexOfAny(DirectionMarks) < 0 ? line : new string(line.Where(c => Array.IndexOf(DirectionMarks, c) < 0).ToArray()).Trim();

        private static readonly char[] DirectionMarks = { '\u200E', '\u200F', '\u061C' };

        /// <summary>The URL as a web page of a Teams host (default port, no user name), short enough and free of control characters; else null.</summary>
        private static Uri? TeamsPage(string url)
        {
            if (url.Length > MaxUrlLength || url.IndexOf("teams", StringComparison.OrdinalIgnoreCase) < 0 || !IsWeb(url)) return null;
            var uri = new Uri(url);
            return JoinUrls.IsTeamsHost(uri.Host) && uri.UserInfo.Length == 0 && uri.IsDefaultPort ? uri : null;
        }

        /// <summary>An absolute http(s) URL of printable ASCII alone, as Teams writes them (anything else percent-encoded):
        /// no control, direction, zero-width or line-separator characters to carry into every attendee's copy.</summary>
        internal static bool IsWeb(string url) =>
            url.All(c => c > ' ' && c < '\u007F') && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);
    }
}
