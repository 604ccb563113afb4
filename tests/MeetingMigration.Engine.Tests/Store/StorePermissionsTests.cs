using System;
using System.IO;
using System.Threading.Tasks;
using MeetingMigration.Engine.Store;
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
    }
}
