using System;
using System.Diagnostics;
using System.IO;
using System.Runtime;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using Microsoft.Data.Sqlite;

namespace MeetingMigration.Benchmarks.Engine;

internal sealed record MemoryRun(
    int Meetings, int Users, int MeetingsPerUser, long TenantFileBytes, double TenantFileSeconds, double SandboxStartSeconds,
    EngineRunResult Run, long SandboxRequests, MemoryPeaks Peaks, long BaselineWorkingSet, long BaselineHeap, long HeapAfterRun,
    long ProcessPeakWorkingSet, long SandboxWorkingSet, long StoreBytes, long JournalRows);

/// <summary>
/// The engine's own memory while it migrates a whole tenant: the sandbox runs out of process (seeded from a tenant file),
/// the engine in this process with its SQLite store (and journal) in a temp file, sampled while it runs.
/// </summary>
internal static class MemoryScenario
{
    public static async Task<MemoryRun> RunAsync(int meetings, int meetingsPerUser, SandboxFaults faults, EngineSettings settings, string workDirectory)
    {
        int users = Math.Max(1, meetings / meetingsPerUser);
        var tenantFile = Path.Combine(workDirectory, $"tenant-{meetings}.json");
        var storePath = Path.Combine(workDirectory, $"memory-{meetings}.db");
        var clock = Stopwatch.StartNew();
        var mailboxes = WriteTenant(users, meetingsPerUser, tenantFile);
        double fileSeconds = clock.Elapsed.TotalSeconds;
        long fileBytes = new FileInfo(tenantFile).Length;

        clock.Restart();
        await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
        double startSeconds = clock.Elapsed.TotalSeconds;
        await sandbox.PutAsync("sandbox/faults", JsonSerializer.Serialize(new { latencyMs = faults.LatencyMs, jitterMs = faults.JitterMs, seed = 7 }));

        var (baseWs, baseHeap) = Settle();
        EngineRunResult run;
        MemoryPeaks peaks;
        using (var sampler = new MemorySampler(TimeSpan.FromMilliseconds(25)))
        {
            run = await EngineRunner.RunAsync(sandbox.GraphBaseUrl, mailboxes, settings, storePath);
            peaks = sampler.Stop();
        }
        var (_, heapAfter) = Settle();
        using var self = Process.GetCurrentProcess();
        long processPeak = self.PeakWorkingSet64;
        long sandboxWs = sandbox.WorkingSet;
        using var stats = JsonDocument.Parse(await sandbox.GetAsync("sandbox/stats"));
        long sandboxRequests = stats.RootElement.GetProperty("requests").GetInt64();

        long storeBytes = StoreBytes(storePath);
        long journalRows = JournalRows(storePath);
        TempFiles.DeleteStore(storePath);
        File.Delete(tenantFile);
        return new MemoryRun(users * meetingsPerUser, users, meetingsPerUser, fileBytes, fileSeconds, startSeconds, run, sandboxRequests,
            peaks, baseWs, baseHeap, heapAfter, processPeak, sandboxWs, storeBytes, journalRows);
    }

    /// <summary>Writes the tenant file and lets the generator go, so only the engine is alive when the run starts.</summary>
    private static System.Collections.Generic.IReadOnlyList<string> WriteTenant(int users, int meetingsPerUser, string path)
    {
        var tenant = InProcessSandbox.Tenant(users, meetingsPerUser, seed: 5);
        tenant.WriteTenantFile(path);
        return InProcessSandbox.Mailboxes(tenant);
    }

    private static long StoreBytes(string path)
    {
        long total = 0;
        foreach (var file in new[] { path, path + "-wal" })
            if (File.Exists(file)) total += new FileInfo(file).Length;
        return total;
    }

    private static long JournalRows(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    private static (long WorkingSet, long Heap) Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }
}
