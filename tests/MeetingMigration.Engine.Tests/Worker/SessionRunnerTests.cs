using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Worker
{
    /// <summary>
    /// -Wait in a session after another session running the same user was killed: found by killing a pwsh process in
    /// Start-CsExMeetingMigration -Wait and running the command again, which waited out the dead session's lease, ran a
    /// second request, and left the first InProgress for ever.
    /// </summary>
    public sealed class SessionRunnerTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private MigrationWorker Worker(string id) => new MigrationWorker(_f.Store, _f.Mailbox, id, _f.Clock);

        private SessionRunner Runner() => new SessionRunner(_f.Store, Worker("session-2")) { PollInterval = TimeSpan.FromMilliseconds(10) };

        /// <summary>Four stale meetings, the first request killed after its second PATCH was applied: InProgress, its lease live.</summary>
        private async Task<(MigrationRequest Killed, List<CalendarEvent> Meetings, MigrationWorker Dead)> KilledPartWayAsync()
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 4).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var killed = await _f.Queue();
            var dead = await _f.KillAfterPatchAsync("session-1", patch: 2);
            return (killed, meetings, dead);
        }

        [Fact]
        public async Task A_request_of_the_same_user_whose_holder_died_is_resumed_first_then_the_new_one_runs()
        {
            var (killed, meetings, dead) = await KilledPartWayAsync();
            var again = await _f.Queue(); // the lease was still live: a request of its own
            Assert.NotEqual(killed.CorrelationId, again.CorrelationId);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
            var resumed = new List<MigrationRequest>();

            var finished = await Runner().RunToEndAsync(again, null, _ => { }, resumed.Add, null, None);

            Assert.Equal(again.CorrelationId, finished.CorrelationId);
            Assert.Equal(MigrationState.Succeeded, finished.State);
            var first = Assert.Single(resumed);
            Assert.Equal(killed.CorrelationId, first.CorrelationId);
            Assert.Equal(MigrationState.Succeeded, (await _f.Store.GetAsync(killed.CorrelationId, None))!.State); // not InProgress for ever
            Assert.Equal(4, first.SucceededMeeting);
            Assert.All(meetings, m => Assert.Equal(1, _f.Mailbox.PatchesSentTo(m.Id)));
            Assert.Null(await _f.Store.GetOtherRunningAsync(again, None));
        }

        [Fact]
        public async Task A_live_lease_of_the_same_user_is_announced_once_and_waited_for()
        {
            var (killed, meetings, dead) = await KilledPartWayAsync();
            var again = await _f.Queue();
            var announced = new List<RunningRequest>();
            var firstNotice = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            var run = Runner().RunToEndAsync(again, null, other => { lock (announced) announced.Add(other); firstNotice.TrySetResult(true); }, _ => { }, null, None);
            await firstNotice.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(100); // several more polls while the lease holds
            Assert.False(run.IsCompleted);
            Assert.Equal(MigrationState.Pending, (await _f.Store.GetAsync(again.CorrelationId, None))!.State);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1)); // the holder never comes back
            var finished = await run.WaitAsync(TimeSpan.FromSeconds(30));

            var notice = Assert.Single(announced);
            Assert.Equal(killed.CorrelationId, notice.CorrelationId);
            Assert.Equal("session-1", notice.LeaseOwner);
            Assert.Equal(MigrationState.Succeeded, finished.State);
            Assert.Equal(MigrationState.Succeeded, (await _f.Store.GetAsync(killed.CorrelationId, None))!.State);
            Assert.All(meetings, m => Assert.Equal(1, _f.Mailbox.PatchesSentTo(m.Id)));
        }

        [Fact]
        public async Task A_request_the_service_ended_is_seen_as_ended_even_when_this_machines_clock_is_ahead()
        {
            _f.AddStaleTeamsMeeting("Weekly sync");
            var queued = await _f.Queue();
            // The service (the store's clock) runs it; this session's clock is a minute ahead of the service's.
            var ended = await Worker("service").RunNextAsync(null, null, None);
            Assert.NotNull(ended);
            var sessionClock = new MeetingMigration.Engine.Tests.Model.ManualClock(_f.Clock.UtcNow.AddMinutes(1));
            var runner = new SessionRunner(_f.Store, new MigrationWorker(_f.Store, _f.Mailbox, "session", sessionClock)) { PollInterval = TimeSpan.FromMilliseconds(10) };

            var finished = await runner.RunToEndAsync(queued, null, null, null, null, None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(MigrationState.Succeeded, finished.State); // before: -Wait waited for a modification time later than its own clock
            Assert.Equal(queued.CorrelationId, finished.CorrelationId);
        }

        [Fact]
        public async Task Meeting_migration_turned_off_while_waiting_ends_the_wait_with_MigrationDisabled()
        {
            _f.AddStaleTeamsMeeting("Weekly sync");
            var queued = await _f.Queue();
            await _f.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { MeetingMigrationEnabled = false }, None);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => Runner().RunToEndAsync(queued, null, null, null, null, None));

            Assert.Equal(ErrorIds.MigrationDisabled, error.ErrorId);
            Assert.Equal(MigrationState.Pending, (await _f.Store.GetAsync(queued.CorrelationId, None))!.State);
            Assert.Empty(_f.Mailbox.PatchesSent);
        }
    }
}
