using System;
using System.Globalization;
using System.Net.Http.Headers;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>Reads Retry-After in every form servers send: whole seconds, fractional seconds ("2.128") or an HTTP date.</summary>
    public static class RetryAfter
    {
        /// <summary>HTTP-date (RFC 9110): IMF-fixdate, and the obsolete RFC 850 and asctime forms. Nothing looser: "10:30" is no date.</summary>
        private static readonly string[] HttpDateFormats = { "r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy" };

        public static TimeSpan? Parse(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var text = value!.Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                return double.IsNaN(seconds) ? (TimeSpan?)null : seconds < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(seconds, 3600));
            if (DateTimeOffset.TryParseExact(text, HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var date))
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : (wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait);
            }
            return null;
        }

        public static TimeSpan? From(HttpResponseHeaders? headers, DateTimeOffset now)
        {
            if (headers == null || !headers.TryGetValues("Retry-After", out var values)) return null;
            foreach (var value in values) return Parse(value, now);
            return null;
        }
    }
}
