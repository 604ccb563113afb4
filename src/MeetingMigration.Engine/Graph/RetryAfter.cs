using System;
using System.Globalization;
using System.Net.Http.Headers;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>Reads Retry-After in every form servers send: whole seconds, fractional seconds ("2.128") or an HTTP date.</summary>
    public static class RetryAfter
    {
        public static TimeSpan? Parse(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var text = value!.Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                return seconds < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(seconds, 3600));
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
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
