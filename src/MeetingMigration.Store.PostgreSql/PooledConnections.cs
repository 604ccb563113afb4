using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
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

        /// <summary>The connection was ended under us (the server shut it down, or its socket is gone): a new one may work.</summary>
        private static bool ClosedByServer(Exception e) =>
            e is PostgresException server
                ? server.SqlState.StartsWith("57P", StringComparison.Ordinal) || server.SqlState.StartsWith("08", StringComparison.Ordinal)
                : e is NpgsqlException && (e.InnerException is IOException || e.InnerException is System.Net.Sockets.SocketException || e.InnerException is EndOfStreamException);

        public void Dispose() => _dataSource.Dispose();
    }
}
