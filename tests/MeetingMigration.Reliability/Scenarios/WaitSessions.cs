using System.Diagnostics;
using System.Globalization;
using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// Admins' `Start-CsExMeetingMigration -SourceMeetingType Teams -Wait` sessions (real pwsh, the built module), each for a
/// few organizers whose undo and Teams-only migration are queued, stopped part-way: the first by SIGTERM (Ctrl+C's path:
/// leases handed back), the next by SIGKILL (no code runs: leases held until they run out), and so on. A session runs the
/// undo queued ahead of its request first, then the request; the stop lands wherever the writes have got to, and the
/// service finishes what is left.
/// </summary>
public static class WaitSessions
{
    public sealed record Outcome(IReadOnlyList<string> Organizers, int Sessions, int Killed, int Terminated, int UpdatesBeforeStops);

    /// <param name="organizers">Each with a Teams-only migration queued after its undo (merged into by -Wait).</param>
    /// <param name="random">Picks each session's stop: after 1 to 12 updates per organizer it runs (their work is some 15 each in the proof's tenant).</param>
    public static async Task<Outcome> RunAsync(IReadOnlyList<string> organizers, int sessions, ProofStore store, SandboxProcess sandbox,
        Random random, TextWriter log)
    {
        var pwsh = await PwshAsync();
        int killed = 0, terminated = 0, updates = 0, ran = 0;
        for (var s = 0; s < sessions; s++)
        {
            var mine = organizers.Where((_, i) => i % sessions == s).ToList();
            if (mine.Count == 0) continue;
            ran++;
            var stopAfterUpdates = random.Next(1, 12 * mine.Count);
            var sentBefore = await UpdatesAsync(sandbox);
            var process = ChildProcess.Start($"-Wait session {s}", DotnetHost.Path,
                new[] { pwsh, "-NoProfile", "-NonInteractive", "-Command", Script(store, sandbox, mine) }, workingDirectory: RepositoryPaths.Root());
            var clock = Stopwatch.StartNew();
            var sent = 0;
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                sent = await UpdatesAsync(sandbox) - sentBefore;
                if (sent >= stopAfterUpdates) break;
                await Task.Delay(50);
            }
            if (process.HasExited)
            {
                // Its work was smaller than the stop picked for it: it proves less, and the run says so.
                if (process.ExitCode != 0 || process.Output.Contains("Exception", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{process.Name} failed (exit {process.ExitCode}): " + ChildProcess.Tail(process.Output, 1500));
                log.WriteLine($"  -Wait session {s} ({mine.Count} organizer(s)) ended by itself after {sent} update(s), before its stop at {stopAfterUpdates}");
                await process.DisposeAsync();
                continue;
            }
            if (sent < stopAfterUpdates)
                throw new InvalidOperationException($"{process.Name} sent {sent} update(s) in 5 minutes, fewer than the {stopAfterUpdates} it is stopped after: " +
                    ChildProcess.Tail(process.Output, 1500));
            if (s % 2 == 0)
            {
                await SignalAsync(process.Id, "TERM");
                // Ctrl+C's path: each worker hands its lease back within 10 s, then pwsh ends (143).
                await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
                terminated++;
            }
            else
            {
                await process.KillAsync();
                killed++;
            }
            updates += sent;
            log.WriteLine($"  -Wait session {s} ({mine.Count} organizer(s)) stopped by SIG{(s % 2 == 0 ? "TERM" : "KILL")} after {sent} update(s)");
            await process.DisposeAsync();
        }
        return new Outcome(organizers, ran, killed, terminated, updates);
    }

    private static string Script(ProofStore store, SandboxProcess sandbox, IReadOnlyList<string> organizers)
    {
        static string Quoted(string s) => "'" + s.Replace("'", "''") + "'";
        var connect = store.IsServer ? $"-StoreConnectionString {Quoted(store.Location)}" : $"-StorePath {Quoted(store.Location)}";
        return "$ErrorActionPreference = 'Stop'; " +
               $"Import-Module {Quoted(RepositoryPaths.Module())}; " +
               $"Connect-MeetingMigration {connect} -GraphEndpoint {Quoted(sandbox.GraphUrl)} -AccessToken (ConvertTo-SecureString 'reliability-session' -AsPlainText -Force); " +
               $"@({string.Join(", ", organizers.Select(Quoted))}) | Start-CsExMeetingMigration -SourceMeetingType Teams -Wait -ProgressAction SilentlyContinue -ErrorAction Continue | Out-Null";
    }

    /// <summary>Updates sent so far (the sandbox's mail log): while the sessions run, nothing else writes.</summary>
    private static async Task<int> UpdatesAsync(SandboxProcess sandbox) => (await sandbox.NotificationsAsync()).Count(n => n.Kind == "update");

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid.ToString(CultureInfo.InvariantCulture)}") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// The pinned pwsh's own entry (`dotnet pwsh.dll`): `dotnet pwsh` runs it as a child of the .NET CLI, so a signal sent to
    /// the process this harness started would not reach the session.
    /// </summary>
    private static async Task<string> PwshAsync()
    {
        await using var probe = ChildProcess.Start("pwsh (where)", DotnetHost.Path,
            new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "[Console]::Out.WriteLine((Join-Path $PSHOME 'pwsh.dll'))" },
            workingDirectory: RepositoryPaths.Root());
        if (await probe.WaitForExitAsync(TimeSpan.FromMinutes(2)) != 0) throw new InvalidOperationException("dotnet pwsh failed: " + probe.Output);
        var path = probe.Output.Trim().Split('\n').Last().Trim();
        return File.Exists(path) ? path : throw new InvalidOperationException("no pwsh.dll at " + path);
    }
}
