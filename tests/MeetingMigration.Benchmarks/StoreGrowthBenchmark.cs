using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks.Engine;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Microsoft.Data.Sqlite;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// "store-growth": does the engine's cost per meeting grow with its store? A service soak (2026-12-05) saw the CPU per
/// meeting rise by two fifths over 3.5 GB of journal. Here the same mailboxes are migrated round after round into one
/// SQLite store that is never purged (each round changes every organizer's conference ID, so every meeting is updated
/// again, as a tenant re-numbering its bridges would), and each round's engine CPU per migrated meeting is reported with
/// the store's size. Writes docs/benchmarks/store-growth.md (or --output).
/// </summary>
internal static class StoreGrowthBenchmark
{
    private sealed record Round(int Number, EngineRunResult Run, long StoreBytes, long JournalRows)
    {
        public double CpuMsPerMeeting => Run.MeetingsSucceeded == 0 ? 0 : Run.CpuSeconds * 1000 / Run.MeetingsSucceeded;
    }

    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        int mailboxes = args.Int("mailboxes", 64, min: 1);
        int perUser = args.Int("meetings-per-user", 50, min: 1);
        // Rounds 1–5 warm the JIT up and are left out of the report: fewer than 7 left it empty, and a fitted slope of two
        // points read as a trend (outside probe BG-F5).
        int rounds = args.Int("rounds", 100, min: 7);
        double latency = args.Double("latency", 20, min: 0, exclusive: true, max: BenchmarkArguments.MaxLatencyMs);
        // Each round starts again from the generated calendars (Skype meetings converted to Teams again, each request
        // reading the organizer's journal for an interrupted conversion), as a soak that repeats one migration does.
        bool reload = args.Flag("reload-calendars");
        // The service process migrates (queued through the store, as the cmdlets queue) and its CPU is what is measured,
        // its watchers included, as in the soak; without it the engine runs in this process.
        bool inService = args.Flag("service");
        string output = args.Output(Path.Combine(RepositoryPaths.Root(), "docs", "benchmarks", "store-growth.md"));
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mm-growth-bench-{Guid.NewGuid():N}")).FullName;
        using var workAtInterrupt = InterruptCleanup.Folder(work);
        var total = Stopwatch.StartNew();
        var results = new List<Round>();
        try
        {
            var tenantFile = Path.Combine(work, "tenant.json");
            var tenant = InProcessSandbox.Tenant(mailboxes, perUser, seed: 11, sameMeetingsForEveryUser: true);
            tenant.WriteTenantFile(tenantFile);
            var upns = InProcessSandbox.Mailboxes(tenant);
            await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
            await sandbox.PutAsync("sandbox/faults", $"{{\"latencyMs\":{(int)Math.Round(latency)}}}");
            // The same mailboxes are read a few hundred times in minutes: Exchange's 10,000 requests per mailbox and 10
            // minutes would throttle them for the rest of the run. The 4 requests in flight per mailbox stay.
            await sandbox.PutAsync("sandbox/limits", "{\"maxRequestsPerWindow\":1000000000}");
            var tenantJson = reload ? await File.ReadAllTextAsync(tenantFile) : null;
            var storePath = Path.Combine(work, "growth.db");
            var settings = new EngineSettings(mailboxes, Math.Max(64, mailboxes * 4));
            using (var store = SqliteMigrationStore.Open(storePath))
            {
                // A conference ID change would queue each organizer's migration itself, after the trigger delay: the
                // benchmark queues them now instead, as Start-CsExMeetingMigration does.
                await store.UpdateDialInSettingsAsync(s => s.AutomaticallyMigrateUserMeetings = false, default);
                using var graph = inService ? null : EngineRunner.Connect(sandbox.GraphBaseUrl, settings.GlobalConcurrency);
                using var service = inService ? StartService(sandbox, storePath) : null;
                if (service != null) await service.WaitReadyAsync(TimeSpan.FromMinutes(2));
                for (int number = 1; number <= rounds; number++)
                {
                    if (tenantJson != null) await ReloadCalendarsAsync(sandbox, tenantJson);
                    // Consecutive rounds use disjoint sets of conference IDs (the first digit alternates), so no organizer's
                    // new ID is another's current one, and every meeting's block changes.
                    var prefix = number % 2 == 0 ? "2" : "1";
                    DialInUserUpdate Profile(string upn) { var p = EngineRunner.Profile(upn); p.ConferenceId = prefix + p.ConferenceId; return p; }
                    var run = service == null
                        ? await EngineRunner.RunAsync(store, graph!, upns, settings, profile: Profile)
                        : await RunInServiceAsync(service, store, upns, Profile);
                    var round = new Round(number, run, StoreBytes(storePath), JournalRows(storePath));
                    results.Add(round);
                    Console.WriteLine($"round {number}: {run.MeetingsSucceeded} ok / {run.MeetingsFailed} failed in {run.Seconds:0.00} s = {run.MeetingsPerSecond:0}/s; " +
                                      $"{(service == null ? "engine" : "service")} {round.CpuMsPerMeeting:0.000} ms CPU per meeting; store {round.StoreBytes / 1048576.0:0} MiB, {round.JournalRows} journal rows" +
                                      (run.FirstFailure != null ? $"; first failure: {run.FirstFailure}" : ""));
                    await Quiescence.WaitAsync(TimeSpan.FromSeconds(30), Quiescence.OwnProcessorTime, () => sandbox.ProcessorTime);
                }
                service?.Stop();
            }
            TempFiles.DeleteStore(storePath);
            File.Delete(tenantFile);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        ReportFile.Write(output, Report(results, mailboxes, perUser, latency, reload, inService, total.Elapsed));
        Console.WriteLine($"report: {output}");
        return 0;
    }

    private static ServiceProcess StartService(ExternalSandbox sandbox, string storePath)
    {
        var settings = ServiceProcess.SandboxSettings(sandbox.GraphBaseUrl);
        settings["StorePath"] = storePath;
        return ServiceProcess.Start(settings);
    }

    /// <summary>One round through the service: every organizer's new details set and their migration queued, then waited for.</summary>
    private static async Task<EngineRunResult> RunInServiceAsync(ServiceProcess service, SqliteMigrationStore store, IReadOnlyList<string> upns,
        Func<string, DialInUserUpdate> profile)
    {
        foreach (var upn in upns)
            await new ConferencingAdmin(store).SetUserAsync(UserIdentity.Parse(upn), profile(upn), createIfMissing: true, default);
        var cpuBefore = service.ProcessorTime;
        var clock = Stopwatch.StartNew();
        var queued = new List<Guid>();
        foreach (var upn in upns)
            queued.Add((await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(upn), SourceMeetingType.All, TargetMeetingType.Current), default)).Request.CorrelationId);
        var done = new List<MigrationRequest>();
        foreach (var id in queued)
        {
            while (true)
            {
                if (service.HasExited) throw new InvalidOperationException($"the service exited: {service.Output}");
                if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"request {id} not finished within 10 minutes");
                var request = await store.GetAsync(id, default);
                if (request != null && request.State is not (MigrationState.Pending or MigrationState.InProgress))
                {
                    done.Add(request);
                    break;
                }
                await Task.Delay(20);
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        double cpu = (service.ProcessorTime - cpuBefore).TotalSeconds;
        return new EngineRunResult(done.Count, done.Count(r => r.State == MigrationState.Succeeded), done.Sum(r => (long)r.TotalMeeting),
            done.Sum(r => (long)r.SucceededMeeting), done.Sum(r => (long)r.FailedMeeting), done.Sum(r => (long)r.InvitesUpdate), seconds, cpu,
            done.FirstOrDefault(r => r.State != MigrationState.Succeeded)?.LastMessage);
    }

    private static async Task ReloadCalendarsAsync(ExternalSandbox sandbox, string tenantJson)
    {
        using (var reset = await sandbox.Control.PostAsync("sandbox/reset", null)) reset.EnsureSuccessStatusCode();
        using var content = new System.Net.Http.StringContent(tenantJson, Encoding.UTF8, "application/json");
        using var load = await sandbox.Control.PostAsync("sandbox/tenant", content);
        load.EnsureSuccessStatusCode();
    }

    private static long StoreBytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static long JournalRows(string path)
    {
        // The journal's ids only grow (AUTOINCREMENT) and nothing is purged here: the newest id is the row count.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM journal";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Report(IReadOnlyList<Round> rounds, int mailboxes, int perUser, double latency, bool reload, bool inService, TimeSpan elapsed)
    {
        var s = new StringBuilder();
        s.AppendLine("# Store growth: the engine's cost per meeting as its SQLite store grows");
        s.AppendLine();
        s.AppendLine($"Generated by `dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- store-growth --mailboxes {mailboxes} --meetings-per-user {perUser} --rounds {rounds.Count} --latency {latency}{(reload ? " --reload-calendars" : "")}{(inService ? " --service" : "")}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({elapsed.TotalMinutes:0.0} min).");
        s.AppendLine();
        s.AppendLine(MachineInfo.Describe());
        s.AppendLine();
        s.AppendLine($"The same {mailboxes} mailboxes × {perUser} meetings are migrated round after round into one SQLite store that is never purged; " +
                     "each round gives every organizer a new conference ID, so every meeting is updated again" +
                     (reload ? ", and starts again from the generated calendars (their Skype meetings converted to Teams again, each request reading the organizer's journal for an interrupted conversion)" : "") + ". " +
                     (inService
                         ? "The service runs in its own process with its defaults (its queue poll, retention purge and leader leases included) and migrates what the benchmark queues through the store, as the cmdlets queue; the CPU is the service process's. "
                         : "The engine runs in this process as the service runs it (`MigrationWorker` loops, `GraphConnection`, `SqliteMigrationStore`); the CPU is this process's. ") +
                     $"The sandbox runs in its own process at {latency} ms per request, its 10,000-requests-per-10-minutes window raised (the same mailboxes are read hundreds of times in minutes).");
        s.AppendLine();
        // Rounds in ten windows (a single round is a second or two: the machine's noise is in it), the first five (the JIT
        // compiling and tiering up) apart.
        const int warmUp = 5;
        var measured = rounds.Skip(warmUp).ToList();
        s.AppendLine($"Rounds 1–{Math.Min(warmUp, rounds.Count)} warm the JIT up and are left out. Each line is a window of rounds: the store's size at its end, its mean, lowest and highest CPU per migrated meeting.");
        s.AppendLine();
        s.AppendLine($"| Rounds | Store at the end (MiB) | Journal rows | Meetings/s | {(inService ? "Service" : "Engine")} CPU per meeting, ms (mean, lowest–highest) |");
        s.AppendLine("|---:|---:|---:|---:|---:|");
        int size = Math.Max(1, (int)Math.Ceiling(measured.Count / 10.0));
        var windows = measured.Chunk(size).ToList();
        foreach (var window in windows)
            s.AppendLine($"| {window[0].Number}–{window[^1].Number} | {window[^1].StoreBytes / 1048576.0:0} | {window[^1].JournalRows:N0} | {window.Average(r => r.Run.MeetingsPerSecond):0} | " +
                         $"{window.Average(r => r.CpuMsPerMeeting):0.000} ({window.Min(r => r.CpuMsPerMeeting):0.000}–{window.Max(r => r.CpuMsPerMeeting):0.000}) |");
        s.AppendLine();
        if (windows.Count >= 2)
        {
            // A trend, not the noise of one window: the slope of CPU per meeting over the store's size, fitted to every round.
            double before = windows[0].Average(r => r.CpuMsPerMeeting), after = windows[^1].Average(r => r.CpuMsPerMeeting);
            double meanX = measured.Average(r => r.StoreBytes / 1073741824.0), meanY = measured.Average(r => r.CpuMsPerMeeting);
            double slope = measured.Sum(r => (r.StoreBytes / 1073741824.0 - meanX) * (r.CpuMsPerMeeting - meanY)) /
                           measured.Sum(r => Math.Pow(r.StoreBytes / 1073741824.0 - meanX, 2));
            s.AppendLine($"CPU per meeting, first window against the last: {before:0.000} → {after:0.000} ms ({(after / before - 1) * 100:+0;-0} %) " +
                         $"while the store grew from {windows[0][^1].StoreBytes / 1048576.0:0} to {measured[^1].StoreBytes / 1048576.0:0} MiB; " +
                         $"fitted to every round, {slope * 1000:+0;-0} µs per meeting for each GiB of store ({slope / meanY * 100:+0.0;-0.0} % of the mean per GiB).");
        }
        return s.ToString();
    }
}
