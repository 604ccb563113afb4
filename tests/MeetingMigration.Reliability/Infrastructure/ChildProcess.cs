using System.Diagnostics;
using System.Text;

namespace MeetingMigration.Reliability.Infrastructure;

/// <summary>
/// A process this harness started, with its output kept. Only this object's own process is ever stopped, by its id
/// (Kill is SIGKILL on Unix: the crash the proofs are about, no shutdown code runs).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // Nothing of this process's own MeetingMigration settings leaks into a child: each proof says exactly what it sets.
        foreach (var key in start.Environment.Keys.ToList())
            if (key.StartsWith("MeetingMigration", StringComparison.OrdinalIgnoreCase)) start.Environment.Remove(key);
        if (environment != null) foreach (var (k, v) in environment) start.Environment[k] = v;
        var process = InterruptCleanup.Track(Process.Start(start) ?? throw new InvalidOperationException("could not start " + name));
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output)
        {
            // Bounded: a long run's logs are not the point, their tail is.
            if (_output.Length > 2_000_000) _output.Remove(0, 1_000_000);
            _output.AppendLine(line);
        }
    }

    /// <summary>SIGKILL, then wait until the kernel has reaped it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { }
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
    }

    public async Task<int> WaitForExitAsync(TimeSpan hangGuard)
    {
        using var wait = new CancellationTokenSource(hangGuard);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"{Name} did not finish within {hangGuard.TotalSeconds:0} s. Its output ends: {Tail(Output)}");
        }
        return _process.ExitCode;
    }

    public static string Tail(string text, int length = 2000) => text.Length <= length ? text : "…" + text[^length..];

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
