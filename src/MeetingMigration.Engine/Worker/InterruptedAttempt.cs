using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Worker
{
    /// <summary>
    /// What an attempt that stopped on an error (the store failing under it, a bug) did before it stopped, read back from
    /// the journal, which it wrote meeting by meeting. Found by an outside probe: a PostgreSQL restart mid-attempt left the
    /// request "Failed, 0 of 0 meetings, 0 invitations updated" while the journal held meetings updated and mailed. An
    /// attempt that ends normally is counted by <see cref="RequestProcessor"/> as it goes; this reads only what is durable.
    /// </summary>
    internal static class InterruptedAttempt
    {
        /// <param name="isUndo">The request is an undo: what it wrote it restored (an outside re-probe read "2 meeting(s) migrated" of one).</param>
        public static async Task<AttemptResult> ResultAsync(IMigrationStore store, Guid correlationId, Exception failure, bool isUndo = false)
        {
            var explained = StoreFailures.Explain(failure, store.Location);
            var result = new AttemptResult
            {
                Succeeded = false,
                LastMessage = explained != null
                    ? $"The attempt stopped because the store failed: {explained.Message} {explained.RecommendedAction}"
                    : $"The attempt stopped on an unexpected error: {failure.Message}",
            };
            JournalCounts journal;
            try
            {
                journal = await store.CountJournalAsync(correlationId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                return result; // the store is still failing: the counts stay unknown (0), the message says why
            }
            result.TotalMeeting = journal.Total;
            result.SucceededMeeting = journal.Succeeded;
            result.FailedMeeting = journal.Failed;
            result.TransientFailures = journal.RetryableFailed;
            result.InvitesUpdate = journal.Updates;
            if (result.TotalMeeting > 0)
                result.LastMessage += $" Before it stopped: {result.SucceededMeeting} meeting(s) {(isUndo ? "restored" : "migrated")} ({result.InvitesUpdate} update(s) sent), {result.FailedMeeting} failed.";
            return result;
        }
    }
}
