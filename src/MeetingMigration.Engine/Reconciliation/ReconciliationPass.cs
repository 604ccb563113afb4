using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>What one pass over a list of users found.</summary>
    public sealed class ReconciliationPass
    {
        public List<UserReconciliation> Users { get; } = new List<UserReconciliation>();
        /// <summary>The key of the last user checked: pass it as the next pass's StartAfter.</summary>
        public string? LastUser { get; set; }
        /// <summary>How many users the list had; more than Users.Count when the pass was capped.</summary>
        public int UsersListed { get; set; }

        public IEnumerable<StaleMeeting> StaleMeetings => Users.SelectMany(u => u.StaleMeetings);
        public IEnumerable<UserReconciliation> StaleUsers => Users.Where(u => u.Outcome == UserCheckOutcome.Stale);
    }
}
