using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Tests.Undo;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Worker
{
    /// <summary>
    /// A retry whose first call, the directory look-up, meets a busy directory (503 past the call's own retries). Found by a
    /// Pester test of the undo's retries: the undo's attempt stopped on "an unexpected error", and both kinds of request then
    /// showed 0 meetings and 0 updates in status, though an earlier attempt had written meetings and mailed their attendees.
    /// Said as the look-up's failure, with the counts the journal holds, and retried.
    /// </summary>
    public sealed class BusyDirectoryOnRetryTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);

        private async Task<MigrationRequest> RetryWithABusyDirectoryAsync(MigrationRequest waiting)
        {
            Assert.True(waiting.AwaitingRetry && waiting.InvitesUpdate > 0, $"{waiting.State} {waiting.InvitesUpdate}: {waiting.LastMessage}");
            _f.Mailbox.DirectoryFailure = new GraphCallException(503, "ServiceUnavailable", "Busy.");
            _f.Clock.Advance(waiting.NotBefore - _f.Clock.UtcNow + TimeSpan.FromSeconds(1));
            var retried = (await RunNext())!;
            Assert.Equal(waiting.CorrelationId, retried.CorrelationId);
            return retried;
        }

        private static void AssertSaidAndCounted(MigrationRequest waiting, MigrationRequest retried)
        {
            Assert.Equal((MigrationState.Pending, true), (retried.State, retried.AwaitingRetry));
            Assert.StartsWith($"Looking up '{MigrationFixture.Organizer}' in the directory failed: Graph answered 503 ServiceUnavailable: Busy.", retried.LastMessage);
            Assert.DoesNotContain("unexpected", retried.LastMessage);
            // As the journal counts them (a series put back whose occurrences were not looked for yet is restored there, where
            // its attempt counted it failed): the meetings and the updates sent stay.
            Assert.Equal((waiting.TotalMeeting, waiting.InvitesUpdate), (retried.TotalMeeting, retried.InvitesUpdate));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_that_put_meetings_back_keeps_them_counted_and_says_the_lookup_failed(bool ofTheRequest)
        {
            await UndoArrangements.OrganizerSkypeDetailsAsync(_f);
            var (_, conversion) = await UndoArrangements.ConvertedSkypeSeriesAsync(_f);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = (await UndoArrangements.QueueUndoAsync(_f, ofTheRequest, conversion.CorrelationId)).Request;
            // The undo puts the series back, then Graph fails listing its occurrences: it waits for its retry.
            var waiting = (await UndoArrangements.RunWithOccurrenceListingFailingAsync(_f, UndoArrangements.Busy))!;
            Assert.Equal(undo.CorrelationId, waiting.CorrelationId);

            AssertSaidAndCounted(waiting, await RetryWithABusyDirectoryAsync(waiting));
        }

        [Fact]
        public async Task A_migration_that_updated_meetings_keeps_them_counted_and_says_the_lookup_failed()
        {
            _f.AddStaleTeamsMeeting("First");
            var second = _f.AddStaleTeamsMeeting("Second", daysAhead: 4);
            var request = await _f.Queue();
            // The second meeting's PATCH fails on a busy Exchange: the first is updated, the request waits for its retry.
            _f.Mailbox.FailBeforeApply = (patch, _) => patch.EventId == second.Id ? new GraphCallException(503, "ServiceUnavailable", "busy") : null;
            var waiting = (await RunNext())!;
            _f.Mailbox.FailBeforeApply = null;
            Assert.Equal(request.CorrelationId, waiting.CorrelationId);

            AssertSaidAndCounted(waiting, await RetryWithABusyDirectoryAsync(waiting));
        }
    }
}
