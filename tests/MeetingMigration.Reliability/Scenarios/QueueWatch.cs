using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>Reads the queue from the store, as Get-CsMeetingMigrationStatus would, to see how far a run has come.</summary>
public static class QueueWatch
{
    public static async Task<(int Finished, int Total)> ProgressAsync(ProofStore proofStore)
    {
        using var store = proofStore.Open();
        var requests = await store.QueryAsync(new MigrationStatusQuery(), default);
        // A request waiting for its retry is Pending: still on its way.
        return (requests.Count(r => r.State is MigrationState.Succeeded or MigrationState.Failed), requests.Count);
    }

    /// <summary>Journal rows saying a meeting was updated: how far the work has come between two kills.</summary>
    public static long UpdatedMeetings(ProofStore proofStore) => Updated(proofStore).LongCount();

    /// <summary>Updates found done when a request resumed or after a lost answer (read back, never resent): the crashes' traces.</summary>
    public static long ConfirmedByReadBack(ProofStore proofStore) =>
        Updated(proofStore).LongCount(e => e.Reason.StartsWith("confirmed", StringComparison.Ordinal));

    /// <summary>Through the store (either kind), as the audit reads it.</summary>
    private static List<JournalEntry> Updated(ProofStore proofStore)
    {
        using var store = proofStore.Open();
        return store.ReadJournal(new JournalQuery { Outcomes = new[] { MeetingOutcome.Updated } }, default).ToList();
    }

    /// <summary>Waits until every request has ended; the limit is a hang guard (a stuck request fails the audit, not this).</summary>
    public static async Task WaitUntilFinishedAsync(ProofStore storePath, TimeSpan hangGuard, Func<bool>? stillRunning = null)
    {
        var deadline = DateTime.UtcNow + hangGuard;
        while (DateTime.UtcNow < deadline)
        {
            var (finished, total) = await ProgressAsync(storePath);
            if (finished == total) return;
            if (stillRunning != null && !stillRunning()) return;
            await Task.Delay(250);
        }
    }
}
