using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Creates an audio conferencing bridge, to which service numbers and users are then assigned.</para>
    /// Microsoft provisions its bridges itself and has no such cmdlet; a self-hosted store needs one. The first bridge
    /// becomes the tenant's default.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CsOnlineDialInConferencingBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.ConferencingBridge))]
    public sealed class NewCsOnlineDialInConferencingBridgeCommand : MeetingMigrationCmdlet
    {
        /// <summary>Unique in the tenant, in any case; 1 to 128 characters.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [PlainText]
        public string Name { get; set; } = "";

        /// <summary>Free text, for the admin (Microsoft shows the bridge's geography here).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PlainText]
        public string? Region { get; set; }

        protected override void ProcessRecord()
        {
            var action = string.IsNullOrWhiteSpace(Region) ? "Create audio conferencing bridge" : $"Create audio conferencing bridge in region {QuotedValue.Of(Region!.Trim())}";
            if (!Confirmed(Name, action)) return;
            ConferencingBridge? bridge = null;
            if (NonTerminating(async token => bridge = await Session.Conferencing.NewBridgeAsync(Name, Region, token).ConfigureAwait(false), Name))
            {
                if (bridge!.IsDefault) WriteVerbose($"{QuotedValue.Of(bridge.Name)} is the tenant's first bridge, so it is the default bridge.");
                WriteObject(Output.ConferencingBridge.Of(bridge));
            }
        }
    }
}
