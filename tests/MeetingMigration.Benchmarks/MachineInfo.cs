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
            $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC{(GCSettings.LatencyMode == GCLatencyMode.Interactive ? ", concurrent" : "")}{Gen0Budget()}",
        });
    }

    /// <summary>
    /// The most the runtime lets gen 0 grow between collections, as it sized it for this host: it follows the processor's
    /// cache where the host shows it, and the same code collected 22–24 or 56–65 times a 64-mailbox run on this VM depending
    /// on that (docs/performance.md, section *Exchange-length ids*). DOTNET_GCgen0size sets it.
    /// </summary>
    private static string Gen0Budget() =>
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value) && value is IConvertible budget
            ? $", gen-0 budget up to {Convert.ToInt64(budget) / (1024.0 * 1024):0.#} MiB{(Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is { } set ? $" (DOTNET_GCgen0size={set})" : "")}"
            : "";

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
