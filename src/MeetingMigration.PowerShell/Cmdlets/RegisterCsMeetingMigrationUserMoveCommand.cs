using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Records that users moved from Skype for Business Server to Skype for Business Online or to Teams, which queues the migration of their meetings.</para>
    /// MMS sees Move-CsUser happen; a self-hosted service does not, so the admin (or the script that moves users) tells it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "CsMeetingMigrationUserMove", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class RegisterCsMeetingMigrationUserMoveCommand : MeetingMigrationCmdlet
    {
        /// <summary>The user's UPN or SIP address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>Where the user's meetings are now: Teams or SkypeForBusinessOnline ([MeetingMigration.MeetingHome]).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [EnumName(typeof(MeetingHome), NotOffered = new[] { nameof(MeetingHome.SkypeForBusinessServer) })]
        public MeetingHome Target { get; set; }

        /// <summary>Returns the user as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!Checked(() => ConferencingAdmin.ParseUser(Identity), Identity, out UserIdentity user)) return;
            if (!NonTerminating(token => Session.Admin.RequireInDirectoryAsync(user, token), Identity)) return;

            var action = Target == MeetingHome.Teams
                ? "Record a move to Teams (queues their Skype for Business meetings to become Teams meetings)"
                : $"Record a move to {Target} (queues their meetings to get the new details)";
            var selects = Target == MeetingHome.Teams ? Engine.Model.SourceMeetingType.SfB : Engine.Model.SourceMeetingType.All;
            var confirmed = Confirmed(user.Value, action + UndosATriggerWouldReplace(user, Identity, selects, toTeams: Target == MeetingHome.Teams));
            if (Target == MeetingHome.Teams && (confirmed || IsWhatIf)) WarnOfTeamsConversionOnce();
            if (!confirmed) return;

            ConferencingChange? change = null;
            if (!NonTerminating(async token => change = await Session.Conferencing.RecordMoveAsync(user, Target.ToEngine(), token).ConfigureAwait(false), Identity)) return;
            ConferencingChangeReport.Write(this, user.Value, change!);
            if (PassThru) WriteObject(DialInUserOutput(change!.Users[0]));
        }
    }
}
