using System;
using System.Management.Automation;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the tenant's audio-conferencing settings, including AutomaticallyMigrateUserMeetings.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CsOnlineDialInConferencingTenantSettings", DefaultParameterSetName = "Identity")]
    [OutputType(typeof(Output.DialInConferencingTenantSettings))]
    public sealed class GetCsOnlineDialInConferencingTenantSettingsCommand : MeetingMigrationCmdlet, ITenantParameter
    {
        [Parameter(Position = 0, ParameterSetName = "Identity")]
        [OneValue]
        public string? Identity { get; set; }

        [Parameter(ParameterSetName = "Filter")]
        [OneValue]
        public string? Filter { get; set; }

        [Parameter]
        public SwitchParameter LocalStore { get; set; }

        [Parameter]
        [GuidFromText(GuidMeaning.Tenant)] [ValidateTenantId] public Guid Tenant { get; set; }

        protected override void ProcessRecord()
        {
            if (!ConfigurationIdentity.IsGlobal(Identity))
            {
                WriteError(ErrorMapper.ToErrorRecord(ConfigurationIdentity.NotFound(Identity, "dial-in conferencing tenant settings"), Identity));
                return;
            }
            if (!Checked(() => ConfigurationIdentity.MatchesFilter(Filter), Filter, out var matches) || !matches) return;
            WriteObject(Output.DialInConferencingTenantSettings.Of(Terminating(token => Session.Admin.GetDialInSettingsAsync(token), Identity)));
        }
    }
}
