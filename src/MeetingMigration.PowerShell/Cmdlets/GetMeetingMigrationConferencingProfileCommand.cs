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
        public string Identity { get; set; } = "";

        protected override void ProcessRecord()
        {
            var user = Terminating(() => UserIdentity.Parse(Identity), Identity);
            DialInUser? profile = null;
            if (NonTerminating(async token => profile = await Session.Conferencing.GetUserAsync(user, token).ConfigureAwait(false), Identity) && profile != null)
                WriteObject(DialInUserOutput(profile));
        }
    }
}
