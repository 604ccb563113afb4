using System;
namespace MeetingMigration.Engine.Migration
{
    public enum MeetingResultKind { Ignored, SkippedTooManyAttendees, SkippedNoBlock, Updated, AlreadyCurrent, Failed, Planned }

    /// <summary>What happened to one meeting. UpdateSentByThisRequest: attendees got this request's update (now or in an
    /// earlier, interrupted attempt): what InvitesUpdate counts.</summary>
    public sealed class MeetingResult
    {
        public MeetingResult(MeetingResultKind kind, string reason = "", bool updateSentByThisRequest = false, bool transient = false)
        {
            Kind = kind;
            Reason = reason;
            UpdateSentByThisRequest = updateSentByThisRequest;
            Transient = transient;
        }

        public MeetingResultKind Kind { get; }
        public string Reason { get; }
        public bool UpdateSentByThisRequest { get; }
        /// <summary>
        /// A failure a later attempt may not meet (Graph answered an error): worth a retry. A failure of the meeting itself
        /// (two blocks, no link to write) comes back on every retry until someone changes the meeting or the coordinates.
        /// </summary>
        public bool Transient { get; }
        /// <summary>For a failure Graph answered with Retry-After (throttled past the call's budget): when that wait ends.</summary>
        public DateTime? RetryNotBefore { get; set; }
        /// <summary>
        /// The failure was the connection's (Graph not reachable at all, or refusing its credentials): the attempt is handed
        /// back, not failed (see RequestProcessor and <see cref="Graph.GraphCallException.IsConnectionDown"/>).
        /// </summary>
        public Graph.GraphCallException? ConnectionDown { get; set; }
        /// <summary>
        /// Set by an undo's restorer when the meeting it restored (or found restored) is a series master: the series'
        /// occurrences moved since the migration are looked for next (see Undo/MovedOccurrences).
        /// </summary>
        public bool OfSeriesMaster { get; set; }
        /// <summary>
        /// Set by an undo's restorer for a meeting it left alone because a migration queued after the undo writes it next
        /// (that migration's id): the undo names it, and counts it apart from meetings over, cancelled or deleted.
        /// </summary>
        public System.Guid? LeftToLaterMigration { get; set; }
    }
}
