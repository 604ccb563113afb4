using System;
using MeetingMigration.Engine.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// A write that fails after the database itself ended the transaction (SQLite does when the file cannot be written)
    /// reports its own error. Found by an outside probe: a read-only store logged "cannot rollback - no transaction is
    /// active" everywhere, the rollback's error, never "attempt to write a readonly database".
    /// </summary>
    public sealed class WriteFailureTests : IDisposable
    {
        private readonly SqliteConnection _connection = new SqliteConnection("Data Source=:memory:");

        public WriteFailureTests()
        {
            _connection.Open();
            using var create = _connection.CreateCommand();
            create.CommandText = "CREATE TABLE t (v INTEGER)";
            create.ExecuteNonQuery();
        }

        public void Dispose() => _connection.Dispose();

        private void Execute(string sql, SqliteTransaction? transaction = null)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private long Count()
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM t";
            return (long)command.ExecuteScalar()!;
        }

        [Fact]
        public void A_store_that_cannot_be_written_reports_that_not_the_rollback()
        {
            using var file = new TempStoreFile();
            using (var writable = new SqliteConnection($"Data Source={file.Path};Pooling=False"))
            {
                writable.Open();
                using var create = writable.CreateCommand();
                create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (v INTEGER)";
                create.ExecuteNonQuery();
            }
            // What an immutable or read-only file gives: SQLite opens it for reading only.
            using var readOnly = new SqliteConnection($"Data Source={file.Path};Mode=ReadOnly;Pooling=False");
            readOnly.Open();

            var failure = Assert.Throws<SqliteException>(() => RelationalMigrationStore.Committed<int>(readOnly, readOnly.BeginTransaction(deferred: false), (c, t) =>
            {
                using var insert = readOnly.CreateCommand();
                insert.Transaction = (SqliteTransaction)t;
                insert.CommandText = "INSERT INTO t VALUES (1)";
                return insert.ExecuteNonQuery();
            }));

            Assert.Contains("readonly", failure.Message);
        }

        /// <summary>A transaction whose commit fails and whose rollback then fails too, as SQLite's do when the file cannot be written.</summary>
        private sealed class EndedByTheDatabase : System.Data.Common.DbTransaction
        {
            public EndedByTheDatabase(System.Data.Common.DbConnection connection) => DbConnection = connection;
            protected override System.Data.Common.DbConnection DbConnection { get; }
            public override System.Data.IsolationLevel IsolationLevel => System.Data.IsolationLevel.Serializable;
            public override void Commit() => throw new SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8);
            public override void Rollback() => throw new SqliteException("SQLite Error 1: 'cannot rollback - no transaction is active'.", 1);
            protected override void Dispose(bool disposing) => Rollback();
        }

        [Fact]
        public void A_commit_that_fails_is_reported_even_when_the_rollback_after_it_fails_too()
        {
            var failure = Assert.Throws<SqliteException>(() => RelationalMigrationStore.Committed(_connection, new EndedByTheDatabase(_connection), (c, t) => 1));

            Assert.Equal(8, failure.SqliteErrorCode);
            Assert.Contains("attempt to write a readonly database", failure.Message);
        }

        [Fact]
        public void A_failing_write_is_rolled_back_and_a_good_one_committed()
        {
            Assert.Throws<FormatException>(() => RelationalMigrationStore.Committed<int>(_connection, _connection.BeginTransaction(), (c, t) =>
            {
                Execute("INSERT INTO t VALUES (1)", (SqliteTransaction)t);
                throw new FormatException("bad");
            }));
            Assert.Equal(0, Count());

            var result = RelationalMigrationStore.Committed(_connection, _connection.BeginTransaction(), (c, t) =>
            {
                Execute("INSERT INTO t VALUES (2)", (SqliteTransaction)t);
                return 42;
            });

            Assert.Equal(42, result);
            Assert.Equal(1, Count());
        }
    }
}
