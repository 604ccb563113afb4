using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>Bodies around Exchange's rendering of plain text, through Graph as the sandbox answers it.</summary>
public sealed class PlainTextBodyTests
{
    /// <summary>
    /// Outside probe AF: an HTML body that kept Exchange's "converted from text" comment in its head after it was edited as
    /// HTML was read as text and written back as text: its formatting was lost for good, and an undo did not bring it back.
    /// It stays HTML, its markup outside the block kept.
    /// </summary>
    [Fact]
    public async Task An_html_body_whose_head_says_converted_from_text_stays_html_with_its_formatting()
    {
        await using var h = await MigrationHarness.StartAsync(users: 2, meetingsPerUser: 1);
        var organizer = h.Tenant.Users[0].UserPrincipalName;
        const string formatted = "<p><b>Agenda</b>: <i>budget</i></p>";
        var body = "<html><head>\r\n<meta name=\"Generator\" content=\"Microsoft Exchange Server\">\r\n<!-- converted from text -->\r\n</head><body>" + formatted + "</body></html>";
        var id = await h.BookTeamsMeetingAsync("users/" + Uri.EscapeDataString(organizer), "Reformatted", body, h.Tenant.Users[1].UserPrincipalName);
        h.Sandbox.State.SetConferencing(organizer, new ConferencingSettings("8675309", "+1 425 555 0199", new[] { "+1 800 555 0142" }, "https://dialin.teams.microsoft.com/new"));

        var done = await h.MigrateAsync(organizer);

        Assert.Equal(MigrationState.Succeeded, done.State);
        var item = await h.Graph.Gateway.GetEventAsync(organizer, id, default);
        Assert.True(item!.BodyIsHtml);
        Assert.Contains(formatted, item.Body);
        Assert.Contains("8675309", item.Body);
    }
}
