using System;
using System.IO;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using Microsoft.Data.Sqlite;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>The store holds user names, join links and conference IDs: only its owner may read it (issue 10).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes; on Windows the profile's ACL applies
    public sealed class StorePermissionsTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mm-perm-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
        }

        [Fact]
        public async Task A_new_store_its_folder_and_its_wal_and_shm_files_are_owner_only()
        {
            Assert.False(OperatingSystem.IsWindows(), "this check is for Unix modes; on Windows the profile's ACL applies");
            var path = Path.Combine(_root, "nested", "store.db");
            using var store = SqliteMigrationStore.Open(path);
            await store.Enqueue("ada@contoso.com");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.True(File.Exists(file), file + " was not created");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        [Fact]
        public void A_store_created_world_readable_by_an_older_version_is_tightened_when_opened()
        {
            Directory.CreateDirectory(_root);
            var path = Path.Combine(_root, "old.db");
            SqliteMigrationStore.Open(path).Dispose();
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            SqliteMigrationStore.Open(path).Dispose();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        /// <summary>
        /// A store its owner made read-only (0444) stays read-only for the owner: only the group's and others' rights go.
        /// It was made 0600, writable, without a word (outside probe), so a store chmodded read-only on purpose was written.
        /// (As root the open itself still succeeds, root writing regardless of the mode; another account is refused.)
        /// </summary>
        [Fact]
        public void A_store_made_read_only_keeps_the_owner_read_only_and_loses_only_the_others_rights()
        {
            Directory.CreateDirectory(_root);
            var path = Path.Combine(_root, "readonly.db");
            SqliteMigrationStore.Open(path).Dispose();
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            try
            {
                SqliteMigrationStore.Open(path).Dispose();
            }
            catch (MeetingMigrationException e) when (e.ErrorId == ErrorIds.StoreUnavailable)
            {
                // Not root: SQLite opened the file read-only and the store refused it, as it should.
            }

            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
        }

        private const UnixFileMode WorldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        [Fact]
        public void A_file_that_is_not_a_database_is_refused_and_keeps_its_mode_and_content()
        {
            // Found by a fuzz run: Connect-MeetingMigration -StorePath ../../etc/passwd left /etc/passwd owner-only.
            Directory.CreateDirectory(_root);
            var path = Path.Combine(_root, "passwd");
            const string content = "root:x:0:0:root:/root:/bin/bash\n";
            File.WriteAllText(path, content);
            File.SetUnixFileMode(path, WorldReadable);

            var error = Assert.Throws<MeetingMigrationException>(() => SqliteMigrationStore.Open(path));

            Assert.Equal(ErrorIds.InvalidStorePath, error.ErrorId);
            Assert.Contains("it is a file that is not a SQLite database, so not a MeetingMigration store; nothing was changed", error.Message);
            Assert.Equal(WorldReadable, File.GetUnixFileMode(path));
            Assert.Equal(content, File.ReadAllText(path));
            Assert.False(File.Exists(path + "-wal") || File.Exists(path + "-shm") || File.Exists(path + "-journal"));
        }

        [Theory]
        [InlineData(0)]   // no schema version: the store's first step would add its tables to it
        [InlineData(3)]   // a version of its own, which the store would take for its schema 3 and alter
        public void Another_programs_sqlite_database_is_refused_and_left_as_it_was(int userVersion)
        {
            Directory.CreateDirectory(_root);
            var path = Path.Combine(_root, "places.sqlite");
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var create = connection.CreateCommand();
                create.CommandText = $"CREATE TABLE history (url TEXT); INSERT INTO history VALUES ('https://contoso.com'); PRAGMA user_version = {userVersion};";
                create.ExecuteNonQuery();
            }
            File.SetUnixFileMode(path, WorldReadable);

            var error = Assert.Throws<MeetingMigrationException>(() => SqliteMigrationStore.Open(path));

            Assert.Equal(ErrorIds.InvalidStorePath, error.ErrorId);
            Assert.Contains("it is a SQLite database without the store's tables (another program's)", error.Message);
            Assert.Equal(WorldReadable, File.GetUnixFileMode(path));
            using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT group_concat(name) FROM sqlite_master; ";
                Assert.Equal("history", read.ExecuteScalar());
                read.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("delete", read.ExecuteScalar());   // not switched to WAL
                read.CommandText = "PRAGMA user_version;";
                Assert.Equal((long)userVersion, read.ExecuteScalar());
            }
        }

        [Fact]
        public async Task An_empty_existing_file_becomes_a_store()
        {
            Directory.CreateDirectory(_root);
            var path = Path.Combine(_root, "touched.db");
            File.WriteAllBytes(path, Array.Empty<byte>());

            using var store = SqliteMigrationStore.Open(path);
            await store.Enqueue("ada@contoso.com");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        [Fact]
        public async Task A_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer()
        {
            Assert.True(OperatingSystem.IsLinux(), "the kind of file is asked of Linux (statx)");
            Directory.CreateDirectory(_root);
            var path = Path.Combine(_root, "pipe");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path)) mkfifo!.WaitForExit();
            Assert.True(File.Exists(path));

            var open = Task.Run(() => SqliteMigrationStore.Open(path));
            var first = await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(30)));

            Assert.Same(open, first); // before: Connect-MeetingMigration -StorePath /dev/stdin never returned
            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => open);
            Assert.Equal(ErrorIds.InvalidStorePath, error.ErrorId);
            Assert.Contains("it is a named pipe, not a regular file", error.Message);
        }

        [Fact]
        public void A_device_is_refused_and_nothing_is_created_beside_it()
        {
            Assert.True(OperatingSystem.IsLinux(), "the kind of file is asked of Linux (statx)");
            var journalBefore = File.Exists("/dev/null-journal");

            var error = Assert.Throws<MeetingMigrationException>(() => SqliteMigrationStore.Open("/dev/null"));

            Assert.Equal(ErrorIds.InvalidStorePath, error.ErrorId);
            Assert.Contains("it is a character device, not a regular file", error.Message);
            Assert.Equal(journalBefore, File.Exists("/dev/null-journal")); // SQLite made /dev/null-journal when it was let at it
        }
    }
}
