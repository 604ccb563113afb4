using System;

namespace MeetingMigration.Engine.Store
{
    public enum MeetingOutcome
    {
        /// <summary>Written to the journal before the PATCH is sent: the meeting may or may not have been updated.</summary>
        Attempting,
        Updated,
        /// <summary>The marker showed a previous attempt had already updated it; no second update was sent.</summary>
        AlreadyUpdated,
        Skipped,
        Failed,
        /// <summary>-WhatIf: what would change.</summary>
        Planned,
        /// <summary>An undo put back the block a migration had replaced (OldBlock: the migration's block; NewBlock: the one restored).</summary>
        Restored,
        /// <summary>An undo left the meeting alone: its block is no longer the one the migration wrote (Reason says why).</summary>
        Refused,
    }

    /// <summary>
    /// One line of the audit trail: what was done to one meeting, with the old and new block so an undo can restore it.
    /// </summary>
    public sealed class JournalEntry
    {
        public long Id { get; set; }
        public Guid CorrelationId { get; set; }
        public string UserPrincipalName { get; set; } = "";
        public string EventId { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTime? Start { get; set; }
        public string MeetingKind { get; set; } = "";
        /// <summary>
        /// <see cref="MeetingKind"/> read back: the kind of the block the row found (a migration's OldBlock, the block an undo
        /// puts back); null when the row names none.
        /// </summary>
        public Blocks.MeetingKind? Kind => Enum.TryParse<Blocks.MeetingKind>(MeetingKind, out var kind) ? kind : (Blocks.MeetingKind?)null;
        public string OldBlock { get; set; } = "";
        public string NewBlock { get; set; } = "";
        /// <summary>
        /// How the meeting's body was stored when <see cref="NewBlock"/> was written into it, as far as the block shows: the
        /// engine's renderings for an HTML body begin with a tag, those for a text body with their fence line. A hint for an
        /// undo's read (which checks it), so a plain-text meeting is read once, as text (outside probe AI: the undo read
        /// every plain-text meeting twice). The journal keeps no format of its own.
        /// </summary>
        public Migration.StoredBodyFormat WrittenBodyFormat =>
            NewBlock.Length == 0 ? Migration.StoredBodyFormat.Unknown : NewBlock[0] == '<' ? Migration.StoredBodyFormat.Html : Migration.StoredBodyFormat.Text;
        /// <summary>Fingerprint of the new block, also written on the event as its migration marker.</summary>
        public string NewBlockHash { get; set; } = "";
        public MeetingOutcome Outcome { get; set; }
        public string Reason { get; set; } = "";
        public DateTime Time { get; set; }
        /// <summary>The request-id header of Graph's answer to the PATCH (Updated rows), to quote to Microsoft support; null otherwise.</summary>
        public string? GraphRequestId { get; set; }
        /// <summary>
        /// Set on an Updated row that follows this request's own Attempting row for the meeting, with the same blocks and
        /// fingerprint: the store keeps the two blocks once, on the Attempting row, and reads them back from there (they were
        /// 5 of the 11 KB a migrated meeting cost in the store). Not stored.
        /// </summary>
        public bool BlocksOnAttemptingRow { get; set; }
        /// <summary>
        /// The lease the row is written under (the worker and its fence, from the leased request); the store refuses the row
        /// when that lease no longer holds the request. Null for rows written outside a lease (-WhatIf plans). Not stored.
        /// </summary>
        public string? LeaseOwner { get; set; }
        public long LeaseFence { get; set; }

        /// <summary>
        /// A write of the meeting by an undo: the earlier block put back (Restored) or found in place (an undo's AlreadyUpdated
        /// row carries the fingerprint of that block; a migration's has none).
        /// </summary>
        public bool IsUndoWrite => Outcome == MeetingOutcome.Restored || (Outcome == MeetingOutcome.AlreadyUpdated && NewBlockHash.Length > 0);

        /// <summary>A write of the meeting: a migration's Updated row, or an undo's write.</summary>
        public bool IsWrite => Outcome == MeetingOutcome.Updated || IsUndoWrite;

        /// <summary>
        /// This write's row (the block it replaced, to put back) as an undo takes it back over a later write: expecting the block
        /// <paramref name="later"/> wrote (or announced) in the meeting instead of this one's.
        /// </summary>
        internal JournalEntry OverLaterWrite(JournalEntry later) => new JournalEntry
        {
            CorrelationId = CorrelationId, UserPrincipalName = UserPrincipalName, EventId = EventId, Subject = Subject,
            Start = Start, MeetingKind = MeetingKind, OldBlock = OldBlock,
            NewBlock = later.NewBlock, NewBlockHash = later.NewBlockHash,
        };
    }
}
