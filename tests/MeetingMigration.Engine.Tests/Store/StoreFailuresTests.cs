using System;
using System.Data.Common;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// A store failing while in use, in an admin's terms (outside probe of store failures: read-only, full, locked and
    /// damaged SQLite files, a PostgreSQL server restarted or its schema dropped came out as UnexpectedError with the
    /// driver's bare text, and as stack traces in the service's log).
    /// </summary>
    public class StoreFailuresTests
    {
        private const string Location = "/srv/mm/store.db";

        [Theory]
        [InlineData(8, "attempt to write a readonly database", ErrorKind.PermissionDenied, "cannot be written (read-only)", "writable for this account")]
        [InlineData(13, "database or disk is full", ErrorKind.WriteError, "cannot be written: its disk is full", "Free space")]
        [InlineData(5, "database is locked", ErrorKind.ResourceBusy, "is locked by another process", "lets it go")]
        [InlineData(10, "disk I/O error", ErrorKind.WriteError, "could not be read or written (a disk I/O error)", "Check the disk")]
        [InlineData(11, "database disk image is malformed", ErrorKind.InvalidOperation, "is damaged", "Restore the store from a backup")]
        public void A_sqlite_failure_is_StoreUnavailable_naming_the_store_the_cause_and_what_to_do(int code, string text, ErrorKind kind, string cause, string advice)
        {
            var failure = new InvalidOperationException("the journal batch failed", new SqliteException($"SQLite Error {code}: '{text}'.", code));

            var explained = StoreFailures.Explain(failure, Location);

            Assert.NotNull(explained);
            Assert.Equal(ErrorIds.StoreUnavailable, explained!.ErrorId);
            Assert.Equal(kind, explained.Kind);
            Assert.StartsWith($"The store at '{Location}' {cause}: ", explained.Message);
            Assert.Contains(text, explained.Message);
            Assert.Contains(advice, explained.RecommendedAction);
            Assert.Equal(Location, explained.Target);
            Assert.Same(failure, explained.InnerException);
        }

        /// <summary>
        /// Outside probe T: a store on a full disk gave SQLite's "disk I/O error" (opening it: its -shm file could not grow),
        /// and the service called it a configuration error (exit 2), so the documented unit never started it again once
        /// space was freed. The disk is looked at: with no room left it is a full disk, which may pass.
        /// </summary>
        [Theory]
        [InlineData(0L, "cannot be written: its disk is full", "Free space", true)]
        [InlineData(512L * 1024, "cannot be written: its disk is full", "Free space", true)]
        [InlineData(50L * 1024 * 1024 * 1024, "could not be read or written (a disk I/O error)", "Check the disk", false)]
        public void A_disk_IO_error_on_a_disk_with_no_room_left_is_a_full_disk(long free, string cause, string advice, bool full)
        {
            var failure = new SqliteException("SQLite Error 10: 'disk I/O error'.", 10);
            string? asked = null;

            var explained = StoreFailures.Explain(failure, Location, folder => { asked = folder; return free; });

            Assert.Equal("/srv/mm", asked);
            Assert.StartsWith($"The store at '{Location}' {cause}: ", explained!.Message);
            Assert.Contains(advice, explained.RecommendedAction);
            Assert.Equal(full, explained.Message.Contains("its disk is full"));
        }

        /// <summary>
        /// Outside probe T: a store on a read-only mount could not even be read (SQLite makes its -shm beside it to read it),
        /// and the message was SQLite's "unable to open database file" with "check that the file exists". Its folder is
        /// looked at: one where no file can be made is said, with the copy to make. A folder that takes files (a real one
        /// here, checked by making a file in it) keeps the plain words.
        /// </summary>
        [Theory]
        [InlineData(false, "is in a folder that cannot be written (a read-only mount?)", "Copy the store file")]
        [InlineData(null, "cannot be opened: SQLite Error 14", "Check that the file and its folder exist")]
        public void A_store_that_cannot_be_opened_in_a_folder_that_takes_no_files_is_said_to_be_on_read_only_media(bool? writable, string cause, string advice)
        {
            var folder = System.IO.Directory.CreateTempSubdirectory("mm-readonly-").FullName;
            try
            {
                var location = System.IO.Path.Combine(folder, "store.db");
                var failure = new SqliteException("SQLite Error 14: 'unable to open database file'.", 14);

                var explained = writable is bool given
                    ? StoreFailures.Explain(failure, location, _ => long.MaxValue, _ => given)
                    : StoreFailures.Explain(failure, location);

                Assert.StartsWith($"The store at '{location}' {cause}", explained!.Message);
                Assert.StartsWith(advice, explained.RecommendedAction);
                Assert.Empty(System.IO.Directory.GetFiles(folder)); // the check leaves nothing behind
            }
            finally
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Outside probe U: the service's log told the operator to "run the command again"; the service retries itself.</summary>
        [Theory]
        [InlineData(5, "Wait until the other program (sqlite3 with an open transaction, a backup tool) lets it go; the service tries again by itself.")]
        [InlineData(1, "The service tries again by itself; if it keeps failing, check the store file and report the message above.")]
        public void For_the_service_the_advice_says_it_tries_again_by_itself(int code, string advice)
        {
            var failure = new SqliteException($"SQLite Error {code}: 'x'.", code);

            var explained = StoreFailures.ExplainForService(failure, Location);

            Assert.Equal(advice, explained!.RecommendedAction);
            Assert.Equal(StoreFailures.Explain(failure, Location)!.Message, explained.Message);
        }

        [Fact]
        public void A_full_disk_a_lock_and_a_server_away_may_pass_a_damaged_or_read_only_store_does_not()
        {
            Assert.True(StoreFailures.MayPass(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), Location));
            Assert.True(StoreFailures.MayPass(new SqliteException("SQLite Error 5: 'database is locked'.", 5), Location));
            Assert.True(StoreFailures.MayPass(new ServerError("57P01"), "postgresql://mm@db:5432/meetingmigration"));
            Assert.False(StoreFailures.MayPass(new SqliteException("SQLite Error 11: 'database disk image is malformed'.", 11), Location));
            Assert.False(StoreFailures.MayPass(new SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8), Location));
            Assert.False(StoreFailures.MayPass(new InvalidOperationException("not the store"), Location));
        }

        [Theory]
        [InlineData("57P01", ErrorKind.ConnectionError, "cannot be reached, or its server ended the connection")]
        [InlineData("08006", ErrorKind.ConnectionError, "cannot be reached, or its server ended the connection")]
        [InlineData("42P01", ErrorKind.InvalidOperation, "has lost its tables (its schema was dropped?)")]
        [InlineData("28P01", ErrorKind.PermissionDenied, "refused this account")]
        // Outside probe X: a statement_timeout's cancel read as "failed", with "check the PostgreSQL server's log".
        [InlineData("57014", ErrorKind.OperationTimeout, "had a statement cancelled by its server (a statement_timeout, or an administrator's cancel)")]
        public void A_server_failure_is_read_by_its_sqlstate(string state, ErrorKind kind, string cause)
        {
            var explained = StoreFailures.Explain(new ServerError(state), "postgresql://mm@db:5432/meetingmigration");

            Assert.Equal(ErrorIds.StoreUnavailable, explained!.ErrorId);
            Assert.Equal(kind, explained.Kind);
            Assert.StartsWith($"The store at 'postgresql://mm@db:5432/meetingmigration' {cause}: ", explained.Message);
        }

        [Fact]
        public void Anything_that_is_not_a_database_error_is_left_as_it_is()
        {
            Assert.Null(StoreFailures.Explain(new InvalidOperationException("not the store"), Location));
            Assert.Null(StoreFailures.Explain(new MeetingMigrationException(ErrorIds.StoreReplaced, ErrorKind.InvalidOperation, "known", null, null,
                new SqliteException("x", 10)), Location));
            Assert.Null(StoreFailures.Explain(new TimeoutException(), Location));
            // A driver's error found however deeply it is wrapped.
            Assert.Equal(ErrorKind.WriteError, StoreFailures.Explain(new AggregateException(new SqliteException("x", 13)), Location)!.Kind);
        }

        /// <summary>A driver's error with a SQLSTATE, as Npgsql's PostgresException has (read by name: the engine has no driver).</summary>
        private sealed class ServerError : DbException
        {
            public ServerError(string state) : base("server said no") => SqlState = state;

            public override string SqlState { get; }
        }
    }
}
