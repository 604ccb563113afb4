using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

public class ImportTests
{
    // Emoji (astral), CJK, Arabic (RTL), combining marks in decomposed form (must not be normalized), a zero-width joiner sequence.
    private const string Tricky = "<html><body><p>Hi 👋🏽 会议 اجتماع Cafe\u0301 n\u0303 👩‍👩‍👧 \"quotes\" &amp; <b>bold</b></p>\r\n<div>\t</div></body></html>";

    private static string SfbEvent(string organizer, params string[] attendees) => new JsonObject
    {
        ["subject"] = "Legacy SfB",
        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = Tricky },
        ["start"] = new JsonObject { ["dateTime"] = "2031-05-05T10:00:00", ["timeZone"] = "UTC" },
        ["end"] = new JsonObject { ["dateTime"] = "2031-05-05T11:00:00", ["timeZone"] = "UTC" },
        ["isOnlineMeeting"] = true,
        ["onlineMeetingProvider"] = "skypeForBusiness",
        ["onlineMeetingUrl"] = "https://meet.contoso.test/adele/ABC123",
        ["iCalUId"] = "040000008200E00074C5B7101A82E00800000000ABCDEF",
        ["isOrganizer"] = true,
        ["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Adele", ["address"] = organizer } },
        ["attendees"] = new JsonArray(attendees.Select(a => (JsonNode)new JsonObject { ["type"] = "required", ["emailAddress"] = new JsonObject { ["address"] = a } }).ToArray()),
    }.ToJsonString();

    [Fact]
    public async Task Imported_event_keeps_body_and_read_only_properties_exactly_and_sends_nothing()
    {
        await using var sb = await StartAsync();
        var id = sb.State.ImportEvent(Organizer, SfbEvent(Organizer, Attendee1, External));
        var graph = sb.Graph();

        var ev = await graph.Users[Organizer].Events[id].GetAsync();
        Assert.Equal(Tricky, ev!.Body!.Content);
        Assert.True(Encoding.UTF8.GetBytes(Tricky).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(ev.Body.Content!)));
        Assert.True(ev.IsOnlineMeeting);
        Assert.Equal(OnlineMeetingProviderType.SkypeForBusiness, ev.OnlineMeetingProvider);
        Assert.Equal("https://meet.contoso.test/adele/ABC123", ev.OnlineMeetingUrl);
        Assert.Equal("040000008200E00074C5B7101A82E00800000000ABCDEF", ev.ICalUId);
        Assert.True(ev.IsOrganizer);
        Assert.Empty(sb.State.GetNotifications());

        var copy = Assert.Single((await graph.Users[Attendee1].Events.GetAsync())!.Value!);
        Assert.Equal(Tricky, copy.Body!.Content);
        Assert.False(copy.IsOrganizer);

        // Also through batch (the body travels inside another JSON document).
        var batch = new Microsoft.Graph.BatchRequestContentCollection(graph);
        var step = await batch.AddBatchRequestStepAsync(graph.Users[Organizer].Events[id].ToGetRequestInformation());
        var result = await graph.Batch.PostAsync(batch);
        Assert.Equal(Tricky, (await result.GetResponseByIdAsync<Event>(step)).Body!.Content);
    }

    [Fact]
    public async Task Http_import_registers_teams_join_url_for_onlineMeetings()
    {
        await using var sb = await StartAsync();
        const string joinUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d";
        var json = $$"""
            {"subject":"Teams old","body":{"contentType":"html","content":"<p>old block</p>"},
             "start":{"dateTime":"2031-05-05T10:00:00","timeZone":"UTC"},"end":{"dateTime":"2031-05-05T11:00:00","timeZone":"UTC"},
             "isOnlineMeeting":true,"onlineMeetingProvider":"teamsForBusiness",
             "onlineMeeting":{"joinUrl":"{{joinUrl}}","conferenceId":"555","tollNumber":"+1 425-555-0000"},
             "attendees":[{"type":"required","emailAddress":{"address":"{{Attendee2}}"} }]}
            """;
        using var response = await sb.Http.PostAsync($"sandbox/mailboxes/{Organizer}/events", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("555", created.GetProperty("onlineMeeting").GetProperty("conferenceId").GetString());

        var meetings = await sb.Graph().Users[Organizer].OnlineMeetings.GetAsync(r => r.QueryParameters.Filter = $"JoinWebUrl eq '{joinUrl}'");
        var meeting = Assert.Single(meetings!.Value!);
        Assert.Equal("111222333", meeting.AudioConferencing!.ConferenceId);
        Assert.Single((await sb.Graph().Users[Attendee2].Events.GetAsync())!.Value!);
    }

    [Fact]
    public async Task Tenant_file_seeds_users_events_and_mailbox_locations_and_reset_clears()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tenant-{Guid.NewGuid():N}.json");
        var tenant = new JsonObject
        {
            ["users"] = new JsonArray(
                new JsonObject { ["userPrincipalName"] = "org@t.test", ["displayName"] = "Org", ["conferencing"] = new JsonObject { ["conferenceId"] = "42", ["tollNumber"] = "+1 1", ["tollFreeNumbers"] = new JsonArray("+1 800"), ["dialInUrl"] = "https://d" } },
                new JsonObject { ["id"] = "6f1c2b47-8a3e-4c4e-9d5a-3c0f1b2a9e10", ["userPrincipalName"] = "att@t.test", ["displayName"] = "Att" },
                new JsonObject { ["userPrincipalName"] = "onprem@t.test", ["displayName"] = "On Prem", ["mailboxLocation"] = "onPremises" }),
            ["events"] = new JsonArray(new JsonObject { ["mailbox"] = "org@t.test", ["event"] = JsonNode.Parse(SfbEvent("org@t.test", "att@t.test")) }),
        };
        await File.WriteAllTextAsync(path, tenant.ToJsonString());
        try
        {
            await using var sb = await StartAsync(new SandboxOptions { TenantFile = path }, seedUsers: false);
            var graph = sb.Graph();
            Assert.Equal(3, (await graph.Users.GetAsync())!.Value!.Count);
            Assert.Equal(Tricky, (await graph.Users["org@t.test"].Events.GetAsync())!.Value!.Single().Body!.Content);
            Assert.Single((await graph.Users["6f1c2b47-8a3e-4c4e-9d5a-3c0f1b2a9e10"].Events.GetAsync())!.Value!);
            var onPrem = await Assert.ThrowsAsync<ODataError>(() => graph.Users["onprem@t.test"].Events.GetAsync());
            Assert.Equal("MailboxNotEnabledForRESTAPI", onPrem.Error!.Code);

            (await sb.Http.PostAsync("sandbox/reset", null)).EnsureSuccessStatusCode();
            Assert.Empty((await graph.Users.GetAsync())!.Value!);
            Assert.Equal(0, sb.State.EventCount);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task In_process_model_import_works_for_many_events()
    {
        await using var sb = await StartAsync(seedUsers: false);
        var tenant = new TenantFile();
        for (var u = 0; u < 20; u++) tenant.Users.Add(new TenantUser { UserPrincipalName = $"u{u}@big.test", DisplayName = $"User {u}" });
        for (var i = 0; i < 2000; i++)
            tenant.Events.Add(new TenantEvent { Mailbox = $"u{i % 20}@big.test", Event = JsonNode.Parse(SfbEvent($"u{i % 20}@big.test", $"u{(i + 1) % 20}@big.test")) });
        sb.State.ImportTenant(tenant);
        Assert.Equal(4000, sb.State.EventCount);
        var page = await sb.Graph().Users["u3@big.test"].Events.GetAsync(r => r.QueryParameters.Top = 1000);
        Assert.Equal(200, page!.Value!.Count);
    }

    [Theory]
    [InlineData("{\"users\": 5}", "\"users\" must be an array")]
    [InlineData("{\"users\": [], \"events\": {}}", "\"events\" must be an array")]
    [InlineData("{\"users\": [{\"userPrincipalName\": \"a@t.test\", \"displayName\": \"A\"}], \"events\": [{\"mailbox\": 7, \"event\": {}}]}", "\"mailbox\" (a string)")]
    [InlineData("{\"users\": [{\"userPrincipalName\": \"a@t.test\", \"displayName\": \"A\"}], \"events\": [\"x\"]}", "\"event\" (an object)")]
    public void A_tenant_file_of_the_wrong_shape_is_refused_with_what_is_wrong_and_imports_nothing(string json, string expected)
    {
        var state = new SandboxState();
        var e = Assert.Throws<ArgumentException>(() => state.ImportTenantJson(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message);
        Assert.Empty(state.Users);
        Assert.Equal(0, state.EventCount);
    }
}
