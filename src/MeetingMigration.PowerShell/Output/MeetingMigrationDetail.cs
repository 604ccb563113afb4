using System;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// One row of Get-CsMeetingMigrationDetail: what one request did to one meeting. Flat values only (strings, numbers,
    /// dates and enums, which Export-Csv writes by name), so Export-Csv writes every column. Times are DateTimeOffset in the
    /// local zone: they say which zone they are in. Outcome and MeetingType are the nameable [MeetingMigration.MeetingOutcome]
    /// and [MeetingMigration.MeetingKind], so a script filters with the same names -Outcome takes.
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
            MeetingType = KindOf(entry.MeetingKind);
            Outcome = entry.Outcome.ToPublic();
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
        public MeetingKind? MeetingType { get; }
        /// <summary>Updated, AlreadyUpdated, Skipped, Failed, Attempting (the write's fate is not known yet), Restored, Refused.</summary>
        public MeetingOutcome Outcome { get; }
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

        /// <summary>
        /// The journal keeps the block's type as the engine's name ('' when the meeting was never read). A name this
        /// version does not know stays empty rather than failing the whole listing.
        /// </summary>
        private static MeetingKind? KindOf(string journaled) =>
            Enum.TryParse(journaled, ignoreCase: false, out Engine.Blocks.MeetingKind kind) && Enum.IsDefined(typeof(Engine.Blocks.MeetingKind), kind)
                ? kind.ToPublic()
                : (MeetingKind?)null;

        private static DateTimeOffset Local(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToLocalTime();
    }
}
