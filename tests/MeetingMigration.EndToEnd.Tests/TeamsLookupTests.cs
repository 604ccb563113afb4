using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>The onlineMeetings look-up by join link, against the sandbox's answers as Graph gives them.</summary>
public sealed class TeamsLookupTests
{
    /// <summary>
    /// Graph answers a join link it has no meeting for with 404 NotFound "3004: Specified meeting is not found", not an
    /// empty list: that is "no such meeting" (the migration then says there is no Teams meeting behind the link), not a
    /// failed call whose request is retried for a meeting that will never be found (outside probe AD).
    /// </summary>
    [Fact]
    public async Task A_join_link_Graph_has_no_meeting_for_is_no_meeting_not_a_failed_call()
    {
        await using var h = await MigrationHarness.StartAsync(users: 1, meetingsPerUser: 1);
        var upn = h.Tenant.Users[0].UserPrincipalName;
        var user = await h.Graph.Gateway.FindAsync(UserIdentity.Parse(upn), default);

        var found = await h.Graph.Gateway.GetTeamsCoordinatesAsync(upn, user!.Id.ToString("D"),
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_nosuchmeeting%40thread.v2/0", default);

        Assert.Null(found);
    }
}
