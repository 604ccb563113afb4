using System.Collections.Generic;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>The check of one user: the stale meetings, the meetings that could not be compared, and what was queued.</summary>
    public sealed class UserReconciliation
    {
        public UserReconciliation(UserIdentity user)
        {
            User = user;
            UserPrincipalName = user.Value;
        }

        /// <summary>The user as given to the check.</summary>
        public UserIdentity User { get; }
        /// <summary>The directory's UPN once the user was found; until then the identity given.</summary>
        public string UserPrincipalName { get; set; }
        public UserCheckOutcome Outcome { get; set; }
        /// <summary>The directory has no such user (Outcome is NotChecked).</summary>
        public bool UserNotFound { get; set; }
        /// <summary>The calendar was read to the horizon: every in-scope meeting is among the stale, unchecked or current ones.</summary>
        public bool CalendarRead { get; set; }
        /// <summary>Why the user was not checked, or not completely; empty otherwise.</summary>
        public string Reason { get; set; } = "";
        public List<StaleMeeting> StaleMeetings { get; } = new List<StaleMeeting>();
        public List<UncheckedMeeting> UncheckedMeetings { get; } = new List<UncheckedMeeting>();
        /// <summary>The request the user's stale meetings were queued in (new, or the Pending one it merged into).</summary>
        public MigrationRequest? Queued { get; set; }
        /// <summary>True when the queued request merged into a Pending one.</summary>
        public bool Merged { get; set; }
        /// <summary>Why a user with stale meetings was not queued although queuing was asked for (a tenant switch is off).</summary>
        public string? NotQueuedBecause { get; set; }
    }
}
