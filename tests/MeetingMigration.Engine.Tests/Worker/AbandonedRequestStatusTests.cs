using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Worker
{
    /// <summary>
    /// What status shows of a request whose worker was killed (kill -9 of a -Wait session or of the service): before, it
    /// showed InProgress with an empty LastMessage for ever where no service runs, the same as a request being worked on.
    /// </summary>
    public sealed class AbandonedRequestStatusTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private MigrationRequest Status(MigrationRequest request) =>
            new MigrationAdmin(_f.Store, _f.Clock).GetStatusAsync(new MigrationStatusQuery(), None).GetAwaiter().GetResult()
                .Single(r => r.CorrelationId == request.CorrelationId);

        /// <summary>A request whose worker died after its first PATCH: InProgress, its lease still live.</summary>
        private async Task<(MigrationRequest Request, MigrationWorker Dead, DateTime KilledAt)> KilledAsync()
        {
            _f.Mailbox.PageSize = 1;
            foreach (var i in Enumerable.Range(1, 3)) _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i);
            var request = await _f.Queue();
            var killedAt = _f.Clock.UtcNow;
            var dead = await _f.KillAfterPatchAsync("host-a:4242:session", patch: 1);
            return (request, dead, killedAt);
        }

        [Fact]
        public async Task While_its_lease_holds_status_names_the_worker_and_the_time_and_says_nothing_more()
        {
            var (request, dead, killedAt) = await KilledAsync();

            var status = Status(request);

            Assert.Equal(MigrationState.InProgress, status.State);
            Assert.Equal("host-a:4242:session", status.HeldBy);
            Assert.Equal(killedAt + dead.LeaseDuration, status.HeldUntil);
            Assert.Equal("", status.LastMessage);
        }

        [Fact]
        public async Task Once_its_lease_ran_out_status_says_its_worker_stopped_and_how_it_resumes()
        {
            var (request, dead, killedAt) = await KilledAsync();
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var status = Status(request);

            Assert.Equal(MigrationState.InProgress, status.State);
            Assert.Equal("host-a:4242:session", status.HeldBy);
            Assert.StartsWith("Its worker (host-a:4242:session) stopped without finishing it", status.LastMessage);
            Assert.Contains($"its lease ran out at {killedAt + dead.LeaseDuration:yyyy-MM-dd HH:mm:ss}Z", status.LastMessage);
            Assert.Contains($"Start-CsExMeetingMigration -Identity '{request.UserPrincipalName}' -Wait, resumes it", status.LastMessage);
        }

        [Fact]
        public async Task Resumed_to_its_end_it_shows_no_holder_and_no_such_message()
        {
            var (request, dead, _) = await KilledAsync();
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var ended = await new MigrationWorker(_f.Store, _f.Mailbox, "host-b:7:service", _f.Clock).RunNextAsync(null, null, None);

            Assert.Equal(request.CorrelationId, ended!.CorrelationId);
            var status = Status(request);
            Assert.Equal(MigrationState.Succeeded, status.State);
            Assert.Null(status.HeldBy);
            Assert.Null(status.HeldUntil);
            Assert.Equal("", status.LastMessage);
        }

        [Fact]
        public async Task A_request_stopped_with_Ctrl_C_hands_its_lease_back_and_shows_no_holder()
        {
            _f.AddStaleTeamsMeeting("Meeting", daysAhead: 1);
            var request = await _f.Queue();
            await _f.StopAfterPatchAsync("host-a:1:session", patch: null);
            _f.Clock.Advance(TimeSpan.FromMinutes(10));

            var status = Status(request);

            Assert.Equal(MigrationState.InProgress, status.State);
            Assert.Null(status.HeldBy);
            Assert.StartsWith("Stopped part-way at", status.LastMessage);
        }
    }
}
