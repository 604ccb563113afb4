using System;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;

namespace MeetingMigration.Benchmarks;

/// <summary>What the numbers were measured on; printed at the top of every report.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        string cpu = CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString();
        double memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Join(Environment.NewLine, new[]
        {
            $"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})",
            $"- CPU: {cpu}, {Environment.ProcessorCount} logical cores available to the process",
            $"- Memory available to .NET: {memoryGiB:0.0} GiB",
            $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC{(GCSettings.LatencyMode == GCLatencyMode.Interactive ? ", concurrent" : "")}",
        });
    }

    /// <summary>1, 5 and 15-minute load averages (Linux), to show how busy the shared machine was during a run.</summary>
    public static string LoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        if (!File.Exists(loadAvg)) return "n/a";
        var parts = File.ReadAllText(loadAvg).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? $"{parts[0]} / {parts[1]} / {parts[2]}" : "n/a";
    }

    private static string? CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return null;
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim();
    }
}
