using System.Diagnostics;
using Xunit;

namespace MeetingMigration.Sandbox.Tests;

public class SandboxStatsTests
{
    /// <summary>
    /// Found by an outside probe: 120,438 answers of about 100 ms came back as answerMicroseconds = -6,077,246,048 (the
    /// ticks times a million overflowed a long), which the scale benchmark compares with the engine's own call times.
    /// </summary>
    [Fact]
    public void A_long_runs_answer_and_handler_times_add_up_without_overflowing()
    {
        var stats = new SandboxStats();
        var hundredMilliseconds = Stopwatch.Frequency / 10;
        for (var i = 0; i < 120_000; i++) stats.CountAnswer(hundredMilliseconds);
        stats.CountHandlerTime("GET event", hundredMilliseconds * 120_000);

        var snapshot = stats.Snapshot();

        Assert.Equal(120_000, snapshot.AnsweredRequests);
        Assert.Equal(12_000_000_000L, snapshot.AnswerMicroseconds);
        Assert.Equal(12_000_000_000L, snapshot.HandlerMicrosecondsByKind["GET event"]);
    }
}
