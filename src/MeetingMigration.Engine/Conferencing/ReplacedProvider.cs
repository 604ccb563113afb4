using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// The dial-in details a third-party provider gave a user before Microsoft became the provider (Enable -ReplaceProvider,
    /// an import row, a license that replaces the provider). Kept on the user so that those values, coming back in a file or
    /// a piped object made before the switch, are known as the third party's and not taken as Microsoft's: a takeover file
    /// imported a second time gave the users their third party's conference IDs and pages back (outside probe AU-F2). A row
    /// that makes the user that provider's again takes them back (<see cref="ConferencingAdmin.SwitchFromMicrosoft"/>).
    /// </summary>
    public sealed class ReplacedProvider
    {
        public string? ProviderName { get; set; }
        public string? ConferenceId { get; set; }
        public string? ServiceNumber { get; set; }
        public List<string> TollFreeServiceNumbers { get; set; } = new List<string>();
        public string? DialInUrl { get; set; }
        /// <summary>A bridge of the tenant's the user was on (a self-managed provider's user can be), given back when it still exists.</summary>
        public Guid? BridgeId { get; set; }

        /// <summary>The details of a user still on the third party.</summary>
        public static ReplacedProvider Of(DialInUser thirdParty) => new ReplacedProvider
        {
            ProviderName = thirdParty.ProviderName,
            ConferenceId = thirdParty.ConferenceId ?? thirdParty.ReleasedConferenceId,
            ServiceNumber = thirdParty.ServiceNumber,
            TollFreeServiceNumbers = new List<string>(thirdParty.TollFreeServiceNumbers),
            DialInUrl = thirdParty.DialInUrl,
            BridgeId = thirdParty.BridgeId,
        };

        internal bool SameAs(ReplacedProvider other) =>
            ProviderName == other.ProviderName && ConferenceId == other.ConferenceId && ServiceNumber == other.ServiceNumber
            && DialInUrl == other.DialInUrl && BridgeId == other.BridgeId && TollFreeServiceNumbers.SequenceEqual(other.TollFreeServiceNumbers);

        internal ReplacedProvider Clone()
        {
            var copy = (ReplacedProvider)MemberwiseClone();
            copy.TollFreeServiceNumbers = new List<string>(TollFreeServiceNumbers);
            return copy;
        }
    }
}
