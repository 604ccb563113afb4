using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of every MeetingMigration cmdlet: Ctrl+C cancels engine work (StopProcessing), engine errors become
    /// ErrorRecords in one place, and engine callbacks (progress, verbose) are queued and written on the pipeline thread,
    /// the only thread PowerShell allows Write* on.
    /// </summary>
    public abstract class MeetingMigrationCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly PipelineDispatcher _pipeline = new PipelineDispatcher();

        private ModuleSession? _session;
        /// <summary>Engine work started by this cmdlet, for the SIGTERM path to wait for (see <see cref="RunsRequests"/>).</summary>
        private readonly System.Collections.Generic.List<Task> _work = new System.Collections.Generic.List<Task>();
        private IDisposable? _onTerminate;
        private volatile bool _terminating;

        /// <summary>This runspace's connection, captured on the pipeline thread so engine work on other threads can use it.</summary>
        internal ModuleSession Session => _session ??= ModuleSession.Current;

        /// <summary>
        /// The ErrorId of the last terminating error this cmdlet threw: PowerShell turns a thrown error into a stopped
        /// pipeline, so code that catches it on the way out (Connect, recording why it failed) can read it only here.
        /// </summary>
        protected string? LastTerminatingErrorId { get; private set; }

        /// <summary>Cmdlet.ThrowTerminatingError, remembering the ErrorId (every cmdlet of the module throws through this).</summary>
        protected new void ThrowTerminatingError(ErrorRecord errorRecord)
        {
            LastTerminatingErrorId = errorRecord.FullyQualifiedErrorId.Split(',')[0];
            base.ThrowTerminatingError(errorRecord);
        }

        protected override void BeginProcessing()
        {
            _session = ModuleSession.Current;
            if (RunsRequests)
            {
                // SIGTERM (timeout, systemd, docker stop, a CI runner) ended the process without Ctrl+C's StopProcessing,
                // so a -Wait worker kept its lease and the request stayed InProgress until the lease ran out (found by an
                // outside probe). Now the work stops as with Ctrl+C and its workers get a few seconds to hand their leases
                // back; then the signal's default action ends the process (exit code 143). An application hosting
                // PowerShell that handles SIGTERM itself (a graceful shutdown) is not ended by this.
                _onTerminate = TerminateSignal.Register(() =>
                {
                    _terminating = true;
                    StopAndWait(TimeSpan.FromSeconds(10));
                });
            }
            if (this is ITenantParameter scoped && MyInvocation.BoundParameters.ContainsKey(nameof(ITenantParameter.Tenant)))
            {
                try
                {
                    if (TenantParameterCheck.Check(scoped.Tenant, _session) is string notChecked) WriteWarning(notChecked);
                }
                catch (EngineError e)
                {
                    ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, scoped.Tenant));
                }
            }
            if (!UsesStore || _session.IsStoreOpen) return;
            // A session that has not opened a store (a new one, or after Disconnect-MeetingMigration) opens it here, and
            // -Verbose says which: it is the default one unless Connect-MeetingMigration -StorePath chose another.
            var path = _session.EffectiveStorePath;
            if (_session.ImplicitStoreWarning() is string warning) WriteWarning(warning);
            try
            {
                _ = _session.Store;
            }
            catch (EngineError e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, path));
            }
            WriteVerbose($"Store: {_session.StorePath} ({_session.StoreSource}); opened for this session.");
            if (_session.TakeUpgradeNotice() is string upgraded) WriteWarning(upgraded);
        }

        /// <summary>True while the cmdlet runs requests in this session (-Wait): it then hands their leases back on SIGTERM.</summary>
        protected virtual bool RunsRequests => false;

        private void StopAndWait(TimeSpan patience)
        {
            Task[] running;
            lock (_work) running = _work.ToArray();
            _cancellation.Cancel();
            try { Task.WaitAll(running, patience); }
            catch (AggregateException) { } // stopped work ends cancelled; only its lease hand-back mattered here
        }

        private Task Track(Task task)
        {
            lock (_work)
            {
                _work.RemoveAll(t => t.IsCompleted);
                _work.Add(task);
            }
            return task;
        }

        /// <summary>False for the cmdlets that choose, close or describe the store rather than use it.</summary>
        protected virtual bool UsesStore => true;
        protected CancellationToken CancellationToken => _cancellation.Token;

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Runs engine work to completion while writing what it reports (through Post) on this thread.</summary>
        protected T RunBlocking<T>(Func<CancellationToken, Task<T>> work)
        {
            // The engine's log messages during this work come back as Verbose/Debug records of this cmdlet.
            Task<T> task;
            using (PipelineLogger.RouteTo(LogTarget()))
                task = Task.Run(() => work(_cancellation.Token));
            Track(task);
            // Sleeps until the engine posts a Write* or the task completes (no polling interval to wait out).
            _pipeline.RunUntil(task);
            // Stopped by SIGTERM: the signal ends the process once the handler has seen the leases handed back. Going on at
            // once would end the script first, as if it had succeeded (exit code 0); a host that keeps running after the
            // signal gets its pipeline back after the wait, stopped.
            if (_terminating) Thread.Sleep(TimeSpan.FromSeconds(15));
            if (task.IsCanceled || (_cancellation.IsCancellationRequested && task.IsFaulted && task.Exception!.GetBaseException() is OperationCanceledException))
                throw new PipelineStoppedException();
            return task.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Starts engine work that outlives this call (Start -Wait's users run while the next ones are queued): its log
        /// messages come back as this cmdlet's Verbose/Debug records, and what it posts is written by the next RunBlocking.
        /// </summary>
        protected Task StartInBackground(Func<CancellationToken, Task> work)
        {
            using (PipelineLogger.RouteTo(LogTarget()))
                return Track(Task.Run(() => work(_cancellation.Token)));
        }

        protected void RunBlocking(Func<CancellationToken, Task> work) =>
            RunBlocking<bool>(async token => { await work(token).ConfigureAwait(false); return true; });

        private PipelineLogTarget? LogTarget()
        {
            bool verbose = PreferenceOn("Verbose"), debug = PreferenceOn("Debug");
            if (!verbose && !debug) return null;
            return new PipelineLogTarget(m => Post(() => WriteVerbose(m)), m => Post(() => WriteDebug(m)), verbose, debug);
        }

        /// <summary>-Verbose / -Debug on this call, else $VerbosePreference / $DebugPreference (read on the pipeline thread).</summary>
        private bool PreferenceOn(string name)
        {
            if (MyInvocation.BoundParameters.TryGetValue(name, out var bound)) return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
            return GetVariableValue(name + "Preference") is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }

        /// <summary>Queues a Write* call from any thread; it runs on the pipeline thread inside RunBlocking.</summary>
        protected void Post(Action write) => _pipeline.Post(write);

        /// <summary>Runs work and turns an engine failure into a terminating error.</summary>
        protected T Terminating<T>(Func<CancellationToken, Task<T>> work, object? target)
        {
            try
            {
                return RunBlocking(work);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(Explain(e), target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Runs work for one pipeline item; a failure is written as a non-terminating error and the next item goes on.</summary>
        protected bool NonTerminating(Func<CancellationToken, Task> work, object? target)
        {
            try
            {
                RunBlocking(work);
                return true;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                OnItemFailing();
                WriteError(ErrorMapper.ToErrorRecord(Explain(e), target));
                return false;
            }
        }

        /// <summary>
        /// Called just before an item's error is written (Checked, NonTerminating). A cmdlet that holds back earlier items
        /// (Start's batches) finishes them here, so output and -ErrorAction Stop see the items in input order.
        /// </summary>
        protected virtual void OnItemFailing() { }

        /// <summary>
        /// A failure of the session's Graph connection or of its store in the admin's terms (GraphUnreachable naming the
        /// endpoint; StoreUnavailable naming the store, the cause and what to do, where SQLite's or PostgreSQL's bare text was
        /// an UnexpectedError). The store's first: it knows only failures with a database driver's error at their root, while
        /// Graph's explanation returns any other failure as it is, so asked first it hid every store failure of a session
        /// connected to Graph (outside probe T: a PostgreSQL server stopped was UnexpectedError, "report it").
        /// </summary>
        protected Exception Explain(Exception failure) =>
            (Exception?)Engine.Store.StoreFailures.Explain(failure, Session.StorePath ?? Session.EffectiveStorePath) ?? Session.Graph?.Explain(failure) ?? failure;

        private Dictionary<Guid, string>? _bridgeNames;

        /// <summary>A user's audio conferencing as the cmdlets write it, their bridge named (bridges read once per command).</summary>
        protected Output.DialInUser DialInUserOutput(Engine.Conferencing.DialInUser user)
        {
            string? name = null;
            if (user.BridgeId is Guid bridge)
            {
                _bridgeNames ??= Terminating(token => Session.Conferencing.GetBridgesAsync(token), null).ToDictionary(b => b.Identity, b => b.Name);
                _bridgeNames.TryGetValue(bridge, out name);
            }
            return Output.DialInUser.Of(user, name);
        }

        private bool _warnedOfConversion;

        /// <summary>
        /// Once per command that queues (or under -WhatIf would queue) Skype for Business meetings to become Teams meetings:
        /// Graph lets no client change an event's online-meeting provider, so a converted meeting's own join properties stay
        /// Skype's and Outlook's or Teams' Join button may still open the Skype meeting; only the invitation carries the Teams
        /// meeting. Found by outside probe Z: the request said Succeeded and nothing an admin reads said so (only
        /// how-migration-works.md did).
        /// </summary>
        protected void WarnOfTeamsConversionOnce()
        {
            if (_warnedOfConversion) return;
            _warnedOfConversion = true;
            WriteWarning("Skype for Business meetings converted to Teams get the Teams meeting in their invitation, which attendees read; " +
                         "the event's own online-meeting properties stay Skype's (Graph lets no application change them), so the Join button " +
                         "Outlook or Teams shows on a converted meeting may still open the Skype meeting. Tell attendees to join from the " +
                         "invitation's link, or have organizers recreate meetings that must join from the button (docs/how-migration-works.md).");
        }

        /// <summary>
        /// -WhatIf given, or $WhatIfPreference set: ShouldProcess returning false then means "only show", not "the admin said
        /// No", which is the other reason it returns false.
        /// </summary>
        protected bool IsWhatIf =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
                ? ((SwitchParameter)value).IsPresent
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>
        /// For -WhatIf of a conferencing change, whose trigger may queue a migration of the user's meetings: the undos that
        /// migration would replace, as the real run warns ("" outside -WhatIf, or when there is none).
        /// </summary>
        /// <param name="user">The user whose conferencing changes.</param>
        /// <param name="target">The cmdlet's target, for an error record.</param>
        /// <param name="selects">What that migration selects: a move to Teams queues one of the Skype for Business meetings only,
        /// which replaces no undo.</param>
        /// <param name="toTeams">The migration it queues makes every meeting it selects a Teams meeting (a move to Teams): no undo is queued ahead of it.</param>
        protected string UndosATriggerWouldReplace(UserIdentity user, object? target, Engine.Model.SourceMeetingType selects = Engine.Model.SourceMeetingType.All, bool toTeams = false)
        {
            if (!IsWhatIf) return "";
            var requests = Terminating(token => Session.Admin.GetStatusAsync(new MigrationStatusQuery { Identity = user }, token), target);
            var note = ReplacedRequestsPreview.Note(requests, Session.Store.Clock.UtcNow, "that migration", StoppedResumedFirst, selects,
                lead: "the migration it queues, if any, replaces");
            // As Start's -WhatIf says it: the undo the store would queue ahead of that migration mails attendees too (outside probe K).
            return toTeams ? note : note + FinishingUndoPreview(requests, target, "the migration it queues, if any");
        }

        /// <summary>
        /// For -WhatIf: the undo the store queues ahead of a migration that keeps each meeting's kind when an undo of the user
        /// ended Failed after putting meetings back, with no undo of the user still to end (the store's FailedUndoThatPutBackSql,
        /// EnqueueResult.FinishingUndo); "" when none would be.
        /// </summary>
        /// <param name="requests">The user's requests.</param>
        /// <param name="target">The error target, should reading the store fail.</param>
        /// <param name="migration">How the sentence names the migration.</param>
        protected string FinishingUndoPreview(System.Collections.Generic.IReadOnlyList<Engine.Model.MigrationRequest> requests, object? target, string migration)
        {
            if (requests.Count == 0 || requests.Any(r => r.Trigger == Engine.Triggers.TriggerNames.Undo && r.State is Engine.Model.MigrationState.Pending or Engine.Model.MigrationState.InProgress)
                || !(Terminating(token => Session.Admin.FailedUndoLeftToFinishAsync(requests[0].UserPrincipalName, token), target) is Guid failed))
                return "";
            return $"; the undo {failed:D} ended Failed after putting meetings back: an undo is queued to run before {migration} that puts back the " +
                   $"occurrences moved since of a series it put back that still show the block it was taking back, and nothing else, so {migration} " +
                   "leaves each such series in one kind (an occurrence changed since is left as it is)";
        }

        /// <summary>
        /// For the -WhatIf previews: how a stopped undo that a new migration leaves to resume first was stopped (the store's
        /// rule): inside a restore it never saw the end of, or after putting meetings back; null when it put nothing back.
        /// </summary>
        protected string? StoppedResumedFirst(Guid request)
        {
            if (Terminating(token => Session.Store.GetUnsettledAttemptsAsync(request, token), null).Count > 0) return "inside a restore";
            var journal = Terminating(token => Session.Store.GetJournalAsync(request, token), null);
            if (journal.Any(e => e.IsUndoWrite)) return "after putting meetings back";
            // Queued while an undo of the user that put meetings back ended Failed: it finishes that undo's series, so it runs
            // first too (the store's PutBackByAFailedUndo: a meeting whose latest row is that undo's restore).
            var user = Terminating(token => Session.Store.GetAsync(request, token), null)?.UserPrincipalName;
            return user != null && FailedUndoPutBack(user, request) is Guid undo ? $"to finish what the Failed undo {undo:D} put back" : null;
        }

        /// <summary>For an undo the store queued ahead of a migration (MigrationRequest.QueuedFor), that migration; else null.</summary>
        internal Guid? QueuedBefore(Guid undo) => Terminating(token => Session.Store.GetAsync(undo, token), null)?.QueuedFor;

        /// <summary>An undo of the user that ended Failed after putting meetings back (MigrationAdmin.FailedUndoThatPutBackAsync).</summary>
        internal Guid? FailedUndoPutBack(string user, Guid? except = null) =>
            Terminating(token => Session.Admin.FailedUndoThatPutBackAsync(user, except, token), null);

        /// <summary>
        /// ShouldProcess for the cmdlets with Microsoft's -Force, which it documents as suppressing confirmation messages (its
        /// Unregister-CsOnlineDialInConferencingServiceNumber has no confirmation at all): with -Force, and neither -WhatIf
        /// nor -Confirm asked for, the change goes ahead unprompted, whatever ConfirmImpact and $ConfirmPreference say, so an
        /// unattended script written for Microsoft's module runs (a High-impact one stopped at a prompt, or failed in a
        /// non-interactive host; found by an outside probe). -WhatIf still only shows, -Confirm still asks.
        /// </summary>
        protected bool ShouldProcessUnlessForced(bool force, string target, string action)
        {
            var confirmAsked = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && ((SwitchParameter)confirm).IsPresent;
            // -Force given with -Confirm: it is -Confirm that asks, so that is what to leave out (outside probe AW-F7: the
            // advice was to add the -Force already given).
            return (force && !confirmAsked && !IsWhatIf) || Confirmed(target, action, force ? ForceGivenRemedy : ForceRemedy);
        }

        /// <summary>
        /// Whether ShouldProcess may show or ask something for a change of <paramref name="impact"/>: -WhatIf, -Confirm, or
        /// $ConfirmPreference at or below the impact, unless -Force skips the question (ShouldProcessUnlessForced) or
        /// -Confirm:$false answers it. A cmdlet checks its change before asking then, so nobody is asked about a change the
        /// run refuses (outside probe AW-F7).
        /// </summary>
        protected bool MayAsk(ConfirmImpact impact, bool force = false)
        {
            if (IsWhatIf) return true;
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm)) return ((SwitchParameter)confirm).IsPresent;
            if (force) return false;
            var preference = SessionState.PSVariable.GetValue("ConfirmPreference");
            var level = preference is ConfirmImpact value ? value
                : Enum.TryParse<ConfirmImpact>(preference?.ToString(), true, out var parsed) ? parsed : ConfirmImpact.High;
            return level != ConfirmImpact.None && impact >= level;
        }

        private const string ForceGivenRemedy =
            "Leave out -Confirm: with -Force alone it runs without asking (or add -WhatIf to see what it would do), as a script in a session that cannot be asked must.";

        /// <summary>
        /// What a session that cannot be asked is told to add where -Force skips every question: -Confirm:$false answers only
        /// the first of the cmdlets that ask two, and a script that followed the advice to add it met the second (outside probe Z).
        /// </summary>
        private const string ForceRemedy =
            "Add -Force to run it without asking (or -WhatIf to see what it would do), as a script in a session that cannot be asked must.";

        /// <summary>
        /// ShouldProcess, which every cmdlet of the module asks through: a question the session cannot ask (a High-impact
        /// cmdlet, or -Confirm) stops it with ConfirmationRequired naming -Confirm:$false (-Force where that skips every
        /// question: ShouldProcessUnlessForced), nothing changed. Found by
        /// outside probe O: in a script whose standard input is closed (cron, systemd, a CI step), PowerShell's console host
        /// failed reading the answer with "Object reference not set to an instance of an object.", which says nothing of
        /// the prompt; pwsh -NonInteractive and hosts without prompts gave PowerShell's own error, which names no remedy.
        /// </summary>
        protected bool Confirmed(string target, string action, string remedy =
            "Add -Confirm:$false to run it without the question (or -WhatIf to see what it would do), as a script in a session that cannot be asked must.") =>
            Asked(() => ShouldProcess(target, action), $"{action} ({target}) needs confirmation.", target, remedy);

        /// <summary>
        /// The second question of the cmdlets that ask one after ShouldProcess, which -Force skips (as PowerShell's own
        /// cmdlets do, -Confirm:$false answers only ShouldProcess's). A session that cannot ask (pwsh -NonInteractive, a host
        /// without prompts) gets ConfirmationRequired naming -Force, with nothing changed. Found by an outside probe: a script
        /// with -Confirm:$false in a non-interactive host failed with PowerShell's generic "NonInteractive mode" error, which
        /// does not say what to add.
        /// </summary>
        protected bool ShouldContinueUnlessForced(bool force, string query, string caption, ref bool yesToAll, ref bool noToAll, object? target)
        {
            if (force) return true;
            var yes = yesToAll;
            var no = noToAll;
            var answer = Asked(() => ShouldContinue(query, caption, ref yes, ref no), caption, target,
                "Add -Force to run it without the question, as a script in a non-interactive session must (-Confirm:$false answers only the first).");
            yesToAll = yes;
            noToAll = no;
            return answer;
        }

        /// <summary>Asks, or stops the cmdlet with ConfirmationRequired when the session cannot ask.</summary>
        private bool Asked(Func<bool> ask, string question, object? target, string remedy)
        {
            try
            {
                return ask();
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException
                                      || e is PSNotImplementedException || e is NullReferenceException)
            {
                // A NullReferenceException here is the console host finding no answer on a standard input at its end.
                var reason = e is NullReferenceException ? "its standard input is closed, so no answer can be read" : e.Message.TrimEnd('.');
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.ConfirmationRequired, ErrorKind.InvalidOperation,
                    $"{question} This session cannot be asked ({reason}); nothing was changed.", target, remedy));
                return false;
            }
        }

        /// <summary>
        /// Runs a quick synchronous engine call (parsing, validation) for one pipeline item; a failure is written as a
        /// non-terminating error, so one bad line of a list does not stop the others.
        /// </summary>
        protected bool Checked<T>(Func<T> work, object? target, out T result)
        {
            try
            {
                result = work();
                return true;
            }
            catch (EngineError e)
            {
                OnItemFailing();
                WriteError(ErrorMapper.ToErrorRecord(e, target));
                result = default!;
                return false;
            }
        }

        /// <summary>Runs a quick synchronous engine call (parsing, validation); a failure is a terminating error.</summary>
        /// <summary>
        /// The provider path of a typed -StorePath; a path PowerShell cannot resolve (an unknown drive, 'javascript:alert(1)')
        /// is InvalidStorePath in our words, for every cmdlet that takes one (Copy-MeetingMigrationStore showed PowerShell's
        /// bare DriveNotFound: outside probe BD-F12).
        /// </summary>
        protected string StoreProviderPath(string typed, string nothingDone)
        {
            try
            {
                return GetUnresolvedProviderPathFromPSPath(typed);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is DriveNotFoundException || e is ProviderNotFoundException
                                      || e is NotSupportedException || e is ArgumentException || e is PSInvalidOperationException)
            {
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidStorePath, ErrorKind.InvalidArgument,
                    $"The store path {QuotedValue.Of(typed)} cannot be used: it is not a file system path ({QuotedValue.Inert(e.Message, 160)}); {nothingDone}.",
                    typed, "Give a path to a file, such as ~/meetingmigration.db."));
                throw; // not reached
            }
        }

        protected T Terminating<T>(Func<T> work, object? target)
        {
            try
            {
                return work();
            }
            catch (EngineError e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, target));
                throw; // not reached
            }
        }

        /// <summary>Ctrl+C, SIGTERM or a downstream stop asked this cmdlet to stop (StopProcessing).</summary>
        protected bool StopRequested => _cancellation.IsCancellationRequested;

        /// <summary>
        /// Called as the cmdlet is disposed, before its engine work is cancelled: after EndProcessing, or when the pipeline
        /// ended without it (an error that -ErrorAction Stop made terminating, a stop). Nothing can be written any more.
        /// </summary>
        protected virtual void OnDisposing() { }

        public void Dispose()
        {
            OnDisposing();
            _onTerminate?.Dispose();
            _pipeline.Close();
            // Work still running when the pipeline ends early (an -ErrorAction Stop error ended it; -Wait's background
            // users) stops with the cmdlet instead of running on unseen; a worker hands its lease back as it stops.
            _cancellation.Cancel();
            _cancellation.Dispose();
        }
    }
}
