using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>
    /// A process killed between a meeting's Attempting row and the end of its update, and the meeting then begins, is
    /// cancelled or deleted before the request resumes. The resumed attempt reads only what is ahead, so it never reached
    /// that meeting and its row stayed Attempting for good (the audit's sign of a write whose fate is unknown; left open
    /// by the last session's probe of Graph's data shapes). Now the row is settled from the meeting's marker.
    /// </summary>
    public sealed class ResumedAfterMeetingChangedTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private async Task<JournalEntry> LatestRowOf(string eventId) =>
            (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[eventId];

        /// <summary>The process dies as the <paramref name="patch"/>-th PATCH goes out, before Graph applies it.</summary>
        private Task<MigrationWorker> KillBeforeApplyAsync(int patch) => _f.StopAfterPatchAsync("dead", patch, handBack: false, beforeApply: true);

        [Fact]
        public async Task An_update_applied_before_the_kill_is_confirmed_when_its_meeting_has_begun_by_the_resumption()
        {
            // One meeting when the process dies (meetings run concurrently: a second one's PATCH could land as it dies),
            // another added before the request resumes.
            var patched = _f.AddStaleTeamsMeeting("Soon", daysAhead: 1).Id;
            await _f.Queue();
            var dead = await _f.KillAfterPatchAsync("dead", patch: 1);
            Assert.Equal(patched, Assert.Single(_f.Mailbox.PatchesApplied).EventId);
            var other = _f.AddStaleTeamsMeeting("Later", daysAhead: 4).Id;
            Assert.Equal(MeetingOutcome.Attempting, (await LatestRowOf(patched)).Outcome);
            _f.Mailbox.Reschedule(MigrationFixture.Organizer, patched, _f.Clock.UtcNow.AddHours(-3)); // over by now

            var resumed = (await _f.ResumeAfterAsync(dead))!;

            Assert.Equal(MigrationState.Succeeded, resumed.State);
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(patched));  // nothing sent again
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(other));
            var row = await LatestRowOf(patched);
            Assert.Equal(MeetingOutcome.Updated, row.Outcome);
            Assert.Contains("confirmed when the request resumed", row.Reason);
            Assert.Equal(_f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, patched)).Text, row.NewBlock);
            Assert.Equal(2, resumed.InvitesUpdate); // the update it did send is counted
            Assert.Equal((2, 2, 0), (resumed.TotalMeeting, resumed.SucceededMeeting, resumed.FailedMeeting));
        }

        [Theory]
        [InlineData("begun")]
        [InlineData("cancelled")]
        public async Task An_update_not_applied_before_the_kill_is_journaled_Skipped_when_its_meeting_has_begun_or_was_cancelled(string change)
        {
            var attempted = _f.AddStaleTeamsMeeting("Soon", daysAhead: 1).Id;
            await _f.Queue();
            var dead = await KillBeforeApplyAsync(patch: 1);
            Assert.Empty(_f.Mailbox.PatchesApplied);
            Assert.Equal(attempted, Assert.Single(_f.Mailbox.PatchesSent).EventId);
            var other = _f.AddStaleTeamsMeeting("Later", daysAhead: 4).Id;
            Assert.Equal(MeetingOutcome.Attempting, (await LatestRowOf(attempted)).Outcome);
            if (change == "begun") _f.Mailbox.Reschedule(MigrationFixture.Organizer, attempted, _f.Clock.UtcNow.AddHours(-3));
            else Cancel(attempted);

            var resumed = (await _f.ResumeAfterAsync(dead))!;

            Assert.Equal(MigrationState.Succeeded, resumed.State);
            Assert.Equal(0, _f.Mailbox.PatchesAppliedTo(attempted));
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(other));
            var row = await LatestRowOf(attempted);
            Assert.Equal(MeetingOutcome.Skipped, row.Outcome);
            Assert.Contains(change == "begun" ? "over when the request resumed" : "cancelled when the request resumed", row.Reason);
            Assert.Contains("nothing was sent", row.Reason);
            Assert.Equal(1, resumed.InvitesUpdate);
        }

        [Fact]
        public async Task A_meeting_deleted_before_the_resumption_is_journaled_Skipped_saying_its_update_is_not_known()
        {
            var patched = _f.AddStaleTeamsMeeting("Soon", daysAhead: 1).Id;
            await _f.Queue();
            var dead = await _f.KillAfterPatchAsync("dead", patch: 1);
            Assert.Equal(patched, Assert.Single(_f.Mailbox.PatchesApplied).EventId);
            _f.AddStaleTeamsMeeting("Later", daysAhead: 4);
            _f.Mailbox.Delete(MigrationFixture.Organizer, patched);

            var resumed = (await _f.ResumeAfterAsync(dead))!;

            Assert.Equal(MigrationState.Succeeded, resumed.State);
            var row = await LatestRowOf(patched);
            Assert.Equal(MeetingOutcome.Skipped, row.Outcome);
            Assert.Contains("deleted before the request resumed", row.Reason);
            Assert.Contains("is not known", row.Reason);
        }

        [Fact]
        public async Task An_undo_killed_mid_restore_settles_the_meeting_that_has_begun_by_its_resumption()
        {
            var soon = _f.AddStaleTeamsMeeting("Begins soon", daysAhead: 1);
            var later = _f.AddStaleTeamsMeeting("Later", daysAhead: 4);
            await _f.Queue();
            var migration = (await new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None))!;
            var admin = new MigrationAdmin(_f.Store, _f.Clock);
            var undo = await admin.QueueUndoAsync(await admin.PlanUndoAsync(null, migration.CorrelationId, None), None);
            var dead = await _f.KillAfterPatchAsync("dead", patch: 3); // the undo's first restore is applied
            var restored = _f.Mailbox.PatchesApplied[2].EventId;
            var other = restored == soon.Id ? later.Id : soon.Id;
            _f.Mailbox.Reschedule(MigrationFixture.Organizer, restored, _f.Clock.UtcNow.AddHours(-3));

            var resumed = (await _f.ResumeAfterAsync(dead))!;

            Assert.Equal(undo.Request.CorrelationId, resumed.CorrelationId);
            Assert.Equal(MigrationState.Succeeded, resumed.State);
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo(restored)); // the migration's and the undo's, nothing again
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo(other));
            var row = await LatestRowOf(restored);
            Assert.Equal(MeetingOutcome.Restored, row.Outcome);
            Assert.Contains("confirmed when the undo resumed", row.Reason);
            Assert.Equal(2, resumed.InvitesUpdate);
        }

        [Fact]
        public async Task An_undo_killed_before_its_restore_applied_journals_the_begun_meeting_Skipped()
        {
            _f.AddStaleTeamsMeeting("Begins soon", daysAhead: 1);
            _f.AddStaleTeamsMeeting("Later", daysAhead: 4);
            await _f.Queue();
            var migration = (await new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None))!;
            var admin = new MigrationAdmin(_f.Store, _f.Clock);
            await admin.QueueUndoAsync(await admin.PlanUndoAsync(null, migration.CorrelationId, None), None);
            var dead = await KillBeforeApplyAsync(patch: 3);
            var attempted = _f.Mailbox.PatchesSent[2].EventId;
            Assert.Equal(MeetingOutcome.Attempting, (await LatestRowOf(attempted)).Outcome);
            _f.Mailbox.Reschedule(MigrationFixture.Organizer, attempted, _f.Clock.UtcNow.AddHours(-3));

            var resumed = (await _f.ResumeAfterAsync(dead))!;

            Assert.Equal(MigrationState.Succeeded, resumed.State);
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(attempted)); // the migration's only
            var row = await LatestRowOf(attempted);
            Assert.Equal(MeetingOutcome.Skipped, row.Outcome);
            Assert.Contains("before the undo resumed", row.Reason);
            Assert.Contains("nothing was sent", row.Reason);
        }

        private void Cancel(string id)
        {
            // The organizer cancels: the event stays, marked cancelled (Graph's isCancelled).
            var cancelled = _f.Mailbox.Event(MigrationFixture.Organizer, id);
            _f.Mailbox.Delete(MigrationFixture.Organizer, id);
            cancelled.IsCancelled = true;
            _f.Mailbox.Add(MigrationFixture.Organizer, cancelled);
        }
    }
}
