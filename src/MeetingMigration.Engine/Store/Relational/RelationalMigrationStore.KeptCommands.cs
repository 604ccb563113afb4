using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        /// <summary>
        /// Whether the writes every request makes (its lease, renewals and save) and the journal's writer keep a connection and
        /// their prepared commands from one use to the next. SQLite prepares a statement again for every new command: the
        /// lease query (three runnable kinds in queue order, each with its one-request-per-mailbox check) cost about 290 µs to
        /// prepare against 80 µs to run, inside the write lock every worker of the file waits for (measured in the service
        /// with 1,000 users of one meeting each). For the journal, at a few meetings at a time each row is a transaction of
        /// its own, and opening a pooled connection (with its pragmas) and preparing the inserts cost about as much as
        /// writing the row (issue 9).
        /// </summary>
        protected virtual bool KeepsPreparedStatements => false;

        /// <summary>Throws when the database this store opened is gone (SQLite: its file deleted or replaced); checked before a kept connection is used again.</summary>
        protected virtual void ThrowIfStoreGone() { }

        private readonly object _keptGate = new object();
        private CommandSet? _kept;
        /// <summary>Set when the store is closed: nothing is kept after that.</summary>
        private bool _disposed;

        /// <summary>
        /// Runs work in one write transaction, as <see cref="WriteAsync{T}"/> does, with its commands from a
        /// <see cref="CommandSet"/>: the one kept with its prepared commands where the subclass keeps one, otherwise one for
        /// this transaction alone. A failed write never keeps its set: the next one starts on a fresh connection.
        /// </summary>
        private async Task<T> WriteWithCommandsAsync<T>(Func<CommandSet, DbTransaction, T> work, CancellationToken cancellationToken, bool exclusive)
        {
            if (!KeepsPreparedStatements)
                return await WriteAsync((connection, transaction) =>
                {
                    using var commands = new CommandSet(this, connection, ownsConnection: false);
                    return work(commands, transaction);
                }, cancellationToken, exclusive).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            var gate = WriteGate(exclusive);
            if (gate != null) await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                lock (_keptGate)
                    return WithKept(ref _kept, () => new CommandSet(this, OpenConnection(), ownsConnection: true),
                        commands => Committed(commands.Connection, BeginWrite(commands.Connection, exclusive), (_, transaction) => work(commands, transaction)));
            }
            finally
            {
                gate?.Release();
            }
        }

        /// <summary>
        /// Runs work with what a slot keeps (a connection and its prepared commands), made when the slot is empty, and puts it
        /// back afterwards where the subclass keeps such things and the store is still open. A failed use never puts it back:
        /// the next starts on a fresh connection. Never used on a store file deleted or replaced since: a kept connection
        /// would go on writing to it (Attempting rows no one reads, and then the PATCHes they announce). Called under the
        /// slot's lock.
        /// </summary>
        private T WithKept<TKept, T>(ref TKept? slot, Func<TKept> make, Func<TKept, T> work) where TKept : class, IDisposable
        {
            ThrowIfStoreGone();
            var kept = slot ?? make();
            slot = null;
            try
            {
                var result = work(kept);
                if (KeepsPreparedStatements && !_disposed) slot = kept;
                else kept.Dispose();
                return result;
            }
            catch
            {
                kept.Dispose();
                throw;
            }
        }

        /// <summary>Closes the connections kept for the hot writes and the journal; subclasses call it from Dispose, before they release their pools.</summary>
        protected void CloseKeptConnections()
        {
            lock (_journalWriterGate)
            {
                _disposed = true;
                _journalStatements?.Dispose();
                _journalStatements = null;
            }
            lock (_keptGate)
            {
                _kept?.Dispose();
                _kept = null;
            }
        }

        /// <summary>
        /// The commands of one connection. Where the store keeps prepared statements (<see cref="KeepsPreparedStatements"/>),
        /// each is made on its first use and handed out again for the same SQL with its parameters cleared (the tenant bound
        /// again): a command kept keeps its prepared statement. Elsewhere each use gets a new command: Npgsql's automatic
        /// preparation (Max Auto Prepare in a connection string) sent a reused command's old values again once it had prepared
        /// it, whatever parameters were put in their place after Clear(), so with it 10,000 users queued were merged into 30
        /// requests of other users, silently (found testing PostgreSQL's bulk queueing). Npgsql keeps the server's prepared
        /// statements itself, by SQL text. Used by one writer at a time.
        /// </summary>
        private sealed class CommandSet : IDisposable
        {
            private readonly RelationalMigrationStore _store;
            private readonly bool _ownsConnection;
            private readonly Dictionary<string, DbCommand> _commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
            /// <summary>The commands made for one use each (a store that keeps no prepared statements), disposed with the set.</summary>
            private readonly List<DbCommand> _used = new List<DbCommand>();

            public CommandSet(RelationalMigrationStore store, DbConnection connection, bool ownsConnection)
            {
                _store = store;
                Connection = connection;
                _ownsConnection = ownsConnection;
            }

            public DbConnection Connection { get; }

            /// <summary>The command for sql in this transaction, with only @tenant bound; the set disposes it.</summary>
            public DbCommand For(string sql, DbTransaction? transaction)
            {
                if (!_store.KeepsPreparedStatements)
                {
                    var once = _store.NewCommand(Connection, transaction, sql);
                    _used.Add(once);
                    return once;
                }
                if (_commands.TryGetValue(sql, out var command))
                {
                    command.Parameters.Clear();
                    command.Add("@tenant", _store.Tenant);
                    command.Transaction = transaction;
                    return command;
                }
                command = _store.NewCommand(Connection, transaction, sql);
                _commands.Add(sql, command);
                return command;
            }

            public void Dispose()
            {
                foreach (var command in _commands.Values) command.Dispose();
                _commands.Clear();
                foreach (var command in _used) command.Dispose();
                _used.Clear();
                if (_ownsConnection) Connection.Dispose();
            }
        }
    }
}
