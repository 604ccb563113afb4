using System;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>
    /// An in-scope meeting whose block could not be compared with the truth (a Skype for Business meeting whose organizer
    /// has no stored meeting link, a block that cannot be delimited, a Teams link Graph does not know): neither current
    /// nor stale, reported with the reason.
    /// </summary>
    public sealed class UncheckedMeeting
    {
        public string UserPrincipalName { get; set; } = "";
        public string EventId { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTime? StartUtc { get; set; }
        public string Reason { get; set; } = "";
    }
}
