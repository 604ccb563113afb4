using System.Net;
using System.Net.Http.Headers;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>
/// A UPN may begin with '$' (Entra allows it), and Graph refuses <c>/users/$x@y.com</c> with 400, escaped or not, asking
/// for OData's key syntax <c>/users('$x@y.com')</c> (user-get; msgraph-sdk-dotnet issue 2635). The sandbox answers so
/// since 2026-12-07; before, it took the plain form, and such an organizer's migration succeeded here while every call
/// would fail on Graph (outside probe AD).
/// </summary>
public sealed class DollarUserPrincipalNameTests
{
    private const string Upn = "$svc@contoso.com";

    [Fact]
    public async Task An_organizer_whose_upn_begins_with_a_dollar_is_migrated_through_the_key_syntax()
    {
        await using var h = await MigrationHarness.StartAsync(users: 1, meetingsPerUser: 1);
        h.Sandbox.State.AddUser(Upn, "Service");
        h.Sandbox.State.SetConferencing(Upn, new ConferencingSettings("1112223", "+1 425 555 0101", new[] { "+1 800 555 0101" }, "https://dialin.teams.microsoft.com/old"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MigrationHarness.AccessToken);
        using var plain = await http.GetAsync(h.Sandbox.GraphBaseUrl + "/users/%24svc%40contoso.com");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        await h.BookTeamsMeetingAsync("users('$svc@contoso.com')", "Dollar", "<p>Agenda</p>", h.Tenant.Users[0].UserPrincipalName);
        h.Sandbox.State.SetConferencing(Upn, new ConferencingSettings("8675309", "+1 425 555 0199", new[] { "+1 800 555 0142" }, "https://dialin.teams.microsoft.com/new"));

        var done = await h.MigrateAsync(Upn);

        Assert.Equal((MigrationState.Succeeded, 1, 1), (done.State, done.SucceededMeeting, done.InvitesUpdate));
        var page = await h.Graph.Gateway.ReadCalendarPageAsync(Upn, DateTime.UtcNow, DateTime.UtcNow.AddDays(30), null, default);
        var item = await h.Graph.Gateway.GetEventAsync(Upn, Assert.Single(page.Events).Id, default);
        Assert.Contains("8675309", item!.Body);
    }
}
