using System;
using System.Collections.Generic;
using System.IO;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>A fresh folder for one test's store file; every store opened through it is disposed with it.</summary>
    public sealed class TempStoreFile : IDisposable
    {
        private readonly List<SqliteMigrationStore> _opened = new List<SqliteMigrationStore>();

        public TempStoreFile()
        {
            Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mm-engine-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            Path = System.IO.Path.Combine(Folder, "store.db");
        }

        public string Folder { get; }
        public string Path { get; }

        public SqliteMigrationStore Open(IClock? clock = null) => Open(clock, null);

        /// <summary>The store seen as one tenant (null: the default tenant).</summary>
        public SqliteMigrationStore Open(IClock? clock, string? tenant)
        {
            var store = SqliteMigrationStore.Open(Path, clock, tenant);
            lock (_opened) _opened.Add(store);
            return store;
        }

        /// <summary>One value read straight from the file, as a process that does not know the engine's formats reads it.</summary>
        public object? Scalar(string sql)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        public void Dispose()
        {
            lock (_opened)
            {
                foreach (var store in _opened) store.Dispose();
            }
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
