using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Benchmarks.Engine;

internal sealed record FirstUpdateResult(double LatencyMs, IReadOnlyList<double> Seconds)
{
    public double Median => Seconds.OrderBy(s => s).ElementAt(Seconds.Count / 2);
    public double Max => Seconds.Max();
}

/// <summary>
/// Issue 9, target 6: the time from a request being queued (what Start-CsExMeetingMigration does) to the sandbox
/// receiving its first PATCH, with the real service process already running and idle. Each user is queued only after the
/// previous request ended, so every measurement starts from an idle service.
/// </summary>
internal static class FirstUpdate
{
    public static async Task<FirstUpdateResult> MeasureAsync(int users, double latencyMs, string workDirectory)
    {
        var tenantFile = Path.Combine(workDirectory, "first-update.json");
        var storePath = Path.Combine(workDirectory, "first-update.db");
        var tenant = InProcessSandbox.Tenant(users, 10, seed: 21);
        tenant.WriteTenantFile(tenantFile);
        var upns = InProcessSandbox.Mailboxes(tenant);
        await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
        await sandbox.PutAsync("sandbox/faults", JsonSerializer.Serialize(new { latencyMs, jitterMs = 0, seed = 7 }));

        using var store = SqliteMigrationStore.Open(storePath);
        foreach (var upn in upns)
            await new ConferencingAdmin(store).SetUserAsync(UserIdentity.Parse(upn), EngineRunner.Profile(upn), createIfMissing: true, CancellationToken.None);

        var settings = ServiceProcess.SandboxSettings(sandbox.GraphBaseUrl);
        settings["StorePath"] = storePath;
        using var service = ServiceProcess.Start(settings);
        await service.WaitReadyAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(2)); // running and idle

        var seconds = new List<double>();
        foreach (var upn in upns)
        {
            long patchesBefore = await PatchesAsync(sandbox);
            var clock = Stopwatch.StartNew();
            var queued = await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(upn), SourceMeetingType.All, TargetMeetingType.Current), CancellationToken.None);
            while (await PatchesAsync(sandbox) == patchesBefore)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"no update for {upn} within a minute: {service.Output}");
                await Task.Delay(5);
            }
            seconds.Add(clock.Elapsed.TotalSeconds);
            // Idle again before the next one: the request has ended.
            while ((await store.GetAsync(queued.Request.CorrelationId, CancellationToken.None))?.State is MigrationState.Pending or MigrationState.InProgress)
                await Task.Delay(50);
        }
        service.Stop();
        TempFiles.DeleteStore(storePath);
        File.Delete(tenantFile);
        return new FirstUpdateResult(latencyMs, seconds);
    }

    private static async Task<long> PatchesAsync(ExternalSandbox sandbox)
    {
        using var stats = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
        return stats.RootElement.GetProperty("requestsByKind").TryGetProperty("PATCH event", out var n) ? n.GetInt64() : 0;
    }
}
