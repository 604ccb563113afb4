using System;
using System.Data.Common;
using MeetingMigration.Engine.Errors;
using Microsoft.Data.Sqlite;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// A store that fails while in use (its file made read-only, its disk full, a lock another process holds, the
    /// PostgreSQL server restarted) in an admin's terms: StoreUnavailable naming the store, the cause and what to do. Found
    /// by an outside probe: cmdlets said UnexpectedError with SQLite's bare text and no file, and the service logged a stack
    /// trace for each. The same words serve the cmdlets' errors and the service's log.
    /// </summary>
    public static class StoreFailures
    {
        /// <summary>The failure as StoreUnavailable when a database driver's error is at its root; null for anything else.</summary>
        public static MeetingMigrationException? Explain(Exception failure, string? location) => Explain(failure, location, FreeSpaceOf);

        /// <param name="freeSpace">The bytes free on the disk of a folder (a test's full disk).</param>
        /// <param name="folderWritable">Whether a file can be made in a folder (a test's read-only mount).</param>
        internal static MeetingMigrationException? Explain(Exception failure, string? location, Func<string, long> freeSpace, Func<string, bool>? folderWritable = null)
        {
            if (failure is MeetingMigrationException) return null;
            var database = DatabaseError(failure);
            if (database == null) return null;
            var store = location is { Length: > 0 } ? $"The store at {QuotedValue.Of(location)}" : "The store";
            var (kind, cause, advice) = database is SqliteException sqlite ? Sqlite(sqlite, location, freeSpace, folderWritable ?? CanWriteIn) : Server(database);
            return new MeetingMigrationException(ErrorIds.StoreUnavailable, kind,
                $"{store} {cause}: {QuotedValue.Inert(database.Message, 200)}", location, advice, failure);
        }

        /// <summary>
        /// Whether the failure says the store's data is damaged (SQLite: "database disk image is malformed", "file is not a
        /// database"; PostgreSQL: data_corrupted, index_corrupted). Writing on makes it worse, and no retry mends it.
        /// </summary>
        public static bool IsDamage(Exception failure) => DatabaseError(failure) switch
        {
            null => false,
            SqliteException sqlite => sqlite.SqliteErrorCode is 11 or 26, // SQLITE_CORRUPT, SQLITE_NOTADB
            var server => server.GetType().GetProperty("SqlState")?.GetValue(server) is "XX001" or "XX002",
        };

        /// <summary>
        /// <see cref="Explain(Exception, string)"/> for the service's log: the advice without the session's "run the command
        /// again", since the service tries again by itself (outside probe U: its log told the operator to run a command).
        /// </summary>
        public static MeetingMigrationException? ExplainForService(Exception failure, string? location) =>
            Explain(failure, location) is { } explained
                ? new MeetingMigrationException(explained.ErrorId, explained.Kind, explained.Message, explained.Target, ForService(explained.RecommendedAction), failure)
                : null;

        private const string RunAgain = ", then run the command again.";

        /// <summary>What to do about a statement the PostgreSQL server cancelled (57014), also when opening the store.</summary>
        public const string StatementTimeoutAdvice =
            "Raise or remove the statement_timeout set for the store's connection (its Options=-c statement_timeout=…, the role's or the database's)";
        private const string RunAgainFirst = "Run the command again; if it keeps failing, ";

        private static string? ForService(string? advice) =>
            advice == null ? null
            : advice.EndsWith(RunAgain, StringComparison.Ordinal) ? advice.Substring(0, advice.Length - RunAgain.Length) + "; the service tries again by itself."
            : advice.StartsWith(RunAgainFirst, StringComparison.Ordinal) ? "The service tries again by itself; if it keeps failing, " + advice.Substring(RunAgainFirst.Length)
            : advice;

        /// <summary>
        /// Whether the failure may pass without a setting changed: the file locked by another program, the server not
        /// reachable yet, the disk full (space freed, the same store opens). The service exits 1 for these at its start, so
        /// its service manager starts it again, and 2 for the rest (outside probe T: a full disk was exit 2, "configuration
        /// error", and the documented unit left the service down for good once space was freed).
        /// </summary>
        public static bool MayPass(Exception failure, string? location) => Explain(failure, location) is { } explained &&
            (explained.Kind is ErrorKind.ResourceBusy or ErrorKind.ConnectionError || explained.Message.Contains(DiskFull));

        /// <summary>
        /// What a SQLite error says about the store, for one this code knows; null for any other. location: the store file,
        /// whose disk is looked at when SQLite says only "disk I/O error" (what opening a store on a full disk gives: its
        /// -shm file cannot grow; outside probe T).
        /// </summary>
        internal static (ErrorKind Kind, string Cause, string Advice)? KnownSqlite(SqliteException e, string? location)
        {
            var known = Sqlite(e, location, FreeSpaceOf, CanWriteIn);
            return known.Item2 == Failed ? null : known;
        }

        private const string DiskFull = "cannot be written: its disk is full";
        private const string Failed = "failed";

        private static long FreeSpaceOf(string folder) => new System.IO.DriveInfo(folder).AvailableFreeSpace;

        /// <summary>Whether the disk holding <paramref name="location"/> has (next to) no space left; false when it cannot be told.</summary>
        private static bool DiskIsFull(string? location, Func<string, long> freeSpace) =>
            FolderOfStoreIs(location, folder => freeSpace(folder) < NearlyFullBytes);

        /// <summary>Whether the folder of <paramref name="location"/> exists and no file can be made in it; false when it cannot be told.</summary>
        private static bool FolderIsReadOnly(string? location, Func<string, bool> folderWritable) =>
            FolderOfStoreIs(location, folder => System.IO.Directory.Exists(folder) && !folderWritable(folder));

        /// <summary>Whether the folder of the store file <paramref name="location"/> meets <paramref name="test"/>; false when it cannot be told.</summary>
        private static bool FolderOfStoreIs(string? location, Func<string, bool> test)
        {
            if (string.IsNullOrEmpty(location)) return false;
            try
            {
                var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(location!));
                return folder != null && test(folder);
            }
            catch (Exception e) when (e is ArgumentException || e is System.IO.IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return false;
            }
        }

        /// <summary>Makes (and at once deletes) a file in the folder: what a read-only mount refuses, whatever the folder's mode says.</summary>
        private static bool CanWriteIn(string folder)
        {
            try
            {
                using (new System.IO.FileStream(System.IO.Path.Combine(folder, ".meetingmigration-write-check-" + Guid.NewGuid().ToString("N")),
                           System.IO.FileMode.CreateNew, System.IO.FileAccess.Write, System.IO.FileShare.None, 1, System.IO.FileOptions.DeleteOnClose)) { }
                return true;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Less free space than SQLite needs to grow a store's -shm and -wal files by a step.</summary>
        private const long NearlyFullBytes = 1024 * 1024;

        private static DbException? DatabaseError(Exception? failure)
        {
            for (var e = failure; e != null; e = e.InnerException)
                if (e is DbException database) return database;
            return null;
        }

        private static (ErrorKind, string, string) Sqlite(SqliteException e, string? location, Func<string, long> freeSpace, Func<string, bool> folderWritable)
        {
            switch (e.SqliteErrorCode)
            {
                case 5: // SQLITE_BUSY
                case 6: // SQLITE_LOCKED
                    return (ErrorKind.ResourceBusy, "is locked by another process",
                        "Wait until the other program (sqlite3 with an open transaction, a backup tool) lets it go, then run the command again.");
                case 8: // SQLITE_READONLY
                    return (ErrorKind.PermissionDenied, "cannot be written (read-only)",
                        "Make the file, its -wal and -shm files and its folder writable for this account (file mode, chattr, a read-only mount), then run the command again.");
                case 13: // SQLITE_FULL
                case 10 when DiskIsFull(location, freeSpace): // SQLITE_IOERR on a disk with no room left (opening: its -shm cannot grow)
                    return (ErrorKind.WriteError, DiskFull,
                        "Free space on the disk that holds it, then run the command again.");
                case 10: // SQLITE_IOERR
                    return (ErrorKind.WriteError, "could not be read or written (a disk I/O error)",
                        "Check the disk and that the file and its folder are still there and writable, then run the command again.");
                case 11: // SQLITE_CORRUPT
                case 26: // SQLITE_NOTADB
                    return (ErrorKind.InvalidOperation, "is damaged",
                        "Restore the store from a backup (docs/deployment.md, Backups), or point the module at another store; do not keep writing to this file.");
                case 14 when FolderIsReadOnly(location, folderWritable): // SQLITE_CANTOPEN, its folder read-only
                    // SQLite makes the store's -shm (and -wal) beside it to read it at all, so a store on read-only media
                    // cannot even be listed, and SQLite says only "unable to open database file" (outside probe T).
                    return (ErrorKind.PermissionDenied, "is in a folder that cannot be written (a read-only mount?), and SQLite writes the store's -wal and -shm files beside it even to read it",
                        "Copy the store file (with its -wal file, if there is one) to a writable folder and use the copy (-StorePath), or make the folder writable, then run the command again.");
                case 14: // SQLITE_CANTOPEN
                    return (ErrorKind.WriteError, "cannot be opened",
                        "Check that the file and its folder exist and that this account may read and write them.");
                default:
                    return (ErrorKind.InvalidOperation, Failed,
                        "Run the command again; if it keeps failing, check the store file and report the message above.");
            }
        }

        /// <summary>A server store (PostgreSQL): the driver's SQLSTATE when it has one, read by name so the engine needs no driver.</summary>
        private static (ErrorKind, string, string) Server(DbException e)
        {
            var state = e.GetType().GetProperty("SqlState")?.GetValue(e) as string ?? "";
            if (state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal) || HasSocketError(e))
                return (ErrorKind.ConnectionError, "cannot be reached, or its server ended the connection",
                    "Check that the PostgreSQL server is running and reachable from here, then run the command again.");
            if (state == "42P01" || state == "3F000")
                return (ErrorKind.InvalidOperation, "has lost its tables (its schema was dropped?)",
                    "Restore the store from a backup; Connect-MeetingMigration would create empty tables in their place.");
            if (state == "57014")
                // Query canceled: a statement_timeout (the role's, the database's, or Options=-c statement_timeout in the
                // connection string) or an administrator's pg_cancel_backend; it read as "failed ... check the server's log"
                // (outside probe X: three sessions queuing at once under statement_timeout=50 lost 1,344 of 6,000 lines so).
                return (ErrorKind.OperationTimeout, "had a statement cancelled by its server (a statement_timeout, or an administrator's cancel)",
                    StatementTimeoutAdvice + RunAgain);
            if (state == "53100")
                return (ErrorKind.WriteError, "cannot be written: the server's disk is full", "Free space on the PostgreSQL server's disk, then run the command again.");
            if (state.StartsWith("28", StringComparison.Ordinal) || state == "42501")
                return (ErrorKind.PermissionDenied, "refused this account", "Check the store's user, its password and its rights on the database.");
            return (ErrorKind.InvalidOperation, "failed", "Run the command again; if it keeps failing, check the PostgreSQL server's log.");
        }

        private static bool HasSocketError(Exception e)
        {
            // A stream that ended without the server's word (Npgsql's "Exception while reading from stream" over an
            // EndOfStreamException: the server stopped, or dropped the connection) is the connection lost as well; read as
            // another failure, it made a PostgreSQL outage two stories in the service's log, each at Error (outside probe V).
            for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
                if (inner is System.Net.Sockets.SocketException || inner is TimeoutException || inner is System.IO.IOException) return true;
            return false;
        }
    }
}
