using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Administration
{
    /// <summary>Undo-CsMeetingMigration: what an undo would restore (from the journal) and queueing it.</summary>
    public sealed partial class MigrationAdmin
    {
        /// <summary>
        /// An undo of the user that ended Failed after putting meetings back, whose restore is still a meeting's latest write
        /// (other than <paramref name="except"/>): a series it put back may keep occurrences moved since with the block it was
        /// taking back. The store's rule for an undo that runs before a new migration (PutBackByAFailedUndo), for what the
        /// cmdlets say of it (-WhatIf, Start's and the dial-in cmdlets' warning). Null when there is none.
        /// </summary>
        public async Task<Guid?> FailedUndoThatPutBackAsync(string userPrincipalName, Guid? except, CancellationToken cancellationToken)
        {
            var latest = await _store.GetLatestJournalByEventAsync(userPrincipalName, cancellationToken).ConfigureAwait(false);
            foreach (var undo in latest.Values.Where(e => e.IsUndoWrite && e.CorrelationId != except).OrderByDescending(e => e.Id).Select(e => e.CorrelationId).Distinct())
                if ((await _store.GetAsync(undo, cancellationToken).ConfigureAwait(false))?.State == MigrationState.Failed)
                    return undo;
            return null;
        }

        /// <summary>
        /// The undo of the user that ended Failed after putting meetings back whose series an undo queued ahead of a migration
        /// of every kind would finish (IMigrationStore.GetFailedUndoLeftToFinishAsync): what Start's -WhatIf says. Null when none.
        /// </summary>
        public Task<Guid?> FailedUndoLeftToFinishAsync(string userPrincipalName, CancellationToken cancellationToken) =>
            _store.GetFailedUndoLeftToFinishAsync(userPrincipalName, cancellationToken);

        /// <summary>The undo to queue: whose meetings, and which request's changes (null: every migration of the user).</summary>
        public sealed class UndoPlan
        {
            internal UndoPlan(string userPrincipalName, Guid? userId, MigrationRequest? undone, IReadOnlyList<JournalEntry> meetings, int alreadyPutBack = 0)
            {
                UserPrincipalName = userPrincipalName;
                UserId = userId;
                Undone = undone;
                Meetings = meetings;
                AlreadyPutBack = alreadyPutBack;
            }

            public string UserPrincipalName { get; }
            public Guid? UserId { get; }
            public MigrationRequest? Undone { get; }
            /// <summary>The migration's journal row per meeting: the block to put back is its OldBlock.</summary>
            public IReadOnlyList<JournalEntry> Meetings { get; }
            /// <summary>
            /// Of one request's meetings, those an undo put back already (an undo stopped part-way and run again): left out of
            /// <see cref="Meetings"/>, which lists what is left to restore (an outside re-probe: the rerun announced them all).
            /// </summary>
            public int AlreadyPutBack { get; }

            /// <summary>
            /// The user's undo of this scope that has not finished (queued, waiting for its retry, running or stopped part-way):
            /// queuing the plan returns, resumes or replaces it rather than queue a second (what -WhatIf says it would do).
            /// </summary>
            public MigrationRequest? Unfinished { get; internal set; }
        }

        /// <summary>Reads what an undo of the user's migrations, or of one request, would restore. Nothing is written.</summary>
        public async Task<UndoPlan> PlanUndoAsync(UserIdentity? user, Guid? correlationId, CancellationToken cancellationToken)
        {
            if (correlationId != null)
            {
                var undone = await _store.GetAsync(correlationId.Value, cancellationToken).ConfigureAwait(false)
                    ?? throw new MeetingMigrationException(ErrorIds.RequestNotFound, ErrorKind.ObjectNotFound,
                        $"No migration request has the CorrelationId {correlationId:D}.", correlationId,
                        "Get-CsMeetingMigrationStatus lists the requests and their CorrelationId.");
                // One waiting for its retry has run and changed meetings: the check of the user's queue below names its retry.
                if ((undone.State == MigrationState.Pending && !undone.AwaitingRetry) || undone.State == MigrationState.InProgress)
                {
                    throw new MeetingMigrationException(ErrorIds.UndoNotPossible, ErrorKind.InvalidOperation,
                        $"The request {undone.CorrelationId:D} of {undone.UserPrincipalName} is {undone.State}; only a finished request can be undone.", correlationId,
                        undone.State == MigrationState.Pending ? "Stop-CsMeetingMigration takes it out of the queue; nothing of it needs undoing."
                            : $"Wait until it ends (Get-CsMeetingMigrationStatus), then undo it. If it was stopped part-way (Ctrl+C in -Wait) and no service runs, Start-CsExMeetingMigration -Identity {QuotedValue.Of(undone.UserPrincipalName)} -Wait resumes it to its end.");
                }
                if (await _store.GetUndoScopeAsync(undone.CorrelationId, cancellationToken).ConfigureAwait(false) != null)
                {
                    throw new MeetingMigrationException(ErrorIds.UndoNotPossible, ErrorKind.InvalidOperation,
                        $"The request {undone.CorrelationId:D} is itself an undo; an undo is not undone.", correlationId,
                        "Run Start-CsExMeetingMigration for the user to write the current blocks again.");
                }
                IReadOnlyList<MigrationRequest> usersRequests = Array.Empty<MigrationRequest>();
                MigrationRequest? unfinished = null;
                if (UserIdentity.TryParse(undone.UserPrincipalName, out var owner, out _))
                {
                    usersRequests = await _store.QueryAsync(new MigrationStatusQuery { Identity = owner }, cancellationToken).ConfigureAwait(false);
                    unfinished = await UnfinishedUndoOfScopeAsync(usersRequests, undone.CorrelationId.ToString("D"), correlationId, cancellationToken).ConfigureAwait(false);
                    ThrowIfMigrationQueued(usersRequests, correlationId, unfinished);
                }
                var rows = await _store.GetUndoTargetsAsync(JournalUpn(undone), undone.CorrelationId, cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    throw NothingToUndo(
                        $"The request {undone.CorrelationId:D} of {undone.UserPrincipalName} ({undone.State}) updated no meeting, so there is nothing to undo. Nothing was queued.", correlationId,
                        $"Get-CsMeetingMigrationDetail -CorrelationId {undone.CorrelationId:D} lists what it did to each meeting.");
                }
                // Every meeting it updated put back since to the block it replaced, by an undo (Restored, or AlreadyUpdated when
                // the undo found that block there): this request's change is undone, and an undo would send nothing or take
                // back a later request's write (outside probes: it was queued each time, and once re-took a later request's
                // block). An undo of a later request, which put back this request's own block, is no such row: this request
                // is still there to undo (a second probe found it refused).
                var undoWrites = owner == null ? null
                    : _store.ReadJournal(new JournalQuery { Identity = owner, Outcomes = new[] { MeetingOutcome.Restored, MeetingOutcome.AlreadyUpdated } }, cancellationToken)
                        .Where(w => w.IsUndoWrite) // not a migration's AlreadyUpdated row
                        .ToLookup(w => w.EventId, StringComparer.Ordinal);
                bool PutBack(JournalEntry row) => undoWrites != null &&
                    undoWrites[row.EventId].Any(w => w.Id > row.Id && w.NewBlockHash == BlockFingerprint.Compute(row.OldBlock));
                if (rows.All(PutBack) && !await HasUndoToFinishAsync(usersRequests, undone.CorrelationId.ToString("D"), cancellationToken).ConfigureAwait(false))
                {
                    throw NothingToUndo(
                        $"Every meeting the request {undone.CorrelationId:D} of {undone.UserPrincipalName} updated has been put back by an undo already to the block it replaced, so there is nothing to undo. Nothing was queued.", correlationId,
                        $"Get-CsMeetingMigrationStatus -Identity {QuotedValue.Of(undone.UserPrincipalName)} lists the undo requests; Get-CsMeetingMigrationDetail -CorrelationId lists what each did.");
                }
                // What is left: a meeting an undo put back already is restored by none again (the undo finds its block there).
                var left = rows.Where(row => !PutBack(row)).ToList();
                var plan = left.Count == 0
                    ? new UndoPlan(undone.UserPrincipalName, undone.UserId, undone, rows) // all put back, an undo to finish: as before
                    : new UndoPlan(undone.UserPrincipalName, undone.UserId, undone, left, rows.Count - left.Count);
                plan.Unfinished = unfinished;
                return plan;
            }

            var requests = await _store.QueryAsync(new MigrationStatusQuery { Identity = user }, cancellationToken).ConfigureAwait(false);
            if (requests.Count == 0)
            {
                throw new MeetingMigrationException(ErrorIds.RequestNotFound, ErrorKind.ObjectNotFound,
                    $"{QuotedValue.Of(user!.Original)} has no migration request in the store; there is nothing to undo.", user.Original,
                    "Check the address; Get-CsMeetingMigrationStatus lists the requests there are.");
            }
            var unfinishedOfUser = await UnfinishedUndoOfScopeAsync(requests, "", user!.Original, cancellationToken).ConfigureAwait(false);
            ThrowIfMigrationQueued(requests, user.Original, unfinishedOfUser);
            var latest = requests.Last();
            var meetings = await _store.GetUndoTargetsAsync(JournalUpn(latest), null, cancellationToken).ConfigureAwait(false);
            if (meetings.Count == 0 && !await HasUndoToFinishAsync(requests, "", cancellationToken).ConfigureAwait(false))
            {
                throw NothingToUndo(
                    $"{QuotedValue.Of(user.Original)} has no meeting whose block a migration wrote and no undo has restored yet, so there is nothing to undo. Nothing was queued.", user.Original,
                    $"Get-CsMeetingMigrationStatus -Identity {QuotedValue.Of(user.Original)} lists the user's requests; Get-CsMeetingMigrationDetail -CorrelationId lists what each did to each meeting.");
            }
            return new UndoPlan(latest.UserPrincipalName, requests.Select(r => r.UserId).LastOrDefault(id => id != null), null, meetings) { Unfinished = unfinishedOfUser };
        }

        /// <summary>
        /// A migration of the user still to run (Pending, a retry to come included) would write its blocks again after
        /// the undo, so the undo would come to nothing. Found by an outside probe: undoing a user whose migration was
        /// Pending reported "0 meeting(s) restored", Succeeded, and the migration then ran. Not one queued after the user's
        /// unfinished undo of this scope (<paramref name="unfinished"/>), which the call runs again, resumes or waits for:
        /// queue order runs that undo first (an outside probe: a -Wait session that ran the undo first was stopped, and the
        /// command the undo's status names to resume it was refused over the session's own migration, queued after it).
        /// </summary>
        private static void ThrowIfMigrationQueued(IReadOnlyList<MigrationRequest> requests, object target, MigrationRequest? unfinished = null)
        {
            var queued = requests.FirstOrDefault(r => r.Trigger != Triggers.TriggerNames.Undo &&
                r.State == MigrationState.Pending && !(unfinished != null && r.CreateDate > unfinished.CreateDate));
            if (queued == null) return;
            var state = queued.AwaitingRetry ? $"failed and is due to be retried at {UtcText.Of(queued.NotBefore)}" : "is Pending";
            throw new MeetingMigrationException(ErrorIds.UndoNotPossible, ErrorKind.InvalidOperation,
                $"The request {queued.CorrelationId:D} of {queued.UserPrincipalName} {state}: it would write its blocks again after the undo. Nothing was queued.", target,
                $"Stop-CsMeetingMigration -CorrelationId {queued.CorrelationId:D} takes it out of the queue (or wait until it has run), then undo.");
        }

        /// <summary>
        /// An undo of the user of another scope (<paramref name="scope"/>: the undone request's id, or "" for every migration)
        /// that has not finished: queued, waiting for its retry, running or stopped part-way. One undo of a user at a time: a
        /// second of the other scope was queued beside it, then hidden from Undo-CsMeetingMigration (NothingToUndo "Nothing was
        /// queued" while it stayed Pending, and -Wait would not run it) and ran to "0 meeting(s) restored", Succeeded (an
        /// outside probe, both orders). One of the same scope is returned, resumed, or its retry replaced (EnqueueUndoAsync):
        /// returned, for -WhatIf to say so.
        /// </summary>
        private async Task<MigrationRequest?> UnfinishedUndoOfScopeAsync(IReadOnlyList<MigrationRequest> requests, string scope, object target,
            CancellationToken cancellationToken)
        {
            MigrationRequest? same = null;
            // Not an undo the store queued ahead of a migration (it finishes only what a Failed undo put back): the migration
            // after it is what an undo asked for now meets (ThrowIfMigrationQueued).
            foreach (var undo in requests.Where(r => r.Trigger == Triggers.TriggerNames.Undo && r.QueuedFor == null
                                                     && (r.State == MigrationState.Pending || r.State == MigrationState.InProgress)))
            {
                var its = await _store.GetUndoScopeAsync(undo.CorrelationId, cancellationToken).ConfigureAwait(false) ?? "";
                if (its == scope)
                {
                    same ??= undo;
                    continue;
                }
                var what = its.Length == 0 ? "every migration" : $"request {its}";
                var state = undo.State == MigrationState.InProgress
                    ? (undo.HeldAt(_store.Clock.UtcNow) ? "running" : "stopped part-way")
                    : undo.AwaitingRetry ? $"waiting for its retry at {UtcText.Of(undo.NotBefore)}" : "queued";
                var run = its.Length == 0 ? $"Undo-CsMeetingMigration -Identity {QuotedValue.Of(undo.UserPrincipalName)} -Wait" : $"Undo-CsMeetingMigration -CorrelationId {its} -Wait";
                throw new MeetingMigrationException(ErrorIds.UndoNotPossible, ErrorKind.InvalidOperation,
                    $"The undo {undo.CorrelationId:D} of {what} for {undo.UserPrincipalName} is {state} and not finished; a user's undos run one at a time. Nothing was queued.", target,
                    $"Let it finish (the service, or {run}), then undo again what is left" +
                    (undo.State == MigrationState.Pending ? $"; or take it out of the queue first: Stop-CsMeetingMigration -CorrelationId {undo.CorrelationId:D}." : "."));
            }
            return same;
        }

        /// <summary>
        /// An undo of the user stopped part-way (queueing resumes it) or waiting for its retry, or one that Failed with no undo
        /// of this scope (<paramref name="scope"/>: the undone request's id, or "" for every migration) succeeded since: queued even once the journal lists nothing left to restore, since a series it restored may have
        /// occurrences moved since the migration still to restore, which only Graph lists. Outside probes: its own error said
        /// to run it again, and that was refused as NothingToUndo; so was it once a later migration had been undone in
        /// between, and so was the other scope (-CorrelationId after a Failed -Identity, and the reverse), the occurrences
        /// keeping the removed details for good. Only what still shows the migration's block is written.
        /// </summary>
        private async Task<bool> HasUndoToFinishAsync(IReadOnlyList<MigrationRequest> requests, string scope, CancellationToken cancellationToken)
        {
            var undos = requests.Where(r => r.Trigger == Triggers.TriggerNames.Undo).ToList();
            if (undos.Any(r => r.State == MigrationState.InProgress || r.AwaitingRetry)) return true;
            // The user's requests, oldest first: walking back, a Failed undo counts unless an undo of the scope asked for
            // succeeded after it (an undo of another scope that succeeded may not have reached its series' occurrences: a
            // re-probe found -Identity, run empty after a later migration was undone, blocking the first migration's undo).
            for (var i = undos.Count - 1; i >= 0; i--)
            {
                if (undos[i].State == MigrationState.Failed) return true;
                if (undos[i].State == MigrationState.Succeeded
                    && (await _store.GetUndoScopeAsync(undos[i].CorrelationId, cancellationToken).ConfigureAwait(false) ?? "") == scope)
                    return false;
            }
            return false;
        }

        /// <summary>An undo that would restore nothing: refused, nothing queued.</summary>
        private static MeetingMigrationException NothingToUndo(string message, object? target, string action) =>
            new MeetingMigrationException(ErrorIds.NothingToUndo, ErrorKind.ObjectNotFound, message, target, action);

        /// <summary>Queues the planned undo as a request of its own (Trigger Undo-CsMeetingMigration), run by a worker like any.</summary>
        public Task<EnqueueResult> QueueUndoAsync(UndoPlan plan, CancellationToken cancellationToken) =>
            _store.EnqueueUndoAsync(plan.UserPrincipalName, plan.UserId, plan.Undone?.CorrelationId, plan.Undone?.MigrationType ?? MigrationType.ToSameType, cancellationToken);

        /// <summary>The journal keys rows by the UPN the worker resolved, which the request keeps once it ran.</summary>
        private static string JournalUpn(MigrationRequest request) => request.UserPrincipalName;
    }
}
