using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>What a caller asks to queue: one user, which meetings, what they become.</summary>
    public sealed class EnqueueRequest
    {
        public EnqueueRequest(UserIdentity user, SourceMeetingType source, TargetMeetingType target)
        {
            User = user;
            Source = source;
            Target = target;
        }

        public UserIdentity User { get; }
        /// <summary>The user's object id when the directory was asked; otherwise resolved when the request runs.</summary>
        public Guid? UserId { get; set; }
        /// <summary>The user's UPN when the directory was asked; otherwise the address given.</summary>
        public string? UserPrincipalName { get; set; }
        public SourceMeetingType Source { get; }
        public TargetMeetingType Target { get; }
        /// <summary>Earliest time the request may run.</summary>
        public DateTime? NotBefore { get; set; }
        /// <summary>What caused the request (Triggers.TriggerNames); merged requests list each cause once.</summary>
        public string Trigger { get; set; } = Triggers.TriggerNames.Manual;
        /// <summary>
        /// An automatic trigger: merging into a Pending request moves its due time later to this request's NotBefore (the
        /// settle window starts again). An admin's request instead pulls it earlier.
        /// </summary>
        public bool Settle { get; set; }
        /// <summary>
        /// Why the directory, asked, could not say whether the user exists (Graph throttling or busy past the look-up's retry
        /// budget): the user is queued as given, as without a directory, and the worker checks them when the request runs.
        /// Null when the directory answered, or none was asked.
        /// </summary>
        public string? NotCheckedBecause { get; set; }
    }

    public sealed class EnqueueResult
    {
        public EnqueueResult(MigrationRequest request, bool merged)
        {
            Request = request;
            Merged = merged;
        }

        public MigrationRequest Request { get; }
        /// <summary>True when the user already had a Pending request, or a stopped one (<see cref="Resumed"/>), and this one was merged into it.</summary>
        public bool Merged { get; }
        /// <summary>
        /// True when the request merged into was stopped part-way (InProgress, held by no worker) and asks for the same
        /// meetings: running it resumes that attempt, whose journal skips what was done.
        /// </summary>
        public bool Resumed => Merged && Request.State == MigrationState.InProgress && !RunningElsewhere;

        /// <summary>
        /// The undo merged into is InProgress and a worker holds its lease: it is running (or its holder died and the lease
        /// runs on, after which it is resumed). Nothing was queued; -Wait waits for it.
        /// </summary>
        public bool RunningElsewhere { get; internal set; }

        /// <summary>
        /// The undo merged into was waiting for its retry: its retry was brought forward, so it runs now, as the same request
        /// and in its place in the queue (not a new undo queued after what ran meanwhile).
        /// </summary>
        public bool RetryBroughtForward { get; internal set; }

        /// <summary>
        /// The user's requests whose waiting retry this one replaced (they are Failed now), each with whether it is an undo:
        /// a migration replacing an undo's retry writes again what that undo was to take back, which the cmdlet says.
        /// </summary>
        public IReadOnlyList<(Guid CorrelationId, bool IsUndo)> ReplacedRetries { get; internal set; } = Array.Empty<(Guid, bool)>();

        /// <summary>
        /// The user's undos that were Pending without a retry (queued, or handed back while the connection was down) and
        /// that this migration replaced (they are Failed now): run after it, each would take back what it writes.
        /// </summary>
        public IReadOnlyList<Guid> ReplacedUndos { get; internal set; } = Array.Empty<Guid>();

        /// <summary>
        /// The user's undos this migration does not end: for a migration of every kind, those a worker is running, or that have
        /// put meetings back (stopped part-way, or waiting for their retry, which is brought forward) or were stopped inside a
        /// restore, which run first and stop before their next meeting, a series they put back finished (Undo/UndoProcessor); for a migration of one
        /// kind, every undo still to end, which runs on and leaves it the meetings it writes (Undo/LaterMigrations). Said by
        /// the cmdlets, so the admin learns of the undo when queuing, not only from its status later.
        /// </summary>
        public IReadOnlyList<Guid> UndosLeftToStopOrShare { get; internal set; } = Array.Empty<Guid>();

        /// <summary>
        /// For a migration of every kind queued while an undo of the user that put meetings back had ended Failed, with no undo
        /// of the user left to run first: the undo the store queued ahead of it (Undo), which finishes what that Failed undo
        /// (FailedUndo) put back and nothing else (<see cref="MigrationRequest.QueuedFor"/>). Null otherwise.
        /// </summary>
        public (Guid Undo, Guid FailedUndo)? FinishingUndo { get; internal set; }

        /// <summary>The queued request's <see cref="EnqueueRequest.NotCheckedBecause"/>: said by the cmdlet, since the user was not checked.</summary>
        public string? UserNotCheckedBecause { get; internal set; }
    }
}
