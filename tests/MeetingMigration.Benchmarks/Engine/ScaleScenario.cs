using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>One run of the scale benchmark: every mailbox at once, the sandbox in its own process.</summary>
internal sealed record ScaleRun(
    int Mailboxes, int MeetingsPerUser, double LatencyMs, EngineSettings Settings, EngineRunResult Run,
    double EngineCpuSeconds, long EngineAllocatedBytes, double SandboxCpuSeconds, long SandboxRequests, long Throttled,
    IReadOnlyDictionary<string, long> RequestsByKind, IReadOnlyDictionary<string, long> HandlerMicrosecondsByKind, TimeSpan QuietAfter,
    IReadOnlyDictionary<string, double> CallSecondsByKind, double SlotsBusy, long BusiestMailboxRequests)
{
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
    public double SandboxCpuUsPerRequest => SandboxRequests == 0 ? 0 : SandboxCpuSeconds * 1e6 / SandboxRequests;

    /// <summary>Share of the machine's cores both processes kept busy: near 1, CPU is what binds, not Exchange's limits.</summary>
    public double MachineCpuShare => Run.Seconds <= 0 ? 0 : (EngineCpuSeconds + SandboxCpuSeconds) / Run.Seconds / Environment.ProcessorCount;
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

    public static async Task<ScaleRun> RunAsync(int mailboxes, int meetingsPerUser, double latencyMs, string workDirectory)
    {
        var tenantFile = Path.Combine(workDirectory, $"scale-{mailboxes}.json");
        var storePath = Path.Combine(workDirectory, $"scale-{mailboxes}.db");
        var tenant = InProcessSandbox.Tenant(mailboxes + WarmUpMailboxes, meetingsPerUser, seed: 11);
        tenant.WriteTenantFile(tenantFile);
        var all = InProcessSandbox.Mailboxes(tenant);
        tenant = null;
        GC.Collect();

        await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
        await sandbox.PutAsync("sandbox/faults", JsonSerializer.Serialize(new { latencyMs, jitterMs = 0, seed = 7 }));

        // The first mailboxes warm both processes up (JIT), then the counters start from zero for the measured ones.
        var quietAfter = TimeSpan.Zero;
        for (int round = 0; round < WarmUpRounds; round++)
        {
            var warmUpStore = Path.Combine(workDirectory, $"scale-{mailboxes}-warm-up-{round}.db");
            var warmUp = all.Skip(round * WarmUpMailboxesPerRound).Take(WarmUpMailboxesPerRound).ToList();
            await EngineRunner.RunAsync(sandbox.GraphBaseUrl, warmUp, new EngineSettings(WarmUpMailboxesPerRound, 64), warmUpStore, gateway => new CallTimer(gateway)); // the same code as measured
            TempFiles.DeleteStore(warmUpStore);
            quietAfter = await Quiescence.WaitAsync(TimeSpan.FromSeconds(30), Quiescence.OwnProcessorTime, () => sandbox.ProcessorTime);
        }
        using (var reset = await sandbox.Control.PostAsync("sandbox/stats/reset", null)) reset.EnsureSuccessStatusCode();
        var upns = all.Skip(WarmUpMailboxes).ToList();
        // Every mailbox at once, and a global cap that lets each of them have its 4 requests in flight.
        var settings = new EngineSettings(mailboxes, Math.Max(64, mailboxes * 4));

        var sandboxCpuBefore = sandbox.ProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        CallTimer? timer = null;
        var run = await EngineRunner.RunAsync(sandbox.GraphBaseUrl, upns, settings, storePath, gateway => timer = new CallTimer(gateway));
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        double sandboxCpu = (sandbox.ProcessorTime - sandboxCpuBefore).TotalSeconds;

        using var stats = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
        var root = stats.RootElement;
        var kinds = root.GetProperty("requestsByKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var handlers = root.GetProperty("handlerMicrosecondsByKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var result = new ScaleRun(mailboxes, meetingsPerUser, latencyMs, settings, run, run.CpuSeconds, allocated, sandboxCpu,
            root.GetProperty("requests").GetInt64(), root.GetProperty("throttled").GetInt64(), kinds, handlers, quietAfter, timer!.MeanSeconds, timer.MeanSlotsBusy,
            root.GetProperty("mailboxes").EnumerateArray().Select(m => m.GetProperty("requests").GetInt64()).DefaultIfEmpty(0).Max());
        TempFiles.DeleteStore(storePath);
        File.Delete(tenantFile);
        return result;
    }
}
