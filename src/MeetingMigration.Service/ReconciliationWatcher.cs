using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Service;

/// <summary>
/// The scheduled reconciliation: every ReconcileIntervalMinutes, one pass over the users the store knows finds meetings
/// left stale by changes made outside MeetingMigration and, with ReconcileQueue, queues their users (trigger
/// Reconciliation) for <see cref="QueueWorker"/>. Passes never overlap: the next is scheduled when the last has ended.
/// </summary>
public sealed class ReconciliationWatcher(IMigrationStore store, ServiceConnection connection, ServiceSettings settings, ILogger<ReconciliationWatcher> logger)
    : BackgroundService
{
    private int _completedPasses;

    /// <summary>Passes run to their end since the service started (a failed pass is not counted).</summary>
    public int CompletedPasses => Volatile.Read(ref _completedPasses);

    /// <summary>What the last completed pass found.</summary>
    public ReconciliationPass? LastPass { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.ReconcileIntervalMinutes <= 0)
        {
            logger.LogInformation("Reconciliation off (ReconcileIntervalMinutes is {Minutes}).", settings.ReconcileIntervalMinutes);
            return;
        }
        var reconciler = new StaleMeetingReconciler(connection.Gateway, store, SystemClock.Instance, logger);
        var interval = TimeSpan.FromMinutes(settings.ReconcileIntervalMinutes);
        // Kept in memory: after a restart a capped pass starts from the first user again, which costs reads, not correctness.
        string? resumeAfter = null;
        var failures = new JobFailureLog(logger, "Reconciliation pass", storeLocation: store.Location);
        // One reconciler at a time across the services sharing the store (a second would double Graph reads). A store or
        // Graph outage ends a pass only; the next one starts over from the same user.
        await Leadership.RunWhileLeaderAsync(store, "Reconciliation", interval, logger, failures,
            $"The next one runs in {settings.ReconcileIntervalMinutes} min.", async cancellationToken =>
            {
                var users = await KnownUsers.ListAsync(store, cancellationToken);
                var pass = await reconciler.RunAsync(users, new ReconciliationOptions
                {
                    Queue = settings.ReconcileQueue,
                    DelayBetweenUsers = TimeSpan.FromSeconds(settings.ReconcileDelayBetweenUsersSeconds),
                    MaxUsers = settings.ReconcileMaxUsersPerPass,
                    StartAfter = resumeAfter,
                }, null, null, cancellationToken);
                failures.Succeeded();
                resumeAfter = pass.LastUser;
                LastPass = pass;
                Interlocked.Increment(ref _completedPasses);
                logger.LogInformation("Reconciliation pass: {Checked} of {Listed} users checked ({Left} left to a pending or running request of theirs, {NotChecked} could not be checked), {Stale} with stale meetings ({Meetings} meetings), {Queued} queued{Mode}.",
                    pass.UsersChecked, pass.UsersListed, pass.UsersLeftToTheirRequest, pass.UsersNotChecked, pass.StaleUsers.Count(), pass.StaleMeetings.Count(), pass.Users.Count(u => u.Queued != null),
                    settings.ReconcileQueue ? "" : " (ReconcileQueue is off: logged only)");
            }, stoppingToken);
    }
}
