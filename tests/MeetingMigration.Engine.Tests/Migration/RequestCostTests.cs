using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>
    /// What a migration asks Graph for (issue 9: requests per meeting): calendar pages carry summaries, only in-scope
    /// events are read in full, and a Teams organizer's dial-in details are looked up once they are known to be shared.
    /// </summary>
    public sealed class RequestCostTests : IDisposable
    {
        private static readonly System.Threading.CancellationToken None = System.Threading.CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        [Fact]
        public async Task Events_the_page_shows_out_of_scope_are_never_read_in_full()
        {
            var inScope = _f.AddStaleTeamsMeeting("In scope");
            var notOrganizer = _f.AddStaleTeamsMeeting("Not organizer", change: e => e.IsOrganizer = false);
            var cancelled = _f.AddStaleTeamsMeeting("Cancelled", change: e => e.IsCancelled = true);
            var begun = _f.AddStaleTeamsMeeting("Begun", daysAhead: -1);
            var notOnline = _f.AddStaleTeamsMeeting("Pasted block", change: e =>
            {
                e.IsOnlineMeeting = false;
                e.OnlineMeetingProvider = "unknown";
                e.OnlineMeetingUrl = null;
            });

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(new[] { inScope.Id }, _f.Mailbox.GetEventCalls.Keys.ToArray());
            Assert.Equal(1, _f.Mailbox.GetEventCalls[inScope.Id]);
            Assert.Equal(inScope.Id, Assert.Single(_f.Mailbox.PatchesSent).EventId);
            Assert.DoesNotContain(_f.Mailbox.PatchesSent, p => p.EventId == notOrganizer.Id || p.EventId == cancelled.Id || p.EventId == begun.Id || p.EventId == notOnline.Id);
        }

        [Fact]
        public async Task A_series_whose_occurrences_show_no_online_meeting_is_not_read()
        {
            var joinUrl = MeetingBodies.TeamsJoinUrl("pasted-series");
            var pasted = MeetingBodies.TeamsBlock(MeetingBodies.StaleTeams(joinUrl)); // a block pasted into a plain series
            void Offline(CalendarEvent e)
            {
                e.IsOnlineMeeting = false;
                e.OnlineMeetingProvider = "unknown";
                e.OnlineMeetingUrl = null;
            }
            var master = MeetingBodies.TeamsMeeting("plain-master", "Walk", _f.Clock.UtcNow.AddDays(-7), pasted, joinUrl);
            master.Type = "seriesMaster";
            Offline(master);
            _f.Mailbox.Add(MigrationFixture.Organizer, master);
            for (var i = 1; i <= 3; i++)
            {
                var occurrence = MeetingBodies.TeamsMeeting($"plain-occ-{i}", "Walk", _f.Clock.UtcNow.AddDays(i), pasted, joinUrl);
                occurrence.Type = "occurrence";
                occurrence.SeriesMasterId = "plain-master";
                Offline(occurrence);
                _f.Mailbox.Add(MigrationFixture.Organizer, occurrence);
            }

            var result = await _f.Run(await _f.Queue());

            Assert.Empty(_f.Mailbox.GetEventCalls);
            Assert.Empty(_f.Mailbox.PatchesSent);
            Assert.Equal(1, result.LeftAlone["not an online meeting"]); // the series once, not per occurrence
        }

        [Fact]
        public async Task An_organizers_shared_teams_dial_in_details_are_looked_up_twice_not_per_meeting()
        {
            var meetings = Enumerable.Range(1, 6).Select(n => _f.AddStaleTeamsMeeting($"Sync {n}", daysAhead: n)).ToList();

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(6, result.InvitesUpdate);
            Assert.Equal(2, _f.Mailbox.CoordinatesLookups); // the second answer equal to the first settles it
            foreach (var meeting in meetings)
            {
                var patch = _f.Mailbox.PatchesSent.Single(p => p.EventId == meeting.Id);
                var block = BlockScanner.Scan(patch.Body, BodyFormat.Html).Match!;
                Assert.Equal("987654321", block.Parsed.ConferenceId);
                Assert.Equal(meeting.JoinUrl, block.Parsed.JoinUrl); // each meeting keeps its own join link
            }
        }

        [Theory]
        [InlineData("987654321", 1)] // Graph answers the ID the store holds: the organizer's static ID, settled at once
        [InlineData("111222333", 2)] // the store's ID is not the one Graph answers: it proves nothing, two answers must agree
        public async Task The_conference_id_the_store_holds_settles_the_shared_details_after_one_lookup_when_graph_answers_it(string stored, int lookups)
        {
            await new ConferencingAdmin(_f.Store).SetUserAsync(UserIdentity.Parse(MigrationFixture.Organizer), new DialInUserUpdate { ConferenceId = stored }, createIfMissing: true, None);
            var meetings = Enumerable.Range(1, 6).Select(n => _f.AddStaleTeamsMeeting($"Sync {n}", daysAhead: n)).ToList();

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(6, result.InvitesUpdate);
            Assert.Equal(lookups, _f.Mailbox.CoordinatesLookups);
            foreach (var meeting in meetings)
                Assert.Equal("987654321", BlockScanner.Scan(_f.Mailbox.PatchesSent.Single(p => p.EventId == meeting.Id).Body, BodyFormat.Html).Match!.Parsed.ConferenceId);
        }

        [Fact]
        public async Task A_stored_conference_id_does_not_stop_per_meeting_ids_from_being_looked_up()
        {
            await new ConferencingAdmin(_f.Store).SetUserAsync(UserIdentity.Parse(MigrationFixture.Organizer), new DialInUserUpdate { ConferenceId = "4715832" }, createIfMissing: true, None);
            var meetings = Enumerable.Range(1, 4).Select(n => _f.AddStaleTeamsMeeting($"Review {n}", daysAhead: n)).ToList();
            for (var n = 0; n < meetings.Count; n++)
            {
                var own = MeetingBodies.FreshTeams(meetings[n].JoinUrl!);
                own.ConferenceId = $"55500{n}"; // per-meeting IDs: none is the organizer's static one
                _f.Mailbox.AddTeamsMeeting(own);
            }

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(4, _f.Mailbox.CoordinatesLookups);
            for (var n = 0; n < meetings.Count; n++)
                Assert.Equal($"55500{n}", BlockScanner.Scan(_f.Mailbox.PatchesSent.Single(p => p.EventId == meetings[n].Id).Body, BodyFormat.Html).Match!.Parsed.ConferenceId);
        }

        [Fact]
        public async Task Per_meeting_conference_ids_are_looked_up_for_every_meeting()
        {
            var meetings = Enumerable.Range(1, 4).Select(n => _f.AddStaleTeamsMeeting($"Review {n}", daysAhead: n)).ToList();
            for (var n = 0; n < meetings.Count; n++)
            {
                var own = MeetingBodies.FreshTeams(meetings[n].JoinUrl!);
                own.ConferenceId = $"55500{n}";
                _f.Mailbox.AddTeamsMeeting(own);
            }

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(4, _f.Mailbox.CoordinatesLookups);
            for (var n = 0; n < meetings.Count; n++)
            {
                var patch = _f.Mailbox.PatchesSent.Single(p => p.EventId == meetings[n].Id);
                Assert.Equal($"55500{n}", BlockScanner.Scan(patch.Body, BodyFormat.Html).Match!.Parsed.ConferenceId);
            }
        }

        [Fact]
        public async Task The_first_calendar_page_is_asked_for_while_the_directory_lookup_is_under_way()
        {
            var meeting = _f.AddStaleTeamsMeeting("Standup");
            // The directory answers only once the page has been asked for: waiting for the lookup first would never end.
            _f.Mailbox.DirectoryAnswersAfter = _f.Mailbox.FirstPageAsked.WaitAsync(TimeSpan.FromSeconds(10));

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(meeting.Id, Assert.Single(_f.Mailbox.PatchesSent).EventId);
            Assert.Equal(new[] { MigrationFixture.Organizer }, _f.Mailbox.PageRequests); // one page, not read twice
        }

        [Fact]
        public async Task A_user_the_directory_does_not_know_is_said_to_be_missing_not_a_failed_calendar_read()
        {
            var result = await _f.Run((await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("nobody@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None)).Request);

            Assert.False(result.Succeeded);
            Assert.Contains("does not exist in the directory", result.LastMessage);
            Assert.Empty(_f.Mailbox.PatchesSent);
        }

        [Fact]
        public async Task A_user_asked_for_by_another_address_is_read_under_the_directorys_name_for_them()
        {
            var meeting = _f.AddStaleTeamsMeeting("Standup");
            _f.Mailbox.AddDirectoryAlias("ada.old@contoso.com", MigrationFixture.Organizer);
            var queued = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada.old@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None);

            var result = await _f.Run(queued.Request);

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(meeting.Id, Assert.Single(_f.Mailbox.PatchesSent).EventId);
            // The early page went out under the name asked for; the calendar was then read under the directory's name.
            Assert.Equal(new[] { "ada.old@contoso.com", MigrationFixture.Organizer }, _f.Mailbox.PageRequests);
        }

        [Fact]
        public async Task A_request_with_nothing_to_migrate_says_what_it_found_and_why_nothing_changed()
        {
            _f.AddStaleTeamsMeeting("Not mine", change: e => e.IsOrganizer = false);
            _f.AddStaleTeamsMeeting("Cancelled", change: e => e.IsCancelled = true);
            _f.AddStaleTeamsMeeting("Cancelled too", daysAhead: 4, change: e => e.IsCancelled = true);
            _f.AddStaleTeamsMeeting("Pasted", change: e =>
            {
                e.IsOnlineMeeting = false;
                e.OnlineMeetingProvider = "unknown";
            });

            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(0, result.TotalMeeting);
            Assert.Equal("No meeting to migrate; nothing was changed. Left alone: 2 cancelled, 1 not an online meeting, 1 the user is not the organizer.",
                result.LastMessage);
        }

        [Fact]
        public async Task An_empty_calendar_says_so()
        {
            var result = await _f.Run(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal("No meeting ahead in the calendar; nothing was changed.", result.LastMessage);
        }

        [Fact]
        public void A_calendar_pages_summary_cannot_be_judged_so_it_is_never_migrated()
        {
            // The migrator judges every event through Decide before anything else: this refusal is its guard too.
            var summary = new CalendarEvent { Id = "evt-1", IsOrganizer = true, StartUtc = _f.Clock.UtcNow.AddDays(1), IsSummary = true };

            Assert.Throws<InvalidOperationException>(() => MeetingSelection.Decide(summary, MeetingMigration.Engine.Model.SourceMeetingType.All, _f.Clock.UtcNow));
        }
    }
}
