using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>Progress and CPU at one moment of a run (seconds since the users were queued).</summary>
internal sealed record WorkersSample(double Seconds, long Patches, double ServiceCpu, double SandboxCpu, double? PostgresCpu)
{
    public double Cpu => ServiceCpu + SandboxCpu + (PostgresCpu ?? 0);
}

/// <summary>The middle of a run, from 10 % to 90 % of its updates: no service still compiling its code, no tail of last mailboxes.</summary>
internal sealed record SteadyWindow(double Seconds, long Updates, double CpuSeconds)
{
    public double UpdatesPerSecond => Seconds <= 0 ? 0 : Updates / Seconds;
    public double CpuMsPerUpdate => Updates == 0 ? 0 : CpuSeconds * 1000 / Updates;
}

/// <summary>One worker count of the workers benchmark.</summary>
internal sealed record WorkersRun(
    int Workers, int Mailboxes, int MeetingsPerUser, double LatencyMs, int ParallelPerWorker,
    int Requests, int RequestsSucceeded, int RequestsFailed, int RequestsWaiting, long MeetingsSucceeded, long MeetingsFailed,
    double Seconds, double ServiceCpuSeconds, IReadOnlyList<double> ServiceCpuByWorker, double SandboxCpuSeconds, double? PostgresCpuSeconds,
    long SandboxRequests, long Throttled, int MaxMailboxInFlight, IReadOnlyDictionary<string, long> RequestsByKind,
    IReadOnlyList<(int Requests, long Meetings)> ByWorker, SteadyWindow? Steady, UpdateProof Proof, string? FirstFailure)
{
    public double MeetingsPerSecond => Seconds <= 0 ? 0 : MeetingsSucceeded / Seconds;

    /// <summary>Whether the services' end lines were seen for every request (each ends at least once): else the shares are not shown.</summary>
    public bool ByWorkerComplete => ByWorker.Sum(w => w.Requests) >= Requests;

    /// <summary>"N (M) / N (M)" per service, or why it is not shown.</summary>
    public string ByWorkerText => ByWorkerComplete
        ? string.Join(" / ", ByWorker.Select(w => $"{w.Requests:N0} ({w.Meetings:N0})"))
        : $"not measured: the services' end-of-request lines were seen for {ByWorker.Sum(w => w.Requests):N0} of {Requests:N0} requests";
    public double RequestsPerMeeting => MeetingsSucceeded == 0 ? 0 : (double)SandboxRequests / MeetingsSucceeded;

    /// <summary>Mailboxes in flight at most: every service runs MaxParallelRequests of them at a time.</summary>
    public int MailboxesAtOnce => Math.Min(Mailboxes, Workers * ParallelPerWorker);

    /// <summary>Exchange's bound: 4 requests in flight per mailbox, each taking the latency (issue 12's formula, over the mailboxes in flight).</summary>
    public double ExchangeBound => RequestsPerMeeting == 0 ? 0 : MailboxesAtOnce * 4 / (LatencyMs / 1000.0) / RequestsPerMeeting;

    /// <summary>All the CPU the run took on this machine: services, sandbox and (for a cluster started here) PostgreSQL.</summary>
    public double CpuSeconds => ServiceCpuSeconds + SandboxCpuSeconds + (PostgresCpuSeconds ?? 0);
    public double CpuMsPerMeeting => MeetingsSucceeded == 0 ? 0 : CpuSeconds * 1000 / MeetingsSucceeded;
    public double ServiceCpuMsPerMeeting => MeetingsSucceeded == 0 ? 0 : ServiceCpuSeconds * 1000 / MeetingsSucceeded;

    /// <summary>The CPU bound: every core of the machine doing nothing but this run's work, at this run's CPU per meeting.</summary>
    public double CpuBound => CpuMsPerMeeting == 0 ? 0 : Environment.ProcessorCount / (CpuMsPerMeeting / 1000);

    public double Bound => Math.Min(ExchangeBound, CpuBound);
    public string Binds => CpuBound < ExchangeBound ? "CPU" : "Exchange";
    public double RatioToBound => Bound == 0 ? 0 : MeetingsPerSecond / Bound;

    /// <summary>Share of the machine's cores this run's processes kept busy.</summary>
    public double CoresBusy => Seconds <= 0 ? 0 : CpuSeconds / Seconds / Environment.ProcessorCount;
}

/// <summary>
/// Issue 12's benchmark, one worker count: N real service processes on one PostgreSQL store (a fresh schema), one sandbox
/// in its own process (a fresh tenant) at a fixed latency. The services are started and idle; every user is queued in one
/// transaction as Start-CsExMeetingMigration queues piped users; the clock runs until no request is Pending or InProgress.
/// </summary>
internal static class WorkersScenario
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<WorkersRun> RunAsync(int workers, int mailboxes, int meetingsPerUser, double latencyMs, int parallel,
        PostgresServer server, string schema, string workDirectory, TimeSpan timeout, bool injectDuplicate = false)
    {
        var tenantFile = Path.Combine(workDirectory, $"workers-{workers}.json");
        var tenant = InProcessSandbox.Tenant(mailboxes, meetingsPerUser, seed: 11);
        tenant.WriteTenantFile(tenantFile);
        var upns = InProcessSandbox.Mailboxes(tenant);
        var expected = UpdateAudit.Expectations(tenant, upns);
        tenant = null;
        GC.Collect();

        await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
        await sandbox.PutAsync("sandbox/faults", JsonSerializer.Serialize(new { latencyMs, jitterMs = 0, seed = 7 }));

        var connectionString = server.WithSchema(schema);
        using var store = MigrationStores.OpenServer(connectionString, server.Password, tenant: null);
        // Each organizer has a Skype conferencing profile, so Skype meetings are refreshed rather than failed (as in the
        // scale benchmark). Outside the timed part.
        foreach (var upn in upns)
            await new ConferencingAdmin(store).SetUserAsync(UserIdentity.Parse(upn), EngineRunner.Profile(upn), createIfMissing: true, CancellationToken.None);

        var services = new List<ServiceProcess>();
        try
        {
            var settings = ServiceProcess.SandboxSettings(sandbox.GraphBaseUrl);
            settings["StoreConnectionString"] = connectionString;
            if (server.Password != null) settings["StorePassword"] = server.Password;
            settings["MaxParallelRequests"] = parallel.ToString(CultureInfo.InvariantCulture);
            var shares = new WorkerShare[workers];
            for (int i = 0; i < workers; i++)
            {
                var service = ServiceProcess.Start(settings);
                var share = shares[i] = new WorkerShare();
                service.LineReceived += share.Observe;
                services.Add(service);
            }
            foreach (var service in services) await service.WaitReadyAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(2)); // all running and idle

            var serviceCpuBefore = services.Select(s => s.ProcessorTime.TotalSeconds).ToArray();
            double sandboxCpuBefore = sandbox.ProcessorTime.TotalSeconds;
            double? postgresCpuBefore = server.ProcessorSeconds();
            var samples = new List<WorkersSample> { new(0, 0, 0, 0, postgresCpuBefore == null ? null : 0) };

            var queuedAt = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            var requests = upns.Select(u => new EnqueueRequest(UserIdentity.Parse(u), SourceMeetingType.All, TargetMeetingType.Current)).ToList();
            if (store is IBulkEnqueueStore bulk) await bulk.EnqueueManyAsync(requests, CancellationToken.None);
            else foreach (var r in requests) await store.EnqueueAsync(r, CancellationToken.None);

            int waiting = 0;
            while (true)
            {
                await Task.Delay(SampleEvery);
                var t = clock.Elapsed.TotalSeconds;
                samples.Add(new WorkersSample(t, await PatchesAsync(sandbox),
                    services.Select((s, i) => s.ProcessorTime.TotalSeconds - serviceCpuBefore[i]).Sum(),
                    sandbox.ProcessorTime.TotalSeconds - sandboxCpuBefore, server.ProcessorSeconds() - postgresCpuBefore));
                var (done, waitingForRetry) = await FinishedAsync(store);
                if (done) { waiting = waitingForRetry; break; }
                if (clock.Elapsed > timeout)
                    throw new TimeoutException($"{workers} workers: requests still running after {timeout.TotalMinutes:0} min. First service's output ends: {ServiceProcess.Tail(services[0].Output)}");
                foreach (var s in services.Where(s => s.HasExited))
                    throw new InvalidOperationException($"a service (pid {s.Id}) exited during the run: {ServiceProcess.Tail(s.Output)}");
            }
            var serviceCpu = services.Select((s, i) => s.ProcessorTime.TotalSeconds - serviceCpuBefore[i]).ToArray();
            double sandboxCpu = sandbox.ProcessorTime.TotalSeconds - sandboxCpuBefore;
            double? postgresCpu = server.ProcessorSeconds() - postgresCpuBefore;
            double polled = clock.Elapsed.TotalSeconds;

            var all = await store.QueryAsync(new MigrationStatusQuery(), CancellationToken.None);
            // A service logs a request's end just after saving it: give the last lines a moment to arrive.
            for (var settle = Stopwatch.StartNew(); shares.Sum(w => w.Requests) < all.Count && settle.Elapsed < TimeSpan.FromSeconds(5);) await Task.Delay(50);
            // The last request's own end (its last save), not the poll that saw it: the run's wall clock to within the
            // store's clock, not to within a poll interval. Same machine, same clock.
            double seconds = (all.Max(r => DateTime.SpecifyKind(r.ModifiedDate, DateTimeKind.Utc)) - queuedAt).TotalSeconds;
            if (seconds <= 0 || seconds > polled) seconds = polled;

            var journals = new List<(MigrationRequest, IReadOnlyList<JournalEntry>)>();
            foreach (var r in all) journals.Add((r, await store.GetJournalAsync(r.CorrelationId, CancellationToken.None)));
            if (injectDuplicate) await SendAgainAsync(sandbox, journals.SelectMany(j => j.Item2).First(e => e.Outcome == MeetingOutcome.Updated));

            using var statsDoc = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
            var stats = statsDoc.RootElement;
            var kinds = stats.GetProperty("requestsByKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            int maxInFlight = stats.GetProperty("mailboxes").EnumerateArray().Select(m => m.GetProperty("maxConcurrency").GetInt32()).DefaultIfEmpty(0).Max();

            var proof = await UpdateAudit.RunAsync(journals, sandbox, kinds.GetValueOrDefault("PATCH event"), expected);
            return new WorkersRun(workers, upns.Count, meetingsPerUser, latencyMs, parallel,
                all.Count, all.Count(r => r.State == MigrationState.Succeeded), all.Count(r => r.State == MigrationState.Failed), waiting,
                all.Sum(r => (long)r.SucceededMeeting), all.Sum(r => (long)r.FailedMeeting),
                seconds, serviceCpu.Sum(), serviceCpu, sandboxCpu, postgresCpu,
                stats.GetProperty("requests").GetInt64(), stats.GetProperty("throttled").GetInt64(), maxInFlight, kinds,
                shares.Select(w => (w.Requests, w.Meetings)).ToList(), Steady(samples), proof,
                all.FirstOrDefault(r => r.State != MigrationState.Succeeded)?.LastMessage);
        }
        finally
        {
            foreach (var service in services) service.Dispose();
            File.Delete(tenantFile);
        }
    }

    /// <summary>
    /// The proof's own check (--inject-duplicate): one meeting the engine updated is sent its update again behind the
    /// engine's back, as a worker that resent a PATCH would, with the same body. The proof must then find a duplicate.
    /// </summary>
    private static async Task SendAgainAsync(ExternalSandbox sandbox, JournalEntry updated)
    {
        var path = $"v1.0/users/{Uri.EscapeDataString(updated.UserPrincipalName)}/events/{Uri.EscapeDataString(updated.EventId)}";
        using var get = new HttpRequestMessage(HttpMethod.Get, path + "?$select=body");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "benchmark");
        using var read = await sandbox.Control.SendAsync(get);
        read.EnsureSuccessStatusCode();
        using var ev = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        var body = ev.RootElement.GetProperty("body");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body = new { contentType = body.GetProperty("contentType").GetString(), content = body.GetProperty("content").GetString() } }),
                System.Text.Encoding.UTF8, "application/json"),
        };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "benchmark");
        using var written = await sandbox.Control.SendAsync(patch);
        written.EnsureSuccessStatusCode();
    }

    /// <summary>Done when nothing is Pending or InProgress, but for requests whose next attempt is scheduled later (a retry).</summary>
    private static async Task<(bool Done, int WaitingForRetry)> FinishedAsync(IMigrationStore store)
    {
        var summary = await store.SummarizeAsync(new MigrationStatusQuery(), CancellationToken.None);
        int Count(MigrationState s) => summary.Where(x => x.State == s).Sum(x => x.UserCount);
        if (Count(MigrationState.InProgress) > 0) return (false, 0);
        if (Count(MigrationState.Pending) == 0) return (true, 0);
        var pending = await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Pending }, CancellationToken.None);
        var later = DateTime.UtcNow.AddSeconds(5);
        return pending.All(r => DateTime.SpecifyKind(r.NotBefore, DateTimeKind.Utc) > later) ? (true, pending.Count) : (false, 0);
    }

    private static async Task<long> PatchesAsync(ExternalSandbox sandbox)
    {
        using var stats = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
        return stats.RootElement.GetProperty("requestsByKind").TryGetProperty("PATCH event", out var n) ? n.GetInt64() : 0;
    }

    /// <summary>From the first sample at 10 % of the run's PATCHes to the first at 90 %; null when too few samples fall between.</summary>
    private static SteadyWindow? Steady(IReadOnlyList<WorkersSample> samples)
    {
        long total = samples[^1].Patches;
        var from = samples.FirstOrDefault(s => s.Patches >= total * 0.1);
        var to = samples.FirstOrDefault(s => s.Patches >= total * 0.9);
        if (from == null || to == null || to.Seconds - from.Seconds < 3 * SampleEvery.TotalSeconds) return null;
        return new SteadyWindow(to.Seconds - from.Seconds, to.Patches - from.Patches, to.Cpu - from.Cpu);
    }
}

/// <summary>
/// What one service did, from the line QueueWorker logs as each request ends ("{User}: {State} ({Succeeded}/{Total}
/// meetings, {Failed} failed, ...)", the state perhaps of several words, "Pending for a retry"): shows that the services
/// shared the queue rather than the first to wake draining it. The journal cannot say which worker wrote a row (the lease
/// owner is checked on write, not stored). The run checks that every request's end was seen (<see cref="WorkersRun.ByWorkerComplete"/>):
/// the line gained its counts and this pattern saw none, and the report said every service ended 0 requests (outside probe BG-F1).
/// </summary>
internal sealed class WorkerShare
{
    private static readonly Regex Ended = new(@"^\s*\S+@\S+: [A-Za-z][A-Za-z ]* \((?<ok>\d+)/\d+ meetings[,)]", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private int _requests;
    private long _meetings;

    public int Requests => Volatile.Read(ref _requests);
    public long Meetings => Interlocked.Read(ref _meetings);

    public void Observe(string line)
    {
        var m = Ended.Match(line);
        if (!m.Success) return;
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _meetings, long.Parse(m.Groups["ok"].Value, CultureInfo.InvariantCulture));
    }
}
