using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>
    /// Stop-CsMeetingMigration of an undo that has put meetings back (waiting for its retry, or handed back part-way while
    /// Graph was unreachable). Its status said what a migration's says: "the meetings it updated keep their new block
    /// (Undo-CsMeetingMigration -CorrelationId &lt;the undo&gt; takes them back)", advice that is refused (an undo is not undone),
    /// and nothing of the series it had put back and not finished. It says what the undo leaves and what finishes it.
    /// </summary>
    public sealed class StopAnUndoTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private MigrationAdmin Admin => new MigrationAdmin(_f.Store, _f.Clock);
        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);

        [Theory]
        [InlineData(true, false)]
        [InlineData(false, false)]
        [InlineData(true, true)]
        [InlineData(false, true)]
        public async Task A_stopped_undo_that_put_a_series_back_says_what_it_leaves_and_what_finishes_it(bool ofTheRequest, bool graphUnreachable)
        {
            var (original, conversion) = await UndoArrangements.ConvertedSeriesWithAMovedOccurrenceAsync(_f);
            var undo = (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion.CorrelationId)).Request;
            // The series is put back, then listing its occurrences fails: Graph busy (a retry), or unreachable (handed back).
            if (graphUnreachable)
                await Assert.ThrowsAsync<GraphCallException>(() => UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, () => new GraphCallException(0, "NoResponse",
                    "No response from Microsoft Graph.", inner: new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)))));
            else await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy);
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);

            var stopped = await Admin.CancelAsync(undo.CorrelationId, None);

            Assert.Equal(graphUnreachable ? CancelOutcome.StoppedPartWay : CancelOutcome.RetryCancelled, stopped.Outcome);
            var message = (await _f.Store.GetAsync(undo.CorrelationId, None))!.LastMessage;
            Assert.Equal(MigrationState.Failed, (await _f.Store.GetAsync(undo.CorrelationId, None))!.State);
            Assert.DoesNotContain($"Undo-CsMeetingMigration -CorrelationId {undo.CorrelationId:D}", message);
            Assert.DoesNotContain("keep their new block", message);
            Assert.Contains(graphUnreachable ? "after it had run part-way: the meetings it put back keep their earlier block" : "Its retry was cancelled (Stop-CsMeetingMigration). The meetings it put back keep their earlier block", message);
            var again = ofTheRequest ? $"Undo-CsMeetingMigration -CorrelationId {conversion.CorrelationId:D}" : $"Undo-CsMeetingMigration -Identity '{MigrationFixture.Organizer}'";
            Assert.Contains($"a series it put back may still have occurrences moved since that show the block it was taking back: {again} queues an undo that finishes them (unless", message);
            Assert.Contains("a migration of every kind queued while none is queued has an undo queued ahead of it that finishes them and nothing else", message);
            Assert.DoesNotContain(MeetingMigration.Engine.Store.RelationalMigrationStore.RetryBroughtForwardNote.Trim(), message);

            // As the message says: the undo asked for again finishes the series' moved occurrence.
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var queued = await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion.CorrelationId);
            Assert.NotEqual(undo.CorrelationId, queued.Request.CorrelationId);
            var finished = (await RunNext())!;
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (finished.CorrelationId, finished.State));
            Assert.Equal(_f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, "weekly")).Kind, _f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2")).Kind);
        }
    }
}
