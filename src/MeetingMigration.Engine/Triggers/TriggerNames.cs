using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>
    /// What caused a request, as Get-CsMeetingMigrationStatus shows it in Trigger. A request that absorbed others lists
    /// each cause once, in order ("ConferenceIdReset, BridgeChanged").
    /// </summary>
    public static class TriggerNames
    {
        public const string Manual = "Start-CsExMeetingMigration";
        public const string MovedToTeams = "MovedToTeams";
        public const string MovedToSkypeForBusinessOnline = "MovedToSkypeForBusinessOnline";
        public const string AudioConferencingLicense = "AudioConferencingLicenseChange";
        public const string AudioConferencingEnabled = "AudioConferencingEnabled";
        public const string AudioConferencingDisabled = "AudioConferencingDisabled";
        public const string ProviderSwitchedToMicrosoft = "ProviderSwitchedToMicrosoft";
        /// <summary>An import row made a Microsoft user a third party's or their own again: Microsoft's bridge and numbers are no longer theirs.</summary>
        public const string ProviderSwitchedFromMicrosoft = "ProviderSwitchedFromMicrosoft";
        public const string ConferenceIdChanged = "ConferenceIdChanged";
        public const string ConferenceIdReset = "ConferenceIdReset";
        public const string BridgeChanged = "BridgeChanged";
        public const string ServiceNumberChanged = "ServiceNumberChanged";
        /// <summary>Set-CsOnlineDialInConferencingUser -AllowTollFreeDialIn changed: invitations gain or lose toll-free numbers.</summary>
        public const string TollFreeDialInChanged = "TollFreeDialInChanged";
        public const string ServiceNumberUnassigned = "ServiceNumberUnassigned";
        public const string DefaultNumberReplaced = "DefaultNumberReplaced";
        public const string Reconciliation = "Reconciliation";
        /// <summary>An undo request (Undo-CsMeetingMigration): it restores blocks instead of writing new ones.</summary>
        public const string Undo = "Undo-CsMeetingMigration";

        /// <summary>
        /// The audio-conferencing triggers: Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings
        /// $false turns these off (moves still trigger, as in MMS).
        /// </summary>
        public static bool IsAudioConferencing(string trigger) =>
            trigger is AudioConferencingLicense or AudioConferencingEnabled or AudioConferencingDisabled or ProviderSwitchedToMicrosoft or ProviderSwitchedFromMicrosoft
                or ConferenceIdChanged or ConferenceIdReset or BridgeChanged or ServiceNumberChanged or TollFreeDialInChanged or ServiceNumberUnassigned
                or DefaultNumberReplaced;

        /// <summary>
        /// What a switch to Microsoft as the provider (<see cref="ProviderSwitchedToMicrosoft"/>), or away from it
        /// (<see cref="ProviderSwitchedFromMicrosoft"/>), already says: one provider's conference ID, numbers and bridge give
        /// way to the other's, given or assigned. Listed beside it they showed
        /// only when the admin gave a value, not when one was assigned (outside probe AT-F5), so the switch names them all.
        /// </summary>
        public static bool IsPartOfProviderSwitch(string trigger) =>
            trigger is ConferenceIdChanged or ConferenceIdReset or BridgeChanged or ServiceNumberChanged;

        /// <summary>True when <paramref name="name"/> is one of the triggers in a request's list (<see cref="Combine"/>).</summary>
        public static bool Includes(string? list, string name) => Names(list).Contains(name, StringComparer.Ordinal);

        /// <summary>
        /// A merged request's list of causes, each once, in the order they came. <paramref name="added"/> may be a list itself
        /// (one change that is two causes, "ServiceNumberChanged, ConferenceIdChanged"): taken whole, it was never found in
        /// the list and was appended again with every such change (an outside probe's request read "..., ServiceNumberChanged,
        /// ConferenceIdChanged, ServiceNumberChanged, ConferenceIdChanged").
        /// </summary>
        public static string Combine(string? existing, string? added)
        {
            var parts = Names(existing);
            foreach (var name in Names(added))
                if (!parts.Contains(name, StringComparer.Ordinal)) parts.Add(name);
            return string.Join(", ", parts);
        }

        private static List<string> Names(string? list) =>
            (list ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }
}
