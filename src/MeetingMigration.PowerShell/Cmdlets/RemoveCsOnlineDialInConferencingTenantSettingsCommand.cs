using System.Management.Automation;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Resets the tenant's audio-conferencing settings to their defaults.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CsOnlineDialInConferencingTenantSettings", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCsOnlineDialInConferencingTenantSettingsCommand : MeetingMigrationCmdlet, ITenantParameter
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? Identity { get; set; }

        [Parameter] public SwitchParameter Force { get; set; }

        private bool _yesToAll;
        private bool _noToAll;
        [Parameter] [GuidFromText(GuidMeaning.Tenant)] [ValidateTenantId] public System.Guid Tenant { get; set; }

        protected override void ProcessRecord()
        {
            if (!ConfigurationIdentity.IsGlobal(Identity))
            {
                WriteError(ErrorMapper.ToErrorRecord(ConfigurationIdentity.NotFound(Identity, "dial-in conferencing tenant settings"), Identity));
                return;
            }
            if (!ShouldProcessUnlessForced(Force, TenantMigrationConfiguration.GlobalIdentity, "Reset dial-in conferencing tenant settings to their defaults")) return;
            if (!ShouldContinueUnlessForced(Force, "Every audio-conferencing setting returns to its default, AutomaticallyMigrateUserMeetings included.",
                    "Reset dial-in conferencing tenant settings?", ref _yesToAll, ref _noToAll, TenantMigrationConfiguration.GlobalIdentity)) return;
            Terminating(async token => { await Session.Admin.SetDialInSettingsAsync(new DialInConferencingTenantSettings(), token).ConfigureAwait(false); return true; }, Identity);
        }
    }
}
