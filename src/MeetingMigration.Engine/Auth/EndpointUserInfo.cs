namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// A user name or password written into an endpoint URL (https://user:password@host/...). Graph and Entra ID are signed
    /// in to with a token or the app's credential, never with URL credentials, so such an endpoint is refused; and since the
    /// password would be shown wherever the endpoint is (the service's start line, Connect's -Verbose,
    /// Get-MeetingMigrationConnection, the refusal itself), it is refused showing the URL with that part hidden (outside
    /// probe M). The host part is found as leniently as URL parsers find it (backslashes for slashes, one slash or none
    /// after the scheme, no scheme at all: https:\\u:p@host, https:/u:p@host, u:p@host), so a malformed value never shows
    /// a password either (outside probe N).
    /// </summary>
    public static class EndpointUserInfo
    {
        /// <summary>True when the URL's host part holds an '@', an empty user name included.</summary>
        public static bool IsIn(string? url) => url != null && At(url) >= 0;

        /// <summary>
        /// The URL as a message may show it: what comes before the host part's last '@' as "***", and a query or fragment
        /// (which may carry a key) as "?***".
        /// </summary>
        public static string Hidden(string? url)
        {
            if (url == null) return "";
            var start = HostStart(url);
            var at = At(url);
            var shown = at < 0 ? url : url.Substring(0, start) + "***" + url.Substring(at);
            var query = shown.IndexOfAny(new[] { '?', '#' });
            return query < 0 ? shown : shown.Substring(0, query) + "?***";
        }

        /// <summary>The index of the last '@' of the host part, or -1.</summary>
        private static int At(string url)
        {
            var start = HostStart(url);
            var end = url.IndexOfAny(new[] { '/', '\\', '?', '#' }, start);
            var host = end < 0 ? url.Substring(start) : url.Substring(start, end - start);
            var at = host.LastIndexOf('@');
            return at < 0 ? -1 : start + at;
        }

        /// <summary>Where the host part begins: after "scheme:" and the slashes or backslashes that follow it, else at 0.</summary>
        private static int HostStart(string url)
        {
            var colon = url.IndexOf(':');
            if (colon <= 0 || colon + 1 >= url.Length || (url[colon + 1] != '/' && url[colon + 1] != '\\')) return 0;
            for (var i = 0; i < colon; i++)
                if (!(char.IsLetterOrDigit(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')) return 0;
            var start = colon + 1;
            while (start < url.Length && (url[start] == '/' || url[start] == '\\')) start++;
            return start;
        }
    }
}
