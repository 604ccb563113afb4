using System;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the audio conferencing bridges: their service numbers and default toll and toll-free numbers.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CsOnlineDialInConferencingBridge", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(Output.ConferencingBridge))]
    public sealed class GetCsOnlineDialInConferencingBridgeCommand : MeetingMigrationCmdlet
    {
        private const string DefaultSet = "Default";
        private const string IdentitySet = "Identity";
        private const string NameSet = "Name";

        /// <summary>The bridge's GUID. Binds by property name, so a bridge or a dial-in user (its BridgeId) can be piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdentitySet, ValueFromPipelineByPropertyName = true)]
        [Alias("BridgeId")]
        [GuidFromText(GuidMeaning.BridgeId, NameParameter = "Name", LeaveObjectsToBinder = true)]
        public Guid Identity { get; set; }

        /// <summary>The bridge's name, in any case.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [OneValue]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DefaultSet)
            {
                foreach (var bridge in Terminating(token => Session.Conferencing.GetBridgesAsync(token), null)) WriteObject(Output.ConferencingBridge.Of(bridge));
                return;
            }
            var reference = ParameterSetName == IdentitySet ? new BridgeReference { Identity = Identity } : new BridgeReference { Name = Name };
            ConferencingBridge? found = null;
            if (NonTerminating(async token => found = await Session.Conferencing.GetBridgeAsync(reference, token).ConfigureAwait(false), reference.ToString()))
                WriteObject(Output.ConferencingBridge.Of(found!));
        }
    }
}
