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
    public void A_request_that_ended_is_logged_at_the_level_its_state_calls_for(MigrationState state, LogLevel expected)
    {
        Assert.Equal(expected, QueueWorker.LevelOf(new MigrationRequest { State = state }));
    }
}
