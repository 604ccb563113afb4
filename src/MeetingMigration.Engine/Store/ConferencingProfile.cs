using System.Collections.Generic;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// An organizer's Skype for Business conferencing coordinates: what a refreshed Skype block shows. Graph has no Skype
    /// conferencing data, so admins (or an import) keep it in the store.
    /// </summary>
    public sealed class ConferencingProfile
    {
        public string UserPrincipalName { get; set; } = "";
        public string? JoinUrl { get; set; }
        public string? ConferenceId { get; set; }
        public string? TollNumber { get; set; }
        public List<string> TollFreeNumbers { get; set; } = new List<string>();
        /// <summary>The "find a local number" page.</summary>
        public string? DialInUrl { get; set; }
    }
}
