using Microsoft.Extensions.Hosting;
using MeetingMigration.Engine.Triggers;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// Two services on one store (issue 12): the license trigger's directory reads come from the one holding the leader
/// lease, not from both. (Taking over from a dead holder is the store's test: TenantAndFencingTests.)
/// </summary>
public sealed class LeaderLeaseTests
{
    [Fact]
    public async Task Two_services_on_one_store_read_the_directory_delta_through_one_of_them()
    {
        await using var harness = await ServiceHarness.StartAsync(users: 2, meetingsPerUser: 1, seed: 5);
        // Timed from before the first start: the first service polls while the second starts, and those reads count too.
        harness.Sandbox.ResetStats();
        var watched = System.Diagnostics.Stopwatch.StartNew();
        await harness.StartHostAsync(s => s.TriggerPollSeconds = 1);
        await harness.StartHostAsync(s => s.TriggerPollSeconds = 1);

        await Task.Delay(TimeSpan.FromSeconds(6));
        var seconds = watched.Elapsed.TotalSeconds;
        var reads = harness.Sandbox.GetStats().RequestsByKind.TryGetValue("GET user", out var n) ? n : 0;

        // One poller reads once a second at most (each read is one page here: two users); two would read about twice as often.
        Assert.InRange(reads, 1, (long)Math.Ceiling(seconds) + 1);
        // A service holds the trigger's leader lease: a newcomer does not get it.
        Assert.False(await harness.Store.TryHoldLeadershipAsync(LicenseTriggerWatcher.TriggerName, "someone-else", TimeSpan.FromSeconds(1), default));
    }

    /// <summary>
    /// Found by an outside soak: a service stopped cleanly kept the license trigger's lease (three of its 5-minute intervals),
    /// so the service started in its place did not poll for 11 minutes. A clean stop gives the lease up.
    /// </summary>
    [Fact]
    public async Task A_service_stopped_cleanly_gives_its_leader_leases_up_at_once()
    {
        await using var harness = await ServiceHarness.StartAsync(users: 1, meetingsPerUser: 1, seed: 5);
        var host = await harness.StartHostAsync(s => { s.TriggerPollSeconds = 300; s.ReconcileIntervalMinutes = 60; });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await harness.Store.TryHoldLeadershipAsync(LicenseTriggerWatcher.TriggerName, "probe", TimeSpan.FromTicks(1), default) && DateTime.UtcNow < deadline)
            await Task.Delay(100); // until the service has taken it (the probe's own lease lasts a tick)
        Assert.False(await harness.Store.TryHoldLeadershipAsync(LicenseTriggerWatcher.TriggerName, "someone-else", TimeSpan.FromSeconds(1), default));
        Assert.False(await harness.Store.TryHoldLeadershipAsync("Reconciliation", "someone-else", TimeSpan.FromSeconds(1), default));

        await host.StopAsync(TimeSpan.FromSeconds(10));

        Assert.True(await harness.Store.TryHoldLeadershipAsync(LicenseTriggerWatcher.TriggerName, "someone-else", TimeSpan.FromSeconds(1), default));
        Assert.True(await harness.Store.TryHoldLeadershipAsync("Reconciliation", "someone-else", TimeSpan.FromSeconds(1), default));
    }
}
