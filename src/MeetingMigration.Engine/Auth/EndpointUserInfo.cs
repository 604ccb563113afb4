namespace MeetingMigration.Engine.Auth
{
    /// <summary>
    /// A user name or password written into an endpoint URL (https://user:password@host/...). Graph and Entra ID are signed
    /// in to with a token or the app's credential, never with URL credentials, so such an endpoint is refused; and since the
    /// password would be shown wherever the endpoint is (the service's start line, Connect's -Verbose,
    /// Get-MeetingMigrationConnection, the refusal itself), it is refused showing the URL with that part hidden (an outside probe).
    /// </summary>
    public static class EndpointUserInfo
    {
        /// <summary>True when the URL's authority (between "//" and the first '/', '?' or '#') holds an '@', an empty user name included.</summary>
        public static bool IsIn(string? url) => Split(url) is var (start, at) && at >= 0 && at >= start;

        /// <summary>The URL with what comes before the authority's last '@' shown as "***"; the URL itself when it has none.</summary>
        public static string Hidden(string? url)
        {
            if (url == null) return "";
            var (start, at) = Split(url) ?? (0, -1);
            return at < start ? url : url.Substring(0, start) + "***" + url.Substring(at);
        }

        private static (int Start, int At)? Split(string? url)
        {
            if (url == null) return null;
            var scheme = url.IndexOf("//", System.StringComparison.Ordinal);
            if (scheme < 0) return null;
            var start = scheme + 2;
            var end = url.IndexOfAny(new[] { '/', '?', '#', '\\' }, start);
            var authority = end < 0 ? url.Substring(start) : url.Substring(start, end - start);
            var at = authority.LastIndexOf('@');
            return (start, at < 0 ? -1 : start + at);
        }
    }
}
