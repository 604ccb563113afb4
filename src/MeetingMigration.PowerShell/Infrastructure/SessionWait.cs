using System;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;
using MeetingMigration.Engine.Worker;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>What -Wait of Start- and Undo-CsMeetingMigration share: this session's worker and what it tells the admin while it waits.</summary>
    internal static class SessionWait
    {
        /// <summary>A worker named for this machine and process, so a lease's holder can be told from the service's in the store.</summary>
        public static MigrationWorker Worker(IMigrationStore store, IMailboxGateway gateway) =>
            new MigrationWorker(store, gateway, $"{Environment.MachineName}:{System.Diagnostics.Process.GetCurrentProcess().Id}:session", logger: PipelineLogger.Instance);

        /// <summary>
        /// The sentence a -Wait error ends with when the attempt's retry is to come: which retry, when, and that the request
        /// (<paramref name="what"/>: "request", "undo") is Pending until then, since its error is the same as a last one's.
        /// </summary>
        public static string RetrySentence(MigrationRequest ended, string what) =>
            $" Retry {ended.RetryCount + 1} is scheduled for {ended.NotBefore:u}; the {what} is Pending until then.";

        /// <summary>What a -Wait session says while another request of its user holds the mailbox.</summary>
        /// <param name="user">The user, as the session names them.</param>
        /// <param name="other">The request that holds the mailbox, and its lease.</param>
        /// <param name="waitingMigrationSelects">
        /// The waiting request is a migration selecting these meetings: an undo it waits for stops before its next meeting (it
        /// is replaced), or, for a migration of one kind, leaves it the meetings of that kind (Undo/LaterMigrations).
        /// </param>
        public static string WaitingMessage(string user, RunningRequest other, Engine.Model.SourceMeetingType? waitingMigrationSelects = null) =>
            $"{user}: request {other.CorrelationId:D} of this user is InProgress, held by {other.LeaseOwner ?? "a worker"} until {UtcText.Of(other.LeaseExpires)}. " +
            "This waits for it to end, or, if its holder stopped without handing it back (a killed session, a crashed service), for its lease to run out; " +
            "then it resumes that request and runs this one." +
            waitingMigrationSelects switch
            {
                null => "",
                Engine.Model.SourceMeetingType.All => " If that request is an undo, it stops before its next meeting (a series it has put back finished first): this migration replaces it.",
                var kind => $" If that request is an undo, it leaves to this migration the {kind} meetings it would write and restores the others.",
            };

        public static string ResumedMessage(MigrationRequest ended) =>
            $"Resumed request {ended.CorrelationId:D} of {ended.UserPrincipalName}, which its worker had left part-way (stopped, or its process ended), and ran it to its end: {ended.State}, " +
            $"{ended.SucceededMeeting} of {ended.TotalMeeting} meetings.";

        /// <summary>A request of the same user queued ahead of the session's own, run here first (queue order).</summary>
        public static string RanAheadMessage(MigrationRequest ended, string own) =>
            $"Ran request {ended.CorrelationId:D} of {ended.UserPrincipalName} ({(ended.Trigger == TriggerNames.Undo ? "an undo" : "a migration")}, queued ahead of {own}) first, " +
            $"as the queue runs them: {ended.State}, {ended.SucceededMeeting} of {ended.TotalMeeting} meetings.";
    }
}
