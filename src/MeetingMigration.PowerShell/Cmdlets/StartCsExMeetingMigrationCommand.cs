using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Queues a user's future meetings for migration (MMS's manual trigger).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "CsExMeetingMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MeetingMigrationStatus))]
    public sealed partial class StartCsExMeetingMigrationCommand : MeetingMigrationCmdlet
    {
        private bool _warnedObjectId;
        private bool _warnedUnverified;
        private bool? _enabledForWhatIf;

        /// <summary>The organizer: UPN, SIP address (sip: optional) or object id. Takes pipeline input by value and by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress", "UserId")]
        [ArgumentCompleter(typeof(UserIdentityCompleter))]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>
        /// Which meetings: All (default), SfB or Teams (a [MeetingMigration.SourceMeetingType] or its name). Also taken from
        /// a piped object's property of that name: a status record piped back (the retry of failed users) queues what it
        /// asked for, not All. Found by an outside probe: an SfB-to-Teams request retried that way became All-to-Current.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EnumName(typeof(SourceMeetingType), SourceMeetingType.All)]
        public SourceMeetingType SourceMeetingType { get; set; } = SourceMeetingType.All;

        /// <summary>What they become: Current (default; each keeps its type) or Teams (a [MeetingMigration.TargetMeetingType] or its name); also from a piped object's property.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EnumName(typeof(TargetMeetingType), TargetMeetingType.Current)]
        public TargetMeetingType TargetMeetingType { get; set; } = TargetMeetingType.Current;

        private Engine.Model.SourceMeetingType Source => SourceMeetingType.ToEngine();
        private Engine.Model.TargetMeetingType Target => TargetMeetingType.ToEngine();

        /// <summary>Returns the queued request's status record.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// Runs the requests now, in this session, and returns when their attempts end (needs Connect-MeetingMigration to
        /// Graph); piped users run concurrently, each result written as it ends.
        /// </summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override bool RunsRequests => Wait;

        protected override void ProcessRecord()
        {
            // Per-item problems are non-terminating: one bad line of a CSV must not stop the rest.
            // Parse (not TryParse) so the message quotes the value shortened and with control characters escaped: a
            // 10,000-character or NUL-laden line must not flood or corrupt the console. The full value stays in TargetObject.
            if (!Checked(() => UserIdentity.Parse(Identity), Identity, out UserIdentity user)) return;

            // -WhatIf says what the real run would: with meeting migration off that is MigrationDisabled, not "Queue…"
            // (an outside probe). Read once for the pipeline; the real run checks it in the engine, per batch.
            if (IsWhatIf)
            {
                _enabledForWhatIf ??= Terminating(token => Session.Admin.GetTenantMigrationConfigurationAsync(token), Identity).MeetingMigrationEnabled;
                if (_enabledForWhatIf == false)
                {
                    OnItemFailing();
                    WriteError(ErrorMapper.ToErrorRecord(Engine.Administration.MigrationAdmin.MigrationDisabled(user), Identity));
                    return;
                }
            }
            var action = $"Queue {SourceMeetingType} meetings for migration ({MigrationTypes.From(Source, Target)})";
            if (IsWhatIf) action += WaitingRetriesNote(user);
            var converts = Target == Engine.Model.TargetMeetingType.Teams && Source != Engine.Model.SourceMeetingType.Teams;
            if (!Confirmed(user.Original, action))
            {
                if (IsWhatIf && converts) WarnOfTeamsConversionOnce();
                // -WhatIf with a Graph connection also shows, per meeting, what the migration would change.
                if (IsWhatIf && Session.Graph != null) ListPlannedChanges(user);
                return;
            }
            if (Wait && Session.Graph == null)
            {
                WriteError(ErrorMapper.Create(ErrorIds.NotConnected, ErrorKind.InvalidOperation,
                    $"-Wait runs the migration of {QuotedValue.Of(user.Original)} in this session, which needs a Graph connection.", Identity,
                    "Run Connect-MeetingMigration with your tenant's app registration (or -AccessToken and -GraphEndpoint for the sandbox) first."));
                return;
            }

            if (converts) WarnOfTeamsConversionOnce();
            var admin = Session.Admin;
            if (!admin.CanVerifyUsers && !_warnedUnverified)
            {
                _warnedUnverified = true;
                WriteWarning("Not connected to Microsoft Graph: users are queued without checking that they exist; the worker checks each " +
                             "one when it runs. Run Connect-MeetingMigration first to check them now.");
            }
            // Found by outside probe V: without the directory an object id cannot be matched to the user's address, so one
            // user given both ways had two Pending requests (both ran; the second found the meetings current). Said once.
            if (!admin.CanVerifyUsers && user.Kind == Engine.Model.UserIdentityKind.ObjectId && !_warnedObjectId)
            {
                _warnedObjectId = true;
                WriteWarning($"{QuotedValue.Of(user.Original)} is an object id, which cannot be matched to a user's address without Microsoft Graph: " +
                             "a user also given by address (in this command or another) gets a request of its own until the worker resolves them, " +
                             "and both run (the second finds the meetings current and sends nothing). Run Connect-MeetingMigration first to queue each user once.");
            }

            if (!Wait)
            {
                // Users are looked up in the directory now (a missing one is an error for its own line, in order), and
                // queued in batches: one store transaction per few hundred users, not one per user.
                if (!admin.CanVerifyUsers)
                    Collect(admin.PrepareStartAsync(user, Source, Target, CancellationToken).GetAwaiter().GetResult()); // no directory: done at once, no thread hop
                else
                    LookUp(admin, user, Identity);
                return;
            }

            if (_waitedFor.TryGetValue(user, out var earlierOnes))
            {
                if (earlierOnes.Any(e => e.Source == Source && e.Target == Target))
                {
                    WriteVerbose($"{user.Original}: this command runs a request for the user already (-Wait); not queued again.");
                    return;
                }
                if (earlierOnes.Find(e => Overlaps(e.Source, Source)) is WaitedRequest earlier)
                {
                    // Without -Wait the two lines merge into one Pending request; here the first is running already, and a
                    // second request over the same meetings would send their attendees a second update (outside probe R).
                    OnItemFailing();
                    WriteError(ErrorMapper.Create(ErrorIds.ConflictingSelection, ErrorKind.InvalidOperation,
                        $"{QuotedValue.Of(user.Original)} was given again with -SourceMeetingType {SourceMeetingType} -TargetMeetingType {TargetMeetingType}, " +
                        $"while this command runs request {earlier.Request:D} for the user with {earlier.Source} meetings to {earlier.Target}; " +
                        "a second request over the same meetings would send their attendees a second update, so it was not queued.", Identity,
                        "Give each user once per -Wait command with the selection wanted (without -Wait, lines of one user merge into one request), " +
                        "or run Start-CsExMeetingMigration again for the user once this request has ended."));
                    return;
                }
            }
            Engine.Store.EnqueueResult? queued = null;
            if (!NonTerminating(async token => queued = await SayingNothingQueued(admin.StartAsync(user, Source, Target, token)).ConfigureAwait(false), Identity))
                return;
            WriteQueued(queued!);
            foreach (var name in new[] { user.Original, queued!.Request.UserPrincipalName, queued.Request.UserId?.ToString() })
            {
                if (!UserIdentity.TryParse(name, out var known, out _)) continue;
                if (!_waitedFor.TryGetValue(known!, out var list)) _waitedFor[known!] = list = new System.Collections.Generic.List<WaitedRequest>();
                list.Add(new WaitedRequest(Source, Target, queued.Request.CorrelationId));
            }
            StartWaiting(queued.Request);
        }

        /// <summary>
        /// -Wait: the users (by every name the request knows them by) and meeting types this command already queued and runs.
        /// Found by outside probe Q: `Find-CsMeetingMigrationStaleMeeting -All | Start-CsExMeetingMigration -Wait` names an
        /// organizer once per stale meeting, and each line after the first queued a request of its own (the first was running,
        /// so nothing Pending to merge into), which read the calendar again and found nothing to do: 12 requests for 5
        /// organizers. Without -Wait those lines merge into the Pending request. A line asking another selection of the same
        /// meetings is refused (ConflictingSelection): run after the first, it sent their attendees a second update (outside
        /// probe R); a selection of other meetings (SfB after Teams) is queued and runs.
        /// </summary>
        private readonly System.Collections.Generic.Dictionary<UserIdentity, System.Collections.Generic.List<WaitedRequest>> _waitedFor =
            new System.Collections.Generic.Dictionary<UserIdentity, System.Collections.Generic.List<WaitedRequest>>();

        /// <summary>A request this -Wait command queued and runs: the meetings it selects, and its id.</summary>
        private sealed class WaitedRequest
        {
            public WaitedRequest(Engine.Model.SourceMeetingType source, Engine.Model.TargetMeetingType target, Guid request) =>
                (Source, Target, Request) = (source, target, request);

            public Engine.Model.SourceMeetingType Source { get; }
            public Engine.Model.TargetMeetingType Target { get; }
            public Guid Request { get; }
        }

        /// <summary>Whether two selections of a user's meetings share meetings (All shares with every one; SfB and Teams with none of each other).</summary>
        private static bool Overlaps(Engine.Model.SourceMeetingType a, Engine.Model.SourceMeetingType b) =>
            a == b || a == Engine.Model.SourceMeetingType.All || b == Engine.Model.SourceMeetingType.All;

        /// <summary>
        /// A look-up of the user that Graph did not let happen (unreachable, the token refused, the call refused), said with
        /// "Nothing was queued for this user": a busy Graph queues the user unchecked, and the help speaks of a -Wait request
        /// kept queued while Graph cannot be reached, so a bare GraphUnreachable read as if the user were queued (outside
        /// probe P). Null for any other failure. The words say the command queued nothing, not that the user is not queued: a
        /// request queued for them before stays as it was (outside probe W read it as if the user's Pending request were gone).
        /// </summary>
        private Exception? NothingQueued(Exception failure) =>
            Explain(failure) is Engine.Errors.MeetingMigrationException e
            && (e.ErrorId == ErrorIds.GraphUnreachable || e.ErrorId == ErrorIds.AuthenticationFailed || e.ErrorId == ErrorIds.GraphRequestFailed)
                ? new Engine.Errors.MeetingMigrationException(e.ErrorId, e.Kind, e.Message.TrimEnd() + " " + NothingQueuedWords, e.Target, e.RecommendedAction, e.InnerException)
                : null;

        internal const string NothingQueuedWords = "Nothing was queued for this user by this command; a request of theirs queued before stays as it was.";

        /// <summary>The user's look-up (and queueing), its refusal by Graph said with <see cref="NothingQueued"/>.</summary>
        private async System.Threading.Tasks.Task<T> SayingNothingQueued<T>(System.Threading.Tasks.Task<T> lookUp)
        {
            try
            {
                return await lookUp.ConfigureAwait(false);
            }
            catch (Exception e) when (NothingQueued(e) is Exception said)
            {
                throw said;
            }
        }

        /// <summary>For -WhatIf: the user's waiting retries and unfinished undos the real run would replace, as it says when it does.</summary>
        private string WaitingRetriesNote(UserIdentity user)
        {
            var requests = Terminating(token => Session.Admin.GetStatusAsync(new MigrationStatusQuery { Identity = user }, token), Identity);
            var note = MergePreview.Note(requests, Session.Store.Clock.UtcNow, Source, Target) +
                       ReplacedRequestsPreview.Note(requests, Session.Store.Clock.UtcNow, "this migration", StoppedResumedFirst, Source);
            // The undo the store queues ahead of this migration to finish a Failed undo's series, as the real run warns
            // (QueuedMigrationReport.FinishingUndoWarning).
            return Target == Engine.Model.TargetMeetingType.Current ? note + FinishingUndoPreview(requests, Identity, "this migration") : note;
        }
    }
}
