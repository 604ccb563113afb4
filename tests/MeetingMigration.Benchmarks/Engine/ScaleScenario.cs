using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Store;
using MeetingMigration.Sandbox;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>One run of the scale benchmark: every mailbox at once, the sandbox in its own process.</summary>
internal sealed record ScaleRun(
    int Mailboxes, int MeetingsPerUser, double LatencyMs, EngineSettings Settings, EngineRunResult Run,
    double EngineCpuSeconds, long EngineAllocatedBytes, double SandboxCpuSeconds, long SandboxRequests, long Throttled,
    IReadOnlyDictionary<string, long> RequestsByKind, IReadOnlyDictionary<string, long> HandlerMicrosecondsByKind, TimeSpan QuietAfter,
    IReadOnlyDictionary<string, double> CallSecondsByKind, double SlotsBusy, long BusiestMailboxRequests, double SandboxJitSeconds,
    double SlotHeldSeconds, double SandboxAnswerSeconds)
{
    /// <summary>
    /// How much longer than the sandbox took to answer a call kept its slot: the time the request and its answer spent in
    /// the two processes' queues for the cores and in their sockets. Near zero, the mailboxes' slots turn over at the
    /// latency; large, the bound cannot be reached whatever the engine asks for.
    /// </summary>
    public double SlotHeldBeyondAnswerSeconds => SlotHeldSeconds - SandboxAnswerSeconds;

    /// <summary>Requests the sandbox answered per meeting migrated.</summary>
    public double RequestsPerMeeting => Run.MeetingsSucceeded == 0 ? 0 : (double)SandboxRequests / Run.MeetingsSucceeded;

    /// <summary>What Exchange allows at this latency: 4 in flight per mailbox, each request taking the latency.</summary>
    public double BoundMeetingsPerSecond => RequestsPerMeeting == 0 ? 0 : Mailboxes * 4 / (LatencyMs / 1000.0) / RequestsPerMeeting;
    public double RatioToBound => BoundMeetingsPerSecond == 0 ? 0 : Run.MeetingsPerSecond / BoundMeetingsPerSecond;

    /// <summary>
    /// The bound above spreads the requests evenly over the mailboxes; they are not (one has more meetings to change than
    /// another), and no schedule ends before the busiest mailbox has sent its requests four at a time. This is that bound.
    /// </summary>
    public double BusiestMailboxBoundMeetingsPerSecond => BusiestMailboxRequests == 0 ? 0 : Run.MeetingsSucceeded / (BusiestMailboxRequests * LatencyMs / 1000.0 / 4);
    public double RatioToBusiestMailboxBound => BusiestMailboxBoundMeetingsPerSecond == 0 ? 0 : Run.MeetingsPerSecond / BusiestMailboxBoundMeetingsPerSecond;
    /// <summary>
    /// The engine's CPU per meeting in a process that runs for good, as the service does: without the time the JIT spent
    /// in the run recompiling code that had turned hot (a cost of a process's first minutes, reported beside it).
    /// </summary>
    public double EngineCpuMsPerMeeting => Run.MeetingsSucceeded == 0 ? 0 : (EngineCpuSeconds - Run.JitSeconds) * 1000 / Run.MeetingsSucceeded;
    public double EngineJitMsPerMeeting => Run.MeetingsSucceeded == 0 ? 0 : Run.JitSeconds * 1000 / Run.MeetingsSucceeded;
    public double EngineKbPerMeeting => Run.MeetingsSucceeded == 0 ? 0 : EngineAllocatedBytes / 1024.0 / Run.MeetingsSucceeded;
    /// <summary>The sandbox's CPU per request, without the time its JIT compiled code during the run (as for the engine).</summary>
    public double SandboxCpuUsPerRequest => SandboxRequests == 0 ? 0 : (SandboxCpuSeconds - SandboxJitSeconds) * 1e6 / SandboxRequests;
    public double SandboxJitUsPerRequest => SandboxRequests == 0 ? 0 : SandboxJitSeconds * 1e6 / SandboxRequests;

    /// <summary>Share of the machine's cores both processes kept busy: near 1, CPU is what binds, not Exchange's limits.</summary>
    public double MachineCpuShare => Run.Seconds <= 0 ? 0 : (EngineCpuSeconds + SandboxCpuSeconds) / Run.Seconds / Environment.ProcessorCount;

    /// <summary>
    /// Share of the machine's cores that migrating at the bound would take, at what this run spent per meeting in both
    /// processes (their JIT left out, as in the figures per meeting: a process compiles its hot code once). A slow run
    /// keeps the cores idle while it waits, so the share it used says little about whether the cores allow the bound;
    /// this says whether they could.
    /// </summary>
    public double CoresNeededAtBound => Run.MeetingsSucceeded == 0 ? 0
        : (EngineCpuSeconds - Run.JitSeconds + SandboxCpuSeconds - SandboxJitSeconds) / Run.MeetingsSucceeded * BoundMeetingsPerSecond / Environment.ProcessorCount;

    /// <summary>The sandbox process's garbage over the run: bytes allocated, and its collector's pauses.</summary>
    public SandboxGarbage SandboxGarbage { get; init; } = new(0, 0, 0);
    public double SandboxKbPerRequest => SandboxRequests == 0 ? 0 : SandboxGarbage.AllocatedBytes / 1024.0 / SandboxRequests;

    /// <summary>The runs pooled into this one (itself when it was not repeated), for the spread of their figures.</summary>
    public IReadOnlyList<ScaleRun> Repeats { get; init; } = Array.Empty<ScaleRun>();

    /// <summary>
    /// Runs of the same size, one after another, as one: counts, CPU and time added up, so a figure per meeting or per
    /// request is what they all cost together ÷ what they all did, and the rate is their meetings ÷ their time. The
    /// busiest-mailbox bound adds up each run's busiest mailbox, as the runs followed one another.
    /// </summary>
    public static ScaleRun Pool(IReadOnlyList<ScaleRun> runs)
    {
        if (runs.Count == 1) return runs[0] with { Repeats = runs };
        var first = runs[0];
        var run = new EngineRunResult(runs.Sum(r => r.Run.Requests), runs.Sum(r => r.Run.RequestsSucceeded), runs.Sum(r => r.Run.Meetings),
            runs.Sum(r => r.Run.MeetingsSucceeded), runs.Sum(r => r.Run.MeetingsFailed), runs.Sum(r => r.Run.UpdatesSent),
            runs.Sum(r => r.Run.Seconds), runs.Sum(r => r.Run.CpuSeconds), runs.Select(r => r.Run.FirstFailure).FirstOrDefault(f => f != null))
        {
            JitSeconds = runs.Sum(r => r.Run.JitSeconds),
            GcPauseSeconds = runs.Sum(r => r.Run.GcPauseSeconds),
            GcCollections = runs.Sum(r => r.Run.GcCollections),
        };
        return new ScaleRun(first.Mailboxes, first.MeetingsPerUser, first.LatencyMs, first.Settings, run,
            runs.Sum(r => r.EngineCpuSeconds), runs.Sum(r => r.EngineAllocatedBytes), runs.Sum(r => r.SandboxCpuSeconds),
            runs.Sum(r => r.SandboxRequests), runs.Sum(r => r.Throttled), Add(runs.Select(r => r.RequestsByKind)),
            Add(runs.Select(r => r.HandlerMicrosecondsByKind)), runs.Max(r => r.QuietAfter),
            runs.SelectMany(r => r.CallSecondsByKind).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Average(p => p.Value)),
            runs.Average(r => r.SlotsBusy), runs.Sum(r => r.BusiestMailboxRequests), runs.Sum(r => r.SandboxJitSeconds),
            Weighted(runs, r => r.SlotHeldSeconds), Weighted(runs, r => r.SandboxAnswerSeconds))
        {
            Repeats = runs,
            SandboxGarbage = new SandboxGarbage(runs.Sum(r => r.SandboxGarbage.AllocatedBytes), runs.Sum(r => r.SandboxGarbage.PauseSeconds), runs.Sum(r => r.SandboxGarbage.Collections)),
        };
    }

    /// <summary>A mean per request over runs, each run weighing by its requests.</summary>
    private static double Weighted(IReadOnlyList<ScaleRun> runs, Func<ScaleRun, double> perRequest)
    {
        long requests = runs.Sum(r => r.SandboxRequests);
        return requests == 0 ? 0 : runs.Sum(r => perRequest(r) * r.SandboxRequests) / requests;
    }

    private static IReadOnlyDictionary<string, long> Add(IEnumerable<IReadOnlyDictionary<string, long>> counts) =>
        counts.SelectMany(c => c).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
}

/// <summary>What the sandbox process's garbage cost over a run (differences of its stats' process counters).</summary>
internal sealed record SandboxGarbage(long AllocatedBytes, double PauseSeconds, int Collections);

/// <summary>The sandbox process's counters that a reset leaves alone, read before and after a run to take differences.</summary>
internal sealed record SandboxProcessCounters(double JitMilliseconds, long AllocatedBytes, double GcPauseMilliseconds, int GcCollections)
{
    public static SandboxProcessCounters Read(JsonElement stats) => new(
        stats.GetProperty("processJitMilliseconds").GetDouble(), stats.GetProperty("processAllocatedBytes").GetInt64(),
        stats.GetProperty("processGcPauseMilliseconds").GetDouble(), stats.GetProperty("processGcCollections").GetInt32());

    public SandboxGarbage GarbageSince(SandboxProcessCounters before) => new(
        AllocatedBytes - before.AllocatedBytes, (GcPauseMilliseconds - before.GcPauseMilliseconds) / 1000, GcCollections - before.GcCollections);
}

/// <summary>
/// Throughput against the bound Exchange sets (issue 9, target 2) and the engine's CPU per migrated meeting (target 1):
/// N mailboxes x M meetings, all mailboxes at once, the sandbox out of process so this process's CPU is the engine's.
/// </summary>
internal static class ScaleScenario
{
    /// <summary>
    /// Mailboxes migrated first in each run, unmeasured, in rounds of sixteen: the runtime starts counting calls for its
    /// optimizing recompilation only once compiling new methods has calmed down, so one round leaves the hot paths in
    /// their first, slow form and recompiles them during the measured run; and a process that never ran sixteen mailboxes
    /// at once still grows its thread pool and heap in the first run that does (measured: 3.1 ms of CPU per meeting in a
    /// process's first 16-mailbox run, 2.2 ms in its second). After each round the benchmark waits until both processes
    /// are idle (<see cref="Quiescence"/>).
    /// </summary>
    public const int WarmUpRounds = 3, WarmUpMailboxesPerRound = 16, WarmUpMailboxes = WarmUpRounds * WarmUpMailboxesPerRound;

    /// <summary>
    /// A run of one mailbox migrates 26 to 34 meetings in under 2 s and costs each process some 50 ms of CPU, so one stray
    /// wake-up or collection moved its figures by a third from one run to the next (engine 1.7 to 2.6 ms per meeting,
    /// sandbox 0.5 to 1.1 ms per request). Small runs are therefore repeated, each with mailboxes of its own, until the
    /// row covers at least about this many meetings (counting half of a mailbox's meetings as needing a change), and pooled.
    /// </summary>
    public const int MeetingsPerRow = 200;

    /// <summary>How many runs of <paramref name="mailboxes"/> make a row: 8 of 1 mailbox, 2 of 4, one from 16 up.</summary>
    public static int Repeats(int mailboxes, int meetingsPerUser) =>
        Math.Clamp((int)Math.Ceiling(MeetingsPerRow / (mailboxes * meetingsPerUser / 2.0)), 1, 10);

    public static async Task<ScaleRun> RunAsync(int mailboxes, int meetingsPerUser, double latencyMs, int jitterMs, string workDirectory)
    {
        int repeats = Repeats(mailboxes, meetingsPerUser);
        var tenantFile = Path.Combine(workDirectory, $"scale-{mailboxes}.json");
        // Every mailbox with the same work, as the bound (requests spread evenly over the mailboxes) assumes: with users'
        // own mixes (24 to 35 meetings to change of 50) the busiest mailbox alone kept 16 mailboxes under 0.88 of it.
        var tenant = InProcessSandbox.Tenant(mailboxes * repeats + WarmUpMailboxes, meetingsPerUser, seed: 11, sameMeetingsForEveryUser: true);
        tenant.WriteTenantFile(tenantFile);
        var all = InProcessSandbox.Mailboxes(tenant);
        tenant = null;
        GC.Collect();

        await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
        // Each request's latency is drawn between latency - jitter/2 and latency + jitter/2 (the sandbox adds 0 to jitter ms): the mean is the latency the bound uses.
        await sandbox.PutAsync("sandbox/faults", JsonSerializer.Serialize(new { latencyMs = (int)Math.Round(latencyMs) - jitterMs / 2, jitterMs, seed = 7 }));
        var runs = new List<ScaleRun>();

        // One store and one Graph connection for the whole scenario, as the service keeps one of each for its life; the
        // global cap lets every measured mailbox have its 4 requests in flight (the warm-up's 16 never reach it).
        var storePath = Path.Combine(workDirectory, $"scale-{mailboxes}.db");
        var settings = new EngineSettings(mailboxes, Math.Max(64, mailboxes * 4));
        using (var store = SqliteMigrationStore.Open(storePath))
        using (var graph = EngineRunner.Connect(sandbox.GraphBaseUrl, settings.GlobalConcurrency))
        {
            // The first mailboxes warm both processes up (JIT), then the counters start from zero for the measured ones.
            var quietAfter = TimeSpan.Zero;
            for (int round = 0; round < WarmUpRounds; round++)
            {
                var warmUp = all.Skip(round * WarmUpMailboxesPerRound).Take(WarmUpMailboxesPerRound).ToList();
                await EngineRunner.RunAsync(store, graph, warmUp, settings with { ParallelRequests = WarmUpMailboxesPerRound }, _ => CallTimer.AroundSlots(graph).AsSeen); // the same code as measured
                quietAfter = await Quiescence.WaitAsync(TimeSpan.FromSeconds(30), Quiescence.OwnProcessorTime, () => sandbox.ProcessorTime);
            }
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                if (repeat > 0) await Quiescence.WaitAsync(TimeSpan.FromSeconds(30), Quiescence.OwnProcessorTime, () => sandbox.ProcessorTime);
                var upns = all.Skip(WarmUpMailboxes + repeat * mailboxes).Take(mailboxes).ToList();
                runs.Add(await MeasureAsync(sandbox, store, graph, upns, settings, latencyMs, meetingsPerUser, quietAfter));
            }
        }
        TempFiles.DeleteStore(storePath);
        File.Delete(tenantFile);
        return ScaleRun.Pool(runs);
    }

    private static async Task<ScaleRun> MeasureAsync(ExternalSandbox sandbox, IMigrationStore store, GraphConnection graph, IReadOnlyList<string> upns,
        EngineSettings settings, double latencyMs, int meetingsPerUser, TimeSpan quietAfter)
    {
        using (var reset = await sandbox.Control.PostAsync("sandbox/stats/reset", null)) reset.EnsureSuccessStatusCode();
        var sandboxBefore = await SandboxCountersAsync(sandbox);

        var sandboxCpuBefore = sandbox.ProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var (timer, inSlot) = CallTimer.AroundSlots(graph);
        var run = await EngineRunner.RunAsync(store, graph, upns, settings, _ => timer);
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        double sandboxCpu = (sandbox.ProcessorTime - sandboxCpuBefore).TotalSeconds;

        using var stats = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
        var root = stats.RootElement;
        var sandboxAfter = SandboxProcessCounters.Read(root);
        var kinds = root.GetProperty("requestsByKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var handlers = root.GetProperty("handlerMicrosecondsByKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        long answered = root.GetProperty("answeredRequests").GetInt64();
        return new ScaleRun(upns.Count, meetingsPerUser, latencyMs, settings, run, run.CpuSeconds, allocated, sandboxCpu,
            root.GetProperty("requests").GetInt64(), root.GetProperty("throttled").GetInt64(), kinds, handlers, quietAfter, timer.MeanSeconds, timer.MeanSlotsBusy,
            root.GetProperty("mailboxes").EnumerateArray().Select(m => m.GetProperty("requests").GetInt64()).DefaultIfEmpty(0).Max(),
            (sandboxAfter.JitMilliseconds - sandboxBefore.JitMilliseconds) / 1000,
            inSlot.MeanSecondsPerCall, answered == 0 ? 0 : root.GetProperty("answerMicroseconds").GetInt64() / 1e6 / answered)
        { SandboxGarbage = sandboxAfter.GarbageSince(sandboxBefore) };
    }

    private static async Task<SandboxProcessCounters> SandboxCountersAsync(ExternalSandbox sandbox)
    {
        using var stats = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
        return SandboxProcessCounters.Read(stats.RootElement);
    }
}
