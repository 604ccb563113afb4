using System;
using System.Collections.Generic;
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
    [OutputType(typeof(Output.TenantMigrationConfiguration))]
    public sealed class SetCsTenantMigrationConfigurationCommand : MeetingMigrationCmdlet, ITenantParameter
    {
        private const string IdentitySet = "Identity";
        private const string InstanceSet = "Instance";
        private static readonly string[] Settable =
        {
            nameof(MeetingMigrationEnabled), nameof(UserRetryLimit), nameof(RetryWindow), nameof(StatusRetentionDays),
            nameof(TriggerDelay), nameof(HorizonDays),
        };

        [Parameter(Position = 0, ParameterSetName = IdentitySet)]
        [OneValue]
        public string? Identity { get; set; }

        /// <summary>A configuration object (from Get-CsTenantMigrationConfiguration) whose values are applied.</summary>
        [Parameter(ParameterSetName = InstanceSet, ValueFromPipeline = true, Mandatory = true)]
        [OneValue]
        public PSObject? Instance { get; set; }

        /// <summary>$false turns meeting migration off for the whole tenant.</summary>
        [Parameter, BooleanText]
        public bool MeetingMigrationEnabled { get; set; }

        /// <summary>Automatic retries after a failed attempt (default 9).</summary>
        [Parameter]
        [StrictValue(typeof(int))]
        public int UserRetryLimit { get; set; }

        /// <summary>The span the retries are spread over (default 24 hours).</summary>
        [Parameter]
        [StrictValue(typeof(TimeSpan))]
        public TimeSpan RetryWindow { get; set; }

        /// <summary>Days status records are kept (default 150).</summary>
        [Parameter]
        [StrictValue(typeof(int))]
        public int StatusRetentionDays { get; set; }

        /// <summary>How long automatically triggered requests wait after the last change before they run (default 5 minutes).</summary>
        [Parameter]
        [StrictValue(typeof(TimeSpan))]
        public TimeSpan TriggerDelay { get; set; }

        /// <summary>How many days ahead meetings are migrated (default and maximum 1825).</summary>
        [Parameter]
        [StrictValue(typeof(int))]
        public int HorizonDays { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [GuidFromText(GuidMeaning.Tenant)] [ValidateTenantId] public Guid Tenant { get; set; }

        /// <summary>Returns the configuration after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            // Only the values named here (or carried by -Instance) change, in one store transaction: a concurrent Set of
            // another value, from another session or the service, is kept.
            var notRestorable = new List<string>();
            var unknown = new List<string>();
            var edits = new InstanceEdits((Instance?.BaseObject as Output.TenantMigrationConfiguration)?.AsRead);
            var named = Settable.Where(MyInvocation.BoundParameters.ContainsKey).ToList();
            var current = Terminating(token => Session.Admin.GetTenantMigrationConfigurationAsync(token), Identity);
            var values = Terminating(() =>
            {
                var fromInstance = Instance != null
                    ? SettingsApplier.FromInstance(typeof(TenantMigrationConfiguration), Instance, Settable, "tenant migration configuration", notRestorable, unknown: unknown)
                    : new Dictionary<string, object?>();
                edits.KeepEdited(fromInstance, current);
                if (Instance == null && !ConfigurationIdentity.IsGlobal(Identity)) throw ConfigurationIdentity.NotFound(Identity, "tenant migration configuration");
                foreach (var pair in SettingsApplier.FromParameters(typeof(TenantMigrationConfiguration), MyInvocation.BoundParameters, Settable)) fromInstance[pair.Key] = pair.Value;
                // Checked before ShouldProcess on a copy, so -WhatIf refuses what the real run would refuse.
                var probe = current.Clone();
                SettingsApplier.Apply(probe, fromInstance);
                probe.Validate();
                return fromInstance;
            }, Instance ?? (object?)Identity);
            foreach (var name in notRestorable) WriteWarning(Engine.Model.ExportedListText.LeftAsItIs(name));
            if (unknown.Count > 0) WriteWarning(SettingsApplier.NotRead(unknown, MyInvocation.MyCommand.Name.Replace("Set-", "Get-")));
            if (edits.KeptWarning(named) is { } kept) WriteWarning(kept);
            if (values.Count == 0)
            {
                WriteVerbose(Instance != null ? "Nothing to change: the object holds the values it was read with." : "Nothing to change: no setting was given.");
                if (PassThru) WriteObject(Output.TenantMigrationConfiguration.Of(current));
                return;
            }

            if (!ShouldProcessUnlessForced(Force, TenantMigrationConfiguration.GlobalIdentity, $"Set tenant migration configuration: {SettingsApplier.Describe(values)}")) return;
            var saved = Terminating(token => Session.Admin.UpdateTenantMigrationConfigurationAsync(c => SettingsApplier.Apply(c, values), token), Identity);
            edits.Written(saved, named);
            if (PassThru) WriteObject(Output.TenantMigrationConfiguration.Of(saved));
        }
    }
}
