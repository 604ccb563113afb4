using System;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// One row of Get-CsMeetingMigrationDetail: what one request did to one meeting. Flat strings, numbers and dates only,
    /// so Export-Csv writes every column. Times are DateTimeOffset in the local zone: they say which zone they are in.
    /// </summary>
    public sealed class MeetingMigrationDetail
    {
        internal MeetingMigrationDetail(JournalEntry entry, bool includeBlockText)
        {
            UserPrincipalName = entry.UserPrincipalName;
            CorrelationId = entry.CorrelationId;
            EventId = entry.EventId;
            Subject = entry.Subject;
            Start = entry.Start.HasValue ? Local(entry.Start.Value) : (DateTimeOffset?)null;
            MeetingType = entry.MeetingKind;
            Outcome = entry.Outcome.ToString();
            Reason = entry.Reason;
            Time = Local(entry.Time);
            GraphRequestId = entry.GraphRequestId;
            OldBlock = BlockSummary.Of(entry.OldBlock);
            NewBlock = BlockSummary.Of(entry.NewBlock);
            if (includeBlockText)
            {
                OldBlockText = entry.OldBlock;
                NewBlockText = entry.NewBlock;
            }
        }

        public string UserPrincipalName { get; }
        public Guid CorrelationId { get; }
        public string EventId { get; }
        public string Subject { get; }
        /// <summary>The meeting's start (a series: its first occurrence).</summary>
        public DateTimeOffset? Start { get; }
        /// <summary>The type of the block the meeting showed: Teams or SkypeForBusiness; empty when the meeting failed before it was read.</summary>
        public string MeetingType { get; }
        /// <summary>Updated, AlreadyUpdated, Skipped, Failed, Attempting (the write's fate is not known yet), Restored, Refused.</summary>
        public string Outcome { get; }
        public string Reason { get; }
        public DateTimeOffset Time { get; }
        /// <summary>The request-id of Graph's answer to the write, for Microsoft support; empty for rows without a write.</summary>
        public string? GraphRequestId { get; }
        /// <summary>What the block showed before (join link host, IDs, numbers).</summary>
        public string OldBlock { get; }
        /// <summary>What the block shows after.</summary>
        public string NewBlock { get; }
        /// <summary>The full text of the old block, with -IncludeBlockText.</summary>
        public string? OldBlockText { get; }
        /// <summary>The full text of the new block, with -IncludeBlockText.</summary>
        public string? NewBlockText { get; }

        private static DateTimeOffset Local(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToLocalTime();
    }
}
