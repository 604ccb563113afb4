using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public enum CancelOutcome
    {
        /// <summary>The request was Pending and is gone from the queue.</summary>
        Removed,
        /// <summary>The request was waiting for its retry after a failed attempt; the retry will not run (the request is now Failed).</summary>
        RetryCancelled,
        /// <summary>The request was Pending again after it had run part-way (Graph could not be reached); it is kept, now Failed, and does not run again.</summary>
        StoppedPartWay,
        /// <summary>A worker holds the request (InProgress): nothing was changed.</summary>
        Running,
        /// <summary>The request has finished (Succeeded, or Failed with no retry to come): nothing was changed.</summary>
        Finished,
        NotFound,
    }

    /// <summary>What CancelAsync did, with the request as it was read in the same transaction (null when not found).</summary>
    public sealed class CancelResult
    {
        public CancelResult(CancelOutcome outcome, MigrationRequest? request)
        {
            Outcome = outcome;
            Request = request;
        }

        public CancelOutcome Outcome { get; }
        public MigrationRequest? Request { get; }

        /// <summary>
        /// For a migration removed before it ran: the undos it had replaced, or that had left it meetings (a migration of one
        /// kind), whose message now says it was stopped: each with whether it was replaced, and the command that runs it again.
        /// Said by Stop-CsMeetingMigration (an outside probe: nothing warned, and the meetings kept the block the undo was to
        /// take back).
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<(System.Guid Undo, UndoStopNote Note, string RunAgain)> NotedUndos { get; internal set; } =
            System.Array.Empty<(System.Guid, UndoStopNote, string)>();

        /// <summary>
        /// For a migration removed before it ran: the undos the store had queued ahead of it to finish what a Failed undo put
        /// back (<see cref="MigrationRequest.QueuedFor"/>), removed with it, not having run.
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<System.Guid> RemovedFinishingUndos { get; internal set; } = System.Array.Empty<System.Guid>();

        /// <summary>Those that had run part-way (stopped, or handed back): kept, to finish what they began (an outside probe: said nowhere).</summary>
        public System.Collections.Generic.IReadOnlyList<System.Guid> KeptFinishingUndos { get; internal set; } = System.Array.Empty<System.Guid>();
    }

    /// <summary>How an undo named a migration then stopped before it ran (CancelResult.NotedUndos).</summary>
    public enum UndoStopNote
    {
        /// <summary>The migration replaced the undo (queued, stopped, or waiting for its retry): the undo will not run.</summary>
        Replaced,
        /// <summary>The undo left it meetings (a migration of one kind): they keep the block the undo was to take back.</summary>
        LeftMeetings,
        /// <summary>The undo queued it again for meetings it restored after it had run: they keep the block put back.</summary>
        QueuedAgain,
    }
}
