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
            SqliteMigrationStore.Open(other, _clock);
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
    }
}
