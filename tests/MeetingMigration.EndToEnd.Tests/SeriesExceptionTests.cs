using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

public sealed class SeriesExceptionTests
{
    /// <summary>
    /// An undo asks Graph (the instances of a series' master) whether a series runs on: a master's own start and end are
    /// its first occurrence's, and an undo rewrote a series whose every occurrence had ended (an outside probe).
    /// </summary>
    [Fact]
    public async Task Graph_tells_a_series_that_runs_on_from_one_whose_occurrences_have_all_ended()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 30, seed: 9, tune: o => o with { RecurringFraction = 0.8 });
        var series = h.Tenant.Expectations().Where(e => e.Recurrence != RecurrenceKind.None).ToList();
        var ended = series.First(e => e.Outcome == ExpectedOutcome.SkipPast);
        var running = series.First(e => e.Outcome == ExpectedOutcome.Migrate && e.SeriesSpansNow);
        var now = DateTime.UtcNow;

        Assert.False(await h.Graph.Gateway.HasOccurrenceBetweenAsync(ended.Mailbox, h.EventIds[ended.ICalUId], now, now.AddDays(1825), default), ended.Subject);
        Assert.True(await h.Graph.Gateway.HasOccurrenceBetweenAsync(running.Mailbox, h.EventIds[running.ICalUId], now, now.AddDays(1825), default), running.Subject);
    }

    [Fact]
    public async Task A_series_is_updated_through_its_master_and_each_exception_ahead_on_its_own()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 30, seed: 9,
            tune: o => o with { SeriesExceptionFraction = 1.0, RecurringFraction = 0.6 });
        var user = h.Tenant.Users.First(u => h.ExpectationsOf(u.UserPrincipalName).Any(e =>
            e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams && e.Exceptions.Any(x => x.Outcome == ExpectedOutcome.Migrate) && e.InternalAttendees.Count > 0));
        var upn = user.UserPrincipalName;
        h.Sandbox.State.SetConferencing(upn, new ConferencingSettings("6100200", "+1 425 555 0161", new[] { "+1 800 555 0161" }, "https://dialin.example.com/s"));

        var done = await h.MigrateAsync(upn);

        Assert.True(done.State == MigrationState.Succeeded, done.LastMessage);
        foreach (var series in h.ExpectationsOf(upn).Where(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams && e.Exceptions.Count > 0))
        {
            foreach (var attendee in series.InternalAttendees)
            {
                // The series: one update, from the master's PATCH.
                Assert.Single(h.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", iCalUId: series.ICalUId));
                foreach (var exception in series.Exceptions)
                {
                    var updates = h.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", iCalUId: exception.ICalUId);
                    if (exception.Outcome == ExpectedOutcome.Migrate)
                    {
                        // Exchange re-sends an edited occurrence when its series changes, and a master's new body does not reach the
                        // occurrence's own body, so the occurrence is patched too: two messages, never more (a Graph limit).
                        Assert.Equal(2, updates.Count);
                        var item = await h.Graph.Gateway.GetEventAsync(upn, updates[0].EventId, default);
                        Assert.Contains("6100200", item!.Body);
                        foreach (var text in exception.TextOutsideBlock) Assert.True(BodyText.Has(item.Body, text), $"lost: {text}");
                    }
                    else
                    {
                        // A past exception is left alone: at most the series' re-send reaches it.
                        Assert.True(updates.Count <= 1, $"{updates.Count} updates for a past exception");
                    }
                }
            }
        }
    }
}
