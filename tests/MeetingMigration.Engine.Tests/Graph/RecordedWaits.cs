using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// Stands in for Task.Delay in the gateway: records each wait and returns at once, so a test can check that a
    /// two-minute Retry-After is waited as two minutes without waiting two minutes.
    /// </summary>
    internal sealed class RecordedWaits
    {
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        public IReadOnlyList<TimeSpan> All { get { lock (_waits) return _waits.ToList(); } }
        public TimeSpan Total => All.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait);

        public Task Delay(TimeSpan wait, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_waits) _waits.Add(wait);
            return Task.CompletedTask;
        }
    }
}
