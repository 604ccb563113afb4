using System;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    internal enum JoinLinkKind
    {
        None,
        /// <summary>Classic Teams link, <c>/l/meetup-join/…</c>; equals Graph's <c>onlineMeeting.joinUrl</c>.</summary>
        TeamsClassic,
        /// <summary>Teams layout 4 short link, <c>teams.microsoft.com/meet/&lt;digits&gt;?p=…</c>.</summary>
        TeamsShort,
        /// <summary>Skype for Business / Lync meet URL (also its <c>?sl=1</c> web-app variant).</summary>
        Skype,
    }

    /// <summary>Recognizes join links by host and path (language-neutral) and removes Safe Links wrappers.</summary>
    internal static class JoinUrls
    {
        private static readonly string[] TeamsHosts =
        {
            "teams.microsoft.com", "teams.live.com", "teams.microsoft.us", "gov.teams.microsoft.us", "dod.teams.microsoft.us",
            "teams.cloud.microsoft",
        };

        /// <summary>Hosts whose "/meet/" paths are someone else's meetings (Webex personal rooms and the like).</summary>
        private static readonly string[] ForeignMeetingHosts = { "webex.com", "zoom.us", "gotomeet.me", "meet.google.com" };

        private static readonly string[] SafeLinksHosts = { "safelinks.protection.outlook.com", "safelinks.protection.office365.us" };

        /// <summary>
        /// The real target of a Safe Links URL (<c>https://*.safelinks.protection.outlook.com/?url=…</c>); any other URL
        /// comes back trimmed but otherwise unchanged.
        /// </summary>
        public static string Unwrap(string url)
        {
            string current = url.Trim();
            for (int depth = 0; depth < 3; depth++)
            {
                if (!MayContain(current, "safelinks") || !Uri.TryCreate(current, UriKind.Absolute, out var uri) || !HostMatches(uri.Host, SafeLinksHosts)) break;
                string? inner = QueryValue(uri.Query, "url");
                if (string.IsNullOrEmpty(inner)) break;
                current = inner!;
            }

            return current;
        }

        /// <summary>The meeting ID a layout 4 short link names (<c>teams.microsoft.com/meet/&lt;digits&gt;?p=…</c>), or null.</summary>
        public static string? ShortLinkMeetingId(string url)
        {
            if (Classify(url) != JoinLinkKind.TeamsShort) return null;
            string segment = new Uri(url).AbsolutePath.Substring("/meet/".Length).TrimEnd('/');
            return segment.Length >= 9 && segment.All(c => c >= '0' && c <= '9') ? segment : null;
        }

        /// <summary>
        /// The meeting thread a Teams link names ("meeting_…" in a join link's <c>19:meeting_…@thread.v2</c> or an options
        /// page's <c>threadId=19_meeting_…</c>), or null when it names none.
        /// </summary>
        public static string? MeetingThread(string url)
        {
            string decoded = Uri.UnescapeDataString(url);
            int at = decoded.IndexOf("meeting_", StringComparison.OrdinalIgnoreCase);
            if (at < 0) return null;
            int end = at + "meeting_".Length;
            while (end < decoded.Length && (char.IsLetterOrDigit(decoded[end]) || decoded[end] == '-' || decoded[end] == '_')) end++;
            return end > at + "meeting_".Length ? decoded.Substring(at, end - at) : null;
        }

        /// <summary>
        /// Whether a block's Teams join link names another meeting thread than the event's own Teams join link: the block was
        /// quoted or pasted from another meeting. False when either names no thread (a short /meet/ link, an event whose
        /// link is Skype's because a migration converted it), as nothing then tells them apart.
        /// </summary>
        public static bool NamesAnotherMeeting(string blockJoinUrl, string? eventJoinUrl) => CompareThreads(blockJoinUrl, eventJoinUrl) == false;

        /// <summary>Whether both links name the same meeting thread, however each is written (escapes, Safe Links).</summary>
        public static bool SameMeetingThread(string blockJoinUrl, string? eventJoinUrl) => CompareThreads(blockJoinUrl, eventJoinUrl) == true;

        /// <summary>Null when the event's link is not a classic Teams one or either names no thread.</summary>
        private static bool? CompareThreads(string blockJoinUrl, string? eventJoinUrl)
        {
            if (eventJoinUrl == null || Classify(eventJoinUrl) != JoinLinkKind.TeamsClassic) return null;
            string? block = MeetingThread(Unwrap(blockJoinUrl)), own = MeetingThread(Unwrap(eventJoinUrl));
            return block == null || own == null ? (bool?)null : string.Equals(block, own, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Whether a Teams options page may belong to the meeting of a join link: the thread and the organizer it names, when
        /// it names them, are the join link's (its <c>19:meeting_…</c> thread and its context's <c>Oid</c>). An options page
        /// pasted in from another meeting names another thread or organizer.
        /// </summary>
        public static bool MayBeOptionsOf(string optionsUrl, string? joinUrl)
        {
            if (joinUrl == null) return true;
            string? thread = MeetingThread(joinUrl), named = MeetingThread(optionsUrl);
            if (thread != null && named != null && !string.Equals(thread, named, StringComparison.OrdinalIgnoreCase)) return false;
            string? organizer = GuidAfter(Uri.UnescapeDataString(joinUrl), "\"Oid\":\""), optionsOrganizer = GuidAfter(Uri.UnescapeDataString(optionsUrl), "organizerId=");
            return organizer == null || optionsOrganizer == null || string.Equals(organizer, optionsOrganizer, StringComparison.OrdinalIgnoreCase);
        }

        private static string? GuidAfter(string text, string marker)
        {
            int at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return null;
            int start = at + marker.Length, end = start;
            while (end < text.Length && (Uri.IsHexDigit(text[end]) || text[end] == '-')) end++;
            return Guid.TryParseExact(text.Substring(start, end - start), "D", out _) ? text.Substring(start, end - start) : null;
        }

        /// <summary>A Teams host (or one under it, such as <c>dialin.teams.microsoft.com</c>).</summary>
        public static bool IsTeamsHost(string host) => HostMatches(host, TeamsHosts);

        public static JoinLinkKind Classify(string url)
        {
            // Every join link's host or path says "teams" or "meet": a link saying neither is not parsed (most links of a body).
            if (!MayContain(url, "teams") && !MayContain(url, "meet")) return JoinLinkKind.None;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return JoinLinkKind.None;
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return JoinLinkKind.None;
            string path = uri.AbsolutePath;
            if (HostMatches(uri.Host, TeamsHosts))
            {
                if (path.StartsWith("/l/meetup-join/", StringComparison.OrdinalIgnoreCase)) return JoinLinkKind.TeamsClassic;
                if (path.StartsWith("/meet/", StringComparison.OrdinalIgnoreCase)) return JoinLinkKind.TeamsShort;
                return JoinLinkKind.None;
            }

            if (HostMatches(uri.Host, ForeignMeetingHosts) || HostMatches(uri.Host, SafeLinksHosts)) return JoinLinkKind.None;

            // Skype for Business: https://meet.contoso.com/jdoe/ABC123, https://lync.contoso.com/meet/jdoe/ABC123,
            // https://meet.lync.com/contoso/jdoe/ABC123.
            bool meetPath = path.IndexOf("/meet/", StringComparison.OrdinalIgnoreCase) >= 0;
            bool meetHost = uri.Host.StartsWith("meet.", StringComparison.OrdinalIgnoreCase);
            return meetPath || meetHost ? JoinLinkKind.Skype : JoinLinkKind.None;
        }

        /// <summary>
        /// Distinct classic Teams join links (…/l/meetup-join/…) written in [start, end) of a body. A block shows its own
        /// link, perhaps twice; two different ones mean the block's edges took in other text.
        /// </summary>
        public static int DistinctTeamsJoinLinks(string body, int start, int end)
        {
            const string marker = "/l/meetup-join/";
            var seen = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int at = body.IndexOf(marker, start, end - start, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = at + marker.Length < end ? body.IndexOf(marker, at + marker.Length, end - at - marker.Length, StringComparison.OrdinalIgnoreCase) : -1)
            {
                int stop = at + marker.Length;
                while (stop < end && !char.IsWhiteSpace(body[stop]) && body[stop] != '"' && body[stop] != '\'' && body[stop] != '<' && body[stop] != '>') stop++;
                seen.Add(body.Substring(at, stop - at));
            }
            return seen.Count;
        }

        public static bool IsTeams(JoinLinkKind kind) => kind == JoinLinkKind.TeamsClassic || kind == JoinLinkKind.TeamsShort;

        /// <summary>The Skype web-app variant of a meet URL ("Try Skype Web App").</summary>
        public static string WithWebAppFlag(string joinUrl) => joinUrl + (joinUrl.IndexOf('?') >= 0 ? "&sl=1" : "?sl=1");

        /// <summary>Removes the web-app flag added by <see cref="WithWebAppFlag"/>.</summary>
        public static string WithoutWebAppFlag(string url)
        {
            if (url.EndsWith("?sl=1", StringComparison.OrdinalIgnoreCase) || url.EndsWith("&sl=1", StringComparison.OrdinalIgnoreCase))
            {
                return url.Substring(0, url.Length - 5);
            }

            return url;
        }

        public static bool HasWebAppFlag(string url) => !ReferenceEquals(WithoutWebAppFlag(url), url);

        /// <summary>
        /// False only when a parsed URL's host and path cannot hold the word: the text holds it nowhere, in any case, and is
        /// plain printable ASCII without '%', so parsing decodes, unfolds or drops nothing that could make it appear.
        /// </summary>
        private static bool MayContain(string url, string word)
        {
            if (url.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            foreach (char c in url)
            {
                if (c <= ' ' || c > '~' || c == '%') return true;
            }

            return false;
        }

        private static bool HostMatches(string host, string[] suffixes)
        {
            foreach (string suffix in suffixes)
            {
                // The host is the suffix or ends in "." + suffix, tested without building that string for every link.
                if (host.Equals(suffix, StringComparison.OrdinalIgnoreCase) ||
                    (host.Length > suffix.Length && host[host.Length - suffix.Length - 1] == '.' && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? QueryValue(string query, string name)
        {
            foreach (string pair in query.TrimStart('?').Split('&'))
            {
                int eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                if (!string.Equals(pair.Substring(0, eq), name, StringComparison.OrdinalIgnoreCase)) continue;
                return Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
            }

            return null;
        }
    }
}
