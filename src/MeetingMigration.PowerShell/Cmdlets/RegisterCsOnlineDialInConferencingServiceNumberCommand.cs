using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Registers a dial-in service number on an audio conferencing bridge.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "CsOnlineDialInConferencingServiceNumber", DefaultParameterSetName = BridgeIdSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.BridgeServiceNumber))]
    public sealed class RegisterCsOnlineDialInConferencingServiceNumberCommand : MeetingMigrationCmdlet
    {
        private const string BridgeIdSet = "BridgeId";
        private const string BridgeNameSet = "BridgeName";

        /// <summary>The number: E.164 with or without '+', or tel:; spaces, dashes, dots and parentheses are dropped.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Number")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = BridgeIdSet)]
        [GuidFromText(GuidMeaning.BridgeId)]
        public Guid BridgeId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BridgeNameSet)]
        [OneValue]
        public string BridgeName { get; set; } = "";

        /// <summary>Toll (default) or TollFree ([MeetingMigration.ServiceNumberType]); also a CSV row's Type column (empty: Toll).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EnumName(typeof(ServiceNumberType), ServiceNumberType.Toll)]
        public ServiceNumberType Type { get; set; } = ServiceNumberType.Toll;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PlainText]
        public string? City { get; set; }

        /// <summary>The language the number answers in, such as en-US.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? PrimaryLanguage { get; set; }

        /// <summary>Other languages the number answers in; one text may list several, separated by commas or semicolons (a CSV cell).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ListFromText]
        public string[]? SecondaryLanguages { get; set; }

        /// <summary>Returns the registered number.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Numbers -WhatIf showed as registered, by bridge name: the run registers the first and refuses a repeat.</summary>
        private readonly Dictionary<string, string> _previewed = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// A number given twice in one -WhatIf pipeline (a CSV listing it twice) gets the error the run gives the second row;
        /// each row was checked against the store alone and shown twice (outside probe AW-F8).
        /// </summary>
        private bool FirstInThisPipeline(ConferencingBridge bridge)
        {
            var number = PhoneNumber.Normalize(Identity, nameof(Identity));
            if (_previewed.TryGetValue(number, out var earlier))
            {
                // The run's own error for it (outside probe AX-F9: -WhatIf had words of its own).
                WriteError(ErrorMapper.ToErrorRecord(ConferencingAdmin.NumberRegisteredAlready(number, earlier, Identity), Identity));
                return false;
            }
            _previewed[number] = bridge.Name;
            return true;
        }

        protected override void ProcessRecord()
        {
            if (!PhoneNumberInput.Check(this, Identity, nameof(Identity))) return;
            var reference = ParameterSetName == BridgeIdSet ? new BridgeReference { Identity = BridgeId } : new BridgeReference { Name = BridgeName };
            ConferencingBridge? bridge = null;
            bool Register(bool whatIf) => NonTerminating(async token => bridge = await Session.Conferencing.RegisterServiceNumberAsync(Identity, reference,
                Type.ToEngine(), City, PrimaryLanguage, SecondaryLanguages, token, whatIf).ConfigureAwait(false), Identity);

            // -WhatIf and a question check the row as the run would (the bridge exists, the number is on no bridge) and name
            // the bridge by its name: a CSV checked with -WhatIf showed rows the run refuses as good (outside probe AS-F4).
            if (MayAsk(ConfirmImpact.Medium) && !Register(whatIf: true)) return;
            if (IsWhatIf && !FirstInThisPipeline(bridge!)) return;
            if (!Confirmed(Identity, $"Register {Type} service number on the bridge {QuotedValue.Of(bridge?.Name ?? reference.ToString())}")) return;
            if (!Register(whatIf: false)) return;

            var number = PhoneNumber.Normalize(Identity, nameof(Identity));
            var isDefault = Type == ServiceNumberType.Toll ? bridge!.DefaultServiceNumber == number : bridge!.DefaultTollFreeServiceNumber == number;
            WriteVerbose($"Registered {number} on the bridge {QuotedValue.Of(bridge.Name)} as a {Type} number" +
                         (isDefault ? $"; it is the bridge's first {Type} number, so it is its default." : "."));
            if (PassThru) WriteObject(Output.BridgeServiceNumber.Of(bridge.ServiceNumbers.First(n => n.Number == number)));
        }
    }
}
