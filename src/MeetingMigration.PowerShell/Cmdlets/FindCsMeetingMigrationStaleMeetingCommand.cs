using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Finds future meetings whose online-meeting block no longer shows the organizer's current dial-in details.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "CsMeetingMigrationStaleMeeting", DefaultParameterSetName = IdentitySet)]
    [OutputType(typeof(MeetingMigrationStaleMeeting))]
    public sealed class FindCsMeetingMigrationStaleMeetingCommand : MeetingMigrationCmdlet
    {
        private const string IdentitySet = "Identity";
        private const string AllSet = "All";
        private const int ProgressActivityId = 7302;
        private const string ProgressActivity = "Finding stale meetings";
        private const int MaxNamedMeetings = 5;

        private int _usersChecked;

        /// <summary>
        /// The users this command has checked: a user piped again (status records, one per request) is not read again.
        /// Found by outside probe AB: Get-CsMeetingMigrationStatus | Find… read a user with three requests three times and
        /// wrote each stale meeting three times.
        /// </summary>
        private readonly HashSet<UserIdentity> _checkedUsers = new HashSet<UserIdentity>();

        /// <summary>The organizer: UPN, SIP address (sip: optional) or object id. Takes pipeline input by value and by property name.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdentitySet)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue(Pipeable = true)]
        public string? Identity { get; set; }

        /// <summary>Every user the store knows: those with audio conferencing in the store and those with a migration request.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>A pause between two users, to spread the reads of a long run over time.</summary>
        [Parameter]
        [StrictValue(typeof(TimeSpan))]
        [ValidateDelay]
        public TimeSpan DelayBetweenUsers { get; set; } = TimeSpan.Zero;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Stale means "differs from what Graph and the store say now": without Graph there is nothing to compare with.
            if (Session.Graph == null)
            {
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.NotConnected, ErrorKind.InvalidOperation,
                    "Finding stale meetings reads the organizers' calendars and Teams meetings, which needs a Graph connection.", null,
                    "Run Connect-MeetingMigration with your tenant's app registration (or -AccessToken and -GraphEndpoint for the sandbox) first."));
            }
        }

        protected override void ProcessRecord()
        {
            if (All)
            {
                CheckEveryKnownUser();
                return;
            }
            if (!MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(Identity)))
            {
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidIdentity, ErrorKind.InvalidArgument,
                    "No user was given, so nothing was checked.", null,
                    "Name a user with -Identity (or through the pipeline), or check every user the store knows with -All."));
            }

            // One bad line of a list must not stop the others: a bad identity is non-terminating, as in Start-CsExMeetingMigration.
            if (!Checked(() => UserIdentity.Parse(Identity), Identity, out UserIdentity user)) return;
            if (!_checkedUsers.Add(user))
            {
                WriteVerbose($"{user.Original}: checked already by this command; not read again.");
                return;
            }

            var reconciler = new StaleMeetingReconciler(Session.Graph!.Gateway, Session.Store);
            var pause = _usersChecked > 0 ? DelayBetweenUsers : TimeSpan.Zero;
            WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, $"Checking {user.Original} (user {_usersChecked + 1})"));
            UserReconciliation? check = null;
            if (!NonTerminating(async token =>
            {
                if (pause > TimeSpan.Zero) await Task.Delay(pause, token).ConfigureAwait(false);
                check = await reconciler.CheckAsync(user, queue: false, token).ConfigureAwait(false);
            }, Identity)) return;
            _usersChecked++;
            Report(check!, Identity);
        }

        protected override void EndProcessing()
        {
            if (_usersChecked > 0)
                WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>-All: the store's users, one after the other, each reported as soon as it is checked.</summary>
        private void CheckEveryKnownUser()
        {
            var store = Session.Store;
            var reconciler = new StaleMeetingReconciler(Session.Graph!.Gateway, store);
            var options = new ReconciliationOptions { DelayBetweenUsers = DelayBetweenUsers };
            Terminating(async token =>
            {
                var users = await KnownUsers.ListAsync(store, token).ConfigureAwait(false);
                if (users.Count == 0)
                    Post(() => WriteVerbose("The store knows no users (no audio conferencing data, no migration requests): nothing to check."));
                // The engine calls back on its own thread; Post hands each write to the pipeline thread, in order.
                return await reconciler.RunAsync(users, options,
                    progress => Post(() => WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity,
                        $"Checking {progress.User.Original} ({progress.UsersDone + 1} of {progress.UsersInPass})")
                    {
                        PercentComplete = progress.UsersDone * 100 / Math.Max(1, progress.UsersInPass),
                    })),
                    check => Post(() =>
                    {
                        _usersChecked++;
                        Report(check, check.User.Original);
                    }),
                    token).ConfigureAwait(false);
            }, null);
        }

        /// <summary>
        /// Stale meetings go down the pipeline; what could not be checked is a warning (neither current nor stale, so not
        /// output that Start-CsExMeetingMigration would act on), and a user the directory does not know is an error.
        /// </summary>
        private void Report(UserReconciliation check, object? target)
        {
            if (check.UserNotFound)
            {
                WriteError(ErrorMapper.Create(ErrorIds.UserNotFound, ErrorKind.ObjectNotFound,
                    $"No user {QuotedValue.Of(check.User.Original)} exists in the directory; nothing was checked.", target,
                    "Check the spelling of the UPN, SIP address or object id (Get-MgUser or the admin center shows it)."));
                return;
            }
            if (!check.CalendarRead)
            {
                // The calendar could not be read (or not to its end): the meetings listed, if any, are only those read before.
                WriteWarning($"{check.UserPrincipalName}: {(check.Outcome == UserCheckOutcome.NotChecked ? "not checked" : "not completely checked")}: {QuotedValue.Inert(check.Reason, 600)}");
            }
            if (check.UncheckedMeetings.Count > 0)
            {
                var named = string.Join("; ", check.UncheckedMeetings.Take(MaxNamedMeetings)
                    .Select(m => $"{MeetingLabel.Of(m.Subject, m.StartUtc)}: {QuotedValue.Inert(m.Reason.TrimEnd('.'))}"));
                var more = check.UncheckedMeetings.Count > MaxNamedMeetings ? $"; and {check.UncheckedMeetings.Count - MaxNamedMeetings} more" : "";
                WriteWarning($"{check.UserPrincipalName}: {check.UncheckedMeetings.Count} meeting(s) could not be checked: {named}{more}.");
            }
            WriteVerbose($"{check.UserPrincipalName}: {check.Outcome}, {check.StaleMeetings.Count} stale meeting(s), {check.UncheckedMeetings.Count} not checkable.");
            foreach (var meeting in check.StaleMeetings)
                WriteObject(new MeetingMigrationStaleMeeting(meeting));
        }
    }
}
