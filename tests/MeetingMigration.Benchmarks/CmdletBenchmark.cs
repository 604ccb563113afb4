using System;
using System.Diagnostics;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks.Engine;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// "cmdlets": the built module (out/MeetingMigration) in `dotnet pwsh`, as an admin drives it: 10,000 users from
/// Import-Csv piped into Start-CsExMeetingMigration, and a warm Get-CsMeetingMigrationStatus -Identity. With
/// --baseline &lt;module folder&gt; an older build is measured the same way (with --baseline-users, default 200, since
/// the old module paid 50 ms per user). On an SQLite file and on PostgreSQL (--stores). Writes docs/benchmarks/cmdlets.md;
/// exit code 1 when a target is missed.
/// </summary>
internal static class CmdletBenchmark
{
    private const double QueueTargetSeconds = 3.0;
    private const double GetTargetMilliseconds = 5.0;

    private sealed record Figures(int Users, int Queued, double QueueSeconds, double QueueCpuSeconds, double GetMedianMs, double GetP95Ms, int GetRepeats, string PwshVersion,
        double SummaryMedianMs, double QueueAgainSeconds, int QueuedAfterAgain);

    /// <summary>One measured row: which build on which store.</summary>
    private sealed record Row(string Build, string Store, Figures Figures, bool Baseline);

    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var root = RepositoryPaths.Root();
        var module = Path.Combine(root, "out", "MeetingMigration", "MeetingMigration.psd1");
        if (!File.Exists(module))
        {
            Console.Error.WriteLine($"{module} does not exist: build first (dotnet build MeetingMigration.sln -c Release).");
            return 2;
        }
        var users = args.Int("users", 10000, min: 1);
        var repeats = args.Int("get-repeats", 200, min: 1);
        var (sqlite, postgresql) = Stores(args.String("stores"));
        var postgresGiven = args.String("postgres");
        if (postgresGiven != null && !postgresql)
            throw new BenchmarkArgumentException("--postgres names a server, but --stores leaves postgresql out: add it (--stores sqlite,postgresql) or drop --postgres.");
        var baseline = args.String("baseline");
        var baselineLabel = args.String("baseline-label") ?? "before (baseline build)";
        var baselineUsers = args.Int("baseline-users", 200, min: 1);
        var output = args.Output(Path.Combine(root, "docs", "benchmarks", "cmdlets.md"));
        var load = MachineInfo.LoadAverage();

        // The server is opened once, for every build measured on it. Without one, the report says why (an explicit
        // --postgres fails the run instead).
        PostgresServer? server = null;
        var postgresNote = "not measured (--stores)";
        if (postgresql)
        {
            try
            {
                server = await PostgresServer.OpenAsync(postgresGiven);
                postgresNote = server.Describe;
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException)
            {
                if (postgresGiven != null)
                {
                    Console.Error.WriteLine($"cmdlets: no PostgreSQL server: {e.Message}");
                    return 1;
                }
                postgresNote = $"not measured: {e.Message}";
            }
        }
        var rows = new List<Row>();
        await using (server)
        {
            if (baseline != null)
                await MeasureBuildAsync(baselineLabel, Path.Combine(Path.GetFullPath(baseline), "MeetingMigration.psd1"), baselineUsers, Math.Min(repeats, 50), baseline: true);
            await MeasureBuildAsync("this build", module, users, repeats, baseline: false);
        }

        // The targets are judged on the embedded store, the default; on PostgreSQL only when it is the one measured.
        var judged = rows.First(r => !r.Baseline);
        var queueMet = judged.Figures.Queued == users && judged.Figures.QueueSeconds < QueueTargetSeconds;
        var getMet = judged.Figures.GetMedianMs < GetTargetMilliseconds;
        ReportFile.Write(output, Report(rows, judged, postgresNote, load, MachineInfo.LoadAverage(), queueMet, getMet));
        Console.WriteLine($"wrote {output}");
        return queueMet && getMet ? 0 : 1;

        async Task MeasureBuildAsync(string label, string manifest, int count, int getRepeats, bool baseline)
        {
            if (sqlite)
            {
                Console.WriteLine($"{label}, SQLite: {count} users ...");
                rows.Add(Print(new Row(label, "SQLite", await MeasureAsync(root, manifest, count, getRepeats, null), baseline)));
            }
            if (server == null) return;
            // A fresh schema for the warm-up and one for the measured store, dropped after.
            var tag = Guid.NewGuid().ToString("N")[..12];
            var schemas = new[] { $"mm_cmdlets_{tag}_warm", $"mm_cmdlets_{tag}" };
            try
            {
                Console.WriteLine($"{label}, PostgreSQL: {count} users ...");
                var figures = await MeasureAsync(root, manifest, count, getRepeats, (server.WithSchema(schemas[0]), server.WithSchema(schemas[1]), server.Password));
                rows.Add(Print(new Row(label, "PostgreSQL", figures, baseline)));
            }
            finally
            {
                foreach (var schema in schemas) await server.DropSchemaAsync(schema);
            }
        }
    }

    private static (bool Sqlite, bool Postgresql) Stores(string? given)
    {
        var names = (given ?? "sqlite,postgresql").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
            if (!name.Equals("sqlite", StringComparison.OrdinalIgnoreCase) && !name.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
                throw new BenchmarkArgumentException($"--stores '{given}': '{name}' is not a store; give sqlite, postgresql or both (sqlite,postgresql).");
        if (names.Length == 0) throw new BenchmarkArgumentException("--stores is empty: give sqlite, postgresql or both (sqlite,postgresql).");
        return (names.Contains("sqlite", StringComparer.OrdinalIgnoreCase), names.Contains("postgresql", StringComparer.OrdinalIgnoreCase));
    }

    private static Row Print(Row row)
    {
        var f = row.Figures;
        Console.WriteLine($"  queued {f.Queued}/{f.Users} in {f.QueueSeconds:0.00} s ({f.QueueCpuSeconds:0.00} s CPU), again in {f.QueueAgainSeconds:0.00} s ({f.QueuedAfterAgain} Pending after); warm Get -Identity median {f.GetMedianMs:0.00} ms, p95 {f.GetP95Ms:0.00} ms; -SummaryOnly median {f.SummaryMedianMs:0.0} ms");
        return row;
    }

    /// <summary>One pwsh process per measurement, so each starts cold and the figures do not depend on run order.</summary>
    private static async Task<Figures> MeasureAsync(string root, string manifest, int users, int repeats,
        (string Warm, string Measured, string? Password)? postgres)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root, // the tool manifest that pins pwsh
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "tests", "MeetingMigration.Benchmarks", "CmdletBenchmark.ps1"),
                     "-ModuleManifest", manifest, "-Users", users.ToString(CultureInfo.InvariantCulture), "-GetRepeats", repeats.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        if (postgres is { } pg)
        {
            foreach (var a in new[] { "-WarmStoreConnectionString", pg.Warm, "-StoreConnectionString", pg.Measured }) start.ArgumentList.Add(a);
            if (pg.Password != null) start.Environment["MM_BENCH_STORE_PASSWORD"] = pg.Password;
        }
        using var process = InterruptCleanup.Track(Process.Start(start)!);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException($"pwsh exited with {process.ExitCode}: {await stderr}{string.Join('\n', lines)}");
        return JsonSerializer.Deserialize<Figures>(lines[^1])!;
    }

    private static string Report(IReadOnlyList<Row> rows, Row judged, string postgresNote, string loadBefore, string loadAfter, bool queueMet, bool getMet)
    {
        var f = judged.Figures;
        var md = new StringBuilder();
        md.AppendLine("# Cmdlet benchmark");
        md.AppendLine();
        md.AppendLine("`dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- cmdlets [--users 10000] [--get-repeats 200] [--stores sqlite,postgresql] [--postgres <connection string>] [--baseline <module folder> [--baseline-users 200] [--baseline-label text]]`");
        md.AppendLine();
        md.AppendLine("The built module (`out/MeetingMigration`) in `dotnet pwsh` (a fresh process per measurement, warmed up on a store of its own");
        md.AppendLine("first): an `Import-Csv` of generated users piped into `Start-CsExMeetingMigration` without a Graph connection (the store");
        md.AppendLine("write is what is measured), then single `Get-CsMeetingMigrationStatus -Identity <user>` calls against that store of");
        md.AppendLine($"{f.Users:N0} Pending requests. Timed with a Stopwatch inside pwsh; pwsh start-up and `Import-Module` are not counted.");
        md.AppendLine("Each store is measured: an SQLite file (the default) and PostgreSQL, in fresh schemas (`Search Path`) on the server given");
        md.AppendLine("(`--postgres`, else `MEETINGMIGRATION_TEST_POSTGRES`) or on a throwaway cluster started for the run on this machine.");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine(MachineInfo.Describe());
        md.AppendLine($"- PowerShell {f.PwshVersion}");
        md.AppendLine($"- PostgreSQL: {postgresNote}");
        md.AppendLine($"- Load average (1/5/15 min) before / after: {loadBefore} ; {loadAfter} (the machine is shared: a load above the core count stretches wall-clock times, CPU time less so)");
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("| | store | users | queued in (wall) | CPU time of pwsh while queuing | per user | the same CSV queued again (wall) | warm Get -Identity, median | p95 | Get -SummaryOnly, median of 5 |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows) md.AppendLine(Line(row));
        md.AppendLine();
        md.AppendLine("*The same CSV queued again*: piped into Start a second time while every user is still Pending (a script run twice), so each line merges into the user's request; timed for information, no target.");
        md.AppendLine("`Get-CsMeetingMigrationStatus -SummaryOnly` (MMS's State / UserCount table, each user's latest request) reads the whole store: timed for information, no target.");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine($"Judged on {judged.Store}{(judged.Store == "SQLite" && rows.Any(r => r.Store != "SQLite") ? " (the default store; PostgreSQL's figures are for information)" : "")}:");
        md.AppendLine();
        md.AppendLine($"- {f.Users:N0} users from Import-Csv queued in under {QueueTargetSeconds:0} s: **{(queueMet ? "met" : "missed")}** ({f.QueueSeconds:0.00} s wall, {f.QueueCpuSeconds:0.00} s CPU).");
        md.AppendLine($"- A warm `Get-CsMeetingMigrationStatus -Identity` under {GetTargetMilliseconds:0} ms: **{(getMet ? "met" : "missed")}** (median {f.GetMedianMs:0.00} ms).");
        foreach (var before in rows.Where(r => r.Baseline))
        {
            var after = rows.FirstOrDefault(r => !r.Baseline && r.Store == before.Store);
            if (after == null) continue;
            md.AppendLine();
            md.AppendLine($"On {before.Store}, the baseline ({before.Build}) queued {before.Figures.QueueSeconds / before.Figures.Users * 1000:0.000} ms per user, so {after.Figures.Users:N0} users " +
                          $"took it about {before.Figures.QueueSeconds / before.Figures.Users * after.Figures.Users:0.0} s; this build {after.Figures.QueueSeconds:0.0} s.");
        }
        return md.ToString();
    }

    private static string Line(Row row)
    {
        var f = row.Figures;
        return $"| {row.Build} | {row.Store} | {f.Users:N0} | {f.QueueSeconds:0.00} s | {f.QueueCpuSeconds:0.00} s | {f.QueueSeconds / f.Users * 1000:0.000} ms | {f.QueueAgainSeconds:0.00} s{(f.QueuedAfterAgain == f.Queued ? "" : $" ({f.QueuedAfterAgain:N0} Pending after, not {f.Queued:N0})")} | {f.GetMedianMs:0.00} ms | {f.GetP95Ms:0.00} ms | {f.SummaryMedianMs:0.0} ms |";
    }
}
