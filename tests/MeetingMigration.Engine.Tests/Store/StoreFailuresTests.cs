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

        [Theory]
        [InlineData("57P01", ErrorKind.ConnectionError, "cannot be reached, or its server ended the connection")]
        [InlineData("08006", ErrorKind.ConnectionError, "cannot be reached, or its server ended the connection")]
        [InlineData("42P01", ErrorKind.InvalidOperation, "has lost its tables (its schema was dropped?)")]
        [InlineData("28P01", ErrorKind.PermissionDenied, "refused this account")]
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
