using System;
using System.Linq;
using MeetingMigration.Sandbox.Tests.Reference;
using Xunit;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// The UTF-8 event writer, which writes occurrences straight from their master and from snapshots, must give byte for byte
/// the JSON of the string-based writer it replaced (<see cref="ReferenceEventJsonWriter"/>, writing built occurrences).
/// </summary>
public class EventJsonWriterTests
{
    private static readonly SandboxState State = VariedCalendars.Create();

    [Fact]
    public void Calendar_views_are_written_as_before_in_every_rendering()
    {
        var compared = 0;
        var occurrences = 0;
        lock (State.Sync)
        {
            foreach (var user in State.UsersLocked)
            {
                var entries = State.CalendarViewLocked(user, VariedCalendars.Now.AddDays(-800), VariedCalendars.Now.AddDays(1025));
                var snapshots = ViewEntry.Snapshot(entries, 0, entries.Count);
                for (var i = 0; i < entries.Count; i++)
                {
                    AssertSameJson(entries[i], snapshots[i]);
                    compared++;
                    if (entries[i].IsOccurrence) occurrences++;
                }
            }
        }
        Assert.True(compared > 2000, $"only {compared} items compared");
        Assert.True(occurrences > 1000, $"only {occurrences} occurrences compared");
    }

    [Fact]
    public void Stored_items_and_instances_are_written_as_before_in_every_rendering()
    {
        var exceptions = 0;
        lock (State.Sync)
        {
            foreach (var user in State.UsersLocked)
                foreach (var ev in State.TopLevelEventsLocked(user))
                {
                    AssertSameJson(ViewEntry.Of(ev), ViewEntry.Of(ev).Snapshot());
                    if (ev.Type != EventType.SeriesMaster) continue;
                    foreach (var instance in State.InstancesLocked(ev, VariedCalendars.Now.AddDays(-400), VariedCalendars.Now.AddDays(400)).Take(30))
                    {
                        AssertSameJson(instance, instance.Snapshot());
                        if (!instance.IsOccurrence) exceptions++;
                    }
                }
        }
        Assert.True(exceptions > 5, $"only {exceptions} exceptions compared");
    }

    [Fact]
    public void An_occurrence_looked_up_by_id_is_written_as_before()
    {
        lock (State.Sync)
        {
            var zoe = State.FindUserLocked(VariedCalendars.Zoe)!;
            var entry = State.CalendarViewLocked(zoe, VariedCalendars.Now, VariedCalendars.Now.AddDays(60)).First(e => e.IsOccurrence);
            var found = State.FindEventLocked(zoe, entry.Id)!;
            Assert.Equal(EventType.Occurrence, found.Type);
            AssertSameJson(entry, ViewEntry.Of(found));
        }
    }

    [Fact]
    public void The_characters_written_without_escaping_need_none()
    {
        // Change keys (base64), ids (base64url) and dates are written raw; the sandbox's encoder must leave them as they are.
        foreach (var c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_:.TZ")
            Assert.Equal($"\"{c}\"", VariedCalendars.Text(GraphJson.Write(w => w.WriteStringValue(c.ToString()))));
    }

    private static void AssertSameJson(ViewEntry entry, ViewEntry written)
    {
        foreach (var (name, options) in VariedCalendars.RenderOptions())
        {
            var expected = VariedCalendars.Text(GraphJson.Write(w => ReferenceEventJsonWriter.Write(w, entry.Build(), options())));
            var actual = VariedCalendars.Text(GraphJson.Write(w => EventJsonWriter.Write(w, written, options())));
            if (expected != actual) Assert.Fail($"{name}, {entry.Id}:\nexpected {expected}\nactual   {actual}");
        }
    }
}
