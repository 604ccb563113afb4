using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Administration
{
    /// <summary>Queue management (Stop-CsMeetingMigration): which requests can be taken out of the queue, and doing it.</summary>
    public sealed partial class MigrationAdmin
    {
        /// <summary>
        /// The user's requests Stop-CsMeetingMigration -Identity would act on: Pending ones and failed ones with a retry to
        /// come. None, while one is running or all have finished, is an error that says so.
        /// </summary>
        public async Task<IReadOnlyList<MigrationRequest>> GetCancellableAsync(UserIdentity user, CancellationToken cancellationToken)
        {
            var requests = await _store.QueryAsync(new MigrationStatusQuery { Identity = user }, cancellationToken).ConfigureAwait(false);
            var cancellable = requests.Where(IsCancellable).ToList();
            if (cancellable.Count > 0) return cancellable;
            if (requests.Count == 0)
            {
                throw new MeetingMigrationException(ErrorIds.RequestNotFound, ErrorKind.ObjectNotFound,
                    $"{QuotedValue.Of(user.Original)} has no migration request in the store.", user.Original,
                    "Check the address; Get-CsMeetingMigrationStatus lists the requests there are.");
            }
            throw NotCancellable(requests.Last(), user.Original);
        }

        /// <summary>One request by its CorrelationId, to name its user in a confirmation; null when there is none.</summary>
        public Task<MigrationRequest?> FindRequestAsync(Guid correlationId, CancellationToken cancellationToken) =>
            _store.GetAsync(correlationId, cancellationToken);

        /// <summary>RequestNotFound for a CorrelationId the store does not hold.</summary>
        public static MeetingMigrationException NoSuchRequest(Guid correlationId) =>
            new MeetingMigrationException(ErrorIds.RequestNotFound, ErrorKind.ObjectNotFound,
                $"No migration request has the CorrelationId {correlationId:D}.", correlationId,
                "Get-CsMeetingMigrationStatus lists the requests and their CorrelationId; records past StatusRetentionDays are deleted.");

        /// <summary>Takes one request out of the queue; a request that is running or finished is refused (RequestNotCancellable).</summary>
        public async Task<CancelResult> CancelAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            var result = await _store.CancelAsync(correlationId, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case CancelOutcome.NotFound:
                    throw NoSuchRequest(correlationId);
                case CancelOutcome.Running:
                    // Read again with its lease (the cancel's answer does not carry it), to say who holds it until when.
                    throw NotCancellable(await _store.GetAsync(correlationId, cancellationToken).ConfigureAwait(false) ?? result.Request!, correlationId);
                case CancelOutcome.Finished:
                    throw NotCancellable(result.Request!, correlationId);
                default:
                    return result;
            }
        }

        /// <summary>
        /// The refusal a stop of <paramref name="known"/> would meet, said before anything is asked or shown (-WhatIf showed
        /// "Stop the request" for a finished request the stop then refused: outside probe). The stop itself checks again.
        /// </summary>
        public void ThrowIfNotCancellable(MigrationRequest known)
        {
            if (!IsCancellable(known)) throw NotCancellable(known, known.CorrelationId);
        }

        /// <summary>Queued: not run yet, or waiting for its retry (Stop then cancels the retry).</summary>
        public static bool IsCancellable(MigrationRequest request) => request.State == MigrationState.Pending;

        private MeetingMigrationException NotCancellable(MigrationRequest request, object target)
        {
            // Running: a worker holds the lease and may be PATCHing meetings right now. Stopping it half-way would leave some
            // meetings updated and others not, which an admin cannot tell from a cancelled request; it runs to its end and
            // Undo-CsMeetingMigration takes back what it did. Which worker, and until when, is said: a request whose session
            // was killed is InProgress with nothing running it until its lease runs out (found by an outside probe: the
            // message said "is running" and gave no time).
            // Stopped part-way (handed back by Ctrl+C in -Wait or a stopped service, or its worker's lease run out): nothing runs
            // it, so it is not said to run (an outside probe: "is running" of an undo whose status said no worker held it), and
            // what resumes it is named.
            var live = request.HeldAt(_store.Clock.UtcNow);
            var isUndo = request.Trigger == Triggers.TriggerNames.Undo;
            string why, action;
            if (request.State != MigrationState.InProgress)
            {
                why = $"has finished ({request.State}) and is not in the queue";
                action = "Nothing is queued to stop. Undo-CsMeetingMigration -CorrelationId undoes what a finished request changed.";
            }
            else if (live)
            {
                why = $"is running (InProgress, held by {request.HeldBy} until {UtcText.Of(request.HeldUntil)}): a running request is not stopped half-way";
                action = isUndo
                    ? "Wait until it ends (Get-CsMeetingMigrationStatus). An undo is not undone: to write its meetings again, queue a migration " +
                      "(Start-CsExMeetingMigration), which replaces the undo before its next meeting."
                    : "Wait until it ends (Get-CsMeetingMigrationStatus), then Undo-CsMeetingMigration -CorrelationId undoes what it changed.";
            }
            else
            {
                var worker = request.HeldBy == null ? "held by no worker" : $"its worker {request.HeldBy} stopped: its lease ran out at {UtcText.Of(request.HeldUntil)}";
                why = $"was stopped part-way (InProgress, {worker}): a request stopped part-way is resumed, not taken out of the queue half done";
                action = isUndo ? Worker.MigrationWorker.UndoResumeAdvice(request, null)
                    : $"The service, or Start-CsExMeetingMigration -Identity {QuotedValue.Of(request.UserPrincipalName)} -Wait with the same meeting types, resumes it " +
                      "to its end; then Undo-CsMeetingMigration -CorrelationId undoes what it changed.";
            }
            return new MeetingMigrationException(ErrorIds.RequestNotCancellable, ErrorKind.InvalidOperation,
                $"The request {request.CorrelationId:D} of {request.UserPrincipalName} {why}.", target, action);
        }
    }
}
