using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Sandbox.Tests.Reference;
using Xunit;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// The calendar view that expands only the window it is asked for (and sorts ids only among items starting together)
/// must list exactly the items, in exactly the order, of the view that walked every series from its start
/// (<see cref="ReferenceCalendarView"/>); looking an occurrence up by id must agree with it too.
/// </summary>
public class CalendarViewTests
{
    private static readonly SandboxState State = VariedCalendars.Create();

    [Fact]
    public void Windows_list_the_same_items_in_the_same_order()
    {
        var random = new Random(7);
        var windows = new List<(DateTime Start, DateTime End)>
        {
            (VariedCalendars.Now, VariedCalendars.Now.AddDays(1825)),
            (VariedCalendars.Now.AddDays(-1825), VariedCalendars.Now),
            (DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc).AddDays(1825)),
            // Around the daylight saving changes of Berlin and New York in 2026.
            (new DateTime(2026, 3, 28, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 30, 0, 0, 0, DateTimeKind.Utc)),
            (new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc)),
        };
        for (var i = 0; i < 60; i++)
        {
            var start = VariedCalendars.Now.AddDays(random.Next(-900, 900)).AddMinutes(random.Next(0, 24 * 60));
            windows.Add((start, start.AddMinutes(random.Next(1, 2 * 365 * 24 * 60))));
        }
        var compared = 0;
        lock (State.Sync)
        {
            foreach (var user in State.UsersLocked)
                foreach (var (start, end) in windows)
                {
                    var expected = ReferenceCalendarView.CalendarView(State.TopLevelEventsLocked(user), start, end);
                    var actual = State.CalendarViewLocked(user, start, end);
                    Assert.Equal(expected.Count, actual.Count);
                    for (var i = 0; i < expected.Count; i++)
                    {
                        Assert.Same(expected[i].Source, actual[i].Source);
                        Assert.Equal(expected[i].StartUtc, actual[i].StartUtc);
                        Assert.Equal(expected[i].IsOccurrence, actual[i].IsOccurrence);
                    }
                    compared += expected.Count;
                }
        }
        Assert.True(compared > 20_000, $"only {compared} items compared");
    }

    [Fact]
    public void Instances_are_the_same()
    {
        lock (State.Sync)
        {
            foreach (var user in State.UsersLocked)
                foreach (var master in State.TopLevelEventsLocked(user).Where(e => e.Type == EventType.SeriesMaster))
                {
                    var start = VariedCalendars.Now.AddDays(-500);
                    var end = VariedCalendars.Now.AddDays(700);
                    var expected = ReferenceCalendarView.CalendarView(new[] { master }, start, end).OrderBy(e => e.StartUtc).ToList();
                    var actual = State.InstancesLocked(master, start, end);
                    Assert.Equal(expected.Select(e => (e.Id, e.StartUtc)).OrderBy(x => x), actual.Select(e => (e.Id, e.StartUtc)).OrderBy(x => x));
                    Assert.Equal(expected.Select(e => e.StartUtc), actual.Select(e => e.StartUtc));
                }
        }
    }

    [Fact]
    public void Occurrence_ids_are_recognized_as_before()
    {
        var recognized = 0;
        lock (State.Sync)
        {
            foreach (var user in State.UsersLocked)
                foreach (var entry in ReferenceCalendarView.CalendarView(State.TopLevelEventsLocked(user), VariedCalendars.Now.AddDays(-700), VariedCalendars.Now.AddDays(700)))
                {
                    if (!entry.IsOccurrence) continue;
                    // The occurrence itself, and instants near it that are not occurrences (or are other ones).
                    foreach (var shift in new[] { 0, 1, -1, 24, 24 * 7, -24 * 30 })
                    {
                        var candidate = entry.StartUtc.AddHours(shift);
                        var expected = entry.Source.CancelledOccurrences?.Contains(candidate) != true
                            && ReferenceCalendarView.IsOccurrenceOf(entry.Source, candidate);
                        var found = State.FindEventLocked(user, Ids.OccurrenceId(entry.Source.Id, candidate));
                        Assert.Equal(expected, found is not null);
                        if (expected) recognized++;
                    }
                }
        }
        Assert.True(recognized > 1000, $"only {recognized} occurrences recognized");
    }
}
