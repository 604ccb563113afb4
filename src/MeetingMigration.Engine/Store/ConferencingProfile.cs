using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Configuration;

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

        /// <summary>Checks that each value can go into an invitation: links are absolute https URLs, numbers are numbers.</summary>
        public void Validate()
        {
            CheckUrl(nameof(JoinUrl), JoinUrl, required: true);
            CheckUrl(nameof(DialInUrl), DialInUrl, required: false);
            if (ConferenceId != null && (ConferenceId.Length < 4 || ConferenceId.Length > 20 || !ConferenceId.All(char.IsDigit)))
                throw TenantMigrationConfiguration.Invalid(nameof(ConferenceId), ConferenceId, "Give a conference ID of 4 to 20 digits.");
            foreach (var number in new[] { TollNumber }.Concat(TollFreeNumbers))
            {
                if (number == null) continue;
                if (number.Length > 40 || !number.Any(char.IsDigit) || number.Any(c => !(char.IsDigit(c) || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.')))
                    throw TenantMigrationConfiguration.Invalid("TollNumber/TollFreeNumber", number, "Give phone numbers such as +1 425 555 0100.");
            }
        }

        private static void CheckUrl(string name, string? value, bool required)
        {
            if (value == null && !required) return;
            if (value == null || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                throw TenantMigrationConfiguration.Invalid(name, value, "Give an absolute https URL, such as https://meet.contoso.com/ashaw/K7L2P9QZ.");
        }
    }
}
