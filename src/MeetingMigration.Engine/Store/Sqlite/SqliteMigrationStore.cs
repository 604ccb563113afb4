using System;
using System.Collections.Concurrent;
using System.Data.Common;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Data.Sqlite;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The embedded store: one SQLite file in WAL mode, shared by every PowerShell session and the service on the machine.
    /// Writers take the lock up front (BEGIN IMMEDIATE) and wait for it (busy timeout) instead of failing with
    /// "database is locked"; readers never block writers. The queries are <see cref="RelationalMigrationStore"/>'s.
    /// </summary>
    public sealed class SqliteMigrationStore : RelationalMigrationStore, IBulkEnqueueStore, IKnownUserNames
    {
        private const int BusyTimeoutSeconds = 60;
        private const int CannotOpen = 14; // SQLITE_CANTOPEN
        /// <summary>One gate per store file in this process (sessions and the service may each open the same file).</summary>
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates =
            new ConcurrentDictionary<string, SemaphoreSlim>(System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        private readonly string _connectionString;
        private readonly SemaphoreSlim _writeGate;
        /// <summary>The file opened (device, inode), to notice it deleted or replaced; null where that cannot be told.</summary>
        private readonly (ulong Device, ulong Inode)? _file;
        private long _fileCheckedTicks;
        /// <summary>The database connections (pooled under their SqliteConnection) whose pragmas are set; forgotten with them.</summary>
        private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new ConditionalWeakTable<SQLitePCL.sqlite3, object>();
        private static readonly object Marker = new object();

        private SqliteMigrationStore(string path, string tenant, IClock clock, (ulong Device, ulong Inode)? file = null)
            : base(path, tenant, clock)
        {
            _file = file;
            _writeGate = WriteGates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                // Never creates the file: Open made it (owner-only) before the first connection. A pooled connection opened
                // after the file was deleted would otherwise make an empty store at the path, which the next check would call
                // "replaced" while the cmdlets queued into it (an outside review found the window).
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = true,
                DefaultTimeout = BusyTimeoutSeconds,
            }.ToString();
        }

        /// <summary>%APPDATA%/MeetingMigration/store.db on Windows, ~/.config/MeetingMigration/store.db elsewhere.</summary>
        public static string DefaultPath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify),
                "MeetingMigration", "store.db");

        /// <summary>Opens (creating if needed) the store at a path and brings its schema up to date; tenant: see <see cref="TenantKey"/>.</summary>
        public static SqliteMigrationStore Open(string path, IClock? clock = null, string? tenant = null)
        {
            var fullPath = StorePathRules.Check(path);
            var key = TenantKey.Normalize(tenant);
            try
            {
                StorePathRules.CheckExistingFile(fullPath);
                ThrowIfLogWithoutFile(fullPath);
                var directory = Path.GetDirectoryName(fullPath);
                if (!string.IsNullOrEmpty(directory)) OwnerOnlyFiles.PrepareFolder(directory);
                OwnerOnlyFiles.CreateStoreFile(fullPath);
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw StorePathRules.Refused(path, e);
            }

            // The file's identity is read before SQLite opens it, not after the schema is written: a file deleted or
            // replaced in between (seen in CI, deleted while the schema was written) is then noticed by the first query.
            var store = new SqliteMigrationStore(fullPath, key, clock ?? SystemClock.Instance, FileKind.IdentityOf(fullPath));
            try
            {
                // Pooled connections of this path may be to a file deleted or replaced since (a session connecting again after
                // StoreReplaced): found by an outside probe, the schema was then written to the deleted file and every call
                // through the new connection failed with "no such table". The store starts on connections to the file now there.
                using (var stale = new SqliteConnection(store._connectionString)) SqliteConnection.ClearPool(stale);
                using var connection = store.OpenSqlite();
                // Only a store this code understands is switched to WAL (a setting kept in the file itself).
                using (var transaction = connection.BeginTransaction())
                {
                    var version = SqliteDialect.Instance.ReadVersion(connection, transaction);
                    StoreSchema.ThrowIfTooNew(version, fullPath);
                    if (SqliteDialect.IsOtherProgramsDatabase(connection, transaction, version))
                        throw StorePathRules.NotAStore(fullPath, "it is a SQLite database without the store's tables (another program's)");
                    transaction.Commit();
                }
                OwnerOnlyFiles.RestrictStoreFiles(fullPath);
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode=WAL;";
                    wal.ExecuteNonQuery();
                }
                var found = StoreSchema.Upgrade(connection, SqliteDialect.Instance, fullPath);
                store.NoteUpgrade(found);
            }
            catch (SqliteException e)
            {
                // What SQLite's code says, where it says something an admin can act on (a full disk gave only "disk I/O
                // error" and the advice to check the file: outside probe T).
                var known = StoreFailures.KnownSqlite(e, fullPath);
                throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.ResourceBusy,
                    known is { } k && k.Cause != "cannot be opened"
                        ? $"The store at {QuotedValue.Of(fullPath)} cannot be opened: it {k.Cause} ({QuotedValue.Inert(e.Message, 160)})"
                        : $"The store at {QuotedValue.Of(fullPath)} cannot be opened: {QuotedValue.Inert(e.Message, 160)}", fullPath,
                    known?.Advice ?? "Check that the file is a MeetingMigration store and that you can write to it.", e);
            }
            return store;
        }

        /// <summary>
        /// Refuses a store this process may only read (the file or its folder read-only for the account): SQLite opens such
        /// a file and reads it, and refuses only its first write. The service checks at its start, so that a read-only store
        /// is exit code 2 with what to do, as docs/service.md says, instead of a service that runs and fails every write
        /// (found by an outside probe: it ran for ten minutes logging "failed" and "works again" each minute). Sessions do
        /// not check: reading status from a read-only copy is legitimate. The probe writes back the header value it read
        /// (PRAGMA user_version) inside a transaction it rolls back, so nothing changes.
        /// </summary>
        public void ThrowIfReadOnly()
        {
            try
            {
                using var connection = OpenSqlite();
                using var transaction = connection.BeginTransaction();
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "PRAGMA user_version;";
                var version = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                command.CommandText = $"PRAGMA user_version = {version};";
                command.ExecuteNonQuery();
                transaction.Rollback();
            }
            catch (SqliteException e)
            {
                throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.PermissionDenied,
                    $"The store at {QuotedValue.Of(Location)} cannot be written by this account: {QuotedValue.Inert(e.Message, 160)}", Location,
                    "Give the account write access to the file and its folder (SQLite writes its -wal and -shm files beside it).", e);
            }
        }

        /// <summary>
        /// A -wal beside no store file is what a file deleted while in use left (SQLite removes it only when a file's last
        /// connection closes normally). A store made new at the path would have that log applied to it and be damaged, so
        /// the store is refused until the leftovers are gone, and nothing is created. Found by an outside probe: a session
        /// that connected again after the file was deleted failed every call with "no such table".
        /// </summary>
        private static void ThrowIfLogWithoutFile(string fullPath)
        {
            if (File.Exists(fullPath) || !File.Exists(fullPath + "-wal")) return;
            throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.InvalidOperation,
                $"The store file {QuotedValue.Of(fullPath)} is not there, but its write-ahead log {QuotedValue.Of(fullPath + "-wal")} is: " +
                "a store file was deleted while a service or session had it open, and SQLite would apply that log to a new store at the path. " +
                $"Delete it and {QuotedValue.Of(fullPath + "-shm")} once no service or session uses the deleted file.", fullPath,
                "Stop every service and session that used the deleted file (Disconnect-MeetingMigration), delete " +
                $"{QuotedValue.Of(fullPath + "-wal")} and {QuotedValue.Of(fullPath + "-shm")}, then connect again; or put the store back from a backup " +
                "first (docs/deployment.md, Backups).");
        }

        public override RelationalMigrationStore ForTenant(string tenant) => new SqliteMigrationStore(Location, TenantKey.Normalize(tenant), Clock, _file);

        protected internal override DbConnection OpenConnection()
        {
            ThrowIfFileReplaced();
            try
            {
                return OpenSqlite();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == CannotOpen && _file != null)
            {
                // Deleted since the last look (at most a second ago): say so, not "unable to open database file".
                Interlocked.Exchange(ref _fileCheckedTicks, 0);
                ThrowIfFileReplaced();
                throw;
            }
        }

        /// <summary>
        /// Found by an outside probe: with the store file deleted under a running service, the service went on writing to the
        /// deleted file through its open connections, saying nothing, while the cmdlets created a new file whose requests it
        /// never saw. Each process now notices (looking at most once a second) and refuses to go on: StoreReplaced.
        /// </summary>
        private void ThrowIfFileReplaced()
        {
            if (_file == null) return;
            var now = Clock.UtcNow.Ticks;
            if (Math.Abs(now - Interlocked.Read(ref _fileCheckedTicks)) < TimeSpan.TicksPerSecond) return;
            var current = FileKind.IdentityOf(Location);
            if (current == _file)
            {
                Interlocked.Exchange(ref _fileCheckedTicks, now);
                return;
            }
            var deleted = current == null;
            var wal = QuotedValue.Of(Location + "-wal");
            var shm = QuotedValue.Of(Location + "-shm");
            throw new MeetingMigrationException(ErrorIds.StoreReplaced, ErrorKind.ResourceBusy,
                $"The store file {QuotedValue.Of(Location)} was {(deleted ? "deleted" : "replaced by another file")} while this process had it open; " +
                "what it wrote since went to a file no other process sees, and what others queue in the new file is not seen here.", Location,
                deleted
                    ? "Put the store back (from a backup or Copy-MeetingMigrationStore) if it was removed by mistake, then restart the service, " +
                      "or run Connect-MeetingMigration again in a session, to use the file now at that path. Before putting a file there, stop " +
                      $"every service and session using the store and delete {wal} and {shm} if they are still there: they belong to the " +
                      "deleted file, and SQLite would apply them to the file put in its place and damage it."
                    : "Stop every service and session using the store, then delete " +
                      $"{wal} and {shm} before anything opens the file now at the path, sqlite3 included: they are the replaced file's, and SQLite " +
                      "would apply them to the new one and damage it (if the new file came with a -wal of its own, put that back beside it " +
                      "afterwards). Then restart the service, or run Connect-MeetingMigration again in a session. A store file must not be replaced while it is in use.");
        }

        private SqliteConnection OpenSqlite()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            // A pooled connection keeps its settings: set them once per database connection, not on every open (they were
            // a tenth of a request's store time, parsed and run five times a request).
            if (Configured.TryGetValue(connection.Handle!, out _)) return connection;
            using var pragma = connection.CreateCommand();
            // WAL readers see a snapshot; synchronous=NORMAL is durable across process crashes in WAL mode.
            pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutSeconds * 1000}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            pragma.ExecuteNonQuery();
            Configured.GetValue(connection.Handle!, _ => Marker);
            return connection;
        }

        /// <summary>
        /// Every SQLite write takes the file's write lock up front (BEGIN IMMEDIATE), exclusive or not: SQLite has one writer
        /// at a time anyway, and taking the lock late could fail a transaction that already read.
        /// </summary>
        protected override DbTransaction BeginWrite(DbConnection connection, bool exclusive) =>
            ((SqliteConnection)connection).BeginTransaction(deferred: false);

        /// <summary>
        /// Every writer of this process queues on the file's gate: when two of them met on SQLite's lock, the loser slept
        /// (Microsoft.Data.Sqlite retries a busy statement after a fixed sleep), and with a few hundred meetings in flight,
        /// each journaling twice, those sleeps held thread-pool threads and halved the engine's throughput (issue 9).
        /// </summary>
        protected override SemaphoreSlim? WriteGate(bool exclusive) => _writeGate;

        protected override bool KeepsPreparedStatements => true;

        protected override void ThrowIfStoreGone() => ThrowIfFileReplaced();

        public override void Dispose()
        {
            CloseKeptConnections();
            // Pooled connections hold the file open; clear this store's pool (only) so Disconnect and tests release it.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
            if (_file != null) RemoveWhatTheDeletedFileLeft();
        }

        /// <summary>
        /// SQLite folds the write-ahead log back and deletes it (and the -shm) when a file's last connection closes, but not
        /// when the file was deleted: both stay at the path. Found by an outside probe: an admin who then put a backup at the
        /// path, as the StoreReplaced message said, got a damaged store, SQLite having applied the deleted file's log to it.
        /// Removed whenever the file this store opened is gone when it is closed, found so or not (Disconnect-MeetingMigration
        /// after `rm store.db`), and only while no file is at the path again (one put back has its own, or none).
        /// </summary>
        private void RemoveWhatTheDeletedFileLeft()
        {
            if (File.Exists(Location)) return;
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                try { File.Delete(Location + suffix); }
                catch (IOException) { } // in use elsewhere: that process's own close finds the file gone too
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}
