using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;
using GraphEventType = Microsoft.Graph.Models.EventType;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>The sandbox-only "exceptions" array of an imported series master.</summary>
public class ImportExceptionsTests
{
    // A Monday; the series is weekly, four occurrences: Mar 3, 10, 17, 24 2031 at 15:00 UTC.
    private static readonly DateTime First = new(2031, 3, 3, 15, 0, 0, DateTimeKind.Utc);
    private const string MasterBody = "<html><body><p>Series agenda</p></body></html>";
    private const string ExceptionBody = "<html><body><p>This week only: room 2 — 会议 👋🏽</p></body></html>";

    private static JsonObject Time(DateTime utc) => new() { ["dateTime"] = utc.ToString("yyyy-MM-ddTHH:mm:ss"), ["timeZone"] = "UTC" };

    private static JsonObject Series(params JsonObject[] exceptions) => new()
    {
        ["subject"] = "Imported weekly",
        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = MasterBody },
        ["start"] = Time(First),
        ["end"] = Time(First.AddMinutes(30)),
        ["attendees"] = new JsonArray(new JsonObject { ["type"] = "required", ["emailAddress"] = new JsonObject { ["address"] = Attendee1 } }),
        ["recurrence"] = new JsonObject
        {
            ["pattern"] = new JsonObject { ["type"] = "weekly", ["interval"] = 1, ["daysOfWeek"] = new JsonArray("monday") },
            ["range"] = new JsonObject { ["type"] = "numbered", ["startDate"] = "2031-03-03", ["numberOfOccurrences"] = 4 },
        },
        ["exceptions"] = new JsonArray(exceptions.Select(x => (JsonNode)x).ToArray()),
    };

    /// <summary>The second occurrence, moved a day and an hour later, with its own subject and body.</summary>
    private static JsonObject MovedSecond() => new()
    {
        ["originalStart"] = "2031-03-10T15:00:00Z",
        ["start"] = Time(First.AddDays(8).AddHours(1)),
        ["end"] = Time(First.AddDays(8).AddHours(1).AddMinutes(30)),
        ["subject"] = "Imported weekly (moved)",
        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = ExceptionBody },
    };

    private static async Task<List<Event>> Instances(GraphServiceClient graph, string user, string masterId)
    {
        var page = await graph.Users[user].Events[masterId].Instances.GetAsync(r =>
        {
            r.QueryParameters.StartDateTime = First.AddDays(-1).ToString("o");
            r.QueryParameters.EndDateTime = First.AddDays(40).ToString("o");
        });
        return page!.Value!;
    }

    [Fact]
    public async Task Imported_exception_replaces_its_occurrence_with_its_own_times_subject_and_body_and_mails_nobody()
    {
        await using var sb = await StartAsync();
        var masterId = sb.State.ImportEvent(Organizer, Series(MovedSecond()).ToJsonString());
        var graph = sb.Graph();

        var instances = await Instances(graph, Organizer, masterId);

        Assert.Equal(4, instances.Count);
        var exception = Assert.Single(instances, i => i.Type == GraphEventType.Exception);
        Assert.Equal(masterId + "_OID_20310310T150000", exception.Id);
        Assert.Equal(new DateTime(2031, 3, 10, 15, 0, 0, DateTimeKind.Utc), exception.OriginalStart!.Value.UtcDateTime);
        Assert.Equal("2031-03-11T16:00:00.0000000", exception.Start!.DateTime);
        Assert.Equal("Imported weekly (moved)", exception.Subject);
        Assert.Equal(ExceptionBody, exception.Body!.Content);
        Assert.Equal(masterId, exception.SeriesMasterId);
        Assert.All(instances.Where(i => i.Id != exception.Id), o =>
        {
            Assert.Equal(GraphEventType.Occurrence, o.Type);
            Assert.Equal(MasterBody, o.Body!.Content);
        });
        var master = await graph.Users[Organizer].Events[masterId].GetAsync();
        Assert.NotEqual(master!.ICalUId, exception.ICalUId);
        Assert.Equal(ExceptionBody, (await graph.Users[Organizer].Events[exception.Id].GetAsync())!.Body!.Content);
        Assert.Empty(sb.State.GetNotifications());
        Assert.Equal(4, sb.State.EventCount); // master, its exception, the attendee's copy and the copy's exception
    }

    [Fact]
    public async Task The_attendees_copy_carries_the_exception_too()
    {
        await using var sb = await StartAsync();
        sb.State.ImportEvent(Organizer, Series(MovedSecond()).ToJsonString());
        var graph = sb.Graph();
        var copy = Assert.Single((await graph.Users[Attendee1].Events.GetAsync())!.Value!);

        var instances = await Instances(graph, Attendee1, copy.Id!);

        var exception = Assert.Single(instances, i => i.Type == GraphEventType.Exception);
        Assert.False(exception.IsOrganizer);
        Assert.Equal(ExceptionBody, exception.Body!.Content);
        Assert.Equal("2031-03-11T16:00:00.0000000", exception.Start!.DateTime);
    }

    [Fact]
    public async Task A_master_patch_mails_the_series_and_each_imported_exception_but_leaves_the_exception_body()
    {
        await using var sb = await StartAsync();
        var masterId = sb.State.ImportEvent(Organizer, Series(MovedSecond()).ToJsonString());
        var graph = sb.Graph();

        await graph.Users[Organizer].Events[masterId].PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>new series body</p>" } });

        var updates = sb.State.GetNotifications(recipient: Attendee1, kind: "update");
        Assert.Equal(2, updates.Count); // the series plus the one exception, as for exceptions made by PATCH
        Assert.Single(updates, u => u.OccurrenceStart == new DateTimeOffset(2031, 3, 10, 15, 0, 0, TimeSpan.Zero));
        var exception = Assert.Single(await Instances(graph, Organizer, masterId), i => i.Type == GraphEventType.Exception);
        Assert.Equal(ExceptionBody, exception.Body!.Content);
    }

    public static IEnumerable<object[]> InvalidImports() => new[]
    {
        new object[] { "not an occurrence", Series(new JsonObject { ["originalStart"] = "2031-03-11T15:00:00Z", ["start"] = Time(First), ["end"] = Time(First.AddMinutes(30)) }) },
        new object[] { "after the last occurrence", Series(new JsonObject { ["originalStart"] = "2031-03-31T15:00:00Z", ["start"] = Time(First), ["end"] = Time(First.AddMinutes(30)) }) },
        new object[] { "twice the same occurrence", Series(MovedSecond(), MovedSecond()) },
        new object[] { "no start", Series(new JsonObject { ["originalStart"] = "2031-03-10T15:00:00Z", ["end"] = Time(First.AddDays(7).AddMinutes(30)) }) },
        new object[] { "no originalStart", Series(new JsonObject { ["start"] = Time(First.AddDays(7)), ["end"] = Time(First.AddDays(7).AddMinutes(30)) }) },
        new object[] { "attendees", Series(new JsonObject { ["originalStart"] = "2031-03-10T15:00:00Z", ["start"] = Time(First.AddDays(7)), ["end"] = Time(First.AddDays(7).AddMinutes(30)), ["attendees"] = new JsonArray() }) },
        new object[] { "a single instance", Without(Series(MovedSecond()), "recurrence") },
    };

    private static JsonObject Without(JsonObject o, string property)
    {
        o.Remove(property);
        return o;
    }

    [Theory]
    [MemberData(nameof(InvalidImports))]
    public async Task An_invalid_exception_refuses_the_whole_import(string why, JsonObject ev)
    {
        await using var sb = await StartAsync();

        using var response = await sb.Http.PostAsync($"sandbox/mailboxes/{Organizer}/events", new StringContent(ev.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        Assert.Equal(0, sb.State.EventCount);
    }

    [Fact]
    public async Task Exceptions_arrive_through_the_tenant_file_too()
    {
        await using var sb = await StartAsync(seedUsers: false);
        var tenant = new JsonObject
        {
            ["users"] = new JsonArray(new JsonObject { ["userPrincipalName"] = Organizer }, new JsonObject { ["userPrincipalName"] = Attendee1 }),
            ["events"] = new JsonArray(new JsonObject { ["mailbox"] = Organizer, ["event"] = Series(MovedSecond()) }),
        };

        using var response = await sb.Http.PostAsync("sandbox/tenant", new StringContent(tenant.ToJsonString(), Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        var master = Assert.Single((await sb.Graph().Users[Organizer].Events.GetAsync())!.Value!);
        Assert.Single(await Instances(sb.Graph(), Organizer, master.Id!), i => i.Type == GraphEventType.Exception && i.Body!.Content == ExceptionBody);
    }
}
