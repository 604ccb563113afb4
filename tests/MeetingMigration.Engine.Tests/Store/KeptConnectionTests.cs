using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// The embedded store keeps connections, with their prepared commands, for the writes every request makes: the journal's
    /// writer between batches, and the lease, renewal and save between requests (PostgreSQL's store keeps none). Kept
    /// connections must behave as fresh ones would: closed with the store, dropped after a failure, and never used on a
    /// file that is no longer the store's.
    /// </summary>
    public sealed class KeptConnectionTests : IDisposable
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

        [Fact]
        public async Task Disposing_the_store_closes_the_connection_kept_for_leases()
        {
            var store = _file.Open(_clock);
            await store.Enqueue("lease@contoso.com");
            Assert.NotNull(await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None));
            Assert.True(System.IO.File.Exists(_file.Path + "-wal"));

            store.Dispose();

            Assert.False(System.IO.File.Exists(_file.Path + "-wal"));
        }

        [Fact]
        public async Task Leases_through_the_kept_commands_bind_each_request_anew()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("first@contoso.com");
            var second = await store.Enqueue("second@contoso.com");

            var one = await store.TryLeaseNextAsync("w1", TimeSpan.FromMinutes(2), null, None);
            var two = await store.TryLeaseNextAsync("w2", TimeSpan.FromMinutes(2), second.Request.CorrelationId, None);
            var none = await store.TryLeaseNextAsync("w3", TimeSpan.FromMinutes(2), null, None);

            Assert.Equal(first.Request.CorrelationId, one!.Request.CorrelationId);
            Assert.Equal(second.Request.CorrelationId, two!.Request.CorrelationId);
            Assert.Null(none);
            one.Request.State = MigrationState.Succeeded;
            Assert.True(await store.SaveLeasedAsync(one, release: true, None));
            // The kept save command is bound to the second request now, not left with the first one's values.
            two.Request.State = MigrationState.Failed;
            Assert.True(await store.SaveLeasedAsync(two, release: true, None));
            Assert.Equal(MigrationState.Succeeded, (await store.GetAsync(first.Request.CorrelationId, None))!.State);
            Assert.Equal(MigrationState.Failed, (await store.GetAsync(second.Request.CorrelationId, None))!.State);
        }

        [Fact]
        public async Task A_lease_that_failed_leaves_leasing_working()
        {
            var store = _file.Open(_clock);
            var queued = await store.Enqueue("retry@contoso.com");
            Assert.Null(await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), Guid.NewGuid(), None)); // commands kept
            using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                other.Open();
                using var rename = other.CreateCommand();
                rename.CommandText = "ALTER TABLE requests RENAME COLUMN lease_fence TO lease_fence_away";
                rename.ExecuteNonQuery();
                await Assert.ThrowsAnyAsync<Exception>(() => store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None));
                rename.CommandText = "ALTER TABLE requests RENAME COLUMN lease_fence_away TO lease_fence";
                rename.ExecuteNonQuery();
            }

            var lease = await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None);

            Assert.Equal(queued.Request.CorrelationId, lease!.Request.CorrelationId);
        }

        [Fact]
        public async Task A_lease_on_a_deleted_store_file_is_StoreReplaced_though_its_connection_was_kept()
        {
            if (!OperatingSystem.IsLinux()) return; // an open file cannot be deleted elsewhere
            var store = _file.Open(_clock);
            await store.Enqueue("first@contoso.com");
            await store.Enqueue("second@contoso.com");
            Assert.NotNull(await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None));

            DeleteStoreFiles();
            _clock.Advance(TimeSpan.FromSeconds(2));

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None));
            Assert.Equal(ErrorIds.StoreReplaced, error.ErrorId);
        }

        [Fact]
        public async Task A_journal_row_on_a_deleted_store_file_is_StoreReplaced_though_its_connection_was_kept()
        {
            if (!OperatingSystem.IsLinux()) return;
            var store = _file.Open(_clock);
            await store.AppendJournalAsync(Row("before"), None);

            DeleteStoreFiles();
            _clock.Advance(TimeSpan.FromSeconds(2));

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => store.AppendJournalAsync(Row("lost"), None));
            Assert.Equal(ErrorIds.StoreReplaced, error.ErrorId);
        }

        [Fact]
        public void A_pooled_connection_opened_again_keeps_the_settings_set_when_it_was_made()
        {
            var store = _file.Open(_clock);
            using (store.OpenConnection()) { }

            using var again = store.OpenConnection(); // the same database connection, from the pool, its pragmas not run again

            Assert.Equal(60000L, Pragma(again, "busy_timeout"));
            Assert.Equal(1L, Pragma(again, "synchronous")); // NORMAL
            Assert.Equal(1L, Pragma(again, "foreign_keys"));
            Assert.Equal("wal", Pragma(again, "journal_mode"));
        }

        private void DeleteStoreFiles()
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) System.IO.File.Delete(_file.Path + suffix);
        }

        private static object Pragma(System.Data.Common.DbConnection connection, string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return command.ExecuteScalar()!;
        }

        private static JournalEntry Row(string eventId) => new JournalEntry
        {
            CorrelationId = Guid.Empty, UserPrincipalName = "journal@contoso.com", EventId = eventId, Outcome = MeetingOutcome.Updated,
        };
    }
}
