using System;
using System.Diagnostics;
using System.Runtime;
using System.Text;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Benchmarks;

internal sealed record MemoryResult(
    int Meetings, int StoredEvents, double SeedSeconds, long BodyUtf8Bytes,
    long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter);

/// <summary>
/// Memory held by a sandbox state after the in-process seeder loaded a generated tenant, measured after a
/// full, compacting, blocking GC (large-object heap included). Generated meetings are streamed, so what
/// stays alive is the sandbox's own copy: organizer items, attendee copies and bodies.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task<MemoryResult> RunAsync(int users, int meetingsPerUser)
    {
        // Series exceptions on (they are off by default): each adds an item per mailbox and a body of its own.
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = users, MeetingsPerUser = meetingsPerUser, Seed = 2, SeriesExceptionFraction = 0.3 });
        var (heapBefore, wsBefore) = Settle();

        var state = new SandboxState();
        long bodyBytes = 0;
        var seeded = await new InProcessSandboxSeeder(state)
        {
            OnImported = (m, _) => bodyBytes += Encoding.UTF8.GetByteCount(m.Event.Body.Content),
        }.SeedAsync(tenant);

        var (heapAfter, wsAfter) = Settle();
        int stored = state.EventCount;
        GC.KeepAlive(state);
        return new MemoryResult(seeded.Events, stored, seeded.Elapsed.TotalSeconds, bodyBytes, heapBefore, heapAfter, wsBefore, wsAfter);
    }

    private static (long Heap, long WorkingSet) Settle()
    {
        for (int i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: false), self.WorkingSet64);
    }
}
