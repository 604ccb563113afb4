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
        var watcher = new LicenseTriggerWatcher(store, connection.DirectoryDelta, logger);
        var interval = TimeSpan.FromSeconds(settings.TriggerPollSeconds);
        var failures = new JobFailureLog(logger, "License trigger pass", storeLocation: store.Location);
        // Several services may share the store: one of them polls (the trigger state's compare-and-swap would keep two
        // correct, but each would read the whole delta). Nothing is saved by a failed pass, so the next one reads the same
        // changes again.
        await Leadership.RunWhileLeaderAsync(store, LicenseTriggerWatcher.TriggerName, interval, logger, failures,
            $"Retrying in {settings.TriggerPollSeconds} s.", async cancellationToken =>
            {
                var pass = await watcher.RunOnceAsync(cancellationToken);
                failures.Succeeded();
                if (pass.Changed.Count > 0)
                    logger.LogInformation("License trigger: {Changed} changed users, {Queued} queued.", pass.Changed.Count, pass.Queued.Count);
            }, stoppingToken);
    }
}
