using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// A user's audio conferencing as MeetingMigration keeps it (Get-CsOnlineDialInConferencingUser): the truth for Skype for
    /// Business meetings and for any meeting on a third-party or self-managed bridge. Teams meetings on Microsoft's bridge
    /// take their dial-in details from Graph instead.
    /// </summary>
    public sealed class DialInUser
    {
        public string UserPrincipalName { get; set; } = "";
        public Guid? UserId { get; set; }
        public ConferencingProvider Provider { get; set; } = ConferencingProvider.Microsoft;
        /// <summary>The name of a third-party provider, for display.</summary>
        public string? ProviderName { get; set; }
        /// <summary>Audio conferencing is enabled (Enable-/Disable-CsOnlineDialInConferencingUser).</summary>
        public bool Enabled { get; set; } = true;
        /// <summary>Digits only; unique in the tenant.</summary>
        public string? ConferenceId { get; set; }
        public Guid? BridgeId { get; set; }
        /// <summary>The user's toll number (E.164); the bridge's default when null.</summary>
        public string? ServiceNumber { get; set; }
        /// <summary>The user's toll-free numbers (E.164); the bridge's default toll-free number when empty.</summary>
        public List<string> TollFreeServiceNumbers { get; set; } = new List<string>();
        public bool AllowPstnOnlyMeetings { get; set; }
        /// <summary>
        /// The user's invitations show toll-free numbers (Microsoft's AllowTollFreeDialIn). True unless turned off; a user
        /// stored before this setting existed reads as true.
        /// </summary>
        public bool AllowTollFreeDialIn { get; set; } = true;
        /// <summary>The Skype for Business meeting link (meet URL) their Skype meetings show.</summary>
        public string? JoinUrl { get; set; }
        /// <summary>The "Find a local number" page.</summary>
        public string? DialInUrl { get; set; }
        /// <summary>
        /// The conference ID given up when audio conferencing was turned off (Disable, an import row), until the user gets
        /// one again: their dial-in page may name it, and then names the new one (outside probes O and R). Not reserved:
        /// another user may take it meanwhile.
        /// </summary>
        public string? ReleasedConferenceId { get; set; }
        /// <summary>
        /// What each third-party provider Microsoft replaced gave the user, oldest first; empty for a user never switched.
        /// Every one, not only the last: after two switches the first provider's values came back (outside probe AW-F2). Not
        /// shown by Get: it keeps those values from being taken back as Microsoft's (<see cref="ConferencingAdmin.InputForMicrosoft"/>)
        /// and gives them back to a user who goes back to that provider.
        /// </summary>
        public List<ReplacedProvider> ReplacedProviders { get; set; } = new List<ReplacedProvider>();
        /// <summary>Where the user's meetings are hosted, when a move was recorded or imported.</summary>
        public MeetingHome? Home { get; set; }

        /// <summary>Turning audio conferencing off gives the conference ID back to the tenant, remembered as released.</summary>
        public void ReleaseConferenceId()
        {
            ReleasedConferenceId = ConferenceId ?? ReleasedConferenceId;
            ConferenceId = null;
        }

        public DialInUser Clone()
        {
            var copy = (DialInUser)MemberwiseClone();
            copy.TollFreeServiceNumbers = new List<string>(TollFreeServiceNumbers);
            copy.ReplacedProviders = (ReplacedProviders ?? new List<ReplacedProvider>()).Select(r => r.Clone()).ToList();
            return copy;
        }
    }
}
