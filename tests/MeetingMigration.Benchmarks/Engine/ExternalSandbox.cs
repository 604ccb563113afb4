using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// The sandbox in its own process (`dotnet MeetingMigration.Sandbox.dll --urls ... --tenant-file ...`), so its memory is
/// not the benchmark's. Only the process started here is ever stopped, through its own Process object.
/// </summary>
internal sealed class ExternalSandbox : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ExternalSandbox(Process process, Uri root)
    {
        _process = process;
        RootUrl = root;
        Control = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri RootUrl { get; }
    public Uri GraphBaseUrl => new(RootUrl, "v1.0");
    public HttpClient Control { get; }

    public static async Task<ExternalSandbox> StartAsync(string tenantFile, TimeSpan startTimeout)
    {
        var dll = RepositoryPaths.BuiltAssembly("MeetingMigration.Sandbox");
        int port = FreePort();
        var root = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --exit-with-process: it stops when this process ends, even killed (no code of ours runs then).
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--tenant-file", tenantFile, "--exit-with-process", Environment.ProcessId.ToString() })
            start.ArgumentList.Add(a);
        var process = InterruptCleanup.Track(Process.Start(start) ?? throw new InvalidOperationException("could not start the sandbox process"));
        var sandbox = new ExternalSandbox(process, root);
        process.OutputDataReceived += (_, e) => { lock (sandbox._output) sandbox._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (sandbox._output) sandbox._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the sandbox process exited with {process.ExitCode}: {sandbox.Output}");
            try
            {
                using var response = await sandbox.Control.GetAsync("sandbox/stats");
                if (response.StatusCode == HttpStatusCode.OK) return sandbox;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (deadline.Elapsed > startTimeout)
            {
                await sandbox.DisposeAsync();
                throw new TimeoutException($"the sandbox did not answer within {startTimeout}");
            }
            await Task.Delay(250);
        }
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The sandbox process's working set now (for context: it is not the engine's).</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? 0 : _process.WorkingSet64;
        }
    }

    /// <summary>CPU the sandbox process has used so far (user + system), to say what the sandbox costs per request.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            return _process.HasExited ? TimeSpan.Zero : CpuClock.Of(_process);
        }
    }

    /// <summary>The sandbox process's id (for what /proc says of it).</summary>
    public int ProcessId => _process.Id;

    public async Task PutAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Control.PutAsync(path, content);
        response.EnsureSuccessStatusCode();
    }

    public async Task<string> GetAsync(string path) => await Control.GetStringAsync(path);


    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await StopAsync(_process);
    }

    /// <summary>Kills a server process this benchmark started (only it, never its children), waits up to 20 s for it to end, and disposes it.</summary>
    internal static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await process.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
        }
        process.Dispose();
    }
}
