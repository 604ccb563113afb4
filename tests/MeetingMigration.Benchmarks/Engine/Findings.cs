using System;
using System.Linq;
using System.Text;
using static MeetingMigration.Benchmarks.Engine.EngineReport;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>The "why" section of the report: each engine cause of a missed target, with this run's numbers.</summary>
internal static class Findings
{
    public static void Write(StringBuilder sb, EngineResults r)
    {
        sb.AppendLine("## Findings: where the engine loses");
        sb.AppendLine();
        int n = 1;
        var shipped = r.Concurrency.LastOrDefault();
        if (shipped is not null)
        {
            var throttled = string.Join(", ", r.Concurrency.Select(c => F($"{c.Stats.Throttled} 429s in {c.Stats.Requests:N0} requests")));
            sb.AppendLine(F($"{n++}. **Four slots per mailbox, one key.** Every call for a mailbox, calendar and onlineMeetings alike, holds one of the same four slots (`ResilientMailboxGateway`, keyed by the UPN; the onlineMeetings URL still carries the object id). " +
                            $"At Exchange's real window nothing but a fifth request in flight can cause a 429; these runs got {throttled}."));
            sb.AppendLine();
            sb.AppendLine(F($"{n++}. **How full the slots are**: mean in flight {shipped.Achieved * shipped.MeanLatencySeconds:0.00} of 4. " +
                            $"`RequestProcessor.RunAsync` streams: the next calendar page is read while the last page's meetings are migrated, a series master is fetched inside its meeting's task, and up to {MeetingMigration.Engine.Migration.RequestProcessor.MeetingsInFlight} meetings of a mailbox are in progress at once. " +
                            "What keeps the slots from staying full is the chain inside one meeting (read the coordinates, then PATCH, then journal) and the calendar page reads, which carry every occurrence of every series."));
            sb.AppendLine();
        }
        if (r.Windows.Count > 0)
        {
            var ex = r.Windows[0].Run;
            sb.AppendLine(F($"{n++}. **Against the window.** In \"{r.Windows[0].Case.Name}\" a mailbox may do {ex.WindowCeiling:0.0} requests/s; the engine reached {ex.Achieved:0.0}/s ({ex.Ratio:0.00}) with {ex.Stats.Throttled} 429s. " +
                            "Because of 1 and 2 the engine cannot reach Exchange's window rate at this latency at all: the window is not what stops it. " +
                            (r.Windows.Count > 1
                                ? F($"With a budget it can exceed (\"{r.Windows[1].Case.Name}\", {r.Windows[1].Run.WindowCeiling:0.0}/s) it reached {r.Windows[1].Run.Ratio:0.00} of it, with {r.Windows[1].Run.Stats.Throttled} 429s: a window 429 sends each queued request to sleep until the window's end, rounded up to whole seconds (integer Retry-After), so " +
                                    (r.Windows[1].Run.Ratio >= EngineResults.RateTarget ? "the handling of the window itself is sound; what is lost is that rounding and the barriers of 2." : "time is lost at each window's start, on top of the barriers of 2."))
                                : "")));
            sb.AppendLine();
        }
        if (r.Journal.Count > 0 && shipped is not null)
        {
            var one = r.Journal[0];
            var many = r.Journal[^1];
            sb.AppendLine(F($"{n++}. **The journal is not what binds today.** `SqliteMigrationStore.AppendJournalAsync` is one write transaction per row (BEGIN IMMEDIATE, WAL, synchronous=NORMAL), run synchronously on the calling thread-pool thread; two rows per migrated meeting. " +
                            $"Measured alone with ~1.5 KB blocks: {one.MicrosecondsPerRow:0} µs per row from one thread, {many.MicrosecondsPerRow:0} µs per row with {many.Threads} threads writing at once (writers queue on the file lock), i.e. at most ~{many.MeetingsPerSecondCeiling:N0} meetings/s for the whole process. " +
                            $"The engine migrated {shipped.Run.MeetingsPerSecond:0.0} meetings/s, so the journal costs about {shipped.Run.MeetingsPerSecond * 2 * many.MicrosecondsPerRow / 1e6 * 100:0.0} % of one core of wall time now; it becomes a limit only near that ceiling, and its synchronous calls block thread-pool threads on a 2-core machine."));
            sb.AppendLine();
        }
        if (r.Memory.Count > 0)
        {
            var first = r.Memory.First();
            var last = r.Memory.Last();
            double perK = last.Meetings == first.Meetings ? 0 : (last.Peaks.PeakWorkingSet - first.Peaks.PeakWorkingSet) / (double)(last.Meetings - first.Meetings) * 1000;
            double rate = last.Meetings / Math.Max(1, last.Run.Seconds); // tenant meetings gone through per second, migrated or not
            sb.AppendLine(F($"{n++}. **Memory.** Peak working set {string.Join(" → ", r.Memory.Select(m => Mib(m.Peaks.PeakWorkingSet) + " MiB"))} for {string.Join(" → ", r.Memory.Select(m => m.Meetings.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} meetings " +
                            $"(heap left by gen-2 GCs: {string.Join(" → ", r.Memory.Select(m => Mib(m.Peaks.PeakHeapAfterGen2) + " MiB"))}; after the run and a full GC: {string.Join(" → ", r.Memory.Select(m => Mib(m.HeapAfterRun) + " MiB"))}). " +
                            (last.Peaks.PeakWorkingSet > EngineResults.MemoryTargetBytes
                                ? $"The target is already missed at {last.Meetings:N0} meetings, so it is missed at 100,000 too. "
                                : "") +
                            (perK > 1024 * 1024
                                ? F($"From the smallest to the largest tenant the peak rose by {Mib(last.Peaks.PeakWorkingSet - first.Peaks.PeakWorkingSet)} MiB (not steadily), so this measurement does not show the flat footprint streaming pages should give. ")
                                : "The peak is roughly flat in the tenant's size, as streaming pages should make it. ") +
                            "Nothing survives the run (the heap after it is back near the baseline), so the peak is made of what the run allocates while it goes: with " + r.Plan.MemorySettings.ParallelRequests + " mailboxes at a time, each holds its current calendar page of summaries (up to " + MeetingMigration.Engine.Graph.GraphMailboxGateway.PageSize + " events: ids, times, flags, no bodies or attendees) and up to " + MeetingMigration.Engine.Migration.RequestProcessor.MeetingsInFlight + " meetings read in full with their old and new bodies; " +
                            "the rest of the working set is the runtime, the compiled code, SQLite's cache and the GC's allowance for new objects between collections, which the GC sizes itself (the heap left by gen-2 collections above is the live part). " +
                            "Fewer mailboxes at a time or smaller pages would lower the peak; smaller pages cost requests per meeting."));
            sb.AppendLine();
            if (last.Meetings < 100_000)
                sb.AppendLine(F($"{n++}. **100,000 meetings is not part of this run**: `engine --only memory --memory-meetings 100000 --output docs/benchmarks/engine-memory-100k.md` runs it on its own. The engine went through the largest tenant here at {rate:0} of its meetings per second ({last.Run.MeetingsPerSecond:0} migrated per second), so at that rate 100,000 would take about {100_000 / Math.Max(1, rate):0} s to migrate, generating and seeding the tenant not counted. The engine process (the sandbox is in another process here) used {last.Run.CpuSeconds / Math.Max(1, last.Run.Seconds):0.00} cores on average, {last.Run.CpuSeconds * 1000 / Math.Max(1, last.SandboxRequests):0.0} ms of CPU per Graph request; on 2 cores that alone caps it near {2 / Math.Max(1e-6, last.Run.CpuSeconds / Math.Max(1, last.SandboxRequests)):0} requests/s (the sandbox shares the machine's cores)."));
            if (last.Meetings < 100_000) sb.AppendLine();
        }
    }
}
