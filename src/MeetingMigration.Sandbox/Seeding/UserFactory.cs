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
        for (int i = 0; i < o.Users; i++) users[i] = Create(o, i);
        return users;
    }

    private static GeneratedUser Create(TenantGeneratorOptions o, int index)
    {
        var rng = DeterministicRandom.For(o.Seed, 1, index);
        var language = InvitationLanguage.Get(o.Languages[index % o.Languages.Count]);
        var person = rng.Pick(PeopleNames.For(language.Code));
        string alias = $"{person.AliasGiven}.{person.AliasFamily}{index + 1}";
        bool onPremises = Math.Floor((index + 1) * o.OnPremisesUserFraction) > Math.Floor(index * o.OnPremisesUserFraction);

        string conferenceId = rng.Digits(9);
        string previousConferenceId;
        do previousConferenceId = rng.Digits(9); while (previousConferenceId == conferenceId);

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
