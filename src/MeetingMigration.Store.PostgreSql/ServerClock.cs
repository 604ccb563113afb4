using System;
using System.Threading;
using MeetingMigration.Engine.Model;
using Npgsql;

namespace MeetingMigration.Store.PostgreSql
{
    /// <summary>
    /// The PostgreSQL server's time, as every worker of one store reads it. Leases are judged by time: a worker whose clock
    /// runs ahead of another's by more than a lease's length (two minutes) would take over requests that are still running,
    /// and both would then write the same meetings, every attendee mailed twice; one behind would keep a dead worker's
    /// requests waiting. So a store a server holds reads this machine's clock corrected by its offset from the server's,
    /// measured when the store opens (half the round trip taken out) and again every minute; while the server cannot be
    /// reached the last offset stays.
    /// </summary>
    public sealed class ServerClock : IClock, IDisposable
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

        private readonly NpgsqlDataSource _source;
        private readonly bool _ownsSource;
        private readonly Func<DateTime> _localUtcNow;
        private Timer? _timer;
        private long _offsetTicks;

        /// <param name="localUtcNow">This machine's clock; a test gives a skewed one.</param>
        internal ServerClock(NpgsqlDataSource source, Func<DateTime>? localUtcNow = null, bool ownsSource = false)
        {
            _source = source;
            _ownsSource = ownsSource;
            _localUtcNow = localUtcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>A clock of its own over a connection string (tests of machines whose clocks disagree).</summary>
        internal static ServerClock Start(string connectionString, Func<DateTime>? localUtcNow = null)
        {
            var clock = new ServerClock(NpgsqlDataSource.Create(connectionString), localUtcNow, ownsSource: true);
            clock.Start();
            return clock;
        }

        public DateTime UtcNow => _localUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>How far the server's clock is ahead of this machine's (negative: behind).</summary>
        public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>Measures the offset (a failure propagates: the store is not opened) and keeps measuring it.</summary>
        internal void Start()
        {
            Measure();
            _timer = new Timer(_ => MeasureQuietly(), null, Interval, Interval);
        }

        private void Measure()
        {
            using var connection = _source.OpenConnection();
            using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection);
            var sent = _localUtcNow();
            var server = (DateTime)command.ExecuteScalar()!;
            var received = _localUtcNow();
            var local = sent + TimeSpan.FromTicks((received - sent).Ticks / 2);
            Interlocked.Exchange(ref _offsetTicks, (server.ToUniversalTime() - local).Ticks);
        }

        private void MeasureQuietly()
        {
            try { Measure(); }
            catch (Exception e) when (e is NpgsqlException || e is TimeoutException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                // The server is away or the store closing: the last offset stays; the store's own calls say what is wrong.
            }
        }

        public void Dispose()
        {
            _timer?.Dispose();
            if (_ownsSource) _source.Dispose();
        }
    }
}
