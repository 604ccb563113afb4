using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Configuration
{
    public enum EntryExitAnnouncementsType { UseNames, ToneOnly }
    public enum MaskPstnNumbersType { MaskedForExternalUsers, MaskedForAllUsers, NoMasking }
    public enum DialOutToFederatedUsers { No, Yes, RequireSameEnterpriseUser }

    /// <summary>
    /// The tenant's audio-conferencing settings (Get/Set-CsOnlineDialInConferencingTenantSettings), with Microsoft's
    /// documented defaults. AutomaticallyMigrateUserMeetings is the MMS switch for audio-conferencing triggers only.
    /// </summary>
    public sealed class DialInConferencingTenantSettings
    {
        public const int MinPinLength = 4;
        public const int MaxPinLength = 12;
        public const int MaxDomainCount = 1000;

        public string Identity { get; set; } = TenantMigrationConfiguration.GlobalIdentity;
        public List<string> AllowedDialOutExternalDomains { get; set; } = new List<string>();
        public bool EnableEntryExitNotifications { get; set; } = true;
        public EntryExitAnnouncementsType EntryExitAnnouncementsType { get; set; } = EntryExitAnnouncementsType.UseNames;
        public bool EnableNameRecording { get; set; } = true;
        public bool IncludeTollFreeNumberInMeetingInvites { get; set; } = true;
        public MaskPstnNumbersType MaskPstnNumbersType { get; set; } = MaskPstnNumbersType.MaskedForExternalUsers;
        public uint PinLength { get; set; } = 5;
        public bool AllowPSTNOnlyMeetingsByDefault { get; set; }
        public bool AutomaticallySendEmailsToUsers { get; set; } = true;
        public bool SendEmailFromOverride { get; set; }
        public string? SendEmailFromAddress { get; set; }
        public string? SendEmailFromDisplayName { get; set; }
        public bool AutomaticallyReplaceAcpProvider { get; set; }
        public bool UseUniqueConferenceIds { get; set; } = true;
        public bool AutomaticallyMigrateUserMeetings { get; set; } = true;
        public bool MigrateServiceNumbersOnCrossForestMove { get; set; }
        public bool EnableDialOutJoinConfirmation { get; set; }
        public DialOutToFederatedUsers AllowFederatedUsersToDialOutToSelf { get; set; } = DialOutToFederatedUsers.No;
        public DialOutToFederatedUsers AllowFederatedUsersToDialOutToThirdParty { get; set; } = DialOutToFederatedUsers.No;

        public DialInConferencingTenantSettings Clone()
        {
            var copy = (DialInConferencingTenantSettings)MemberwiseClone();
            copy.AllowedDialOutExternalDomains = new List<string>(AllowedDialOutExternalDomains);
            return copy;
        }

        /// <summary>
        /// Each allowed dial-out domain once, as first given: domain names are case-insensitive ('a.com' and 'A.COM' are one).
        /// Done by the store as it saves, whichever way the list came (names, @{Add=...}, an -Instance object; an outside
        /// audit found all kept).
        /// </summary>
        internal void KeepEachDomainOnce() =>
            AllowedDialOutExternalDomains = AllowedDialOutExternalDomains.Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Checks every rule Microsoft documents; the first broken one is thrown with its value.</summary>
        public void Validate()
        {
            if (!string.Equals(Identity, TenantMigrationConfiguration.GlobalIdentity, StringComparison.OrdinalIgnoreCase))
                throw TenantMigrationConfiguration.Invalid(nameof(Identity), Identity, "The tenant has one set of dial-in settings, named 'Global'.");
            if (PinLength < MinPinLength || PinLength > MaxPinLength)
                throw TenantMigrationConfiguration.Invalid(nameof(PinLength), PinLength, $"Give a PIN length from {MinPinLength} to {MaxPinLength} digits.");
            if (SendEmailFromAddress != null && SendEmailFromAddress.Length > 0 && !IsEmailAddress(SendEmailFromAddress))
                throw TenantMigrationConfiguration.Invalid(nameof(SendEmailFromAddress), SendEmailFromAddress, "Give an address of the form alias@domain.");
            if (SendEmailFromDisplayName != null && (SendEmailFromDisplayName.Length > 256 || QuotedValue.IndexOfEscaped(SendEmailFromDisplayName) >= 0))
                throw TenantMigrationConfiguration.Invalid(nameof(SendEmailFromDisplayName), SendEmailFromDisplayName,
                    "Give a display name of at most 256 printable characters (no control, bidi or invisible characters).");
            if (SendEmailFromOverride && (string.IsNullOrWhiteSpace(SendEmailFromAddress) || string.IsNullOrWhiteSpace(SendEmailFromDisplayName)))
                throw TenantMigrationConfiguration.Invalid(nameof(SendEmailFromOverride), true,
                    "SendEmailFromOverride can be $true only together with SendEmailFromAddress and SendEmailFromDisplayName: give both with it, " +
                    "or set SendEmailFromOverride to $false before clearing either.");
            if (AllowedDialOutExternalDomains.Count > MaxDomainCount)
                throw TenantMigrationConfiguration.Invalid(nameof(AllowedDialOutExternalDomains), AllowedDialOutExternalDomains.Count,
                    $"Give at most {MaxDomainCount} domains.");
            foreach (var domain in AllowedDialOutExternalDomains)
            {
                if (!IsDomainName(domain))
                    throw TenantMigrationConfiguration.Invalid(nameof(AllowedDialOutExternalDomains), domain, "Give domain names such as contoso.com.");
            }
        }

        /// <summary>An SMTP address in ASCII: the sender of attendees' mail, where a look-alike letter would impersonate another.</summary>
        internal static bool IsEmailAddress(string value)
        {
            if (value.Length > 256 || value.Any(c => c <= 0x20 || c >= 0x7F)) return false;
            var at = value.IndexOf('@');
            if (at <= 0 || at != value.LastIndexOf('@')) return false;
            return IsDomainName(value.Substring(at + 1));
        }

        internal static bool IsDomainName(string? value)
        {
            if (string.IsNullOrEmpty(value) || value!.Length > 253) return false;
            var labels = value.Split('.');
            if (labels.Length < 2) return false;
            foreach (var label in labels)
            {
                if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[label.Length - 1] == '-') return false;
                // Letters, but not the invisible ones (Hangul fillers are letters to Unicode: outside probe AO).
                if (!label.All(c => (char.IsLetterOrDigit(c) && !QuotedValue.NeedsEscape(c)) || c == '-')) return false;
            }
            return true;
        }
    }
}
