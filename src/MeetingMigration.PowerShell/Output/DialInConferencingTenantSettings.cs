using System.Collections.Generic;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// The tenant's audio-conferencing settings as Get/Set-CsOnlineDialInConferencingTenantSettings return them: the
    /// engine's record with its three enumerations as the nameable [MeetingMigration.EntryExitAnnouncementsType],
    /// [MeetingMigration.MaskPstnNumbersType] and [MeetingMigration.DialOutToFederatedUsers]. Same property names, order,
    /// types otherwise (AllowedDialOutExternalDomains stays a List, which Set -Instance recognises in a CSV) and setters,
    /// because an edited object is what Set -Instance takes.
    /// </summary>
    public sealed class DialInConferencingTenantSettings
    {
        internal static DialInConferencingTenantSettings Of(Engine.Configuration.DialInConferencingTenantSettings s) => new DialInConferencingTenantSettings
        {
            Identity = s.Identity,
            AllowedDialOutExternalDomains = new List<string>(s.AllowedDialOutExternalDomains),
            EnableEntryExitNotifications = s.EnableEntryExitNotifications,
            EntryExitAnnouncementsType = s.EntryExitAnnouncementsType.ToPublic(),
            EnableNameRecording = s.EnableNameRecording,
            IncludeTollFreeNumberInMeetingInvites = s.IncludeTollFreeNumberInMeetingInvites,
            MaskPstnNumbersType = s.MaskPstnNumbersType.ToPublic(),
            PinLength = s.PinLength,
            AllowPSTNOnlyMeetingsByDefault = s.AllowPSTNOnlyMeetingsByDefault,
            AutomaticallySendEmailsToUsers = s.AutomaticallySendEmailsToUsers,
            SendEmailFromOverride = s.SendEmailFromOverride,
            SendEmailFromAddress = s.SendEmailFromAddress,
            SendEmailFromDisplayName = s.SendEmailFromDisplayName,
            AutomaticallyReplaceAcpProvider = s.AutomaticallyReplaceAcpProvider,
            UseUniqueConferenceIds = s.UseUniqueConferenceIds,
            AutomaticallyMigrateUserMeetings = s.AutomaticallyMigrateUserMeetings,
            MigrateServiceNumbersOnCrossForestMove = s.MigrateServiceNumbersOnCrossForestMove,
            EnableDialOutJoinConfirmation = s.EnableDialOutJoinConfirmation,
            AllowFederatedUsersToDialOutToSelf = s.AllowFederatedUsersToDialOutToSelf.ToPublic(),
            AllowFederatedUsersToDialOutToThirdParty = s.AllowFederatedUsersToDialOutToThirdParty.ToPublic(),
            AsRead = s.Clone(),
        };

        /// <summary>The values as read: Set -Instance writes only what was edited since (SettingsApplier.KeepEdited).</summary>
        internal Engine.Configuration.DialInConferencingTenantSettings? AsRead { get; private set; }

        public string Identity { get; set; } = "";
        public List<string> AllowedDialOutExternalDomains { get; set; } = new List<string>();
        public bool EnableEntryExitNotifications { get; set; }
        public EntryExitAnnouncementsType EntryExitAnnouncementsType { get; set; }
        public bool EnableNameRecording { get; set; }
        public bool IncludeTollFreeNumberInMeetingInvites { get; set; }
        public MaskPstnNumbersType MaskPstnNumbersType { get; set; }
        public uint PinLength { get; set; }
        public bool AllowPSTNOnlyMeetingsByDefault { get; set; }
        public bool AutomaticallySendEmailsToUsers { get; set; }
        public bool SendEmailFromOverride { get; set; }
        public string? SendEmailFromAddress { get; set; }
        public string? SendEmailFromDisplayName { get; set; }
        public bool AutomaticallyReplaceAcpProvider { get; set; }
        public bool UseUniqueConferenceIds { get; set; }
        public bool AutomaticallyMigrateUserMeetings { get; set; }
        public bool MigrateServiceNumbersOnCrossForestMove { get; set; }
        public bool EnableDialOutJoinConfirmation { get; set; }
        public DialOutToFederatedUsers AllowFederatedUsersToDialOutToSelf { get; set; }
        public DialOutToFederatedUsers AllowFederatedUsersToDialOutToThirdParty { get; set; }
    }
}
