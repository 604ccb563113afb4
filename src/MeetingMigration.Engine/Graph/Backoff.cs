using System;
using System.Threading;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// The retry policy of a Graph call: bounded exponential backoff with full jitter when the server gives no Retry-After,
    /// the server's Retry-After as given when it does, and one budget per call (<see cref="MaxAttempts"/> sends and
    /// <see cref="MaxTotalWait"/> of waiting). Jitter spreads the retries of many mailboxes so they do not come back at
    /// the same instant.
    /// </summary>
    public sealed class Backoff
    {
        private static int _seed = Environment.TickCount;
        private static readonly ThreadLocal<Random> Random = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref _seed)));

        public Backoff(TimeSpan initial, TimeSpan maximum, int maxAttempts, TimeSpan? maxTotalWait = null)
        {
            Initial = initial;
            Maximum = maximum;
            MaxAttempts = maxAttempts;
            MaxTotalWait = maxTotalWait ?? DefaultMaxTotalWait;
        }

        /// <summary>
        /// Five minutes: room for a couple of Exchange's longer Retry-After answers (tens of seconds to two minutes) within
        /// one call, yet short enough that a mailbox throttled for longer fails the meeting and leaves the rest to the
        /// request's own retries (RetrySchedule), which come back minutes to hours later.
        /// </summary>
        public static readonly TimeSpan DefaultMaxTotalWait = TimeSpan.FromMinutes(5);

        public static Backoff Default { get; } = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60), 10);

        public TimeSpan Initial { get; }
        /// <summary>The longest computed wait. It never shortens a server's Retry-After.</summary>
        public TimeSpan Maximum { get; }
        /// <summary>Sends per call, the first included.</summary>
        public int MaxAttempts { get; }
        /// <summary>Time a call may spend waiting between its sends, all retries together.</summary>
        public TimeSpan MaxTotalWait { get; }

        /// <summary>
        /// The wait before retry number <paramref name="attempt"/> (1-based). A server's Retry-After is returned as given:
        /// sending earlier than asked only earns another 429 and prolongs the throttling.
        /// </summary>
        public TimeSpan Delay(int attempt, TimeSpan? retryAfter)
        {
            if (retryAfter != null) return retryAfter.Value < TimeSpan.Zero ? TimeSpan.Zero : retryAfter.Value;
            var ceiling = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
            return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Value!.NextDouble() * ceiling / 2);
        }

        /// <summary>
        /// Whether a call that has spent <paramref name="tally"/> may be sent again after a retryable failure, and after
        /// how long. A computed wait is trimmed to what the budget has left (it is our own guess); a Retry-After is not:
        /// when it is longer than the budget leaves the answer is <see cref="RetryVerdict.WaitExceedsBudget"/>, and the
        /// caller fails the call rather than sending early. On <see cref="RetryVerdict.Retry"/> the wait is charged to the tally.
        /// </summary>
        public RetryVerdict Next(RetryTally tally, TimeSpan? retryAfter, out TimeSpan wait)
        {
            wait = Delay(Math.Max(1, tally.Sends), retryAfter);
            if (tally.Sends >= MaxAttempts) return RetryVerdict.AttemptsUsedUp;
            var left = MaxTotalWait - tally.Waited;
            if (retryAfter != null && wait > left) return RetryVerdict.WaitExceedsBudget;
            if (retryAfter == null && wait > left)
            {
                if (left <= TimeSpan.Zero) return RetryVerdict.WaitExceedsBudget;
                wait = left;
            }
            tally.Waited += wait;
            return RetryVerdict.Retry;
        }
    }

    public enum RetryVerdict
    {
        Retry,
        AttemptsUsedUp,
        /// <summary>The server asked for (or the budget has) less time than the next wait needs; nothing is sent early.</summary>
        WaitExceedsBudget,
    }
}
