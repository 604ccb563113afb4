using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Workers on machines whose clocks disagree judge leases by the server's clock. By their own, a worker five minutes
    /// ahead took over a request another worker was running (its two-minute lease "ran out"), and both wrote the same
    /// meetings.
    /// </summary>
    public sealed class ServerClockTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly TempStoreFile _file = new TempStoreFile();

        public void Dispose() => _file.Dispose();

        [Fact]
        public void A_machine_whose_clock_is_behind_reads_the_servers_time()
        {
            using var clock = ServerClock.Start(_file.ConnectionString, () => DateTime.UtcNow.AddMinutes(-10));

            // The server runs on this machine: its time is this machine's true time.
            Assert.InRange((clock.UtcNow - DateTime.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
            Assert.InRange(clock.Offset, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(2));
        }

        [Fact]
        public async Task A_worker_whose_clock_runs_five_minutes_ahead_does_not_take_over_a_running_request()
        {
            using var honest = ServerClock.Start(_file.ConnectionString);
            using var ahead = ServerClock.Start(_file.ConnectionString, () => DateTime.UtcNow.AddMinutes(5));
            var first = _file.Open(honest);
            var second = _file.Open(ahead);
            await first.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None);

            var running = await first.TryLeaseNextAsync("honest", TimeSpan.FromMinutes(2), null, None);
            var taken = await second.TryLeaseNextAsync("ahead", TimeSpan.FromMinutes(2), null, None);

            Assert.NotNull(running);
            Assert.Null(taken);
        }

        [Fact]
        public async Task A_store_opened_without_a_clock_reads_the_servers()
        {
            var store = _file.Open();
            Assert.IsType<ServerClock>(store.Clock);
            Assert.Same(store.Clock, ((PostgreSqlMigrationStore)store.ForTenant("fabrikam.onmicrosoft.com")).Clock); // one clock per data source
            var request = (await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None)).Request;

            Assert.InRange((request.CreateDate - DateTime.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
    }
}
