using System;
using System.Collections.Generic;
using System.Threading;
using System.Management.Automation;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>-Wait and -WhatIf: running a request in this session, and listing what it would change.</summary>
    public sealed partial class StartCsExMeetingMigrationCommand
    {
        private const int ProgressActivityId = 7301;

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
                Confirmed($"{plan.ResolvedUserPrincipalName ?? user.Value} / {MeetingLabel.Of(change.Subject, change.StartUtc)}", change.Action);
            if (plan.FailedMeeting > 0 || plan.SkippedTooManyAttendees > 0 || plan.SkippedWithoutBlock.Count > 0 || (!plan.Succeeded && plan.TotalMeeting == 0 && plan.LastMessage.Length > 0))
                WriteWarning($"{user.Value}: {plan.LastMessage}");
        }

        /// <summary>
        /// Users running at once with -Wait. Each holds its own mailbox (Exchange's 4 requests in flight per mailbox apply to
        /// each) and the connection's global concurrency bounds them together, so more would only queue inside the gateway.
        /// </summary>
        internal const int WaitConcurrency = 16;

        private readonly List<Task> _waiting = new List<Task>();
        private SemaphoreSlim? _waitSlots;
        private MigrationWorker? _waitWorker;
        private int _waitStarted;
        private int _waitFinished;

        /// <summary>
        /// -Wait: the request runs in this session (or, if the service already holds it, is waited for) in the background,
        /// so the next users are queued and run while it does; up to <see cref="WaitConcurrency"/> at once, each with a
        /// progress bar under one parent bar. Its result (the status, or the error) is written as soon as it ends, in the
        /// order the users finish; the cmdlet returns when the last one has.
        /// </summary>
        private void StartWaiting(MigrationRequest queued)
        {
            var store = Session.Store;
            _waitSlots ??= new SemaphoreSlim(WaitConcurrency, WaitConcurrency);
            _waitWorker ??= SessionWait.Worker(store, Session.Graph!.Gateway);
            var activity = ProgressActivityId + 1 + _waitStarted++;
            var target = Identity;
            var worker = _waitWorker;
            var slots = _waitSlots;
            ParentProgress();
            _waiting.Add(StartInBackground(token => RunInBackgroundAsync(store, worker, slots, queued, activity, target, token)));
        }

        private async Task RunInBackgroundAsync(IMigrationStore store, MigrationWorker worker, SemaphoreSlim slots, MigrationRequest queued, int activity, string target, CancellationToken token)
        {
            await slots.WaitAsync(token).ConfigureAwait(false);
            try
            {
                // While the calendar is still being read the total is not known; once it is, the bar shows a percentage.
                var progress = new Progress<MigrationProgress>(p => Post(() => WriteProgress(new ProgressRecord(activity,
                    $"Migrating meetings of {p.UserPrincipalName}",
                    p.CalendarRead ? $"{p.MeetingsDone} of {p.MeetingsSeen} meetings" : $"{p.MeetingsDone} of {p.MeetingsSeen} meetings found so far")
                {
                    ParentActivityId = ProgressActivityId,
                    CurrentOperation = p.CurrentSubject ?? "",
                    PercentComplete = p.CalendarRead && p.MeetingsSeen > 0 ? Math.Min(100, p.MeetingsDone * 100 / p.MeetingsSeen) : -1,
                })));
                var finished = await new SessionRunner(store, worker).RunToEndAsync(queued, progress,
                    other => Post(() => WriteWarning(SessionWait.WaitingMessage(queued.UserPrincipalName, other, waitingMigrationSelects: queued.SourceMeetingType))),
                    ended => Post(() => WriteVerbose(SessionWait.ResumedMessage(ended))),
                    ended => Post(() => WriteVerbose(SessionWait.RanAheadMessage(ended, "this migration"))), token).ConfigureAwait(false);
                Post(() => Report(finished, activity));
            }
            catch (Exception e) when (!(e is OperationCanceledException && token.IsCancellationRequested))
            {
                Post(() =>
                {
                    EndUserProgress(activity, queued.UserPrincipalName);
                    WriteError(ErrorMapper.ToErrorRecord(Explain(e), target));
                });
            }
            finally
            {
                slots.Release();
            }
        }

        /// <summary>One user's end, on the pipeline thread: its bar closes, the parent counts it, its status or error is written.</summary>
        private void Report(MigrationRequest finished, int activity)
        {
            EndUserProgress(activity, finished.UserPrincipalName);
            var status = new MeetingMigrationStatus(finished);
            if (finished.State == Engine.Model.MigrationState.Failed || finished.AwaitingRetry)
            {
                // Not "no retries are left": a failure a retry would meet again schedules none either (LastMessage says why).
                // A retry to come leaves the request Pending (TargetObject.State, NextRetryTime): the sentence says so, since
                // the error is the same MigrationFailed for this attempt as for a last one (outside probe).
                var retry = finished.RetryScheduled ? SessionWait.RetrySentence(finished, "request")
                    : finished.LastMessage.Contains("No retry is scheduled") ? "" : " No retry is scheduled.";
                WriteError(ErrorMapper.Create(ErrorIds.MigrationFailed, ErrorKind.InvalidOperation,
                    $"The migration of {finished.UserPrincipalName} failed: {QuotedValue.Inert(finished.LastMessage, 2000)}{retry}", status,
                    finished.RetryScheduled
                        ? "Fix the cause named above; the scheduled retry then runs. To retry now, run Start-CsExMeetingMigration again: its new request replaces the scheduled retry."
                        : "Fix the cause named above, then run Start-CsExMeetingMigration again."));
            }
            if (PassThru || finished.State == Engine.Model.MigrationState.Succeeded) WriteObject(status);
        }

        private void EndUserProgress(int activity, string user)
        {
            _waitFinished++;
            WriteProgress(new ProgressRecord(activity, $"Migrating meetings of {user}", "Done")
            {
                ParentActivityId = ProgressActivityId,
                RecordType = ProgressRecordType.Completed,
            });
            ParentProgress();
        }

        private void ParentProgress() =>
            WriteProgress(new ProgressRecord(ProgressActivityId, "Migrating meetings (-Wait)", $"{_waitFinished} of {_waitStarted} users done")
            {
                PercentComplete = _waitStarted == 0 ? 0 : _waitFinished * 100 / _waitStarted,
            });

        /// <summary>At the end of the input: writes each remaining user's result as it ends, then closes the parent bar.</summary>
        private void FinishWaiting()
        {
            if (_waiting.Count == 0) return;
            var all = Task.WhenAll(_waiting);
            _waiting.Clear();
            RunBlocking(_ => all);
            WriteProgress(new ProgressRecord(ProgressActivityId, "Migrating meetings (-Wait)", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
