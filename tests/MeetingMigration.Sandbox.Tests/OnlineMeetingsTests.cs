using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>POST /users/{id}/onlineMeetings through the real SDK, and how the created meeting is found again.</summary>
public class OnlineMeetingsTests
{
    private static OnlineMeeting Request(string subject) => new()
    {
        Subject = subject,
        StartDateTime = new DateTimeOffset(2031, 6, 2, 14, 0, 0, TimeSpan.Zero),
        EndDateTime = new DateTimeOffset(2031, 6, 2, 14, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Created_meeting_has_join_details_and_the_organizers_current_dial_in()
    {
        await using var sb = await StartAsync();

        var created = await sb.Graph().Users[Organizer].OnlineMeetings.PostAsync(Request("Standalone sync"));

        Assert.False(string.IsNullOrEmpty(created!.Id));
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_", created.JoinWebUrl);
        Assert.Equal("Standalone sync", created.Subject);
        Assert.Equal(new DateTimeOffset(2031, 6, 2, 14, 0, 0, TimeSpan.Zero), created.StartDateTime);
        Assert.Equal(new DateTimeOffset(2031, 6, 2, 14, 30, 0, TimeSpan.Zero), created.EndDateTime);
        Assert.Equal("111222333", created.AudioConferencing!.ConferenceId);
        Assert.Equal("+1 206-555-0100", created.AudioConferencing.TollNumber);
        Assert.Equal(new[] { "+1 800-555-0100" }, created.AudioConferencing.TollFreeNumbers);
        Assert.Equal("https://dialin.teams.microsoft.com/a", created.AudioConferencing.DialinUrl);
        Assert.Matches("^[0-9]{14}$", created.JoinMeetingIdSettings!.JoinMeetingId);
        Assert.False(string.IsNullOrEmpty(created.JoinMeetingIdSettings.Passcode));
    }

    [Fact]
    public async Task Created_meeting_is_found_by_join_url_and_by_id_and_shows_later_conferencing_changes()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].OnlineMeetings.PostAsync(Request("Find me"));

        sb.State.SetConferencing(Organizer, new ConferencingSettings("999888777", "+44 20 5555 0100", new[] { "+44 800 555 0100" }, "https://dialin.example/b"));
        var found = await graph.Users[Organizer].OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{created!.JoinWebUrl}'");
        var byId = await graph.Users[Organizer].OnlineMeetings[created!.Id].GetAsync();

        var meeting = Assert.Single(found!.Value!);
        Assert.Equal(created.Id, meeting.Id);
        Assert.Equal("Find me", meeting.Subject);
        Assert.Equal("999888777", meeting.AudioConferencing!.ConferenceId); // current settings, not those at creation
        Assert.Equal(created.JoinMeetingIdSettings!.JoinMeetingId, byId!.JoinMeetingIdSettings!.JoinMeetingId);
        // Another user's onlineMeetings do not have it: Graph's "not found" for a join link, 404 NotFound 3004, not an empty list.
        var elsewhere = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(
            () => graph.Users[Attendee1].OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{created.JoinWebUrl}'"));
        Assert.Equal((404, "NotFound"), (elsewhere.ResponseStatusCode, elsewhere.Error!.Code));
        Assert.StartsWith("3004:", elsewhere.Error.Message);
    }

    [Fact]
    public async Task Creating_counts_as_a_write_of_the_mailbox_and_mails_nobody()
    {
        await using var sb = await StartAsync();

        await sb.Graph().Users[Organizer].OnlineMeetings.PostAsync(Request("Quiet"));

        var mailbox = Assert.Single(sb.Server.GetStats().Mailboxes);
        Assert.Equal(Organizer, mailbox.Mailbox);
        Assert.Equal(1, mailbox.Requests);
        Assert.Equal(1, mailbox.Writes);
        Assert.Empty(sb.State.GetNotifications());
        Assert.Equal(0, sb.State.EventCount);
    }

    [Fact]
    public async Task CreateOrGet_returns_the_meeting_created_before_with_the_same_externalId_and_a_new_one_for_another()
    {
        await using var sb = await StartAsync();
        var body = (string externalId) => new Microsoft.Graph.Users.Item.OnlineMeetings.CreateOrGet.CreateOrGetPostRequestBody
        {
            ExternalId = externalId, Subject = "Converted", StartDateTime = new DateTimeOffset(2031, 6, 2, 14, 0, 0, TimeSpan.Zero),
        };

        var first = await sb.Graph().Users[Organizer].OnlineMeetings.CreateOrGet.PostAsync(body("event-1"));
        var again = await sb.Graph().Users[Organizer].OnlineMeetings.CreateOrGet.PostAsync(body("event-1"));
        var other = await sb.Graph().Users[Organizer].OnlineMeetings.CreateOrGet.PostAsync(body("event-2"));

        Assert.Equal(first!.Id, again!.Id);
        Assert.Equal(first.JoinWebUrl, again.JoinWebUrl);
        Assert.NotEqual(first.JoinWebUrl, other!.JoinWebUrl);
        var missing = await Assert.ThrowsAsync<ODataError>(() => sb.Graph().Users[Organizer].OnlineMeetings.CreateOrGet.PostAsync(
            new Microsoft.Graph.Users.Item.OnlineMeetings.CreateOrGet.CreateOrGetPostRequestBody { Subject = "no id" }));
        Assert.Equal(400, missing.ResponseStatusCode);
    }

    [Fact]
    public async Task Two_meetings_get_different_join_urls_and_ids()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();

        var a = await graph.Users[Organizer].OnlineMeetings.PostAsync(Request("A"));
        var b = await graph.Users[Organizer].OnlineMeetings.PostAsync(Request("B"));

        Assert.NotEqual(a!.Id, b!.Id);
        Assert.NotEqual(a.JoinWebUrl, b.JoinWebUrl);
        Assert.NotEqual(a.JoinMeetingIdSettings!.JoinMeetingId, b.JoinMeetingIdSettings!.JoinMeetingId);
    }

    [Fact]
    public async Task An_end_before_the_start_or_an_unknown_user_is_refused()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph(retry: false);
        var backwards = Request("Backwards");
        backwards.EndDateTime = backwards.StartDateTime!.Value.AddHours(-1);

        var bad = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].OnlineMeetings.PostAsync(backwards));
        var unknown = await Assert.ThrowsAsync<ODataError>(() => graph.Users["nobody@contoso.test"].OnlineMeetings.PostAsync(Request("x")));

        Assert.Equal(400, bad.ResponseStatusCode);
        Assert.Equal("ErrorInvalidRequest", bad.Error!.Code);
        Assert.Equal(404, unknown.ResponseStatusCode);
        Assert.Equal("ErrorInvalidUser", unknown.Error!.Code);
    }
}
