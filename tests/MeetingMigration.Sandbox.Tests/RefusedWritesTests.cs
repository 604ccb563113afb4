using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// Found by an outside probe of the sandbox's HTTP surface: a refused request must change nothing and be a Graph-shaped
/// 4xx, never a 500 with an empty body. Exchange applies a PATCH whole or not at all.
/// </summary>
public class RefusedWritesTests
{
    private static HttpRequestMessage Graph(HttpMethod method, string path, byte[]? body = null)
    {
        var request = new HttpRequestMessage(method, "v1.0/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        if (body != null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        return request;
    }

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

    [Fact]
    public async Task A_PATCH_refused_for_an_end_before_its_start_changes_nothing_and_the_next_PATCH_works()
    {
        await using var sb = await StartAsync();
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Meeting("Probe B", new DateTime(2031, 5, 4, 15, 0, 0, DateTimeKind.Utc), Attendee1));

        using var refused = await sb.Http.SendAsync(Graph(HttpMethod.Patch, $"users/{Organizer}/events/{created!.Id}",
            Utf8("""{"subject":"Probe B renamed","start":{"dateTime":"2031-05-04T18:00:00","timeZone":"UTC"}}""")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var after = await sb.Graph().Users[Organizer].Events[created.Id].GetAsync();
        Assert.Equal("Probe B", after!.Subject);
        Assert.StartsWith("2031-05-04T15:00:00", after.Start!.DateTime);
        Assert.Equal(created.ChangeKey, after.ChangeKey);
        Assert.Empty(sb.State.GetNotifications(kind: "update"));

        using var next = await sb.Http.SendAsync(Graph(HttpMethod.Patch, $"users/{Organizer}/events/{created.Id}", Utf8("""{"subject":"just subject"}""")));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [InlineData("""{"fooBar":1}""", "fooBar")]
    [InlineData("""{"subject":"x","Subject":"y"}""", "Subject")] // names are case-sensitive, as in Graph
    [InlineData("""{"graphResponseHeaders":{}}""", "graphResponseHeaders")]
    public async Task A_PATCH_naming_a_property_an_event_does_not_have_is_RequestBodyRead_and_changes_nothing(string json, string name)
    {
        await using var sb = await StartAsync();
        var created = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Meeting("Named", new DateTime(2031, 5, 4, 15, 0, 0, DateTimeKind.Utc), Attendee1));

        using var refused = await sb.Http.SendAsync(Graph(HttpMethod.Patch, $"users/{Organizer}/events/{created!.Id}", Utf8(json)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ErrorOf(refused);
        Assert.Equal("RequestBodyRead", error.GetProperty("code").GetString());
        Assert.Contains($"'{name}'", error.GetProperty("message").GetString());
        Assert.Equal(created.ChangeKey, (await sb.Graph().Users[Organizer].Events[created.Id].GetAsync())!.ChangeKey);
        // Annotations and Graph's own read-only properties are still ignored, as Graph ignores them.
        using var ignored = await sb.Http.SendAsync(Graph(HttpMethod.Patch, $"users/{Organizer}/events/{created.Id}",
            Utf8("""{"@odata.type":"#microsoft.graph.event","webLink":"https://x","subject":"Named"}""")));
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
    }

    [Fact]
    public async Task A_refused_PATCH_of_an_occurrence_leaves_it_an_occurrence()
    {
        await using var sb = await StartAsync();
        var series = await sb.Graph().Users[Organizer].Events.PostAsync(EventFactory.Weekly("Weekly", new DateTime(2031, 6, 2, 9, 0, 0, DateTimeKind.Utc), 4, Attendee1));
        var occurrence = (await sb.Graph().Users[Organizer].Events[series!.Id].Instances.GetAsync(rc =>
        {
            rc.QueryParameters.StartDateTime = "2031-06-01T00:00:00Z";
            rc.QueryParameters.EndDateTime = "2031-07-01T00:00:00Z";
        }))!.Value![1];

        using var refused = await sb.Http.SendAsync(Graph(HttpMethod.Patch, $"users/{Organizer}/events/{occurrence.Id}",
            Utf8("""{"subject":"moved","end":{"dateTime":"2031-06-01T00:00:00","timeZone":"UTC"}}""")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var after = await sb.Graph().Users[Organizer].Events[occurrence.Id].GetAsync();
        Assert.Equal("Weekly", after!.Subject);
        Assert.Equal(Microsoft.Graph.Models.EventType.Occurrence, after.Type);
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("sandbox")]
    public async Task A_body_that_is_not_UTF8_is_a_400_naming_the_byte_and_stores_nothing(string surface)
    {
        await using var sb = await StartAsync();
        var latin1 = Encoding.Latin1.GetBytes("""{"subject":"café","start":{"dateTime":"2031-05-05T10:00:00","timeZone":"UTC"},"end":{"dateTime":"2031-05-05T11:00:00","timeZone":"UTC"}}""");
        using var request = surface == "v1.0"
            ? Graph(HttpMethod.Post, $"users/{Organizer}/events", latin1)
            : new HttpRequestMessage(HttpMethod.Post, $"sandbox/mailboxes/{Organizer}/events") { Content = new ByteArrayContent(latin1) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } };

        using var response = await sb.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("ErrorInvalidRequest", error.GetProperty("code").GetString());
        Assert.Contains("is not valid UTF-8 at byte 15", error.GetProperty("message").GetString());
        Assert.Empty((await sb.Graph().Users[Organizer].Events.GetAsync())!.Value!);
    }

    [Theory]
    [InlineData("calendarView?startDateTime=9999-01-01T00:00:00Z&endDateTime=9999-06-01T00:00:00Z")]
    [InlineData("calendarView?startDateTime=9998-12-01T00:00:00Z&endDateTime=9999-12-31T23:59:59Z")]
    public async Task A_window_at_the_end_of_time_over_a_series_is_answered_not_a_500(string query)
    {
        await using var sb = await StartAsync();
        using var created = await sb.Http.SendAsync(Graph(HttpMethod.Post, $"users/{Organizer}/events", Utf8("""
            {"subject":"Weekly for ever","start":{"dateTime":"2031-06-02T09:00:00","timeZone":"UTC"},"end":{"dateTime":"2031-06-02T09:30:00","timeZone":"UTC"},
             "recurrence":{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["monday"]},"range":{"type":"noEnd","startDate":"2031-06-02"}}}
            """)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var response = await sb.Http.SendAsync(Graph(HttpMethod.Get, $"users/{Organizer}/{query}"));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.BadRequest) Assert.Equal("ErrorInvalidParameter", (await ErrorOf(response)).GetProperty("code").GetString());
        // An occurrence id of that year: found (a Monday) or not found, never a 500.
        var seriesId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        foreach (var occurrence in new[] { "99981229T090000", "99991231T090000" })
        {
            using var read = await sb.Http.SendAsync(Graph(HttpMethod.Get, $"users/{Organizer}/events/{seriesId}_OID_{occurrence}"));
            Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{occurrence}: {(int)read.StatusCode}");
        }
    }

    [Theory]
    [InlineData("""{"type":"absoluteYearly","interval":9000,"dayOfMonth":7,"month":2}""")]
    [InlineData("""{"type":"daily","interval":2147483647}""")]
    [InlineData("""{"type":"absoluteMonthly","interval":100000,"dayOfMonth":7}""")]
    public async Task A_series_whose_interval_reaches_past_the_end_of_time_does_not_break_calendar_reads(string pattern)
    {
        await using var sb = await StartAsync();
        var body = Utf8($$$"""
            {"subject":"Poison","start":{"dateTime":"2031-02-07T10:00:00","timeZone":"UTC"},"end":{"dateTime":"2031-02-07T10:30:00","timeZone":"UTC"},
             "recurrence":{"pattern":{{{pattern}}},"range":{"type":"noEnd","startDate":"2031-02-07"}},
             "attendees":[{"type":"required","emailAddress":{"address":"{{{Attendee1}}}"}}]}
            """);
        using var created = await sb.Http.SendAsync(Graph(HttpMethod.Post, $"users/{Organizer}/events", body));
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");

        foreach (var user in new[] { Organizer, Attendee1 })
        {
            using var view = await sb.Http.SendAsync(Graph(HttpMethod.Get, $"users/{user}/calendarView?startDateTime=2031-01-01T00:00:00Z&endDateTime=2031-12-01T00:00:00Z"));
            Assert.True(view.StatusCode == HttpStatusCode.OK, $"{user}: {(int)view.StatusCode}: {await view.Content.ReadAsStringAsync()}");
        }
    }
}
