using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace MeetingMigration.Service.Tests;

public sealed class ServiceQueueTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_service_host_drains_queued_requests_to_Succeeded()
    {
        await using var h = await ServiceHarness.StartAsync(users: 3, meetingsPerUser: 10, seed: 21);
        var queued = await h.EnqueueAsync(h.Tenant.Users);

        await h.StartHostAsync();
        await h.WaitForAllSucceededAsync(Deadline);

        var requests = await h.RequestsAsync();
        Assert.Equal(queued.Select(r => r.CorrelationId).OrderBy(x => x), requests.Select(r => r.CorrelationId).OrderBy(x => x));
        var meetings = h.MigratedMeetingsOf(h.Tenant.Users).ToList();
        Assert.NotEmpty(meetings);
        Assert.Empty(h.MissingUpdates(meetings));
        Assert.Empty(h.DuplicateUpdates());
        Assert.Equal(meetings.Count, requests.Sum(r => r.InvitesUpdate));
    }

    /// <summary>
    /// A store a PostgreSQL server holds stamps requests with the server's time. The queue watcher compared that due time
    /// with this machine's clock, so a machine whose clock was behind the server's woke its idle loops that much late:
    /// with ten minutes, a request queued by Start-CsExMeetingMigration waited ten minutes for its first update.
    /// </summary>
    [Fact]
    public async Task A_service_whose_machine_is_behind_the_stores_clock_runs_queued_work_without_waiting_out_the_offset()
    {
        await using var h = await ServiceHarness.StartAsync(users: 1, meetingsPerUser: 4, seed: 27);
        var server = new OffsetClock(TimeSpan.FromMinutes(10)); // the store's clock, ten minutes ahead of this machine's
        await h.StartHostAsync(storeClock: server);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the loops have looked at the empty queue and wait for the watcher

        // Queued as a session would on that server: stamped with its time.
        using (var session = Engine.Store.SqliteMigrationStore.Open(h.StorePath, server))
            await session.EnqueueAsync(new Engine.Store.EnqueueRequest(UserIdentity.Parse(h.Tenant.Users[0].UserPrincipalName), SourceMeetingType.All, TargetMeetingType.Current), default);

        await h.WaitForAllSucceededAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(h.DuplicateUpdates());
    }

    [Fact]
    public async Task Two_hosts_on_one_store_never_process_a_request_twice()
    {
        await using var h = await ServiceHarness.StartAsync(users: 8, meetingsPerUser: 8, seed: 22);
        // A little latency keeps both hosts' loops busy at once, so they really compete for the queue.
        h.Sandbox.Faults = new SandboxFaults { LatencyMs = 5 };
        await h.EnqueueAsync(h.Tenant.Users);

        await Task.WhenAll(h.StartHostAsync(s => s.MaxParallelRequests = 3), h.StartHostAsync(s => s.MaxParallelRequests = 3));
        await h.WaitForAllSucceededAsync(Deadline);

        var meetings = h.MigratedMeetingsOf(h.Tenant.Users).ToList();
        Assert.NotEmpty(meetings);
        Assert.Empty(h.DuplicateUpdates());
        Assert.Empty(h.MissingUpdates(meetings));
        var requests = await h.RequestsAsync();
        Assert.All(requests, r => Assert.Equal(0, r.RetryCount));
        Assert.Equal(meetings.Count, requests.Sum(r => r.InvitesUpdate));
    }

    /// <summary>
    /// Found by an outside probe: with Graph unreachable for a minute, every queued request was Failed within seconds, each
    /// spending one of its retries. Now the attempt that meets the outage puts its request back (Pending, no retry used)
    /// and the queue pauses, so the other requests are not even tried.
    /// </summary>
    [Fact]
    public async Task With_Graph_unreachable_the_queue_pauses_and_no_request_fails_or_spends_a_retry()
    {
        await using var h = await ServiceHarness.StartAsync(users: 8, meetingsPerUser: 2, seed: 24);
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // bound, not listening: connections are refused
        var unreachable = $"http://127.0.0.1:{((System.Net.IPEndPoint)closed.LocalEndPoint!).Port}/v1.0";
        var queued = await h.EnqueueAsync(h.Tenant.Users);

        await h.StartHostAsync(s => { s.GraphEndpoint = unreachable; s.MaxParallelRequests = 2; s.PollSeconds = 0.2; });
        await Poll.UntilAsync(async () => (await h.RequestsAsync()).Any(r => r.LastMessage.Contains("could not be reached")), Deadline, () => "no attempt met the outage");
        await Task.Delay(TimeSpan.FromSeconds(3)); // time enough for loops that did not pause to try every request

        var requests = await h.RequestsAsync();
        Assert.All(requests, r => Assert.Equal((MigrationState.Pending, 0), (r.State, r.RetryCount)));
        var tried = requests.Count(r => r.LastMessage.Contains("could not be reached"));
        Assert.InRange(tried, 1, 2); // the loops' first attempts; then the queue waits
        Assert.All(requests.Where(r => r.LastMessage.Length > 0), r => Assert.Contains("no retry was used", r.LastMessage));

        // When the pause is over, one loop finds out whether Graph is back; the other waits for its answer.
        await Task.Delay(MeetingMigration.Engine.Worker.MigrationWorker.GraphUnreachableDelay);
        var after = (await h.RequestsAsync()).Count(r => r.LastMessage.Contains("could not be reached"));
        Assert.Equal(tried + 1, after);
    }

    /// <summary>
    /// Found by an outside probe: an access token Graph refused (as an expired client secret would leave the service) turned
    /// every queued user's attempt into a failure, each spending a retry, until every user was Failed for good. Now the
    /// queue pauses as for Graph unreachable, nobody's retries are used, and the work resumes once the credential is good.
    /// </summary>
    [Fact]
    public async Task With_the_credentials_refused_the_queue_pauses_and_resumes_when_they_are_accepted_again()
    {
        await using var h = await ServiceHarness.StartAsync(users: 6, meetingsPerUser: 2, seed: 25);
        // The harness's fixed token was never issued by the sandbox: with tokens checked, Graph refuses it, and it cannot be renewed.
        h.Sandbox.Tokens = new SandboxTokenSettings { CheckTokens = true };
        var queued = await h.EnqueueAsync(h.Tenant.Users);

        await h.StartHostAsync(s => { s.MaxParallelRequests = 2; s.PollSeconds = 0.2; });
        await Poll.UntilAsync(async () => (await h.RequestsAsync()).Any(r => r.LastMessage.Contains("refused this connection's credentials")), Deadline, () => "no attempt met the refused token");
        await Task.Delay(TimeSpan.FromSeconds(3)); // time enough for loops that did not pause to try every request

        var requests = await h.RequestsAsync();
        Assert.All(requests, r => Assert.Equal((MigrationState.Pending, 0, false), (r.State, r.RetryCount, r.RetryScheduled)));
        Assert.InRange(requests.Count(r => r.LastMessage.Contains("refused this connection's credentials")), 1, 2);
        Assert.Empty(h.Sandbox.State.GetNotifications(kind: "update"));

        h.Sandbox.Tokens = new SandboxTokenSettings(); // the credential is good again
        await h.WaitForAllSucceededAsync(Deadline);
        Assert.All(await h.RequestsAsync(), r => Assert.Equal(0, r.RetryCount));
        Assert.Empty(h.DuplicateUpdates());
        Assert.Empty(h.MissingUpdates(h.MigratedMeetingsOf(h.Tenant.Users).ToList()));
    }

    [Fact]
    public async Task A_host_stopped_mid_run_is_resumed_by_another_without_duplicate_updates()
    {
        await using var h = await ServiceHarness.StartAsync(users: 1, meetingsPerUser: 30, seed: 23);
        var user = h.Tenant.Users[0];
        var meetings = h.MigratedMeetingsOf(new[] { user }).ToList();
        Assert.True(meetings.Count >= 5, $"only {meetings.Count} meetings to migrate; the run would be too short to interrupt");
        var request = (await h.EnqueueAsync(new[] { user })).Single();
        // Latency makes the run last seconds; a short lease lets the second host take over soon after the first dies.
        h.Sandbox.Faults = new SandboxFaults { LatencyMs = 30 };
        var first = await h.StartHostAsync(s => { s.MaxParallelRequests = 1; s.LeaseSeconds = 3; });

        await Poll.UntilAsync(() => h.Sandbox.State.GetNotifications(kind: "update").Count > 0, Deadline, () => "no update was ever sent", 5);
        // Freeze the sandbox: every further call waits (cancellably) so the first host cannot finish before it is stopped.
        h.Sandbox.Faults = new SandboxFaults { LatencyMs = 600_000 };
        await first.StopAsync(TimeSpan.FromSeconds(20));
        var sentByFirst = h.Sandbox.State.GetNotifications(kind: "update").Select(n => n.ICalUId).Distinct().Count();
        var interrupted = await h.Store.GetAsync(request.CorrelationId, default);
        Assert.Equal(MigrationState.InProgress, interrupted!.State);
        Assert.True(sentByFirst < meetings.Count, $"the first host finished all {meetings.Count} meetings before it was stopped");

        h.Sandbox.Faults = new SandboxFaults();
        await h.StartHostAsync(s => { s.MaxParallelRequests = 1; s.LeaseSeconds = 3; });
        await h.WaitForAllSucceededAsync(Deadline);

        Assert.Empty(h.DuplicateUpdates());
        Assert.Empty(h.MissingUpdates(meetings));
        var done = await h.Store.GetAsync(request.CorrelationId, default);
        Assert.Equal(meetings.Count, done!.InvitesUpdate);
    }
}
