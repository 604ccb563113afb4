using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.Service;

/// <summary>
/// Runs the Audio Conferencing license trigger every TriggerPollSeconds. The requests it queues wait out the tenant's
/// TriggerDelay and are then taken by <see cref="QueueWorker"/> like any other.
/// </summary>
public sealed class TriggerWatcher(IMigrationStore store, ServiceConnection connection, ServiceSettings settings, ILogger<TriggerWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.TriggerPollSeconds <= 0)
        {
            logger.LogInformation("License trigger off (TriggerPollSeconds is {Seconds}).", settings.TriggerPollSeconds);
            return;
        }
        var watcher = new LicenseTriggerWatcher(store, connection.DirectoryDelta, SystemClock.Instance, logger);
        var interval = TimeSpan.FromSeconds(settings.TriggerPollSeconds);
        bool? leader = null; // null until the first ask (Leadership.HoldAsync)
        var owner = Leadership.NewOwner();
        var failures = new JobFailureLog(logger, "License trigger pass", storeLocation: store.Location);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Several services may share the store: one of them polls (the trigger state's compare-and-swap would keep
                    // two correct, but each would read the whole delta).
                    leader = await Leadership.HoldAsync(store, LicenseTriggerWatcher.TriggerName, owner, interval, leader, logger, stoppingToken);
                    if (leader == false)
                    {
                        await Task.Delay(interval, stoppingToken);
                        continue;
                    }
                    var pass = await watcher.RunOnceAsync(stoppingToken);
                    failures.Succeeded();
                    if (pass.Changed.Count > 0)
                        logger.LogInformation("License trigger: {Changed} changed users, {Queued} queued.", pass.Changed.Count, pass.Queued.Count);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Nothing is saved by a failed pass, so the next one reads the same changes again.
                    failures.Failed(e, $"Retrying in {settings.TriggerPollSeconds} s.");
                }
                try
                {
                    await Task.Delay(interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            // Given up on the way out, however the loop ended, so the next service need not wait for it to run out.
            if (leader == true) await Leadership.ReleaseAsync(store, LicenseTriggerWatcher.TriggerName, owner, logger);
        }
    }
}
