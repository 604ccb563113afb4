using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

public class EventsTests
{
    private static readonly DateTime Monday = new(2031, 3, 3, 15, 0, 0, DateTimeKind.Utc);
    private const string MigratedId = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Migrated";

    [Fact]
    public async Task Organizer_create_sends_invitations_and_attendees_get_copies()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Kickoff", Monday, Attendee1, Attendee2, External));

        Assert.NotNull(created!.Id);
        Assert.True(created.IsOrganizer);
        Assert.Equal(Microsoft.Graph.Models.EventType.SingleInstance, created.Type);
        Assert.Equal($"W/\"{created.ChangeKey}\"", created.AdditionalData["@odata.etag"]);
        Assert.Equal(3, sb.Notifications(kind: "invitation"));

        var copies = await graph.Users[Attendee1].Events.GetAsync();
        var copy = Assert.Single(copies!.Value!);
        Assert.False(copy.IsOrganizer);
        Assert.Equal(created.ICalUId, copy.ICalUId);
        Assert.Equal(Organizer, copy.Organizer!.EmailAddress!.Address);
    }

    /// <summary>
    /// Ids as long as Exchange Online's (152 characters of URL-safe base64 ending in '='): a client holds mostly ids per event
    /// of a calendar page, so 28-character ids understated the engine's memory. Such an id must still work in a URL path.
    /// </summary>
    [Fact]
    public async Task Event_ids_have_exchange_length_and_shape_and_work_in_urls()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var first = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("One", Monday, Attendee1));
        var second = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Two", Monday.AddDays(1), Attendee1));

        foreach (var id in new[] { first!.Id!, second!.Id! })
        {
            Assert.Equal(152, id.Length);
            Assert.StartsWith("AAMkA", id);
            Assert.EndsWith("=", id);
            Assert.Matches("^[A-Za-z0-9_-]+=$", id);
            Assert.Equal(113, Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/')).Length);
        }
        Assert.NotEqual(first.Id, second.Id);
        // The mailbox part is shared, as in Exchange; the items differ at the end.
        Assert.Equal(first.Id![..100], second.Id![..100]);
        var read = await graph.Users[Organizer].Events[second.Id].GetAsync();
        Assert.Equal("Two", read!.Subject);
        await graph.Users[Organizer].Events[second.Id].PatchAsync(new Event { Subject = "Two, moved" });
        Assert.Equal("Two, moved", (await graph.Users[Organizer].Events[second.Id].GetAsync())!.Subject);
    }

    [Fact]
    public async Task Body_patch_sends_one_update_per_attendee_and_attendee_copies_get_the_new_body()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Review", Monday, Attendee1, Attendee2));
        var before = created!.ChangeKey;

        var patched = await graph.Users[Organizer].Events[created.Id].PatchAsync(new Event
        {
            Body = new ItemBody { ContentType = BodyType.Html, Content = "<html><body>new body</body></html>" },
        });

        Assert.NotEqual(before, patched!.ChangeKey);
        Assert.Equal(1, sb.Notifications(Attendee1, "update"));
        Assert.Equal(1, sb.Notifications(Attendee2, "update"));
        var copy = (await graph.Users[Attendee2].Events.GetAsync())!.Value!.Single();
        Assert.Equal("<html><body>new body</body></html>", copy.Body!.Content);
    }

    [Fact]
    public async Task Extended_property_patch_mails_nobody_and_is_returned_only_when_expanded()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Tagged", Monday, Attendee1));
        await graph.Users[Organizer].Events[created!.Id].PatchAsync(new Event
        {
            SingleValueExtendedProperties = new List<SingleValueLegacyExtendedProperty> { new() { Id = MigratedId, Value = "2031-01-01" } },
        });
        Assert.Equal(0, sb.Notifications(kind: "update"));

        var plain = await graph.Users[Organizer].Events[created.Id].GetAsync();
        Assert.Null(plain!.SingleValueExtendedProperties);

        var expanded = await graph.Users[Organizer].Events[created.Id].GetAsync(r =>
            r.QueryParameters.Expand = new[] { $"singleValueExtendedProperties($filter=id eq '{MigratedId}')" });
        var prop = Assert.Single(expanded!.SingleValueExtendedProperties!);
        Assert.Equal("2031-01-01", prop.Value);

        // Merge by id: a second write replaces the value, the filter on /events finds it.
        await graph.Users[Organizer].Events[created.Id].PatchAsync(new Event
        {
            SingleValueExtendedProperties = new List<SingleValueLegacyExtendedProperty> { new() { Id = MigratedId, Value = "done" } },
        });
        var found = await graph.Users[Organizer].Events.GetAsync(r =>
            r.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{MigratedId}' and ep/value eq 'DONE')");
        Assert.Single(found!.Value!);
    }

    [Fact]
    public async Task Stale_if_match_answers_412_ErrorIrresolvableConflict()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Etag", Monday, Attendee1));
        var staleEtag = (string)created!.AdditionalData["@odata.etag"];
        await graph.Users[Organizer].Events[created.Id].PatchAsync(new Event { Subject = "changed" }, r => r.Headers.Add("If-Match", staleEtag.Replace(created.ChangeKey!, created.ChangeKey!)));

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events[created.Id]
            .PatchAsync(new Event { Subject = "again" }, r => r.Headers.Add("If-Match", staleEtag)));
        Assert.Equal(412, error.ResponseStatusCode);
        Assert.Equal("ErrorIrresolvableConflict", error.Error!.Code);
        Assert.Equal(1, sb.Notifications(Attendee1, "update"));
    }

    [Fact]
    public async Task Teams_meeting_gets_join_url_dial_in_and_block_and_cannot_switch_provider()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var request = EventFactory.Meeting("Teams", Monday, Attendee1);
        request.IsOnlineMeeting = true;
        request.OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness;
        var created = await graph.Users[Organizer].Events.PostAsync(request);

        var joinUrl = created!.OnlineMeeting!.JoinUrl!;
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", joinUrl);
        Assert.Equal("111222333", created.OnlineMeeting.ConferenceId);
        Assert.Equal("+1 206-555-0100", created.OnlineMeeting.TollNumber);
        Assert.Contains("Microsoft Teams meeting", created.Body!.Content);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(joinUrl), created.Body.Content);
        Assert.Contains("<p>Agenda for Teams</p>", created.Body.Content);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events[created.Id]
            .PatchAsync(new Event { OnlineMeetingProvider = OnlineMeetingProviderType.SkypeForBusiness }));
        Assert.Equal("ErrorInvalidRequest", error.Error!.Code);

        // onlineMeetings shows the organizer's CURRENT conferencing settings.
        await sb.PutJsonAsync($"sandbox/users/{Organizer}/conferencing", new { conferenceId = "999888777", tollNumber = "+44 20 5555 0100", tollFreeNumbers = new[] { "+44 800 555 0100" }, dialInUrl = "https://dialin.example/b" });
        var meetings = await graph.Users[Organizer].OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{joinUrl}'");
        var meeting = Assert.Single(meetings!.Value!);
        Assert.Equal(joinUrl, meeting.JoinWebUrl);
        Assert.Equal("999888777", meeting.AudioConferencing!.ConferenceId);
        Assert.Equal("+44 20 5555 0100", meeting.AudioConferencing.TollNumber);
        Assert.Equal(new[] { "+44 800 555 0100" }, meeting.AudioConferencing.TollFreeNumbers);
        Assert.Equal("https://dialin.example/b", meeting.AudioConferencing.DialinUrl);
        // The event keeps what was frozen at creation.
        var again = await graph.Users[Organizer].Events[created.Id].GetAsync();
        Assert.Equal("111222333", again!.OnlineMeeting!.ConferenceId);
    }

    [Fact]
    public async Task Patch_making_an_event_online_creates_the_meeting_once()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Later online", Monday, Attendee1));
        Assert.False(created!.IsOnlineMeeting);
        var patched = await graph.Users[Organizer].Events[created.Id].PatchAsync(new Event { IsOnlineMeeting = true, OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness });
        Assert.True(patched!.IsOnlineMeeting);
        Assert.NotNull(patched.OnlineMeeting!.JoinUrl);
        var again = await graph.Users[Organizer].Events[created.Id].PatchAsync(new Event { IsOnlineMeeting = true });
        Assert.Equal(patched.OnlineMeeting.JoinUrl, again!.OnlineMeeting!.JoinUrl);
        await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events[created.Id].PatchAsync(new Event { IsOnlineMeeting = false }));
    }

    [Fact]
    public async Task Prefer_text_body_converts_and_echoes_preference_applied()
    {
        await using var sb = await StartAsync();
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Meeting("Text", Monday));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1.0/users/{Organizer}/events/{created!.Id}?$select=body");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "x");
        request.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
        using var response = await sb.Http.SendAsync(request);
        Assert.Equal("outlook.body-content-type=\"text\"", response.Headers.GetValues("Preference-Applied").Single());
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"contentType\":\"text\"", json);
        Assert.Contains("Agenda for Text", json);
        Assert.DoesNotContain("<p>", json);
        Assert.DoesNotContain("\"subject\"", json);
    }

    /// <summary>
    /// Graph hands out every body as HTML unless asked for text: a body stored as text comes as Exchange's conversion
    /// (its generator tag and "converted from text" comment in the head, the text in a PlainText div, one line per
    /// &lt;br&gt;), and as the stored text, byte for byte, when asked for text. A create answers with the body as given.
    /// </summary>
    [Fact]
    public async Task A_text_body_reads_as_exchanges_html_conversion_unless_text_is_asked_for()
    {
        await using var sb = await StartAsync();
        const string text = "Agenda: a < b & \"c\"\r\n  indented\r\n\r\nJoin<https://meet.lync.com/contoso/ada/ABC>\r\n";
        var meeting = EventFactory.Meeting("Plain", Monday);
        meeting.Body = new ItemBody { ContentType = BodyType.Text, Content = text };
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(meeting);
        Assert.Equal((BodyType.Text, text), (created!.Body!.ContentType, created.Body.Content));

        var asHtml = await sb.Graph().Users[Organizer].Events[created.Id].GetAsync();
        var asText = await sb.Graph().Users[Organizer].Events[created.Id].GetAsync(rc => rc.Headers.Add("Prefer", "outlook.body-content-type=\"text\""));

        Assert.Equal(BodyType.Html, asHtml!.Body!.ContentType);
        Assert.Contains("<meta name=\"Generator\" content=\"Microsoft Exchange Server\">\r\n<!-- converted from text -->", asHtml.Body.Content);
        Assert.Contains("<div class=\"PlainText\">Agenda: a &lt; b &amp; &quot;c&quot;<br>\r\n&nbsp;&nbsp;indented<br>\r\n<br>\r\nJoin&lt;https://meet.lync.com/contoso/ada/ABC&gt;<br>\r\n</div>", asHtml.Body.Content);
        Assert.Equal((BodyType.Text, text), (asText!.Body!.ContentType, asText.Body.Content));
    }

    [Fact]
    public async Task Outlook_timezone_preference_renders_start_in_that_zone()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Zone", Monday));
        var inTokyo = await graph.Users[Organizer].Events[created!.Id].GetAsync(r => r.Headers.Add("Prefer", "outlook.timezone=\"Tokyo Standard Time\""));
        Assert.Equal("Tokyo Standard Time", inTokyo!.Start!.TimeZone);
        Assert.Equal("2031-03-04T00:00:00.0000000", inTokyo.Start.DateTime);
    }

    /// <summary>
    /// PidTagNativeBody ("Integer 0x1016"): 1 for a body stored as text, 3 for HTML, on calendar pages (an occurrence shows its
    /// master's) and event reads alike, whatever body type the read asks for; it follows the body when a write changes its type.
    /// </summary>
    [Fact]
    public async Task The_native_body_property_says_how_each_body_is_stored()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var text = EventFactory.Weekly("Text series", Monday, 3);
        text.Body = new ItemBody { ContentType = BodyType.Text, Content = "Agenda\r\n" };
        var series = await graph.Users[Organizer].Events.PostAsync(text);
        var html = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Html single", Monday.AddHours(2)));
        string[] expand = { "singleValueExtendedProperties($filter=id eq 'Integer 0x1016')" };
        static string? Native(Event e) => e.SingleValueExtendedProperties?.SingleOrDefault(p => p.Id == "Integer 0x1016")?.Value;

        var page = await graph.Users[Organizer].CalendarView.GetAsync(r =>
        {
            r.QueryParameters.StartDateTime = Monday.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
            r.QueryParameters.EndDateTime = Monday.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ");
            r.QueryParameters.Select = new[] { "subject" };
            r.QueryParameters.Expand = expand;
        });
        var asText = await graph.Users[Organizer].Events[series!.Id].GetAsync(r =>
        {
            r.QueryParameters.Expand = expand;
            r.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
        });
        await graph.Users[Organizer].Events[html!.Id].PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Text, Content = "Now text" } });
        var changed = await graph.Users[Organizer].Events[html.Id].GetAsync(r => r.QueryParameters.Expand = expand);

        Assert.Equal(new[] { ("Html single", "3"), ("Text series", "1"), ("Text series", "1"), ("Text series", "1") },
            page!.Value!.Select(e => (e.Subject!, Native(e)!)).OrderBy(x => x.Item1));
        Assert.Equal("1", Native(asText!));
        Assert.Equal((BodyType.Html, "1"), (changed!.Body!.ContentType, Native(changed)));
        Assert.Null((await graph.Users[Organizer].Events[html.Id].GetAsync())!.SingleValueExtendedProperties);
    }

    [Fact]
    public async Task Paging_follows_absolute_next_links_with_the_page_iterator()
    {
        await using var sb = await StartAsync();
        for (var i = 0; i < 25; i++) sb.State.ImportEvent(Organizer, $$"""{"subject":"m{{i}}","start":{"dateTime":"2031-01-{{i + 1:00}}T10:00:00","timeZone":"UTC"},"end":{"dateTime":"2031-01-{{i + 1:00}}T11:00:00","timeZone":"UTC"} }""");
        var graph = sb.Graph();
        var first = await graph.Users[Organizer].CalendarView.GetAsync(r =>
        {
            r.QueryParameters.StartDateTime = "2031-01-01T00:00:00Z";
            r.QueryParameters.EndDateTime = "2031-02-01T00:00:00Z";
        });
        Assert.Equal(10, first!.Value!.Count);
        Assert.StartsWith(sb.Server.GraphBaseUrl + "/users/", first.OdataNextLink);
        var subjects = new List<string>();
        var iterator = PageIterator<Event, EventCollectionResponse>.CreatePageIterator(graph, first, e => { subjects.Add(e.Subject!); return true; });
        await iterator.IterateAsync();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"m{i}"), subjects);

        var big = await graph.Users[Organizer].Events.GetAsync(r => r.QueryParameters.Top = 1000);
        Assert.Equal(25, big!.Value!.Count);
        Assert.Null(big.OdataNextLink);
    }

    [Fact]
    public async Task Delete_by_organizer_cancels_for_attendees_and_cancel_requires_organizer()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var a = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Gone", Monday, Attendee1));
        var b = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("Cancelled", Monday.AddDays(1), Attendee1));
        var copyOfB = (await graph.Users[Attendee1].Events.GetAsync())!.Value!.Single(e => e.Subject == "Cancelled");

        var notOrganizer = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Attendee1].Events[copyOfB.Id].Cancel.PostAsync(new()));
        Assert.Equal(400, notOrganizer.ResponseStatusCode);

        await graph.Users[Organizer].Events[a!.Id].DeleteAsync();
        await graph.Users[Organizer].Events[b!.Id].Cancel.PostAsync(new() { Comment = "sorry" });

        Assert.Equal(2, sb.Notifications(Attendee1, "cancellation"));
        Assert.Empty((await graph.Users[Organizer].Events.GetAsync())!.Value!);
        Assert.All((await graph.Users[Attendee1].Events.GetAsync())!.Value!, e => Assert.True(e.IsCancelled));
        var missing = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events[a.Id].GetAsync());
        Assert.Equal("ErrorItemNotFound", missing.Error!.Code);
    }

    [Fact]
    public async Task Transaction_id_deduplicates_retried_creates()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        Microsoft.Graph.Models.Event Attempt()
        {
            // A fresh model per attempt: the SDK's backing store sends only values changed since the last send.
            var ev = EventFactory.Meeting("Once", Monday, Attendee1);
            ev.TransactionId = "tx-1";
            return ev;
        }
        var first = await graph.Users[Organizer].Events.PostAsync(Attempt());
        var second = await graph.Users[Organizer].Events.PostAsync(Attempt());
        Assert.Equal(first!.Id, second!.Id);
        Assert.Equal(1, sb.Notifications(Attendee1, "invitation"));
    }
}
