using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.Engine.Triggers;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// The scheduled reconciliation in a running service: every user migrated first (so their meetings are current), then one
/// user's coordinates changed in Graph behind the service's back; the pass that runs at start finds that user.
/// </summary>
public sealed class ReconciliationServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly ConferencingSettings ChangedElsewhere =
        new("4400991", "+1 425 555 0991", new[] { "+1 800 555 0991" }, "https://dialin.teams.microsoft.com/changed-elsewhere");

    /// <summary>Every user migrated by a service with reconciliation off, which is then stopped; one user's coordinates then change.</summary>
    private static async Task<(ServiceHarness Harness, GeneratedUser Changed)> MigratedTenantAsync(int seed)
    {
        var h = await ServiceHarness.StartAsync(users: 3, meetingsPerUser: 6, seed: seed);
        await h.EnqueueAsync(h.Tenant.Users);
        var drainer = await h.StartHostAsync();
        await h.WaitForAllSucceededAsync(Deadline);
        await drainer.StopAsync();
        var changed = h.Tenant.Users[1];
        h.Sandbox.State.SetConferencing(changed.UserPrincipalName, ChangedElsewhere);
        h.Sandbox.State.ClearNotifications();
        h.Sandbox.ResetStats();
        return (h, changed);
    }

    private static async Task<ReconciliationWatcher> StartReconcilingAsync(ServiceHarness h, bool queue, int delayBetweenUsersSeconds = 0)
    {
        var host = await h.StartHostAsync(s =>
        {
            s.ReconcileIntervalMinutes = 60;
            s.ReconcileQueue = queue;
            s.ReconcileDelayBetweenUsersSeconds = delayBetweenUsersSeconds;
        });
        return Watcher(host);
    }

    private static ReconciliationWatcher Watcher(IHost host) => host.Services.GetServices<IHostedService>().OfType<ReconciliationWatcher>().Single();

    private static async Task<ReconciliationPass> FirstPassAsync(ReconciliationWatcher watcher)
    {
        await Poll.UntilAsync(() => watcher.CompletedPasses > 0, Deadline, () => "no reconciliation pass completed");
        return watcher.LastPass!;
    }

    private static UserReconciliation Of(ReconciliationPass pass, GeneratedUser user) =>
        pass.Users.Single(u => string.Equals(u.UserPrincipalName, user.UserPrincipalName, StringComparison.OrdinalIgnoreCase));

    private static async Task<List<MigrationRequest>> PendingAsync(ServiceHarness h) =>
        (await h.RequestsAsync()).Where(r => r.State == MigrationState.Pending).ToList();

    [Fact]
    public async Task With_ReconcileQueue_the_pass_queues_the_changed_user_only_with_trigger_Reconciliation_after_the_trigger_delay()
    {
        var (h, changed) = await MigratedTenantAsync(seed: 61);
        await using var _ = h;
        var before = DateTime.UtcNow;

        var pass = await FirstPassAsync(await StartReconcilingAsync(h, queue: true));
        var after = DateTime.UtcNow;

        Assert.Equal(h.Tenant.Users.Count, pass.Users.Count); // every user with a request is known to the store
        var stale = Assert.Single(pass.StaleUsers);
        Assert.Equal(changed.UserPrincipalName, stale.UserPrincipalName, ignoreCase: true);
        Assert.Equal(h.MigratedMeetingsOf(new[] { changed }).Count(), stale.StaleMeetings.Count);
        Assert.All(pass.Users.Where(u => u != stale), u => Assert.Equal(UserCheckOutcome.UpToDate, u.Outcome));
        var request = Assert.Single(await PendingAsync(h));
        Assert.Equal(changed.UserPrincipalName, request.UserPrincipalName, ignoreCase: true);
        Assert.Equal(TriggerNames.Reconciliation, request.Trigger);
        Assert.Equal(MigrationType.ToSameType, request.MigrationType);
        Assert.InRange(request.NotBefore, before.AddMinutes(5), after.AddMinutes(5));
        Assert.Equal(stale.Queued!.CorrelationId, request.CorrelationId);
        // The pass read but wrote nothing; the request waits out its settle window.
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
        Assert.Empty(h.Sandbox.State.GetNotifications());
    }

    [Fact]
    public async Task Without_ReconcileQueue_the_pass_finds_the_changed_user_and_queues_nothing()
    {
        var (h, changed) = await MigratedTenantAsync(seed: 62);
        await using var _ = h;

        var pass = await FirstPassAsync(await StartReconcilingAsync(h, queue: false));

        var stale = Assert.Single(pass.StaleUsers);
        Assert.Equal(changed.UserPrincipalName, stale.UserPrincipalName, ignoreCase: true);
        Assert.NotEmpty(stale.StaleMeetings);
        Assert.Null(stale.Queued);
        Assert.Null(stale.NotQueuedBecause);
        Assert.Empty(await PendingAsync(h));
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
    }

    [Fact]
    public async Task With_MeetingMigrationEnabled_false_the_pass_still_looks_but_queues_nothing()
    {
        var (h, changed) = await MigratedTenantAsync(seed: 63);
        await using var _ = h;
        var configuration = await h.Store.GetTenantMigrationConfigurationAsync(default);
        configuration.MeetingMigrationEnabled = false;
        await h.Store.SaveTenantMigrationConfigurationAsync(configuration, default);

        var pass = await FirstPassAsync(await StartReconcilingAsync(h, queue: true));

        var stale = Assert.Single(pass.StaleUsers);
        Assert.Equal(changed.UserPrincipalName, stale.UserPrincipalName, ignoreCase: true);
        Assert.Null(stale.Queued);
        Assert.Equal("MeetingMigrationEnabled is false", stale.NotQueuedBecause);
        Assert.Empty(await PendingAsync(h));
    }

    [Fact]
    public async Task Reconciliation_is_off_by_default_and_a_running_pass_stops_cleanly_with_the_service()
    {
        var (h, _) = await MigratedTenantAsync(seed: 64);
        await using var harness = h;

        // Off, the loop ends without a pass while the service goes on (its other loops never end on their own).
        var idle = Watcher(await h.StartHostAsync());
        await Poll.UntilAsync(() => idle.ExecuteTask!.IsCompleted, Deadline, () => "the reconciliation loop kept running with the default settings");
        Assert.True(idle.ExecuteTask!.IsCompletedSuccessfully, $"{idle.ExecuteTask.Status}");
        Assert.Equal(0, idle.CompletedPasses);
        Assert.Empty(await PendingAsync(h));

        // An hour between users: once the first user's calendar has been read, the pass is sure to be waiting mid-way.
        var host = await h.StartHostAsync(s => { s.ReconcileIntervalMinutes = 60; s.ReconcileQueue = true; s.ReconcileDelayBetweenUsersSeconds = 3600; });
        var busy = Watcher(host);
        await Poll.UntilAsync(() => h.Sandbox.GetStats().Mailboxes.Any(m => m.Requests > 0), Deadline, () => "the pass read no calendar");
        await host.StopAsync(TimeSpan.FromSeconds(30));

        Assert.True(busy.ExecuteTask!.IsCompletedSuccessfully, $"the reconciliation loop did not end cleanly: {busy.ExecuteTask.Status}");
        Assert.Equal(0, busy.CompletedPasses);
    }
}
