using System;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>A request held by one worker until the lease expires.</summary>
    public sealed class LeasedRequest
    {
        public LeasedRequest(MigrationRequest request, string workerId, DateTime leaseExpires)
        {
            Request = request;
            WorkerId = workerId;
            LeaseExpires = leaseExpires;
        }

        public MigrationRequest Request { get; }
        public string WorkerId { get; }
        public DateTime LeaseExpires { get; set; }
        /// <summary>This lease is a scheduled retry of a failed request: taking it counted one of the user's retries.</summary>
        public bool CountedRetry { get; set; }
        /// <summary>For an undo request, what it takes back (see <see cref="IMigrationStore.GetUndoScopeAsync"/>), read with the lease; null for a migration.</summary>
        public string? UndoScope { get; set; }
    }
}
