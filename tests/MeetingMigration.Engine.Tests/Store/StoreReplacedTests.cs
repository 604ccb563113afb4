using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
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
    /// A store whose file is deleted or replaced while it is open refuses to go on (StoreReplaced). Found by an outside probe:
    /// a service went on writing to the deleted file, unseen, while the cmdlets queued into a new one it never read.
    /// (Linux: where a file can be deleted while open, and where the store can tell one file from another.)
    /// </summary>
    public sealed class StoreReplacedTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly TempStoreFile _temp = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock(new DateTime(2030, 1, 1, 8, 0, 0, DateTimeKind.Utc));

        public void Dispose() => _temp.Dispose();

        private static Task Query(IMigrationStore store) => store.QueryAsync(new MigrationStatusQuery(), None);

        /// <summary>Another store, closed (as a file copied in from elsewhere is), moved over this one; the next look is due.</summary>
        private void ReplaceWithAnotherStore()
        {
            var other = Path.Combine(_temp.Folder, "other.db");
            SqliteMigrationStore.Open(other, _clock).Dispose();
            File.Move(other, _temp.Path, overwrite: true);
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        private void Delete()
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_temp.Path + suffix);
        }

        [Fact]
        public async Task A_deleted_file_is_StoreReplaced_within_a_second_naming_it_and_saying_what_to_do()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return; // elsewhere an open file cannot be deleted
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await Query(store);

            Delete();
            _clock.Advance(TimeSpan.FromSeconds(2));

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));
            Assert.Equal(ErrorIds.StoreReplaced, error.ErrorId);
            Assert.Contains("was deleted while this process had it open", error.Message);
            Assert.Equal(_temp.Path, error.Target);
            Assert.Contains("restart the service", error.RecommendedAction);
            Assert.False(File.Exists(_temp.Path), "the check must not create a new file");
        }

        [Fact]
        public async Task A_file_deleted_within_a_second_of_the_last_look_is_not_made_again_by_a_new_connection()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await Query(store); // looked at the file just now: the next look is a second away

            Delete();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the next query needs a new connection

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));
            Assert.Contains("was deleted while this process had it open", error.Message);
            Assert.False(File.Exists(_temp.Path), "a new connection made an empty store where the old one was");
        }

        [Fact]
        public async Task A_file_deleted_while_the_store_is_still_opening_it_is_StoreReplaced_too()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            // Seen in CI: the service's store file was deleted just after SQLite made its -wal file, while the schema was
            // still being written; the file's identity, read only after that, was "nothing", and the check never ran.
            var opening = Task.Run(() => SqliteMigrationStore.Open(_temp.Path, _clock));
            while (!File.Exists(_temp.Path + "-wal") && !opening.IsCompleted) Thread.SpinWait(20);
            Delete();
            var store = await opening;
            _clock.Advance(TimeSpan.FromSeconds(2));

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));
            Assert.Contains("was deleted while this process had it open", error.Message);
        }

        [Fact]
        public async Task A_file_moved_in_its_place_is_StoreReplaced_and_an_untouched_file_goes_on()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            var other = Path.Combine(_temp.Folder, "other.db");
            SqliteMigrationStore.Open(other, _clock).Dispose(); // closed, as a file copied in from elsewhere is
            _clock.Advance(TimeSpan.FromSeconds(2));
            await Query(store); // the same file: goes on

            Delete();
            File.Move(other, _temp.Path);
            _clock.Advance(TimeSpan.FromSeconds(2));

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));
            Assert.Contains("was replaced by another file", error.Message);
            // A new store on the path (Connect-MeetingMigration again, a restarted service) uses the file now there.
            await Query(SqliteMigrationStore.Open(_temp.Path, _clock));
        }

        [Fact]
        public async Task Connecting_again_after_the_file_was_deleted_uses_a_new_store_at_the_path_not_the_deleted_file()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            // Found by an outside probe: the new store's schema went to the deleted file through the old pooled connections,
            // and every call of the session failed with "no such table" until it disconnected.
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await store.Enqueue("gone@contoso.com");
            Delete();

            var again = SqliteMigrationStore.Open(_temp.Path, _clock);

            Assert.Empty(await again.QueryAsync(new MigrationStatusQuery(), None));
            await again.Enqueue("new@contoso.com");
            Assert.Single(await again.QueryAsync(new MigrationStatusQuery(), None));
        }

        [Fact]
        public async Task A_store_that_found_its_file_deleted_removes_the_log_SQLite_left_of_it_so_a_backup_put_back_opens_undamaged()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            for (var i = 0; i < 20; i++)
                await store.Enqueue($"kept{i}@contoso.com");
            var backup = Path.Combine(_temp.Folder, "backup.db");
            using (var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
            {
                copy.Open();
                using var vacuum = copy.CreateCommand();
                vacuum.CommandText = $"VACUUM INTO '{backup}'";
                vacuum.ExecuteNonQuery();
            }
            // Written after the backup, so the deleted file's log holds pages the backup does not have.
            for (var i = 0; i < 200; i++)
                await store.Enqueue($"lost{i}@contoso.com");

            File.Delete(_temp.Path); // as "rm store.db" does: the -wal and -shm stay
            _clock.Advance(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));
            store.Dispose();

            Assert.False(File.Exists(_temp.Path + "-wal"), "the deleted file's log is still at the path");
            Assert.False(File.Exists(_temp.Path + "-shm"));
            File.Copy(backup, _temp.Path);
            var restored = SqliteMigrationStore.Open(_temp.Path, _clock);
            using var check = restored.OpenConnection();
            using var integrity = check.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", integrity.ExecuteScalar());
            Assert.Equal(20, (await restored.QueryAsync(new MigrationStatusQuery(), None)).Count);
        }

        [Fact]
        public async Task A_store_whose_file_was_replaced_leaves_the_files_at_the_path_alone()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await Query(store);
            ReplaceWithAnotherStore();
            File.WriteAllText(_temp.Path + "-wal", ""); // whatever is beside the new file is not this store's to remove
            await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));

            store.Dispose();

            Assert.True(File.Exists(_temp.Path + "-wal"));
        }

        [Fact]
        public async Task A_store_is_not_made_where_a_deleted_files_log_is_left_and_is_once_it_is_gone()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await store.Enqueue("gone@contoso.com");
            File.Delete(_temp.Path); // as "rm store.db" does, while the store is open: its -wal and -shm stay

            var error = Assert.Throws<MeetingMigrationException>(() => SqliteMigrationStore.Open(_temp.Path, _clock));

            Assert.Equal(ErrorIds.StoreUnavailable, error.ErrorId);
            Assert.Contains(_temp.Path + "-wal", error.Message);
            Assert.Contains("delete", error.RecommendedAction);
            Assert.False(File.Exists(_temp.Path), "nothing is created");
            File.Delete(_temp.Path + "-wal");
            File.Delete(_temp.Path + "-shm");
            Assert.Empty(await SqliteMigrationStore.Open(_temp.Path, _clock).QueryAsync(new MigrationStatusQuery(), None));
        }

        [Fact]
        public async Task Closing_a_store_whose_file_is_gone_removes_what_SQLite_left_though_it_never_looked()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            // Found by an outside re-probe: Disconnect-MeetingMigration after "rm store.db" left them, so Connect stayed refused.
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await store.Enqueue("gone@contoso.com");
            File.Delete(_temp.Path);

            store.Dispose();

            Assert.False(File.Exists(_temp.Path + "-wal"));
            Assert.Empty(await SqliteMigrationStore.Open(_temp.Path, _clock).QueryAsync(new MigrationStatusQuery(), None));
        }

        [Fact]
        public async Task A_replaced_file_says_to_delete_the_old_log_before_anything_opens_the_new_file()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            // Found by an outside re-probe: the advice was to run PRAGMA integrity_check first, and that very open applied the
            // old file's -wal to the new file and damaged it.
            var store = SqliteMigrationStore.Open(_temp.Path, _clock);
            await Query(store);
            ReplaceWithAnotherStore();

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => Query(store));

            Assert.Contains("was replaced by another file", error.Message);
            Assert.StartsWith("Stop every service and session using the store, then delete", error.RecommendedAction);
            Assert.Contains($"'{_temp.Path}-wal' and '{_temp.Path}-shm' before anything opens the file now at the path, sqlite3 included", error.RecommendedAction);
            Assert.DoesNotContain("integrity_check", error.RecommendedAction);
        }
    }
}
