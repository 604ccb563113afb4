using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks.Engine;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// "scale": issue 9's targets 1, 2, 3 and 7 in one run. For each mailbox count, every mailbox is migrated at once against
/// the sandbox in its own process at a latency of fixed mean (uniform ±--jitter/2 around --latency); reported: meetings/s and its ratio to Exchange's bound, the engine's
/// CPU and allocations per migrated meeting, requests per meeting by kind, and the sandbox's CPU per request.
/// Writes docs/benchmarks/scale.md (or --output); exit code 1 when a judged target is missed.
/// </summary>
internal static class ScaleBenchmark
{
    public const double RatioTarget = 0.85;
    public const double CpuTargetMs = 2.0;
    public const double RequestsTarget = 2.2;
    public const double SandboxTargetUs = 300;
    public const double RateTargetAt64 = 300;
    public const double FirstUpdateTargetSeconds = 2;
    /// <summary>
    /// From this share of the machine's cores, in use during the run or needed to migrate at the bound, CPU binds and the
    /// ratio to Exchange's bound is not judged.
    /// </summary>
    public const double CpuSaturated = 0.85;

    private static bool CpuBinds(ScaleRun r) => Math.Max(r.MachineCpuShare, r.CoresNeededAtBound) >= CpuSaturated;

    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var counts = args.IntList("mailboxes", "1,4,16,64,256", min: 1, "none"); // "none": stages and first update only
        int perUser = args.Int("meetings-per-user", 50, min: 1);
        double latency = args.Double("latency", 100, min: 0, exclusive: true, max: BenchmarkArguments.MaxLatencyMs);
        // The issue's setup is a fixed latency. Spread around the same mean (--jitter), answers stop arriving together: the
        // ratio at 16 mailboxes rises and the CPU per meeting at low load rises too (fewer shared wake-ups); see the report.
        int jitter = args.Int("jitter", 0);
        if (jitter < 0 || jitter % 2 != 0 || jitter / 2 > latency)
        {
            // Even: the sandbox draws whole milliseconds from latency - jitter/2, so the mean stays the latency.
            throw new BenchmarkArgumentException($"--jitter {jitter}: give an even number of milliseconds from 0 to twice --latency ({latency}).");
        }
        var latencyText = jitter == 0 ? $"{latency} ms" : $"{latency - jitter / 2.0}-{latency + jitter / 2.0} ms";
        string output = args.Output(Path.Combine(RepositoryPaths.Root(), "docs", "benchmarks", "scale.md"));
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mm-scale-bench-{Guid.NewGuid():N}")).FullName;
        using var workAtInterrupt = InterruptCleanup.Folder(work);
        var runs = new List<ScaleRun>();
        IReadOnlyList<StageCost> stages = Array.Empty<StageCost>();
        FirstUpdateResult? first = null;
        int stageMeetings = 0;
        var total = Stopwatch.StartNew();
        try
        {
            if (!args.Flag("no-first-update"))
            {
                Console.WriteLine($"first update: the service process running, 5 users queued one after another, {latency} ms per request ...");
                first = await FirstUpdate.MeasureAsync(5, latency, work);
                Console.WriteLine($"  {string.Join(", ", first.Seconds.Select(x => $"{x:0.00} s"))}");
            }
            foreach (var n in counts)
            {
                Console.WriteLine($"{n} mailboxes x {perUser} meetings, {latencyText} per request ...");
                var r = await ScaleScenario.RunAsync(n, perUser, latency, jitter, work);
                Console.WriteLine($"  {r.Run.MeetingsSucceeded} ok / {r.Run.MeetingsFailed} failed in {r.Run.Seconds:0.00} s = {r.Run.MeetingsPerSecond:0.0}/s; " +
                                  $"bound {r.BoundMeetingsPerSecond:0.0}/s, ratio {r.RatioToBound:0.00}; busiest mailbox {r.BusiestMailboxRequests} requests, its bound {r.BusiestMailboxBoundMeetingsPerSecond:0.0}/s, ratio {r.RatioToBusiestMailboxBound:0.00}; {r.RequestsPerMeeting:0.00} requests/meeting " +
                                  $"({string.Join(", ", r.RequestsByKind.Select(k => $"{k.Key} {k.Value}"))}); engine {r.EngineCpuMsPerMeeting:0.00} ms CPU (+ {r.EngineJitMsPerMeeting:0.00} ms JIT), " +
                                  $"{r.EngineKbPerMeeting:0} KB per meeting; sandbox {r.SandboxCpuUsPerRequest:0} µs per request (+ {r.SandboxJitUsPerRequest:0} µs JIT) " +
                                  (r.Repeats.Count > 1 ? $"({r.Repeats.Count} runs pooled: engine{Spread(r, x => x.EngineCpuMsPerMeeting, "0.00")} ms, sandbox{Spread(r, x => x.SandboxCpuUsPerRequest, "0")} µs, ratio to busiest{Spread(r, x => x.RatioToBusiestMailboxBound, "0.00")}) " : "") +
                                  $"(handlers: {string.Join(", ", r.HandlerMicrosecondsByKind.Select(k => $"{k.Key} {k.Value / Math.Max(1, r.RequestsByKind.GetValueOrDefault(k.Key))} µs"))}); cores busy {r.MachineCpuShare:0.00}, needed at the bound {r.CoresNeededAtBound:0.00}; throttled {r.Throttled}; " +
                                  $"GC held the engine {r.Run.GcPauseSeconds * 1000:0} ms in {r.Run.GcCollections} collections, the sandbox {r.SandboxGarbage.PauseSeconds * 1000:0} ms in {r.SandboxGarbage.Collections} ({r.SandboxKbPerRequest:0} KB allocated per request); calls as the engine saw them: {string.Join(", ", r.CallSecondsByKind.Select(k => $"{k.Key} {k.Value * 1000:0} ms"))}; slots busy per mailbox {r.SlotsBusy:0.00} of 4; a call held its slot {r.SlotHeldSeconds * 1000:0.0} ms, the sandbox answered in {r.SandboxAnswerSeconds * 1000:0.0} ms; quiet after warm-up in {r.QuietAfter.TotalSeconds:0.0} s" +
                                  (r.Run.FirstFailure is { } f ? $"; first failure: {f}" : ""));
                runs.Add(r);
            }
            // Last, when every path the runs took has been compiled at full optimization (tiered JIT): timed earlier, the
            // stages also paid for their own recompilation.
            if (!args.Flag("no-stages"))
            {
                Console.WriteLine("stages: 16 mailboxes' JSON captured from the sandbox, replayed from memory ...");
                (stages, stageMeetings) = await StageCosts.MeasureAsync(16, perUser, work);
                foreach (var st in stages) Console.WriteLine($"  {st.Stage}: {st.MicrosecondsPerMeeting:0} µs, {st.KilobytesPerMeeting:0} KB per meeting");
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        var report = Write(runs, stages, stageMeetings, first, args.Raw, total.Elapsed.TotalSeconds, latency, jitter, out bool allMet);
        ReportFile.Write(output, report);
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s; report written to {output}");
        return allMet ? 0 : 1;
    }

    private static string Write(IReadOnlyList<ScaleRun> runs, IReadOnlyList<StageCost> stages, int stageMeetings, FirstUpdateResult? first, IReadOnlyList<string> arguments, double seconds,
        double latency, int jitter, out bool allMet)
    {
        var s = new StringBuilder();
        s.AppendLine("# Scale benchmark: throughput against Exchange's bound, CPU per meeting");
        s.AppendLine();
        s.AppendLine("Generated by:");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine("dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- scale" + (arguments.Count > 0 ? " " + string.Join(" ", arguments) : ""));
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine($"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {seconds:0} s in all. Load average at the end (1/5/15 min): {MachineInfo.LoadAverage()}.");
        s.AppendLine();
        s.AppendLine("## Machine");
        s.AppendLine();
        s.AppendLine(MachineInfo.Describe());
        s.AppendLine();
        int perUser = runs.FirstOrDefault()?.MeetingsPerUser ?? 50;
        s.AppendLine("## Method");
        s.AppendLine();
        s.AppendLine($"- The sandbox runs **in its own process** (`MeetingMigration.Sandbox.dll --tenant-file`), seeded with a generated tenant (`TenantGenerator`, seed 11: Skype and Teams blocks, series, past, cancelled, not-organizer, ambiguous and 250+-attendee meetings) in which every user organizes the same meetings (`SameMeetingsForEveryUser`: the same mix at the same positions, in the user's own language, with their own conferencing and invitees), so every mailbox has the same work, as the bound below assumes, every Graph request delayed by {(jitter == 0 ? $"the same fixed latency, {latency:0} ms, as issue 9 states it" : $"a latency drawn uniformly between {latency - jitter / 2.0:0} and {latency + jitter / 2.0:0} ms (seeded; mean {latency:0} ms, the latency in the bound below)")} (with `--jitter N` each request's latency is drawn within ±N/2 ms of the mean instead. Paired runs of 2026-12-04 at 1 and 16 mailboxes, 90–110 ms against a fixed 100: 16 mailboxes reached 0.88–0.90 of the bound instead of 0.85–0.87, and the CPU per meeting at 1 mailbox rose from 1.66–1.81 to 2.02–2.26 ms, the sandbox's per request from 491–569 to 744–868 µs: answers that arrive together share the processes' wake-ups, which a real tenant's latency would not give them), Exchange's real limits (4 in flight and 10,000 per 10 minutes per mailbox).");
        s.AppendLine("- The engine runs in the benchmark process as the service runs it: `GraphConnection` (Graph SDK, `ResilientMailboxGateway`), `SqliteMigrationStore` with its journal in a temp file, the store and the connection opened once for the warm-up and every run after it (as the service keeps one of each for its life: its statements, connections to Graph and the code behind them are warm), one `MigrationWorker` loop per mailbox (every mailbox at once), a global cap of 4 requests per mailbox. Every mailbox is queued as `Start-CsExMeetingMigration` queues it; each organizer has a Skype conferencing profile, so Skype meetings are refreshed.");
        s.AppendLine("- **Engine CPU** = this process's user + system CPU during the run (the sandbox's is not in it), less the time the JIT compiled code during it (`JitInfo.GetCompilationTime`, shown in its own column: tiered recompilation of code that turned hot is a cost of a process's first minutes, not of a meeting), ÷ meetings migrated (the requests' `SucceededMeeting`); allocations = `GC.GetTotalAllocatedBytes` over the run. **Sandbox CPU** = the sandbox process's CPU over the run, less its JIT's compile time in the run (`processJitMilliseconds` of `GET /sandbox/stats`; its own column), ÷ requests it answered. **Requests** are the sandbox's own counts, by method and resource.");
        s.AppendLine("- **Bound** = mailboxes × 4 in flight ÷ latency ÷ requests per meeting: what Exchange's limits allow this engine. The ratio is judged (≥ 0.85) only where CPU does not bind: where both processes together used less than 85 % of the machine's cores during the run, **and** migrating at the bound would take them less than 85 % (**cores the bound needs** = both processes' CPU per migrated meeting in this run × the bound ÷ cores). The second test matters because a run that cannot keep up leaves the cores idle while it waits, so the share it used does not say whether the cores would allow the bound. Neither test counts other processes of the machine: on a shared machine a row can miss 0.85 for cores that other work held, which only the load average printed with the run's time shows (an outside probe's run at load 7–8 missed at 16 mailboxes).");
        s.AppendLine("- **Busiest-mailbox bound** = migrated meetings ÷ (the busiest mailbox's requests × latency ÷ 4): no schedule ends before the busiest mailbox has sent its requests four at a time. With every mailbox doing the same work it is close to the bound above; with users' own mixes (24 to 35 meetings to change of 50, as until 2026-12-03) it was up to 12 % lower, and the even-split ratio at 16 mailboxes could not pass 0.88.");
        s.AppendLine("- **Calls as the engine saw them**: a wrapper around the engine's gateway times each call from the engine's side (waiting for one of the mailbox's four slots included) and how many calls each mailbox had outstanding on average between its first and its last (printed per run by the benchmark; above 4 means the engine always had a request waiting for a slot). A second wrapper, inside the gateway's slots, times how long each call **held its slot** (from the slot granted to the answer read), and the sandbox adds up how long it took to **answer** each call (`answerMicroseconds` of `GET /sandbox/stats`: from the request's headers read to the answer handed to its server, the latency included); table *Where a call's time went*, with the time the engine's garbage collector held its threads (`GC.GetTotalPauseDuration` over the run), when no answer is read.");
        s.AppendLine($"- **Small runs are repeated and pooled**: a run of one mailbox migrates 26 to 34 meetings in under 2 s and costs each process some 50 ms of CPU, so a single stray wake-up or collection moved its figures by a third between runs. A row is therefore {ScaleScenario.Repeats(1, perUser)} runs of 1 mailbox, {ScaleScenario.Repeats(4, perUser)} of 4, one from 16 up (about {ScaleScenario.MeetingsPerRow} meetings or more per row), one after another, each with mailboxes of its own and after both processes went idle; the row's figures are their totals (CPU ÷ meetings, meetings ÷ seconds, the busiest-mailbox bound from each run's busiest mailbox), and the lowest and highest single run are shown in brackets. Targets are judged on the pooled figure.");
        s.AppendLine($"- Each run first migrates {ScaleScenario.WarmUpMailboxes} other mailboxes of the same tenant, unmeasured, in {ScaleScenario.WarmUpRounds} rounds, and waits after each until both processes are idle: the runtime recompiles hot code at full optimization (tiered JIT) only once it has seen it called for a while, and a single round left that recompilation to the measured run (a 1-mailbox run was charged 34 ms of engine CPU per meeting for it). The sandbox's counters are reset after them.");
        s.AppendLine();
        s.AppendLine("## Results");
        s.AppendLine();
        s.AppendLine("| Mailboxes × meetings (runs) | Migrated / failed | Wall clock | **Meetings/s** | Requests per meeting | Bound | **Ratio to bound** | Busiest mailbox: requests, bound | **Ratio to it** | **Engine CPU per meeting** | JIT in the run, per meeting (not in the CPU) | Engine allocations per meeting | **Sandbox CPU per request** | Sandbox JIT in the run, per request (not in the CPU) | Cores busy (both processes) | Cores the bound needs |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
            s.AppendLine($"| {r.Mailboxes} × {r.MeetingsPerUser}{(r.Repeats.Count > 1 ? $" ({r.Repeats.Count})" : "")} | {r.Run.MeetingsSucceeded:N0} / {r.Run.MeetingsFailed:N0} | {r.Run.Seconds:0.00} s | **{r.Run.MeetingsPerSecond:0.0}** | {r.RequestsPerMeeting:0.00} | {r.BoundMeetingsPerSecond:0.0}/s | **{r.RatioToBound:0.00}**{Spread(r, x => x.RatioToBound, "0.00")}{(CpuBinds(r) ? " (CPU binds)" : "")} | {r.BusiestMailboxRequests}, {r.BusiestMailboxBoundMeetingsPerSecond:0.0}/s | **{r.RatioToBusiestMailboxBound:0.00}**{Spread(r, x => x.RatioToBusiestMailboxBound, "0.00")} | **{r.EngineCpuMsPerMeeting:0.00} ms**{Spread(r, x => x.EngineCpuMsPerMeeting, "0.00")} | {r.EngineJitMsPerMeeting:0.00} ms | {r.EngineKbPerMeeting:N0} KB | **{r.SandboxCpuUsPerRequest:0} µs**{Spread(r, x => x.SandboxCpuUsPerRequest, "0")} | {r.SandboxJitUsPerRequest:0} µs | {r.MachineCpuShare:P0} | {r.CoresNeededAtBound:P0} |");
        s.AppendLine();
        s.AppendLine("Where a call's time went (means over all calls of the row; the bound assumes every slot turns over at the latency):");
        s.AppendLine();
        s.AppendLine("| Mailboxes | Latency | Sandbox answered in | A call held its slot | **Held beyond the answer** (both processes' queues for the cores, sockets) | Outstanding calls per mailbox (of 4 slots) | Engine's GC pauses: share of the wall clock (collections) | Sandbox's GC pauses: share of the wall clock (collections) | Sandbox allocations per request |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
            s.AppendLine($"| {r.Mailboxes} | {latency:0} ms | {r.SandboxAnswerSeconds * 1000:0.0} ms | {r.SlotHeldSeconds * 1000:0.0} ms | **{r.SlotHeldBeyondAnswerSeconds * 1000:0.0} ms** | {r.SlotsBusy:0.00} | {(r.Run.Seconds > 0 ? r.Run.GcPauseSeconds / r.Run.Seconds : 0):P0} ({r.Run.GcCollections}) | {(r.Run.Seconds > 0 ? r.SandboxGarbage.PauseSeconds / r.Run.Seconds : 0):P0} ({r.SandboxGarbage.Collections}) | {r.SandboxKbPerRequest:0} KB |");
        s.AppendLine();
        s.AppendLine("Requests by kind (per migrated meeting):");
        s.AppendLine();
        var kinds = runs.SelectMany(r => r.RequestsByKind.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        s.AppendLine("| Mailboxes | " + string.Join(" | ", kinds) + " |");
        s.AppendLine("|---|" + string.Concat(kinds.Select(_ => "---:|")));
        foreach (var r in runs)
            s.AppendLine($"| {r.Mailboxes} | " + string.Join(" | ", kinds.Select(k => r.RequestsByKind.TryGetValue(k, out var v) && r.Run.MeetingsSucceeded > 0
                ? $"{v:N0} ({(double)v / r.Run.MeetingsSucceeded:0.00})" : "0")) + " |");
        s.AppendLine();

        if (stages.Count > 0)
        {
            s.AppendLine("## Engine CPU per migrated meeting, stage by stage");
            s.AppendLine();
            s.AppendLine($"Measured after the runs above (code fully compiled). The JSON the sandbox answers for 16 mailboxes × {runs.FirstOrDefault()?.MeetingsPerUser ?? 50} meetings (same generator and seed) is captured over HTTP, then each stage is replayed from memory on one thread (the journal: 16 at once), many rounds, after an untimed one; CPU is the process's, allocations `GC.GetTotalAllocatedBytes`; per migrated meeting = ÷ {stageMeetings:N0} meetings the rules migrate. The rest of the measured CPU (sockets, the HTTP client's connection handling, async continuations and the thread pool, lease renewals, progress) is the difference to the scale runs' figure.");
            s.AppendLine();
            s.AppendLine("| Stage | What | CPU per meeting | Allocated per meeting |");
            s.AppendLine("|---|---|---:|---:|");
            foreach (var st in stages) s.AppendLine($"| {st.Stage} | {st.What} | {st.MicrosecondsPerMeeting:N0} µs | {st.KilobytesPerMeeting:N0} KB |");
            double sum = stages.Sum(x => x.MicrosecondsPerMeeting), kb = stages.Sum(x => x.KilobytesPerMeeting);
            s.AppendLine($"| **Stages together** | | **{sum:N0} µs** | **{kb:N0} KB** |");
            foreach (var r in runs.Where(r => r.Mailboxes >= 16))
                s.AppendLine($"| Measured, {r.Mailboxes} mailboxes | whole engine process over the run (JIT excluded) | {r.EngineCpuMsPerMeeting * 1000:N0} µs (rest: {r.EngineCpuMsPerMeeting * 1000 - sum:N0} µs) | {r.EngineKbPerMeeting:N0} KB |");
            s.AppendLine();
        }

        if (first != null)
        {
            s.AppendLine("## First update after Start");
            s.AppendLine();
            s.AppendLine($"The service process (`MeetingMigration.Service.dll`, its defaults: queue watcher every 0.5 s) runs and is idle; a user is queued in its store as `Start-CsExMeetingMigration` queues one, and the clock stops when the sandbox receives the first PATCH of that user's meetings. {first.Seconds.Count} users, one after another, each once the previous request ended; {first.LatencyMs} ms per Graph request, so resolving the user, reading the calendar page and the event take at least {3 * first.LatencyMs / 1000:0.0} s before the PATCH is sent.");
            s.AppendLine();
            s.AppendLine($"| Runs | Each | Median | Max | Target |");
            s.AppendLine("|---:|---|---:|---:|---|");
            s.AppendLine($"| {first.Seconds.Count} | {string.Join(", ", first.Seconds.Select(x => $"{x:0.00} s"))} | {first.Median:0.00} s | {first.Max:0.00} s | < {FirstUpdateTargetSeconds:0} s: {(first.Max < FirstUpdateTargetSeconds ? "met" : "**not met**")} |");
            s.AppendLine();
        }

        var judged = runs.Where(r => !CpuBinds(r)).ToList();
        var at64 = runs.FirstOrDefault(r => r.Mailboxes == 64);
        bool cpuMet = runs.Count > 0 && runs.All(r => r.EngineCpuMsPerMeeting <= CpuTargetMs);
        bool ratioMet = judged.All(r => r.RatioToBound >= RatioTarget);
        bool requestsMet = runs.Count > 0 && runs.All(r => r.RequestsPerMeeting <= RequestsTarget);
        bool sandboxMet = runs.Count > 0 && runs.All(r => r.SandboxCpuUsPerRequest <= SandboxTargetUs);
        bool? rateMet = at64 == null ? null : at64.Run.MeetingsPerSecond >= RateTargetAt64;
        s.AppendLine("## Targets");
        s.AppendLine();
        s.AppendLine("| Target | Measured | Met |");
        s.AppendLine("|---|---|---|");
        s.AppendLine($"| 1. Engine CPU ≤ {CpuTargetMs} ms per migrated meeting | {string.Join("; ", runs.Select(r => $"{r.Mailboxes}: {r.EngineCpuMsPerMeeting:0.00} ms"))} | {YesNo(cpuMet)} |");
        s.AppendLine($"| 2a. ≥ {RatioTarget} of the bound where CPU does not bind | {string.Join("; ", runs.Select(r => $"{r.Mailboxes}: {r.RatioToBound:0.00}{(CpuBinds(r) ? " (CPU binds)" : "")}"))} | {YesNo(ratioMet)} |");
        s.AppendLine($"| 2a, against the busiest mailbox's bound | {string.Join("; ", runs.Select(r => $"{r.Mailboxes}: {r.RatioToBusiestMailboxBound:0.00}{(CpuBinds(r) ? " (CPU binds)" : "")}"))} | for information (every mailbox has the same work) |");
        s.AppendLine($"| 2a, a call's slot held beyond the sandbox's answer | {string.Join("; ", runs.Select(r => $"{r.Mailboxes}: {r.SlotHeldBeyondAnswerSeconds * 1000:0.0} ms of {latency:0}"))} | for information: time the requests and answers waited in the two processes for the cores (table *Where a call's time went*) |");
        s.AppendLine($"| 2b. ≥ {RateTargetAt64} meetings/s at 64 mailboxes | {(at64 == null ? "not run" : $"{at64.Run.MeetingsPerSecond:0.0}/s")} | {(rateMet == null ? "not run" : YesNo(rateMet.Value))} |");
        s.AppendLine($"| 3. Requests per meeting ≤ {RequestsTarget} | {string.Join("; ", runs.Select(r => $"{r.Mailboxes}: {r.RequestsPerMeeting:0.00}"))} | {YesNo(requestsMet)} |");
        s.AppendLine($"| 7. Sandbox ≤ {SandboxTargetUs} µs CPU per request | {string.Join("; ", runs.Select(r => $"{r.Mailboxes}: {r.SandboxCpuUsPerRequest:0} µs"))} | {YesNo(sandboxMet)} |");
        if (first != null)
            s.AppendLine($"| 6. First update < {FirstUpdateTargetSeconds:0} s after Start, service running | max {first.Max:0.00} s (median {first.Median:0.00} s) | {YesNo(first.Max < FirstUpdateTargetSeconds)} |");
        allMet = cpuMet && ratioMet && requestsMet && sandboxMet && rateMet != false && (first == null || first.Max < FirstUpdateTargetSeconds);
        return s.ToString();
    }

    private static string YesNo(bool met) => met ? "yes" : "**no**";

    /// <summary>" (lowest–highest)" of a figure over a row's pooled runs; nothing for a row of one run.</summary>
    private static string Spread(ScaleRun row, Func<ScaleRun, double> figure, string format) =>
        row.Repeats.Count < 2 ? "" : $" ({row.Repeats.Min(figure).ToString(format, CultureInfo.InvariantCulture)}–{row.Repeats.Max(figure).ToString(format, CultureInfo.InvariantCulture)})";
}
