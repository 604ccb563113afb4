using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// "cmdlets": the built module (out/MeetingMigration) in `dotnet pwsh`, as an admin drives it: 10,000 users from
/// Import-Csv piped into Start-CsExMeetingMigration, and a warm Get-CsMeetingMigrationStatus -Identity. With
/// --baseline &lt;module folder&gt; an older build is measured the same way (with --baseline-users, default 200, since
/// the old module paid 50 ms per user). Writes docs/benchmarks/cmdlets.md; exit code 1 when a target is missed.
/// </summary>
internal static class CmdletBenchmark
{
    private const double QueueTargetSeconds = 3.0;
    private const double GetTargetMilliseconds = 5.0;

    private static string _baselineLabel = "";

    private sealed record Figures(int Users, int Queued, double QueueSeconds, double QueueCpuSeconds, double GetMedianMs, double GetP95Ms, int GetRepeats, string PwshVersion,
        double SummaryMedianMs);

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
        var output = args.Output(Path.Combine(root, "docs", "benchmarks", "cmdlets.md"));
        var load = MachineInfo.LoadAverage();

        Figures? before = null;
        var baseline = args.String("baseline");
        _baselineLabel = args.String("baseline-label") ?? "before (baseline build)";
        if (baseline != null)
        {
            var baselineUsers = args.Int("baseline-users", 200, min: 1);
            Console.WriteLine($"baseline {baseline}: {baselineUsers} users ...");
            before = await MeasureAsync(root, Path.Combine(Path.GetFullPath(baseline), "MeetingMigration.psd1"), baselineUsers, Math.Min(repeats, 50));
            Print(before);
        }
        Console.WriteLine($"out/MeetingMigration: {users} users ...");
        var after = await MeasureAsync(root, module, users, repeats);
        Print(after);

        var queueMet = after.Queued == users && after.QueueSeconds < QueueTargetSeconds;
        var getMet = after.GetMedianMs < GetTargetMilliseconds;
        ReportFile.Write(output, Report(after, before, load, MachineInfo.LoadAverage(), queueMet, getMet));
        Console.WriteLine($"wrote {output}");
        return queueMet && getMet ? 0 : 1;
    }

    private static void Print(Figures f) =>
        Console.WriteLine($"  queued {f.Queued}/{f.Users} in {f.QueueSeconds:0.00} s ({f.QueueCpuSeconds:0.00} s CPU); warm Get -Identity median {f.GetMedianMs:0.00} ms, p95 {f.GetP95Ms:0.00} ms; -SummaryOnly median {f.SummaryMedianMs:0.0} ms");

    /// <summary>One pwsh process per measurement, so each starts cold and the figures do not depend on run order.</summary>
    private static async Task<Figures> MeasureAsync(string root, string manifest, int users, int repeats)
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
        using var process = InterruptCleanup.Track(Process.Start(start)!);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException($"pwsh exited with {process.ExitCode}: {await stderr}{string.Join('\n', lines)}");
        return JsonSerializer.Deserialize<Figures>(lines[^1])!;
    }

    private static string Report(Figures after, Figures? before, string loadBefore, string loadAfter, bool queueMet, bool getMet)
    {
        var md = new StringBuilder();
        md.AppendLine("# Cmdlet benchmark");
        md.AppendLine();
        md.AppendLine("`dotnet run -c Release --project tests/MeetingMigration.Benchmarks -- cmdlets [--users 10000] [--get-repeats 200] [--baseline <module folder> [--baseline-users 200] [--baseline-label text]]`");
        md.AppendLine();
        md.AppendLine("The built module (`out/MeetingMigration`) in `dotnet pwsh` (a fresh process per measurement, warmed up on a store of its own");
        md.AppendLine("first): an `Import-Csv` of generated users piped into `Start-CsExMeetingMigration` without a Graph connection (the store");
        md.AppendLine("write is what is measured), then single `Get-CsMeetingMigrationStatus -Identity <user>` calls against that store of");
        md.AppendLine($"{after.Users:N0} Pending requests. Timed with a Stopwatch inside pwsh; pwsh start-up and `Import-Module` are not counted.");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine(MachineInfo.Describe());
        md.AppendLine($"- PowerShell {after.PwshVersion}");
        md.AppendLine($"- Load average (1/5/15 min) before / after: {loadBefore} ; {loadAfter} (the machine is shared: a load above the core count stretches wall-clock times, CPU time less so)");
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("| | users | queued in (wall) | CPU time of pwsh while queuing | per user | warm Get -Identity, median | p95 | Get -SummaryOnly, median of 5 |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        if (before != null) md.AppendLine(Row(_baselineLabel, before));
        md.AppendLine(Row("this build", after));
        md.AppendLine();
        md.AppendLine("`Get-CsMeetingMigrationStatus -SummaryOnly` (MMS's State / UserCount table, each user's latest request) reads the whole store: timed for information, no target.");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine($"- {after.Users:N0} users from Import-Csv queued in under {QueueTargetSeconds:0} s: **{(queueMet ? "met" : "missed")}** ({after.QueueSeconds:0.00} s wall, {after.QueueCpuSeconds:0.00} s CPU).");
        md.AppendLine($"- A warm `Get-CsMeetingMigrationStatus -Identity` under {GetTargetMilliseconds:0} ms: **{(getMet ? "met" : "missed")}** (median {after.GetMedianMs:0.00} ms).");
        if (before != null)
        {
            md.AppendLine();
            md.AppendLine($"The baseline ({_baselineLabel}) queued {before.QueueSeconds / before.Users * 1000:0.000} ms per user, so {after.Users:N0} users " +
                          $"took it about {before.QueueSeconds / before.Users * after.Users:0.0} s; this build {after.QueueSeconds:0.0} s.");
        }
        return md.ToString();
    }

    private static string Row(string label, Figures f) =>
        $"| {label} | {f.Users:N0} | {f.QueueSeconds:0.00} s | {f.QueueCpuSeconds:0.00} s | {f.QueueSeconds / f.Users * 1000:0.000} ms | {f.GetMedianMs:0.00} ms | {f.GetP95Ms:0.00} ms | {f.SummaryMedianMs:0.0} ms |";
}
