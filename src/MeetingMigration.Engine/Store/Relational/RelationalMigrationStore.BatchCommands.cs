using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        /// <summary>
        /// The statements of a batch that runs the same few statements for each of many items in one transaction (Start's
        /// bulk enqueue: five or so per user), kept prepared for the batch's length on its thread. SQLite compiles a statement
        /// for every new command: 10,000 users piped into Start compiled 50,000 statements, about half the store's time, and
        /// the queue's rules added since had made it twice as slow as on 2026-12-04 (10,000 users in 3.5–4.3 s against
        /// 1.4–1.7 s, over the 3 s target; found re-measuring the cmdlet benchmark). Thread-static: the batch runs on one
        /// thread, and other threads' commands (on other connections) are made as before.
        /// </summary>
        [ThreadStatic] private static BatchCommands? _batch;

        /// <summary>
        /// Runs <paramref name="work"/> with the statements it makes on <paramref name="connection"/> kept prepared until it
        /// returns, where the store keeps prepared statements (SQLite; see <see cref="CommandSet"/> for why not PostgreSQL's).
        /// </summary>
        private T WithBatchCommands<T>(DbConnection connection, Func<T> work)
        {
            if (!KeepsPreparedStatements) return work();
            var outer = _batch;
            using var batch = new BatchCommands(this, connection);
            _batch = batch;
            try { return work(); }
            finally { _batch = outer; }
        }

        /// <summary>The command for sql kept by the running batch on this connection, with only @tenant bound; null outside a batch.</summary>
        private DbCommand? BatchCommand(DbConnection connection, DbTransaction? transaction, string sql) =>
            _batch is { } batch && ReferenceEquals(batch.Connection, connection) ? batch.For(transaction, sql) : null;

        private sealed class BatchCommands : IDisposable
        {
            /// <summary>The prepared commands, one per SQL text (handed out again with their parameters cleared).</summary>
            private readonly CommandSet _prepared;
            /// <summary>What callers are given for each: a handle whose Dispose only hands it back.</summary>
            private readonly Dictionary<string, KeptCommand> _handles = new Dictionary<string, KeptCommand>(StringComparer.Ordinal);

            public BatchCommands(RelationalMigrationStore store, DbConnection connection) =>
                _prepared = new CommandSet(store, connection, ownsConnection: false);

            public DbConnection Connection => _prepared.Connection;

            public DbCommand? For(DbTransaction? transaction, string sql)
            {
                // Still handed out (the same statement asked for while its reader is open): a command of its own.
                if (_handles.TryGetValue(sql, out var handle) && handle.InUse) return null;
                var command = _prepared.For(sql, transaction);
                if (handle == null) _handles.Add(sql, handle = new KeptCommand(command));
                handle.InUse = true;
                return handle;
            }

            public void Dispose() => _prepared.Dispose();
        }

        /// <summary>
        /// A kept command as its callers use any command (`using var c = Command(...)`): their Dispose hands it back to the batch,
        /// which disposes the command, and its prepared statement, when the batch ends.
        /// </summary>
        private sealed class KeptCommand : DbCommand
        {
            public KeptCommand(DbCommand inner) => Inner = inner;

            public DbCommand Inner { get; }
            public bool InUse { get; set; }

            public override string CommandText { get => Inner.CommandText; set => Inner.CommandText = value; }
            public override int CommandTimeout { get => Inner.CommandTimeout; set => Inner.CommandTimeout = value; }
            public override CommandType CommandType { get => Inner.CommandType; set => Inner.CommandType = value; }
            public override UpdateRowSource UpdatedRowSource { get => Inner.UpdatedRowSource; set => Inner.UpdatedRowSource = value; }
            public override bool DesignTimeVisible { get => Inner.DesignTimeVisible; set => Inner.DesignTimeVisible = value; }
            protected override DbConnection? DbConnection { get => Inner.Connection; set => Inner.Connection = value; }
            protected override DbParameterCollection DbParameterCollection => Inner.Parameters;
            protected override DbTransaction? DbTransaction { get => Inner.Transaction; set => Inner.Transaction = value; }
            public override void Cancel() => Inner.Cancel();
            public override int ExecuteNonQuery() => Inner.ExecuteNonQuery();
            public override object? ExecuteScalar() => Inner.ExecuteScalar();
            public override void Prepare() => Inner.Prepare();
            protected override DbParameter CreateDbParameter() => Inner.CreateParameter();
            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Inner.ExecuteReader(behavior);
            protected override void Dispose(bool disposing) => InUse = false;
        }
    }
}
