using System;
using System.Diagnostics;
using System.Threading;

namespace MeetingMigration.Benchmarks.Engine;

internal sealed record MemoryPeaks(long PeakWorkingSet, long PeakGcTotalMemory, long PeakGcHeapSize, long PeakGcCommitted,
    long PeakHeapAfterGen2, int Gen2Collections, int Samples);

/// <summary>
/// Samples this process every few milliseconds on a dedicated thread: working set, GC.GetTotalMemory (bytes allocated and
/// not yet collected, garbage included) and the GC's own view of the heap after its last collection (GetGCMemoryInfo).
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly TimeSpan _interval;
    private volatile bool _stop;
    private long _ws, _total, _heap, _committed, _afterGen2;
    private int _samples;
    private readonly int _gen2AtStart = GC.CollectionCount(2);

    public MemorySampler(TimeSpan interval)
    {
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "memory-sampler" };
        _thread.Start();
    }

    private void Run()
    {
        using var self = Process.GetCurrentProcess();
        while (!_stop)
        {
            self.Refresh();
            var info = GC.GetGCMemoryInfo();
            _ws = Math.Max(_ws, self.WorkingSet64);
            _total = Math.Max(_total, GC.GetTotalMemory(forceFullCollection: false));
            _heap = Math.Max(_heap, info.HeapSizeBytes);
            _committed = Math.Max(_committed, info.TotalCommittedBytes);
            // What a full collection left alive: the data the engine really holds, garbage excluded.
            var full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            var background = GC.GetGCMemoryInfo(GCKind.Background);
            if (full.Index > 0) _afterGen2 = Math.Max(_afterGen2, full.HeapSizeBytes - full.FragmentedBytes);
            if (background.Index > 0) _afterGen2 = Math.Max(_afterGen2, background.HeapSizeBytes - background.FragmentedBytes);
            _samples++;
            Thread.Sleep(_interval);
        }
    }

    public MemoryPeaks Stop()
    {
        _stop = true;
        _thread.Join();
        return new MemoryPeaks(_ws, _total, _heap, _committed, _afterGen2, GC.CollectionCount(2) - _gen2AtStart, _samples);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
