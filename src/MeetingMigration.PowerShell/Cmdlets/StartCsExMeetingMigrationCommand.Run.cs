using System;
using System.Management.Automation;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Worker;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>-Wait and -WhatIf: running a request in this session, and listing what it would change.</summary>
    public sealed partial class StartCsExMeetingMigrationCommand
    {
        private const int ProgressActivityId = 7301;

        private bool IsWhatIf =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
                ? ((SwitchParameter)value).IsPresent
                : SessionState.PSVariable.GetValue("WhatIfPreference") is var preference && LanguagePrimitives.IsTrue(preference);

        /// <summary>Plans the request against Graph without writing anything and shows one "What if" line per meeting.</summary>
        private void ListPlannedChanges(UserIdentity user)
        {
            var graph = Session.Graph!;
            var request = new MigrationRequest
            {
                UserPrincipalName = user.Value,
                UserId = user.Kind == UserIdentityKind.ObjectId ? user.ObjectId : (Guid?)null,
                SourceMeetingType = Source,
                TargetMeetingType = Target,
                MigrationType = MigrationTypes.From(Source, Target),
            };
            AttemptResult? plan = null;
            var store = Session.Store;
            if (!NonTerminating(async token => plan = await new RequestProcessor(graph.Gateway, store, logger: PipelineLogger.Instance).RunAsync(request, dryRun: true, null, token).ConfigureAwait(false), Identity))
                return;
            foreach (var change in plan!.Planned)
                ShouldProcess($"{plan.ResolvedUserPrincipalName ?? user.Value} / {QuotedValue.Of(change.Subject)} ({change.StartUtc:yyyy-MM-dd HH:mm}Z)", change.Action);
            if (plan.FailedMeeting > 0 || plan.SkippedTooManyAttendees > 0 || (!plan.Succeeded && plan.TotalMeeting == 0 && plan.LastMessage.Length > 0))
                WriteWarning($"{user.Value}: {plan.LastMessage}");
        }

        /// <summary>
        /// Runs the request in this session (or, if the service already holds it, waits for the service), with a progress
        /// bar, until this attempt ends. A failure is an error record; its automatic retry stays scheduled for the service.
        /// </summary>
        private void RunAndWait(MigrationRequest queued)
        {
            var store = Session.Store;
            var worker = new MigrationWorker(store, Session.Graph!.Gateway, $"{Environment.MachineName}:{System.Diagnostics.Process.GetCurrentProcess().Id}:session", logger: PipelineLogger.Instance);
            var started = DateTime.UtcNow;
            var progress = new Progress<MigrationProgress>(p => Post(() => WriteProgress(new ProgressRecord(ProgressActivityId,
                $"Migrating meetings of {p.UserPrincipalName}", $"{p.MeetingsDone} of {p.MeetingsSeen} meetings found so far")
            {
                CurrentOperation = p.CurrentSubject ?? "",
            })));

            MigrationRequest? finished = null;
            if (!NonTerminating(async token =>
            {
                while (true)
                {
                    finished = await worker.RunNextAsync(queued.CorrelationId, progress, token).ConfigureAwait(false);
                    if (finished != null) return;
                    var current = await store.GetAsync(queued.CorrelationId, token).ConfigureAwait(false);
                    if (current == null) throw new MeetingMigrationException(ErrorIds.MigrationFailed, ErrorKind.ObjectNotFound,
                        $"The request {queued.CorrelationId} disappeared from the store.", Identity, "Queue the user again.");
                    if (current.State == Engine.Model.MigrationState.Pending &&
                        !(await store.GetTenantMigrationConfigurationAsync(token).ConfigureAwait(false)).MeetingMigrationEnabled)
                        throw new MeetingMigrationException(ErrorIds.MigrationDisabled, ErrorKind.NotEnabled,
                            $"Meeting migration was turned off for the tenant while waiting; the request of {current.UserPrincipalName} stays Pending.", Identity,
                            "Turn it on with Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true; the request then runs.");
                    if ((current.State == Engine.Model.MigrationState.Succeeded || current.State == Engine.Model.MigrationState.Failed) && current.ModifiedDate >= started)
                    {
                        finished = current;
                        return;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                }
            }, Identity)) return;

            WriteProgress(new ProgressRecord(ProgressActivityId, $"Migrating meetings of {finished!.UserPrincipalName}", "Done")
            {
                RecordType = ProgressRecordType.Completed,
            });
            var status = new MeetingMigrationStatus(finished);
            if (finished.State == Engine.Model.MigrationState.Failed)
            {
                var retry = finished.RetryScheduled ? $" Retry {finished.RetryCount + 1} is scheduled for {finished.NotBefore:u}." : " No retries are left.";
                WriteError(ErrorMapper.Create(ErrorIds.MigrationFailed, ErrorKind.InvalidOperation,
                    $"The migration of {finished.UserPrincipalName} failed: {QuotedValue.Inert(finished.LastMessage, 2000)}{retry}", status,
                    "Fix the cause named above, then run Start-CsExMeetingMigration again (or let the scheduled retry run)."));
            }
            if (PassThru || finished.State == Engine.Model.MigrationState.Succeeded) WriteObject(status);
        }
    }
}
