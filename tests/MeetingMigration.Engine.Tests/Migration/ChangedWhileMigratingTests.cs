using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>
    /// A meeting its organizer moves into the past, deletes or cancels between the calendar read and its PATCH. Found by an
    /// outside probe of Graph's data shapes: the first kept an Attempting journal row for good (the audit's sign of an
    /// attempt that stopped), the second failed the request with Graph's 404 and scheduled a retry for it.
    /// </summary>
    public sealed class ChangedWhileMigratingTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private async Task<JournalEntry> LatestRowOf(string eventId) =>
            (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[eventId];

        [Fact]
        public async Task A_meeting_moved_into_the_past_before_its_update_lands_is_left_alone_and_journaled_so()
        {
            var moved = _f.AddStaleTeamsMeeting("Moved to yesterday");
            var kept = _f.AddStaleTeamsMeeting("Still ahead", daysAhead: 4);
            _f.Mailbox.BeforePatch = (patch, _) =>
            {
                if (patch.EventId == moved.Id) _f.Mailbox.Reschedule(MigrationFixture.Organizer, moved.Id, _f.Clock.UtcNow.AddHours(-2));
            };

            var result = await _f.Run(await _f.Queue());

            Assert.Equal(0, _f.Mailbox.PatchesAppliedTo(moved.Id));
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(kept.Id));
            Assert.Equal((1, 1, 0), (result.TotalMeeting, result.SucceededMeeting, result.FailedMeeting));
            var row = await LatestRowOf(moved.Id);
            Assert.Equal(MeetingOutcome.Skipped, row.Outcome);
            Assert.Contains("it changed after the calendar was read, and nothing was sent", row.Reason);
        }

        [Theory]
        [InlineData(true)]   // gone when its PATCH is sent: Graph answers 404 ErrorItemNotFound
        [InlineData(false)]  // gone when a 412 is read back
        public async Task A_meeting_deleted_or_cancelled_while_being_migrated_is_left_alone_not_failed(bool goneAtPatch)
        {
            var gone = _f.AddStaleTeamsMeeting("Cancelled by its organizer");
            _f.Mailbox.BeforePatch = (patch, _) =>
            {
                if (goneAtPatch) _f.Mailbox.Delete(MigrationFixture.Organizer, gone.Id);
                else _f.Mailbox.Edit(MigrationFixture.Organizer, gone.Id, body => body); // a new ETag: the PATCH meets a 412
            };
            // The read-back after the 412 (the event's second read; the first is the full read before planning) finds it gone.
            if (!goneAtPatch) _f.Mailbox.GetEventFailure = (_, read) => { if (read == 2) _f.Mailbox.Delete(MigrationFixture.Organizer, gone.Id); return null; };

            var result = await _f.Run(await _f.Queue());

            Assert.Empty(_f.Mailbox.PatchesApplied);
            Assert.True(result.Succeeded, result.LastMessage);
            Assert.Equal((0, 0, 0), (result.FailedMeeting, result.TransientFailures, result.TotalMeeting));
            Assert.DoesNotContain("404", result.LastMessage);
            var row = await LatestRowOf(gone.Id);
            Assert.Equal(MeetingOutcome.Skipped, row.Outcome);
            Assert.StartsWith("deleted", row.Reason);
        }
    }
}
