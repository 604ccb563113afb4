using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// Waits until processes stop using CPU on their own. After a warm-up the runtime keeps working in the background for a
/// while (tiered JIT recompiles the methods the warm-up made hot, the GC finishes), and a short measured run that starts
/// then is charged for it: a 1-mailbox run measured 34 ms of engine CPU per meeting that way, 3.9 ms without tiering.
/// </summary>
internal static class Quiescence
{
    /// <summary>Polls every <paramref name="interval"/> until each process used under 2 % of a core over one interval.</summary>
    /// <returns>How long it took (the limit when they never went quiet: the run then says so rather than waiting forever).</returns>
    public static async Task<TimeSpan> WaitAsync(TimeSpan limit, params Func<TimeSpan>[] processorTimes)
    {
        var interval = TimeSpan.FromMilliseconds(250);
        var clock = Stopwatch.StartNew();
        var before = Array.ConvertAll(processorTimes, cpu => cpu());
        while (clock.Elapsed < limit)
        {
            await Task.Delay(interval);
            bool quiet = true;
            for (int i = 0; i < processorTimes.Length; i++)
            {
                var now = processorTimes[i]();
                if ((now - before[i]).TotalMilliseconds > interval.TotalMilliseconds * 0.02) quiet = false;
                before[i] = now;
            }
            if (quiet) return clock.Elapsed;
        }
        return limit;
    }

    /// <summary>This process's CPU so far.</summary>
    public static TimeSpan OwnProcessorTime()
    {
        return CpuClock.OfThisProcess();
    }
}
