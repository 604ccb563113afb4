using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    public sealed class SkypeToTeamsTests : IDisposable
    {
        private const string Mailbox = MigrationFixture.Organizer;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private CalendarEvent AddSkypeMeeting(string id, int daysAhead)
        {
            var block = BlockRenderer.Render(MeetingKind.SkypeForBusiness,
                new ConferencingCoordinates { JoinUrl = $"https://meet.contoso.com/ada/{id}", ConferenceId = "4455667", TollNumber = "+1 555 0100" }, BodyFormat.Html);
            var item = MeetingBodies.TeamsMeeting(id, "Skype " + id, _f.Clock.UtcNow.AddDays(daysAhead), block);
            item.OnlineMeetingProvider = "skypeForBusiness";
            item.OnlineMeetingUrl = $"https://meet.contoso.com/ada/{id}";
            return _f.Mailbox.Add(Mailbox, item);
        }

        [Fact]
        public async Task A_skype_block_is_replaced_by_the_block_of_one_new_teams_meeting()
        {
            var item = AddSkypeMeeting("S1", 2);
            var original = _f.BlockOf(item);

            var result = await _f.Run(await _f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams));

            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal(1, _f.Mailbox.CreatedTeamsMeetings);
            var patch = Assert.Single(_f.Mailbox.PatchesSent);
            Assert.StartsWith(item.Body.Substring(0, original.Start), patch.Body, StringComparison.Ordinal);
            Assert.EndsWith(item.Body.Substring(original.Start + original.Length), patch.Body, StringComparison.Ordinal);
            var now = _f.BlockOf(_f.Mailbox.Event(Mailbox, item.Id));
            Assert.Equal(MeetingKind.Teams, now.Kind);
        }

        [Fact]
        public async Task A_dry_run_creates_no_teams_meeting()
        {
            AddSkypeMeeting("S1", 2);

            var result = await _f.Run(await _f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams), dryRun: true);

            Assert.Single(result.Planned);
            Assert.Equal(0, _f.Mailbox.CreatedTeamsMeetings);
            Assert.Empty(_f.Mailbox.PatchesSent);
        }

        [Fact]
        public async Task A_resumed_conversion_reuses_the_teams_meeting_an_interrupted_attempt_created()
        {
            var item = AddSkypeMeeting("S1", 2);
            var request = await _f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams);
            using var crash = new CancellationTokenSource();
            _f.Mailbox.FailBeforeApply = (patch, n) => { crash.Cancel(); return new OperationCanceledException(crash.Token); };
            var first = new MigrationWorker(_f.Store, _f.Mailbox, "w1", _f.Clock) { ReleaseLeaseWhenStopped = false }; // a process that dies runs no stop path
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.RunNextAsync(null, null, crash.Token));
            _f.Mailbox.FailBeforeApply = null;

            _f.Clock.Advance(first.LeaseDuration + TimeSpan.FromSeconds(1));
            await new MigrationWorker(_f.Store, _f.Mailbox, "w2", _f.Clock).RunNextAsync(null, null, CancellationToken.None);

            Assert.Equal(1, _f.Mailbox.CreatedTeamsMeetings);
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(item.Id));
            Assert.Equal(MigrationState.Succeeded, (await _f.Store.GetAsync(request.CorrelationId, CancellationToken.None))!.State);
        }

        [Fact]
        public async Task A_resumed_conversion_counts_the_meeting_an_interrupted_attempt_already_converted()
        {
            var done = AddSkypeMeeting("S1", 1);
            var next = AddSkypeMeeting("S2", 2);
            _f.Mailbox.PageSize = 1;
            var request = await _f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams);
            using var crash = new CancellationTokenSource();
            // Meetings are migrated concurrently: the crash hits S2's PATCH once S1's has been applied, whatever their order.
            _f.Mailbox.FailBeforeApply = (patch, n) =>
            {
                if (patch.EventId != next.Id) return null;
                SpinWait.SpinUntil(() => _f.Mailbox.PatchesAppliedTo(done.Id) == 1, TimeSpan.FromSeconds(10));
                crash.Cancel();
                return new OperationCanceledException(crash.Token);
            };
            var first = new MigrationWorker(_f.Store, _f.Mailbox, "w1", _f.Clock) { ReleaseLeaseWhenStopped = false }; // a process that dies runs no stop path
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.RunNextAsync(null, null, crash.Token));
            _f.Mailbox.FailBeforeApply = null;

            _f.Clock.Advance(first.LeaseDuration + TimeSpan.FromSeconds(1));
            await new MigrationWorker(_f.Store, _f.Mailbox, "w2", _f.Clock).RunNextAsync(null, null, CancellationToken.None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, CancellationToken.None))!;
            Assert.Equal(1, _f.Mailbox.PatchesSentTo(done.Id));
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(next.Id));
            Assert.Equal(2, _f.Mailbox.CreatedTeamsMeetings);
            Assert.Equal((2, 2, 2), (stored.TotalMeeting, stored.SucceededMeeting, stored.InvitesUpdate));
        }
    

        [Fact]
        public async Task Rerunning_a_finished_conversion_sends_nothing_and_counts_only_its_own_meetings()
        {
            AddSkypeMeeting("S1", 1);
            AddSkypeMeeting("S2", 2);
            var request = await _f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams);
            await _f.Run(request);
            Assert.Equal(2, _f.Mailbox.PatchesSent.Count);

            var again = await _f.Run(request);
            var otherRequest = request.Clone();
            otherRequest.CorrelationId = Guid.NewGuid();
            var other = await _f.Run(otherRequest);

            Assert.Equal(2, _f.Mailbox.PatchesSent.Count);
            Assert.Equal(2, _f.Mailbox.CreatedTeamsMeetings);
            Assert.Equal((2, 2, 2), (again.TotalMeeting, again.SucceededMeeting, again.InvitesUpdate));
            Assert.Equal((0, 0), (other.TotalMeeting, other.InvitesUpdate)); // Teams meetings now: not another SfB request's business
        }
    }
}
