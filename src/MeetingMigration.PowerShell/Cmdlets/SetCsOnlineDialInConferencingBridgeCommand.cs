using System;
using System.Collections.Generic;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Renames an audio conferencing bridge, changes its default toll or toll-free number, or makes it the
    /// tenant's default bridge; a new default number queues no meeting migration.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CsOnlineDialInConferencingBridge", DefaultParameterSetName = IdentitySet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.ConferencingBridge))]
    public sealed class SetCsOnlineDialInConferencingBridgeCommand : MeetingMigrationCmdlet
    {
        private const string IdentitySet = "Identity";
        private const string NameSet = "Name";
        private const string InstanceSet = "Instance";

        /// <summary>The bridge's GUID; binds by property name, so a bridge from Get-CsOnlineDialInConferencingBridge can be piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdentitySet, ValueFromPipelineByPropertyName = true)]
        [Alias("BridgeId")]
        [GuidFromText(GuidMeaning.BridgeId, NameParameter = "Name", LeaveObjectsToBinder = true)]
        public Guid Identity { get; set; }

        /// <summary>The bridge's name, in any case.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [OneValue]
        public string Name { get; set; } = "";

        /// <summary>
        /// A bridge as Get-CsOnlineDialInConferencingBridge returned it, edited: its Name, default numbers and IsDefault are
        /// written where they differ from the stored bridge (Microsoft's parameter set; its example renames a bridge so).
        /// The named parameters below override the instance's values.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InstanceSet)]
        [OneValue]
        public PSObject? Instance { get; set; }

        /// <summary>Renames the bridge (names are unique).</summary>
        [Parameter]
        [PlainText]
        public string? NewName { get; set; }

        /// <summary>A toll number registered on the bridge; users set up from now on get it.</summary>
        [Parameter]
        [OneValue]
        public string? DefaultServiceNumber { get; set; }

        /// <summary>A toll-free number registered on the bridge; users set up from now on get it.</summary>
        [Parameter]
        [OneValue]
        public string? DefaultTollFreeServiceNumber { get; set; }

        /// <summary>Makes this bridge the tenant's default bridge (the previous default is no longer).</summary>
        [Parameter]
        public SwitchParameter SetDefault { get; set; }

        /// <summary>Accepted so Microsoft's scripts run; this cmdlet asks nothing beyond -Confirm.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Returns the bridge after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private int _pipedWithoutSettings;

        protected override void EndProcessing()
        {
            if (_pipedWithoutSettings > 0)
                WriteWarning($"{_pipedWithoutSettings} bridge(s) piped in were left as they are: no setting was given (-NewName, -DefaultServiceNumber, " +
                             "-DefaultTollFreeServiceNumber, -SetDefault), and a piped bridge names only which bridge to change. To write the values of " +
                             "edited bridge objects (an Import-Csv of them), pass each as -Instance: ForEach-Object { Set-CsOnlineDialInConferencingBridge -Instance $_ }.");
            base.EndProcessing();
        }

        protected override void ProcessRecord()
        {
            var reference = ParameterSetName == IdentitySet ? new BridgeReference { Identity = Identity } : new BridgeReference { Name = Name };
            // Checked before ShouldProcess, so -WhatIf reports a bad number too.
            if (!PhoneNumberInput.Check(this, DefaultServiceNumber, nameof(DefaultServiceNumber))
                || !PhoneNumberInput.Check(this, DefaultTollFreeServiceNumber, nameof(DefaultTollFreeServiceNumber))) return;
            var (newName, toll, tollFree, setDefault) = (NewName, DefaultServiceNumber, DefaultTollFreeServiceNumber, SetDefault.IsPresent);
            if (ParameterSetName == InstanceSet)
            {
                // The instance's values, where they differ from the stored bridge; a named parameter wins over its value.
                if (!NonTerminating(async token =>
                    {
                        var notRestorable = new List<string>();
                        var instance = BridgeInstance.Read(Instance!, notRestorable);
                        reference = new BridgeReference { Identity = instance.Identity };
                        var stored = await Session.Conferencing.GetBridgeAsync(reference, token).ConfigureAwait(false);
                        instance.CheckRegion(stored);
                        newName ??= instance.NewName(stored);
                        toll ??= instance.NewDefaultServiceNumber(stored);
                        tollFree ??= instance.NewDefaultTollFreeServiceNumber(stored);
                        setDefault = setDefault || instance.SetsDefault(stored);
                    }, Instance))
                    return;
                if (!PhoneNumberInput.Check(this, toll, nameof(DefaultServiceNumber))
                    || !PhoneNumberInput.Check(this, tollFree, nameof(DefaultTollFreeServiceNumber))) return;
            }

            // Checked before ShouldProcess, as the numbers are, so -WhatIf refuses a name the run would (outside probe AT).
            if (newName != null && !Checked(() => { ConferencingAdmin.CheckNewBridgeName(newName); return true; }, newName, out bool _)) return;
            var changes = new List<string>();
            if (newName != null) changes.Add($"NewName = {QuotedValue.Of(newName)}");
            if (toll != null) changes.Add($"DefaultServiceNumber = {toll}");
            if (tollFree != null) changes.Add($"DefaultTollFreeServiceNumber = {tollFree}");
            if (setDefault) changes.Add("SetDefault (the tenant's default bridge)");
            // A piped bridge binds only its Identity: an edited Import-Csv row piped in changed nothing, silently (outside probe AR).
            if (changes.Count == 0 && ParameterSetName != InstanceSet && MyInvocation.ExpectingInput) _pipedWithoutSettings++;
            if (!ShouldProcessUnlessForced(Force, reference.ToString(), $"Set audio conferencing bridge: {(changes.Count == 0 ? "nothing to change" : string.Join(", ", changes))}")) return;

            ConferencingChange? change = null;
            if (!NonTerminating(async token => change = await Session.Conferencing.SetBridgeAsync(reference, newName, toll,
                    tollFree, setDefault, token).ConfigureAwait(false), reference.ToString()))
                return;

            if (toll != null || tollFree != null)
                WriteVerbose(change!.Users.Count == 0
                    ? "A new default number applies to users set up from now on; no user showed the old one, and nothing was queued."
                    : $"{change.Users.Count} user(s) had the old default number and keep it as their own, so their invitations stay right and nothing was queued: " +
                      $"{QueuedMigrationReport.Names(change.Users)}. Set-CsOnlineDialInConferencingUserDefaultNumber -RescheduleMeetings moves them to the new one.");
            if (PassThru) WriteObject(Output.ConferencingBridge.Of(change!.Bridge!));
        }
    }
}
