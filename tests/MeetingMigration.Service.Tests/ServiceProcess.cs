using System.Diagnostics;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// The built service run as a process (`dotnet MeetingMigration.Service.dll`), as systemd or the Windows service manager
/// runs it: what matters here is its exit code and what it writes, which an in-process host cannot show.
/// </summary>
public static class ServiceProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>
    /// Runs the service with exactly <paramref name="settings"/> as MeetingMigration__* environment variables (none
    /// inherited from the test's own environment) and waits for it to exit. The wait is a hang guard, not a timing check.
    /// </summary>
    /// <param name="workingDirectory">Where it is started from; by default its own folder, as the systemd unit does.</param>
    /// <param name="interruptAfter">When given, the service is sent SIGINT (Ctrl+C) that long after it logged its start, as an admin stops it.</param>
    /// <param name="onErrorLine">When given, called with each line of stderr as it is written (the outcome still holds them all).</param>
    /// <param name="signal">The signal sent after <paramref name="interruptAfter"/>, as kill names it: INT (Ctrl+C), TERM, HUP.</param>
    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> settings, TimeSpan hangGuard, string? workingDirectory = null, TimeSpan? interruptAfter = null,
        Action<string>? onErrorLine = null, string signal = "INT", IReadOnlyList<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = ServiceAssembly();
        var start = new ProcessStartInfo(MeetingMigration.Testing.DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments ?? Array.Empty<string>()) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.ToList())
            if (name.StartsWith("MeetingMigration", StringComparison.OrdinalIgnoreCase)) start.Environment.Remove(name);
        foreach (var (name, value) in settings) start.Environment[$"MeetingMigration__{name}"] = value;
        // Variables other than settings (MEETINGMIGRATION_STORE_PATH...), set as they are named.
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service process");
        var stdout = new System.Text.StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdoutRead = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is string line)
            {
                lock (stdout) stdout.Append(line).Append('\n');
                // Logged once the host runs, after it took over SIGINT: a signal before it would end the process at once.
                if (line.Contains("MeetingMigration service: store")) started.TrySetResult();
            }
            started.TrySetResult();
        });
        var stderr = onErrorLine == null ? process.StandardError.ReadToEndAsync() : Task.Run(async () =>
        {
            var all = new System.Text.StringBuilder();
            while (await process.StandardError.ReadLineAsync() is string line)
            {
                all.Append(line).Append('\n');
                onErrorLine(line);
            }
            return all.ToString();
        });
        if (interruptAfter is TimeSpan wait)
        {
            await started.Task.WaitAsync(hangGuard);
            await Task.Delay(wait);
            using var interrupt = Process.Start("kill", new[] { "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await interrupt!.WaitForExitAsync();
        }
        using var guard = new CancellationTokenSource(hangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await stdoutRead;
            throw new TimeoutException($"the service was still running after {hangGuard.TotalSeconds:0} s: it did not refuse its settings. {stdout} {await stderr}");
        }
        await stdoutRead;
        return new Outcome(process.ExitCode, stdout.ToString(), await stderr);
    }

    /// <summary>The service's own build, same configuration and framework as this test's: src/MeetingMigration.Service/bin/Release/net10.0.</summary>
    private static string ServiceAssembly()
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = own.Name, configuration = own.Parent?.Name ?? "Release";
        for (var dir = own; dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "MeetingMigration.Service", "bin", configuration, framework, "MeetingMigration.Service.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Build the service first (dotnet build -c {configuration} tests/MeetingMigration.Service.Tests builds it).");
    }
}
