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
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>
    /// A write whose answer is lost (applied, then a 5xx), after which Graph answers nothing, not even the look that settles
    /// it. Found by outside probe K (the undo, Graph going down right after a restore): the attempt stopped "on an unexpected
    /// error" with 0 meetings and no update counted, the restore that went out said nowhere. The meeting fails unsettled, its
    /// Attempting row kept, and the retry settles it from the meeting's marker without sending it again.
    /// </summary>
    public sealed class UnreadLostAnswerTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);

        /// <summary>The next write is applied and its answer lost, and every read of the meeting after it fails too.</summary>
        private void LoseTheNextAnswerAndTheLook(string eventId)
        {
            var sent = _f.Mailbox.PatchesSent.Count;
            var lost = false;
            _f.Mailbox.FailAfterApply = (_, n) =>
            {
                if (n != sent + 1) return null;
                lost = true;
                return new GraphCallException(502, "BadGateway", "lost");
            };
            _f.Mailbox.GetEventFailure = (id, _) => lost && id == eventId ? new GraphCallException(503, "ServiceUnavailable", "down") : null;
        }

        private void GraphAnswersAgain()
        {
            (_f.Mailbox.FailAfterApply, _f.Mailbox.GetEventFailure) = (null, null);
            _f.Clock.Advance(TimeSpan.FromHours(2));
        }

        [Fact]
        public async Task An_undo_fails_the_meeting_unsettled_and_its_retry_settles_it_from_the_marker()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var original = a.Body;
            await _f.Queue();
            var migration = (await RunNext())!;
            var admin = new MigrationAdmin(_f.Store, _f.Clock);
            var undo = await admin.QueueUndoAsync(await admin.PlanUndoAsync(null, migration.CorrelationId, None), None);
            LoseTheNextAnswerAndTheLook(a.Id);

            var first = (await RunNext())!;

            Assert.True(first.AwaitingRetry, first.LastMessage);
            Assert.Equal((1, 1, 0), (first.TotalMeeting, first.FailedMeeting, first.InvitesUpdate));
            Assert.Contains("Graph answered 502 BadGateway to the update, then 503 ServiceUnavailable when the meeting was read back", first.LastMessage);
            Assert.DoesNotContain("unexpected error", first.LastMessage);
            Assert.Equal(MeetingOutcome.Attempting, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[a.Id].Outcome);

            GraphAnswersAgain();
            var retried = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded, 1), (retried.CorrelationId, retried.State, retried.InvitesUpdate));
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, a.Id).Body);
            Assert.Equal(2, _f.Mailbox.PatchesSentTo(a.Id)); // the migration's and the restore: never sent again
            Assert.Equal(MeetingOutcome.Restored, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[a.Id].Outcome);
        }

        /// <summary>
        /// With no retry left the undo ends Failed, its restore of a series master unsettled though it went out: the undo the
        /// store queues ahead of the next migration settles it from the marker in that undo's journal, and finishes the series
        /// (outside probe K: the series ended of two kinds, the restore said nowhere).
        /// </summary>
        [Fact]
        public async Task A_failed_undos_unsettled_restore_of_a_series_is_settled_and_the_series_finished_before_the_next_migration()
        {
            var (_, conversion) = await UndoArrangements.ConvertedSeriesWithAMovedOccurrenceAsync(_f);
            await _f.Store.SaveTenantMigrationConfigurationAsync(new MeetingMigration.Engine.Configuration.TenantMigrationConfiguration { UserRetryLimit = 0, RetryWindow = TimeSpan.FromHours(24) }, None);
            var undo = (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest: false, conversion.CorrelationId)).Request;
            LoseTheNextAnswerAndTheLook("weekly");
            var failed = (await RunNext())!;
            Assert.Equal((undo.CorrelationId, MigrationState.Failed), (failed.CorrelationId, failed.State));
            var countedAtItsEnd = (failed.SucceededMeeting, failed.InvitesUpdate);
            Assert.Equal(MeetingOutcome.Attempting, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))["weekly"].Outcome);
            Assert.Equal(MeetingKind.SkypeForBusiness, UndoArrangements.KindOf(_f, "weekly")); // it went out
            GraphAnswersAgain();

            var queued = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);

            Assert.Equal(undo.CorrelationId, queued.FinishingUndo?.FailedUndo);
            Assert.Equal(queued.FinishingUndo!.Value.Undo, (await RunNext())!.CorrelationId);
            Assert.Equal(queued.Request.CorrelationId, (await RunNext())!.CorrelationId);
            var rows = await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None);
            Assert.Contains(await _f.Store.GetJournalAsync(undo.CorrelationId, None), e => e.EventId == "weekly" && e.Outcome == MeetingOutcome.Restored);
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness),
                (UndoArrangements.KindOf(_f, "weekly"), UndoArrangements.KindOf(_f, "weekly-2")));
            Assert.DoesNotContain(rows.Values, r => r.Outcome == MeetingOutcome.Attempting);
            // The Failed undo's status now counts the restore that went out (it counted it nowhere), and says who settled it.
            var recounted = (await _f.Store.GetAsync(undo.CorrelationId, None))!;
            var journal = await _f.Store.CountJournalAsync(undo.CorrelationId, None);
            Assert.Equal((journal.Succeeded, journal.Updates), (recounted.SucceededMeeting, recounted.InvitesUpdate));
            Assert.Equal((countedAtItsEnd.SucceededMeeting + 1, countedAtItsEnd.InvitesUpdate + 1), (recounted.SucceededMeeting, recounted.InvitesUpdate));
            Assert.Equal(MigrationState.Failed, recounted.State);
            Assert.EndsWith($"the undo {queued.FinishingUndo.Value.Undo:D} settled 1 restore(s) it had announced, from the meetings' markers; its counts include them now.", recounted.LastMessage);
        }

        [Fact]
        public async Task A_migration_fails_the_meeting_unsettled_and_its_retry_settles_it_from_the_marker()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            await _f.Queue();
            LoseTheNextAnswerAndTheLook(a.Id);

            var first = (await RunNext())!;

            Assert.True(first.AwaitingRetry, first.LastMessage);
            Assert.Contains("when the meeting was read back", first.LastMessage);
            Assert.DoesNotContain("unexpected error", first.LastMessage);

            GraphAnswersAgain();
            var retried = (await RunNext())!;

            Assert.Equal((MigrationState.Succeeded, 1), (retried.State, retried.InvitesUpdate));
            Assert.Equal(1, _f.Mailbox.PatchesSentTo(a.Id));
            Assert.Equal(MeetingOutcome.Updated, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[a.Id].Outcome);
        }
    }
}
