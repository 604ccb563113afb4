using System;
using System.Threading;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// What one unit of work has spent of its retry budget: sends and time waited. The limits are the gateway's
    /// <see cref="Backoff"/>. A call gets a tally of its own unless its caller hands one in: the meeting migrator passes
    /// one tally with every PATCH of a meeting (<see cref="EventPatch.Tally"/>), so the budget bounds the meeting's
    /// PATCHes together instead of restarting with each of its rounds.
    /// </summary>
    public sealed class RetryTally
    {
        private int _sends;
        private long _waitedTicks;

        /// <summary>Requests sent so far, the first included.</summary>
        public int Sends => Volatile.Read(ref _sends);

        public TimeSpan Waited
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));
            internal set => Interlocked.Exchange(ref _waitedTicks, value.Ticks);
        }

        internal void CountSend() => Interlocked.Increment(ref _sends);
    }
}
