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
    public sealed class ConcurrencyAndJournalTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task Two_store_instances_with_parallel_writers_lose_nothing()
        {
            var stores = new[] { _file.Open(_clock), _file.Open(_clock) };
            const int perStore = 200;

            // Any exception ("database is locked" included) fails the test through WhenAll.
            var writers = stores.SelectMany((store, s) => Enumerable.Range(0, perStore).Select(i => Task.Run(async () =>
            {
                await store.Enqueue($"s{s}-u{i}@contoso.com");
                await store.AppendJournalAsync(new JournalEntry
                {
                    CorrelationId = Guid.Empty, UserPrincipalName = "journal@contoso.com", EventId = $"s{s}-e{i}", Outcome = MeetingOutcome.Updated,
                }, None);
            }))).ToArray();
            await Task.WhenAll(writers);

            var all = await stores[1].QueryAsync(new MigrationStatusQuery(), None);
            Assert.Equal(2 * perStore, all.Count);
            Assert.Equal(2 * perStore, all.Select(r => r.UserPrincipalName).Distinct().Count());
            Assert.Equal(2 * perStore, (await stores[0].GetJournalAsync(Guid.Empty, None)).Count);
        }

        [Fact]
        public async Task Parallel_starts_for_one_user_from_two_stores_leave_one_pending_request()
        {
            var stores = new[] { _file.Open(_clock), _file.Open(_clock) };
            // One of them (42, an SfB source) asks to convert to Teams: the conversion survives every merge around it.
            var starts = Enumerable.Range(0, 60).Select(i => Task.Run(() =>
                stores[i % 2].Enqueue("ada@contoso.com", i % 3 == 0 ? SourceMeetingType.SfB : SourceMeetingType.Teams,
                    i == 42 ? TargetMeetingType.Teams : TargetMeetingType.Current))).ToArray();
            var results = await Task.WhenAll(starts);

            var only = Assert.Single(await stores[0].QueryAsync(new MigrationStatusQuery(), None));
            Assert.Equal(59, results.Count(r => r.Merged));
            Assert.All(results, r => Assert.Equal(only.CorrelationId, r.Request.CorrelationId));
            Assert.Equal(SourceMeetingType.All, only.SourceMeetingType);
            Assert.Equal(TargetMeetingType.Teams, only.TargetMeetingType);
        }

        /// <summary>What status shows for a request that has not ended: each meeting by its last row other than Attempting.</summary>
        [Fact]
        public async Task The_journal_is_counted_per_meeting_by_its_last_row_that_says_how_it_ended()
        {
            var store = _file.Open(_clock);
            var request = (await store.Enqueue("ada@contoso.com")).Request;
            var other = (await store.Enqueue("bob@contoso.com")).Request;
            async Task Row(Guid id, string eventId, MeetingOutcome outcome) =>
                await store.AppendJournalAsync(new JournalEntry { CorrelationId = id, UserPrincipalName = "ada@contoso.com", EventId = eventId, Outcome = outcome }, None);
            await Row(request.CorrelationId, "updated", MeetingOutcome.Attempting);
            await Row(request.CorrelationId, "updated", MeetingOutcome.Updated);
            await Row(request.CorrelationId, "in-flight", MeetingOutcome.Attempting);              // may or may not have gone out: not counted
            await Row(request.CorrelationId, "failed-then-updated", MeetingOutcome.Failed);
            await Row(request.CorrelationId, "failed-then-updated", MeetingOutcome.Attempting);
            await Row(request.CorrelationId, "failed-then-updated", MeetingOutcome.Updated);       // a later attempt fixed it
            await Row(request.CorrelationId, "resumed", MeetingOutcome.Updated);
            await Row(request.CorrelationId, "resumed", MeetingOutcome.AlreadyUpdated);            // found done on resume: one update
            await Row(request.CorrelationId, "failed", MeetingOutcome.Failed);
            await Row(request.CorrelationId, "refused", MeetingOutcome.Refused);
            await Row(request.CorrelationId, "skipped", MeetingOutcome.Skipped);
            await Row(other.CorrelationId, "elsewhere", MeetingOutcome.Updated);

            var counts = await store.CountJournalAsync(request.CorrelationId, None);

            Assert.Equal((5, 3, 2, 1, 3), (counts.Total, counts.Succeeded, counts.Failed, counts.RetryableFailed, counts.Updates));
            Assert.Equal(0, (await store.CountJournalAsync(Guid.NewGuid(), None)).Total);
        }

        [Fact]
        public async Task Journal_entries_come_back_in_order_and_the_latest_per_event_is_found_by_user()
        {
            var store = _file.Open(_clock);
            var request = Guid.NewGuid();
            var other = Guid.NewGuid();
            var start = new DateTime(2030, 5, 1, 14, 0, 0, DateTimeKind.Utc);
            await store.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = request, UserPrincipalName = "Ada@Contoso.com", EventId = "AAMk-1", Subject = "Weekly sync", Start = start,
                MeetingKind = "Teams", OldBlock = "<old/>", NewBlock = "<new/>", NewBlockHash = "abc123", Outcome = MeetingOutcome.Attempting,
            }, None);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await store.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = request, UserPrincipalName = "ada@contoso.com", EventId = "AAMk-1", Outcome = MeetingOutcome.Updated, Reason = "confirmed",
            }, None);
            await store.AppendJournalAsync(new JournalEntry { CorrelationId = request, UserPrincipalName = "ada@contoso.com", EventId = "aamk-1", Outcome = MeetingOutcome.Failed }, None);
            await store.AppendJournalAsync(new JournalEntry { CorrelationId = other, UserPrincipalName = "ada@contoso.com", EventId = "AAMk-2", Outcome = MeetingOutcome.Skipped }, None);
            await store.AppendJournalAsync(new JournalEntry { CorrelationId = other, UserPrincipalName = "bob@contoso.com", EventId = "AAMk-1", Outcome = MeetingOutcome.Planned }, None);

            var journal = await store.GetJournalAsync(request, None);
            Assert.Equal(new[] { MeetingOutcome.Attempting, MeetingOutcome.Updated, MeetingOutcome.Failed }, journal.Select(j => j.Outcome).ToArray());
            var first = journal[0];
            Assert.Equal("AAMk-1", first.EventId);
            Assert.Equal("Weekly sync", first.Subject);
            Assert.Equal(start, first.Start);
            Assert.Equal("Teams", first.MeetingKind);
            Assert.Equal("<old/>", first.OldBlock);
            Assert.Equal("<new/>", first.NewBlock);
            Assert.Equal("abc123", first.NewBlockHash);
            Assert.Equal(_clock.UtcNow.AddSeconds(-1), first.Time); // no time given: the store's clock
            Assert.Null(journal[1].Start);
            Assert.True(journal[0].Id < journal[1].Id);

            var latest = await store.GetLatestJournalByEventAsync("ADA@contoso.com", None);
            Assert.Equal(3, latest.Count);                                    // event ids are case-sensitive
            Assert.Equal(MeetingOutcome.Updated, latest["AAMk-1"].Outcome);
            Assert.Equal("confirmed", latest["AAMk-1"].Reason);
            Assert.Equal(MeetingOutcome.Failed, latest["aamk-1"].Outcome);
            Assert.Equal(MeetingOutcome.Skipped, latest["AAMk-2"].Outcome);
            Assert.Empty(await store.GetLatestJournalByEventAsync("carol@contoso.com", None));
        }

        /// <summary>What an undo that restored a meeting took back: the latest migration's row, whatever undos wrote since.</summary>
        [Fact]
        public async Task The_latest_migration_write_per_meeting_is_found_past_the_undos_after_it()
        {
            var store = _file.Open(_clock);
            Guid first = Guid.NewGuid(), second = Guid.NewGuid(), undo = Guid.NewGuid();
            Task Row(Guid request, string eventId, MeetingOutcome outcome, string old = "", string written = "", string upn = "ada@contoso.com") =>
                store.AppendJournalAsync(new JournalEntry
                {
                    CorrelationId = request, UserPrincipalName = upn, EventId = eventId, Outcome = outcome, MeetingKind = "Teams",
                    OldBlock = old, NewBlock = written, NewBlockHash = written.Length == 0 ? "" : "hash" + written,
                }, None);
            await Row(first, "series", MeetingOutcome.Updated, "<c1/>", "<c2/>");
            await Row(undo, "series", MeetingOutcome.Restored, "<c2/>", "<c1/>");
            await Row(first, "single", MeetingOutcome.Updated, "<c1/>", "<c2/>");
            await Row(second, "single", MeetingOutcome.Updated, "<c2/>", "<c3/>");
            await Row(undo, "found", MeetingOutcome.AlreadyUpdated, "<c1/>", "<c1/>");
            await Row(first, "series", MeetingOutcome.Failed);
            await Row(first, "bob's", MeetingOutcome.Updated, "<c1/>", "<c2/>", upn: "bob@contoso.com");

            var writes = await store.GetLatestMigrationWritesAsync("Ada@Contoso.com", None);

            Assert.Equal(new[] { "series", "single" }, writes.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal((first, "<c1/>", "<c2/>", "hash<c2/>"), (writes["series"].CorrelationId, writes["series"].OldBlock, writes["series"].NewBlock, writes["series"].NewBlockHash));
            Assert.Equal((second, "<c2/>"), (writes["single"].CorrelationId, writes["single"].OldBlock));
        }
    }
}
