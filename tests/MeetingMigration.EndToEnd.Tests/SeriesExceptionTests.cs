using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;
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

        Assert.False(await h.Graph.Gateway.HasOccurrenceStartingBetweenAsync(ended.Mailbox, h.EventIds[ended.ICalUId], now, now.AddDays(1825), default), ended.Subject);
        Assert.True(await h.Graph.Gateway.HasOccurrenceStartingBetweenAsync(running.Mailbox, h.EventIds[running.ICalUId], now, now.AddDays(1825), default), running.Subject);
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

    /// <summary>
    /// An occurrence its organizer moves after the migration becomes an exception carrying the series' migrated body; the
    /// undo of the series puts the earlier block back in it too (an outside re-probe found it left with the removed details),
    /// found through Graph's instances of the master, read through the SDK.
    /// </summary>
    [Fact]
    public async Task An_occurrence_moved_after_the_migration_gets_the_earlier_block_back_from_the_undo_of_its_series()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 30, seed: 9, tune: o => o with { RecurringFraction = 0.8 });
        var series = h.Tenant.Expectations().First(e => e.Recurrence != RecurrenceKind.None && e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams
                                                        && e.Exceptions.Count == 0 && e.InternalAttendees.Count > 0);
        var upn = series.Mailbox;
        var masterId = h.EventIds[series.ICalUId];
        h.Sandbox.State.SetConferencing(upn, new ConferencingSettings("6100200", "+1 425 555 0161", new[] { "+1 800 555 0161" }, "https://dialin.example.com/s"));
        var migration = await h.MigrateAsync(upn);
        Assert.True(migration.State == MigrationState.Succeeded, migration.LastMessage);

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MigrationHarness.AccessToken);
        var now = DateTime.UtcNow;
        var instances = await http.GetStringAsync($"{h.Sandbox.GraphBaseUrl}/users/{upn}/events/{masterId}/instances?startDateTime={now.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}" +
                                                  $"&endDateTime={now.AddDays(400):yyyy-MM-ddTHH:mm:ssZ}&$select=id,start,end,type");
        var occurrence = JsonDocument.Parse(instances).RootElement.GetProperty("value").EnumerateArray().First(e => e.GetProperty("type").GetString() == "occurrence");
        var occurrenceId = occurrence.GetProperty("id").GetString()!;
        string Moved(string edge) => DateTime.Parse(occurrence.GetProperty(edge).GetProperty("dateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var timeZone = occurrence.GetProperty("start").GetProperty("timeZone").GetString();
        var move = new StringContent($"{{\"start\":{{\"dateTime\":\"{Moved("start")}\",\"timeZone\":\"{timeZone}\"}},\"end\":{{\"dateTime\":\"{Moved("end")}\",\"timeZone\":\"{timeZone}\"}}}}",
            Encoding.UTF8, "application/json");
        (await http.PatchAsync($"{h.Sandbox.GraphBaseUrl}/users/{upn}/events/{occurrenceId}", move)).EnsureSuccessStatusCode();
        var migratedSeries = (await h.Graph.Gateway.GetEventAsync(upn, masterId, default))!.Body;
        Assert.Equal(migratedSeries, (await h.Graph.Gateway.GetEventAsync(upn, occurrenceId, default))!.Body);
        var attendee = series.InternalAttendees[0];
        var updatesBefore = h.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", eventId: occurrenceId).Count;

        var admin = new MigrationAdmin(h.Store);
        var queued = await admin.QueueUndoAsync(await admin.PlanUndoAsync(null, migration.CorrelationId, default), default);
        var undo = await new MigrationWorker(h.Store, h.Graph.Gateway, "e2e").RunNextAsync(queued.Request.CorrelationId, null, default);

        Assert.True(undo!.State == MigrationState.Succeeded, undo.LastMessage);
        var original = h.OriginalBody(series.ICalUId);
        Assert.Equal(original, (await h.Graph.Gateway.GetEventAsync(upn, masterId, default))!.Body);
        Assert.Equal(original, (await h.Graph.Gateway.GetEventAsync(upn, occurrenceId, default))!.Body);
        Assert.Equal(migration.InvitesUpdate + 1, undo.InvitesUpdate); // what the migration updated, and the moved occurrence
        var row = (await h.Store.GetLatestJournalByEventAsync(upn, default))[occurrenceId];
        Assert.Equal((MeetingOutcome.Restored, undo.CorrelationId), (row.Outcome, row.CorrelationId));
        // The series' re-send of the occurrence (Exchange's, for every edited occurrence) and the occurrence's own update.
        Assert.Equal(updatesBefore + 2, h.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", eventId: occurrenceId).Count);
    }
}
