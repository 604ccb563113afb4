using System;
using MeetingMigration.Engine.Blocks;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>
    /// A future meeting whose block no longer shows what it should (a migration with SourceMeetingType All and
    /// TargetMeetingType Current would rewrite it). For a series, the event is the series master.
    /// </summary>
    public sealed class StaleMeeting
    {
        public string UserPrincipalName { get; set; } = "";
        public string EventId { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTime? StartUtc { get; set; }
        /// <summary>The type of the block the meeting shows.</summary>
        public MeetingKind MeetingKind { get; set; }
        /// <summary>What a migration would do to it ("Refresh the Teams dial-in details").</summary>
        public string Action { get; set; } = "";
    }
}
