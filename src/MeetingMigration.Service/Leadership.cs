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

    /// <summary>True when this service should run the job's pass now; logs once each time leadership changes hands here.</summary>
    public static async Task<bool> HoldAsync(IMigrationStore store, string job, string owner, TimeSpan interval, bool wasLeader, ILogger logger, CancellationToken cancellationToken)
    {
        var leader = await store.TryHoldLeadershipAsync(job, owner, LeaseFor(interval), cancellationToken);
        if (leader && !wasLeader) logger.LogInformation("{Job}: this service runs it (leader lease taken).", job);
        if (!leader && wasLeader) logger.LogWarning("{Job}: another service took the leader lease; this one stops running it.", job);
        if (!leader && !wasLeader) logger.LogDebug("{Job}: another service holds the leader lease.", job);
        return leader;
    }
}
