using System;
using System.Linq;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>
/// Conference IDs are unique in a tenant: the store refuses to give a second user one that another holds, so a generated
/// tenant with a repeat leaves a user without a profile, failing where its export says Succeeded (an outside probe found
/// one repeat among 20,000 users and six among 100,000).
/// </summary>
public sealed class ConferenceIdUniquenessTests
{
    [Fact]
    public void Every_generated_user_has_its_own_current_and_previous_conference_ids_even_in_a_large_tenant()
    {
        // 50,000 users draw 100,000 nine-digit IDs: drawn independently, about five would repeat.
        var users = UserFactory.CreateAll(new TenantGeneratorOptions { Users = 50_000, Seed = 1 });

        var ids = users.SelectMany(u => new[] { u.Entry.Conferencing!.ConferenceId, u.PreviousConferenceId }).ToList();
        var repeated = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"conference IDs given twice: {string.Join(", ", repeated)}");
        Assert.All(users, u => Assert.Contains($"?id={u.Entry.Conferencing!.ConferenceId}", u.Entry.Conferencing.DialInUrl));
    }
}
