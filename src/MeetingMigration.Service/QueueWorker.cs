using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;

namespace MeetingMigration.Service;

/// <summary>
/// Drains the queue: up to MaxParallelRequests requests (mailboxes) at once, each under a lease. Idle loops do not poll
/// the store themselves: one watcher asks the store every PollSeconds when the next request is due (a cheap read) and
/// wakes them then, so a request queued by Start-CsExMeetingMigration in another process starts within a fraction of a
/// second. Stopping the service cancels the attempts and hands their leases back for the next start to resume.
/// </summary>
public sealed class QueueWorker(IMigrationStore store, ServiceConnection connection, ServiceSettings settings, ServiceFault fault, ILogger<QueueWorker> logger)
    : BackgroundService
{
    // Leases are owned by worker id, so ids must differ between services, and between hosts in one process (tests, or
    // a restarted container that gets the same host name and process id); the random part guarantees that.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];
    private readonly object _gate = new();
    private readonly JobFailureLog _watchFailures = new(logger, "The queue watcher", storeLocation: store.Location);
    private readonly JobFailureLog _loopFailures = new(logger, "A worker loop", storeLocation: store.Location);
    private readonly JobFailureLog _graphFailures = new(logger, "Reaching Microsoft Graph", storeLocation: store.Location);
    private TaskCompletionSource _work = NewSignal();
    /// <summary>
    /// Microsoft Graph could not be reached (guarded by _gate): the loops take no request until the pause ends, then one
    /// loop finds out whether it is back while the others wait for its answer, so an outage costs one attempt per pause,
    /// not one per loop (found by an outside probe: 46 failed passes in 76 s for a log that said "every 15 s").
    /// </summary>
    private bool _graphDown;
    private bool _graphProbing;
    private DateTime _graphPausedUntil = DateTime.MinValue;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("MeetingMigration service: store {Store}, Graph {Graph}, {Parallel} requests at a time.",
            store.Location, settings.GraphEndpoint, settings.MaxParallelRequests);
        if (StoreClockNotice.For(store.Clock.UtcNow - DateTime.UtcNow) is { } clockNotice) logger.LogWarning("{Notice}", clockNotice);
        if (store.Upgraded is { } upgraded) logger.LogWarning("{Notice}", upgraded.Notice);
        var loops = Enumerable.Range(1, settings.MaxParallelRequests).Select(n => LoopAsync(n, stoppingToken)).ToList();
        loops.Add(WatchAsync(stoppingToken));
        await Task.WhenAll(loops);
    }

    /// <summary>Wakes the idle loops whenever a request is due; purges expired status records now and then.</summary>
    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(settings.PollSeconds);
        var lastPurge = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var dueIn = await store.TimeUntilNextDueAsync(stoppingToken);
                _watchFailures.Succeeded();
                if (dueIn <= TimeSpan.Zero) Wake();
                if (DateTime.UtcNow - lastPurge > TimeSpan.FromMinutes(10))
                {
                    await PurgeAsync(stoppingToken);
                    lastPurge = DateTime.UtcNow;
                }
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (fault.StopIfFatal(e))
            {
                return;
            }
            catch (Exception e)
            {
                _watchFailures.Failed(e, $"Retrying in {settings.PollSeconds} s.", sameOutage: _loopFailures);
                await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Wake()
    {
        lock (_gate)
        {
            _work.TrySetResult();
            _work = NewSignal();
        }
    }

    private void PauseForGraph()
    {
        lock (_gate)
        {
            _graphDown = true;
            _graphProbing = false;
            _graphPausedUntil = DateTime.UtcNow + MigrationWorker.GraphUnreachableDelay;
        }
    }

    /// <summary>How long this loop waits before it takes a request: zero when Graph is not known to be down, or when this
    /// loop is the one to find out whether it is back.</summary>
    private TimeSpan GraphPause()
    {
        lock (_gate)
        {
            if (!_graphDown) return TimeSpan.Zero;
            var left = _graphPausedUntil - DateTime.UtcNow;
            if (left > TimeSpan.Zero) return left;
            if (_graphProbing) return TimeSpan.FromSeconds(1);
            _graphProbing = true;
            return TimeSpan.Zero;
        }
    }

    /// <summary>A pass ended without Graph being unreachable: with a request run, Graph is back; without one, nothing was
    /// learnt, and the next loop that takes a request finds out.</summary>
    private void GraphAnswered(bool ranRequest)
    {
        lock (_gate)
        {
            _graphProbing = false;
            if (ranRequest) _graphDown = false;
        }
    }

    /// <summary>
    /// How a request's end is logged: a failed one (its retry to come or not) at Warning, so that a log read at Warning lists the users who need an
    /// admin (found by an outside probe: a 78,010-line log of a bulk run with 2,150 failed users had no line above
    /// Information); the rest at Information.
    /// </summary>
    public static LogLevel LevelOf(MigrationRequest done) => done.State == MigrationState.Failed || done.AwaitingRetry ? LogLevel.Warning : LogLevel.Information;

    /// <summary>The state logged at a request's end: one whose attempt failed and whose retry is to come is Pending for it.</summary>
    public static string StateOf(MigrationRequest done) => done.AwaitingRetry ? "Pending for a retry" : done.State.ToString();

    /// <summary>
    /// A failed attempt's retry, when one is scheduled: a retried user has one Warning line per attempt (an outside probe
    /// counted 11,897 for 6,897 failed users), and each says which retry comes next and when, as -Wait's error does.
    /// </summary>
    public static string RetryNote(MigrationRequest done) =>
        done.AwaitingRetry
            ? $" Retry {done.RetryCount + 1} is scheduled for {UtcText.Of(done.NotBefore)}."
            : "";

    private Task NextWakeAsync()
    {
        lock (_gate) return _work.Task;
    }

    private async Task LoopAsync(int number, CancellationToken stoppingToken)
    {
        var worker = new MigrationWorker(store, connection.Gateway, $"{Environment.MachineName}:{Environment.ProcessId}:{_instance}:{number}", SystemClock.Instance, new WithoutAttemptSummaries(logger))
        {
            LeaseDuration = TimeSpan.FromSeconds(settings.LeaseSeconds),
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var paused = GraphPause();
                if (paused > TimeSpan.Zero)
                {
                    await Task.Delay(paused, stoppingToken);
                    continue;
                }
                // Taken before the lease attempt: a wake that comes while this loop looks is not missed.
                var wake = NextWakeAsync();
                var done = await worker.RunNextAsync(null, null, stoppingToken);
                GraphAnswered(done != null);
                _loopFailures.Succeeded();
                // Graph works again once a request got something done (one that failed proves little: it logged "works
                // again" in the middle of an outage, found by an outside probe).
                if (done != null && (done.State == MigrationState.Succeeded || done.SucceededMeeting > 0)) _graphFailures.Succeeded();
                if (done != null)
                {
                    // The attempt's one line: the engine's own summary of it is left out (WithoutAttemptSummaries).
                    // The message with its own leading space, so a line without one ends at its period (it ended in a space).
                    logger.Log(LevelOf(done), "{User}: {State} ({Succeeded}/{Total} meetings, {Failed} failed, {Invites} updates sent).{Message}{Retry}",
                        done.UserPrincipalName, StateOf(done), done.SucceededMeeting, done.TotalMeeting, done.FailedMeeting, done.InvitesUpdate,
                        done.LastMessage.Length == 0 ? "" : " " + done.LastMessage, RetryNote(done));
                    continue;
                }
                await wake.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (fault.StopIfFatal(e))
            {
                return;
            }
            catch (GraphCallException e) when (e.IsConnectionDown)
            {
                // Graph cannot be reached at all, or refuses the service's credentials: its request went back to the queue
                // without using a retry, and no loop takes another until the pause is over, so an outage (or an expired
                // client secret) neither churns through the whole queue nor logs one line per request (found by outside
                // probes: every queued request was Failed within seconds, each spending a retry).
                PauseForGraph();
                // "If it keeps failing": a new token refused once can pass (outside probe W saw the service told to fix
                // settings that were right, and then recover by itself).
                var fix = e.IsUnreachable ? "" : " If it keeps failing, fix the service's credential settings (docs/service.md) and restart it; until then nothing is migrated.";
                _graphFailures.Failed(e, $"Requests wait in the queue, using none of their retries; the service tries again every {MigrationWorker.GraphUnreachableDelay.TotalSeconds:0} s.{fix}");
            }
            catch (Exception e)
            {
                GraphAnswered(false);
                // A store or directory outage must not stop the service; the request's lease lets it be retried.
                _loopFailures.Failed(e, $"Loop {number} retries in {Math.Max(1, settings.PollSeconds)} s; its request's lease lets another take it.", sameOutage: _watchFailures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.PollSeconds)), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var configuration = await store.GetTenantMigrationConfigurationAsync(cancellationToken);
        await store.PurgeAsync(DateTime.UtcNow.AddDays(-configuration.StatusRetentionDays), cancellationToken);
    }
}
