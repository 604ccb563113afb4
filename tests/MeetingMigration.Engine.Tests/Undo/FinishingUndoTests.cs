using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>
    /// A migration of every kind queued after an undo ended Failed having put a series back without its occurrence moved
    /// since (Graph failed listing it, no retry left), with no undo of the user asked for again. Found by an outside probe:
    /// Start, and a dial-in change's own trigger, wrote the series as put back (Skype for Business) and the occurrence as the
    /// undone migration left it (Teams), a series of two kinds; the cmdlets only warned. The store queues an undo ahead of
    /// the migration that finishes that series and nothing else (MigrationRequest.QueuedFor).
    /// </summary>
    public sealed class FinishingUndoTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);
        private MeetingKind KindOf(string id) => UndoArrangements.KindOf(_f, id);

        private Task SetRetryLimitAsync(int limit) =>
            _f.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { UserRetryLimit = limit, RetryWindow = TimeSpan.FromHours(24) }, None);

        /// <summary>The undo puts the series back, then Graph fails listing its occurrences, and it ends Failed (no retry left).</summary>
        private async Task<MigrationRequest> FailedUndoThatPutTheSeriesBackAsync(bool ofTheRequest)
        {
            var (_, conversion) = await UndoArrangements.ConvertedSeriesWithAMovedOccurrenceAsync(_f);
            await SetRetryLimitAsync(0);
            var undo = (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion.CorrelationId)).Request;
            var ran = (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!;
            Assert.Equal((undo.CorrelationId, MigrationState.Failed), (ran.CorrelationId, ran.State));
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.Teams), (KindOf("weekly"), KindOf("weekly-2")));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            return ran;
        }

        private Task<EnqueueResult> QueueAsync(SourceMeetingType source) =>
            _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), source, TargetMeetingType.Current), None);

        [Theory]
        [InlineData(true, "service")]
        [InlineData(false, "service")]
        [InlineData(true, "-Wait session")]
        [InlineData(false, "-Wait session")]
        public async Task A_migration_of_every_kind_after_a_failed_undo_runs_behind_an_undo_that_finishes_its_series(bool ofTheRequest, string runBy)
        {
            var failed = await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest);
            var patchesBefore = _f.Mailbox.PatchesAppliedTo("weekly-2");

            var queued = await QueueAsync(SourceMeetingType.All);

            Assert.NotNull(queued.FinishingUndo);
            var (finishingId, failedUndo) = queued.FinishingUndo!.Value;
            Assert.Equal(failed.CorrelationId, failedUndo);
            var finishing = (await _f.Store.GetAsync(finishingId, None))!;
            Assert.Equal((MigrationState.Pending, (Guid?)queued.Request.CorrelationId, Triggers.TriggerNames.Undo), (finishing.State, finishing.QueuedFor, finishing.Trigger));
            Assert.Contains($"the undo {failed.CorrelationId:D} ended Failed", finishing.LastMessage);

            MigrationRequest migration;
            if (runBy == "service")
            {
                var first = (await RunNext())!;
                Assert.Equal(finishingId, first.CorrelationId);
                migration = (await RunNext())!;
            }
            else
            {
                var ranAhead = new System.Collections.Generic.List<Guid>();
                migration = await UndoArrangements.WaitSession(_f).RunToEndAsync(queued.Request, null, null, null, r => ranAhead.Add(r.CorrelationId), None);
                Assert.Equal(new[] { finishingId }, ranAhead);
            }
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (migration.CorrelationId, migration.State));
            Assert.Null(await RunNext());

            // One kind for the whole series: the occurrence put back with it, then both written by the migration as such.
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
            finishing = (await _f.Store.GetAsync(finishingId, None))!;
            Assert.Equal((MigrationState.Succeeded, 1, 1), (finishing.State, finishing.TotalMeeting, finishing.InvitesUpdate));
            Assert.Contains("1 meeting(s) restored", finishing.LastMessage);
            // It put back the moved occurrence and nothing else: the series' master stays as the Failed undo left it for the migration.
            var rows = await _f.Store.GetJournalAsync(finishingId, None);
            Assert.Equal(new[] { ("weekly-2", MeetingOutcome.Restored) }, rows.Where(r => r.Outcome != MeetingOutcome.Attempting).Select(r => (r.EventId, r.Outcome)));
            // Its attendees got the restore and the migration's write, each once.
            Assert.Equal(patchesBefore + 2, _f.Mailbox.PatchesAppliedTo("weekly-2"));
        }

        [Fact]
        public async Task No_undo_is_queued_ahead_of_a_migration_to_Teams_or_where_no_undo_ended_failed()
        {
            var (_, conversion) = await UndoArrangements.ConvertedSeriesWithAMovedOccurrenceAsync(_f);
            Assert.Null((await QueueAsync(SourceMeetingType.All)).FinishingUndo);
            Assert.Equal(MigrationState.Succeeded, (await RunNext())!.State);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            await SetRetryLimitAsync(0);
            await UndoArrangements.QueueUndoAsync(_f, ofTheRequest: false, conversion.CorrelationId);
            Assert.Equal(MigrationState.Failed, (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!.State);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            // One of every kind to Teams writes the whole series as a Teams meeting.
            var toTeams = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Teams), None);
            Assert.Null(toTeams.FinishingUndo);
            var ran = (await RunNext())!;
            Assert.Equal((toTeams.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((MeetingKind.Teams, MeetingKind.Teams), (KindOf("weekly"), KindOf("weekly-2")));
            Assert.DoesNotContain((await _f.Store.QueryAsync(new MigrationStatusQuery(), None)), r => r.QueuedFor != null);
        }

        /// <summary>
        /// Found by outside probe K: a migration of one kind after the Failed undo got no undo ahead of it. A Skype-only one
        /// refreshed the master put back, after which its latest write was no longer the undo's restore, and a later
        /// migration of every kind (Start, a dial-in change) wrote the occurrence as Teams; a Teams-only one rewrote the
        /// occurrence as Teams itself. Both left the series of two kinds, every status Succeeded.
        /// </summary>
        [Theory]
        [InlineData(SourceMeetingType.SfB)]
        [InlineData(SourceMeetingType.Teams)]
        public async Task A_migration_of_one_kind_after_a_failed_undo_runs_behind_an_undo_that_finishes_its_series(SourceMeetingType kind)
        {
            await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest: true);
            UndoArrangements.NewTeamsDialIn(_f, MeetingBodies.TeamsJoinUrl("created1")); // the occurrence's Teams details change

            var oneKind = await QueueAsync(kind);

            Assert.NotNull(oneKind.FinishingUndo);
            Assert.Equal(oneKind.FinishingUndo!.Value.Undo, (await RunNext())!.CorrelationId);
            var ran = (await RunNext())!;
            Assert.Equal((oneKind.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
            // Then one of every kind finds nothing left to finish, and keeps the series of one kind.
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var all = await QueueAsync(SourceMeetingType.All);
            Assert.Null(all.FinishingUndo);
            Assert.Equal(all.Request.CorrelationId, (await RunNext())!.CorrelationId);
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
        }

        [Fact]
        public async Task Stopping_the_migration_before_it_ran_takes_the_undo_queued_for_it_out_of_the_queue()
        {
            await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest: false);
            var queued = await QueueAsync(SourceMeetingType.All);
            var finishing = queued.FinishingUndo!.Value.Undo;

            var stopped = await new MigrationAdmin(_f.Store, _f.Clock).CancelAsync(queued.Request.CorrelationId, None);

            Assert.Equal(CancelOutcome.Removed, stopped.Outcome);
            Assert.Equal(new[] { finishing }, stopped.RemovedFinishingUndos);
            Assert.Null(await _f.Store.GetAsync(finishing, None));
            Assert.Null(await RunNext());
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.Teams), (KindOf("weekly"), KindOf("weekly-2"))); // nothing written
        }

        [Fact]
        public async Task The_undo_queued_ahead_taken_out_of_the_queue_is_kept_failed_and_not_queued_again()
        {
            await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest: false);
            var queued = await QueueAsync(SourceMeetingType.All);
            var finishing = queued.FinishingUndo!.Value.Undo;

            var stopped = await new MigrationAdmin(_f.Store, _f.Clock).CancelAsync(finishing, None);

            Assert.Equal(CancelOutcome.Removed, stopped.Outcome);
            var kept = (await _f.Store.GetAsync(finishing, None))!;
            Assert.Equal(MigrationState.Failed, kept.State);
            Assert.StartsWith("Taken out of the queue (Stop-CsMeetingMigration) before it ran", kept.LastMessage);
            // The admin's choice: the migration runs, and writes each meeting in the kind it shows.
            var ran = (await RunNext())!;
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Single(await _f.Store.QueryAsync(new MigrationStatusQuery(), None), r => r.QueuedFor != null);
            Assert.Empty(await _f.Store.GetJournalAsync(finishing, None));
        }

        [Fact]
        public async Task The_migration_waits_for_the_retry_of_the_undo_queued_ahead_of_it()
        {
            await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest: true);
            await SetRetryLimitAsync(3);
            var queued = await QueueAsync(SourceMeetingType.All);
            var finishingId = queued.FinishingUndo!.Value.Undo;

            var first = (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!;

            Assert.Equal((finishingId, true), (first.CorrelationId, first.AwaitingRetry));
            Assert.Contains("put back: 0 meeting(s) restored. 1 meeting(s) not restored: ", first.LastMessage);
            Assert.Contains($"Request {queued.Request.CorrelationId:D} waits while a retry of this undo is to come", first.LastMessage);
            var migration = (await _f.Store.GetAsync(queued.Request.CorrelationId, None))!;
            Assert.True(migration.NotBefore >= first.NotBefore, $"the migration is due {migration.NotBefore:O}, before the undo's retry {first.NotBefore:O}");
            Assert.Null(await RunNext()); // neither is due
            _f.Clock.Advance(first.NotBefore - _f.Clock.UtcNow + TimeSpan.FromSeconds(1));
            Assert.Equal((finishingId, MigrationState.Succeeded), ((await RunNext())!.CorrelationId, (await _f.Store.GetAsync(finishingId, None))!.State));
            Assert.Equal(MigrationState.Succeeded, (await RunNext())!.State);
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
        }

        /// <summary>
        /// The undo waited for its retry when the migration was queued, so it was left to run first (brought forward), and
        /// then ended Failed, its series still unfinished: the undo that finishes it is queued when the migration is leased.
        /// </summary>
        [Theory]
        [InlineData("service")]
        [InlineData("-Wait session")]
        public async Task An_undo_left_to_run_first_that_ends_failed_gets_the_finishing_undo_when_the_migration_is_leased(string runBy)
        {
            var (_, conversion) = await UndoArrangements.ConvertedSeriesWithAMovedOccurrenceAsync(_f);
            await SetRetryLimitAsync(1);
            var undo = (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest: false, conversion.CorrelationId)).Request;
            Assert.True((await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!.AwaitingRetry);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var queued = await QueueAsync(SourceMeetingType.All);
            Assert.Equal(new[] { undo.CorrelationId }, queued.UndosLeftToStopOrShare);
            Assert.Null(queued.FinishingUndo);
            var failed = (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!;
            Assert.Equal((undo.CorrelationId, MigrationState.Failed), (failed.CorrelationId, failed.State));
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.Teams), (KindOf("weekly"), KindOf("weekly-2")));

            MigrationRequest migration;
            Guid finishingId;
            if (runBy == "service")
            {
                var first = (await RunNext())!;
                Assert.Equal((Guid?)queued.Request.CorrelationId, first.QueuedFor);
                finishingId = first.CorrelationId;
                migration = (await RunNext())!;
            }
            else
            {
                var ranAhead = new System.Collections.Generic.List<MigrationRequest>();
                var session = UndoArrangements.WaitSession(_f);
                session.PollInterval = TimeSpan.FromMilliseconds(10);
                migration = await session.RunToEndAsync(queued.Request, null, null, null, ranAhead.Add, None);
                Assert.Equal((Guid?)queued.Request.CorrelationId, Assert.Single(ranAhead).QueuedFor);
                finishingId = ranAhead[0].CorrelationId;
            }

            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (migration.CorrelationId, migration.State));
            Assert.Equal(MigrationState.Succeeded, (await _f.Store.GetAsync(finishingId, None))!.State);
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
            Assert.Null(await RunNext());
            Assert.Single(await _f.Store.QueryAsync(new MigrationStatusQuery(), None), r => r.QueuedFor != null); // one, not one per lease
        }

        [Fact]
        public async Task A_wait_session_runs_the_retry_of_the_undo_queued_ahead_of_its_migration_before_the_migration()
        {
            await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest: false);
            await SetRetryLimitAsync(3);
            var queued = await QueueAsync(SourceMeetingType.All);
            var finishingId = queued.FinishingUndo!.Value.Undo;
            _f.Mailbox.InstancesFailure = _ => UndoArrangements.Busy();
            var ranAhead = new System.Collections.Generic.List<(Guid, MigrationState, bool)>();
            var session = UndoArrangements.WaitSession(_f);
            session.PollInterval = TimeSpan.FromMilliseconds(10);

            var migration = await session.RunToEndAsync(queued.Request, null, null, null, ended =>
            {
                ranAhead.Add((ended.CorrelationId, ended.State, ended.AwaitingRetry));
                if (!ended.AwaitingRetry) return;
                // Graph answers again, and the undo's retry is due: the session runs it first again, as the service would.
                _f.Mailbox.InstancesFailure = null;
                _f.Clock.Advance(ended.NotBefore - _f.Clock.UtcNow + TimeSpan.FromSeconds(1));
            }, None);

            Assert.Equal(new[] { (finishingId, MigrationState.Pending, true), (finishingId, MigrationState.Succeeded, false) }, ranAhead);
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (migration.CorrelationId, migration.State));
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
        }

        [Fact]
        public async Task An_undo_asked_for_while_the_undo_queued_ahead_of_a_migration_waits_is_refused_over_that_migration()
        {
            await FailedUndoThatPutTheSeriesBackAsync(ofTheRequest: false);
            var queued = await QueueAsync(SourceMeetingType.All);
            _f.Clock.Advance(TimeSpan.FromSeconds(1));

            // Not merged into the undo the store queued (it finishes only what the Failed undo put back): the migration queued
            // after it would write again what an undo of every migration takes back.
            var admin = new MigrationAdmin(_f.Store, _f.Clock);
            var refused = await Assert.ThrowsAsync<MeetingMigrationException>(() => admin.PlanUndoAsync(UserIdentity.Parse(MigrationFixture.Organizer), null, None));
            Assert.Equal(ErrorIds.UndoNotPossible, refused.ErrorId);
            Assert.Contains(queued.Request.CorrelationId.ToString("D"), refused.Message);
        }
    }
}
