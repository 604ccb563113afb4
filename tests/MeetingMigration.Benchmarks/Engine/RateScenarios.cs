using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>Which of Exchange's per-mailbox limits the scenario makes the binding one.</summary>
internal enum Binding { Window, Concurrency }

internal sealed record MeteredRun(
    Binding Binding, SandboxLimits Limits, SandboxFaults Faults, EngineSettings Settings, EngineRunResult Run,
    IReadOnlyDictionary<string, IReadOnlyList<MailboxRateMeter.Sample>> Samples, SandboxStatsSnapshot Stats)
{
    /// <summary>Mean sandbox latency of one request (fixed part plus the mean of the uniform jitter), in seconds.</summary>
    public double MeanLatencySeconds => (Faults.LatencyMs + Faults.JitterMs / 2.0) / 1000;
    /// <summary>What Exchange's 4-in-flight limit allows one mailbox at that latency.</summary>
    public double ConcurrencyCeiling => Limits.MaxConcurrentRequestsPerMailbox / MeanLatencySeconds;
    /// <summary>What the window budget allows one mailbox.</summary>
    public double WindowCeiling => Limits.MaxRequestsPerWindow / (double)Limits.WindowSeconds;
    /// <summary>
    /// The rate the binding limit allows one mailbox. With Exchange's real window (10,000 / 600 s) a run shorter than the
    /// window never exhausts the budget, so 4 in flight is what binds there, whatever 10,000 / 600 says on average.
    /// </summary>
    public double Allowed => WindowBinds ? WindowCeiling : ConcurrencyCeiling;
    public bool WindowBinds => Binding == Binding.Window;

    public IReadOnlyList<WindowUse> Windows =>
        Samples.Select(p => WindowUse.From(p.Key, p.Value, Limits.WindowSeconds)).OfType<WindowUse>().OrderBy(w => w.Mailbox).ToList();

    public IReadOnlyList<MailboxRate> Rates =>
        Samples.Select(p => MailboxRate.From(p.Key, p.Value)).OfType<MailboxRate>().OrderBy(r => r.Mailbox).ToList();

    /// <summary>Achieved per mailbox ÷ allowed: over whole windows when the window binds, over each mailbox's active span otherwise.</summary>
    public double Achieved => WindowBinds
        ? (Windows.Count == 0 ? 0 : Windows.Average(w => w.RequestsPerSecond))
        : (Rates.Count == 0 ? 0 : Rates.Average(r => r.RequestsPerSecond));

    public double Ratio => Achieved / Allowed;

    public long Writes => Stats.Mailboxes.Sum(m => m.Writes);
    public int MaxConcurrency => Stats.Mailboxes.Count == 0 ? 0 : Stats.Mailboxes.Max(m => m.MaxConcurrency);
}

/// <summary>Runs the engine against a fresh in-process sandbox of a tenant while metering each mailbox's admitted requests.</summary>
internal static class RateScenarios
{
    public static async Task<MeteredRun> RunAsync(Binding binding, GeneratedTenant tenant, SandboxLimits limits, SandboxFaults faults,
        EngineSettings settings, string workDirectory, Func<MeetingMigration.Engine.Graph.IMailboxGateway, MeetingMigration.Engine.Graph.IMailboxGateway>? decorate = null)
    {
        await using var server = await InProcessSandbox.StartAsync(tenant, limits, faults);
        var storePath = Path.Combine(workDirectory, $"engine-{Guid.NewGuid():N}.db");
        using var meter = new MailboxRateMeter(server, TimeSpan.FromMilliseconds(20));
        var run = await EngineRunner.RunAsync(server.GraphBaseUrl, InProcessSandbox.Mailboxes(tenant), settings, storePath, decorate);
        var samples = meter.Stop();
        var stats = server.GetStats();
        TempFiles.DeleteStore(storePath);
        return new MeteredRun(binding, limits, faults, settings, run, samples, stats);
    }

    public static async Task<(NaiveResult Result, SandboxStatsSnapshot Stats)> RunNaiveAsync(GeneratedTenant tenant, SandboxFaults faults, TimeSpan budget)
    {
        await using var server = await InProcessSandbox.StartAsync(tenant, new SandboxLimits(), faults);
        var result = await NaiveScript.RunAsync(server.GraphBaseUrl, InProcessSandbox.Mailboxes(tenant), budget);
        return (result, server.GetStats());
    }
}

internal static class TempFiles
{
    public static void DeleteStore(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try { File.Delete(file); } catch (IOException) { }
        }
    }
}
