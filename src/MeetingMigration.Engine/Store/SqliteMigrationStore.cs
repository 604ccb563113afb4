using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The embedded store: one SQLite file in WAL mode, shared by every PowerShell session and the service on the machine.
    /// Writers take the lock up front (BEGIN IMMEDIATE) and wait for it (busy timeout) instead of failing with
    /// "database is locked"; readers never block writers.
    /// </summary>
    public sealed partial class SqliteMigrationStore : IMigrationStore
    {
        private const int BusyTimeoutSeconds = 60;
        /// <summary>One gate per store file in this process (sessions and the service may each open the same file).</summary>
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates =
            new ConcurrentDictionary<string, SemaphoreSlim>(System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        private readonly string _connectionString;
        private readonly IClock _clock;
        private readonly SemaphoreSlim _writeGate;
        private readonly JournalGroupCommit _journal;

        private SqliteMigrationStore(string path, IClock clock)
        {
            Location = path;
            _clock = clock;
            _writeGate = WriteGates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
            _journal = new JournalGroupCommit(WriteJournalBatch);
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = BusyTimeoutSeconds,
            }.ToString();
        }

        public string Location { get; }

        /// <summary>%APPDATA%/MeetingMigration/store.db on Windows, ~/.config/MeetingMigration/store.db elsewhere.</summary>
        public static string DefaultPath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify),
                "MeetingMigration", "store.db");

        /// <summary>Opens (creating if needed) the store at a path and brings its schema up to date.</summary>
        public static SqliteMigrationStore Open(string path, IClock? clock = null)
        {
            var fullPath = StorePathRules.Check(path);
            try
            {
                var directory = Path.GetDirectoryName(fullPath);
                if (!string.IsNullOrEmpty(directory)) OwnerOnlyFiles.PrepareFolder(directory);
                OwnerOnlyFiles.PrepareStoreFile(fullPath);
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw StorePathRules.Refused(path, e);
            }

            var store = new SqliteMigrationStore(fullPath, clock ?? SystemClock.Instance);
            try
            {
                using var connection = store.OpenConnection();
                SqliteSchema.Upgrade(connection, fullPath);
            }
            catch (SqliteException e)
            {
                throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.ResourceBusy,
                    $"The store at {QuotedValue.Of(fullPath)} cannot be opened: {QuotedValue.Inert(e.Message, 160)}", fullPath,
                    "Check that the file is a MeetingMigration store and that you can write to it.", e);
            }
            return store;
        }

        internal SqliteConnection OpenConnection()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var pragma = connection.CreateCommand();
            // WAL readers see a snapshot; synchronous=NORMAL is durable across process crashes in WAL mode.
            pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutSeconds * 1000}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            pragma.ExecuteNonQuery();
            return connection;
        }

        /// <summary>
        /// Runs work in one write transaction taken up front, so concurrent writers queue instead of deadlocking. Writers
        /// of this process queue on a gate first: when two of them met on SQLite's lock, the loser slept (Microsoft.Data.Sqlite
        /// retries a busy statement after a fixed sleep), and with a few hundred meetings in flight, each journaling twice,
        /// those sleeps held thread-pool threads and halved the engine's throughput (issue 9). The file lock still orders
        /// writers of different processes.
        /// </summary>
        private T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _writeGate.Wait(cancellationToken);
            try
            {
                using var connection = OpenConnection();
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = work(connection, transaction);
                transaction.Commit();
                return result;
            }
            finally
            {
                _writeGate.Release();
            }
        }

        private T Read<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = OpenConnection();
            return work(connection);
        }

        private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static long Ticks(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToUniversalTime().Ticks;
        private static DateTime FromTicks(long ticks) => new DateTime(ticks, DateTimeKind.Utc);

        public void Dispose()
        {
            // Pooled connections hold the file open; clear this store's pool (only) so Disconnect and tests release it.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
