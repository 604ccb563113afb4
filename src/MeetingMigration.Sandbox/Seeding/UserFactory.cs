using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Builds the tenant's users. Languages go round-robin and on-premises users are spread evenly, so
/// small tenants still cover every language and the on-premises count is exactly floor(Users × fraction).</summary>
internal static class UserFactory
{
    public static IReadOnlyList<GeneratedUser> CreateAll(TenantGeneratorOptions o)
    {
        var users = new GeneratedUser[o.Users];
        // Conference IDs are unique in a tenant (the store refuses one a second user holds, as Microsoft's cmdlets do):
        // drawn independently, 9 digits repeated once among 20,000 users and six times among 100,000 (an outside probe;
        // the user left without a profile then failed where the export expected Succeeded). A draw that repeats an ID
        // already given, current or previous, is drawn again, so every other user keeps the IDs its seed gives it.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < o.Users; i++) users[i] = Create(o, i, taken);
        return users;
    }

    private static GeneratedUser Create(TenantGeneratorOptions o, int index, HashSet<string> taken)
    {
        var rng = DeterministicRandom.For(o.Seed, 1, index);
        var language = InvitationLanguage.Get(o.Languages[index % o.Languages.Count]);
        var person = rng.Pick(PeopleNames.For(language.Code));
        string alias = $"{person.AliasGiven}.{person.AliasFamily}{index + 1}";
        bool onPremises = Math.Floor((index + 1) * o.OnPremisesUserFraction) > Math.Floor(index * o.OnPremisesUserFraction);

        string conferenceId;
        do conferenceId = rng.Digits(9); while (!taken.Add(conferenceId));
        string previousConferenceId;
        do previousConferenceId = rng.Digits(9); while (!taken.Add(previousConferenceId));

        var entry = new SeedUser
        {
            Id = rng.NextGuid(),
            UserPrincipalName = $"{alias}@{o.Domain}",
            DisplayName = person.DisplayName,
            MailboxLocation = onPremises ? SeedUser.OnPremises : SeedUser.Cloud,
            Conferencing = new SeedConferencing
            {
                ConferenceId = conferenceId,
                TollNumber = PhoneNumbers.Toll(rng, language.Region).E164,
                TollFreeNumbers = new List<string> { PhoneNumbers.TollFree(rng, language.Region).E164 },
                DialInUrl = $"https://dialin.teams.microsoft.com/{rng.NextGuid()}?id={conferenceId}",
            },
        };
        return new GeneratedUser(index, entry, language, alias, previousConferenceId);
    }
}
