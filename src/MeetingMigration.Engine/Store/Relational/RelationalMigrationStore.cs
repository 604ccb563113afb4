using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The store over SQL, written once for both databases: the embedded SQLite file (<see cref="SqliteMigrationStore"/>)
    /// and PostgreSQL for several machines (MeetingMigration.Store.PostgreSql). What differs between them (opening a
    /// connection, how a write transaction excludes other writers, the schema's version bookkeeping) is in the subclass;
    /// every query is here, in the SQL both understand.
    ///
    /// Every row belongs to a tenant: an instance reads and writes only its own tenant's rows (<see cref="Tenant"/>), so one
    /// database can serve several tenants without one session seeing another's queue, settings or journal.
    /// </summary>
    public abstract partial class RelationalMigrationStore : IMigrationStore
    {
        protected RelationalMigrationStore(string location, string tenant, IClock clock)
        {
            Location = location;
            Tenant = TenantKey.Normalize(tenant);
            Clock = clock;
            _journal = new JournalGroupCommit(WriteJournalBatch);
        }

        private readonly JournalGroupCommit _journal;

        public string Location { get; }

        /// <summary>The tenant whose rows this instance sees ("" for the default tenant of a store used without -TenantId).</summary>
        public string Tenant { get; }

        public IClock Clock { get; }

        public StoreUpgrade? Upgraded { get; private set; }

        /// <summary>Records what opening the store did to its schema (<paramref name="found"/>: the version it had).</summary>
        protected void NoteUpgrade(int found)
        {
            if (found == 0 || found >= StoreSchema.CurrentVersion) return;
            var workers = Read<IReadOnlyList<string>>(connection =>
            {
                // Every tenant's: an older service runs them all.
                using var command = Command(connection, null,
                    "SELECT DISTINCT lease_owner FROM requests WHERE state = 'InProgress' AND lease_owner IS NOT NULL AND lease_expires_ticks > @now ORDER BY lease_owner");
                command.Add("@now", Ticks(Clock.UtcNow));
                var owners = new List<string>();
                using var reader = command.ExecuteReader();
                while (reader.Read()) owners.Add(reader.GetString(0));
                return owners;
            }, CancellationToken.None);
            Upgraded = new StoreUpgrade(Location, found, StoreSchema.CurrentVersion, workers);
        }

        /// <summary>The same database seen as another tenant (shares the connection pool).</summary>
        public abstract RelationalMigrationStore ForTenant(string tenant);

        /// <summary>An open connection to the database.</summary>
        protected internal abstract DbConnection OpenConnection();

        /// <summary>
        /// Starts a write transaction. Exclusive: no other exclusive writer of this tenant runs until it ends (SQLite: the
        /// database's write lock taken up front; PostgreSQL: a transaction-scoped advisory lock on the tenant). A read-modify-write
        /// (merging a request into the user's Pending one, settings, conferencing edits) runs exclusive; a single fenced
        /// statement (a journal row, a lease renewal) need not.
        /// </summary>
        protected abstract DbTransaction BeginWrite(DbConnection connection, bool exclusive);

        /// <summary>
        /// The gate of this process a write queues on before it takes a connection, or null. Writers that would wait for
        /// each other on the database's lock anyway (SQLite: every writer of the file; PostgreSQL: a tenant's exclusive
        /// writers) wait here instead, without holding a connection, a server backend or, for SQLite, a sleeping
        /// pool thread. The database's lock still orders the writers of different processes.
        /// </summary>
        protected virtual SemaphoreSlim? WriteGate(bool exclusive) => null;

        /// <summary>What follows the lease query to lock the row it found ("FOR UPDATE SKIP LOCKED" where the database has it).</summary>
        protected virtual string LockFoundRow => "";

        /// <summary>Runs work in one write transaction; see <see cref="BeginWrite"/>. Waits for the gate without blocking a thread.</summary>
        protected async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken cancellationToken, bool exclusive = true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Hundreds of callers at once (a bulk enqueue, many workers) wait here as continuations, not as blocked pool
            // threads: blocked threads starved the thread pool, and a PostgreSQL connection being opened meanwhile timed out.
            var gate = WriteGate(exclusive);
            if (gate != null) await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return InTransaction(work, exclusive);
            }
            finally
            {
                gate?.Release();
            }
        }

        private T InTransaction<T>(Func<DbConnection, DbTransaction, T> work, bool exclusive)
        {
            using var connection = OpenConnection();
            return Committed(connection, BeginWrite(connection, exclusive), work);
        }

        /// <summary>
        /// Runs work in the transaction and commits it; on failure, rolls back and throws the failure itself. A failed
        /// statement or commit can end the transaction inside the database already (SQLite does, for example, when the file
        /// cannot be written), and the rollback of a `using` then threw "cannot rollback - no transaction is active",
        /// which replaced the error that mattered ("attempt to write a readonly database") in every log line (found by an
        /// outside probe of the service).
        /// </summary>
        internal static T Committed<T>(DbConnection connection, DbTransaction transaction, Func<DbConnection, DbTransaction, T> work)
        {
            T result;
            try
            {
                result = work(connection, transaction);
                transaction.Commit();
            }
            catch
            {
                try { transaction.Dispose(); }
                catch (DbException) { } // the database had already ended it; the failure below is the one to report
                throw;
            }
            transaction.Dispose();
            return result;
        }

        protected T Read<T>(Func<DbConnection, T> work, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = OpenConnection();
            return work(connection);
        }

        /// <summary>A command for sql with @tenant bound (every query of this class filters on it): the running batch's kept one on its connection (<see cref="WithBatchCommands"/>), else a new one.</summary>
        private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql) =>
            (sql.Length > 0 ? BatchCommand(connection, transaction, sql) : null) ?? NewCommand(connection, transaction, sql);

        /// <summary>A new command for sql with @tenant bound, never a batch's: for those who keep their commands themselves.</summary>
        private DbCommand NewCommand(DbConnection connection, DbTransaction? transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Add("@tenant", Tenant);
            return command;
        }

        private DbCommand Command(DbConnection connection) => Command(connection, null, "");

        private static long Ticks(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToUniversalTime().Ticks;
        private static DateTime FromTicks(long ticks) => new DateTime(ticks, DateTimeKind.Utc);

        // Integer columns are INTEGER in SQLite and BIGINT in PostgreSQL, and COUNT is bigint there: read through one conversion.
        private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        private static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

        public abstract void Dispose();
    }

    /// <summary>Parameters typed even when null, so PostgreSQL can tell the type of "@p IS NULL".</summary>
    internal static class DbCommandParameters
    {
        public static DbParameter Add(this DbCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            switch (value)
            {
                case null:
                case DBNull _:
                    parameter.DbType = DbType.String;
                    parameter.Value = DBNull.Value;
                    break;
                case string text:
                    parameter.DbType = DbType.String;
                    parameter.Value = text;
                    break;
                case long number:
                    parameter.DbType = DbType.Int64;
                    parameter.Value = number;
                    break;
                case int number:
                    parameter.DbType = DbType.Int64;
                    parameter.Value = (long)number;
                    break;
                default:
                    parameter.Value = value;
                    break;
            }
            command.Parameters.Add(parameter);
            return parameter;
        }

        /// <summary>A nullable number (a start time): null typed as a number.</summary>
        public static DbParameter AddLong(this DbCommand command, string name, long? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = DbType.Int64;
            parameter.Value = value.HasValue ? (object)value.Value : DBNull.Value;
            command.Parameters.Add(parameter);
            return parameter;
        }
    }
}
