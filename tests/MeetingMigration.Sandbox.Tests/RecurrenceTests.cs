using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;
using GraphEventType = Microsoft.Graph.Models.EventType;

namespace MeetingMigration.Sandbox.Tests;

public class RecurrenceTests
{
    private static readonly DateTime Monday = new(2031, 3, 3, 15, 0, 0, DateTimeKind.Utc);

    private static async Task<List<Event>> View(GraphServiceClient graph, string user, DateTime from, DateTime to)
    {
        var page = await graph.Users[user].CalendarView.GetAsync(r =>
        {
            r.QueryParameters.StartDateTime = from.ToString("o");
            r.QueryParameters.EndDateTime = to.ToString("o");
            r.QueryParameters.Top = 1000;
        });
        return page!.Value!;
    }

    [Fact]
    public async Task Weekly_numbered_series_expands_in_calendarView_but_not_in_events()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var master = await graph.Users[Organizer].Events.PostAsync(EventFactory.Weekly("Weekly", Monday, 5, Attendee1));
        Assert.Equal(GraphEventType.SeriesMaster, master!.Type);

        var view = await View(graph, Organizer, Monday.AddDays(-1), Monday.AddDays(60));
        Assert.Equal(5, view.Count);
        Assert.All(view, o => Assert.Equal(GraphEventType.Occurrence, o.Type));
        Assert.All(view, o => Assert.Equal(master.Id, o.SeriesMasterId));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => Monday.AddDays(7 * i)), view.Select(o => o.OriginalStart!.Value.UtcDateTime));
        Assert.Equal(5, view.Select(o => o.ICalUId).Distinct().Count());

        var events = await graph.Users[Organizer].Events.GetAsync();
        Assert.Equal(master.Id, Assert.Single(events!.Value!).Id);

        // The attendee's copy is a series too.
        Assert.Equal(5, (await View(graph, Attendee1, Monday.AddDays(-1), Monday.AddDays(60))).Count);
    }

    [Fact]
    public async Task Patching_an_occurrence_makes_an_exception_with_its_own_body()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var master = await graph.Users[Organizer].Events.PostAsync(EventFactory.Weekly("Series", Monday, 4, Attendee1, Attendee2));
        var third = (await View(graph, Organizer, Monday, Monday.AddDays(30)))[2];

        var fetched = await graph.Users[Organizer].Events[third.Id].GetAsync();
        Assert.Equal(third.Id, fetched!.Id);

        var exception = await graph.Users[Organizer].Events[third.Id].PatchAsync(new Event
        {
            Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>only this one</p>" },
        });
        Assert.Equal(GraphEventType.Exception, exception!.Type);
        Assert.Equal(third.Id, exception.Id);
        Assert.Equal(1, sb.Notifications(Attendee1, "update"));

        var instances = await graph.Users[Organizer].Events[master!.Id].Instances.GetAsync(r =>
        {
            r.QueryParameters.StartDateTime = Monday.ToString("o");
            r.QueryParameters.EndDateTime = Monday.AddDays(30).ToString("o");
        });
        Assert.Equal(4, instances!.Value!.Count);
        Assert.Equal(new[] { "<p>only this one</p>" }, instances.Value.Where(i => i.Type == GraphEventType.Exception).Select(i => i.Body!.Content));
        Assert.Equal(3, instances.Value.Count(i => i.Type == GraphEventType.Occurrence && i.Body!.Content!.Contains("Agenda for Series")));
        var masterAfter = await graph.Users[Organizer].Events[master.Id].GetAsync();
        Assert.Contains("Agenda for Series", masterAfter!.Body!.Content);

        // Attendee copies mirror the exception.
        var attendeeView = await View(graph, Attendee2, Monday, Monday.AddDays(30));
        Assert.Equal("<p>only this one</p>", attendeeView.Single(e => e.Type == GraphEventType.Exception).Body!.Content);
    }

    [Fact]
    public async Task Series_patch_sends_one_update_for_the_series_plus_one_per_edited_exception()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var master = await graph.Users[Organizer].Events.PostAsync(EventFactory.Weekly("Series", Monday, 4, Attendee1, Attendee2));
        var second = (await View(graph, Organizer, Monday, Monday.AddDays(30)))[1];
        await graph.Users[Organizer].Events[second.Id].PatchAsync(new Event { Subject = "moved" });
        sb.State.ClearNotifications();

        await graph.Users[Organizer].Events[master!.Id].PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>new series body</p>" } });
        Assert.Equal(2, sb.Notifications(Attendee1, "update"));
        Assert.Equal(2, sb.Notifications(Attendee2, "update"));
    }

    [Fact]
    public async Task Deleting_an_occurrence_leaves_it_out_of_instances()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        await graph.Users[Organizer].Events.PostAsync(EventFactory.Weekly("Series", Monday, 4, Attendee1));
        var first = (await View(graph, Organizer, Monday, Monday.AddDays(30)))[0];
        await graph.Users[Organizer].Events[first.Id].DeleteAsync();
        Assert.Equal(3, (await View(graph, Organizer, Monday, Monday.AddDays(30))).Count);
        Assert.Equal(1, sb.Notifications(Attendee1, "cancellation"));
        await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events[first.Id].GetAsync());
    }

    [Theory]
    [InlineData("""{"pattern":{"type":"daily","interval":2},"range":{"type":"endDate","startDate":"2031-03-03","endDate":"2031-03-12"}}""", "2031-03-03,2031-03-05,2031-03-07,2031-03-09,2031-03-11")]
    [InlineData("""{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["monday","wednesday"],"firstDayOfWeek":"sunday"},"range":{"type":"numbered","startDate":"2031-03-03","numberOfOccurrences":5}}""", "2031-03-03,2031-03-05,2031-03-10,2031-03-12,2031-03-17")]
    [InlineData("""{"pattern":{"type":"absoluteMonthly","interval":1,"dayOfMonth":31},"range":{"type":"numbered","startDate":"2031-01-31","numberOfOccurrences":3}}""", "2031-01-31,2031-02-28,2031-03-31")]
    [InlineData("""{"pattern":{"type":"relativeMonthly","interval":1,"daysOfWeek":["tuesday"],"index":"second"},"range":{"type":"endDate","startDate":"2031-01-01","endDate":"2031-04-30"}}""", "2031-01-14,2031-02-11,2031-03-11,2031-04-08")]
    [InlineData("""{"pattern":{"type":"relativeMonthly","interval":1,"daysOfWeek":["friday"],"index":"last"},"range":{"type":"numbered","startDate":"2031-01-01","numberOfOccurrences":2}}""", "2031-01-31,2031-02-28")]
    public async Task Patterns_expand_to_the_expected_dates(string recurrence, string expected)
    {
        await using var sb = await StartAsync();
        var start = expected.Split(',')[0];
        sb.State.ImportEvent(Organizer, $$"""{"subject":"p","start":{"dateTime":"{{start}}T09:00:00","timeZone":"W. Europe Standard Time"},"end":{"dateTime":"{{start}}T09:30:00","timeZone":"W. Europe Standard Time"},"recurrence":{{recurrence}}}""");
        var view = await View(sb.Graph(), Organizer, new DateTime(2030, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2031, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("W. Europe Standard Time");
        Assert.Equal(expected.Split(','), view.Select(o => TimeZoneInfo.ConvertTimeFromUtc(o.OriginalStart!.Value.UtcDateTime, berlin).ToString("yyyy-MM-dd")));
        Assert.All(view, o => Assert.Equal(9, TimeZoneInfo.ConvertTimeFromUtc(DateTime.Parse(o.Start!.DateTime!, null, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal), berlin).Hour));
    }

    [Fact]
    public async Task CalendarView_validates_its_window()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var tooLong = await Assert.ThrowsAsync<ODataError>(() => View(graph, Organizer, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2035, 1, 2, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(400, tooLong.ResponseStatusCode);
        Assert.Equal("ErrorInvalidRequest", tooLong.Error!.Code);
        var missing = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].CalendarView.GetAsync());
        Assert.Equal(400, missing.ResponseStatusCode);
        Assert.NotNull(missing.Error!.Code);
    }
}
