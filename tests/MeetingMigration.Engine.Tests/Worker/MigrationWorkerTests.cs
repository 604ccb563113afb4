using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Worker
{
    public sealed class MigrationWorkerTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private MigrationWorker Worker(string id, IMigrationStore? store = null) => new MigrationWorker(store ?? _f.Store, _f.Mailbox, id, _f.Clock);

        private void AddBrokenMeeting(string subject) =>
            _f.AddStaleTeamsMeeting(subject, change: e => e.Body = MeetingBodies.Prefix + _f.BlockOf(e).Text + _f.BlockOf(e).Text + MeetingBodies.Suffix);

        private Task SetRetries(int limit) =>
            _f.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { UserRetryLimit = limit, RetryWindow = TimeSpan.FromHours(24) }, None);

        [Fact]
        public async Task A_successful_attempt_is_saved_as_succeeded_with_its_counters_and_the_resolved_user()
        {
            _f.AddStaleTeamsMeeting("One");
            _f.AddStaleTeamsMeeting("Two");
            var request = await _f.Queue();
            Assert.Null(request.UserId);

            var done = await Worker("w1").RunNextAsync(null, null, None);

            Assert.NotNull(done);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Succeeded, stored.State);
            Assert.Equal((2, 2, 0, 2), (stored.TotalMeeting, stored.SucceededMeeting, stored.FailedMeeting, stored.InvitesUpdate));
            Assert.False(stored.RetryScheduled);
            Assert.NotNull(stored.UserId);
            Assert.Equal("", stored.LastMessage);
            Assert.Null(await Worker("w2").RunNextAsync(null, null, None)); // released and finished: nothing left
        }

        /// <summary>
        /// Found by an outside probe: with UserRetryLimit 0 a failed attempt ends Failed at once, and its message ended on
        /// Graph's "Please retry later." without saying that no retry comes or what to run (the advice came only once retries
        /// had been used up).
        /// </summary>
        [Fact]
        public async Task With_no_automatic_retries_a_failed_attempt_says_none_comes_and_what_to_run()
        {
            await SetRetries(0);
            _f.AddStaleTeamsMeeting("Broken invite");
            _f.Mailbox.CoordinatesFailure = _ => new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy");
            var request = await _f.Queue();

            await Worker("w1").RunNextAsync(null, null, None);

            var failed = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Failed, false), (failed.State, failed.RetryScheduled));
            Assert.EndsWith(" No retry is scheduled: UserRetryLimit is 0 (no automatic retries). Fix the cause, then run Start-CsExMeetingMigration again.", failed.LastMessage);
        }

        [Fact]
        public async Task A_failed_attempt_schedules_a_retry_which_counts_when_it_runs_until_the_limit()
        {
            await SetRetries(2);
            _f.AddStaleTeamsMeeting("Broken invite");
            _f.Mailbox.CoordinatesFailure = _ => new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy");
            var request = await _f.Queue();
            var worker = Worker("w1");

            await worker.RunNextAsync(null, null, None);
            var afterFirst = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Pending, afterFirst.State); // as MMS: Pending between retries, Failed once none is left
            Assert.True(afterFirst.RetryScheduled);
            Assert.Equal(0, afterFirst.RetryCount);
            Assert.Equal(_f.Clock.UtcNow + RetrySchedule.DelayBefore(1, 2, TimeSpan.FromHours(24)), afterFirst.NotBefore);
            Assert.True(afterFirst.NotBefore > _f.Clock.UtcNow);
            Assert.Contains("'Broken invite'", afterFirst.LastMessage);

            _f.Clock.Set(afterFirst.NotBefore.AddTicks(-1));
            Assert.Null(await worker.RunNextAsync(null, null, None));       // not yet due

            _f.Clock.Set(afterFirst.NotBefore);
            await worker.RunNextAsync(null, null, None);
            var afterRetry = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(1, afterRetry.RetryCount);
            Assert.Equal(MigrationState.Pending, afterRetry.State);
            Assert.True(afterRetry.RetryScheduled);
            Assert.Equal(_f.Clock.UtcNow + RetrySchedule.DelayBefore(2, 2, TimeSpan.FromHours(24)), afterRetry.NotBefore);

            _f.Clock.Set(afterRetry.NotBefore);
            await worker.RunNextAsync(null, null, None);
            var last = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(2, last.RetryCount);
            Assert.Equal(MigrationState.Failed, last.State);
            Assert.False(last.RetryScheduled);
            Assert.EndsWith(" No retry is scheduled: its 2 automatic retries (UserRetryLimit 2) are used up. Fix the cause, then run Start-CsExMeetingMigration again.", last.LastMessage);
            Assert.DoesNotContain("No retry is scheduled", afterRetry.LastMessage);

            _f.Clock.Advance(TimeSpan.FromDays(30));
            Assert.Null(await worker.RunNextAsync(null, null, None));
            Assert.Equal(2, (await _f.Store.GetAsync(request.CorrelationId, None))!.RetryCount);
        }

        [Fact]
        public async Task Failures_a_retry_would_meet_again_schedule_no_retry_and_say_what_to_do()
        {
            await SetRetries(9);
            AddBrokenMeeting("Two blocks");
            _f.AddStaleTeamsMeeting("Fine");
            var request = await _f.Queue();

            await Worker("w1").RunNextAsync(null, null, None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Failed, stored.State);
            Assert.False(stored.RetryScheduled);
            Assert.Equal((2, 1, 1), (stored.TotalMeeting, stored.SucceededMeeting, stored.FailedMeeting));
            Assert.Contains("'Two blocks'", stored.LastMessage);
            Assert.Contains("No retry is scheduled", stored.LastMessage);
            _f.Clock.Advance(TimeSpan.FromDays(2));
            Assert.Null(await Worker("w2").RunNextAsync(null, null, None)); // nothing re-reads the calendar
        }

        /// <summary>
        /// A user queued unchecked (no Graph, or a throttled look-up) whom the directory does not have: retried for up to a
        /// day, Pending "for a retry" meanwhile (outside probe M). A retry would find the same: Failed at once, saying so.
        /// </summary>
        [Fact]
        public async Task A_user_the_directory_does_not_have_fails_without_a_retry_saying_what_to_check()
        {
            await SetRetries(9);
            var request = (await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("nobody@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None)).Request;

            await Worker("w1").RunNextAsync(null, null, None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Failed, false), (stored.State, stored.RetryScheduled));
            Assert.StartsWith("User 'nobody@contoso.com' does not exist in the directory. No retry is scheduled: a retry would find the same.", stored.LastMessage);
            Assert.EndsWith("Then run Start-CsExMeetingMigration again.", stored.LastMessage);
            _f.Clock.Advance(TimeSpan.FromDays(2));
            Assert.Null(await Worker("w2").RunNextAsync(null, null, None));
        }

        [Fact]
        public async Task A_retry_that_succeeds_ends_the_request_as_succeeded()
        {
            await SetRetries(9);
            var item = _f.AddStaleTeamsMeeting("Fixed later", change: e => e.ParticipantCount = 5);
            _f.Mailbox.CoordinatesFailure = _ => new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy");
            var request = await _f.Queue();
            var worker = Worker("w1");
            await worker.RunNextAsync(null, null, None);
            var failed = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.True(failed.AwaitingRetry);

            _f.Mailbox.CoordinatesFailure = null;
            _f.Clock.Set(failed.NotBefore);
            await worker.RunNextAsync(null, null, None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Succeeded, stored.State);
            Assert.Equal(1, stored.RetryCount);
            Assert.False(stored.RetryScheduled);
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(item.Id));
        }

        [Fact]
        public async Task With_no_retries_allowed_a_failure_is_final()
        {
            await SetRetries(0);
            AddBrokenMeeting("Broken");
            var request = await _f.Queue();

            await Worker("w1").RunNextAsync(null, null, None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Failed, stored.State);
            Assert.False(stored.RetryScheduled);
        }

        [Fact]
        public async Task An_on_premises_mailbox_fails_the_attempt_saying_so()
        {
            _f.Mailbox.CalendarFailure = new MeetingMigration.Engine.Graph.GraphCallException(404, "MailboxNotEnabledForRESTAPI", "on-premises");
            var request = await _f.Queue();

            await Worker("w1").RunNextAsync(null, null, None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.True(stored.AwaitingRetry); // the mailbox may be moved to Exchange Online before the retry
            Assert.Contains("not in Exchange Online", stored.LastMessage);
        }

        [Fact]
        public async Task A_worker_that_dies_mid_attempt_leaves_the_lease_to_expire_and_the_next_worker_resumes_without_duplicate_updates()
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 4).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var request = await _f.Queue();
            // The second PATCH is applied, then the process dies before its answer is handled.
            var first = await _f.KillAfterPatchAsync("worker-1", patch: 2);

            var stranded = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.InProgress, stranded.State);
            // Meetings run concurrently, so others may have been applied before the crash; what matters is below.
            Assert.InRange(_f.Mailbox.PatchesApplied.Count, 2, 4);

            var second = Worker("worker-2");
            Assert.Null(await second.RunNextAsync(null, null, None));   // the lease still holds

            _f.Clock.Advance(first.LeaseDuration + TimeSpan.FromSeconds(1));
            var resumed = await second.RunNextAsync(null, null, None);

            Assert.NotNull(resumed);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Succeeded, stored.State);
            Assert.Equal(0, stored.RetryCount);
            Assert.Equal((4, 4, 4), (stored.TotalMeeting, stored.SucceededMeeting, stored.InvitesUpdate));
            Assert.All(meetings, m => Assert.Equal(1, _f.Mailbox.PatchesSentTo(m.Id)));
            Assert.Equal(4, _f.Mailbox.PatchesSent.Count);
            // The meeting updated just before the crash was journaled Attempting; the resumed attempt completes its entry.
            var journal = await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None);
            Assert.All(meetings, m => Assert.Equal(MeetingOutcome.Updated, journal[m.Id].Outcome));
        }

        [Fact]
        public async Task A_lost_answer_is_taken_as_applied_only_when_the_body_shows_the_block_the_marker_names()
        {
            var meeting = _f.AddStaleTeamsMeeting("Weekly");
            var original = meeting.Body;
            var request = await _f.Queue();
            var first = await _f.KillAfterPatchAsync("worker-1", patch: 1);
            // Someone puts the old body back; the marker, a property of its own, stays.
            _f.Mailbox.Edit(MigrationFixture.Organizer, meeting.Id, _ => original);
            // The resumed attempt's PATCH is lost before it is applied: reading the marker back finds this request's own.
            _f.Mailbox.FailBeforeApply = (_, n) => n == 2 ? new GraphCallException(504, "GatewayTimeout", "lost") : null;
            _f.Clock.Advance(first.LeaseDuration + TimeSpan.FromSeconds(1));

            var resumed = await Worker("worker-2").RunNextAsync(null, null, None);

            Assert.Equal(request.CorrelationId, resumed!.CorrelationId);
            Assert.Equal(MigrationState.Succeeded, resumed.State);
            // Sent again and applied, not journaled as applied while the meeting kept its old details.
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo(meeting.Id));
            Assert.NotEqual(original, _f.Mailbox.Event(MigrationFixture.Organizer, meeting.Id).Body);
            var latest = (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[meeting.Id];
            Assert.Equal(MeetingOutcome.Updated, latest.Outcome);
            Assert.DoesNotContain("read-back", latest.Reason);
        }

        [Fact]
        public async Task A_worker_stopped_mid_attempt_hands_its_lease_back_and_the_next_worker_resumes_at_once_without_duplicate_updates()
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 4).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var request = await _f.Queue();
            // SIGTERM arrives while the second PATCH is answered.
            await _f.StopAfterPatchAsync("worker-1", patch: 2);

            var stopped = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.InProgress, stopped.State);
            Assert.StartsWith("Stopped part-way at ", stopped.LastMessage);
            // Its counts are saved when an attempt ends; the message says how far this one got (the first PATCH answered).
            var howFar = System.Text.RegularExpressions.Regex.Match(stopped.LastMessage, @"after handling (\d+) of the (\d+) meeting\(s\) (to migrate|found so far) by then;");
            Assert.True(howFar.Success, stopped.LastMessage);
            // Meetings are PATCHed several at a time: a third may have been answered while the second's answer stopped the
            // attempt (seen once in a full run: 3 handled), so the bounds are the meetings found, not the stop's position.
            var found = int.Parse(howFar.Groups[2].Value);
            Assert.InRange(found, 2, 4);
            Assert.InRange(int.Parse(howFar.Groups[1].Value), 1, found);
            // Its counts so far, from the journal, instead of 0 until it resumes: the PATCHes answered before the stop (never
            // the second, whose answer was lost: a resumed attempt completes it).
            Assert.InRange(stopped.SucceededMeeting, 1, 3);
            Assert.Equal(stopped.SucceededMeeting, stopped.InvitesUpdate);
            Assert.Equal((stopped.SucceededMeeting, 0), (stopped.TotalMeeting, stopped.FailedMeeting));
            // No waiting for the lease to expire: the clock has not moved.
            var resumed = await Worker("worker-2").RunNextAsync(null, null, None);

            Assert.NotNull(resumed);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Succeeded, stored.State);
            Assert.DoesNotContain("Stopped part-way", stored.LastMessage); // the resumed attempt's own summary replaces it
            Assert.All(meetings, m => Assert.Equal(1, _f.Mailbox.PatchesSentTo(m.Id)));
        }

        /// <summary>
        /// Found by an outside soak: SIGTERM arrived as a request that had finished its meetings was being saved. The save
        /// was given the stopping token and gave up, so the request stayed InProgress, held by a process that had exited,
        /// until its lease ran out (two minutes), though its work was done.
        /// </summary>
        [Fact]
        public async Task A_stop_that_arrives_as_a_finished_attempt_is_saved_still_saves_it_and_hands_the_lease_back()
        {
            _f.AddStaleTeamsMeeting("One");
            _f.AddStaleTeamsMeeting("Two");
            var request = await _f.Queue();
            using var stop = new CancellationTokenSource();
            // The service is told to stop just as the attempt's result is saved.
            var store = InterceptedStore.Wrap(_f.Store, (method, args) =>
            {
                if (method.Name == nameof(IMigrationStore.SaveLeasedAsync) && args[1] is true) stop.Cancel();
                return null;
            });

            try { await new MigrationWorker(store, _f.Mailbox, "w1", _f.Clock).RunNextAsync(null, null, stop.Token); }
            catch (OperationCanceledException) { } // the service is stopping: the caller may hear of it, the request must not

            Assert.True(stop.IsCancellationRequested);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Succeeded, stored.State);
            Assert.Equal((2, 2, 0, 2), (stored.TotalMeeting, stored.SucceededMeeting, stored.FailedMeeting, stored.InvitesUpdate));
            Assert.Null(stored.HeldBy);
        }

        /// <summary>Found by an outside probe: the retry was scheduled 93 s before the end of the wait Graph had asked for, and spent there.</summary>
        [Fact]
        public async Task A_retry_after_throttling_is_scheduled_no_earlier_than_the_wait_Graph_asked_for()
        {
            _f.AddStaleTeamsMeeting("A");
            var request = await _f.Queue();
            _f.Mailbox.FailBeforeApply = (patch, n) => new MeetingMigration.Engine.Graph.GraphCallException(429, "ApplicationThrottled",
                "Graph asked to wait 431 s before trying again, longer than this call's retry budget leaves.", TimeSpan.FromSeconds(431));

            var failed = (await Worker("w1").RunNextAsync(null, null, None))!;

            Assert.Equal((MigrationState.Pending, true), (failed.State, failed.RetryScheduled));
            var schedule = RetrySchedule.DelayBefore(1, new TenantMigrationConfiguration().UserRetryLimit, new TenantMigrationConfiguration().RetryWindow);
            Assert.True(schedule < TimeSpan.FromSeconds(431), $"the schedule alone ({schedule}) already waits long enough; the test proves nothing");
            Assert.Equal(_f.Clock.UtcNow + TimeSpan.FromSeconds(431), (await _f.Store.GetAsync(request.CorrelationId, None))!.NotBefore);
        }

        private static MeetingMigration.Engine.Graph.GraphCallException Unreachable() =>
            new MeetingMigration.Engine.Graph.GraphCallException(0, "NoResponse", "No response from Microsoft Graph: Connection refused (127.0.0.1:5080)",
                inner: new System.Net.Http.HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

        /// <summary>
        /// Found by an outside probe: a one-minute outage of Graph turned every queued request Failed, each spending one of
        /// its retries, and with a small UserRetryLimit users ended Failed for good though Graph was back.
        /// </summary>
        [Fact]
        public async Task Graph_unreachable_puts_the_request_back_in_the_queue_without_using_a_retry_and_it_resumes_when_Graph_is_back()
        {
            await SetRetries(1);
            var first = _f.AddStaleTeamsMeeting("A", daysAhead: 1);
            var second = _f.AddStaleTeamsMeeting("B", daysAhead: 2);
            _f.Mailbox.PageSize = 1;
            var request = await _f.Queue();
            // Graph goes away after the first page: meeting A is migrated, then the next page cannot be read.
            var pages = 0;
            _f.Mailbox.BeforePage = () => ++pages > 1 ? Unreachable() : null;

            var thrown = await Assert.ThrowsAsync<MeetingMigration.Engine.Graph.GraphCallException>(() => Worker("w1").RunNextAsync(null, null, None));

            Assert.True(thrown.IsUnreachable);
            var waiting = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Pending, waiting.State);
            Assert.Equal((0, false), (waiting.RetryCount, waiting.RetryScheduled));
            Assert.Equal(_f.Clock.UtcNow + MigrationWorker.GraphUnreachableDelay, waiting.NotBefore);
            Assert.Null(waiting.HeldBy);
            Assert.Contains("could not be reached", waiting.LastMessage);
            Assert.Contains("no retry was used", waiting.LastMessage);
            Assert.Equal((1, 1), (waiting.SucceededMeeting, waiting.InvitesUpdate)); // what it did before, from its journal
            Assert.Null(await Worker("w2").RunNextAsync(null, null, None)); // not due yet

            _f.Mailbox.BeforePage = null;
            _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
            var done = await Worker("w2").RunNextAsync(null, null, None);

            Assert.Equal(MigrationState.Succeeded, done!.State);
            Assert.Equal(0, done.RetryCount);
            Assert.Equal((1, 1), (_f.Mailbox.PatchesSentTo(first.Id), _f.Mailbox.PatchesSentTo(second.Id)));
        }

        /// <summary>Found by the probe that checked the fix above: requests in flight when Graph went away ended Failed.</summary>
        [Theory]
        [InlineData("read")]
        [InlineData("patch")]
        public async Task Graph_unreachable_for_a_meetings_call_hands_the_request_back_too(string call)
        {
            _f.AddStaleTeamsMeeting("A", daysAhead: 1);
            var b = _f.AddStaleTeamsMeeting("B", daysAhead: 2);
            var request = await _f.Queue();
            if (call == "read") _f.Mailbox.GetEventFailure = (id, n) => id == b.Id ? Unreachable() : null;
            else _f.Mailbox.FailBeforeApply = (patch, n) => patch.EventId == b.Id ? Unreachable() : null;

            var thrown = await Assert.ThrowsAsync<MeetingMigration.Engine.Graph.GraphCallException>(() => Worker("w1").RunNextAsync(null, null, None));

            Assert.True(thrown.IsUnreachable);
            var waiting = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Pending, 0, false), (waiting.State, waiting.RetryCount, waiting.RetryScheduled));
            _f.Mailbox.GetEventFailure = null;
            _f.Mailbox.FailBeforeApply = null;
            _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
            var done = (await Worker("w1").RunNextAsync(null, null, None))!;
            Assert.Equal((MigrationState.Succeeded, 2, 0), (done.State, done.SucceededMeeting, done.RetryCount));
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(b.Id));
        }

        /// <summary>Graph refusing the connection's token after a new one was tried (or a fixed one that cannot be renewed).</summary>
        private static MeetingMigration.Engine.Graph.GraphCallException TokenRefused() =>
            new MeetingMigration.Engine.Graph.GraphCallException(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid. Not sent again: a token given as -AccessToken (or the service's AccessToken setting) cannot be renewed; connect again with a new one.");

        /// <summary>No token could be had for a call: signing in failed (the gateway's form of the sign-in's error).</summary>
        private static MeetingMigration.Engine.Graph.GraphCallException SignInFailed() =>
            new MeetingMigration.Engine.Graph.GraphCallException(401, MeetingMigration.Engine.Graph.GraphCallException.SignInFailedCode, "Signing in to Microsoft Entra failed ('invalid_client'): the secret has expired.",
                inner: new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied, "Signing in to Microsoft Entra failed ('invalid_client'): the secret has expired.", null, "Check the secret."));

        /// <summary>
        /// Found by an outside probe: a fixed access token Graph refused turned every queued user's attempt into a failure,
        /// each spending a retry, as an expired client secret would until every user ended Failed for good. A refused
        /// credential is the connection's failure, not the user's: the request waits as it does for Graph unreachable.
        /// </summary>
        [Theory]
        [InlineData("directory", "token")]
        [InlineData("page", "token")]
        [InlineData("read", "token")]
        [InlineData("patch", "token")]
        [InlineData("directory", "sign-in")]
        [InlineData("patch", "sign-in")]
        public async Task Graph_refusing_the_credentials_hands_the_request_back_without_using_a_retry(string call, string refusal)
        {
            await SetRetries(1);
            var a = _f.AddStaleTeamsMeeting("A", daysAhead: 1);
            var request = await _f.Queue();
            Func<Exception> refuse = refusal == "token" ? TokenRefused : SignInFailed;
            switch (call)
            {
                case "directory": _f.Mailbox.DirectoryFailure = refuse(); break;
                case "page": _f.Mailbox.BeforePage = refuse; break;
                case "read": _f.Mailbox.GetEventFailure = (_, _) => refuse(); break;
                default: _f.Mailbox.FailBeforeApply = (_, _) => refuse(); break;
            }

            var thrown = await Assert.ThrowsAsync<MeetingMigration.Engine.Graph.GraphCallException>(() => Worker("w1").RunNextAsync(null, null, None));

            Assert.True(thrown.IsConnectionDown);
            var waiting = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Pending, 0, false, false), (waiting.State, waiting.RetryCount, waiting.RetryScheduled, waiting.AwaitingRetry));
            Assert.Equal(_f.Clock.UtcNow + MigrationWorker.GraphUnreachableDelay, waiting.NotBefore);
            Assert.StartsWith(refusal == "token" ? "Microsoft Graph refused this connection's credentials" : "Signing in for Microsoft Graph failed", waiting.LastMessage);
            Assert.Contains(refusal == "token" ? "InvalidAuthenticationToken" : "invalid_client", waiting.LastMessage);
            Assert.Contains("no retry was used", waiting.LastMessage);
            Assert.Equal(0, _f.Mailbox.PatchesAppliedTo(a.Id));

            // Twice more than the retry limit allows: a credential that stays refused never uses up the user's retries.
            for (var i = 0; i < 2; i++)
            {
                _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
                await Assert.ThrowsAsync<MeetingMigration.Engine.Graph.GraphCallException>(() => Worker("w1").RunNextAsync(null, null, None));
            }
            Assert.Equal((MigrationState.Pending, 0), ((await _f.Store.GetAsync(request.CorrelationId, None))!.State, (await _f.Store.GetAsync(request.CorrelationId, None))!.RetryCount));

            _f.Mailbox.DirectoryFailure = null;
            _f.Mailbox.BeforePage = null;
            _f.Mailbox.GetEventFailure = null;
            _f.Mailbox.FailBeforeApply = null;
            _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
            var done = (await Worker("w2").RunNextAsync(null, null, None))!;
            Assert.Equal((MigrationState.Succeeded, 0), (done.State, done.RetryCount));
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(a.Id));
        }

        [Fact]
        public async Task A_scheduled_retry_that_meets_Graph_unreachable_gives_its_retry_back()
        {
            _f.AddStaleTeamsMeeting("A");
            var request = await _f.Queue();
            _f.Mailbox.CoordinatesFailure = _ => new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy");
            var failed = (await Worker("w1").RunNextAsync(null, null, None))!;
            Assert.Equal((MigrationState.Pending, true, 0), (failed.State, failed.RetryScheduled, failed.RetryCount));
            _f.Mailbox.CoordinatesFailure = null;
            _f.Mailbox.BeforePage = Unreachable;
            _f.Clock.Advance(failed.NotBefore - _f.Clock.UtcNow);

            await Assert.ThrowsAsync<MeetingMigration.Engine.Graph.GraphCallException>(() => Worker("w1").RunNextAsync(null, null, None));

            var waiting = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Pending, 0), (waiting.State, waiting.RetryCount));
            _f.Mailbox.BeforePage = null;
            _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
            var done = (await Worker("w1").RunNextAsync(null, null, None))!;
            Assert.Equal((MigrationState.Succeeded, 0), (done.State, done.RetryCount));
        }

        /// <summary>
        /// Found by an outside probe: a Graph call's timeout came out as a cancellation, which the worker took for a lost
        /// lease; the request stayed InProgress, held by a worker that had dropped it, until the lease ran out.
        /// </summary>
        [Fact]
        public async Task A_cancellation_nobody_asked_for_fails_the_attempt_instead_of_passing_for_a_lost_lease()
        {
            _f.AddStaleTeamsMeeting("A");
            var request = await _f.Queue();
            _f.Mailbox.GetEventFailure = (id, n) => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException());

            var done = await Worker("w1").RunNextAsync(null, null, None);

            Assert.NotNull(done);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Pending, stored.State);
            Assert.True(stored.RetryScheduled);
            Assert.Null(stored.HeldBy);
            Assert.Contains("HttpClient.Timeout", stored.LastMessage);
        }

        /// <summary>Found by an outside probe: a long or throttled run showed 0 of 0 meetings while hundreds were updated.</summary>
        [Fact]
        public async Task Status_of_a_running_request_shows_its_counts_so_far()
        {
            var request = await _f.Queue();
            Assert.NotNull(await _f.Store.TryLeaseNextAsync("w1", TimeSpan.FromMinutes(2), null, None)); // running now
            foreach (var (eventId, outcome) in new[] { ("a", MeetingOutcome.Attempting), ("a", MeetingOutcome.Updated), ("b", MeetingOutcome.Attempting) })
                await _f.Store.AppendJournalAsync(new JournalEntry { CorrelationId = request.CorrelationId, UserPrincipalName = MigrationFixture.Organizer, EventId = eventId, Outcome = outcome }, None);
            var admin = new MeetingMigration.Engine.Administration.MigrationAdmin(_f.Store, _f.Clock);

            var running = (await admin.GetStatusAsync(new MigrationStatusQuery(), None)).Single();

            Assert.Equal(MigrationState.InProgress, running.State);
            Assert.Equal((1, 1, 0, 1), (running.TotalMeeting, running.SucceededMeeting, running.FailedMeeting, running.InvitesUpdate));
            // The stored counts are the attempt's to write when it ends; reading status changes nothing.
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal((0, 0), (stored.TotalMeeting, stored.InvitesUpdate));
        }

        [Fact]
        public async Task Two_workers_on_two_store_instances_run_each_request_once()
        {
            var users = Enumerable.Range(0, 8).Select(i => $"user{i}@contoso.com").ToList();
            foreach (var user in users)
            {
                _f.Mailbox.AddUser(user);
                var joinUrl = MeetingBodies.TeamsJoinUrl(user.Replace("@", "-"));
                _f.Mailbox.AddTeamsMeeting(MeetingBodies.FreshTeams(joinUrl));
                _f.Mailbox.Add(user, MeetingBodies.TeamsMeeting("evt-" + user, "Sync", _f.Clock.UtcNow.AddDays(1), MeetingBodies.TeamsBlock(MeetingBodies.StaleTeams(joinUrl)), joinUrl));
                await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(user), SourceMeetingType.All, TargetMeetingType.Current), None);
            }
            var otherStore = _f.File.Open(_f.Clock);
            var workers = new[] { Worker("a"), Worker("b", otherStore) };

            var runs = workers.Select(w => Task.Run(async () =>
            {
                var count = 0;
                while (await w.RunNextAsync(null, null, None) != null) count++;
                return count;
            })).ToArray();
            var counts = await Task.WhenAll(runs);

            Assert.Equal(users.Count, counts.Sum());
            Assert.Equal(users.Count, _f.Mailbox.PatchesSent.Count);
            Assert.All(users, u => Assert.Equal(1, _f.Mailbox.PatchesSentTo("evt-" + u)));
            var all = await _f.Store.QueryAsync(new MigrationStatusQuery(), None);
            Assert.All(all, r => Assert.Equal(MigrationState.Succeeded, r.State));
        }
    
        /// <summary>
        /// Found by an outside probe: a PostgreSQL restart mid-attempt saved the request as "Failed, 0 of 0 meetings, 0
        /// updates" with "an unexpected error", while its journal held meetings updated and mailed. The attempt's counts
        /// are now read back from the journal, and the message says the store failed, and what to do.
        /// </summary>
        [Fact]
        public async Task An_attempt_the_store_fails_under_is_saved_with_what_its_journal_shows_and_the_store_named()
        {
            for (var i = 1; i <= 4; i++) _f.AddStaleTeamsMeeting("Meeting " + i);
            var request = await _f.Queue();
            // The store takes two Updated rows and then refuses every row: two meetings are done by then, whichever they are
            // (meetings run side by side). Counting rows instead failed once in a clean-clone CI run: the first four rows
            // were all Attempting rows, so no meeting was done when the store filled up.
            var full = new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
            var updatedLeft = 2;
            var failing = InterceptedStore.Wrap(_f.Store, (method, args) =>
            {
                if (method.Name != nameof(IMigrationStore.AppendJournalAsync)) return null;
                var refused = ((JournalEntry)args[0]!).Outcome == MeetingOutcome.Updated
                    ? Interlocked.Decrement(ref updatedLeft) < 0
                    : Volatile.Read(ref updatedLeft) <= 0;
                return refused ? Task.FromException(full) : null;
            });

            await new MigrationWorker(failing, _f.Mailbox, "w1", _f.Clock).RunNextAsync(null, null, None);

            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            var journal = await _f.Store.GetJournalAsync(request.CorrelationId, None);
            int updated = journal.Where(e => e.Outcome == MeetingOutcome.Updated).Select(e => e.EventId).Distinct().Count();
            Assert.Equal(2, updated);
            Assert.True(stored.AwaitingRetry);
            Assert.Equal((updated, updated, 0, updated), (stored.TotalMeeting, stored.SucceededMeeting, stored.FailedMeeting, stored.InvitesUpdate));
            Assert.True(_f.Mailbox.PatchesSent.Count >= updated);
            Assert.StartsWith($"The attempt stopped because the store failed: The store at '{_f.Store.Location}' cannot be written: its disk is full", stored.LastMessage);
            Assert.Contains("Free space on the disk that holds it", stored.LastMessage);
            Assert.EndsWith($"Before it stopped: {updated} meeting(s) migrated ({updated} update(s) sent), 0 failed.", stored.LastMessage);
            Assert.True(stored.RetryScheduled);
        }

        /// <summary>
        /// Found by an outside probe: a store found damaged in the middle of an attempt was saved as this request's failure,
        /// with a retry scheduled, into the damaged file, and the service went on. The damage now goes to the caller and
        /// nothing is saved: the request stays as it was leased (the service stops, a -Wait session says the store is damaged).
        /// </summary>
        [Fact]
        public async Task A_store_found_damaged_during_an_attempt_is_the_callers_to_handle_and_the_request_is_not_saved()
        {
            _f.AddStaleTeamsMeeting("Meeting 1");
            var request = await _f.Queue();
            var damaged = new Microsoft.Data.Sqlite.SqliteException("SQLite Error 11: 'database disk image is malformed'.", 11);
            var failing = InterceptedStore.Wrap(_f.Store, (method, args) =>
                method.Name == nameof(IMigrationStore.AppendJournalAsync) ? Task.FromException(damaged) : null);

            var thrown = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => new MigrationWorker(failing, _f.Mailbox, "w1", _f.Clock).RunNextAsync(null, null, None));

            Assert.Same(damaged, thrown);
            var stored = (await _f.Store.GetAsync(request.CorrelationId, None))!;
            Assert.Equal(MigrationState.InProgress, stored.State);
            Assert.False(stored.RetryScheduled);
            Assert.Empty(_f.Mailbox.PatchesSent); // its Attempting row was refused, so its PATCH was never sent
        }

        /// <summary>
        /// The store, with a look at every call first: <c>intercept</c> answers a call itself (a store that fails in use) or
        /// returns null to let it through, after doing what the test needs at that moment (a stop arriving).
        /// </summary>
        public class InterceptedStore : System.Reflection.DispatchProxy
        {
            private IMigrationStore _inner = null!;
            private Func<System.Reflection.MethodInfo, object?[], object?> _intercept = null!;

            public static IMigrationStore Wrap(IMigrationStore inner, Func<System.Reflection.MethodInfo, object?[], object?> intercept)
            {
                var proxy = Create<IMigrationStore, InterceptedStore>();
                var self = (InterceptedStore)(object)proxy;
                (self._inner, self._intercept) = (inner, intercept);
                return proxy;
            }

            protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
            {
                if (_intercept(method!, args ?? Array.Empty<object?>()) is { } answer) return answer;
                try
                {
                    return method!.Invoke(_inner, args);
                }
                catch (System.Reflection.TargetInvocationException e) when (e.InnerException != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }
            }
        }
}
}
