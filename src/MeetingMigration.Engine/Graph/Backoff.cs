using System;
using System.Threading;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// Bounded exponential backoff with full jitter, used when the server gives no Retry-After. Jitter spreads the retries
    /// of many mailboxes so they do not come back at the same instant.
    /// </summary>
    public sealed class Backoff
    {
        private static int _seed = Environment.TickCount;
        private static readonly ThreadLocal<Random> Random = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref _seed)));

        public Backoff(TimeSpan initial, TimeSpan maximum, int maxAttempts)
        {
            Initial = initial;
            Maximum = maximum;
            MaxAttempts = maxAttempts;
        }

        public static Backoff Default { get; } = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60), 10);

        public TimeSpan Initial { get; }
        public TimeSpan Maximum { get; }
        public int MaxAttempts { get; }

        /// <summary>The wait before retry number <paramref name="attempt"/> (1-based); Retry-After wins when given.</summary>
        public TimeSpan Delay(int attempt, TimeSpan? retryAfter)
        {
            if (retryAfter != null) return retryAfter.Value > Maximum ? Maximum : retryAfter.Value;
            var ceiling = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
            return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Value!.NextDouble() * ceiling / 2);
        }
    }
}
