// The enumerations an admin sees in the audio-conferencing cmdlets' parameters and output, nameable in pwsh for the same
// reason as those in MigrationEnums.cs: this assembly is in PowerShell's default load context, the engine is not.
// Same names and order as the engine's; values cross by name through PublicEnums.

namespace MeetingMigration
{
    /// <summary>A bridge's service number: toll or toll-free (Register-CsOnlineDialInConferencingServiceNumber -Type).</summary>
    public enum ServiceNumberType
    {
        Toll,
        TollFree,
    }

    /// <summary>Where a user's meetings are hosted (Register-CsMeetingMigrationUserMove -Target, and a dial-in user's Home).</summary>
    public enum MeetingHome
    {
        /// <summary>Skype for Business Server, on-premises.</summary>
        SkypeForBusinessServer,
        /// <summary>Skype for Business Online.</summary>
        SkypeForBusinessOnline,
        /// <summary>Teams (TeamsOnly).</summary>
        Teams,
    }

    /// <summary>Who provides a user's audio conferencing (a dial-in user's Provider).</summary>
    public enum ConferencingProvider
    {
        /// <summary>Microsoft's audio conferencing bridge: Teams meetings take their dial-in details from Graph.</summary>
        Microsoft,
        /// <summary>A third-party audio conferencing provider (ACP): the store holds the dial-in details.</summary>
        ThirdParty,
        /// <summary>A bridge the organization runs itself: the store holds the dial-in details.</summary>
        SelfManaged,
    }

    /// <summary>What callers hear when someone joins or leaves (Set-CsOnlineDialInConferencingTenantSettings -EntryExitAnnouncementsType).</summary>
    public enum EntryExitAnnouncementsType
    {
        UseNames,
        ToneOnly,
    }

    /// <summary>Whose phone numbers are masked in meetings (Set-CsOnlineDialInConferencingTenantSettings -MaskPstnNumbersType).</summary>
    public enum MaskPstnNumbersType
    {
        MaskedForExternalUsers,
        MaskedForAllUsers,
        NoMasking,
    }

    /// <summary>Whether federated users may dial out from a meeting (Set-CsOnlineDialInConferencingTenantSettings -AllowFederatedUsersToDialOutTo*).</summary>
    public enum DialOutToFederatedUsers
    {
        No,
        Yes,
        RequireSameEnterpriseUser,
    }
}
