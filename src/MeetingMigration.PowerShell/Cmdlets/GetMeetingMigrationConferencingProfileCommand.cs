using System.Management.Automation;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the Skype for Business conferencing coordinates recorded for an organizer.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MeetingMigrationConferencingProfile")]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class GetMeetingMigrationConferencingProfileCommand : MeetingMigrationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>
        /// One rule for a bad identity, whatever finds it (its form, or the store: an object id is not how profiles are kept):
        /// given as a parameter it ends the command, as for Get-CsMeetingMigrationStatus; piped, it is that item's error and
        /// the next items go on. An object id was non-terminating where every other bad value ended the command (outside probe AM).
        /// </summary>
        protected override void ProcessRecord()
        {
            DialInUser? profile = null;
            if (!MyInvocation.ExpectingInput)
            {
                var given = Terminating(() => UserIdentity.Parse(Identity), Identity);
                profile = Terminating(token => Session.Conferencing.GetUserAsync(given, token), Identity);
            }
            else if (!Checked(() => UserIdentity.Parse(Identity), Identity, out UserIdentity piped)
                     || !NonTerminating(async token => profile = await Session.Conferencing.GetUserAsync(piped, token).ConfigureAwait(false), Identity))
                return;
            if (profile != null) WriteObject(DialInUserOutput(profile));
        }
    }
}
