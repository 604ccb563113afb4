using System;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// One meeting Find-CsMeetingMigrationStaleMeeting found stale. UserPrincipalName binds to Start-CsExMeetingMigration
    /// -Identity by property name, so piping the results queues each organizer (their later rows merge into the Pending
    /// request the first one queued).
    /// </summary>
    public sealed class MeetingMigrationStaleMeeting
    {
        internal MeetingMigrationStaleMeeting(StaleMeeting meeting)
        {
            UserPrincipalName = meeting.UserPrincipalName;
            EventId = meeting.EventId;
            Subject = meeting.Subject;
            StartUtc = meeting.StartUtc;
            MeetingKind = meeting.MeetingKind.ToPublic();
            Action = meeting.Action;
        }

        /// <summary>The organizer.</summary>
        public string UserPrincipalName { get; }
        /// <summary>The organizer's event (for a series, the series master).</summary>
        public string EventId { get; }
        public string Subject { get; }
        /// <summary>When the meeting starts, in UTC (for a series, its first occurrence).</summary>
        public DateTime? StartUtc { get; }
        /// <summary>The type of the block the meeting shows: Teams or SkypeForBusiness ([MeetingMigration.MeetingKind]).</summary>
        public MeetingKind MeetingKind { get; }
        /// <summary>What a migration would do to it.</summary>
        public string Action { get; }
    }
}
