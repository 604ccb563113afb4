using System;
using System.Management.Automation;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows whether meeting migration is turned on for the tenant.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CsTenantMigrationConfiguration", DefaultParameterSetName = "Identity")]
    [OutputType(typeof(Output.TenantMigrationConfiguration))]
    public sealed class GetCsTenantMigrationConfigurationCommand : MeetingMigrationCmdlet, ITenantParameter
    {
        [Parameter(Position = 0, ParameterSetName = "Identity")]
        [OneValue]
        public string? Identity { get; set; }

        /// <summary>A wildcard on the identity.</summary>
        [Parameter(ParameterSetName = "Filter")]
        [OneValue]
        public string? Filter { get; set; }

        /// <summary>Accepted for compatibility; the store is always local.</summary>
        [Parameter]
        public SwitchParameter LocalStore { get; set; }

        [Parameter]
        [GuidFromText(GuidMeaning.Tenant)] [ValidateTenantId] public Guid Tenant { get; set; }

        protected override void ProcessRecord()
        {
            if (!ConfigurationIdentity.IsGlobal(Identity))
            {
                WriteError(ErrorMapper.ToErrorRecord(ConfigurationIdentity.NotFound(Identity, "tenant migration configuration"), Identity));
                return;
            }
            if (!Checked(() => ConfigurationIdentity.MatchesFilter(Filter), Filter, out var matches) || !matches) return;
            WriteObject(Output.TenantMigrationConfiguration.Of(Terminating(token => Session.Admin.GetTenantMigrationConfigurationAsync(token), Identity)));
        }
    }
}
