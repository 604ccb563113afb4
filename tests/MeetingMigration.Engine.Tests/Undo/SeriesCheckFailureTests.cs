using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>
    /// Whether a series that began runs on is asked of Graph (its instances) before the series is put back. Found by the
    /// undo's crash proof once it made Graph fail occurrence listings: a busy answer there stopped the whole attempt "on an
    /// unexpected error", before the undo's other meetings. It fails that series alone, as a failed read of the meeting does,
    /// and the retry puts it back.
    /// </summary>
    public sealed class SeriesCheckFailureTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_busy_answer_to_whether_the_series_runs_on_fails_that_series_and_its_retry_puts_it_back(bool ofTheRequest)
        {
            await UndoArrangements.OrganizerSkypeDetailsAsync(_f);
            var (original, conversion) = await UndoArrangements.ConvertedSkypeSeriesAsync(_f);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion.CorrelationId)).Request;
            _f.Mailbox.OccurrenceCheckFailure = _ => new GraphCallException(503, "ServiceUnavailable", "busy");

            var waiting = (await RunNext())!;

            Assert.Equal((undo.CorrelationId, true), (waiting.CorrelationId, waiting.AwaitingRetry));
            Assert.DoesNotContain("unexpected", waiting.LastMessage);
            Assert.Contains("Graph answered 503 ServiceUnavailable", waiting.LastMessage);
            Assert.Equal((1, 1, 0), (waiting.TotalMeeting, waiting.FailedMeeting, waiting.InvitesUpdate));
            Assert.Contains(await _f.Store.GetJournalAsync(undo.CorrelationId, None), e => e.EventId == "weekly" && e.Outcome == MeetingOutcome.Failed);
            Assert.NotEqual(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);

            _f.Mailbox.OccurrenceCheckFailure = null;
            _f.Clock.Advance(waiting.NotBefore - _f.Clock.UtcNow + TimeSpan.FromSeconds(1));
            var retried = (await RunNext())!;

            Assert.Equal((undo.CorrelationId, MigrationState.Succeeded, 1), (retried.CorrelationId, retried.State, retried.InvitesUpdate));
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("weekly")); // the conversion's write, then the one restore
        }
    }
}
