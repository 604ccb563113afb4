using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Worker
{
    /// <summary>
    /// Runs one queued request to its end in this process: what Start-CsExMeetingMigration -Wait and
    /// Undo-CsMeetingMigration -Wait do. If a worker elsewhere (the service) holds the request, its result is waited for.
    /// </summary>
    public sealed class SessionRunner
    {
        private readonly IMigrationStore _store;
        private readonly MigrationWorker _worker;

        public SessionRunner(IMigrationStore store, MigrationWorker worker)
        {
            _store = store;
            _worker = worker;
        }

        /// <summary>How often the store is asked again while the request waits for another worker.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Runs <paramref name="queued"/> until an attempt of it ends (Succeeded, Failed, or Pending again with a retry scheduled).
        /// </summary>
        /// <param name="waiting">Called once if another request of the same user holds a lease this one has to wait out.</param>
        /// <param name="resumed">Called with each such request this session resumed and ran to its end first.</param>
        /// <param name="ranAhead">Called with each request of the same user queued ahead of this one that this session ran first.</param>
        public async Task<MigrationRequest> RunToEndAsync(MigrationRequest queued, IProgress<MigrationProgress>? progress,
            Action<RunningRequest>? waiting, Action<MigrationRequest>? resumed, Action<MigrationRequest>? ranAhead, CancellationToken cancellationToken)
        {
            var warned = false;
            var ranFirst = new HashSet<(Guid, DateTime)>();
            while (true)
            {
                // A request of the same user queued ahead of this one (an undo queued before a migration of one kind) runs
                // first, here, as the service would run them: run after this one, it took back meetings this one had just
                // written, or left to it meetings it had already passed, and attendees were mailed once more than queue order
                // mails them (an outside probe's findings since 2026-12-05 came from that order). Each at most once per due
                // time: one that ends waiting for its retry is no longer due, and the queue then runs this one too, unless this
                // one waits for that retry (an undo queued ahead of it to finish a Failed undo's series), which runs first again.
                var ahead = await _store.GetQueuedAheadAsync(queued, cancellationToken).ConfigureAwait(false);
                if (ahead != null && ranFirst.Add((ahead.CorrelationId, ahead.NotBefore)))
                {
                    var ended = await _worker.RunNextAsync(ahead.CorrelationId, progress, cancellationToken).ConfigureAwait(false);
                    if (ended != null) ranAhead?.Invoke(ended);
                    continue;
                }

                // A request of the same user whose holder died (a killed session, a crashed service) keeps the user's
                // requests waiting until its lease runs out. Then it is resumed here first: run after it instead, it would
                // stay InProgress for ever where no service runs, though this request did its work.
                var other = await _store.GetOtherRunningAsync(queued, cancellationToken).ConfigureAwait(false);
                if (other != null && other.LeaseExpires < _store.Clock.UtcNow) // a lease is judged by the store's clock
                {
                    var ended = await _worker.RunNextAsync(other.CorrelationId, progress, cancellationToken).ConfigureAwait(false);
                    if (ended != null)
                    {
                        resumed?.Invoke(ended);
                        continue;
                    }
                }

                var finished = await _worker.RunNextAsync(queued.CorrelationId, progress, cancellationToken).ConfigureAwait(false);
                if (finished != null) return finished;
                var current = await _store.GetAsync(queued.CorrelationId, cancellationToken).ConfigureAwait(false);
                if (current == null)
                    throw new MeetingMigrationException(ErrorIds.MigrationFailed, ErrorKind.ObjectNotFound,
                        $"The request {queued.CorrelationId} disappeared from the store.", queued.UserPrincipalName, "Queue the user again.");
                // Ended since it was queued. Judged by its state, not by comparing this machine's clock with the time the
                // worker that ran it wrote: a service on another machine whose clock is behind would leave -Wait waiting for ever.
                // An attempt that failed with a retry to come has ended too (Pending again, for the retry).
                if (current.AttemptEnded && (!queued.AttemptEnded || current.ModifiedDate > queued.ModifiedDate))
                    return current;
                if (current.State == MigrationState.Pending &&
                    !(await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false)).MeetingMigrationEnabled)
                    throw new MeetingMigrationException(ErrorIds.MigrationDisabled, ErrorKind.NotEnabled,
                        $"Meeting migration was turned off for the tenant while waiting; the request of {current.UserPrincipalName} stays Pending.",
                        queued.UserPrincipalName, "Turn it on with Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true; the request then runs.");
                if (!warned && other != null && current.State == MigrationState.Pending)
                {
                    warned = true;
                    waiting?.Invoke(other);
                }
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
