using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>What the running service writes to its log, read from the process as journalctl would.</summary>
public sealed class ServiceLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-service-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Graph_down_for_every_license_trigger_pass_is_one_entry_with_the_reason_and_no_stack_trace()
    {
        // Found by an outside probe: each pass (every second here) wrote the same 40-line stack trace.
        var settings = new Dictionary<string, string>
        {
            ["StorePath"] = Path.Combine(_folder, "store.db"),
            ["GraphEndpoint"] = "http://127.0.0.1:9/v1.0", // nothing listens
            ["AccessToken"] = "sandbox-token",
            ["TriggerPollSeconds"] = "1",
        };

        var run = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(60), interruptAfter: TimeSpan.FromSeconds(4));

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        var failed = run.StandardOutput.Split('\n').Where(l => l.Contains("License trigger pass failed")).ToList();
        var entry = Assert.Single(failed);
        Assert.Contains("Graph could not be reached: Connection refused (127.0.0.1:9). Retrying in 1 s.", entry);
        Assert.DoesNotContain("   at ", run.StandardOutput);
    }
}
