using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>The embedded store's journal writer keeps its connection between batches (PostgreSQL's does not).</summary>
    public sealed class JournalWriterConnectionTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task Disposing_the_store_closes_the_connection_the_journal_writer_kept()
        {
            var store = _file.Open(_clock);
            await store.AppendJournalAsync(Row("e1"), None);
            Assert.True(System.IO.File.Exists(_file.Path + "-wal")); // written through the writer's own connection

            store.Dispose();

            // SQLite folds the write-ahead log back and deletes it when the file's last connection closes: a connection the
            // writer still held would leave it (and keep the file open for Disconnect, copies and deletes).
            Assert.False(System.IO.File.Exists(_file.Path + "-wal"));
        }

        [Fact]
        public async Task A_batch_that_failed_leaves_the_journal_writable_and_loses_no_committed_row()
        {
            var store = _file.Open(_clock);
            await store.AppendJournalAsync(Row("before"), None);
            using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                other.Open();
                using var rename = other.CreateCommand();
                rename.CommandText = "ALTER TABLE journal RENAME TO journal_away";
                rename.ExecuteNonQuery();
                await Assert.ThrowsAnyAsync<Exception>(() => store.AppendJournalAsync(Row("lost"), None));
                rename.CommandText = "ALTER TABLE journal_away RENAME TO journal";
                rename.ExecuteNonQuery();
            }

            await store.AppendJournalAsync(Row("after"), None);

            Assert.Equal(new[] { "before", "after" }, (await store.GetJournalAsync(Guid.Empty, None)).Select(e => e.EventId));
        }

        private static JournalEntry Row(string eventId) => new JournalEntry
        {
            CorrelationId = Guid.Empty, UserPrincipalName = "journal@contoso.com", EventId = eventId, Outcome = MeetingOutcome.Updated,
        };
    }
}
