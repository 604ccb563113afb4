using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Worker;
using MeetingMigration.Sandbox;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>Bodies around Exchange's rendering of plain text, through Graph as the sandbox answers it.</summary>
public sealed class PlainTextBodyTests
{
    /// <summary>
    /// Issue 9, target 3: a plain-text meeting costs the requests an HTML one does. The calendar page says how each body is
    /// stored, so its one read asks for text; reading Exchange's HTML conversion first and the text after cost a request more.
    /// </summary>
    [Fact]
    public async Task A_plain_text_meeting_is_read_once_and_costs_the_requests_of_an_html_one()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 0);
        var (textOrganizer, htmlOrganizer) = (h.Tenant.Users[0].UserPrincipalName, h.Tenant.Users[1].UserPrincipalName);
        const string text = "Agenda: budget\r\n  indented line\r\n";
        var textId = await h.BookTeamsMeetingAsync("users/" + Uri.EscapeDataString(textOrganizer), "Plain", text, h.Tenant.Users[2].UserPrincipalName, "text");
        await h.BookTeamsMeetingAsync("users/" + Uri.EscapeDataString(htmlOrganizer), "Formatted", "<p>Agenda: <b>budget</b></p>", h.Tenant.Users[2].UserPrincipalName);
        foreach (var organizer in new[] { textOrganizer, htmlOrganizer })
            h.Sandbox.State.SetConferencing(organizer, new ConferencingSettings("8675309", "+1 425 555 0199", new[] { "+1 800 555 0142" }, "https://dialin.teams.microsoft.com/new"));
        h.Sandbox.ResetStats();

        var migrated = new[] { await h.MigrateAsync(textOrganizer), await h.MigrateAsync(htmlOrganizer) };

        Assert.All(migrated, done => Assert.Equal((MigrationState.Succeeded, 1), (done.State, done.InvitesUpdate)));
        var requests = h.Sandbox.GetStats().Mailboxes.ToDictionary(m => m.Mailbox, m => m.Requests, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(requests[htmlOrganizer], requests[textOrganizer]);
        var item = await h.Graph.Gateway.GetEventAsync(textOrganizer, textId, default);
        Assert.False(item!.BodyIsHtml);
        Assert.StartsWith(text, item.Body);
        Assert.Contains("8675309", item.Body);

        // The undo too (outside probe AI: it read every plain-text meeting twice): the block it wrote says the body's format.
        h.Sandbox.ResetStats();
        var admin = new MigrationAdmin(h.Store);
        foreach (var done in migrated)
        {
            var queued = await admin.QueueUndoAsync(await admin.PlanUndoAsync(null, done.CorrelationId, default), default);
            var undo = await new MigrationWorker(h.Store, h.Graph.Gateway, "e2e").RunNextAsync(queued.Request.CorrelationId, null, default);
            Assert.Equal((MigrationState.Succeeded, 1), (undo!.State, undo.InvitesUpdate));
        }
        var undoRequests = h.Sandbox.GetStats().Mailboxes.ToDictionary(m => m.Mailbox, m => m.Requests, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(undoRequests[htmlOrganizer], undoRequests[textOrganizer]);
        var restored = await h.Graph.Gateway.GetEventAsync(textOrganizer, textId, default);
        Assert.Equal((false, true), (restored!.BodyIsHtml, restored.Body.StartsWith(text, StringComparison.Ordinal)));
    }

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
