using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Moves every user of a bridge who shows one service number to another; with -RescheduleMeetings their
    /// meetings are queued for migration.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CsOnlineDialInConferencingUserDefaultNumber", DefaultParameterSetName = BridgeIdSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class SetCsOnlineDialInConferencingUserDefaultNumberCommand : MeetingMigrationCmdlet
    {
        private const string BridgeIdSet = "BridgeId";
        private const string BridgeNameSet = "BridgeName";

        /// <summary>The number the users show now (registered on the bridge, of -NumberType).</summary>
        [Parameter(Mandatory = true)]
        [OneValue]
        public string FromNumber { get; set; } = "";

        /// <summary>The number they get (registered on the bridge, of -NumberType).</summary>
        [Parameter(Mandatory = true)]
        [OneValue]
        public string ToNumber { get; set; } = "";

        /// <summary>Toll (default): the users' toll number; TollFree: their toll-free number ([MeetingMigration.ServiceNumberType]).</summary>
        [Parameter]
        [EnumName(typeof(ServiceNumberType))]
        public ServiceNumberType NumberType { get; set; } = ServiceNumberType.Toll;

        [Parameter(Mandatory = true, ParameterSetName = BridgeIdSet)]
        [GuidFromText(GuidMeaning.BridgeId)]
        public Guid BridgeId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BridgeNameSet)]
        [OneValue]
        public string BridgeName { get; set; } = "";

        /// <summary>Queues the meeting migration of every user moved (trigger DefaultNumberReplaced).</summary>
        [Parameter]
        public SwitchParameter RescheduleMeetings { get; set; }

        /// <summary>Returns the users moved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!PhoneNumberInput.Check(this, FromNumber, nameof(FromNumber)) || !PhoneNumberInput.Check(this, ToNumber, nameof(ToNumber))) return;
            var reference = ParameterSetName == BridgeIdSet ? new BridgeReference { Identity = BridgeId } : new BridgeReference { Name = BridgeName };
            // Both numbers as they are stored, in the question as in the messages after it (-ToNumber was shown as typed: outside probe BF-F7).
            var from = PhoneNumber.Normalize(FromNumber, nameof(FromNumber));
            var to = PhoneNumber.Normalize(ToNumber, nameof(ToNumber));
            var action = $"Give the users who show {NumberType} number {from} the number {to}" +
                         (RescheduleMeetings ? " and queue their meeting migration" : " (their meetings are not rescheduled)");
            if (!Confirmed($"bridge {QuotedValue.Of(reference.ToString())}", action)) return;

            ConferencingChange? change = null;
            if (!NonTerminating(async token => change = await Session.Conferencing.ReplaceUserDefaultNumberAsync(FromNumber, ToNumber, NumberType.ToEngine(), reference,
                    RescheduleMeetings, token).ConfigureAwait(false), reference.ToString()))
                return;

            if (change!.Users.Count == 0)
                WriteVerbose($"No user of the bridge {QuotedValue.Of(change.Bridge!.Name)} shows {from}; nothing was changed or queued.");
            else if (RescheduleMeetings)
                QueuedMigrationReport.Write(this, change, $"Replacing {from} with {to}");
            else if (change.Users.Where(u => ConferencingAdmin.Shows(u, NumberType.ToEngine())).ToList() is { Count: > 0 } showing)
                // Without -RescheduleMeetings nothing is queued (as Microsoft's cmdlet), yet the invitations still show the old
                // number: once it is unregistered these users are no longer found by it, so say now what fixes them. Only users
                // whose invitations show it: a disabled user's show no number (outside probe BH-F4 was told to queue them).
                WriteWarning($"{showing.Count} user(s) now have {to}, but their existing invitations still show {from} because -RescheduleMeetings " +
                             $"was not given: {QueuedMigrationReport.Names(showing)}. Queue them with Start-CsExMeetingMigration -Identity <user> " +
                             $"before {from} stops working.");
            if (PassThru) foreach (var user in change.Users) WriteObject(DialInUserOutput(user));
        }
    }
}
