using System;
using System.Diagnostics;
using System.Threading;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using Npgsql;

namespace MeetingMigration.Store.PostgreSql
{
    /// <summary>
    /// The store's connections from Npgsql's pool, checked after a quiet spell. A pooled connection the server closed while
    /// it sat idle (a restart, a failover, an administrator's pg_terminate_backend) is found broken only when next used, so
    /// the first command of every session open across a routine restart failed with 57P01 (outside probe T). After
    /// <see cref="QuietSpell"/> without a connection taken, one is asked a round trip first; a broken one empties the pool's
    /// idle connections and a fresh one is opened. A store in steady use pays nothing; its connections are seldom idle long.
    /// </summary>
    internal sealed class PooledConnections : IDisposable
    {
        /// <summary>How long the store may go without taking a connection before the next one it takes is checked.</summary>
        internal static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(2);

        private static readonly long QuietTicks = (long)(QuietSpell.TotalSeconds * Stopwatch.Frequency);
        private readonly NpgsqlDataSource _dataSource;
        private long _lastTaken = Stopwatch.GetTimestamp();

        public PooledConnections(NpgsqlDataSource dataSource) => _dataSource = dataSource;

        public NpgsqlConnection Open()
        {
            var now = Stopwatch.GetTimestamp();
            var quiet = now - Interlocked.Exchange(ref _lastTaken, now) >= QuietTicks;
            var connection = _dataSource.OpenConnection();
            if (!quiet) return connection;
            try
            {
                using var ping = new NpgsqlCommand("SELECT 1", connection);
                ping.ExecuteScalar();
                return connection;
            }
            catch (Exception e) when (ClosedByServer(e))
            {
                connection.Dispose();
                _dataSource.Clear();
                return _dataSource.OpenConnection();
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The connection was ended under us (the server shut it down, or its socket is gone): a new one may work. Read as
        /// every store failure is (StoreFailures: SQLSTATE 57P…/08…, a socket error or a stream that ended without the
        /// server's word at its root, such as a connection the server dropped while it sat in the pool).
        /// </summary>
        private static bool ClosedByServer(Exception e) => StoreFailures.Explain(e, null) is { Kind: ErrorKind.ConnectionError };

        public void Dispose() => _dataSource.Dispose();
    }
}
