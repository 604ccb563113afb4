using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// A process's CPU time to the nanosecond. <see cref="Process.TotalProcessorTime"/> reads /proc/&lt;pid&gt;/stat, which counts
/// in 10 ms clock ticks: a 1-mailbox run uses 40 ms of the sandbox's CPU, so its figure per request moved in steps of
/// a sixth. Linux gives every process a CPU-time clock (clock_getcpuclockid) that clock_gettime reads exactly; elsewhere,
/// or when the clock cannot be had, this falls back to the tick count.
/// </summary>
internal static class CpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_getcpuclockid(int pid, out int clockId);

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    public static TimeSpan Of(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (clock_getcpuclockid(process.Id, out var clock) == 0 && clock_gettime(clock, out var t) == 0)
                    return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
            }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        process.Refresh();
        return process.TotalProcessorTime;
    }

    public static TimeSpan OfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return Of(self);
    }
}
