using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

public sealed class CrashResumeTests
{
    [Fact]
    public async Task A_worker_that_dies_mid_run_is_resumed_by_another_and_no_attendee_gets_a_second_update()
    {
        var clock = new ManualClock(DateTime.UtcNow);
        await using var h = await MigrationHarness.StartAsync(users: 1, meetingsPerUser: 40, seed: 8, clock: clock);
        var upn = h.Tenant.Users[0].UserPrincipalName;
        h.Sandbox.State.SetConferencing(upn, new ConferencingSettings("7040001", "+1 425 555 0170", new[] { "+1 800 555 0170" }, "https://dialin.example.com/r"));
        h.Sandbox.Faults = new SandboxFaults { LatencyMs = 15 };
        var queued = await h.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(upn), SourceMeetingType.Teams, TargetMeetingType.Current), default);

        // The first worker dies (its attempt is abandoned mid-way, nothing saved) after a few meetings were updated.
        var first = new MigrationWorker(h.Store, h.Graph.Gateway, "doomed", clock) { LeaseDuration = TimeSpan.FromMinutes(1), ReleaseLeaseWhenStopped = false };
        using var kill = new CancellationTokenSource();
        var run = first.RunNextAsync(queued.Request.CorrelationId, null, kill.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (h.Sandbox.State.GetNotifications(kind: "update").Count < 3 && DateTime.UtcNow < deadline && !run.IsCompleted) await Task.Delay(5);
        kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var updatedBeforeCrash = h.Sandbox.State.GetNotifications(kind: "update").Select(n => n.ICalUId).Distinct().Count();
        Assert.True(updatedBeforeCrash >= 1, "the crash came before any update: the test proves nothing");
        Assert.Equal(MigrationState.InProgress, (await h.Store.GetAsync(queued.Request.CorrelationId, default))!.State);

        // While the dead worker's lease runs, nobody else may take the request; once it has run out, another worker resumes.
        var second = new MigrationWorker(h.Store, h.Graph.Gateway, "survivor", clock);
        Assert.Null(await second.RunNextAsync(queued.Request.CorrelationId, null, default));
        clock.Advance(TimeSpan.FromMinutes(2));
        h.Sandbox.Faults = new SandboxFaults();
        var done = await second.RunNextAsync(queued.Request.CorrelationId, null, default);

        Assert.NotNull(done);
        var duplicates = h.Sandbox.State.GetNotifications(kind: "update")
            .GroupBy(n => (n.Recipient, n.EventId, n.OccurrenceStart)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        var migrated = h.ExpectationsOf(upn).Where(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams).ToList();
        foreach (var meeting in migrated)
        {
            var item = await h.Graph.Gateway.GetEventAsync(upn, h.EventIds[meeting.ICalUId], default);
            Assert.Contains("7040001", item!.Body);
        }
        // Updates sent before the crash count once: InvitesUpdate covers the whole request, not only the resumed attempt.
        Assert.Equal(h.Sandbox.State.GetNotifications(kind: "update").Select(n => n.ICalUId).Distinct().Count(), done!.InvitesUpdate);
    }
}
