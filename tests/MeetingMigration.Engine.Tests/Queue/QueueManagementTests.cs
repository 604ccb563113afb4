using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Queue
{
    /// <summary>Stop-CsMeetingMigration's engine side, and a new request replacing a failed request's scheduled retry.</summary>
    public sealed class QueueManagementTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private MigrationAdmin Admin => new MigrationAdmin(_f.Store, _f.Clock);
        private MigrationWorker Worker(string id) => new MigrationWorker(_f.Store, _f.Mailbox, id, _f.Clock);

        /// <summary>A request that failed on a Graph error, so a retry is scheduled.</summary>
        private async Task<MigrationRequest> FailedWithRetry()
        {
            _f.Mailbox.CalendarFailure = new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy");
            var request = await _f.Queue();
            await Worker("w").RunNextAsync(null, null, None);
            _f.Mailbox.CalendarFailure = null;
            var failed = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Pending, failed.State);
            Assert.True(failed.RetryScheduled);
            return failed;
        }

        /// <summary>
        /// Found by an outside probe: a request handed back to the queue while Graph could not be reached (Pending, no retry
        /// used) had already updated a meeting; Stop deleted it, so its status was gone and an undo of the user found
        /// nothing to undo while the journal showed the meeting updated.
        /// </summary>
        [Fact]
        public async Task A_pending_request_that_ran_part_way_is_kept_Failed_saying_so_and_can_be_undone()
        {
            var first = _f.AddStaleTeamsMeeting("A", daysAhead: 1);
            var second = _f.AddStaleTeamsMeeting("B", daysAhead: 2);
            _f.Mailbox.PageSize = 1;
            var request = await _f.Queue();
            var pages = 0;
            _f.Mailbox.BeforePage = () => ++pages > 1
                ? new MeetingMigration.Engine.Graph.GraphCallException(0, "NoResponse", "No response from Microsoft Graph: Connection refused",
                    inner: new System.Net.Http.HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)))
                : null;
            await Assert.ThrowsAsync<MeetingMigration.Engine.Graph.GraphCallException>(() => Worker("w").RunNextAsync(null, null, None));
            var handedBack = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Pending, false, 1), (handedBack.State, handedBack.RetryScheduled, handedBack.SucceededMeeting));
            _f.Mailbox.BeforePage = null;

            var result = await Admin.CancelAsync(request.CorrelationId, None);

            Assert.Equal(CancelOutcome.StoppedPartWay, result.Outcome);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Failed, false, 1, 1), (stored.State, stored.RetryScheduled, stored.SucceededMeeting, stored.InvitesUpdate));
            Assert.StartsWith($"It was stopped (Stop-CsMeetingMigration) after it had run part-way", stored.LastMessage);
            Assert.EndsWith("Before that: " + handedBack.LastMessage, stored.LastMessage);
            _f.Clock.Advance(TimeSpan.FromDays(2));
            Assert.Null(await Worker("w").RunNextAsync(null, null, None));
            Assert.Equal((1, 0), (_f.Mailbox.PatchesSentTo(first.Id), _f.Mailbox.PatchesSentTo(second.Id)));
            Assert.Single((await Admin.PlanUndoAsync(null, request.CorrelationId, None)).Meetings);
        }

        /// <summary>
        /// Found by an outside re-probe: an undo waiting for its retry was not replaced by a new migration of the user; the
        /// migration ran, then the undo's retry took back what it wrote, and attendees were mailed twice. The migration replaces
        /// it, when it has put nothing back yet. One that has (a series among them, whose moved occurrences Graph failed to
        /// list) runs first instead, its retry brought forward, to finish such a series before it stops: ended, the migration
        /// wrote the series as put back and its occurrences as the undone migration left them (an outside probe). The same undo
        /// asked for again runs now as itself, its retry brought forward: a new undo, queued after what ran meanwhile, took
        /// back that instead (an outside probe).
        /// </summary>
        [Theory]
        [InlineData("migration", false)]
        [InlineData("migration", true)]
        [InlineData("undo", false)]
        [InlineData("undo", true)]
        public async Task A_new_request_and_the_waiting_retry_of_the_users_undo(string next, bool putSomethingBack)
        {
            var undo = await _f.Store.EnqueueUndoAsync(MigrationFixture.Organizer, null, null, MigrationType.ToSameType, None);
            if (putSomethingBack)
                await _f.Store.AppendJournalAsync(new JournalEntry { CorrelationId = undo.Request.CorrelationId, UserPrincipalName = MigrationFixture.Organizer, EventId = "e1", Outcome = MeetingOutcome.Restored }, None);
            await MeetingMigration.Engine.Tests.Store.StoreTestSupport.Finish(_f.Store, undo.Request.CorrelationId, MigrationState.Pending,
                retryScheduled: true, notBefore: _f.Clock.UtcNow.AddHours(1));
            _f.Clock.Advance(TimeSpan.FromSeconds(1));

            var queued = next == "migration"
                ? await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None)
                : await _f.Store.EnqueueUndoAsync(MigrationFixture.Organizer, null, null, MigrationType.ToSameType, None);

            var old = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            if (next == "migration" && !putSomethingBack)
            {
                Assert.NotEqual(undo.Request.CorrelationId, queued.Request.CorrelationId);
                // Named, so Start can warn that the migration writes again what the undo was to take back.
                Assert.Equal(new[] { (undo.Request.CorrelationId, true) }, queued.ReplacedRetries);
                Assert.Equal((MigrationState.Failed, false), (old.State, old.RetryScheduled));
                Assert.EndsWith($"Its retry was replaced by request {queued.Request.CorrelationId:D}.", old.LastMessage);
                return;
            }
            // Runs now, before the migration (older in the queue), or as the undo asked for again.
            Assert.Equal((MigrationState.Pending, false, _f.Clock.UtcNow), (old.State, old.RetryScheduled, old.NotBefore));
            Assert.Empty(queued.ReplacedRetries);
            if (next == "undo")
                Assert.True(queued.Request.CorrelationId == undo.Request.CorrelationId && queued.Merged && queued.RetryBroughtForward);
            else
                Assert.Equal(new[] { undo.Request.CorrelationId }, queued.UndosLeftToStopOrShare);
            var lease = await _f.Store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None);
            Assert.Equal(undo.Request.CorrelationId, lease!.Request.CorrelationId);
            Assert.False(lease.CountedRetry); // run as asked for, not as a retry
        }

        /// <summary>
        /// Found by an outside re-probe: a migration of one kind (Start -SourceMeetingType Teams, the MovedToTeams trigger)
        /// ended the user's undo, and the other kind's meetings the undo had put back, or had yet to, kept what they showed for
        /// good. It replaces only what it covers: waiting retries of migrations of its own kind. Undos (queued, or waiting for
        /// a retry) run on and leave to it the meetings it writes; a migration of every kind keeps its retry for the others.
        /// </summary>
        [Theory]
        [InlineData(SourceMeetingType.Teams)]
        [InlineData(SourceMeetingType.SfB)]
        public async Task A_migration_of_one_kind_replaces_only_retries_of_that_kind(SourceMeetingType kind)
        {
            var user = UserIdentity.Parse(MigrationFixture.Organizer);
            var other = kind == SourceMeetingType.Teams ? SourceMeetingType.SfB : SourceMeetingType.Teams;
            var retries = new[] { SourceMeetingType.All, other, kind };
            var ids = new Guid[retries.Length];
            for (var i = 0; i < retries.Length; i++)
            {
                ids[i] = (await _f.Store.EnqueueAsync(new EnqueueRequest(user, retries[i], TargetMeetingType.Current), None)).Request.CorrelationId;
                await MeetingMigration.Engine.Tests.Store.StoreTestSupport.Finish(_f.Store, ids[i], MigrationState.Pending, retryScheduled: true, notBefore: _f.Clock.UtcNow.AddHours(1));
                _f.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            var undoRetry = await _f.Store.EnqueueUndoAsync(MigrationFixture.Organizer, null, null, MigrationType.ToSameType, None);
            await MeetingMigration.Engine.Tests.Store.StoreTestSupport.Finish(_f.Store, undoRetry.Request.CorrelationId, MigrationState.Pending,
                retryScheduled: true, notBefore: _f.Clock.UtcNow.AddHours(1));
            _f.Clock.Advance(TimeSpan.FromSeconds(1));

            var queued = await _f.Store.EnqueueAsync(new EnqueueRequest(user, kind, TargetMeetingType.Current), None);

            Assert.Equal(new[] { (ids[2], false) }, queued.ReplacedRetries);
            Assert.Empty(queued.ReplacedUndos);
            foreach (var kept in new[] { ids[0], ids[1], undoRetry.Request.CorrelationId })
                Assert.Equal((MigrationState.Pending, true), ((await _f.Store.GetAsync(kept, None))!.State, (await _f.Store.GetAsync(kept, None))!.RetryScheduled));
            Assert.Equal(MigrationState.Failed, (await _f.Store.GetAsync(ids[2], None))!.State);

            // A migration of every kind then replaces them all, the undo's retry with them.
            var all = await _f.Store.EnqueueAsync(new EnqueueRequest(user, SourceMeetingType.All, TargetMeetingType.Current), None);
            Assert.Equal(new[] { ids[0], ids[1], undoRetry.Request.CorrelationId }.OrderBy(g => g), all.ReplacedRetries.Select(r => r.CorrelationId).OrderBy(g => g));
        }

        /// <summary>
        /// Found by an outside probe: a move to Teams (a migration of the Skype for Business meetings) replaced a Skype-only
        /// migration's waiting retry and said nothing. The change names it, for the cmdlet to say with -Verbose as Start does.
        /// </summary>
        [Fact]
        public async Task A_move_to_teams_names_the_waiting_retry_it_replaces()
        {
            var user = UserIdentity.Parse(MigrationFixture.Organizer);
            var skypeOnly = (await _f.Store.EnqueueAsync(new EnqueueRequest(user, SourceMeetingType.SfB, TargetMeetingType.Current), None)).Request;
            await MeetingMigration.Engine.Tests.Store.StoreTestSupport.Finish(_f.Store, skypeOnly.CorrelationId, MigrationState.Pending, retryScheduled: true, notBefore: _f.Clock.UtcNow.AddHours(1));
            _f.Clock.Advance(TimeSpan.FromSeconds(1));

            var change = await new MeetingMigration.Engine.Conferencing.ConferencingAdmin(_f.Store).RecordMoveAsync(user, MeetingMigration.Engine.Conferencing.MeetingHome.Teams, None);

            var queued = Assert.Single(change.Queued);
            Assert.Equal(new[] { (skypeOnly.CorrelationId, queued.CorrelationId) }, change.ReplacedMigrationRetries.Select(r => (r.Replaced, r.By.CorrelationId)));
            Assert.Equal(MigrationState.Failed, (await _f.Store.GetAsync(skypeOnly.CorrelationId, None))!.State);
        }

        /// <summary>
        /// Found by an outside re-probe: a migration that replaced an undo's waiting retry was then stopped before it ran, and
        /// neither Stop nor the undo said so (the undo named a request no status could show), as they do for an undo queued.
        /// </summary>
        [Fact]
        public async Task Stopping_a_migration_that_replaced_an_undos_waiting_retry_names_that_undo()
        {
            var undo = await _f.Store.EnqueueUndoAsync(MigrationFixture.Organizer, null, null, MigrationType.ToSameType, None);
            await MeetingMigration.Engine.Tests.Store.StoreTestSupport.Finish(_f.Store, undo.Request.CorrelationId, MigrationState.Pending,
                retryScheduled: true, notBefore: _f.Clock.UtcNow.AddHours(1));
            var replacing = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);
            Assert.Equal(new[] { (undo.Request.CorrelationId, true) }, replacing.ReplacedRetries);

            var stopped = await Admin.CancelAsync(replacing.Request.CorrelationId, None);

            var again = $"Undo-CsMeetingMigration -Identity {MigrationFixture.Organizer}";
            Assert.Equal(new[] { (undo.Request.CorrelationId, UndoStopNote.Replaced, again) }, stopped.NotedUndos);
            Assert.EndsWith($"Request {replacing.Request.CorrelationId:D} was then stopped (Stop-CsMeetingMigration) before it ran, and is gone: " +
                            $"run the undo again if it is still wanted ({again}).", (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!.LastMessage);
        }

        [Fact]
        public async Task A_pending_request_is_removed_and_no_worker_runs_it()
        {
            _f.AddStaleTeamsMeeting("One");
            var request = await _f.Queue();

            var result = await Admin.CancelAsync(request.CorrelationId, None);

            Assert.Equal(CancelOutcome.Removed, result.Outcome);
            Assert.Null(await _f.Store.GetAsync(request.CorrelationId, None));
            Assert.Null(await Worker("w").RunNextAsync(null, null, None));
            Assert.Empty(_f.Mailbox.PatchesSent);
        }

        [Fact]
        public async Task A_request_waiting_for_its_retry_loses_the_retry_and_ends_failed()
        {
            var failed = await FailedWithRetry();
            _f.Clock.Advance(TimeSpan.FromDays(2));

            var result = await Admin.CancelAsync(failed.CorrelationId, None);

            Assert.Equal(CancelOutcome.RetryCancelled, result.Outcome);
            var stored = (await _f.Store.GetAsync(failed.CorrelationId, None))!;
            Assert.Equal(MigrationState.Failed, stored.State);
            Assert.False(stored.RetryScheduled);
            Assert.EndsWith("Its retry was cancelled (Stop-CsMeetingMigration).", stored.LastMessage);
            Assert.Null(await Worker("w").RunNextAsync(null, null, None));
        }

        [Fact]
        public async Task A_running_request_is_refused_and_left_to_its_worker()
        {
            var request = await _f.Queue();
            var lease = await _f.Store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, None);
            Assert.NotNull(lease);

            var e = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.CancelAsync(request.CorrelationId, None));

            Assert.Equal(ErrorIds.RequestNotCancellable, e.ErrorId);
            var until = _f.Clock.UtcNow.AddMinutes(2);
            Assert.Contains($"is running (InProgress, held by w until {until:yyyy-MM-dd HH:mm:ss}Z)", e.Message);
            Assert.Equal(MigrationState.InProgress, (await _f.Store.GetAsync(request.CorrelationId, None))!.State);

            // Its worker's process died: nothing runs it until the lease runs out, and the message says so.
            _f.Clock.Advance(TimeSpan.FromMinutes(3));
            var stale = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.CancelAsync(request.CorrelationId, None));
            Assert.Contains($"was stopped part-way (InProgress, its worker w stopped: its lease ran out at {until:yyyy-MM-dd HH:mm:ss}Z)", stale.Message);
            Assert.DoesNotContain("is running", stale.Message);
            Assert.StartsWith("The service, or Start-CsExMeetingMigration -Identity 'ada@contoso.com' -Wait with the same meeting types, resumes it", stale.RecommendedAction);
        }

        /// <summary>
        /// Found by an outside probe: an undo stopped part-way (SIGTERM of its Undo -Wait session: handed back, held by no
        /// worker) was said to be "running (InProgress)", and the error's advice was Start-CsExMeetingMigration's resume, which
        /// does not resume an undo. It is said stopped, with what resumes it or replaces it.
        /// </summary>
        [Fact]
        public async Task An_undo_stopped_part_way_is_said_stopped_with_what_resumes_it()
        {
            _f.AddStaleTeamsMeeting("One", daysAhead: 1);
            _f.AddStaleTeamsMeeting("Two", daysAhead: 2);
            var migration = await _f.Queue();
            Assert.Equal(MigrationState.Succeeded, (await Worker("w").RunNextAsync(null, null, None))!.State);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = (await Admin.QueueUndoAsync(await Admin.PlanUndoAsync(null, migration.CorrelationId, None), None)).Request;
            await _f.StopAfterPatchAsync("session", patch: _f.Mailbox.PatchesSent.Count + 1);

            var e = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.CancelAsync(undo.CorrelationId, None));

            Assert.Equal(ErrorIds.RequestNotCancellable, e.ErrorId);
            Assert.Contains($"The request {undo.CorrelationId:D} of ada@contoso.com was stopped part-way (InProgress, held by no worker)", e.Message);
            Assert.DoesNotContain("is running", e.Message);
            Assert.Contains("Undo-CsMeetingMigration run as it was (the same -CorrelationId, or -Identity)", e.RecommendedAction);
            Assert.Contains("A new Start-CsExMeetingMigration of this user selecting every meeting replaces it", e.RecommendedAction);
            Assert.Equal(MigrationState.InProgress, (await _f.Store.GetAsync(undo.CorrelationId, None))!.State);
        }

        [Fact]
        public async Task A_finished_request_and_an_unknown_id_are_refused_with_their_own_ErrorIds()
        {
            _f.AddStaleTeamsMeeting("One");
            var request = await _f.Queue();
            await Worker("w").RunNextAsync(null, null, None);

            var finished = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.CancelAsync(request.CorrelationId, None));
            var unknown = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.CancelAsync(Guid.NewGuid(), None));

            Assert.Equal(ErrorIds.RequestNotCancellable, finished.ErrorId);
            Assert.Contains("Succeeded", finished.Message);
            Assert.Equal(ErrorIds.RequestNotFound, unknown.ErrorId);
        }

        [Fact]
        public async Task By_user_only_queued_requests_are_offered_and_a_user_with_none_is_an_error()
        {
            var failed = await FailedWithRetry();
            var user = UserIdentity.Parse(MigrationFixture.Organizer);
            Assert.Equal(new[] { failed.CorrelationId }, (await Admin.GetCancellableAsync(user, None)).Select(r => r.CorrelationId));

            await Admin.CancelAsync(failed.CorrelationId, None);
            var none = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.GetCancellableAsync(user, None));
            var nobody = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.GetCancellableAsync(UserIdentity.Parse("nobody@contoso.com"), None));

            Assert.Equal(ErrorIds.RequestNotCancellable, none.ErrorId);
            Assert.Equal(ErrorIds.RequestNotFound, nobody.ErrorId);
        }

        /// <summary>
        /// Found by outside probe T (three services on one store): a user queued again while their request's attempt ran; that
        /// attempt then failed and scheduled its retry, past the reach of the queuing rule, and both requests waited for retries.
        /// The later request replaces it when it is leased; one of another kind does not (it reads other meetings).
        /// </summary>
        [Theory]
        [InlineData(SourceMeetingType.All, true)]
        [InlineData(SourceMeetingType.Teams, false)]
        public async Task A_retry_scheduled_after_the_user_was_queued_again_is_replaced_when_the_later_request_runs(SourceMeetingType later, bool replaced)
        {
            var first = (await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None)).Request;
            var running = await _f.Store.TryLeaseNextAsync("w1", TimeSpan.FromMinutes(5), null, None);
            Assert.Equal(first.CorrelationId, running!.Request.CorrelationId);
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
            var second = (await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), later, TargetMeetingType.Current), None)).Request;
            running.Request.State = MigrationState.Pending;
            running.Request.RetryScheduled = true;
            running.Request.NotBefore = _f.Clock.UtcNow.AddMinutes(3);
            Assert.True(await _f.Store.SaveLeasedAsync(running, release: true, None));

            var next = await _f.Store.TryLeaseNextAsync("w2", TimeSpan.FromMinutes(5), null, None);

            Assert.Equal(second.CorrelationId, next!.Request.CorrelationId);
            var old = (await _f.Store.GetAsync(first.CorrelationId, None))!;
            if (replaced)
            {
                Assert.Equal((MigrationState.Failed, false), (old.State, old.RetryScheduled));
                Assert.EndsWith($"Its retry was replaced by request {second.CorrelationId:D}.", old.LastMessage);
            }
            else Assert.Equal((MigrationState.Pending, true), (old.State, old.RetryScheduled));
        }

        [Fact]
        public async Task Queueing_a_failed_user_again_replaces_the_scheduled_retry_so_the_user_runs_once()
        {
            _f.AddStaleTeamsMeeting("One");
            var failed = await FailedWithRetry();
            _f.Clock.Advance(TimeSpan.FromDays(2)); // the retry is due

            var queued = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);
            var again = queued.Request;

            Assert.Equal(new[] { (failed.CorrelationId, false) }, queued.ReplacedRetries);
            var old = (await _f.Store.GetAsync(failed.CorrelationId, None))!;
            Assert.False(old.RetryScheduled);
            Assert.Equal(MigrationState.Failed, old.State); // its attempts are over: not Pending beside the new request
            Assert.EndsWith($"Its retry was replaced by request {again.CorrelationId:D}.", old.LastMessage);
            var ran = await Worker("w").RunNextAsync(null, null, None);
            Assert.Equal(again.CorrelationId, ran!.CorrelationId);
            Assert.Null(await Worker("w").RunNextAsync(null, null, None));
            Assert.Single(_f.Mailbox.PatchesSent);
        }
    }
}
