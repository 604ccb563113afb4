using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>
    /// A migration of every kind queued while an undo is inside a series: after it put the series back and before the
    /// occurrence its organizer moved since (an exception carrying the converted block). Found by an outside probe: the undo
    /// stopped there, and the migration then wrote the series as put back (Skype for Business) and the occurrence as the
    /// undone migration left it (Teams, with the new details), a series of two kinds said nowhere. The undo finishes the
    /// series before it stops, however it was stopped.
    /// </summary>
    public sealed class UndoReplacedInsideASeriesTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);
        private MeetingKind KindOf(string id) => UndoArrangements.KindOf(_f, id);

        private Task<(string Original, MigrationRequest Conversion)> ConvertedSeriesWithAMovedOccurrenceAsync() =>
            UndoArrangements.ConvertedSeriesWithAMovedOccurrenceAsync(_f);

        private async Task<MigrationRequest> QueueUndoAsync(bool ofTheRequest, Guid conversion) =>
            (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion)).Request;

        /// <summary>The undo puts the series back, then Graph fails listing its occurrences: it waits for its retry.</summary>
        private async Task PutBackThenWaitForRetryAsync(MigrationRequest undo)
        {
            var first = (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!;
            Assert.Equal((undo.CorrelationId, true), (first.CorrelationId, first.AwaitingRetry));
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.Teams), (KindOf("weekly"), KindOf("weekly-2")));
        }

        /// <summary>
        /// Found by an outside probe: the undo waiting for its retry after putting the series back, a Teams-only migration ran
        /// first (its -Wait session; the retry was not due) and rewrote the moved occurrence with the new details, and the
        /// admin ran the undo again, as its error advises. That queued a new undo, after the Teams-only migration, which took
        /// back the Teams-only writes: the occurrence got the undone migration's stale Teams block, its series Skype. The undo
        /// asked for again is the same one, its retry brought forward: older than the Teams-only migration, it puts the
        /// occurrence back with its series, over that write.
        /// </summary>
        /// <summary>
        /// The undo waits for its retry after putting the series back; a Teams-only migration's -Wait session rewrites the moved
        /// occurrence with new details; the undo is asked for again (its retry brought forward).
        /// </summary>
        private async Task<(string Original, MigrationRequest Undo, EnqueueResult Again)> UndoAskedAgainAfterATeamsOnlyRewriteAsync(bool ofTheRequest)
        {
            var (original, conversion) = await ConvertedSeriesWithAMovedOccurrenceAsync();
            var undo = await QueueUndoAsync(ofTheRequest, conversion.CorrelationId);
            await PutBackThenWaitForRetryAsync(undo);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            UndoArrangements.NewTeamsDialIn(_f, MeetingBodies.TeamsJoinUrl("created1"));
            var teamsOnly = (await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.Teams, TargetMeetingType.Current), None)).Request;
            Assert.Equal(MigrationState.Succeeded, (await UndoArrangements.WaitSession(_f).RunToEndAsync(teamsOnly, null, null, null, null, None)).State);
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo("weekly-2")); // the Teams-only migration's write, the new details
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var again = await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion.CorrelationId);
            Assert.True(again.RetryBroughtForward);
            return (original, undo, again);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_asked_for_again_while_it_waits_for_its_retry_runs_as_itself_before_what_ran_meanwhile(bool ofTheRequest)
        {
            var (original, undo, again) = await UndoAskedAgainAfterATeamsOnlyRewriteAsync(ofTheRequest);

            var ran = (await RunNext())!;

            Assert.Equal((undo.CorrelationId, undo.CorrelationId, MigrationState.Succeeded), (again.Request.CorrelationId, ran.CorrelationId, ran.State));
            Assert.Equal((original, original), (_f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2").Body));
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("weekly-2")); // rewritten, put back
            Assert.Null(await RunNext());
        }

        private EnqueueResult QueueMigrationOfEveryKind()
        {
            _f.Clock.Advance(TimeSpan.FromSeconds(1)); // after the undo in the queue
            return _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None).GetAwaiter().GetResult();
        }

        [Theory]
        [InlineData(true, "killed inside the series' restore")]
        [InlineData(false, "killed inside the series' restore")]
        [InlineData(true, "stopped before its moved occurrence")]
        [InlineData(false, "stopped before its moved occurrence")]
        [InlineData(true, "running")]
        [InlineData(false, "running")]
        [InlineData(true, "waiting for its retry")]
        [InlineData(false, "waiting for its retry")]
        public async Task An_undo_replaced_inside_a_series_finishes_it_before_it_stops(bool ofTheRequest, string stop)
        {
            var (original, conversion) = await ConvertedSeriesWithAMovedOccurrenceAsync();
            var undo = await QueueUndoAsync(ofTheRequest, conversion.CorrelationId);
            var seriesRestore = _f.Mailbox.PatchesSent.Count + 1;
            EnqueueResult? replacing = null;
            switch (stop)
            {
                case "waiting for its retry":
                    // Graph fails listing the series' occurrences once it is put back: the undo waits for its retry, which
                    // the migration brings forward (it replaced it, and the migration split the series: an outside probe).
                    await PutBackThenWaitForRetryAsync(undo);
                    replacing = QueueMigrationOfEveryKind();
                    Assert.Equal(new[] { undo.CorrelationId }, replacing.UndosLeftToStopOrShare);
                    break;
                case "killed inside the series' restore":
                    var dead = await _f.KillAfterPatchAsync("killed", patch: seriesRestore);
                    replacing = QueueMigrationOfEveryKind();
                    _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
                    break;
                case "stopped before its moved occurrence":
                    await _f.StopBeforeReadingAsync("stopped", id => id == "weekly-2");
                    replacing = QueueMigrationOfEveryKind();
                    break;
                default:
                    // Queued as the series' restore is answered, while the undo's worker runs.
                    _f.Mailbox.FailAfterApply = (_, n) =>
                    {
                        if (n == seriesRestore) replacing = QueueMigrationOfEveryKind();
                        return null;
                    };
                    break;
            }
            if (stop != "running") Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);

            var ran = (await RunNext())!;
            _f.Mailbox.FailAfterApply = null;
            var migration = (await RunNext())!;

            Assert.Equal(undo.CorrelationId, ran.CorrelationId);
            Assert.Equal((replacing!.Request.CorrelationId, MigrationState.Succeeded), (migration.CorrelationId, migration.State));
            Assert.Null(await RunNext());
            // One kind for the whole series: the occurrence was put back with it, then both written by the migration as such.
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
            var undoRows = await _f.Store.GetJournalAsync(undo.CorrelationId, None);
            Assert.Contains(undoRows, e => e.EventId == "weekly-2" && e.Outcome == MeetingOutcome.Restored);
            Assert.DoesNotContain(undoRows.GroupBy(e => e.EventId), rows => rows.OrderBy(e => e.Id).Last().Outcome == MeetingOutcome.Attempting);
            var final = (await _f.Store.GetAsync(undo.CorrelationId, None))!;
            Assert.Equal(2, undoRows.Where(e => e.Outcome == MeetingOutcome.Restored).Select(e => e.EventId).Distinct().Count());
            Assert.Equal(2, final.InvitesUpdate); // the series and its moved occurrence, once each
        }
    
        /// <summary>
        /// Found by an outside probe: as above, the undo's retry brought forward over the Teams-only migration's write of the
        /// moved occurrence, and its worker killed once that restore was applied, before its answer. Resumed, the undo ended
        /// Succeeded with the occurrence's row Attempting for good and it uncounted: the occurrence was the Teams-only
        /// migration's, so the undo's list skipped it, and the series' walk took it for handled. It is settled from its marker.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_brought_forward_undo_killed_inside_the_occurrences_restore_settles_it_when_resumed(bool ofTheRequest)
        {
            var (original, undo, _) = await UndoAskedAgainAfterATeamsOnlyRewriteAsync(ofTheRequest);

            var dead = await _f.KillAfterPatchAsync("killed", patch: _f.Mailbox.PatchesSent.Count + 1);
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2").Body); // the restore went out
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
            var resumed = (await RunNext())!;

            Assert.Equal((undo.CorrelationId, MigrationState.Succeeded), (resumed.CorrelationId, resumed.State));
            var rows = await _f.Store.GetJournalAsync(undo.CorrelationId, None);
            Assert.DoesNotContain(rows.GroupBy(e => e.EventId), byEvent => byEvent.OrderBy(e => e.Id).Last().Outcome == MeetingOutcome.Attempting);
            Assert.Contains(rows, e => e.EventId == "weekly-2" && e.Outcome == MeetingOutcome.Restored);
            Assert.Equal(2, resumed.InvitesUpdate); // the series and its moved occurrence, once each
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("weekly-2")); // rewritten, put back: not sent again
            Assert.Null(await RunNext());
        }

        /// <summary>
        /// Found by an outside probe: an undo that put a series back ended Failed before the occurrence its organizer had moved
        /// (Graph failed listing it, no retry left); the admin ran the undo again, as its status says, to finish the series,
        /// and a migration of every kind (Start, or a dial-in change's trigger) queued then replaced that new undo as one that
        /// "has put nothing back". The migration wrote the series as put back (Skype for Business) and the occurrence as the
        /// undone migration left it (Teams), said nowhere. The new undo runs first, finishes the series, and stops.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_asked_again_to_finish_a_failed_undos_series_is_not_replaced_before_it_finishes_it(bool ofTheRequest)
        {
            var (original, conversion) = await ConvertedSeriesWithAMovedOccurrenceAsync();
            await _f.Store.SaveTenantMigrationConfigurationAsync(new MeetingMigration.Engine.Configuration.TenantMigrationConfiguration { UserRetryLimit = 0, RetryWindow = TimeSpan.FromHours(24) }, None);
            var failed = await QueueUndoAsync(ofTheRequest, conversion.CorrelationId);
            var ran = (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!;
            Assert.Equal((failed.CorrelationId, MigrationState.Failed), (ran.CorrelationId, ran.State));
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.Teams), (KindOf("weekly"), KindOf("weekly-2")));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var again = await QueueUndoAsync(ofTheRequest, conversion.CorrelationId);
            var replacing = QueueMigrationOfEveryKind();

            Assert.Empty(replacing.ReplacedUndos);
            Assert.Equal(new[] { again.CorrelationId }, replacing.UndosLeftToStopOrShare);
            var first = (await RunNext())!;
            var migration = (await RunNext())!;
            Assert.Equal(again.CorrelationId, first.CorrelationId);
            Assert.Equal((replacing.Request.CorrelationId, MigrationState.Succeeded), (migration.CorrelationId, migration.State));
            Assert.Null(await RunNext());
            // One kind for the whole series: the occurrence was put back with it, then both written by the migration as such.
            Assert.Equal((MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness), (KindOf("weekly"), KindOf("weekly-2")));
            Assert.Contains(await _f.Store.GetJournalAsync(again.CorrelationId, None), e => e.EventId == "weekly-2" && e.Outcome == MeetingOutcome.Restored);
        }
    }
}
