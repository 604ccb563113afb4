using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Turns meeting migration on or off for the tenant, and sets the service's retry and retention settings.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CsTenantMigrationConfiguration", DefaultParameterSetName = IdentitySet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TenantMigrationConfiguration))]
    public sealed class SetCsTenantMigrationConfigurationCommand : MeetingMigrationCmdlet
    {
        private const string IdentitySet = "Identity";
        private const string InstanceSet = "Instance";
        private static readonly string[] Settable =
        {
            nameof(MeetingMigrationEnabled), nameof(UserRetryLimit), nameof(RetryWindow), nameof(StatusRetentionDays),
            nameof(TriggerDelay), nameof(HorizonDays),
        };

        [Parameter(Position = 0, ParameterSetName = IdentitySet)]
        public string? Identity { get; set; }

        /// <summary>A configuration object (from Get-CsTenantMigrationConfiguration) whose values are applied.</summary>
        [Parameter(ParameterSetName = InstanceSet, ValueFromPipeline = true, Mandatory = true)]
        public PSObject? Instance { get; set; }

        /// <summary>$false turns meeting migration off for the whole tenant.</summary>
        [Parameter]
        public bool MeetingMigrationEnabled { get; set; }

        /// <summary>Automatic retries after a failed attempt (default 9).</summary>
        [Parameter]
        public int UserRetryLimit { get; set; }

        /// <summary>The span the retries are spread over (default 24 hours).</summary>
        [Parameter]
        public TimeSpan RetryWindow { get; set; }

        /// <summary>Days status records are kept (default 150).</summary>
        [Parameter]
        public int StatusRetentionDays { get; set; }

        /// <summary>How long automatically triggered requests wait before they run (default 90 minutes).</summary>
        [Parameter]
        public TimeSpan TriggerDelay { get; set; }

        /// <summary>How many days ahead meetings are migrated (default and maximum 1825).</summary>
        [Parameter]
        public int HorizonDays { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public Guid Tenant { get; set; }

        /// <summary>Returns the configuration after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var current = Terminating(token => Session.Admin.GetTenantMigrationConfigurationAsync(token), Identity);
            var updated = current.Clone();
            Terminating(() =>
            {
                if (Instance != null) SettingsApplier.ApplyInstance(updated, Instance, Settable);
                else if (!ConfigurationIdentity.IsGlobal(Identity)) throw ConfigurationIdentity.NotFound(Identity, "tenant migration configuration");
                SettingsApplier.ApplyParameters(updated, MyInvocation.BoundParameters, Settable);
                updated.Identity = TenantMigrationConfiguration.GlobalIdentity;
                updated.Validate();
                return true;
            }, Instance ?? (object?)Identity);

            var changes = Settable.Where(name => MyInvocation.BoundParameters.ContainsKey(name) || Instance != null)
                .Select(name => $"{name} = {typeof(TenantMigrationConfiguration).GetProperty(name)!.GetValue(updated)}");
            if (!ShouldProcess(TenantMigrationConfiguration.GlobalIdentity, $"Set tenant migration configuration: {string.Join(", ", changes)}")) return;

            Terminating(async token => { await Session.Admin.SetTenantMigrationConfigurationAsync(updated, token).ConfigureAwait(false); return true; }, Identity);
            if (PassThru) WriteObject(updated);
        }
    }
}
