using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    public sealed class SummaryAndPurgeTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        private static int Count(System.Collections.Generic.IReadOnlyList<StateSummary> summary, MigrationState state) =>
            summary.Single(s => s.State == state).UserCount;

        [Fact]
        public async Task An_empty_store_summarizes_to_all_four_states_with_zero_users()
        {
            var store = _file.Open(_clock);

            var summary = await store.SummarizeAsync(new MigrationStatusQuery(), None);

            Assert.Equal(new[] { MigrationState.Pending, MigrationState.InProgress, MigrationState.Failed, MigrationState.Succeeded },
                summary.Select(s => s.State).OrderBy(s => s).ToArray());
            Assert.All(summary, s => Assert.Equal(0, s.UserCount));
        }

        [Fact]
        public async Task Each_user_is_counted_once_in_the_state_of_their_latest_request()
        {
            var store = _file.Open(_clock);
            var adaOld = await store.Enqueue("ada@contoso.com");
            await store.Finish(adaOld.Request.CorrelationId, MigrationState.Succeeded);
            _clock.Advance(TimeSpan.FromMinutes(1));
            await store.Enqueue("ADA@contoso.com");                       // ada's latest: Pending
            var bob = await store.Enqueue("bob@contoso.com");
            await store.Finish(bob.Request.CorrelationId, MigrationState.Failed);
            var carol = await store.Enqueue("carol@contoso.com");
            Assert.NotNull(await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(5), carol.Request.CorrelationId, None));
            var dan = await store.Enqueue("dan@contoso.com");
            await store.Finish(dan.Request.CorrelationId, MigrationState.Succeeded);

            var summary = await store.SummarizeAsync(new MigrationStatusQuery(), None);

            Assert.Equal(4, summary.Count);
            Assert.Equal(1, Count(summary, MigrationState.Pending));
            Assert.Equal(1, Count(summary, MigrationState.InProgress));
            Assert.Equal(1, Count(summary, MigrationState.Failed));
            Assert.Equal(1, Count(summary, MigrationState.Succeeded));   // dan only: ada's success is superseded

            // A -State filter counts the users whose latest request is in that state, as the plain summary does: ada's
            // superseded success does not count her as Succeeded (found by an outside probe).
            var succeeded = await store.SummarizeAsync(new MigrationStatusQuery { State = MigrationState.Succeeded }, None);
            Assert.Equal(1, Count(succeeded, MigrationState.Succeeded));
            Assert.Equal(0, Count(succeeded, MigrationState.Pending));
        }

        [Fact]
        public async Task The_summary_applies_the_query_filters_before_picking_the_latest_request()
        {
            var store = _file.Open(_clock);
            var adaOld = await store.Enqueue("ada@contoso.com");
            await store.Finish(adaOld.Request.CorrelationId, MigrationState.Succeeded);
            var cutoff = _clock.UtcNow;
            _clock.Advance(TimeSpan.FromDays(1));
            await store.Enqueue("ada@contoso.com");

            var summary = await store.SummarizeAsync(new MigrationStatusQuery { EndTime = cutoff }, None);

            Assert.Equal(1, Count(summary, MigrationState.Succeeded));
            Assert.Equal(0, Count(summary, MigrationState.Pending));
        }

        [Fact]
        public async Task Purge_removes_only_finished_requests_past_retention_with_their_journal()
        {
            var store = _file.Open(_clock);
            var succeeded = await store.Enqueue("s@contoso.com");
            await store.Finish(succeeded.Request.CorrelationId, MigrationState.Succeeded);
            var failedFinal = await store.Enqueue("f@contoso.com");
            await store.Finish(failedFinal.Request.CorrelationId, MigrationState.Failed, retryScheduled: false);
            var failedRetrying = await store.Enqueue("r@contoso.com");
            await store.Finish(failedRetrying.Request.CorrelationId, MigrationState.Pending, retryScheduled: true, notBefore: _clock.UtcNow.AddDays(400));
            var pending = await store.Enqueue("p@contoso.com", notBefore: _clock.UtcNow.AddDays(400));
            var running = await store.Enqueue("i@contoso.com");
            Assert.NotNull(await store.TryLeaseNextAsync("w", TimeSpan.FromDays(400), running.Request.CorrelationId, None));
            foreach (var id in new[] { succeeded, failedFinal, failedRetrying, running }.Select(r => r.Request.CorrelationId))
                await store.AppendJournalAsync(new JournalEntry { CorrelationId = id, UserPrincipalName = "x@contoso.com", EventId = "e-" + id, Outcome = MeetingOutcome.Updated }, None);

            _clock.Advance(TimeSpan.FromDays(151));
            var recent = await store.Enqueue("new@contoso.com");
            await store.Finish(recent.Request.CorrelationId, MigrationState.Succeeded);

            var purged = await store.PurgeAsync(_clock.UtcNow.AddDays(-150), None);

            Assert.Equal(2, purged);
            Assert.Null(await store.GetAsync(succeeded.Request.CorrelationId, None));
            Assert.Null(await store.GetAsync(failedFinal.Request.CorrelationId, None));
            Assert.NotNull(await store.GetAsync(failedRetrying.Request.CorrelationId, None));
            Assert.NotNull(await store.GetAsync(pending.Request.CorrelationId, None));
            Assert.NotNull(await store.GetAsync(running.Request.CorrelationId, None));
            Assert.NotNull(await store.GetAsync(recent.Request.CorrelationId, None));
            Assert.Empty(await store.GetJournalAsync(succeeded.Request.CorrelationId, None));
            Assert.Empty(await store.GetJournalAsync(failedFinal.Request.CorrelationId, None));
            Assert.Single(await store.GetJournalAsync(failedRetrying.Request.CorrelationId, None));
            Assert.Single(await store.GetJournalAsync(running.Request.CorrelationId, None));
        }

        [Fact]
        public async Task Purge_keeps_a_request_created_exactly_at_the_cutoff()
        {
            var store = _file.Open(_clock);
            var r = await store.Enqueue("s@contoso.com");
            await store.Finish(r.Request.CorrelationId, MigrationState.Succeeded);

            Assert.Equal(0, await store.PurgeAsync(r.Request.CreateDate, None));
            Assert.Equal(1, await store.PurgeAsync(r.Request.CreateDate.AddTicks(1), None));
        }
    }
}
