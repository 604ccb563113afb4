using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Turns a user's audio conferencing off and releases their conference ID; their meetings are migrated to drop the dial-in details.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "CsOnlineDialInConferencingUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class DisableCsOnlineDialInConferencingUserCommand : MeetingMigrationCmdlet
    {
        private bool _yesToAll;
        private bool _noToAll;

        /// <summary>The user's UPN or SIP address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>Skips the second question; it does not skip -Confirm's.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Returns the user as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!Checked(() => ConferencingAdmin.ParseUser(Identity), Identity, out UserIdentity user)) return;

            if (!ShouldProcessUnlessForced(Force, user.Value, "Disable audio conferencing and release the conference ID" + UndosATriggerWouldReplace(user, Identity))) return;
            // The ID goes back to the pool and may be given to someone else: invitations that still show it would call
            // into another user's meetings until the migration has run.
            if (!ShouldContinueUnlessForced(Force, $"{user.Value} loses their conference ID and dial-in numbers; invitations showing them stop working until their meetings are migrated.",
                    "Disable audio conferencing?", ref _yesToAll, ref _noToAll, user.Value))
                return;

            ConferencingChange? change = null;
            if (!NonTerminating(async token => change = await Session.Conferencing.DisableUserAsync(user, token).ConfigureAwait(false), Identity)) return;
            ConferencingChangeReport.Write(this, user.Value, change!);
            if (PassThru) WriteObject(DialInUserOutput(change!.Users[0]));
        }
    }
}
