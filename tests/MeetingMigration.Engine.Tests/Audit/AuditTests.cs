using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using Xunit;

namespace MeetingMigration.Engine.Tests.Audit
{
    /// <summary>The audit's read of the journal (Get-CsMeetingMigrationDetail) and what a migration records for it.</summary>
    public sealed class AuditTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private JournalEntry[] Read(JournalQuery query) => new MigrationAdmin(_f.Store, _f.Clock).ReadDetails(query, None).ToArray();

        [Fact]
        public async Task An_update_is_one_row_with_both_blocks_and_the_request_id_of_Graphs_answer()
        {
            var meeting = _f.AddStaleTeamsMeeting("Weekly");
            var oldBlock = _f.BlockOf(meeting).Text;
            var request = await _f.Queue();
            await _f.Run(request);

            var rows = Read(new JournalQuery { CorrelationId = request.CorrelationId });

            var row = Assert.Single(rows); // the Attempting row before the PATCH is followed by Updated: not shown
            Assert.Equal(MeetingOutcome.Updated, row.Outcome);
            Assert.Equal("fake-request-1", row.GraphRequestId);
            Assert.Equal("Weekly", row.Subject);
            Assert.Equal(oldBlock, row.OldBlock);
            Assert.Equal(_f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, meeting.Id)).Text, row.NewBlock);
            Assert.Equal(2, (await _f.Store.GetJournalAsync(request.CorrelationId, None)).Count);
        }

        [Fact]
        public async Task A_write_whose_answer_was_lost_for_good_shows_as_Attempting()
        {
            _f.AddStaleTeamsMeeting("Lost");
            var request = await _f.Queue();
            // Every PATCH applies and every answer is lost, and the read-back fails too: the attempt ends not knowing.
            _f.Mailbox.FailAfterApply = (_, _) => new GraphCallException(504, "GatewayTimeout", "lost");
            _f.Mailbox.GetEventFailure = (_, n) => n > 1 ? new GraphCallException(503, "ServiceUnavailable", "busy") : null;
            await _f.Run(request);

            var outcomes = Read(new JournalQuery { CorrelationId = request.CorrelationId }).Select(r => r.Outcome).ToArray();

            // Whether it went out only the meeting's marker says: the row stays Attempting for the retry to settle (until
            // outside probe K a Failed row followed it, saying the update was not sent).
            Assert.Equal(new[] { MeetingOutcome.Attempting }, outcomes);
        }

        /// <summary>
        /// A request that handles a meeting again (resumed after its worker died, or retried) journals it again; the audit
        /// shows the request's latest row for it. Found by an outside probe: a resumed request listed its failed meeting
        /// twice, while its status counted it once.
        /// </summary>
        [Fact]
        public async Task A_meeting_handled_again_by_a_resumption_of_the_same_request_is_listed_once()
        {
            _f.Mailbox.PageSize = 1;
            var twice = _f.AddStaleTeamsMeeting("Block twice", daysAhead: 1);
            var block = _f.BlockOf(twice).Text;
            _f.Mailbox.Edit(MigrationFixture.Organizer, twice.Id, body => body.Replace(block, block + "<p>again</p>" + block));
            var fine = Enumerable.Range(2, 3).Select(d => _f.AddStaleTeamsMeeting($"Fine {d}", daysAhead: d)).ToList();
            var request = await _f.Queue();
            var dead = await _f.KillAfterPatchAsync("dead", patch: 2);
            // Journaled Failed by the killed attempt, as a rule; under load the kill may land before that row is written (the
            // next meetings' writes are under way meanwhile), and the resumed attempt journals it then: once either way.
            Assert.InRange(Read(new JournalQuery { CorrelationId = request.CorrelationId }).Count(r => r.EventId == twice.Id && r.Outcome == MeetingOutcome.Failed), 0, 1);

            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
            var resumed = (await new MeetingMigration.Engine.Worker.MigrationWorker(_f.Store, _f.Mailbox, "next", _f.Clock).RunNextAsync(null, null, None))!;
            Assert.Equal(request.CorrelationId, resumed.CorrelationId);

            var rows = Read(new JournalQuery { CorrelationId = request.CorrelationId });
            Assert.Equal(MeetingOutcome.Failed, Assert.Single(rows, r => r.EventId == twice.Id).Outcome);
            Assert.All(fine, m => Assert.Equal(MeetingOutcome.Updated, Assert.Single(rows, r => r.EventId == m.Id).Outcome));
            Assert.Equal(resumed.TotalMeeting, rows.Length);
        }

        /// <summary>
        /// Every meeting a request counts has a row: one that already showed the current details (a rerun) is AlreadyUpdated,
        /// one with more than 250 participants Skipped. Found by an outside probe: a rerun that changed nothing left none.
        /// </summary>
        [Fact]
        public async Task A_rerun_journals_each_meeting_as_AlreadyUpdated_and_a_large_meeting_as_Skipped_sending_nothing()
        {
            var weekly = _f.AddStaleTeamsMeeting("Weekly");
            var large = _f.AddStaleTeamsMeeting("All hands", daysAhead: 5, change: e => e.ParticipantCount = 400);
            // Run by the worker, so the first request is finished before the second is queued (else they would merge).
            var worker = new MeetingMigration.Engine.Worker.MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock);
            await _f.Queue();
            await worker.RunNextAsync(null, null, None);
            var patches = _f.Mailbox.PatchesSent.Count;
            _f.Clock.Advance(TimeSpan.FromMinutes(5));

            var rerun = await _f.Queue();
            Assert.Equal(rerun.CorrelationId, (await worker.RunNextAsync(null, null, None))!.CorrelationId);

            Assert.Equal(patches, _f.Mailbox.PatchesSent.Count);
            var rows = Read(new JournalQuery { CorrelationId = rerun.CorrelationId });
            var current = Assert.Single(rows, r => r.EventId == weekly.Id);
            Assert.Equal(MeetingOutcome.AlreadyUpdated, current.Outcome);
            Assert.Equal(current.OldBlock, current.NewBlock);
            Assert.Equal("already showed the current details; nothing was sent", current.Reason);
            var skipped = Assert.Single(rows, r => r.EventId == large.Id);
            Assert.Equal(MeetingOutcome.Skipped, skipped.Outcome);
            Assert.Equal("400 participants (more than 250)", skipped.Reason);
            // The undo of the user's migrations still finds the first request's update of the meeting to take back.
            var plan = await new MigrationAdmin(_f.Store, _f.Clock).PlanUndoAsync(UserIdentity.Parse(MigrationFixture.Organizer), null, None);
            Assert.Equal(weekly.Id, Assert.Single(plan.Meetings).EventId);
        }

        [Fact]
        public async Task Rows_are_filtered_by_user_request_and_outcome_oldest_first()
        {
            _f.AddStaleTeamsMeeting("One");
            _f.AddStaleTeamsMeeting("Two", change: e => e.Body = MeetingBodies.Prefix + _f.BlockOf(e).Text + _f.BlockOf(e).Text + MeetingBodies.Suffix);
            // Run by the worker, so the first request is finished before the second is queued (else they would merge).
            var worker = new MeetingMigration.Engine.Worker.MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock);
            var first = await _f.Queue();
            await worker.RunNextAsync(null, null, None);
            _f.Clock.Advance(TimeSpan.FromMinutes(5));
            var second = await _f.Queue();
            await worker.RunNextAsync(null, null, None);
            Assert.NotEqual(first.CorrelationId, second.CorrelationId);

            var all = Read(new JournalQuery { Identity = UserIdentity.Parse(MigrationFixture.Organizer) });
            var failed = Read(new JournalQuery { Identity = UserIdentity.Parse("ADA@contoso.com"), Outcomes = new[] { MeetingOutcome.Failed } });
            var ofSecond = Read(new JournalQuery { CorrelationId = second.CorrelationId });
            var nobody = Read(new JournalQuery { Identity = UserIdentity.Parse("bob@contoso.com") });

            Assert.Equal(all.Select(r => r.Id).OrderBy(i => i), all.Select(r => r.Id));
            Assert.Equal(new[] { "One", "One", "Two", "Two" }, all.Select(r => r.Subject).OrderBy(s => s, StringComparer.Ordinal)); // One was current the second time: AlreadyUpdated
            Assert.Equal(new[] { first.CorrelationId, second.CorrelationId }, failed.Select(r => r.CorrelationId));
            Assert.All(failed, r => Assert.Contains("block", r.Reason));
            Assert.Equal(new[] { MeetingOutcome.AlreadyUpdated, MeetingOutcome.Failed }, ofSecond.Select(r => r.Outcome).OrderBy(o => o));
            Assert.Empty(nobody);
        }

        [Fact]
        public void A_block_is_summarised_by_what_it_shows()
        {
            var joinUrl = MeetingBodies.TeamsJoinUrl("k1");
            var summary = BlockSummary.Of(MeetingBodies.TeamsBlock(MeetingBodies.FreshTeams(joinUrl)));

            Assert.Equal("Teams; join teams.microsoft.com; meeting ID 123456789012; conference ID 987654321; toll +44 20 7946 0999; toll-free +44 800 555 0999", summary);
            var text = BlockRenderer.Render(MeetingKind.Teams, MeetingBodies.FreshTeams(joinUrl), BodyFormat.Text);
            Assert.Equal(summary, BlockSummary.Of(text)); // a text block, "<https://...>" links and all
            Assert.Equal("", BlockSummary.Of(""));
            Assert.Equal("(new Teams meeting)", BlockSummary.Of("(new Teams meeting)"));
        }
    }
}
