using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>How the running service stops on the signals an admin's terminal or service manager sends.</summary>
public sealed class ServiceSignalTests
{
    /// <summary>
    /// Found by outside probe M: SIGHUP (a terminal closing on the service it ran) ended the process at once with 129,
    /// nothing logged, and its requests stayed InProgress, held by a dead worker, until their leases ran out.
    /// </summary>
    [Theory]
    [InlineData("HUP")]
    [InlineData("TERM")]
    public async Task A_stop_signal_mid_run_hands_the_running_attempts_back_and_exits_0(string signal)
    {
        await using var h = await ServiceHarness.StartAsync(users: 4, meetingsPerUser: 12, seed: 41);
        // Slow enough that attempts are running when the signal comes, 3 s after the service logged its start.
        h.Sandbox.Faults = new SandboxFaults { LatencyMs = 400 };
        await h.EnqueueAsync(h.Tenant.Users);
        var settings = h.ProcessSettings(maxParallelRequests: 4);
        settings["LeaseSeconds"] = "600"; // a request kept by the dead process would show InProgress and held through the test

        var run = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(90), interruptAfter: TimeSpan.FromSeconds(3), signal: signal);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        var requests = await h.RequestsAsync();
        Assert.Contains(requests, r => r.State == MigrationState.InProgress); // stopped part-way: the test proves something
        Assert.All(requests, r => Assert.True(r.HeldBy == null, $"{r.UserPrincipalName} is still held by {r.HeldBy}"));
        if (signal == "HUP") Assert.Contains("Stopping on SIGHUP", run.StandardOutput);
    }
}
