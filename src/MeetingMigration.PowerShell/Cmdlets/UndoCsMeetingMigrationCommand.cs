using System;
using System.Management.Automation;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Worker;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Puts back the blocks a migration replaced, from the journal: of one request, or of all a user's migrations.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "CsMeetingMigration", DefaultParameterSetName = CorrelationIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MeetingMigrationStatus))]
    public sealed class UndoCsMeetingMigrationCommand : MeetingMigrationCmdlet
    {
        private const string IdentitySet = "Identity";
        private const string CorrelationIdSet = "CorrelationId";

        /// <summary>The user whose migrated meetings to restore (each meeting's latest migration is undone).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("UserPrincipalName", "SipAddress")]
        [ArgumentCompleter(typeof(UserIdentityCompleter))]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>The request to undo (binds a status record by property name).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CorrelationIdSet)]
        [GuidFromText]
        [ArgumentCompleter(typeof(CorrelationIdCompleter))]
        public Guid CorrelationId { get; set; }

        /// <summary>Runs the undo now, in this session, and returns when it ends (needs a Graph connection).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override bool RunsRequests => Wait;

        /// <summary>Returns the undo request's status record.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            UserIdentity? user = null;
            if (ParameterSetName == IdentitySet && !Checked(() => UserIdentity.Parse(Identity), Identity, out user)) return;
            object target = ParameterSetName == IdentitySet ? Identity : (object)CorrelationId;
            MigrationAdmin.UndoPlan? plan = null;
            var admin = Session.Admin;
            if (!NonTerminating(async token => plan = await admin.PlanUndoAsync(user, ParameterSetName == CorrelationIdSet ? CorrelationId : (Guid?)null, token).ConfigureAwait(false), target))
                return;

            var what = plan!.Undone == null ? "every migration" : $"request {plan.Undone.CorrelationId:D}";
            var done = plan.AlreadyPutBack > 0 ? $" ({plan.AlreadyPutBack} more put back already)" : "";
            // Said as the run would do it: a second undo of the same scope is not queued, the unfinished one is run, resumed or
            // waited for (an outside probe: -WhatIf said "Queue" of an undo the run then resumed).
            var unfinished = plan.Unfinished;
            var how = unfinished == null ? $"Queue an undo of {what}"
                : unfinished.State == Engine.Model.MigrationState.InProgress
                    ? unfinished.HeldAt(Session.Store.Clock.UtcNow)
                        ? $"Wait for the undo of {what} running already (request {unfinished.CorrelationId:D}), which is to"
                        : $"Resume the undo of {what} stopped part-way (request {unfinished.CorrelationId:D})"
                : unfinished.AwaitingRetry ? $"Run the undo of {what} waiting for its retry now, instead of at {UtcText.Of(unfinished.NotBefore)} (request {unfinished.CorrelationId:D})"
                : $"Run the undo of {what} queued already (request {unfinished.CorrelationId:D})";
            if (!Confirmed(plan.UserPrincipalName, $"{how}: restore the earlier block of {plan.Meetings.Count} meeting(s){done}"))
            {
                // -WhatIf lists each meeting the undo would restore, from the journal (no Graph call). An admin who answered
                // No to the question is not asked again per meeting (found by an outside probe: one more prompt per meeting,
                // whose answers did nothing).
                if (!IsWhatIf) return;
                foreach (var meeting in plan.Meetings)
                    Confirmed($"{plan.UserPrincipalName} / {MeetingLabel.Of(meeting.Subject, meeting.Start)}", $"Restore the block shown before request {meeting.CorrelationId:D}");
                return;
            }
            if (Wait && Session.Graph == null)
            {
                WriteError(ErrorMapper.Create(ErrorIds.NotConnected, ErrorKind.InvalidOperation,
                    $"-Wait runs the undo for {plan.UserPrincipalName} in this session, which needs a Graph connection.", target,
                    "Run Connect-MeetingMigration first, or leave out -Wait and let the service run it."));
                return;
            }
            Engine.Store.EnqueueResult? queued = null;
            if (!NonTerminating(async token => queued = await admin.QueueUndoAsync(plan, token).ConfigureAwait(false), target)) return;
            WriteVerbose(queued!.RetryBroughtForward
                ? $"The undo of {what} for {plan.UserPrincipalName} was waiting for its retry (request {queued.Request.CorrelationId:D}); it runs now instead, as that request."
                : queued.RunningElsewhere
                ? $"The undo of {what} for {plan.UserPrincipalName} is running already (request {queued.Request.CorrelationId:D}, held by a worker); nothing more was queued."
                : queued.Resumed
                ? $"The undo of {what} for {plan.UserPrincipalName} was stopped part-way (request {queued.Request.CorrelationId:D}, held by no worker); it resumes."
                : queued.Merged
                ? $"The undo of {what} for {plan.UserPrincipalName} is already queued as request {queued.Request.CorrelationId:D}."
                : $"Queued the undo of {what} for {plan.UserPrincipalName} as request {queued.Request.CorrelationId:D}.");
            // An undo replaces the waiting retry of an undo of the same scope, as Start says of what it replaces (outside re-probe).
            foreach (var (replaced, _) in queued.ReplacedRetries)
                WriteVerbose($"{plan.UserPrincipalName}: the waiting retry of the undo {replaced:D} was replaced by request {queued.Request.CorrelationId:D} (it is now Failed).");
            var request = queued.Request;
            if (Wait)
            {
                var store = Session.Store;
                var worker = SessionWait.Worker(store, Session.Graph!.Gateway);
                MigrationRequest? finished = null;
                var waited = request;
                if (!NonTerminating(async token => finished = await new SessionRunner(store, worker).RunToEndAsync(waited, null,
                        other => Post(() => WriteWarning(SessionWait.WaitingMessage(waited.UserPrincipalName, other))),
                        ended => Post(() => WriteVerbose(SessionWait.ResumedMessage(ended))),
                        ended => Post(() => WriteVerbose(SessionWait.RanAheadMessage(ended, "this undo"))), token).ConfigureAwait(false), target))
                    return;
                request = finished!;
                if (request.State == Engine.Model.MigrationState.Failed || request.AwaitingRetry)
                {
                    // As Start -Wait says it: whether a retry follows, and that the undo is Pending until then (outside re-probe).
                    var retry = request.AwaitingRetry ? SessionWait.RetrySentence(request, "undo") : "";
                    WriteError(ErrorMapper.Create(ErrorIds.MigrationFailed, ErrorKind.InvalidOperation,
                        $"The undo for {request.UserPrincipalName} did not restore every meeting: {QuotedValue.Inert(request.LastMessage, 2000)}{retry}", new MeetingMigrationStatus(request),
                        request.AwaitingRetry
                            ? "Get-CsMeetingMigrationDetail -CorrelationId shows each meeting's outcome and reason. The scheduled retry runs by itself; Undo-CsMeetingMigration run again replaces it with an undo that runs now."
                            : "Get-CsMeetingMigrationDetail -CorrelationId shows each meeting's outcome and reason."));
                }
            }
            if (PassThru) WriteObject(new MeetingMigrationStatus(request));
        }
    }
}
