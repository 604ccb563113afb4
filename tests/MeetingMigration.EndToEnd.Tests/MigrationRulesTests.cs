using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

public sealed class MigrationRulesTests
{
    private static readonly ConferencingSettings NewBridge = new("8675309", "+1 425 555 0199", new[] { "+1 800 555 0142" }, "https://dialin.teams.microsoft.com/e2e");

    [Fact]
    public async Task Teams_meetings_get_current_dial_in_once_per_attendee_and_text_outside_the_block_is_kept()
    {
        await using var h = await MigrationHarness.StartAsync();
        var user = h.Tenant.Users.First(u => h.ExpectationsOf(u.UserPrincipalName).Any(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams));
        h.Sandbox.State.SetConferencing(user.UserPrincipalName, NewBridge);

        var done = await h.MigrateAsync(user.UserPrincipalName);

        var expected = h.ExpectationsOf(user.UserPrincipalName).ToList();
        var migrated = expected.Where(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams).ToList();
        Assert.Equal(MigrationState.Succeeded, done.State);
        var missed = new List<string>();
        foreach (var meeting in migrated)
        {
            var body = (await h.Graph.Gateway.GetEventAsync(user.UserPrincipalName, h.EventIds[meeting.ICalUId], default))?.Body ?? "";
            if (!body.Contains("8675309")) missed.Add($"{meeting.Subject} {meeting.Layout} {meeting.BodyFormat} {meeting.Recurrence} spansNow={meeting.SeriesSpansNow}");
        }
        Assert.True(missed.Count == 0, "not migrated: " + string.Join(" | ", missed));
        Assert.True(done.SucceededMeeting >= migrated.Count, $"{done.SucceededMeeting} succeeded, {migrated.Count} expected ({string.Join(",", migrated.Select(m => m.PeopleIncludingOrganizer + "/" + m.InternalAttendees.Count))}); {done.LastMessage}");
        foreach (var meeting in migrated)
        {
            var item = await h.Graph.Gateway.GetEventAsync(user.UserPrincipalName, h.EventIds[meeting.ICalUId], default);
            Assert.NotNull(item);
            Assert.Contains("8675309", item!.Body);
            foreach (var text in meeting.TextOutsideBlock) Assert.True(BodyText.Has(item.Body, text), $"lost: {text}");
            // The same Teams meeting keeps its options page and video (CVI) details, in every layout and language.
            var written = Engine.Blocks.BlockScanner.Scan(item.Body, item.BodyIsHtml ? Engine.Blocks.BodyFormat.Html : Engine.Blocks.BodyFormat.Text).Match!.Parsed;
            Assert.Equal(meeting.MeetingOptionsUrl, written.MeetingOptionsUrl);
            Assert.Equal(meeting.VideoTenantKey, written.VideoConferencing?.TenantKey);
            Assert.Equal(meeting.VideoId, written.VideoConferencing?.VideoId);
            await h.AssertOnlyTheBlockChangedAsync(user.UserPrincipalName, meeting.ICalUId, item!.Body);
            foreach (var attendee in meeting.InternalAttendees)
            {
                var updates = h.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", iCalUId: meeting.ICalUId);
                Assert.True(updates.Count >= 1, $"{attendee} got no update for '{meeting.Subject}'");
                // One update per attendee per item the migration touched, never two.
                Assert.All(updates.GroupBy(n => (n.EventId, n.OccurrenceStart)), g => Assert.Single(g));
            }
        }
        foreach (var untouched in expected.Where(e => e.Outcome != ExpectedOutcome.Migrate))
            Assert.Empty(h.Sandbox.State.GetNotifications(kind: "update", iCalUId: untouched.ICalUId));
    }

    /// <summary>
    /// Every Teams layout, body format and language the generator writes: the refreshed block keeps the meeting's options
    /// page and its video (CVI) tenant key and ID, read from blocks in labels the engine does not know (the sandbox's own
    /// translations), from received copies behind Safe Links, in HTML and in text.
    /// </summary>
    [Fact]
    public async Task A_refreshed_teams_block_keeps_the_meetings_options_page_and_video_details_in_every_layout_and_language()
    {
        await using var h = await MigrationHarness.StartAsync(users: 6, meetingsPerUser: 40, seed: 29);
        var covered = new HashSet<string>();
        var languages = new HashSet<string>();
        foreach (var user in h.Tenant.Users)
        {
            var teams = h.ExpectationsOf(user.UserPrincipalName).Where(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == Sandbox.Seeding.MeetingKind.Teams).ToList();
            if (teams.Count == 0) continue;
            h.Sandbox.State.SetConferencing(user.UserPrincipalName, NewBridge);
            var done = await h.MigrateAsync(user.UserPrincipalName);
            foreach (var meeting in teams)
            {
                var item = await h.Graph.Gateway.GetEventAsync(user.UserPrincipalName, h.EventIds[meeting.ICalUId], default);
                var scan = Engine.Blocks.BlockScanner.Scan(item!.Body, item.BodyIsHtml ? Engine.Blocks.BodyFormat.Html : Engine.Blocks.BodyFormat.Text);
                string what = $"{meeting.Subject} {meeting.Layout} {meeting.BodyFormat} {meeting.Language}; {done.LastMessage}";
                Assert.True(item.Body.Contains("8675309"), "not refreshed: " + what);
                Assert.Equal(meeting.MeetingOptionsUrl, scan.Match!.Parsed.MeetingOptionsUrl);
                Assert.Equal(meeting.MeetingId, scan.Match.Parsed.MeetingId);
                Assert.Equal(meeting.Passcode, scan.Match.Parsed.Passcode);
                Assert.Equal(meeting.VideoTenantKey, scan.Match.Parsed.VideoConferencing?.TenantKey);
                Assert.Equal(meeting.VideoId, scan.Match.Parsed.VideoConferencing?.VideoId);
                covered.Add($"{meeting.Layout}/{meeting.BodyFormat}");
                languages.Add(meeting.Language);
            }
        }

        // The test means something only if the tenant held every layout in both formats and several languages.
        Assert.Equal(8, covered.Count);
        Assert.True(languages.Count >= 4, string.Join(", ", languages));
    }

    [Fact]
    public async Task Throttling_and_504_after_apply_still_send_exactly_one_update_per_attendee()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 30, seed: 5);
        h.Sandbox.Faults = new SandboxFaults { ErrorRate = 0.15, TimeoutAfterApplyRate = 0.35, RetryAfterSeconds = 0, Seed = 42, LatencyMs = 5 };
        foreach (var user in h.Tenant.Users)
        {
            h.Sandbox.State.SetConferencing(user.UserPrincipalName, NewBridge);
            var done = await h.MigrateAsync(user.UserPrincipalName);
            Assert.True(done.State == MigrationState.Succeeded || done.LastMessage.Contains("cannot be delimited") || done.LastMessage.Contains("2 online-meeting blocks"),
                done.LastMessage);
        }
        Assert.True(h.Sandbox.GetStats().TimeoutsAfterApply > 0, "the fault that traps naive retries never fired");
        var perAttendeeAndEvent = h.Sandbox.State.GetNotifications(kind: "update")
            .GroupBy(n => (n.Recipient, n.EventId, n.OccurrenceStart)).Where(g => g.Count() > 1).ToList();
        Assert.Empty(perAttendeeAndEvent);
        // Exchange allows four requests in flight per mailbox: the engine used the room but never more.
        var busiest = h.Sandbox.GetStats().Mailboxes.Max(m => m.MaxConcurrency);
        Assert.InRange(busiest, 2, 4);
    }

    [Fact]
    public async Task A_second_run_finds_every_block_current_and_sends_nothing()
    {
        await using var h = await MigrationHarness.StartAsync(users: 2, meetingsPerUser: 25, seed: 3);
        var upn = h.Tenant.Users[0].UserPrincipalName;
        h.Sandbox.State.SetConferencing(upn, NewBridge);
        var first = await h.MigrateAsync(upn);
        var sentFirst = h.Sandbox.State.GetNotifications(kind: "update").Count;

        var second = await h.MigrateAsync(upn);

        Assert.True(first.InvitesUpdate > 0, first.LastMessage);
        Assert.Equal(0, second.InvitesUpdate);
        Assert.Equal(first.SucceededMeeting, second.SucceededMeeting);
        Assert.Equal(sentFirst, h.Sandbox.State.GetNotifications(kind: "update").Count);
    }

    [Fact]
    public async Task An_on_premises_mailbox_fails_the_attempt_with_a_reason_and_a_scheduled_retry()
    {
        await using var h = await MigrationHarness.StartAsync(users: 2, meetingsPerUser: 5);
        var upn = h.Tenant.Users[1].UserPrincipalName;
        h.Sandbox.State.SetMailboxLocation(upn, MailboxLocation.OnPremises);

        var done = await h.MigrateAsync(upn);

        Assert.Equal(MigrationState.Pending, done.State); // for its retry, as MMS shows it
        Assert.Contains("not in Exchange Online", done.LastMessage);
        Assert.True(done.RetryScheduled);
        Assert.True(done.NotBefore > DateTime.UtcNow);
        Assert.Empty(h.Sandbox.State.GetNotifications(organizer: upn));
    }

    [Fact]
    public async Task An_unknown_user_fails_without_touching_any_mailbox()
    {
        await using var h = await MigrationHarness.StartAsync(users: 1, meetingsPerUser: 5);
        var done = await h.MigrateAsync("nobody@contoso.com");
        // Failed without a retry, which would find the same (it waited Pending for retries for up to a day: outside probe M).
        Assert.Equal((MigrationState.Failed, false), (done.State, done.RetryScheduled));
        Assert.Contains("does not exist in the directory. No retry is scheduled", done.LastMessage);
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
    }
}
