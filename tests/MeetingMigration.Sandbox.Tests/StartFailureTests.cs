using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// The sandbox program refusing to start says why in one line on stderr, exit code 1 (docs/sandbox.md). An outside check
/// of the docs found a port already taken also put the host's own error, with its stack trace, on stdout, and a tenant
/// file that was not JSON broke the one line in two.
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-sandbox-start-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] arguments)
    {
        using var sandbox = SandboxProgram.Start(arguments);
        var stdout = sandbox.StandardOutput.ReadToEndAsync();
        var stderr = sandbox.StandardError.ReadToEndAsync();
        using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await sandbox.WaitForExitAsync(guard.Token); }
        finally { if (!sandbox.HasExited) sandbox.Kill(); }
        return (sandbox.ExitCode, await stdout, await stderr);
    }

    private static void AssertOneLine((int ExitCode, string Out, string Error) run, string contains)
    {
        Assert.Equal(1, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: the sandbox could not start: ", line);
        Assert.Contains(contains, line);
        Assert.DoesNotContain("   at ", run.Out + run.Error);
        Assert.Equal("", run.Out.Trim());
    }

    [Fact]
    public async Task A_port_already_taken_is_one_line_and_no_stack_trace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await RunAsync("--port", port.ToString());

        AssertOneLine(run, "address already in use");
    }

    [Fact]
    public async Task A_tenant_file_that_is_not_JSON_is_one_line()
    {
        var file = Path.Combine(_folder, "tenant.json");
        File.WriteAllText(file, "notjson\nsecond line\n");

        var run = await RunAsync("--port", "0", "--tenant-file", file);

        AssertOneLine(run, "invalid");
    }
}
