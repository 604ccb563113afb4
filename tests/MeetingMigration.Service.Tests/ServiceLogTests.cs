using System.Text.RegularExpressions;
using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>What the running service writes to its log, read from the process as journalctl would.</summary>
public sealed class ServiceLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-service-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Each_attempt_is_one_line_with_its_counts_and_the_engines_own_summary_is_left_out()
    {
        // Found by an outside probe: the engine's summary and the service's end line, both at Information, made two lines per
        // attempt (400,010 for 100,000 users). The end line now carries the summary's counts too.
        await using var h = await ServiceHarness.StartAsync(users: 3, meetingsPerUser: 4, seed: 31);
        await h.EnqueueAsync(h.Tenant.Users);
        var settings = h.ProcessSettings(maxParallelRequests: 2);

        var run = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(90), interruptAfter: TimeSpan.FromSeconds(8));

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        var lines = run.StandardOutput.Split('\n');
        var finished = (await h.RequestsAsync()).Where(r => r.State == MigrationState.Succeeded).ToList();
        Assert.NotEmpty(finished);
        foreach (var request in finished)
        {
            Assert.True(request.TotalMeeting > 0);
            var end = $"{request.UserPrincipalName}: Succeeded ({request.SucceededMeeting}/{request.TotalMeeting} meetings, 0 failed, {request.InvitesUpdate} updates sent).";
            Assert.Single(lines, line => line.Contains(end, StringComparison.Ordinal));
            Assert.Single(lines, line => line.TrimEnd('\r').EndsWith(end, StringComparison.Ordinal)); // no message: the line ends there
            Assert.Single(lines, line => line.Contains(request.UserPrincipalName + ":", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(lines, line => Regex.IsMatch(line, @": \d+ meetings, \d+ succeeded, \d+ failed"));
    }

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

    /// <summary>
    /// Found by an outside probe of a rolling upgrade: nothing said a store was upgraded, after which older services refuse
    /// it and one still running goes on with the older format. The service that upgrades it logs a Warning saying so.
    /// </summary>
    [Fact]
    public async Task A_service_that_upgrades_its_store_says_so_in_its_log()
    {
        var path = Path.Combine(_folder, "older.db");
        Engine.Store.SqliteMigrationStore.Open(path).Dispose();
        var current = Engine.Store.StoreSchema.CurrentVersion;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // As the module one schema step older left it (the last step adds requests.queued_for).
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"ALTER TABLE requests DROP COLUMN queued_for; PRAGMA user_version = {current - 1}";
            command.ExecuteNonQuery();
        }
        var settings = new Dictionary<string, string>
        {
            ["StorePath"] = path,
            ["GraphEndpoint"] = "http://127.0.0.1:9/v1.0",
            ["AccessToken"] = "sandbox-token",
            ["TriggerPollSeconds"] = "0",
        };

        var run = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(60), interruptAfter: TimeSpan.FromSeconds(3));

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        Assert.Single(run.StandardOutput.Split('\n'), line => line.Contains($"was upgraded from schema version {current - 1} to {current}", StringComparison.Ordinal));
    }

    /// <summary>
    /// A store path with a misspelt file name in the right folder still makes a new store (a first start does too), so the
    /// service says so: an empty queue is otherwise silent (outside probe AM).
    /// </summary>
    [Fact]
    public async Task A_service_that_makes_a_new_store_says_so_in_its_log_and_one_that_opens_its_store_does_not()
    {
        var path = Path.Combine(_folder, "new.db");
        var settings = new Dictionary<string, string>
        {
            ["StorePath"] = path,
            ["GraphEndpoint"] = "http://127.0.0.1:9/v1.0",
            ["AccessToken"] = "sandbox-token",
            ["TriggerPollSeconds"] = "0",
        };

        var first = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(60), interruptAfter: TimeSpan.FromSeconds(3));
        var second = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(60), interruptAfter: TimeSpan.FromSeconds(3));

        Assert.True(first.ExitCode == 0, $"exit code {first.ExitCode}: {first.StandardOutput}{first.StandardError}");
        Assert.Single(first.StandardOutput.Split('\n'), line => line.Contains($"there was no store at '{path}'; a new, empty one was made there", StringComparison.Ordinal));
        Assert.True(second.ExitCode == 0, $"exit code {second.ExitCode}: {second.StandardOutput}{second.StandardError}");
        Assert.DoesNotContain("a new, empty one", second.StandardOutput, StringComparison.Ordinal);

        // An empty file (an interrupted copy) becomes a new store as well, and is said to (outside probe AO).
        var empty = Path.Combine(_folder, "empty.db");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        settings["StorePath"] = empty;
        var third = await ServiceProcess.RunAsync(settings, TimeSpan.FromSeconds(60), interruptAfter: TimeSpan.FromSeconds(3));
        Assert.Single(third.StandardOutput.Split('\n'), line => line.Contains($"there was no store at '{empty}'; a new, empty one was made there", StringComparison.Ordinal));
    }
}
