using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
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

        private MigrationAdmin Admin => new MigrationAdmin(_f.Store, _f.Clock);
        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);
        private MeetingKind KindOf(string id) => _f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, id)).Kind;

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
        public async Task An_undo_replaced_inside_a_series_finishes_it_before_it_stops(bool ofTheRequest, string stop)
        {
            // The organizer's Skype for Business details, which the migration writes in the series put back.
            await new ConferencingAdmin(_f.Store).SetUserAsync(UserIdentity.Parse(MigrationFixture.Organizer),
                new DialInUserUpdate { JoinUrl = "https://meet.contoso.com/ada/NEW1" }, createIfMissing: true, None);
            while (await RunNext() != null) { } // the migration that change queued, of an empty calendar
            var (original, conversion) = await ConvertedSeries.ArrangeAsync(_f);
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", _f.Clock.UtcNow.AddDays(14).AddHours(2));
            Assert.Equal(MeetingKind.Teams, KindOf("weekly-2"));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var plan = await Admin.PlanUndoAsync(ofTheRequest ? null : UserIdentity.Parse(MigrationFixture.Organizer), ofTheRequest ? conversion.CorrelationId : (Guid?)null, None);
            var undo = (await Admin.QueueUndoAsync(plan, None)).Request;
            var seriesRestore = _f.Mailbox.PatchesSent.Count + 1;
            EnqueueResult? replacing = null;
            switch (stop)
            {
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
    }
}
