using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Takes a queued migration out of the queue: a Pending request, or a failed one's scheduled retry.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "CsMeetingMigration", DefaultParameterSetName = CorrelationIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class StopCsMeetingMigrationCommand : MeetingMigrationCmdlet
    {
        private const string IdentitySet = "Identity";
        private const string CorrelationIdSet = "CorrelationId";

        /// <summary>
        /// The user whose queued requests to stop: an address, or a piped object's UserPrincipalName (a row of the users.csv
        /// Start took). A status record piped in binds its CorrelationId instead (the default set wins when both could bind),
        /// so exactly the requests listed are stopped.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("UserPrincipalName", "SipAddress")]
        [ArgumentCompleter(typeof(UserIdentityCompleter))]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>One request, as Get-CsMeetingMigrationStatus shows it (binds a status record by property name).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CorrelationIdSet)]
        [GuidFromText]
        [ArgumentCompleter(typeof(CorrelationIdCompleter))]
        public Guid CorrelationId { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == CorrelationIdSet)
            {
                // The confirmation and -WhatIf name the user, as Start's and Undo's do (it named the GUID alone; outside
                // probe). A request not found is RequestNotFound before any confirmation, -WhatIf too, as Undo's is: -WhatIf
                // promised to stop a request there was not (outside probe AO).
                MigrationRequest? known = null;
                if (!NonTerminating(async token => known = await Session.Admin.FindRequestAsync(CorrelationId, token).ConfigureAwait(false), CorrelationId)) return;
                if (known == null)
                {
                    WriteError(ErrorMapper.ToErrorRecord(Engine.Administration.MigrationAdmin.NoSuchRequest(CorrelationId), CorrelationId));
                    return;
                }
                Stop(CorrelationId, $"{known.UserPrincipalName} ({CorrelationId:D})", CorrelationId, known);
                return;
            }
            if (!Checked(() => UserIdentity.Parse(Identity), Identity, out UserIdentity user)) return;
            IReadOnlyList<MigrationRequest>? requests = null;
            if (!NonTerminating(async token => requests = await Session.Admin.GetCancellableAsync(user, token).ConfigureAwait(false), Identity)) return;
            foreach (var request in requests!) Stop(request.CorrelationId, $"{request.UserPrincipalName} ({request.CorrelationId:D})", Identity, request);
        }

        private void Stop(Guid id, string target, object errorTarget, MigrationRequest known)
        {
            // The action names what will happen to the request as it was read; the stop itself reads it again.
            if (!Checked(() =>
                {
                    Session.Admin.ThrowIfNotCancellable(known);
                    return true;
                }, errorTarget, out _)) return;
            // A Pending request with a message was handed back while Graph could not be reached: kept if it updated meetings
            // (its journal decides, in the stop's transaction), removed if it did not.
            // An undo that has put meetings back is stopped half done: said in the action (and, once stopped, in a warning), since a
            // series it put back may keep occurrences of the other kind (an outside probe: nothing said so).
            var undoPutBack = known.Trigger == Engine.Triggers.TriggerNames.Undo
                && Terminating(token => Session.Store.GetJournalAsync(id, token), errorTarget).Any(e => e.IsUndoWrite);
            var action = undoPutBack ? (known.AwaitingRetry ? "Cancel the scheduled retry of the undo" : "Stop the undo, queued again after it ran part-way") +
                                ", which has put meetings back (it then shows Failed; a series it put back may keep occurrences moved since with the block it was taking back)"
                : known.AwaitingRetry ? "Cancel the scheduled retry of the request (it then shows Failed)"
                // Its message is the store's note, not a hand-back's (an outside probe read "handed back part-way" of it).
                : known.QueuedFor is Guid queuedFor && known.State == Engine.Model.MigrationState.Pending
                    ? $"Take the undo queued to run before the migration {queuedFor:D} out of the queue (it then shows Failed; that migration writes each meeting " +
                      "of a series a Failed undo put back in the kind it shows)"
                : known.LastMessage.Length > 0 ? "Stop the Pending request that was handed back part-way (kept as Failed if it updated meetings, else removed)"
                : "Remove the Pending request from the queue";
            if (!Confirmed(target, action)) return;
            CancelResult? result = null;
            if (!NonTerminating(async token => result = await Session.Admin.CancelAsync(id, token).ConfigureAwait(false), errorTarget)) return;
            WriteVerbose(result!.Outcome switch
            {
                CancelOutcome.Removed => $"Removed the Pending request {id:D} of {result.Request!.UserPrincipalName} from the queue.",
                CancelOutcome.StoppedPartWay when result.Request!.Trigger == Engine.Triggers.TriggerNames.Undo =>
                    $"Stopped the undo {id:D} of {result.Request.UserPrincipalName}, which had run part-way; it is now Failed, and the meetings it put back keep their earlier block (its status says what finishes a series it put back).",
                CancelOutcome.StoppedPartWay => $"Stopped the request {id:D} of {result.Request!.UserPrincipalName}, which had run part-way; it is now Failed, and the meetings it updated keep their new block.",
                _ => $"Cancelled the scheduled retry of the request {id:D} of {result.Request!.UserPrincipalName}; it is now Failed.",
            });
            if (undoPutBack && result.Outcome is CancelOutcome.StoppedPartWay or CancelOutcome.RetryCancelled)
                WriteWarning($"{result.Request!.UserPrincipalName}: the undo {id:D} had put meetings back; they keep their earlier block, and a series it put back may keep " +
                             "occurrences moved since with the block it was taking back. Its status says what finishes them.");
            if (result.Outcome == CancelOutcome.Removed && result.Request!.QueuedFor is Guid before)
                WriteWarning($"{result.Request.UserPrincipalName}: the undo {id:D} was queued by the store to run before the migration {before:D}, to finish " +
                             "what an undo that ended Failed put back; without it, that migration writes each meeting of such a series in the kind it shows " +
                             $"(a series of two kinds). Stop-CsMeetingMigration -CorrelationId {before:D} takes the migration out too, if that is not meant.");
            foreach (var undo in result.KeptFinishingUndos)
                WriteWarning($"{result.Request!.UserPrincipalName}: the undo {undo:D}, which the store had queued to run before request {id:D}, has run part-way " +
                             "and is kept: the service, or Start-CsExMeetingMigration -Identity with -Wait, resumes it to finish what it began (it puts back only " +
                             "occurrences of a series a Failed undo put back), and nothing runs after it for that request.");
            foreach (var undo in result.RemovedFinishingUndos)
                WriteVerbose($"Removed with it the undo {undo:D}, which the store had queued to run before it to finish what an undo that ended Failed put back.");
            foreach (var (undo, note, again) in result.NotedUndos)
                WriteWarning(note switch
                {
                    UndoStopNote.Replaced => $"{result.Request!.UserPrincipalName}: the undo {undo:D}, which request {id:D} had replaced, will not run: run it again if it is still wanted ({again}).",
                    UndoStopNote.LeftMeetings => $"{result.Request!.UserPrincipalName}: the undo {undo:D} had left meetings to request {id:D}, a migration of one kind; they keep the block the undo " +
                                                 $"was to take back: run the undo again to restore them ({again}).",
                    _ => $"{result.Request!.UserPrincipalName}: the undo {undo:D} had queued request {id:D} for meetings it put back after a migration of that selection had run; " +
                         $"they keep the block the undo put back: queue it again if it is still wanted ({again}).",
                });
        }
    }
}
