using System;
using System.Collections.Generic;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// A user's audio conferencing as the dial-in user cmdlets return it (Get-CsOnlineDialInConferencingUser and the
    /// cmdlets' -PassThru): the engine's record with Provider and Home as the nameable [MeetingMigration.ConferencingProvider]
    /// and [MeetingMigration.MeetingHome]. The properties keep the engine's names, order and setters, so an object edited
    /// in a script still binds by property name to the Set cmdlets.
    /// </summary>
    public sealed class DialInUser
    {
        internal static DialInUser Of(Engine.Conferencing.DialInUser user, string? bridgeName) => new DialInUser
        {
            UserPrincipalName = user.UserPrincipalName,
            UserId = user.UserId,
            Provider = user.Provider.ToPublic(),
            ProviderName = user.ProviderName,
            Enabled = user.Enabled,
            ConferenceId = user.ConferenceId,
            BridgeId = user.BridgeId,
            BridgeName = bridgeName,
            ServiceNumber = user.ServiceNumber,
            TollFreeServiceNumbers = new List<string>(user.TollFreeServiceNumbers),
            AllowPstnOnlyMeetings = user.AllowPstnOnlyMeetings,
            AllowTollFreeDialIn = user.AllowTollFreeDialIn,
            JoinUrl = user.JoinUrl,
            DialInUrl = user.DialInUrl,
            ReleasedConferenceId = user.ReleasedConferenceId,
            Home = user.Home?.ToPublic(),
        };

        public string UserPrincipalName { get; set; } = "";
        public Guid? UserId { get; set; }
        public ConferencingProvider Provider { get; set; }
        /// <summary>The name of a third-party provider, for display.</summary>
        public string? ProviderName { get; set; }
        /// <summary>Audio conferencing is enabled (Enable-/Disable-CsOnlineDialInConferencingUser).</summary>
        public bool Enabled { get; set; }
        /// <summary>Digits only; unique in the tenant.</summary>
        public string? ConferenceId { get; set; }
        public Guid? BridgeId { get; set; }
        /// <summary>
        /// The name of the user's bridge, as Microsoft's objects show it (outside probe Z: a report selecting it got an empty
        /// column); empty when they are on none.
        /// </summary>
        public string? BridgeName { get; set; }
        /// <summary>The user's toll number (E.164); the bridge's default when empty.</summary>
        public string? ServiceNumber { get; set; }
        /// <summary>The user's toll-free numbers (E.164); the bridge's default toll-free number when empty.</summary>
        public List<string> TollFreeServiceNumbers { get; set; } = new List<string>();
        public bool AllowPstnOnlyMeetings { get; set; }
        /// <summary>The user's invitations show toll-free numbers.</summary>
        public bool AllowTollFreeDialIn { get; set; } = true;
        /// <summary>The Skype for Business meeting link (meet URL) their Skype meetings show.</summary>
        public string? JoinUrl { get; set; }
        /// <summary>The "Find a local number" page.</summary>
        public string? DialInUrl { get; set; }
        /// <summary>
        /// The conference ID given up when audio conferencing was turned off, until the user gets one again (their dial-in
        /// page then names the new one). Not reserved: another user may have it by now.
        /// </summary>
        public string? ReleasedConferenceId { get; set; }
        /// <summary>Where the user's meetings are hosted, when a move was recorded or imported.</summary>
        public MeetingHome? Home { get; set; }
    }
}
