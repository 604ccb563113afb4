using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// The built service (src/MeetingMigration.Service/bin/&lt;configuration&gt;/&lt;framework&gt;) as its own process,
/// `dotnet MeetingMigration.Service.dll`, configured only by MeetingMigration__* environment variables: the first-update
/// measurement runs one, the workers benchmark several on one store. Only the process started here is ever stopped,
/// through its own Process object.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    /// <summary>
    /// The line QueueWorker logs once its loops start: the service is ready for work. Not just "MeetingMigration service:",
    /// which also begins the one-line configuration error the service prints before it exits.
    /// </summary>
    private const string ReadyLine = "MeetingMigration service: store ";
    /// <summary>Bounded: a long run's information lines are not the point, their tail is.</summary>
    private const int MaxOutput = 1_000_000;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Each line the service writes (stdout or stderr), as it comes, on a thread of the process's reader.</summary>
    public event Action<string>? LineReceived;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public Task Ready => _ready.Task;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>CPU the process has used so far (user + system); kept after it exited, so it can be read once more.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>Settings every benchmark gives a service against the sandbox: its Graph, a token it accepts, no license trigger.</summary>
    public static Dictionary<string, string> SandboxSettings(Uri graph) => new(StringComparer.Ordinal)
    {
        ["GraphEndpoint"] = graph.ToString().TrimEnd('/'),
        ["AccessToken"] = "benchmark",
        // The license trigger reads the directory; the benchmarks queue by hand.
        ["TriggerPollSeconds"] = "0",
    };

    /// <summary>Starts the service with the service's defaults but for <paramref name="settings"/> (names without the MeetingMigration__ prefix).</summary>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var dll = RepositoryPaths.BuiltAssembly("MeetingMigration.Service");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        // Nothing of this process's own MeetingMigration settings (a store variable of the admin's shell) reaches the
        // service: each measurement says exactly what it sets.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MeetingMigration", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(name);
        foreach (var (name, value) in settings) start.Environment[$"MeetingMigration__{name}"] = value;
        return new ServiceProcess(InterruptCleanup.Track(Process.Start(start) ?? throw new InvalidOperationException("could not start the service")));
    }

    /// <summary>Waits for the ready line; fails with the service's output when it exits or takes longer.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(Ready, exited, Task.Delay(timeout));
        if (first == Ready) return;
        throw new InvalidOperationException(first == exited
            ? $"the service (pid {Id}) exited with {_process.ExitCode} before it was ready: {Tail(Output)}"
            : $"the service (pid {Id}) was not ready within {timeout.TotalSeconds:0} s: {Tail(Output)}");
    }

    public static string Tail(string text, int length = 3000) => text.Length <= length ? text : "…" + text[^length..];

    private void Line(string? line)
    {
        if (line == null) return;
        lock (_output)
        {
            if (_output.Length > MaxOutput) _output.Remove(0, MaxOutput / 2);
            _output.AppendLine(line);
        }
        if (line.Contains(ReadyLine, StringComparison.Ordinal)) _ready.TrySetResult();
        LineReceived?.Invoke(line);
    }

    public void Stop()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(20_000);
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}
