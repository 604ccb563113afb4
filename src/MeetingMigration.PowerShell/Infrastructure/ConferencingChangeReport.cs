using System.Globalization;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// What a change of a user's audio conferencing did about their meetings, as the dial-in user cmdlets tell it: the
    /// triggers and the request they queued (verbose), or, when a tenant switch held them back, a warning that the old
    /// invitations keep the old details and what to run. The admin otherwise cannot see that a change queued nothing.
    /// </summary>
    internal static class ConferencingChangeReport
    {
        public static void Write(Cmdlet cmdlet, string user, ConferencingChange change)
        {
            var triggers = string.Join(", ", change.Triggers.Distinct());
            if (change.Triggers.Count == 0)
            {
                // Not "nothing changed": a meet link or a dial-in page is shown in invitations, and changes no trigger (as in MMS).
                cmdlet.WriteVerbose($"{user}: no change that queues a meeting migration (docs/triggers.md), so none was queued; " +
                                    $"Start-CsExMeetingMigration -Identity {user} refreshes their invitations if they show what changed.");
                return;
            }
            foreach (var request in change.Queued)
            {
                cmdlet.WriteVerbose($"{user}: {triggers} queued meeting migration {request.CorrelationId} ({request.MigrationType}, Pending, " +
                                    $"triggered by {request.Trigger}), due {request.NotBefore.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; " +
                                    "a further change before then moves it later.");
            }
            TeamsFollowMicrosoft(cmdlet, user, change);
            QueuedMigrationReport.WriteReplacedUndos(cmdlet, change);
            // An undo queued ahead of the migration to finish what an undo that ended Failed put back (as Start says it).
            foreach (var (undo, failed, request) in change.FinishingUndos)
                cmdlet.WriteWarning(QueuedMigrationReport.FinishingUndoWarning(request.UserPrincipalName, failed, undo, request.CorrelationId));
            var warning = change.AlreadyPending is { } pending && change.NotQueuedBecause != null
                ? PendingReadsItWarning(user, triggers, change.NotQueuedBecause, pending)
                : NotQueuedWarning(user, triggers, change.NotQueuedBecause, user);
            if (warning != null) cmdlet.WriteWarning(warning);
        }

        /// <summary>The changes of what a Teams meeting's dial-in section shows, which Microsoft's service gives for its users.</summary>
        private static readonly string[] TeamsDialInTriggers =
            { TriggerNames.ConferenceIdReset, TriggerNames.ConferenceIdChanged, TriggerNames.ServiceNumberChanged, TriggerNames.BridgeChanged };

        /// <summary>
        /// For a user whose audio conferencing is Microsoft's, Teams meetings show what Microsoft's service gives (Graph's
        /// onlineMeetings, docs/triggers.md): a conference ID or number changed here reaches their Skype for Business meetings,
        /// and their Teams meetings only once Microsoft's record shows it too. Said, since the run reports success either way
        /// and the organizer's invitations can then show two conference IDs (outside probe BO-F2: nothing said so).
        /// </summary>
        private static void TeamsFollowMicrosoft(Cmdlet cmdlet, string user, ConferencingChange change)
        {
            // On one of the tenant's bridges, which are Microsoft's: a record that names Microsoft only by default (a Skype for
            // Business Server profile, an imported row on no bridge) is a Skype user's.
            if (change.Queued.Count == 0 || !(change.Users.FirstOrDefault() is { Provider: Engine.Conferencing.ConferencingProvider.Microsoft, Enabled: true, BridgeId: { } })
                || !change.Triggers.Any(t => TeamsDialInTriggers.Contains(t))) return;
            cmdlet.WriteWarning($"{user}: their audio conferencing is Microsoft's, so their Teams meetings show the dial-in details Microsoft's " +
                                "service gives them (Graph): this change reaches their Skype for Business meetings, and their Teams meetings only once " +
                                "Microsoft's record shows it too (docs/triggers.md, Where conferencing data lives).");
        }

        /// <summary>
        /// A switch held the change back, but the user's Pending request, queued before, reads it when it runs: their
        /// invitations do get the new details (the plain warning said they keep the old ones; found by an outside probe).
        /// </summary>
        private static string PendingReadsItWarning(string user, string triggers, string because, Engine.Model.MigrationRequest pending)
        {
            var waits = because == TriggerPolicy.MigrationDisabled
                ? " once MeetingMigrationEnabled is $true again (Set-CsTenantMigrationConfiguration)"
                : "";
            return $"{user}: {triggers} queued no meeting migration of its own ({because}), but the Pending request {pending.CorrelationId} " +
                   $"(triggered by {pending.Trigger}) reads the new details when it runs{waits}, so their invitations will show them.";
        }

        /// <summary>
        /// The warning for triggers a tenant switch held back (null when nothing was): <paramref name="who"/> starts it,
        /// <paramref name="user"/> goes into the Start-CsExMeetingMigration command it suggests.
        /// </summary>
        public static string? NotQueuedWarning(string who, string triggers, string? because, string user)
        {
            switch (because)
            {
                case null:
                    return null;
                case TriggerPolicy.AutomaticMigrationDisabled:
                    return $"{who}: {triggers} queued no meeting migration because AutomaticallyMigrateUserMeetings is $false " +
                           "(Set-CsOnlineDialInConferencingTenantSettings): existing meeting invitations keep the old dial-in details. " +
                           $"Run Start-CsExMeetingMigration -Identity {user} to update them; turning the setting back on does not queue changes made meanwhile.";
                case TriggerPolicy.MigrationDisabled:
                    return $"{who}: {triggers} queued no meeting migration because MeetingMigrationEnabled is $false (Set-CsTenantMigrationConfiguration): " +
                           "existing meeting invitations keep the old details. Turn it on with Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true, " +
                           $"then run Start-CsExMeetingMigration -Identity {user}.";
                default:
                    return $"{who}: {triggers} queued no meeting migration ({because}): existing meeting invitations keep the old details. " +
                           $"Run Start-CsExMeetingMigration -Identity {user} to update them.";
            }
        }
    }
}
