using MeetingMigration.Reliability.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace MeetingMigration.Reliability.Tests;

/// <summary>
/// Each proof of docs/reliability.md at a small size, against the real processes. One after another (they share two
/// cores with the rest of the suite); the audit's findings are the assertion, never a timing.
/// </summary>
public sealed class QuickProofTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Crash_SIGKILLs_of_the_service_lose_duplicate_and_leak_nothing()
    {
        var result = await CrashScenario.RunAsync(CrashScenario.Options.Quick, new OutputWriter(output));
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.Findings.Figures["SIGKILLs during the migration"] >= CrashScenario.Options.Quick.Kills, result.ToString());
    }

    [PostgresFact]
    public async Task Crash_on_a_PostgreSQL_store_SIGKILLs_lose_duplicate_and_leak_nothing()
    {
        // Dead workers' leases run out and the fence keeps a killed attempt's writes out, on the store several machines share.
        var options = CrashScenario.Options.Quick with { Postgres = System.Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) };
        var result = await CrashScenario.RunAsync(options, new OutputWriter(output));
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
        Assert.Equal("Crash (PostgreSQL)", result.Test);
        Assert.True(result.Findings.Figures["SIGKILLs during the migration"] >= options.Kills, result.ToString());
    }

    [Fact]
    public Task Undo_SIGKILLs_of_the_service_restore_every_meeting_once_and_mail_each_attendee_once() =>
        UndoProofAsync(UndoScenario.Options.Quick, "Undo crash");

    [PostgresFact]
    public Task Undo_on_a_PostgreSQL_store_SIGKILLs_restore_every_meeting_once_and_mail_each_attendee_once() =>
        UndoProofAsync(UndoScenario.Options.Quick with { Postgres = System.Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) }, "Undo crash (PostgreSQL)");

    /// <summary>The undo's proof on either store: it passed, its kills landed, and it had moved occurrences to restore.</summary>
    private async Task UndoProofAsync(UndoScenario.Options options, string test)
    {
        var result = await UndoScenario.RunAsync(options, new OutputWriter(output));
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(test, result.Test);
        Assert.True(result.Findings.Figures["SIGKILLs during the undo"] >= options.Kills, result.ToString());
        Assert.True(result.Findings.Figures["occurrences moved since, carrying the migrated block"] > 0, result.ToString());
    }

    [Fact]
    public async Task Faults_429_503_504_and_504_after_apply_lose_duplicate_and_leak_nothing()
    {
        var result = await FaultScenario.RunAsync(FaultScenario.Options.Quick, new OutputWriter(output));
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.Findings.Figures["injected 504 after apply"] > 0, "the fault that traps naive retries never fired: " + result);
        Assert.True(result.Findings.Figures["calls refused for an expired token (401)"] > 0, "no access token expired mid-run: " + result);
    }

    [Fact]
    public async Task Concurrency_sessions_and_services_on_one_store_lose_no_write_and_run_no_request_twice()
    {
        var result = await ConcurrencyScenario.RunAsync(ConcurrencyScenario.Options.Quick, new OutputWriter(output));
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>The scenarios' progress lines into the test's output.</summary>
    private sealed class OutputWriter(ITestOutputHelper output) : StringWriter
    {
        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
