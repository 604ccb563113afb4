using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// --exit-with-process: a sandbox started by a script stops when the script is gone, even killed outright, so none is
/// left running (and taking CPU that the next benchmark's figures pay for).
/// </summary>
public sealed class ExitWithProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-exit-with-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A process to watch that the test can kill: another sandbox, which runs on every OS until it is stopped.</summary>
    private static Process StartParent() => SandboxProgram.Start("--port", "0");

    private async Task<Process> StartSandboxWatching(int processId)
    {
        var ready = Path.Combine(_folder, "ready.json");
        var sandbox = SandboxProgram.Start("--port", "0", "--ready-file", ready, "--exit-with-process", processId.ToString());
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(ready) && !sandbox.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(File.Exists(ready), "the sandbox did not get ready");
        return sandbox;
    }

    [Fact]
    public async Task The_sandbox_stops_when_the_process_it_watches_is_killed()
    {
        using var parent = StartParent();
        using var sandbox = await StartSandboxWatching(parent.Id);
        try
        {
            await Task.Delay(1500); // past a first look at the parent, where a watch that misreads it would stop at once
            Assert.False(sandbox.HasExited, "the sandbox stopped while the process it watches was running");

            parent.Kill(); // SIGKILL on Unix: the parent runs no code of its own

            using var timeout = new System.Threading.CancellationTokenSource(Patience);
            await sandbox.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, sandbox.ExitCode);
        }
        finally
        {
            if (!sandbox.HasExited) sandbox.Kill();
            if (!parent.HasExited) parent.Kill();
        }
    }
}
