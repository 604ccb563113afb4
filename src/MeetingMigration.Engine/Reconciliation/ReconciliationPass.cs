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

        /// <summary>Users whose calendar was read and compared (up to date, stale, or partly checked).</summary>
        public int UsersChecked => Users.Count(u => u.Outcome == UserCheckOutcome.UpToDate || u.Outcome == UserCheckOutcome.Stale || u.Outcome == UserCheckOutcome.PartlyChecked);
        /// <summary>
        /// Users left to a Pending or InProgress request of theirs, their calendars not read: not "checked" (outside probe AJ:
        /// a pass that read no calendar logged "2 of 2 users checked, 0 with stale meetings" while every meeting was stale).
        /// </summary>
        public int UsersLeftToTheirRequest => Users.Count(u => u.Outcome == UserCheckOutcome.AlreadyQueued);
        /// <summary>Users that could not be checked: not in the directory, or their calendar could not be read.</summary>
        public int UsersNotChecked => Users.Count(u => u.Outcome == UserCheckOutcome.NotChecked);

        public IEnumerable<StaleMeeting> StaleMeetings => Users.SelectMany(u => u.StaleMeetings);
        public IEnumerable<UserReconciliation> StaleUsers => Users.Where(u => u.Outcome == UserCheckOutcome.Stale);
    }
}
