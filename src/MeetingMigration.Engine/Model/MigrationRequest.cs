using System;

namespace MeetingMigration.Engine.Model
{
    /// <summary>One queued or processed migration of one organizer's meetings: a row of Get-CsMeetingMigrationStatus.</summary>
    public sealed class MigrationRequest
    {
        public Guid CorrelationId { get; set; }
        public DateTime CreateDate { get; set; }
        public DateTime ModifiedDate { get; set; }
        /// <summary>The user's directory object id once resolved; null while only the address given by the admin is known.</summary>
        public Guid? UserId { get; set; }
        public string UserPrincipalName { get; set; } = "";
        public MigrationType MigrationType { get; set; }
        public SourceMeetingType SourceMeetingType { get; set; }
        public TargetMeetingType TargetMeetingType { get; set; }
        public MigrationState State { get; set; }
        /// <summary>Automatic retries already made after failed attempts.</summary>
        public int RetryCount { get; set; }
        /// <summary>Meetings selected for this request in the last attempt (organized, future, in scope).</summary>
        public int TotalMeeting { get; set; }
        public int SucceededMeeting { get; set; }
        public int FailedMeeting { get; set; }
        /// <summary>Meetings whose update was sent to attendees (one update per meeting, counted once even across retries).</summary>
        public int InvitesUpdate { get; set; }
        /// <summary>Why the last attempt failed, naming the failed meetings; empty on success.</summary>
        public string LastMessage { get; set; } = "";
        /// <summary>When the request may next be picked up (the deliberate delay, or a retry's backoff).</summary>
        public DateTime NotBefore { get; set; }
        /// <summary>How the request came in (Start-CsExMeetingMigration, a license change...).</summary>
        public string Trigger { get; set; } = "";
        /// <summary>
        /// An attempt failed and an automatic retry is still to come (at NotBefore): the request is Pending again, as MMS shows a
        /// request between its retries, and becomes Failed only when no retry is left or none can help. Until 2026-12-05 such a
        /// request showed Failed, so `-State Failed` listed users the service was still working on.
        /// </summary>
        public bool RetryScheduled { get; set; }

        /// <summary>
        /// An undo the store queued by itself ahead of this migration of every kind: it only finishes what an undo of the user
        /// that ended Failed put back (a series' occurrences moved since that still show the block that undo was taking
        /// back), so the migration writes such a series in one kind. Null for every other request.
        /// </summary>
        public Guid? QueuedFor { get; set; }

        /// <summary>Pending for an automatic retry after a failed attempt (not a request that has not run yet).</summary>
        public bool AwaitingRetry => State == MigrationState.Pending && RetryScheduled;

        /// <summary>An attempt has ended: Succeeded, Failed, or failed with a retry to come.</summary>
        public bool AttemptEnded => State == MigrationState.Succeeded || State == MigrationState.Failed || AwaitingRetry;
        /// <summary>
        /// While a worker holds the request: the worker and the lease's fence (a number that grows with every lease of the
        /// request). Writes made for the attempt carry them, so once another worker has taken the request over, a write of the
        /// old attempt is refused instead of racing the new one. Null when not leased.
        /// </summary>
        public string? LeaseOwner { get; set; }
        public long LeaseFence { get; set; }

        /// <summary>
        /// As a status query read it: the worker whose lease holds an InProgress request, and until when (UTC; renewed while
        /// it runs). A time in the past means that worker stopped without finishing or handing the request back (killed).
        /// Null when no worker holds it. Only for showing: leases and fences never read these.
        /// </summary>
        public string? HeldBy { get; set; }
        public DateTime? HeldUntil { get; set; }

        /// <summary>
        /// Whether a worker's lease held it as status read it, at <paramref name="storeNow"/> (the store's clock, by which leases
        /// are judged, as the store's own rule does): running, or its holder dead and the lease running on.
        /// </summary>
        public bool HeldAt(DateTime storeNow) => HeldBy != null && HeldUntil >= storeNow;

        public MigrationRequest Clone() => (MigrationRequest)MemberwiseClone();
    }
}
