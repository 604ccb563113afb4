using System;
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
    [OutputType(typeof(DialInConferencingTenantSettings))]
    public sealed class SetCsOnlineDialInConferencingTenantSettingsCommand : MeetingMigrationCmdlet
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
        public string? Identity { get; set; }

        /// <summary>A settings object (from Get-CsOnlineDialInConferencingTenantSettings) whose values are applied.</summary>
        [Parameter(ParameterSetName = InstanceSet, ValueFromPipeline = true, Mandatory = true)]
        public PSObject? Instance { get; set; }

        [Parameter] public string[]? AllowedDialOutExternalDomains { get; set; }
        [Parameter] public bool EnableEntryExitNotifications { get; set; }
        [Parameter] public EntryExitAnnouncementsType EntryExitAnnouncementsType { get; set; }
        [Parameter] public bool EnableNameRecording { get; set; }
        [Parameter] public bool IncludeTollFreeNumberInMeetingInvites { get; set; }
        [Parameter] public MaskPstnNumbersType MaskPstnNumbersType { get; set; }
        /// <summary>Digits in organizer PINs, 4 to 12.</summary>
        [Parameter] public uint PinLength { get; set; }
        [Parameter] public bool AllowPSTNOnlyMeetingsByDefault { get; set; }
        [Parameter] public bool AutomaticallySendEmailsToUsers { get; set; }
        /// <summary>$true only together with SendEmailFromAddress and SendEmailFromDisplayName.</summary>
        [Parameter] public bool SendEmailFromOverride { get; set; }
        [Parameter] public string? SendEmailFromAddress { get; set; }
        [Parameter] public string? SendEmailFromDisplayName { get; set; }
        [Parameter] public bool AutomaticallyReplaceAcpProvider { get; set; }
        [Parameter] public bool UseUniqueConferenceIds { get; set; }
        /// <summary>$false: audio-conferencing changes no longer queue meeting migrations (moves and Start-CsExMeetingMigration still do).</summary>
        [Parameter] public bool AutomaticallyMigrateUserMeetings { get; set; }
        [Parameter] public bool MigrateServiceNumbersOnCrossForestMove { get; set; }
        [Parameter] public bool EnableDialOutJoinConfirmation { get; set; }
        [Parameter] public DialOutToFederatedUsers AllowFederatedUsersToDialOutToSelf { get; set; }
        [Parameter] public DialOutToFederatedUsers AllowFederatedUsersToDialOutToThirdParty { get; set; }

        [Parameter] public SwitchParameter Force { get; set; }
        [Parameter] public Guid Tenant { get; set; }
        /// <summary>Microsoft-internal; accepted so scripts written for Microsoft's module still run, and ignored.</summary>
        [Parameter(DontShow = true)] public string? MsftInternalProcessingMode { get; set; }
        /// <summary>Returns the settings after the change.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var current = Terminating(token => Session.Admin.GetDialInSettingsAsync(token), Identity);
            var updated = current.Clone();
            Terminating(() =>
            {
                if (Instance != null) SettingsApplier.ApplyInstance(updated, Instance, Settable);
                else if (!ConfigurationIdentity.IsGlobal(Identity)) throw ConfigurationIdentity.NotFound(Identity, "dial-in conferencing tenant settings");
                SettingsApplier.ApplyParameters(updated, MyInvocation.BoundParameters, Settable);
                updated.Identity = TenantMigrationConfiguration.GlobalIdentity;
                updated.Validate();
                return true;
            }, Instance ?? (object?)Identity);

            var changed = Settable.Where(name => MyInvocation.BoundParameters.ContainsKey(name) || Instance != null)
                .Select(name => $"{name} = {Describe(typeof(DialInConferencingTenantSettings).GetProperty(name)!.GetValue(updated))}");
            if (!ShouldProcess(TenantMigrationConfiguration.GlobalIdentity, $"Set dial-in conferencing tenant settings: {string.Join(", ", changed)}")) return;

            Terminating(async token => { await Session.Admin.SetDialInSettingsAsync(updated, token).ConfigureAwait(false); return true; }, Identity);
            if (PassThru) WriteObject(updated);
        }

        private static string Describe(object? value) =>
            value is System.Collections.IEnumerable items && !(value is string)
                ? "{" + string.Join(", ", items.Cast<object>()) + "}"
                : value?.ToString() ?? "";
    }
}
