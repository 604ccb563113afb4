using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// The servers "sandbox-floor" compares the sandbox with, to tell the sandbox's own cost per request from what any .NET
/// server pays on this machine at the same rate. Each answers every request 404 with a short Graph error after the same
/// latency and does nothing else: "kestrel" is ASP.NET Core's server with one terminal handler (no token check, routing,
/// limits or state); "sockets" is a loop over raw sockets that reads the request's headers and writes a canned answer (no
/// HTTP server at all). Run as a child process of the benchmark (hidden subcommand "floor-reference-server"), so its CPU is
/// its own.
/// </summary>
internal static class FloorReferenceServer
{
    public static readonly string[] Kinds = ["kestrel", "sockets"];

    private static readonly byte[] ErrorJson =
        Encoding.ASCII.GetBytes("{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Resource does not exist.\"}}");

    /// <summary>floor-reference-server --kind kestrel|sockets --port N --latency MS: serves until the process is killed.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        var kind = args.String("kind");
        var port = args.Int("port", 0, min: 1);
        var latency = TimeSpan.FromMilliseconds(args.Double("latency", 100, min: 0, max: BenchmarkArguments.MaxLatencyMs));
        if (port > IPEndPoint.MaxPort) throw new BenchmarkArgumentException($"--port {port} is not a TCP port (1 to {IPEndPoint.MaxPort}).");
        switch (kind)
        {
            case "kestrel":
                await ServeKestrelAsync(port, latency);
                return 0;
            case "sockets":
                await ServeSocketsAsync(port, latency);
                return 0;
            default:
                throw new BenchmarkArgumentException($"--kind '{kind}': known kinds are {string.Join(", ", Kinds)}.");
        }
    }

    private static async Task ServeKestrelAsync(int port, TimeSpan latency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            await Task.Delay(latency, context.RequestAborted);
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = ErrorJson.Length;
            await context.Response.Body.WriteAsync(ErrorJson, context.RequestAborted);
        });
        await app.RunAsync();
    }

    private static async Task ServeSocketsAsync(int port, TimeSpan latency)
    {
        var answer = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {ErrorJson.Length}\r\n\r\n");
        Array.Resize(ref answer, answer.Length + ErrorJson.Length);
        ErrorJson.CopyTo(answer, answer.Length - ErrorJson.Length);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        while (true)
        {
            var connection = await listener.AcceptAsync();
            _ = ServeConnectionAsync(connection, answer, latency);
        }
    }

    /// <summary>Keep-alive: one request at a time (the benchmark's client never pipelines), requests without a body.</summary>
    private static async Task ServeConnectionAsync(Socket connection, byte[] answer, TimeSpan latency)
    {
        using (connection)
        {
            var buffer = new byte[16 * 1024];
            var filled = 0;
            try
            {
                while (true)
                {
                    var read = await connection.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                    if (read == 0) return;
                    filled += read;
                    var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        if (filled == buffer.Length) return; // headers larger than any this benchmark sends
                        continue;
                    }
                    var rest = filled - (end + 4);
                    buffer.AsSpan(end + 4, rest).CopyTo(buffer);
                    filled = rest;
                    await Task.Delay(latency);
                    await connection.SendAsync(answer, SocketFlags.None);
                }
            }
            catch (SocketException)
            {
                // The client closed the connection.
            }
        }
    }

    /// <summary>A reference server started as a child process of this benchmark, with the sandbox's runtime settings.</summary>
    public sealed class Child : IAsyncDisposable
    {
        private readonly Process _process;

        private Child(Process process, Uri root)
        {
            _process = process;
            RootUrl = root;
        }

        public Uri RootUrl { get; }

        public int ProcessId => _process.Id;

        public TimeSpan ProcessorTime => _process.HasExited ? TimeSpan.Zero : CpuClock.Of(_process);

        public static async Task<Child> StartAsync(string kind, double latencyMs)
        {
            var port = ExternalSandbox.FreePort();
            // Its output is not redirected: the servers write nothing, unless they fail, which then shows in the benchmark's console.
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
            foreach (var a in new[] { typeof(FloorReferenceServer).Assembly.Location, "floor-reference-server", "--kind", kind, "--port", port.ToString(),
                         "--latency", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            // As the sandbox's project file sets them (the benchmark's own runtime settings differ in this one).
            start.Environment["DOTNET_TieredPGO"] = "0";
            var process = InterruptCleanup.Track(Process.Start(start) ?? throw new InvalidOperationException($"could not start the {kind} reference server"));
            var child = new Child(process, new Uri($"http://127.0.0.1:{port}/"));
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"the {kind} reference server exited with {process.ExitCode}");
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return child;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(100);
                }
            }
        }

        public async ValueTask DisposeAsync() => await ExternalSandbox.StopAsync(_process);
    }
}
