using MeetingMigration.Engine.Model;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>The level at which the service logs the end of each request: failures must show in a log read at Warning.</summary>
public sealed class QueueWorkerLogLevelTests
{
    [Theory]
    [InlineData(MigrationState.Failed, LogLevel.Warning)]
    [InlineData(MigrationState.Succeeded, LogLevel.Information)]
    [InlineData(MigrationState.InProgress, LogLevel.Information)] // stopped part-way by a service stop: resumed, not failed
    [InlineData(MigrationState.Pending, LogLevel.Information)]    // handed back while Graph was unreachable: no retry used
    public void A_request_that_ended_is_logged_at_the_level_its_state_calls_for(MigrationState state, LogLevel expected)
    {
        Assert.Equal(expected, QueueWorker.LevelOf(new MigrationRequest { State = state }));
    }

    [Fact]
    public void A_failed_attempt_with_a_retry_scheduled_is_a_warning_that_says_Pending_and_which_retry_comes_when()
    {
        var failed = new MigrationRequest
        {
            State = MigrationState.Pending, RetryScheduled = true, RetryCount = 2,
            NotBefore = new DateTime(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc),
        };

        Assert.Equal(LogLevel.Warning, QueueWorker.LevelOf(failed));
        Assert.Equal("Pending for a retry", QueueWorker.StateOf(failed));
        Assert.Equal("Failed", QueueWorker.StateOf(new MigrationRequest { State = MigrationState.Failed }));
        Assert.Equal(" Retry 3 is scheduled for 2026-12-05 09:30:00Z.", QueueWorker.RetryNote(failed));
        Assert.Equal("", QueueWorker.RetryNote(new MigrationRequest { State = MigrationState.Failed, RetryScheduled = false }));
        Assert.Equal("", QueueWorker.RetryNote(new MigrationRequest { State = MigrationState.Succeeded }));
    }
}
