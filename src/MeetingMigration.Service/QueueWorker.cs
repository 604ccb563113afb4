using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;

namespace MeetingMigration.Service;

/// <summary>
/// Drains the queue: several request loops in parallel, each taking the next due request under a lease. Stopping the
/// service cancels the attempts; their leases run out and the next start resumes them without re-sending updates.
/// </summary>
public sealed class QueueWorker(IMigrationStore store, ServiceConnection connection, ServiceSettings settings, ILogger<QueueWorker> logger)
    : BackgroundService
{
    // Leases are owned by worker id, so ids must differ between services, and between hosts in one process (tests, or
    // a restarted container that gets the same host name and process id); the random part guarantees that.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("MeetingMigration service: store {Store}, Graph {Graph}, {Parallel} requests at a time.",
            store.Location, settings.GraphEndpoint, settings.MaxParallelRequests);
        var loops = Enumerable.Range(1, Math.Max(1, settings.MaxParallelRequests)).Select(n => LoopAsync(n, stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task LoopAsync(int number, CancellationToken stoppingToken)
    {
        var worker = new MigrationWorker(store, connection.Gateway, $"{Environment.MachineName}:{Environment.ProcessId}:{_instance}:{number}", SystemClock.Instance, logger)
        {
            LeaseDuration = TimeSpan.FromSeconds(Math.Max(3, settings.LeaseSeconds)),
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = await worker.RunNextAsync(null, null, stoppingToken);
                if (done != null)
                {
                    logger.LogInformation("{User}: {State} ({Succeeded}/{Total} meetings). {Message}",
                        done.UserPrincipalName, done.State, done.SucceededMeeting, done.TotalMeeting, done.LastMessage);
                    continue;
                }
                await PurgeAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(settings.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A store or directory outage must not stop the service; the request's lease lets it be retried.
                logger.LogError(e, "Worker loop {Number} failed; retrying shortly.", number);
                await Task.Delay(TimeSpan.FromSeconds(settings.PollSeconds), stoppingToken);
            }
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var configuration = await store.GetTenantMigrationConfigurationAsync(cancellationToken);
        await store.PurgeAsync(DateTime.UtcNow.AddDays(-configuration.StatusRetentionDays), cancellationToken);
    }
}
