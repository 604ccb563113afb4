using System;
using System.Linq;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

public class ThrottlingAndFaultsTests
{
    private static readonly DateTime Monday = new(2031, 3, 3, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Too_many_concurrent_requests_on_one_mailbox_get_429_ApplicationThrottled()
    {
        await using var sb = await StartAsync();
        await sb.PutJsonAsync("sandbox/limits", new { maxConcurrentRequestsPerMailbox = 2, maxRequestsPerWindow = 10000, windowSeconds = 600 });
        // Latency keeps each request in flight long enough for ten parallel ones to overlap.
        await sb.PutJsonAsync("sandbox/faults", new { latencyMs = 400 });
        var graph = sb.Graph(retry: false);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try { await graph.Users[Organizer].Events.GetAsync(); return null; }
            catch (ODataError e) { return e; }
        }));

        var throttled = outcomes.Where(e => e is not null).ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, e =>
        {
            Assert.Equal(429, e!.ResponseStatusCode);
            Assert.Equal("ApplicationThrottled", e.Error!.Code);
            Assert.Equal("Application is over its MailboxConcurrency limit.", e.Error.Message);
        });
        var stats = sb.Server.GetStats();
        var mailbox = stats.Mailboxes.Single(m => m.Mailbox == Organizer);
        Assert.Equal(2, mailbox.MaxConcurrency);
        Assert.Equal(throttled.Count, mailbox.Throttled);
        Assert.Equal(10, mailbox.Requests);
    }

    [Fact]
    public async Task Request_budget_per_window_answers_429_with_retry_after_and_is_per_mailbox()
    {
        await using var sb = await StartAsync(new SandboxOptions { Limits = new SandboxLimits { MaxRequestsPerWindow = 3 } });
        var graph = sb.Graph(retry: false);
        for (var i = 0; i < 3; i++) await graph.Users[Organizer].Events.GetAsync();
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events.GetAsync());
        Assert.Equal(429, error.ResponseStatusCode);
        Assert.True(error.ResponseHeaders.ContainsKey("Retry-After"));
        // Another mailbox and another app (token) have their own budgets.
        await graph.Users[Attendee1].Events.GetAsync();
        await sb.Graph(retry: false, token: "second-app").Users[Organizer].Events.GetAsync();
    }

    [Fact]
    public async Task Timeout_after_apply_stores_the_change_and_a_naive_retry_mails_attendees_twice()
    {
        await using var sb = await StartAsync();
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Meeting("Trap", Monday, Attendee1));
        sb.Server.Faults = new SandboxFaults { TimeoutAfterApplyRate = 1, RetryAfterSeconds = 0, Seed = 7 };

        var noRetry = sb.Graph(retry: false);
        var error = await Assert.ThrowsAsync<ODataError>(() => noRetry.Users[Organizer].Events[created!.Id]
            .PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>v2</p>" } }));
        Assert.Equal(504, error.ResponseStatusCode);
        Assert.Equal(1, sb.Notifications(Attendee1, "update"));

        // The SDK's RetryHandler retries the PATCH: every attempt is applied and mailed again.
        var withRetry = sb.Graph(retry: true);
        await Assert.ThrowsAnyAsync<Exception>(() => withRetry.Users[Organizer].Events[created!.Id]
            .PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>v3</p>" } },
                r => r.Options.Add(new RetryHandlerOption { MaxRetry = 1, Delay = 0 })));
        Assert.Equal(3, sb.Notifications(Attendee1, "update"));

        sb.Server.Faults = new SandboxFaults();
        var stored = await noRetry.Users[Organizer].Events[created!.Id].GetAsync();
        Assert.Equal("<p>v3</p>", stored!.Body!.Content);
        Assert.Equal(3, sb.Server.GetStats().TimeoutsAfterApply);
    }

    [Fact]
    public async Task A_write_whose_answer_is_held_back_is_applied_and_mailed_before_the_client_hears_of_it()
    {
        await using var sb = await StartAsync();
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Meeting("Held", Monday, Attendee1));
        await sb.PutJsonAsync("sandbox/faults", new { writeAnswerDelayMs = 30_000 });

        // The client gives up long before the answer would leave, as a process killed after sending would.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sb.Graph(retry: false).Users[Organizer].Events[created!.Id]
            .PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>v2</p>" } }, cancellationToken: giveUp.Token));

        Assert.Equal(1, sb.Notifications(Attendee1, "update"));
        await sb.PutJsonAsync("sandbox/faults", new { });
        Assert.Equal("<p>v2</p>", (await sb.Graph().Users[Organizer].Events[created!.Id].GetAsync())!.Body!.Content);
    }

    [Fact]
    public async Task A_negative_write_answer_delay_is_refused()
    {
        await using var sb = await StartAsync();
        using var response = await sb.Http.PutAsJsonAsync("sandbox/faults", new { writeAnswerDelayMs = -1 });
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task Fail_after_writes_lets_that_many_writes_through_then_fails_every_request()
    {
        await using var sb = await StartAsync();
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Meeting("Counted", Monday, Attendee1));
        await sb.PutJsonAsync("sandbox/faults", new { failAfterWrites = 2, errorStatuses = new[] { 503 }, retryAfterSeconds = 0 });
        var graph = sb.Graph(retry: false);
        Task Patch(string content) => graph.Users[Organizer].Events[created!.Id].PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Html, Content = content } });

        await graph.Users[Organizer].Events[created!.Id].GetAsync();   // reads are not counted
        await Patch("<p>v2</p>");
        await Patch("<p>v3</p>");
        Assert.Equal(503, (await Assert.ThrowsAsync<ODataError>(() => Patch("<p>v4</p>"))).ResponseStatusCode);
        Assert.Equal(503, (await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events[created!.Id].GetAsync())).ResponseStatusCode);

        await sb.PutJsonAsync("sandbox/faults", new { });
        Assert.Equal("<p>v3</p>", (await graph.Users[Organizer].Events[created!.Id].GetAsync())!.Body!.Content);
        Assert.Equal(2, sb.Notifications(Attendee1, "update"));
    }

    [Fact]
    public async Task A_negative_fail_after_writes_is_refused()
    {
        await using var sb = await StartAsync();
        using var response = await sb.Http.PutAsJsonAsync("sandbox/faults", new { failAfterWrites = -1 });
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Theory]
    [InlineData(429, "TooManyRequests")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "GatewayTimeout")]
    public async Task Injected_errors_arrive_as_ODataError(int status, string code)
    {
        await using var sb = await StartAsync();
        await sb.PutJsonAsync("sandbox/faults", new { errorRate = 1.0, errorStatuses = new[] { status }, seed = 1 });
        var error = await Assert.ThrowsAsync<ODataError>(() => sb.Graph(retry: false).Users[Organizer].Events.GetAsync());
        Assert.Equal(status, error.ResponseStatusCode);
        Assert.Equal(code, error.Error!.Code);
        Assert.Equal(1, sb.Server.GetStats().InjectedFaults);
    }

    [Fact]
    public async Task Seeded_fault_rate_is_reproducible()
    {
        async Task<string> RunAsync()
        {
            await using var sb = await StartAsync(new SandboxOptions { Faults = new SandboxFaults { ErrorRate = 0.5, ErrorStatuses = new[] { 503 }, Seed = 42 } });
            var graph = sb.Graph(retry: false);
            var pattern = "";
            for (var i = 0; i < 20; i++)
            {
                try { await graph.Users[Organizer].Events.GetAsync(); pattern += "."; }
                catch (ODataError) { pattern += "x"; }
            }
            return pattern;
        }
        var first = await RunAsync();
        Assert.Contains('x', first);
        Assert.Contains('.', first);
        Assert.Equal(first, await RunAsync());
    }

    [Fact]
    public async Task Stats_count_requests_writes_and_notifications_per_mailbox()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Stats", Monday, Attendee1, Attendee2));
        await graph.Users[Organizer].Events[created!.Id].PatchAsync(new Event { Subject = "Stats 2" });
        await graph.Users[Organizer].Events.GetAsync();
        await graph.Users[Attendee1].Events.GetAsync();

        var stats = await sb.GetJsonAsync("sandbox/stats");
        Assert.Equal(4, stats.GetProperty("notificationsSent").GetInt64());
        var organizer = stats.GetProperty("mailboxes").EnumerateArray().Single(m => m.GetProperty("mailbox").GetString() == Organizer);
        Assert.Equal(3, organizer.GetProperty("requests").GetInt64());
        Assert.Equal(2, organizer.GetProperty("writes").GetInt64());

        (await sb.Http.PostAsync("sandbox/stats/reset", null)).EnsureSuccessStatusCode();
        Assert.Empty(sb.Server.GetStats().Mailboxes);
    }

    [Fact]
    public async Task Stats_report_the_process_jit_time_which_a_reset_leaves_alone()
    {
        await using var sb = await StartAsync();
        await sb.Graph().Users[Organizer].Events.GetAsync();
        double before = (await sb.GetJsonAsync("sandbox/stats")).GetProperty("processJitMilliseconds").GetDouble();
        Assert.True(before > 0, $"a process that has served requests has compiled code; got {before} ms");

        (await sb.Http.PostAsync("sandbox/stats/reset", null)).EnsureSuccessStatusCode();
        double after = (await sb.GetJsonAsync("sandbox/stats")).GetProperty("processJitMilliseconds").GetDouble();
        Assert.True(after >= before, $"the JIT time is the process's since it started and never goes back: {before} ms, then {after} ms");
    }

    [Fact]
    public async Task Stats_report_the_process_allocations_and_collections_which_a_reset_leaves_alone()
    {
        await using var sb = await StartAsync();
        var first = await sb.GetJsonAsync("sandbox/stats");
        long allocatedBefore = first.GetProperty("processAllocatedBytes").GetInt64();
        int collectionsBefore = first.GetProperty("processGcCollections").GetInt32();
        double pauseBefore = first.GetProperty("processGcPauseMilliseconds").GetDouble();
        for (int i = 0; i < 20; i++) await sb.Graph().Users[Organizer].Events.GetAsync();
        GC.Collect(); // the sandbox runs in this test's process: a collection here is one of its process's

        (await sb.Http.PostAsync("sandbox/stats/reset", null)).EnsureSuccessStatusCode();
        var after = await sb.GetJsonAsync("sandbox/stats");
        Assert.True(after.GetProperty("processAllocatedBytes").GetInt64() > allocatedBefore, "twenty calendar reads allocate, and a reset does not zero the process's count");
        Assert.True(after.GetProperty("processGcCollections").GetInt32() > collectionsBefore, "a collection was made since the first reading");
        Assert.True(after.GetProperty("processGcPauseMilliseconds").GetDouble() >= pauseBefore, "pause time only grows");
    }

    [Fact]
    public async Task Stats_add_up_how_long_the_graph_calls_took_to_answer_latency_included_and_a_reset_zeroes_them()
    {
        await using var sb = await StartAsync();
        await sb.PutJsonAsync("sandbox/faults", new { latencyMs = 60 });
        var graph = sb.Graph();
        await graph.Users[Organizer].Events.GetAsync();
        await graph.Users[Attendee1].Events.GetAsync();
        // Control requests are not Graph calls: reading the stats is not counted in them.
        var stats = await sb.GetJsonAsync("sandbox/stats");
        Assert.Equal(2, stats.GetProperty("answeredRequests").GetInt64());
        long micros = stats.GetProperty("answerMicroseconds").GetInt64();
        // Latency included: Task.Delay(60) runs on the runtime's coarse millisecond clock (on Linux CLOCK_MONOTONIC_COARSE,
        // 4 ms steps at HZ=250), so measured with the Stopwatch it may end a few ms early: 58.4 ms a call was seen in a CI
        // run on a loaded machine. Well above what the two calls cost without the latency (about 1 ms each).
        Assert.InRange(micros, 2 * 50_000, 2 * 5_000_000);

        (await sb.Http.PostAsync("sandbox/stats/reset", null)).EnsureSuccessStatusCode();
        var reset = sb.Server.GetStats();
        Assert.Equal(0, reset.AnsweredRequests);
        Assert.Equal(0, reset.AnswerMicroseconds);
    }
}
