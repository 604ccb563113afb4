using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Changes the tenant's audio-conferencing settings; -AutomaticallyMigrateUserMeetings $false stops
    /// audio-conferencing changes from queueing meeting migrations.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CsOnlineDialInConferencingTenantSettings", DefaultParameterSetName = IdentitySet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInConferencingTenantSettings))]
    public sealed class SetCsOnlineDialInConferencingTenantSettingsCommand : MeetingMigrationCmdlet, ITenantParameter
    {
        private const string IdentitySet = "Identity";
        private const string InstanceSet = "Instance";
        private static readonly string[] Settable =
        {
            nameof(AllowedDialOutExternalDomains), nameof(EnableEntryExitNotifications), nameof(EntryExitAnnouncementsType),
            nameof(EnableNameRecording), nameof(IncludeTollFreeNumberInMeetingInvites), nameof(MaskPstnNumbersType), nameof(PinLength),
            nameof(AllowPSTNOnlyMeetingsByDefault), nameof(AutomaticallySendEmailsToUsers), nameof(SendEmailFromOverride),
            nameof(SendEmailFromAddress), nameof(SendEmailFromDisplayName), nameof(AutomaticallyReplaceAcpProvider),
            nameof(UseUniqueConferenceIds), nameof(AutomaticallyMigrateUserMeetings), nameof(MigrateServiceNumbersOnCrossForestMove),
            nameof(EnableDialOutJoinConfirmation), nameof(AllowFederatedUsersToDialOutToSelf), nameof(AllowFederatedUsersToDialOutToThirdParty),
        };

        [Parameter(Position = 0, ParameterSetName = IdentitySet)]
        [OneValue]
        public string? Identity { get; set; }

        /// <summary>A settings object (from Get-CsOnlineDialInConferencingTenantSettings) whose values are applied.</summary>
        [Parameter(ParameterSetName = InstanceSet, ValueFromPipeline = true, Mandatory = true)]
        [OneValue]
        public PSObject? Instance { get; set; }

        /// <summary>The names, or @{Add=...}, @{Remove=...}, @{Replace=...} (an Object, as in Microsoft's cmdlet; DomainListValue).</summary>
        [Parameter] public object? AllowedDialOutExternalDomains { get; set; }
        [Parameter, BooleanText] public bool EnableEntryExitNotifications { get; set; }
        [Parameter, EnumName(typeof(EntryExitAnnouncementsType))] public EntryExitAnnouncementsType EntryExitAnnouncementsType { get; set; }
        [Parameter, BooleanText] public bool EnableNameRecording { get; set; }
        [Parameter, BooleanText] public bool IncludeTollFreeNumberInMeetingInvites { get; set; }
        [Parameter, EnumName(typeof(MaskPstnNumbersType))] public MaskPstnNumbersType MaskPstnNumbersType { get; set; }
        /// <summary>Digits in organizer PINs, 4 to 12.</summary>
        [Parameter, StrictValue(typeof(uint))] public uint PinLength { get; set; }
        [Parameter, BooleanText] public bool AllowPSTNOnlyMeetingsByDefault { get; set; }
        [Parameter, BooleanText] public bool AutomaticallySendEmailsToUsers { get; set; }
        /// <summary>$true only together with SendEmailFromAddress and SendEmailFromDisplayName.</summary>
        [Parameter, BooleanText] public bool SendEmailFromOverride { get; set; }
        [Parameter, PlainText] public string? SendEmailFromAddress { get; set; }
        [Parameter, PlainText] public string? SendEmailFromDisplayName { get; set; }
        [Parameter, BooleanText] public bool AutomaticallyReplaceAcpProvider { get; set; }
        [Parameter, BooleanText] public bool UseUniqueConferenceIds { get; set; }
        /// <summary>$false: audio-conferencing changes no longer queue meeting migrations (moves and Start-CsExMeetingMigration still do).</summary>
        [Parameter, BooleanText] public bool AutomaticallyMigrateUserMeetings { get; set; }
        [Parameter, BooleanText] public bool MigrateServiceNumbersOnCrossForestMove { get; set; }
        [Parameter, BooleanText] public bool EnableDialOutJoinConfirmation { get; set; }
        [Parameter, EnumName(typeof(DialOutToFederatedUsers))] public DialOutToFederatedUsers AllowFederatedUsersToDialOutToSelf { get; set; }
        [Parameter, EnumName(typeof(DialOutToFederatedUsers))] public DialOutToFederatedUsers AllowFederatedUsersToDialOutToThirdParty { get; set; }

        [Parameter] public SwitchParameter Force { get; set; }
        [Parameter] [GuidFromText(GuidMeaning.Tenant)] [ValidateTenantId] public Guid Tenant { get; set; }
        /// <summary>
        /// Microsoft's internal switch, accepted so scripts written for Microsoft's module still run, and ignored; only short
        /// printable text (<see cref="CheckInternalProcessingMode"/>: ValidatePattern's own error repeated the value with its
        /// control and bidi characters, and had no ErrorId or advice of the module's: outside probe AM).
        /// </summary>
        [Parameter(DontShow = true)]
        [OneValue]
        public string? MsftInternalProcessingMode { get; set; }
        /// <summary>Returns the settings after the change.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (MsftInternalProcessingMode != null) Terminating(() => CheckInternalProcessingMode(MsftInternalProcessingMode), MsftInternalProcessingMode);
            // Only the values named here (or carried by -Instance) change, in one store transaction: a concurrent Set of
            // another value, from another session or the service, is kept.
            var notRestorable = new List<string>();
            var unknown = new List<string>();
            var edits = new InstanceEdits((Instance?.BaseObject as Output.DialInConferencingTenantSettings)?.AsRead);
            var named = Settable.Where(MyInvocation.BoundParameters.ContainsKey).ToList();
            var current = Terminating(token => Session.Admin.GetDialInSettingsAsync(token), Identity);
            var values = Terminating(() =>
            {
                var fromInstance = Instance != null
                    ? SettingsApplier.FromInstance(typeof(DialInConferencingTenantSettings), Instance, Settable, "dial-in conferencing tenant settings", notRestorable, unknown: unknown)
                    : new Dictionary<string, object?>();
                edits.KeepEdited(fromInstance, current);
                if (Instance == null && !ConfigurationIdentity.IsGlobal(Identity)) throw ConfigurationIdentity.NotFound(Identity, "dial-in conferencing tenant settings");
                var named = Settable.Where(n => n != nameof(AllowedDialOutExternalDomains));
                foreach (var pair in SettingsApplier.FromParameters(typeof(DialInConferencingTenantSettings), MyInvocation.BoundParameters, named)) fromInstance[pair.Key] = pair.Value;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(AllowedDialOutExternalDomains)))
                {
                    // Add and Remove edit the list as the Instance (if any) leaves it, else as stored.
                    var before = fromInstance.TryGetValue(nameof(AllowedDialOutExternalDomains), out var fromObject) && fromObject is IReadOnlyList<string> list
                        ? list : current.AllowedDialOutExternalDomains;
                    fromInstance[nameof(AllowedDialOutExternalDomains)] = DomainListValue.Resolve(AllowedDialOutExternalDomains, before);
                }
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
                if (PassThru) WriteObject(Output.DialInConferencingTenantSettings.Of(current));
                return;
            }

            if (!ShouldProcessUnlessForced(Force, TenantMigrationConfiguration.GlobalIdentity, $"Set dial-in conferencing tenant settings: {SettingsApplier.Describe(values)}")) return;
            var saved = Terminating(token => Session.Admin.UpdateDialInSettingsAsync(s => SettingsApplier.Apply(s, values), token), Identity);
            edits.Written(saved, named);
            if (PassThru) WriteObject(Output.DialInConferencingTenantSettings.Of(saved));
        }

        /// <summary>At most 64 letters, digits, '-' and '_', or InvalidSettingValue with the value escaped; changes nothing.</summary>
        private static bool CheckInternalProcessingMode(string value)
        {
            if (value.Length <= 64 && value.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_'))) return true;
            throw new Engine.Errors.MeetingMigrationException(Engine.Errors.ErrorIds.InvalidSettingValue, Engine.Errors.ErrorKind.InvalidArgument,
                $"MsftInternalProcessingMode cannot be {Engine.Errors.QuotedValue.Of(value)}: it takes at most 64 letters, digits, '-' and '_'. Nothing was changed.", value,
                "Leave MsftInternalProcessingMode out: it is Microsoft's internal switch, which this module accepts and ignores.");
        }
    }
}
