using System.Diagnostics;

namespace MeetingMigration.Service.Tests;

/// <summary>Waits for a condition by polling with a deadline: the services run on their own schedule, so tests observe, not sleep.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, int intervalMs = 25)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {describe()}");
            await Task.Delay(intervalMs);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe, int intervalMs = 25) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, describe, intervalMs);
}
