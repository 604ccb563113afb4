using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// What a request's journal says it did so far, meeting by meeting as each one's last row says: the counts status shows
    /// for a request that has not ended (running, stopped part-way, waiting for Graph), whose own counts are saved only
    /// when an attempt ends.
    /// </summary>
    public sealed class JournalCounts
    {
        public JournalCounts(int succeeded, int failed, int retryableFailed, int updates)
        {
            Succeeded = succeeded;
            Failed = failed;
            RetryableFailed = retryableFailed;
            Updates = updates;
        }

        /// <summary>Meetings whose last row is Updated, AlreadyUpdated or an undo's Restored.</summary>
        public int Succeeded { get; }
        /// <summary>Meetings whose last row is Failed or an undo's Refused.</summary>
        public int Failed { get; }
        /// <summary>Of <see cref="Failed"/>, those a retry may fix (Failed; an undo's Refused is not).</summary>
        public int RetryableFailed { get; }
        /// <summary>Meetings this request sent an update for (an Updated or Restored row).</summary>
        public int Updates { get; }
        public int Total => Succeeded + Failed;

        /// <summary>Shows these counts as the request's own (status of a request that has not ended).</summary>
        public void CopyTo(MigrationRequest request)
        {
            request.TotalMeeting = Total;
            request.SucceededMeeting = Succeeded;
            request.FailedMeeting = Failed;
            request.InvitesUpdate = Updates;
        }
    }
}
