using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    public sealed class JournalGroupCommitTests
    {
        private static JournalEntry Row(int n) => new JournalEntry { EventId = "evt-" + n, UserPrincipalName = "ada@contoso.com" };

        [Fact]
        public async Task Rows_that_arrive_while_a_batch_commits_share_the_next_transaction_and_each_caller_waits_for_its_own()
        {
            var batches = new List<IReadOnlyList<string>>();
            using var firstStarted = new ManualResetEventSlim();
            using var releaseFirst = new ManualResetEventSlim();
            var journal = new JournalGroupCommit(entries =>
            {
                lock (batches) batches.Add(entries.Select(e => e.EventId).ToList());
                if (batches.Count == 1)
                {
                    firstStarted.Set();
                    releaseFirst.Wait(TimeSpan.FromSeconds(30));
                }
                return entries.Select(_ => true).ToList();
            });

            var first = Task.Run(() => journal.AppendAsync(Row(0), CancellationToken.None));
            Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)));
            var waiting = Enumerable.Range(1, 20).Select(n => journal.AppendAsync(Row(n), CancellationToken.None)).ToList();
            await Task.Delay(50);
            Assert.All(waiting, t => Assert.False(t.IsCompleted)); // not committed yet: their callers must not go on
            releaseFirst.Set();

            await first;
            await Task.WhenAll(waiting);
            Assert.Equal(2, batches.Count);
            Assert.Equal(new[] { "evt-0" }, batches[0]);
            Assert.Equal(Enumerable.Range(1, 20).Select(n => "evt-" + n), batches[1]); // in arrival order, one transaction
        }

        [Fact]
        public async Task A_failed_commit_fails_every_row_in_it_and_the_next_rows_are_written()
        {
            var calls = 0;
            var journal = new JournalGroupCommit(entries =>
            {
                if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("disk full");
                return entries.Select(_ => true).ToList();
            });

            var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.AppendAsync(Row(1), CancellationToken.None));
            Assert.Equal("disk full", failed.Message);
            await journal.AppendAsync(Row(2), CancellationToken.None);
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_row_its_lease_fence_refused_fails_only_its_own_caller_as_a_lost_lease()
        {
            var journal = new JournalGroupCommit(entries => entries.Select(e => e.EventId != "evt-2").ToList());

            await journal.AppendAsync(Row(1), CancellationToken.None);
            var lost = await Assert.ThrowsAsync<LeaseLostException>(() => journal.AppendAsync(Row(2), CancellationToken.None));
            Assert.Equal("LeaseLost", lost.ErrorId);
            await journal.AppendAsync(Row(3), CancellationToken.None);
        }

        [Fact]
        public async Task Many_concurrent_rows_all_reach_the_store_once()
        {
            using var file = new TempStoreFile();
            using var store = SqliteMigrationStore.Open(file.Path);
            var id = Guid.NewGuid();

            await Task.WhenAll(Enumerable.Range(0, 300).Select(n => Task.Run(() => store.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = id, UserPrincipalName = "ada@contoso.com", EventId = "evt-" + n, Outcome = MeetingOutcome.Attempting,
            }, CancellationToken.None))));

            var rows = await store.GetJournalAsync(id, CancellationToken.None);
            Assert.Equal(300, rows.Count);
            Assert.Equal(300, rows.Select(r => r.EventId).Distinct().Count());
        }
    }
}
