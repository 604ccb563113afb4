using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Worker
{
    /// <summary>
    /// Takes requests from the store and runs them: the background service calls it in a loop, and
    /// Start-CsExMeetingMigration -Wait calls it for one request. A lease guards each request; it is renewed while the
    /// attempt runs and runs out if this process dies, so another worker picks the request up and resumes it.
    /// </summary>
    public sealed class MigrationWorker
    {
        private readonly IMigrationStore _store;
        private readonly IMailboxGateway _gateway;
        private readonly IClock _clock;
        private readonly ILogger _logger;

        public MigrationWorker(IMigrationStore store, IMailboxGateway gateway, string workerId, IClock? clock = null, ILogger? logger = null)
        {
            _store = store;
            _gateway = gateway;
            WorkerId = workerId;
            _clock = clock ?? SystemClock.Instance;
            _logger = logger ?? NullLogger.Instance;
        }

        public string WorkerId { get; }
        public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// When the caller stops the worker (the service on SIGTERM or Ctrl+C, an admin pressing Ctrl+C in -Wait), its lease is
        /// handed back at once so another worker resumes the request without waiting for the lease to run out. A process
        /// that dies runs no stop path; tests that simulate one turn this off.
        /// </summary>
        public bool ReleaseLeaseWhenStopped { get; set; } = true;

        /// <param name="last">The attempt's last progress report: its counts are saved only when it ends, so status would
        /// show 0 of 0 meetings for a request stopped half-way through.</param>
        /// <param name="undoScope">For an undo, what it takes back ("" for every migration); null for a migration.</param>
        internal static string StoppedMessage(MigrationRequest request, string? undoScope, DateTime stoppedUtc, MigrationProgress? last) =>
            $"Stopped part-way at {UtcText.Of(stoppedUtc)} (Ctrl+C, or its worker stopping) " +
            (last == null || last.MeetingsSeen == 0 ? "before any meeting was handled" :
                $"after handling {last.MeetingsDone} of the {last.MeetingsSeen} meeting(s) {(last.CalendarRead ? "to migrate" : "found so far")} by then") +
            // Said of that moment: its counts go on with its journal (an undo may settle its interrupted writes meanwhile), and
            // a worker may take it since (HeldBy), which "no worker holds it now" went on denying (an outside probe).
            "; its worker handed it back then. " +
            (undoScope == null
                ? $"The service, or Start-CsExMeetingMigration -Identity {QuotedValue.Of(request.UserPrincipalName)} with the same meeting types, resumes it; meetings already updated are not updated again."
                : UndoResumeAdvice(request, undoScope));

        /// <summary>
        /// What resumes an undo no worker holds: the undo run as before. Not Start-CsExMeetingMigration, which the message
        /// named for every request: Start resumed the undo to its end and then migrated the user again, so the undo was taken
        /// back and every attendee mailed twice (an outside probe followed the advice). A new migration of every kind now
        /// replaces it (an outside re-probe: the text said so of one stopped inside a restore too, which is resumed first).
        /// </summary>
        /// <param name="undoScope">"" for an undo of every migration, the undone request's id, or null when not known.</param>
        internal static string UndoResumeAdvice(MigrationRequest request, string? undoScope) =>
            // One the store queued ahead of a migration: that migration is queued, so an undo asked for now is refused over it
            // (outside probe K followed this advice); its -Wait session resumes the undo first.
            request.QueuedFor is Guid migration
                ? $"The service, or Start-CsExMeetingMigration -Identity {QuotedValue.Of(request.UserPrincipalName)} -Wait (its session resumes this undo before " +
                  $"request {migration:D}, the migration it was queued for), resumes it; meetings already restored are not restored again."
                : "The service, or " +
            (undoScope == null ? "Undo-CsMeetingMigration run as it was (the same -CorrelationId, or -Identity)"
                : undoScope.Length == 0 ? $"Undo-CsMeetingMigration -Identity {QuotedValue.Of(request.UserPrincipalName)} -Wait"
                : $"Undo-CsMeetingMigration -CorrelationId {undoScope} -Wait") +
            ", resumes it; meetings already restored are not restored again. A new Start-CsExMeetingMigration of this user selecting every meeting replaces it " +
            "instead (an undo that has put nothing back yet ends Failed; one that has, or was stopped inside a restore, is resumed first, to settle that restore " +
            "from the meeting and finish a series it put back, then stops); one of a single kind " +
            "(-SourceMeetingType Teams or SfB) leaves it to run.";

        /// <summary>
        /// What status says of an InProgress request whose worker's lease ran out without the request being handed back: its
        /// process died (killed, the machine lost), or it could not renew the lease because the store refused its writes (a
        /// full disk: an outside probe saw "its process ended" of a service that was running). Nothing runs it until a worker
        /// takes the lease over.
        /// </summary>
        /// <param name="isUndo">Whether the request is an undo; <paramref name="undoScope"/> then says what it takes back, when known.</param>
        internal static string AbandonedMessage(MigrationRequest request, bool isUndo = false, string? undoScope = null) =>
            $"Its worker ({request.HeldBy}) stopped without finishing it or handing it back (its process ended, or it could not write to the store to renew its lease); its lease ran out at " +
            $"{UtcText.Of(request.HeldUntil)}. " +
            (isUndo ? UndoResumeAdvice(request, undoScope)
                : $"The service, or Start-CsExMeetingMigration -Identity {QuotedValue.Of(request.UserPrincipalName)} -Wait, resumes it; meetings already updated are not updated again.") +
            (request.LastMessage.Length > 0 ? " Before that: " + request.LastMessage : "");

        /// <summary>Runs the next due request (or only the given one); null when there was nothing to do.</summary>
        public async Task<MigrationRequest?> RunNextAsync(Guid? onlyCorrelationId, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            // With meeting migration turned off, queued requests wait where everyone sees them (Pending) instead of failing.
            // The one read of the tenant configuration for this attempt: the processor and the retry schedule use it.
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!configuration.MeetingMigrationEnabled) return null;
            var lease = await _store.TryLeaseNextAsync(WorkerId, LeaseDuration, onlyCorrelationId, cancellationToken).ConfigureAwait(false);
            if (lease == null) return null;

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewal = RenewWhileRunningAsync(lease, attempt);
            AttemptResult result;
            var latest = new LatestProgress(progress);
            try
            {
                // An undo request restores what the journal says a migration wrote; everything else here is the same for both.
                result = lease.UndoScope is { } undoScope
                    ? await new Undo.UndoProcessor(_gateway, _store, _clock).RunAsync(lease.Request, undoScope, latest, attempt.Token).ConfigureAwait(false)
                    : await new RequestProcessor(_gateway, _store, _clock, _logger).RunAsync(lease.Request, dryRun: false, latest, attempt.Token, configuration).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && ReleaseLeaseWhenStopped)
            {
                // Still InProgress: the journal lets whoever resumes it skip what this attempt already did. Said in its status,
                // which otherwise shows an InProgress request that nothing is running.
                lease.Request.LastMessage = StoppedMessage(lease.Request, lease.UndoScope, _clock.UtcNow, latest.Last);
                await KeepCountsSoFarAsync(lease.Request).ConfigureAwait(false);
                await _store.SaveLeasedAsync(lease, release: true, CancellationToken.None).ConfigureAwait(false);
                _logger.LogInformation("Stopped during request {Request} of {User}; its lease was handed back.", lease.Request.CorrelationId, lease.Request.UserPrincipalName);
                throw;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt.IsCancellationRequested)
            {
                // The lease was lost (the renewal cancelled the attempt): another worker owns the request now, so nothing is saved.
                _logger.LogWarning("Lost the lease on {Request}; left to the worker that took it.", lease.Request.CorrelationId);
                return null;
            }
            catch (GraphCallException e) when (e.IsConnectionDown && !cancellationToken.IsCancellationRequested)
            {
                await HandBackForGraphAsync(lease, e).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when ((!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested) && !StoreFailures.IsDamage(e))
            {
                // A store found damaged is not this request's failure: it goes to the caller unsaved (the service stops, a
                // -Wait session says so), since saving it would write on the damaged file. Found by an outside probe: the
                // request ended Failed with a retry scheduled, written into the damaged store, and the service went on.
                // A cancellation of nobody's asking (neither the caller's nor the lease's) is a failure like any other. Found
                // by an outside probe: one such (a Graph call's timeout) was taken for a lost lease, and the request stayed
                // InProgress, held by a worker that had dropped it, until its lease ran out.
                result = await InterruptedAttempt.ResultAsync(_store, lease.Request.CorrelationId, e, isUndo: lease.UndoScope != null).ConfigureAwait(false);
            }
            finally
            {
                attempt.Cancel();
                await renewal.ConfigureAwait(false);
            }

            var request = lease.Request;
            request.TotalMeeting = result.TotalMeeting;
            request.SucceededMeeting = result.SucceededMeeting;
            request.FailedMeeting = result.FailedMeeting;
            // Counted over all attempts of the request: an update sent by an earlier attempt is not sent again.
            request.InvitesUpdate = result.InvitesUpdate;
            request.LastMessage = result.LastMessage;
            // An attempt that stopped at its first call, the directory look-up, counted nothing: the request keeps what its
            // earlier attempts wrote and mailed (status said 0 updates for a request that had sent them: a Pester test).
            if (result.UserLookupFailed) await KeepCountsSoFarAsync(request).ConfigureAwait(false);
            if (result.ResolvedUserId != null) request.UserId = result.ResolvedUserId;
            if (result.ResolvedUserPrincipalName != null) request.UserPrincipalName = result.ResolvedUserPrincipalName;
            // A retry re-reads the whole calendar: worth it when the attempt as a whole failed (Graph, the mailbox) or a
            // meeting failed on a Graph error, not when every failure is one a retry meets again (two blocks in a body).
            var retryCanHelp = !result.ReplacedByMigration && !result.UserNotFound && (result.FailedMeeting == 0 || result.TransientFailures > 0);
            request.RetryScheduled = !result.Succeeded && retryCanHelp && request.RetryCount < configuration.UserRetryLimit;
            // Failed only once no retry follows, as MMS marks a request Failed after its retries: in between it is Pending.
            request.State = result.Succeeded ? MigrationState.Succeeded : request.RetryScheduled ? MigrationState.Pending : MigrationState.Failed;
            // What to run again: an undo's rerun is an undo (Start would write again what it took back: outside re-probe).
            var rerun = lease.UndoScope != null ? "Undo-CsMeetingMigration" : "Start-CsExMeetingMigration";
            // An undo's refusals come from meetings changed since the migration: running it again helps only if someone puts
            // back the very block the migration wrote (outside re-probe: "until they are changed" read as the wrong advice).
            if (result.UserNotFound)
                request.LastMessage += $" No retry is scheduled: a retry would find the same. Check the address; a user created minutes ago may not be in the directory yet. Then run {rerun} again.";
            else if (!result.Succeeded && !retryCanHelp && !result.ReplacedByMigration && request.RetryCount < configuration.UserRetryLimit)
                request.LastMessage += lease.UndoScope != null
                    ? " No retry is scheduled: a retry would refuse these meetings the same way, since their blocks (or their bodies' format) changed after the migration; they keep what they show now."
                    : $" No retry is scheduled: these meetings fail the same way until they are changed; then run {rerun} again.";
            // The last retry failed, or none was allowed: said, since the request now turns Failed (an outside probe found
            // nothing saying why no retry came; with UserRetryLimit 0 a re-probe read Graph's "Please retry later." last).
            // Not for an undo the store queued ahead of a migration (its message says what that migration does now): run again
            // by hand, an undo of every migration would take back what that migration writes.
            else if (!result.Succeeded && retryCanHelp && request.RetryCount >= configuration.UserRetryLimit)
                request.LastMessage += (request.RetryCount == 0
                    ? " No retry is scheduled: UserRetryLimit is 0 (no automatic retries)."
                    : $" No retry is scheduled: its {request.RetryCount} automatic retries (UserRetryLimit {configuration.UserRetryLimit}) are used up.")
                    + (request.QueuedFor == null ? $" Fix the cause, then run {rerun} again." : "");
            if (request.RetryScheduled)
            {
                // On the store's clock, which the lease query judges it by (a PostgreSQL server's, ahead of or behind this machine's).
                request.NotBefore = _store.Clock.UtcNow + RetrySchedule.DelayBefore(request.RetryCount + 1, configuration.UserRetryLimit, configuration.RetryWindow);
                // Not before the wait Graph asked for is over (found by an outside probe: a retry was spent inside it).
                // Graph's wait is on this worker's clock: moved onto the store's.
                var graphWait = result.RetryNotBefore + (_store.Clock.UtcNow - _clock.UtcNow);
                if (graphWait > request.NotBefore) request.NotBefore = graphWait.Value;
            }
            // Saved whatever the caller's token says: the attempt's work is done, and a stop arriving now (found by an outside
            // soak: SIGTERM as a finished request was saved) left it InProgress, held by an exited process, until its lease ran out.
            if (!await _store.SaveLeasedAsync(lease, release: true, CancellationToken.None).ConfigureAwait(false))
            {
                _logger.LogWarning("The lease on {Request} expired before the attempt was saved.", request.CorrelationId);
                return null;
            }
            return request;
        }

        /// <summary>How long a request waits when the connection is down (Graph unreachable, credentials refused); the service's loops wait as long.</summary>
        public static readonly TimeSpan GraphUnreachableDelay = TimeSpan.FromSeconds(15);

        /// <summary>
        /// The connection is down: Microsoft Graph could not be reached at all (connection refused, a name that does not
        /// resolve), or it refuses the connection's credentials (a token Graph refused after a new one was tried, a sign-in
        /// that failed). Not this user's failure. The request goes back to the queue (Pending, due again after
        /// <see cref="GraphUnreachableDelay"/>) with its counts so far and without using one of its retries; the caller is told
        /// (the exception goes on), so the service pauses its queue and a -Wait session says GraphUnreachable or
        /// AuthenticationFailed. Found by outside probes: a one-minute outage turned every queued request Failed, each
        /// spending a retry, and with a small UserRetryLimit users ended Failed for good though Graph was back; a refused
        /// token did the same to every user queued.
        /// </summary>
        private async Task HandBackForGraphAsync(LeasedRequest lease, GraphCallException down)
        {
            var request = lease.Request;
            var now = _clock.UtcNow;
            await KeepCountsSoFarAsync(request).ConfigureAwait(false);
            // A scheduled retry that met the outage gives its retry back: taking the lease counted it.
            if (lease.CountedRetry && request.RetryCount > 0) request.RetryCount--;
            request.State = MigrationState.Pending;
            request.RetryScheduled = false;
            request.NotBefore = _store.Clock.UtcNow + GraphUnreachableDelay; // the store's clock, as a retry's
            const string reconnect = "connect again with a valid credential (Connect-MeetingMigration, or the service's settings, then restart it).";
            var what = down.IsUnreachable
                ? $"Microsoft Graph could not be reached at {UtcText.Of(now)} ({QuotedValue.Inert(down.Message, 200)})."
                : down.Code == GraphCallException.SignInFailedCode
                ? $"Signing in for Microsoft Graph failed at {UtcText.Of(now)} ({QuotedValue.Inert(down.Message, 300)}); {reconnect}"
                : $"Microsoft Graph refused this connection's credentials at {UtcText.Of(now)} ({QuotedValue.Inert(down.Code, 80)}: {QuotedValue.Inert(down.Message, 300)}); {reconnect}";
            request.LastMessage = what + " " +
                $"That is not this user's failure, so no retry was used: the request is queued again from {UtcText.Of(request.NotBefore)} " +
                "and resumes where it stopped; meetings already updated are not updated again.";
            await _store.SaveLeasedAsync(lease, release: true, CancellationToken.None).ConfigureAwait(false);
            _logger.LogDebug("The connection to Microsoft Graph is down ({Status} {Code}) during request {Request} of {User}; queued again without using a retry.",
                down.Status, down.Code, request.CorrelationId, request.UserPrincipalName);
        }

        /// <summary>
        /// A request left unfinished keeps its counts so far, from the journal: an attempt's own are saved only when it ends,
        /// so status showed 0 of 0 meetings and 0 updates for a request that had updated meetings (outside probe).
        /// </summary>
        private async Task KeepCountsSoFarAsync(MigrationRequest request)
        {
            try
            {
                (await _store.CountJournalAsync(request.CorrelationId, CancellationToken.None).ConfigureAwait(false)).CopyTo(request);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // The store failing too: the counts stay as they were; the save after this says what it can.
                _logger.LogDebug(e, "The journal of {Request} could not be counted.", request.CorrelationId);
            }
        }

        private async Task RenewWhileRunningAsync(LeasedRequest lease, CancellationTokenSource attempt)
        {
            var interval = TimeSpan.FromTicks(LeaseDuration.Ticks / 3);
            try
            {
                while (!attempt.IsCancellationRequested)
                {
                    await Task.Delay(interval, attempt.Token).ConfigureAwait(false);
                    if (!await _store.RenewLeaseAsync(lease, LeaseDuration, CancellationToken.None).ConfigureAwait(false))
                    {
                        attempt.Cancel();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The attempt ended.
            }
        }
    }
}
