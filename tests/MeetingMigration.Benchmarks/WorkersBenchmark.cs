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
/// "workers": issue 12's benchmark. 1, 2 and 4 service processes on one PostgreSQL against the sandbox at a fixed latency:
/// meetings/s per worker count, its ratio to the bound (Exchange's, or the machine's CPU), and the proof that no meeting
/// was updated twice. Writes docs/benchmarks/workers.md (or --output); exit code 1 when the proof finds a meeting updated
/// twice (or one that had to be left alone), a request is left unfinished, or a worker count cannot run.
/// </summary>
internal static class WorkersBenchmark
{
    /// <summary>The service's default (ServiceSettings.MaxParallelRequests); the benchmark sets it explicitly so the report says what ran.</summary>
    public const int ServiceDefaultParallel = 64;

    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var counts = args.IntList("workers", "1,2,4", min: 1);
        int mailboxes = args.Int("mailboxes", 400, min: 1);
        int perUser = args.Int("meetings-per-user", 20, min: 1);
        double latency = args.Double("latency", 100, min: 0, exclusive: true, max: BenchmarkArguments.MaxLatencyMs);
        int parallel = args.Int("parallel", ServiceDefaultParallel, min: 1);
        var timeout = TimeSpan.FromMinutes(args.Double("timeout-minutes", 30, min: 0, exclusive: true, max: 24 * 60));
        bool keepSchemas = args.Flag("keep-schemas");
        // Read with the other options, before anything is created: refused after the work folder, it left the folder behind.
        var postgresGiven = args.String("postgres");
        // Checks the proof itself: a report of a run with a duplicate made on purpose does not belong in docs/.
        bool injectDuplicate = args.Flag("inject-duplicate");
        string output = args.Output(injectDuplicate ? Path.Combine(Path.GetTempPath(), "workers-inject-duplicate.md")
            : Path.Combine(RepositoryPaths.Root(), "docs", "benchmarks", "workers.md"));
        if (counts.Length == 0 || counts.Any(n => n < 1) || mailboxes < 1 || perUser < 1 || parallel < 1)
        {
            throw new BenchmarkArgumentException("--workers, --mailboxes, --meetings-per-user and --parallel must be positive.");
        }

        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mm-workers-bench-{Guid.NewGuid():N}")).FullName;
        using var workAtInterrupt = InterruptCleanup.Folder(work);
        var runs = new List<WorkersRun>();
        var problems = new List<string>();
        string loadBefore = MachineInfo.LoadAverage(), postgres = "none";
        var total = Stopwatch.StartNew();
        // One tag for the run's schemas, so two runs on one server (or a kept schema) never meet.
        var tag = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        PostgresServer server;
        try
        {
            server = await PostgresServer.OpenAsync(postgresGiven);
        }
        catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"workers: no PostgreSQL server: {e.Message}");
            return 1;
        }
        try
        {
            postgres = server.Describe;
            Console.WriteLine($"PostgreSQL: {postgres}");
            foreach (var n in counts)
            {
                var schema = $"mm_bench_{tag}_{n}w";
                Console.WriteLine($"{n} worker(s): {mailboxes} mailboxes x {perUser} meetings, {latency} ms per request, {parallel} requests at a time per service, schema {schema} ...");
                try
                {
                    var r = await WorkersScenario.RunAsync(n, mailboxes, perUser, latency, parallel, server, schema, work, timeout, injectDuplicate);
                    Console.WriteLine(Summary(r));
                    runs.Add(r);
                }
                catch (Exception e)
                {
                    // One worker count that cannot run (a service that exits, a timeout) is reported, and the others still run.
                    problems.Add($"{n} worker(s): {e.GetType().Name}: {e.Message}");
                    Console.Error.WriteLine($"  failed: {e}");
                }
                finally
                {
                    if (!keepSchemas) await server.DropSchemaAsync(schema);
                }
            }
        }
        finally
        {
            await server.DisposeAsync();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }

        if (injectDuplicate)
        {
            // Each run had one update sent twice on purpose: the proof passes its own check when it found that one.
            var missed = runs.Where(r => r.Proof.Duplicates == 0).Select(r => r.Workers).ToList();
            Console.WriteLine(missed.Count == 0 && problems.Count == 0
                ? "inject-duplicate: the proof found the duplicate in every run."
                : $"inject-duplicate: the proof MISSED the duplicate with {string.Join(", ", missed)} worker(s).");
            var selfCheck = Write(runs, problems, postgres, args.Raw, loadBefore, total.Elapsed.TotalSeconds);
            ReportFile.Write(output, selfCheck);
            Console.WriteLine($"report written to {output}");
            return missed.Count == 0 && problems.Count == 0 && runs.Count == counts.Length ? 0 : 1;
        }
        foreach (var r in runs)
        {
            if (!r.Proof.Clean) problems.Add($"{r.Workers} worker(s): the proof failed ({r.Proof.Duplicates} duplicate(s), {r.Proof.UpdatedButToBeLeftAlone} update(s) of meetings to be left alone, {r.Proof.AttemptingLeft} journal(s) left at Attempting)");
            if (r.RequestsSucceeded + r.RequestsFailed + r.RequestsWaiting != r.Requests) problems.Add($"{r.Workers} worker(s): requests left unfinished");
        }
        var report = Write(runs, problems, postgres, args.Raw, loadBefore, total.Elapsed.TotalSeconds);
        ReportFile.Write(output, report);
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s; report written to {output}");
        foreach (var p in problems) Console.Error.WriteLine("problem: " + p);
        return problems.Count == 0 ? 0 : 1;
    }

    private static string Summary(WorkersRun r) =>
        $"  {r.RequestsSucceeded} requests ok / {r.RequestsFailed} failed{(r.RequestsWaiting > 0 ? $" / {r.RequestsWaiting} waiting for a retry" : "")}; " +
        $"{r.MeetingsSucceeded} meetings ok / {r.MeetingsFailed} failed in {r.Seconds:0.00} s = {r.MeetingsPerSecond:0.0}/s; " +
        $"{r.RequestsPerMeeting:0.00} requests/meeting ({string.Join(", ", r.RequestsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}); " +
        $"bounds: Exchange {r.ExchangeBound:0.0}/s, CPU {r.CpuBound:0.0}/s -> ratio {r.RatioToBound:0.00} ({r.Binds} binds); " +
        $"CPU per meeting {r.CpuMsPerMeeting:0.00} ms (services {r.ServiceCpuMsPerMeeting:0.00} ms, sandbox {r.SandboxCpuSeconds * 1000 / Math.Max(1, r.MeetingsSucceeded):0.00} ms" +
        (r.PostgresCpuSeconds is { } pg ? $", PostgreSQL {pg * 1000 / Math.Max(1, r.MeetingsSucceeded):0.00} ms" : "") + $"); cores busy {r.CoresBusy:P0}; " +
        (r.Steady is { } st ? $"steady {st.UpdatesPerSecond:0.0} updates/s at {st.CpuMsPerUpdate:0.00} ms CPU; " : "") +
        $"requests (meetings) by worker {r.ByWorkerText}; max in flight per mailbox {r.MaxMailboxInFlight}, throttled {r.Throttled}; " +
        $"proof: {r.Proof.EventsUpdated} events updated, {r.Proof.Duplicates} duplicates, {r.Proof.UpdatedButToBeLeftAlone} left-alone updated, " +
        $"{r.Proof.PatchesSent} PATCHes / {r.Proof.AttemptsJournaled} attempts journaled, {r.Proof.AttendeeUpdates} attendee updates" +
        (r.FirstFailure is { Length: > 0 } f ? $"; first failure: {f}" : "");

    private static string Write(IReadOnlyList<WorkersRun> runs, IReadOnlyList<string> problems, string postgres, IReadOnlyList<string> arguments, string loadBefore, double seconds)
    {
        var s = new StringBuilder();
        var first = runs.FirstOrDefault();
        s.AppendLine("# Workers benchmark: service processes on one PostgreSQL");
        s.AppendLine();
        s.AppendLine("Generated by:");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine("dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- workers" + (arguments.Count > 0 ? " " + string.Join(" ", Redacted(arguments)) : ""));
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine($"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {seconds:0} s in all. Load average (1/5/15 min) at the start: {loadBefore}; at the end: {MachineInfo.LoadAverage()}.");
        s.AppendLine();
        s.AppendLine("## Machine");
        s.AppendLine();
        s.AppendLine(MachineInfo.Describe());
        s.AppendLine($"- PostgreSQL: {postgres}");
        s.AppendLine();
        s.AppendLine("## Method");
        s.AppendLine();
        s.AppendLine("- For each worker count: a **fresh schema** on one PostgreSQL server (`Search Path=mm_bench_...`, created by the store and dropped after the run) and a **fresh sandbox** in its own process (`MeetingMigration.Sandbox.dll --tenant-file`), seeded with a generated tenant (`TenantGenerator`, seed 11: Skype and Teams blocks, series with edited occurrences, past, cancelled, not-organizer, ambiguous and 250+-attendee meetings), every Graph request delayed by the same fixed latency, Exchange's real limits (4 in flight and 10,000 per 10 minutes per mailbox; all services use one app, so the limits hold for all of them together).");
        s.AppendLine($"- N **real service processes** (`dotnet MeetingMigration.Service.dll`, configured as an admin would: `MeetingMigration__StoreConnectionString`, `MeetingMigration__GraphEndpoint`, `MeetingMigration__AccessToken`, `MeetingMigration__TriggerPollSeconds=0`, `MeetingMigration__MaxParallelRequests={first?.ParallelPerWorker ?? ServiceDefaultParallel}`, the service's defaults otherwise) are started and idle. Each organizer has a Skype conferencing profile, so Skype meetings are refreshed. Every user is then queued in one transaction (`EnqueueManyAsync`, as `Start-CsExMeetingMigration` queues piped users), and the clock runs from there to the last request's end (no request Pending or InProgress).");
        s.AppendLine("- **Meetings/s** = meetings migrated (the requests' `SucceededMeeting`) ÷ wall clock. **Requests per meeting** = requests the sandbox answered ÷ meetings migrated.");
        s.AppendLine("- **Exchange bound** = mailboxes in flight × 4 ÷ latency ÷ requests per meeting, where mailboxes in flight = min(mailboxes, workers × MaxParallelRequests): what Exchange's per-mailbox limits allow. **CPU bound** = the machine's cores ÷ the run's CPU per meeting (services + sandbox + PostgreSQL when the benchmark started the server; a given server's CPU is not seen): what the machine allows if it did nothing else. The **ratio** is to the smaller of the two. The machine is shared: the load averages above say how much else ran.");
        s.AppendLine("- **CPU** = user + system time of each process over the run (`Process.TotalProcessorTime` for the services and the sandbox; `/proc` for the PostgreSQL cluster: postmaster, its backends, and backends already gone). Each service compiles its code during the run (tiered JIT); the **steady** figures are the window from 10 % to 90 % of the run's PATCHes, sampled every 0.25 s, which leaves out start-up and the tail of last mailboxes.");
        s.AppendLine("- **No meeting updated twice**, from three sources that do not trust each other (the reliability proofs' `MigrationAudit`, over the store interface): the journal every worker wrote (no event with two `Updated` rows across all requests and workers; none left at `Attempting`); the sandbox's own PATCH count (no more PATCHes than journaled attempts: no resend the journal does not know); and the update messages the sandbox would have mailed, against the generated tenant's manifest (no recipient, tenant user or guest, got two updates of one meeting; an edited occurrence is mailed again when its series is updated, as Exchange does, so it may get two, never three; no update at all of a meeting that must be left alone). The findings are added up in **Duplicate findings**, which must be 0; `--inject-duplicate` checks the proof itself by sending one update a second time after the run, which it must find. Also shown: the most requests one mailbox had in flight at once across all workers (Exchange allows 4) and the requests the sandbox throttled.");
        s.AppendLine();

        s.AppendLine("## Results");
        s.AppendLine();
        if (runs.Count == 0) s.AppendLine("No worker count completed.");
        else
        {
            var one = runs.FirstOrDefault(r => r.Workers == 1);
            s.AppendLine("| Workers | Mailboxes × meetings | Requests ok / failed | Meetings migrated / failed | Wall clock | **Meetings/s** | vs 1 worker | Requests per meeting | Mailboxes in flight | Exchange bound | CPU per meeting (all processes) | CPU bound | **Ratio to bound** | Cores busy |");
            s.AppendLine("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in runs)
                s.AppendLine($"| {r.Workers} | {r.Mailboxes} × {r.MeetingsPerUser} | {r.RequestsSucceeded:N0} / {r.RequestsFailed:N0}{(r.RequestsWaiting > 0 ? $" ({r.RequestsWaiting} waiting for a retry)" : "")} | {r.MeetingsSucceeded:N0} / {r.MeetingsFailed:N0} | {r.Seconds:0.00} s | **{r.MeetingsPerSecond:0.0}** | {(one == null || one.MeetingsPerSecond == 0 ? "–" : $"{r.MeetingsPerSecond / one.MeetingsPerSecond:0.00}×")} | {r.RequestsPerMeeting:0.00} | {r.MailboxesAtOnce} | {r.ExchangeBound:0.0}/s | {r.CpuMsPerMeeting:0.00} ms | {r.CpuBound:0.0}/s | **{r.RatioToBound:0.00}** ({r.Binds} binds) | {r.CoresBusy:P0} |");
            s.AppendLine();

            s.AppendLine("CPU by process, the steady window, and how the services shared the queue (requests each one ended and their migrated meetings, from the line each service logs per request):");
            s.AppendLine();
            s.AppendLine("| Workers | Services CPU (each) | Services per meeting | Sandbox per meeting | PostgreSQL per meeting | Steady updates/s (10–90 %) | Steady CPU per update | Requests (meetings) ended by each service |");
            s.AppendLine("|---:|---|---:|---:|---:|---:|---:|---|");
            foreach (var r in runs)
            {
                double per(double cpu) => r.MeetingsSucceeded == 0 ? 0 : cpu * 1000 / r.MeetingsSucceeded;
                s.AppendLine($"| {r.Workers} | {r.ServiceCpuSeconds:0.0} s ({string.Join(" / ", r.ServiceCpuByWorker.Select(c => $"{c:0.0}"))}) | {per(r.ServiceCpuSeconds):0.00} ms | {per(r.SandboxCpuSeconds):0.00} ms | {(r.PostgresCpuSeconds is { } pg ? $"{per(pg):0.00} ms" : "not measured")} | {(r.Steady is { } st ? $"{st.UpdatesPerSecond:0.0}" : "run too short")} | {(r.Steady is { } st2 ? $"{st2.CpuMsPerUpdate:0.00} ms" : "–")} | {r.ByWorkerText} |");
            }
            s.AppendLine();

            s.AppendLine("Requests by kind (per migrated meeting):");
            s.AppendLine();
            var kinds = runs.SelectMany(r => r.RequestsByKind.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
            s.AppendLine("| Workers | " + string.Join(" | ", kinds) + " |");
            s.AppendLine("|---:|" + string.Concat(kinds.Select(_ => "---:|")));
            foreach (var r in runs)
                s.AppendLine($"| {r.Workers} | " + string.Join(" | ", kinds.Select(k => r.RequestsByKind.TryGetValue(k, out var v) && r.MeetingsSucceeded > 0
                    ? $"{v:N0} ({(double)v / r.MeetingsSucceeded:0.00})" : "0")) + " |");
            s.AppendLine();

            s.AppendLine("## No meeting updated twice");
            s.AppendLine();
            s.AppendLine("| Workers | Meetings in the manifest | Events updated (journal) | Updated twice (journal) | Left at Attempting | PATCHes sent / attempts journaled | Attendee update messages | Meetings an attendee got a second update of | Meetings to be left alone, updated | To migrate, not updated | Most in flight for one mailbox | Throttled | **Duplicate findings** |");
            s.AppendLine("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in runs)
            {
                var p = r.Proof;
                s.AppendLine($"| {r.Workers} | {p.MeetingsChecked:N0} | {p.EventsUpdated:N0} | {p.EventsUpdatedTwice} | {p.AttemptingLeft} | {p.PatchesSent:N0} / {p.AttemptsJournaled:N0} | {p.AttendeeUpdates:N0} | {p.AttendeeDuplicates} | {p.UpdatedButToBeLeftAlone} | {p.ExpectedButNotUpdated} | {r.MaxMailboxInFlight} | {r.Throttled} | **{p.Duplicates}** |");
            }
            s.AppendLine();
            foreach (var r in runs.Where(r => r.Proof.Examples.Count > 0))
            {
                s.AppendLine($"{r.Workers} worker(s), first findings:");
                s.AppendLine();
                foreach (var e in r.Proof.Examples) s.AppendLine($"- {e}");
                s.AppendLine();
            }
            s.AppendLine("\"To migrate, not updated\" counts meetings the manifest says a correct engine migrates but where an attendee got no update: a meeting the run failed on (see the failed counts) or lost; it is not a duplicate.");
            s.AppendLine();
        }

        s.AppendLine("## Verdict");
        s.AppendLine();
        if (problems.Count == 0) s.AppendLine($"No meeting was updated twice at any worker count ({string.Join(", ", runs.Select(r => r.Workers))}); every request ended.");
        else foreach (var p in problems) s.AppendLine($"- **{p}**");
        // The sandbox admits at most 4 requests per mailbox and answers 429 beyond: a throttled request means the workers
        // together asked more of one mailbox than Exchange allows (retried, so not a lost update, but not as designed).
        long throttled = runs.Sum(r => r.Throttled);
        if (runs.Count > 0)
            s.AppendLine(throttled == 0
                ? "No request was throttled: the workers together never asked one mailbox for more than Exchange's 4 requests in flight."
                : $"{throttled:N0} request(s) were throttled (429): the workers together asked one mailbox for more than Exchange allows; the engine retried them.");
        return s.ToString();
    }

    /// <summary>The command line as given, but for a password inside a --postgres connection string.</summary>
    private static IEnumerable<string> Redacted(IReadOnlyList<string> arguments)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (i > 0 && arguments[i - 1] == "--postgres")
            {
                yield return "\"<connection string>\"";
                continue;
            }
            yield return arguments[i];
        }
    }
}
