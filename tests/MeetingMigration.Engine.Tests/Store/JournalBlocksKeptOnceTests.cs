using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// A meeting's blocks are kept once in the journal: an Updated row that follows its own Attempting row is written without
    /// them and read with that row's, an AlreadyUpdated row with its one block shown as both. Every read of the journal (the
    /// request's rows, the latest per meeting, the audit, the undo's targets) must show them as written. Linked into the
    /// PostgreSQL test project.
    /// </summary>
    public sealed class JournalBlocksKeptOnceTests : IDisposable
    {
        private const string User = "ada@contoso.com";
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        private static JournalEntry Row(Guid request, string eventId, MeetingOutcome outcome, string oldBlock, string newBlock, string hash, bool onAttemptingRow = false) =>
            new JournalEntry
            {
                CorrelationId = request, UserPrincipalName = User, EventId = eventId, Subject = "Weekly", MeetingKind = "Teams", Outcome = outcome,
                OldBlock = oldBlock, NewBlock = newBlock, NewBlockHash = hash, BlocksOnAttemptingRow = onAttemptingRow,
            };

        [Fact]
        public async Task An_updated_row_shows_the_blocks_of_its_own_attempting_row_with_its_fingerprint_on_every_read()
        {
            var store = _file.Open(_clock);
            var request = (await store.Enqueue(User)).Request.CorrelationId;
            var other = Guid.NewGuid();
            // e1: another request's attempt at the same meeting, with the same fingerprint, lands between this one's two rows.
            await store.AppendJournalAsync(Row(request, "e1", MeetingOutcome.Attempting, "<old-1/>", "<new-1/>", "h1"), None);
            await store.AppendJournalAsync(Row(other, "e1", MeetingOutcome.Attempting, "<other-old/>", "<other-new/>", "h1"), None);
            await store.AppendJournalAsync(Row(request, "e1", MeetingOutcome.Updated, "<old-1/>", "<new-1/>", "h1", onAttemptingRow: true), None);
            // e2: the first PATCH met a 412, the meeting was read again and planned anew: the second attempt's blocks count.
            await store.AppendJournalAsync(Row(request, "e2", MeetingOutcome.Attempting, "<old-2a/>", "<new-2a/>", "h2a"), None);
            await store.AppendJournalAsync(Row(request, "e2", MeetingOutcome.Attempting, "<old-2b/>", "<new-2b/>", "h2b"), None);
            await store.AppendJournalAsync(Row(request, "e2", MeetingOutcome.Updated, "<old-2b/>", "<new-2b/>", "h2b", onAttemptingRow: true), None);
            // e3: an Updated row written with its blocks (a resumed attempt's, or one written before the blocks were kept once).
            await store.AppendJournalAsync(Row(request, "e3", MeetingOutcome.Updated, "<old-3/>", "<new-3/>", "h3"), None);

            var expected = new[] { ("e1", "<old-1/>", "<new-1/>"), ("e2", "<old-2b/>", "<new-2b/>"), ("e3", "<old-3/>", "<new-3/>") };
            (string, string, string)[] Updated(IEnumerable<JournalEntry> rows) =>
                rows.Where(r => r.Outcome == MeetingOutcome.Updated).OrderBy(r => r.EventId).Select(r => (r.EventId, r.OldBlock, r.NewBlock)).ToArray();

            Assert.Equal(expected, Updated(await store.GetJournalAsync(request, None)));
            var latest = await store.GetLatestJournalByEventAsync(User, None);
            Assert.Equal(expected, Updated(latest.Values));
            Assert.Equal(expected, Updated(store.ReadJournal(new JournalQuery { Identity = UserIdentity.Parse(User) }, None).Where(r => r.CorrelationId == request)));
            Assert.Equal(expected, Updated(store.ReadJournal(new JournalQuery { CorrelationId = request, Outcomes = new[] { MeetingOutcome.Updated } }, None)));
            Assert.Equal(expected, Updated(await store.GetUndoTargetsAsync(User, request, None)));
            Assert.Equal(expected, Updated(await store.GetUndoTargetsAsync(User, null, None)));
            // The Attempting rows keep their own blocks.
            Assert.Equal(new[] { "<old-1/>", "<old-2a/>", "<old-2b/>" },
                (await store.GetJournalAsync(request, None)).Where(r => r.Outcome == MeetingOutcome.Attempting).Select(r => r.OldBlock));
        }

        /// <summary>
        /// A process older than this format reads the row's columns as they are: its blocks are empty there, so its fingerprint
        /// must match no block, or that process's undo puts the empty block back (found by an outside probe of a rolling
        /// upgrade: the join details deleted and every attendee mailed). Read through the store, the row is whole.
        /// </summary>
        [Fact]
        public async Task An_updated_row_kept_without_blocks_carries_a_fingerprint_no_block_has_in_its_own_columns()
        {
            var store = _file.Open(_clock);
            var request = (await store.Enqueue(User)).Request.CorrelationId;
            var hash = MeetingMigration.Engine.Blocks.BlockFingerprint.Compute("<new/>");
            await store.AppendJournalAsync(Row(request, "e1", MeetingOutcome.Attempting, "<old/>", "<new/>", hash), None);
            await store.AppendJournalAsync(Row(request, "e1", MeetingOutcome.Updated, "<old/>", "<new/>", hash, onAttemptingRow: true), None);

            string Raw(string column) => (string)_file.Scalar($"SELECT {column} FROM journal WHERE correlation_id = '{request:D}' AND outcome = 'Updated'")!;
            Assert.Equal(("", ""), (Raw("old_block"), Raw("new_block")));
            Assert.DoesNotMatch("^[0-9a-f]+$", Raw("new_block_hash")); // a fingerprint of no block: not hex
            var read = (await store.GetJournalAsync(request, None)).Single(r => r.Outcome == MeetingOutcome.Updated);
            Assert.Equal(("<old/>", "<new/>", hash), (read.OldBlock, read.NewBlock, read.NewBlockHash));
        }

        /// <summary>What a resumed attempt settles: the request's own Attempting rows that nothing of that request followed.</summary>
        [Fact]
        public async Task Unsettled_attempts_are_the_requests_attempting_rows_no_later_row_of_it_followed_with_their_blocks()
        {
            var store = _file.Open(_clock);
            var request = (await store.Enqueue(User)).Request.CorrelationId;
            var other = Guid.NewGuid();
            await store.AppendJournalAsync(Row(request, "settled", MeetingOutcome.Attempting, "<o1/>", "<n1/>", "h1"), None);
            await store.AppendJournalAsync(Row(request, "settled", MeetingOutcome.Updated, "<o1/>", "<n1/>", "h1", onAttemptingRow: true), None);
            await store.AppendJournalAsync(Row(request, "open", MeetingOutcome.Attempting, "<o2/>", "<n2/>", "h2"), None);
            // Another request's later row does not settle this one's attempt; this request's second attempt is the one to settle.
            await store.AppendJournalAsync(Row(other, "open", MeetingOutcome.Skipped, "", "", ""), None);
            await store.AppendJournalAsync(Row(request, "twice", MeetingOutcome.Attempting, "<o3a/>", "<n3a/>", "h3a"), None);
            await store.AppendJournalAsync(Row(request, "twice", MeetingOutcome.Attempting, "<o3b/>", "<n3b/>", "h3b"), None);
            await store.AppendJournalAsync(Row(other, "others", MeetingOutcome.Attempting, "<o4/>", "<n4/>", "h4"), None);

            var open = await store.GetUnsettledAttemptsAsync(request, None);

            Assert.Equal(new[] { ("open", "<o2/>", "<n2/>", "h2"), ("twice", "<o3b/>", "<n3b/>", "h3b") },
                open.Select(r => (r.EventId, r.OldBlock, r.NewBlock, r.NewBlockHash)).ToArray());
        }

        [Fact]
        public async Task An_already_updated_row_keeps_its_one_block_and_shows_it_as_old_and_new()
        {
            var store = _file.Open(_clock);
            var request = (await store.Enqueue(User)).Request.CorrelationId;
            await store.AppendJournalAsync(Row(request, "same", MeetingOutcome.AlreadyUpdated, "<current/>", "<current/>", ""), None);
            await store.AppendJournalAsync(Row(request, "empty", MeetingOutcome.AlreadyUpdated, "", "", ""), None);

            var rows = (await store.GetJournalAsync(request, None)).ToDictionary(r => r.EventId);
            Assert.Equal(("<current/>", "<current/>"), (rows["same"].OldBlock, rows["same"].NewBlock));
            Assert.Equal(("", ""), (rows["empty"].OldBlock, rows["empty"].NewBlock));
        }
    }
}
