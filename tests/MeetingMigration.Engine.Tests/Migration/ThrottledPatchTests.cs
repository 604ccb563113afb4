using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Tests.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>
    /// Retries do not multiply: the gateway retries a throttled PATCH, the migrator's rounds only re-plan after a 412 or a
    /// lost answer, and both draw on one budget per meeting, so a meeting gets at most
    /// Backoff.MaxAttempts + MeetingMigrator.MaxRounds - 1 PATCHes per attempt, whatever Graph answers.
    /// </summary>
    public sealed class ThrottledPatchTests : IDisposable
    {
        private static readonly int MaxPatchesPerMeeting = Backoff.Default.MaxAttempts + MeetingMigrator.MaxRounds - 1;
        private readonly MigrationFixture _f = new MigrationFixture();
        private readonly RecordedWaits _waits = new RecordedWaits();

        public void Dispose() => _f.Dispose();

        /// <summary>The request processor over the fake mailbox behind the real gateway, whose waits are recorded, not spent.</summary>
        private Task<AttemptResult> RunThroughGateway(MeetingMigration.Engine.Model.MigrationRequest request) =>
            new RequestProcessor(new ResilientMailboxGateway(_f.Mailbox, delay: _waits.Delay), _f.Store, _f.Clock)
                .RunAsync(request, false, null, CancellationToken.None);

        [Fact]
        public async Task A_meeting_under_endless_429s_is_patched_at_most_the_gateways_attempts_and_then_fails_for_a_later_retry()
        {
            var item = _f.AddStaleTeamsMeeting("Throttled for ever");
            _f.Mailbox.FailBeforeApply = (patch, n) => new GraphCallException(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");

            var result = await RunThroughGateway(await _f.Queue());

            Assert.Equal(Backoff.Default.MaxAttempts, _f.Mailbox.PatchesSentTo(item.Id));
            Assert.Equal(0, _f.Mailbox.PatchesAppliedTo(item.Id));
            Assert.Equal((1, 0, 1), (result.TotalMeeting, result.SucceededMeeting, result.FailedMeeting));
            Assert.Equal(1, result.TransientFailures);
            Assert.Contains("429", result.LastMessage);
        }

        [Fact]
        public async Task Throttling_mixed_with_lost_answers_stays_within_one_budget_per_meeting()
        {
            // Nine 429s, then a 504 that applied nothing, over and over: each 504 sends the migrator into a new round, which
            // used to get a fresh ten sends from the gateway (40 in all).
            var item = _f.AddStaleTeamsMeeting("Throttled and timing out");
            _f.Mailbox.FailBeforeApply = (patch, n) => n % 10 == 0
                ? new GraphCallException(504, "GatewayTimeout", "no answer")
                : new GraphCallException(429, "ApplicationThrottled", "slow down");

            var result = await RunThroughGateway(await _f.Queue());

            var sent = _f.Mailbox.PatchesSentTo(item.Id);
            Assert.InRange(sent, Backoff.Default.MaxAttempts, MaxPatchesPerMeeting);
            Assert.Equal(0, _f.Mailbox.PatchesAppliedTo(item.Id));
            Assert.Equal(1, result.FailedMeeting);
        }

        [Fact]
        public async Task A_long_retry_after_is_waited_in_full_and_the_meeting_is_updated_once()
        {
            var item = _f.AddStaleTeamsMeeting("Asked to wait two minutes");
            _f.Mailbox.FailBeforeApply = (patch, n) => n == 1 ? new GraphCallException(429, "ApplicationThrottled", "slow down", TimeSpan.FromSeconds(120)) : null;

            var result = await RunThroughGateway(await _f.Queue());

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(new[] { TimeSpan.FromSeconds(120) }, _waits.All);
            Assert.Equal(2, _f.Mailbox.PatchesSentTo(item.Id));
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(item.Id));
            Assert.Equal((1, 1, 1), (result.TotalMeeting, result.SucceededMeeting, result.InvitesUpdate));
        }

        [Fact]
        public async Task A_lost_answer_in_the_last_round_is_read_back_so_an_applied_update_is_journaled_as_updated()
        {
            // Found by the faults proof (docs/reliability.md): three rounds end in a 504 that applied nothing, the last PATCH
            // is applied and its answer lost. The last round failed the meeting without reading it back, so the journal said
            // Failed for a meeting attendees had been sent, and the request's retry, finding it current, left it so.
            var item = _f.AddStaleTeamsMeeting("Applied on the last round");
            _f.Mailbox.FailBeforeApply = (patch, n) => n < MeetingMigrator.MaxRounds ? new GraphCallException(504, "GatewayTimeout", "no answer") : null;
            _f.Mailbox.FailAfterApply = (patch, n) => n == MeetingMigrator.MaxRounds ? new GraphCallException(504, "GatewayTimeout", "answer lost") : null;
            var request = await _f.Queue();

            var result = await _f.Run(request);

            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(item.Id));
            Assert.Equal((1, 1, 0), (result.TotalMeeting, result.SucceededMeeting, result.FailedMeeting));
            var journal = await _f.Store.GetJournalAsync(request.CorrelationId, CancellationToken.None);
            Assert.Equal(MeetingMigration.Engine.Store.MeetingOutcome.Updated, journal[journal.Count - 1].Outcome);
        }

        [Fact]
        public async Task A_429_that_reaches_the_migrator_is_not_sent_again_by_it()
        {
            // Without the gateway nobody retries: the migrator itself must not turn a 429 into a new round.
            var item = _f.AddStaleTeamsMeeting("Throttled once");
            _f.Mailbox.FailBeforeApply = (patch, n) => n == 1 ? new GraphCallException(429, "ApplicationThrottled", "slow down") : null;

            var result = await _f.Run(await _f.Queue());

            Assert.Equal(1, _f.Mailbox.PatchesSentTo(item.Id));
            Assert.Equal(1, result.FailedMeeting);
            Assert.Equal(1, result.TransientFailures);
        }
    }
}
