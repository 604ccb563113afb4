using MeetingMigration.Engine.Store;

namespace MeetingMigration.Service;

/// <summary>
/// Which service of those sharing a store runs a singleton job (the license trigger's poller, the reconciler): the holder
/// of the job's leader lease in the store. The lease lasts three of the job's intervals, so the holder keeps it by asking
/// once per interval, and a dead holder's job resumes on another service within three intervals.
/// </summary>
public static class Leadership
{
    /// <summary>
    /// A new lease holder's name: the host and process (for the admin reading leader_leases) and a unique part, so a
    /// restarted service, or a second host in one process, is a holder of its own.
    /// </summary>
    public static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public static TimeSpan LeaseFor(TimeSpan interval) => TimeSpan.FromTicks(Math.Max(interval.Ticks * 3, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>
    /// True when this service should run the job's pass now; logs once each time leadership changes hands here.
    /// <paramref name="wasLeader"/> is null at the service's first ask, when finding the lease held is said once, with how
    /// long the job may wait: the holder may be a service that died without giving it up.
    /// </summary>
    public static async Task<bool> HoldAsync(IMigrationStore store, string job, string owner, TimeSpan interval, bool? wasLeader, ILogger logger, CancellationToken cancellationToken)
    {
        var leader = await store.TryHoldLeadershipAsync(job, owner, LeaseFor(interval), cancellationToken);
        if (leader && wasLeader != true) logger.LogInformation("{Job}: this service runs it (leader lease taken).", job);
        if (!leader && wasLeader == true) logger.LogWarning("{Job}: another service took the leader lease; this one stops running it.", job);
        if (!leader && wasLeader == null)
            logger.LogInformation("{Job}: another service holds the leader lease; this one runs the job if that lease is not renewed (at most {Minutes:0.#} min).",
                job, LeaseFor(interval).TotalMinutes);
        if (!leader && wasLeader == false) logger.LogDebug("{Job}: another service holds the leader lease.", job);
        return leader;
    }

    /// <summary>
    /// A singleton job's life on this service: before each pass the job's leader lease is asked for, and the pass runs only
    /// while this service holds it; a failed pass is logged through <paramref name="failures"/> (<paramref name="whatNext"/>
    /// says when the next runs) and the next pass comes an interval later; the lease is given up when the service stops,
    /// however the loop ended. The pass reports its own success to <paramref name="failures"/>.
    /// </summary>
    public static async Task RunWhileLeaderAsync(IMigrationStore store, string job, TimeSpan interval, ILogger logger, JobFailureLog failures,
        string whatNext, Func<CancellationToken, Task> pass, CancellationToken stoppingToken)
    {
        bool? leader = null; // null until the first ask (HoldAsync)
        var owner = NewOwner();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    leader = await HoldAsync(store, job, owner, interval, leader, logger, stoppingToken);
                    if (leader == true) await pass(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    failures.Failed(e, whatNext);
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
            // Given up on the way out, so the next service need not wait for it to run out.
            if (leader == true) await ReleaseAsync(store, job, owner, logger);
        }
    }

    /// <summary>
    /// A stopping service gives its leader lease up, so a restarted or other service runs the job at once instead of after
    /// up to three intervals (found by an outside soak: after a clean stop and start, the license trigger did not run for
    /// 11 minutes, silently). A store that cannot be written now only means the lease runs out as it would have.
    /// </summary>
    private static async Task ReleaseAsync(IMigrationStore store, string job, string owner, ILogger logger)
    {
        try
        {
            await store.ReleaseLeadershipAsync(job, owner, CancellationToken.None);
            logger.LogInformation("{Job}: leader lease given up (the service is stopping).", job);
        }
        catch (Exception e)
        {
            logger.LogWarning("{Job}: the leader lease could not be given up ({Reason}); another service takes it when it runs out.", job, e.Message);
        }
    }
}
