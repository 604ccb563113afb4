using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks.Engine;
using MeetingMigration.Sandbox;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// "engine": the migration engine against the sandbox. (1) requests/s per mailbox against what Exchange's limits allow,
/// (2) meetings/s against a naive one-request-at-a-time script, (3) the engine's memory while it migrates 100,000 meetings.
/// Writes docs/benchmarks/engine.md; exit code 1 when a target is missed.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var plan = EnginePlan.For(args);
        var only = (args.String("only") ?? "memory,window,rate").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (only.Length == 0 || only.Any(part => part is not ("memory" or "window" or "rate")))
            throw new BenchmarkArgumentException($"--only '{args.String("only")}': name parts to run among memory, window and rate, e.g. --only memory.");
        string output = args.Output(plan.Quick
            ? Path.Combine(Path.GetTempPath(), "engine-quick.md") // a smoke run never overwrites the figures of record
            : Path.Combine(RepositoryPaths.Root(), "docs", "benchmarks", "engine.md"));
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mm-engine-bench-{Guid.NewGuid():N}")).FullName;
        using var workAtInterrupt = InterruptCleanup.Folder(work);
        var results = new EngineResults { Plan = plan, Arguments = args.Raw };
        var total = Stopwatch.StartNew();
        try
        {
            // Memory first, while this process has run nothing else.
            if (only.Contains("memory"))
            {
                foreach (var n in plan.MemoryMeetings)
                {
                    Console.WriteLine($"memory: {n:N0} meetings, sandbox out of process ...");
                    var m = await MemoryScenario.RunAsync(n, plan.MemoryMeetingsPerUser, plan.MemoryLatency, plan.MemorySettings, work);
                    Console.WriteLine($"  {m.Run.MeetingsSucceeded:N0} meetings in {m.Run.Seconds:0.0} s ({m.Run.MeetingsPerSecond:0} /s), {m.SandboxRequests:N0} requests; " +
                                      $"peak working set {Mib(m.Peaks.PeakWorkingSet)} MiB, peak GC total {Mib(m.Peaks.PeakGcTotalMemory)} MiB, peak heap size {Mib(m.Peaks.PeakGcHeapSize)} MiB, peak live after gen2 {Mib(m.Peaks.PeakHeapAfterGen2)} MiB ({m.Peaks.Gen2Collections} gen2 GCs), heap after {Mib(m.HeapAfterRun)} MiB; sandbox {Mib(m.SandboxWorkingSet)} MiB");
                    results.Memory.Add(m);
                }
            }

            if (only.Contains("window") || only.Contains("rate"))
            {
                Console.WriteLine("warm-up (JIT) ...");
                var warm = InProcessSandbox.Tenant(2, 20, seed: 99);
                await RateScenarios.RunAsync(Binding.Concurrency, warm, new SandboxLimits(), new SandboxFaults(), EngineSettings.FirstComparison, work);
                await RateScenarios.RunNaiveAsync(warm, new SandboxFaults(), TimeSpan.FromSeconds(5));
            }

            if (only.Contains("window"))
            {
                foreach (var c in plan.WindowCases)
                {
                    var tenant = InProcessSandbox.Tenant(c.Users, c.MeetingsPerUser, seed: 3);
                    var settings = new EngineSettings(c.Users, 64); // every mailbox at once
                    Console.WriteLine($"window binds ({c.Name}): {c.Users} mailboxes x {c.MeetingsPerUser} meetings, {c.Limits.MaxRequestsPerWindow}/{c.Limits.WindowSeconds}s, {settings} ...");
                    var run = await RateScenarios.RunAsync(Binding.Window, tenant, c.Limits, plan.Latency, settings, work);
                    Print(run);
                    if (args.Flag("verbose"))
                        foreach (var w in run.Windows) Console.WriteLine($"    {w}");
                    results.Windows.Add((c, run));
                }
            }

            if (only.Contains("rate"))
            {
                var tenant = InProcessSandbox.Tenant(plan.RateUsers, plan.RateMeetingsPerUser, seed: 4);
                foreach (var settings in plan.RateSettings)
                {
                    Console.WriteLine($"concurrency binds: {plan.RateUsers} mailboxes x {plan.RateMeetingsPerUser} meetings, Exchange limits, {settings} ...");
                    var run = await RateScenarios.RunAsync(Binding.Concurrency, tenant, new SandboxLimits(), plan.Latency, settings, work);
                    Print(run);
                    results.Concurrency.Add(run);
                }

                Console.WriteLine($"naive script: up to {plan.NaiveSeconds} s ...");
                (results.Naive, results.NaiveStats) = await RateScenarios.RunNaiveAsync(tenant, plan.Latency, TimeSpan.FromSeconds(plan.NaiveSeconds));
                Console.WriteLine($"  {results.Naive.MeetingsMigrated} meetings in {results.Naive.Seconds:0.0} s = {results.Naive.MeetingsPerSecond:0.00} /s ({results.Naive.Requests} requests, {results.Naive.Mailboxes} mailboxes)");

                foreach (var threads in new[] { 1, 16 })
                {
                    var j = await JournalCost.MeasureAsync(work, plan.JournalRows, threads);
                    Console.WriteLine($"journal: {j.Rows} rows from {threads} thread(s): {j.MicrosecondsPerRow:0} µs per row");
                    results.Journal.Add(j);
                }
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        results.TotalSeconds = total.Elapsed.TotalSeconds;
        results.LoadAverage = MachineInfo.LoadAverage();

        ReportFile.Write(output, EngineReport.Write(results));
        Console.WriteLine($"total {results.TotalSeconds:0} s; report written to {output}");
        return results.AllMet ? 0 : 1;
    }

    private static void Print(MeteredRun r)
    {
        Console.WriteLine($"  {r.Run.MeetingsSucceeded} meetings ok, {r.Run.MeetingsFailed} failed, in {r.Run.Seconds:0.0} s = {r.Run.MeetingsPerSecond:0.0} /s; " +
                          $"{r.Stats.Requests} requests ({r.Stats.Throttled} throttled, {r.Writes} writes), max in flight {r.MaxConcurrency}; " +
                          $"{r.Samples.Count} mailboxes metered, per mailbox {r.Achieved:0.00} req/s vs allowed {r.Allowed:0.00} = {r.Ratio:0.000}" +
                          (r.Run.FirstFailure is { } f ? $"; first failure: {f}" : ""));
    }

    internal static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture);
}

internal sealed class EngineResults
{
    public required EnginePlan Plan { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public List<MemoryRun> Memory { get; } = new();
    public List<(WindowCase Case, MeteredRun Run)> Windows { get; } = new();
    public List<MeteredRun> Concurrency { get; } = new();
    public List<JournalCostResult> Journal { get; } = new();
    public NaiveResult? Naive { get; set; }
    public SandboxStatsSnapshot? NaiveStats { get; set; }
    public double TotalSeconds { get; set; }
    public string LoadAverage { get; set; } = "";

    public const double RateTarget = 0.85;
    public const double SpeedupTarget = 20;
    public const long MemoryTargetBytes = 300L * 1024 * 1024;

    /// <summary>Judged on the first window case (Exchange's own rate) and on the service-default concurrency run.</summary>
    public bool? RateMet => Windows.Count == 0 ? null : Windows.TrueForAll(w => w.Run.Ratio >= RateTarget);
    public double? Speedup(MeteredRun run) => Naive is null || Naive.MeetingsPerSecond <= 0 ? null : run.Run.MeetingsPerSecond / Naive.MeetingsPerSecond;
    public bool? SpeedupMet => Naive is null || Concurrency.Count == 0 ? null : Concurrency.Any(c => Speedup(c) >= SpeedupTarget);
    public MemoryRun? LargestMemory => Memory.OrderBy(m => m.Meetings).LastOrDefault();
    /// <summary>Met only when measured at 100,000 meetings; below that the report says what the trend predicts.</summary>
    public bool? MemoryMet => LargestMemory is not { } m ? null
        : m.Peaks.PeakWorkingSet > MemoryTargetBytes ? false
        : m.Meetings >= 100_000 ? true : null;
    public bool AllMet => RateMet != false && SpeedupMet != false && MemoryMet != false;
}
