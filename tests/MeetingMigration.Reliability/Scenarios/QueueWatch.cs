using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>Reads the queue from the store, as Get-CsMeetingMigrationStatus would, to see how far a run has come.</summary>
public static class QueueWatch
{
    /// <summary>The requests <paramref name="which"/> takes (all when null): how many ended, of how many.</summary>
    public static async Task<(int Finished, int Total)> ProgressAsync(ProofStore proofStore, Func<MigrationRequest, bool>? which = null)
    {
        using var store = proofStore.Open();
        var requests = (await store.QueryAsync(new MigrationStatusQuery(), default)).Where(r => which == null || which(r)).ToList();
        // A request waiting for its retry is Pending: still on its way.
        return (requests.Count(r => r.State is MigrationState.Succeeded or MigrationState.Failed), requests.Count);
    }

    /// <summary>Journal rows saying a meeting was written (updated by a migration, or restored by an undo): how far the work has come between two kills.</summary>
    public static long WrittenMeetings(ProofStore proofStore, MeetingOutcome written = MeetingOutcome.Updated) => Rows(proofStore, written).LongCount();

    /// <summary>Writes found done when a request resumed or after a lost answer (read back, never resent): the crashes' traces.</summary>
    public static long ConfirmedByReadBack(ProofStore proofStore, MeetingOutcome written = MeetingOutcome.Updated) =>
        Rows(proofStore, written).LongCount(e => e.Reason.StartsWith("confirmed", StringComparison.Ordinal));

    /// <summary>Through the store (either kind), as the audit reads it.</summary>
    private static List<JournalEntry> Rows(ProofStore proofStore, MeetingOutcome outcome)
    {
        using var store = proofStore.Open();
        return store.ReadJournal(new JournalQuery { Outcomes = new[] { outcome } }, default).ToList();
    }

    /// <summary>Waits until every request has ended; the limit is a hang guard (a stuck request fails the audit, not this).</summary>
    public static Task WaitUntilFinishedAsync(ProofStore proofStore, TimeSpan hangGuard, Func<bool>? stillRunning = null) =>
        WaitUntilFinishedAsync(() => ProgressAsync(proofStore), hangGuard, stillRunning);

    /// <summary>Waits until every request <paramref name="progress"/> counts has ended (a hang guard as above).</summary>
    public static async Task WaitUntilFinishedAsync(Func<Task<(int Finished, int Total)>> progress, TimeSpan hangGuard, Func<bool>? stillRunning = null)
    {
        var deadline = DateTime.UtcNow + hangGuard;
        while (DateTime.UtcNow < deadline)
        {
            var (finished, total) = await progress();
            if (finished == total) return;
            if (stillRunning != null && !stillRunning()) return;
            await Task.Delay(250);
        }
    }
}
