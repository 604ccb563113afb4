using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// What a conferencing change did to the migration queue, told to the admin the same way by every cmdlet that can
    /// queue: -Verbose lists each queued request (user, trigger, due time); a warning says when a switch kept the change
    /// from queueing, because those users' invitations now show stale dial-in details until someone acts.
    /// </summary>
    internal static class QueuedMigrationReport
    {
        private const int UsersNamed = 10;

        public static void Write(Cmdlet cmdlet, ConferencingChange change, string what)
        {
            foreach (var request in change.Queued)
                cmdlet.WriteVerbose($"Queued {request.UserPrincipalName} for meeting migration ({request.MigrationType}), trigger {request.Trigger}, " +
                                    $"due {request.NotBefore:u} (request {request.CorrelationId}).");
            WriteReplacedUndos(cmdlet, change);
            if (change.NotQueuedBecause == null || change.Users.Count == 0) return;

            var switchOff = change.NotQueuedBecause.Contains("MeetingMigrationEnabled");
            var advice = switchOff
                ? "Turn meeting migration on (Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true), then queue them with Start-CsExMeetingMigration -Identity <user>."
                : "Queue them with Start-CsExMeetingMigration -Identity <user>; Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $true makes later changes queue by themselves.";
            cmdlet.WriteWarning($"{what}: {change.Users.Count} user(s) were not queued for meeting migration because {change.NotQueuedBecause}, " +
                                $"so their invitations keep the old dial-in details: {Names(change.Users)}. {advice}");
        }

        /// <summary>
        /// An undo the change's migration replaced is said as Start says it (a second outside re-probe: a dial-in change
        /// cancelled a queued undo with nothing said but -Verbose's "queued").
        /// </summary>
        public static void WriteReplacedUndos(Cmdlet cmdlet, ConferencingChange change)
        {
            foreach (var (undo, by, user) in change.ReplacedUndos)
                cmdlet.WriteWarning(ReplacedUndo(user, undo, "queued before and not finished", $"the meeting migration {by:D} this change queued", by));
            foreach (var (undo, by) in change.UndosLeftToStopOrShare)
                WriteUndoLeft(cmdlet, undo, by, $"the meeting migration {by.CorrelationId:D} this change queued");
            // As Start says it (an outside probe: a move to Teams replaced a Skype-only migration's retry, and nothing said so).
            foreach (var (replaced, by) in change.ReplacedMigrationRetries)
                cmdlet.WriteVerbose($"{by.UserPrincipalName}: the waiting retry of request {replaced:D} was replaced by the meeting migration {by.CorrelationId:D} this change queued (it is now Failed).");
        }

        /// <summary>
        /// An undo of the user a new migration does not end (Store.EnqueueResult.UndosLeftToStopOrShare), said as Start and
        /// the dial-in cmdlets say it. One of every kind: the undo stops before its next meeting, a warning, since what it
        /// restored is written again (an outside probe: only a -Wait that waited for it said so). One of one kind: the undo
        /// runs on and leaves it the meetings it writes, said with -Verbose.
        /// </summary>
        public static void WriteUndoLeft(Cmdlet cmdlet, System.Guid undo, Engine.Model.MigrationRequest by, string named)
        {
            // One the store queued ahead of a migration to finish a Failed undo's series is not replaced: it runs first, as
            // queued (outside probe K: a second Start merged into that migration said it replaced it).
            if (cmdlet is MeetingMigrationCmdlet session && session.QueuedBefore(undo) is System.Guid before)
                cmdlet.WriteVerbose($"{by.UserPrincipalName}: the undo {undo:D}, which the store queued to run before request {before:D} to finish what a Failed " +
                                    "undo put back, runs first, as queued; it puts back nothing else.");
            else if (by.SourceMeetingType == Engine.Model.SourceMeetingType.All)
                cmdlet.WriteWarning($"{by.UserPrincipalName}: the undo {undo:D} is running, or has put meetings back (or was stopped inside a restore, or finishes what a Failed undo put back) and runs first " +
                                    $"(resumed, or its retry brought forward); it stops before its next meeting, a series it has put back finished first (its occurrences moved since), " +
                                    $"replaced by {named}. Meetings it restored already keep their earlier block until the migration writes them again.");
            else
                cmdlet.WriteVerbose($"{by.UserPrincipalName}: the undo {undo:D}, not finished, runs on: it leaves to {named} the meetings that migration writes " +
                                    $"(SourceMeetingType {by.SourceMeetingType}), and restores the others.");
        }

        /// <summary>
        /// The warning for an undo a new migration replaced (<paramref name="how"/>: "queued before and not finished", "waiting
        /// for its retry"), which Start and the dial-in cmdlets give alike: the migration writes again what the undo was to take
        /// back, and how to take the migration back out if that was not meant.
        /// </summary>
        public static string ReplacedUndo(string user, System.Guid undo, string how, string replacedBy, System.Guid by) =>
            $"{user}: the undo {undo:D}, {how}, was replaced by {replacedBy}, which writes the current blocks again where that undo was to take them back " +
            "(the undo is now Failed; meetings it restored already keep their earlier block until the migration writes them again). " +
            $"If that is not meant, Stop-CsMeetingMigration -CorrelationId {by:D} takes the migration out of the queue, and Undo-CsMeetingMigration queues the undo again.";

        /// <summary>
        /// Said where a migration of every kind was queued with an undo the store queued ahead of it (EnqueueResult.FinishingUndo):
        /// an undo of the user ended Failed after putting meetings back, and a series it put back may keep occurrences moved
        /// since with the block it was taking back. An outside probe found the migration writing such a series in two kinds,
        /// said nowhere; the undo ahead of it finishes the series first, and mails those occurrences' attendees.
        /// </summary>
        public static string FinishingUndoWarning(string user, System.Guid failedUndo, System.Guid finishingUndo, System.Guid migration) =>
            $"{user}: the undo {failedUndo:D} ended Failed after putting meetings back, and a series it put back may keep occurrences moved since with " +
            $"the block it was taking back: the undo {finishingUndo:D}, queued to run before the migration {migration:D}, puts those back and nothing " +
            "else (their attendees get that update), so the migration leaves each such series in one kind (an occurrence changed since is left as it is). " +
            $"Stop-CsMeetingMigration -CorrelationId {migration:D} takes both out of the queue.";

        /// <summary>The first few addresses, and how many more.</summary>
        public static string Names(IReadOnlyCollection<DialInUser> users)
        {
            var named = string.Join(", ", users.Take(UsersNamed).Select(u => u.UserPrincipalName));
            return users.Count > UsersNamed ? $"{named} and {users.Count - UsersNamed} more" : named;
        }
    }
}
