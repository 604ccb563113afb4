using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Benchmarks.Engine;

internal sealed record JournalCostResult(int Rows, int Threads, double Seconds)
{
    public double MicrosecondsPerRow => Seconds * 1e6 / Rows;
    /// <summary>Meetings per second the journal alone allows (two rows per migrated meeting).</summary>
    public double MeetingsPerSecondCeiling => Rows / Seconds / 2;
}

/// <summary>
/// What the journal costs on its own: SqliteMigrationStore.AppendJournalAsync (one write transaction per row, as the
/// migrator calls it), rows shaped like a migration's (two ~1.5 KB blocks), from one thread and from several at once.
/// </summary>
internal static class JournalCost
{
    public static async Task<JournalCostResult> MeasureAsync(string workDirectory, int rows, int threads)
    {
        var path = Path.Combine(workDirectory, $"journal-{Guid.NewGuid():N}.db");
        var block = new string('x', 1500);
        try
        {
            using var store = SqliteMigrationStore.Open(path);
            var correlation = Guid.NewGuid();
            JournalEntry Entry(int i) => new()
            {
                CorrelationId = correlation, UserPrincipalName = $"user{i % 100}@contoso.com", EventId = $"AAMkAD{i:D10}",
                Subject = "Weekly sync", Start = DateTime.UtcNow, MeetingKind = "Teams", OldBlock = block, NewBlock = block,
                NewBlockHash = "0123456789abcdef", Outcome = i % 2 == 0 ? MeetingOutcome.Attempting : MeetingOutcome.Updated, Time = DateTime.UtcNow,
            };
            for (int i = 0; i < 50; i++) await store.AppendJournalAsync(Entry(i), default); // warm-up
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
            {
                for (int i = t; i < rows; i += threads) await store.AppendJournalAsync(Entry(i), default);
            })));
            return new JournalCostResult(rows, threads, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            TempFiles.DeleteStore(path);
        }
    }
}
