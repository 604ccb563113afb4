using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Worker;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>Undo: the journal's earlier blocks put back once each, changed meetings refused, the undo a request like any.</summary>
    public sealed class UndoTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();

        public void Dispose() => _f.Dispose();

        private MigrationAdmin Admin => new MigrationAdmin(_f.Store, _f.Clock);
        private Task<MigrationRequest?> RunNext() => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(null, null, None);
        private CalendarEventSnapshot Now(string id) => new CalendarEventSnapshot(_f.Mailbox.Event(MigrationFixture.Organizer, id));

        private sealed class CalendarEventSnapshot
        {
            public CalendarEventSnapshot(MeetingMigration.Engine.Migration.CalendarEvent e) { Body = e.Body; Marker = e.Marker; }
            public string Body { get; }
            public string? Marker { get; }
        }

        private async Task<MigrationRequest> Migrated(SourceMeetingType source = SourceMeetingType.All, TargetMeetingType target = TargetMeetingType.Current)
        {
            await _f.Queue(source, target);
            var done = (await RunNext())!;
            Assert.Equal(MigrationState.Succeeded, done.State);
            return done;
        }

        private async Task<MigrationRequest> Undo(Guid? of)
        {
            var plan = await Admin.PlanUndoAsync(of == null ? UserIdentity.Parse(MigrationFixture.Organizer) : null, of, None);
            var queued = await Admin.QueueUndoAsync(plan, None);
            return (await RunNext())!.CorrelationId == queued.Request.CorrelationId ? (await _f.Store.GetAsync(queued.Request.CorrelationId, None))! : throw new Exception("another request ran");
        }

        [Fact]
        public async Task Undoing_a_request_restores_each_body_byte_for_byte_with_one_update_each_and_journals_it()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            var before = new[] { a.Body, b.Body };
            var migration = await Migrated();
            Assert.NotEqual(before[0], Now(a.Id).Body);

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(Triggers.TriggerNames.Undo, undo.Trigger);
            Assert.Equal((2, 2, 0, 2), (undo.TotalMeeting, undo.SucceededMeeting, undo.FailedMeeting, undo.InvitesUpdate));
            Assert.Equal(before, new[] { Now(a.Id).Body, Now(b.Id).Body });
            Assert.StartsWith(undo.CorrelationId.ToString("D"), Now(a.Id).Marker);
            Assert.Equal(2, _f.Mailbox.PatchesSentTo(a.Id)); // the migration's update and the undo's: one each
            var rows = new MigrationAdmin(_f.Store, _f.Clock).ReadDetails(new JournalQuery { CorrelationId = undo.CorrelationId }, None).ToArray();
            Assert.Equal(new[] { MeetingOutcome.Restored, MeetingOutcome.Restored }, rows.Select(r => r.Outcome));
            Assert.All(rows, r => Assert.StartsWith("fake-request-", r.GraphRequestId));

            // A second undo of the same request would find the earlier blocks there already: it is refused, and nobody is mailed.
            var again = await Assert.ThrowsAsync<MeetingMigrationException>(() => Undo(migration.CorrelationId));
            Assert.Equal(ErrorIds.NothingToUndo, again.ErrorId);
            Assert.Equal(2, _f.Mailbox.PatchesSentTo(a.Id));
        }

        [Fact]
        public async Task A_migrated_meeting_keeps_its_blocks_once_in_the_journal_and_its_undo_still_puts_the_old_one_back()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            // B's answer is lost: its update is confirmed by reading its marker back, and journaled Updated like A's.
            _f.Mailbox.FailAfterApply = (patch, _) => patch.EventId == b.Id ? new GraphCallException(504, "GatewayTimeout", "lost") : null;
            var before = new[] { a.Body, b.Body };
            var migration = await Migrated();
            _f.Mailbox.FailAfterApply = null;

            // On disk each meeting's two blocks are on its Attempting row only.
            using (var raw = new SqliteConnection($"Data Source={_f.File.Path};Pooling=False"))
            {
                raw.Open();
                using var command = raw.CreateCommand();
                command.CommandText = "SELECT outcome, length(old_block), length(new_block), reason FROM journal WHERE correlation_id = $c ORDER BY id";
                command.Parameters.AddWithValue("$c", migration.CorrelationId.ToString("D"));
                using var reader = command.ExecuteReader();
                var rows = new System.Collections.Generic.List<(string Outcome, long Old, long New, string Reason)>();
                while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
                Assert.Equal(2, rows.Count(r => r.Outcome == "Attempting" && r.Old > 0 && r.New > 0));
                Assert.Equal(2, rows.Count(r => r.Outcome == "Updated" && r.Old == 0 && r.New == 0));
                Assert.Contains(rows, r => r.Outcome == "Updated" && r.Reason.StartsWith("confirmed by read-back", StringComparison.Ordinal));
            }
            // Read, the Updated rows show them: the block each body had, and the one it has now.
            var updated = Admin.ReadDetails(new JournalQuery { CorrelationId = migration.CorrelationId, Outcomes = new[] { MeetingOutcome.Updated } }, None).ToArray();
            Assert.Equal(2, updated.Length);
            foreach (var row in updated)
            {
                var original = row.EventId == a.Id ? before[0] : before[1];
                Assert.NotEqual("", row.OldBlock);
                Assert.Contains(row.OldBlock, original);
                Assert.Contains(row.NewBlock, Now(row.EventId).Body);
            }

            await Undo(migration.CorrelationId);

            Assert.Equal(before, new[] { Now(a.Id).Body, Now(b.Id).Body });
        }

        [Fact]
        public async Task A_meeting_changed_since_the_migration_is_refused_with_a_reason_and_not_written()
        {
            var kept = _f.AddStaleTeamsMeeting("Kept");
            var edited = _f.AddStaleTeamsMeeting("Edited");
            var migration = await Migrated();
            // Someone edits the block after the migration (a number retyped).
            _f.Mailbox.Edit(MigrationFixture.Organizer, edited.Id, body => body.Replace("+44 20 7946 0999", "+44 20 7946 0111"));
            var editedBody = Now(edited.Id).Body;

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Failed, undo.State);
            Assert.False(undo.RetryScheduled); // a retry would be refused the same way
            // Not "run it again": the refusal comes from the change itself (outside re-probe).
            Assert.EndsWith("No retry is scheduled: a retry would refuse these meetings the same way, since their blocks (or their bodies' format) changed after the migration; they keep what they show now.", undo.LastMessage);
            Assert.Equal((2, 1, 1, 1), (undo.TotalMeeting, undo.SucceededMeeting, undo.FailedMeeting, undo.InvitesUpdate));
            Assert.Contains("'Edited'", undo.LastMessage);
            Assert.Contains($"changed since request {migration.CorrelationId:D}", undo.LastMessage);
            Assert.Equal(editedBody, Now(edited.Id).Body);
            Assert.Equal(1, _f.Mailbox.PatchesSentTo(edited.Id));
            Assert.Equal(kept.Body, Now(kept.Id).Body);
        }

        /// <summary>
        /// Outside probe AK: a meeting whose body was only made plain text (or HTML) since the migration was refused as if its
        /// block had been edited. Refused still (the block is not there as written), with the reason that is true.
        /// </summary>
        [Fact]
        public async Task A_meeting_whose_body_changed_format_since_the_migration_is_refused_naming_the_format()
        {
            var madeText = _f.AddStaleTeamsMeeting("Made text");
            var migration = await Migrated();
            _f.Mailbox.Edit(MigrationFixture.Organizer, madeText.Id, body => System.Text.RegularExpressions.Regex.Replace(body, "<[^>]+>", ""), html: false);
            var madeTextBody = Now(madeText.Id).Body;

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Failed, undo.State);
            Assert.Contains($"'Made text'", undo.LastMessage);
            Assert.Contains($"changed since request {migration.CorrelationId:D}: its body was made plain text since, so the block that request wrote is no longer in it as written", undo.LastMessage);
            Assert.EndsWith("No retry is scheduled: a retry would refuse these meetings the same way, since their blocks (or their bodies' format) changed after the migration; they keep what they show now.", undo.LastMessage);
            Assert.Equal(madeTextBody, Now(madeText.Id).Body);
        }

        /// <summary>
        /// Found by an outside probe: the migration that replaced a queued undo was then stopped before it ran, and the undo
        /// stayed Failed naming a request no status could show. It says the migration was stopped and how to run it again.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_replaced_by_a_migration_stopped_before_it_ran_says_so_and_how_to_run_it_again(bool ofTheRequest)
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            var undo = await Admin.QueueUndoAsync(await Admin.PlanUndoAsync(ofTheRequest ? null : UserIdentity.Parse(MigrationFixture.Organizer), ofTheRequest ? migration.CorrelationId : (Guid?)null, None), None);
            var replacing = await _f.Queue();

            var stopped = await Admin.CancelAsync(replacing.CorrelationId, None);

            Assert.Equal(CancelOutcome.Removed, stopped.Outcome);
            var replaced = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Failed, replaced.State);
            var again = ofTheRequest ? $"Undo-CsMeetingMigration -CorrelationId {migration.CorrelationId:D}" : $"Undo-CsMeetingMigration -Identity {MigrationFixture.Organizer}";
            Assert.EndsWith($"Request {replacing.CorrelationId:D} was then stopped (Stop-CsMeetingMigration) before it ran, and is gone: run the undo again if it is still wanted ({again}).", replaced.LastMessage);
            Assert.Equal(new[] { (undo.Request.CorrelationId, UndoStopNote.Replaced, again) }, stopped.NotedUndos); // for Stop-CsMeetingMigration to warn
            // The admin decides: nothing runs by itself, and the undo run again restores.
            Assert.Null(await RunNext());
            var ran = await Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null);
            Assert.Equal(MigrationState.Succeeded, ran.State);
            Assert.Equal(a.Body, Now(a.Id).Body);
        }

        /// <summary>
        /// An undo whose retries are used up says to run Undo-CsMeetingMigration again: it said Start-CsExMeetingMigration,
        /// which writes again what the undo was to take back (outside re-probe). Between its attempts it is Pending.
        /// </summary>
        [Fact]
        public async Task An_undo_whose_retries_are_used_up_says_to_run_the_undo_again()
        {
            _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            await _f.Store.SaveTenantMigrationConfigurationAsync(new MeetingMigration.Engine.Configuration.TenantMigrationConfiguration { UserRetryLimit = 1, RetryWindow = TimeSpan.FromHours(24) }, None);
            _f.Mailbox.FailBeforeApply = (_, _) => new GraphCallException(503, "ServiceUnavailable", "busy");

            var first = await Undo(migration.CorrelationId);
            Assert.True(first.AwaitingRetry, first.LastMessage);
            _f.Clock.Set(first.NotBefore);
            var last = (await RunNext())!;

            Assert.Equal((MigrationState.Failed, 1), (last.State, last.RetryCount));
            Assert.EndsWith("are used up. Fix the cause, then run Undo-CsMeetingMigration again.", last.LastMessage);
        }

        /// <summary>
        /// The connection down during an undo's PATCH (a refused token, Graph unreachable) fails every meeting after it too: the
        /// undo stops and is handed back without using a retry, as a migration is, and restores the rest once it is back.
        /// </summary>
        [Theory]
        [InlineData(401)]
        [InlineData(0)]
        public async Task An_undo_that_meets_the_connection_down_is_handed_back_without_using_a_retry(int status)
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            var migration = await Migrated();
            var sent = _f.Mailbox.PatchesSent.Count;
            GraphCallException Down() => status == 401
                ? new GraphCallException(401, "InvalidAuthenticationToken", "Access token has expired.")
                : new GraphCallException(0, "NoResponse", "Connection refused", inner: new System.Net.Http.HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
            _f.Mailbox.FailBeforeApply = (_, n) => n > sent + 1 ? Down() : null; // the undo's first PATCH goes through, then the connection is down

            var plan = await Admin.PlanUndoAsync(null, migration.CorrelationId, None);
            var queued = await Admin.QueueUndoAsync(plan, None);
            await Assert.ThrowsAsync<GraphCallException>(() => RunNext());

            var waiting = (await _f.Store.GetAsync(queued.Request.CorrelationId, None))!;
            Assert.Equal((MigrationState.Pending, 0, false), (waiting.State, waiting.RetryCount, waiting.RetryScheduled));
            Assert.Contains("no retry was used", waiting.LastMessage);
            Assert.Equal(1, waiting.InvitesUpdate); // the meeting restored before, from the journal

            // Undo run again for the same request: it announces what is left, not every meeting (outside re-probe).
            var again = await Admin.PlanUndoAsync(null, migration.CorrelationId, None);
            Assert.Equal((1, 1), (again.Meetings.Count, again.AlreadyPutBack));
            var remaining = again.Meetings.Single().EventId;
            var (left, restored) = remaining == a.Id ? (a, b) : (b, a);
            Assert.NotEqual(left.Body, Now(left.Id).Body); // still the migration's block
            Assert.Equal(restored.Body, Now(restored.Id).Body); // put back by the first attempt

            _f.Mailbox.FailBeforeApply = null;
            _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
            var done = (await RunNext())!;
            Assert.Equal((MigrationState.Succeeded, 2, 2, 0), (done.State, done.SucceededMeeting, done.InvitesUpdate, done.RetryCount));
            Assert.Equal((a.Body, b.Body), (Now(a.Id).Body, Now(b.Id).Body));
            Assert.Equal((2, 2), (_f.Mailbox.PatchesAppliedTo(a.Id), _f.Mailbox.PatchesAppliedTo(b.Id)));
        }

        /// <summary>
        /// Found by an outside re-probe: an undo handed back while the credentials were refused is Pending with no retry
        /// scheduled, so a new migration of the user did not replace it; the migration ran first, then the undo took back what
        /// it wrote and mailed everyone again. A new migration now replaces the user's unfinished undos, retry or not; one that
        /// has put meetings back runs first, finishes a series among them, and stops (an outside probe: ended at the enqueue,
        /// such a series was left split), so the migration still writes last.
        /// </summary>
        [Fact]
        public async Task A_new_migration_replaces_an_undo_handed_back_while_the_connection_was_down()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            var migration = await Migrated();
            var migratedBodies = (Now(a.Id).Body, Now(b.Id).Body);
            var sent = _f.Mailbox.PatchesSent.Count;
            _f.Mailbox.FailBeforeApply = (_, n) => n > sent + 1 ? new GraphCallException(401, "InvalidAuthenticationToken", "Access token has expired.") : null;
            var undo = await Admin.QueueUndoAsync(await Admin.PlanUndoAsync(null, migration.CorrelationId, None), None);
            await Assert.ThrowsAsync<GraphCallException>(() => RunNext());
            Assert.Equal(MigrationState.Pending, (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!.State);
            _f.Mailbox.FailBeforeApply = null;
            _f.Clock.Advance(TimeSpan.FromSeconds(1)); // queued after the undo

            var queued = await _f.Store.EnqueueAsync(new Engine.Store.EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);

            Assert.Empty(queued.ReplacedUndos);
            Assert.Equal(new[] { undo.Request.CorrelationId }, queued.UndosLeftToStopOrShare);
            Assert.Empty(queued.ReplacedRetries);
            // The queue runs the undo first, which finds the migration and stops, then the migration: the meeting the undo
            // restored is migrated again, once.
            _f.Clock.Advance(MigrationWorker.GraphUnreachableDelay);
            Assert.Equal(undo.Request.CorrelationId, (await RunNext())!.CorrelationId);
            var replaced = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Failed, replaced.State);
            Assert.Contains($"It was replaced by request {queued.Request.CorrelationId:D}, a migration queued after it, and stopped there", replaced.LastMessage);
            Assert.Equal(1, replaced.InvitesUpdate); // it had restored one; the other failed on the refused token
            var done = (await RunNext())!;
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (done.CorrelationId, done.State));
            Assert.Null(await RunNext());
            Assert.Equal(migratedBodies, (Now(a.Id).Body, Now(b.Id).Body));
            Assert.Equal(4, _f.Mailbox.PatchesAppliedTo(a.Id) + _f.Mailbox.PatchesAppliedTo(b.Id)); // 2 migrated, 1 restored, 1 migrated again
        }

        /// <summary>
        /// A resumed undo found replaced by a migration counts what its earlier attempt did from the journal: it no longer walks
        /// a restored series' occurrences, and the occurrence that attempt restored had gone uncounted though it was mailed.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_resumed_undo_found_replaced_counts_the_moved_occurrence_its_earlier_attempt_restored(bool ofTheRequest)
        {
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("weekly", "Weekly", now.AddDays(-14), Enumerable.Range(1, 4).Select(i => ($"weekly-{i}", now.AddDays(7 * i))));
            _f.AddStaleTeamsSeries("monthly", "Monthly", now.AddDays(-7), Enumerable.Range(1, 3).Select(i => ($"monthly-{i}", now.AddDays(30 * i))));
            var original = Now("weekly").Body;
            var monthly = Now("monthly").Body;
            var migration = await Migrated();
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", now.AddDays(14).AddHours(2));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            await QueueUndo(ofTheRequest, migration.CorrelationId);
            var dead = await _f.KillAfterPatchAsync("dead", patch: _f.Mailbox.PatchesSent.Count + 3); // weekly, its moved occurrence, then monthly (not journaled)
            Assert.Equal(MeetingOutcome.Restored, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))["weekly-2"].Outcome);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var undo = (await RunNext())!;

            Assert.Equal((MigrationState.Failed, false), (undo.State, undo.RetryScheduled));
            Assert.Contains("and stopped there", undo.LastMessage);
            Assert.Equal((3, 3), (undo.TotalMeeting, undo.InvitesUpdate)); // weekly, its moved occurrence, and monthly (confirmed)
            Assert.Equal((original, monthly), (Now("weekly-2").Body, Now("monthly").Body));
        }

        /// <summary>
        /// Found by an outside probe: run again while the first undo of the same scope ran, the undo was queued a second time,
        /// ran after the first and restored nothing ("0 meeting(s) restored", Succeeded). The running one is returned instead.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_asked_for_again_while_it_runs_is_the_running_one_not_a_second(bool ofTheRequest)
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 3).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var migration = await Migrated();
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = await QueueUndo(ofTheRequest, migration.CorrelationId);
            var sent = _f.Mailbox.PatchesSent.Count;
            EnqueueResult? again = null;
            _f.Mailbox.BeforePatch = (_, n) => { if (n == sent + 2) again = QueueUndo(ofTheRequest, migration.CorrelationId).GetAwaiter().GetResult(); };

            var ran = (await RunNext())!;
            _f.Mailbox.BeforePatch = null;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal(undo.Request.CorrelationId, again!.Request.CorrelationId);
            Assert.True(again.Merged && again.RunningElsewhere && !again.Resumed);
            Assert.Equal(meetings.Select(m => m.Body), meetings.Select(m => Now(m.Id).Body));
            Assert.Null(await RunNext()); // nothing more queued
        }

        /// <summary>
        /// Found by an outside probe: an undo of the other scope (-Identity beside a queued -CorrelationId one, and the
        /// reverse) was queued next to the first, then hidden from Undo-CsMeetingMigration (NothingToUndo "Nothing was queued"
        /// while it stayed Pending) and ran to "0 meeting(s) restored", Succeeded. Refused now, naming the unfinished one, its
        /// state and what finishes it; nothing queued. Once that one has ended, the other scope is taken as before.
        /// </summary>
        [Theory]
        [InlineData(true, "queued")]
        [InlineData(false, "queued")]
        [InlineData(true, "stopped part-way")]
        [InlineData(false, "stopped part-way")]
        public async Task An_undo_of_the_other_scope_is_refused_while_one_is_unfinished(bool firstOfTheRequest, string state)
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 3).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var migration = await Migrated();
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var first = (await QueueUndo(firstOfTheRequest, migration.CorrelationId)).Request;
            if (state == "stopped part-way") await _f.StopAfterPatchAsync("session", patch: _f.Mailbox.PatchesSent.Count + 1);
            var requests = (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count;

            var refused = await Assert.ThrowsAsync<MeetingMigrationException>(() => QueueUndo(!firstOfTheRequest, migration.CorrelationId));

            Assert.Equal(ErrorIds.UndoNotPossible, refused.ErrorId);
            Assert.StartsWith($"The undo {first.CorrelationId:D} of {(firstOfTheRequest ? $"request {migration.CorrelationId:D}" : "every migration")} " +
                              $"for ada@contoso.com is {state} and not finished; a user's undos run one at a time. Nothing was queued.", refused.Message);
            Assert.Contains(firstOfTheRequest ? $"Undo-CsMeetingMigration -CorrelationId {migration.CorrelationId:D} -Wait" : "Undo-CsMeetingMigration -Identity 'ada@contoso.com' -Wait", refused.RecommendedAction);
            Assert.Equal(requests, (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count);

            var ran = (await RunNext())!;
            Assert.Equal((first.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal(meetings.Select(m => m.Body), meetings.Select(m => Now(m.Id).Body));
            // Finished: the other scope is judged as ever (everything put back: nothing to undo).
            Assert.Equal(ErrorIds.NothingToUndo, (await Assert.ThrowsAsync<MeetingMigrationException>(() => QueueUndo(!firstOfTheRequest, migration.CorrelationId))).ErrorId);
        }

        /// <summary>
        /// Found by an outside probe: an undo whose worker was killed (its lease still held, so the migration queued meanwhile
        /// by a dial-in change could not replace it) was resumed once its lease ran out and restored every meeting, and the
        /// migration wrote them all again a second later: every attendee mailed twice. An undo a live worker ran went on to its
        /// end the same way. A running or resumed undo now stops before its next write once a migration of its user was queued
        /// after it; an interrupted restore is settled from its marker, and only what the undo put back is written again.
        /// </summary>
        [Theory]
        [InlineData(true, true)]   // its worker killed, then the migration queued
        [InlineData(false, true)]
        [InlineData(true, false)]  // the migration queued while its worker runs it
        [InlineData(false, false)]
        public async Task A_migration_queued_while_an_undo_runs_or_its_dead_worker_holds_it_stops_the_undo_before_its_next_write(bool ofTheRequest, bool killed)
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 4).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var migration = await Migrated();
            var migrated = meetings.Select(m => Now(m.Id).Body).ToList();
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = await QueueUndo(ofTheRequest, migration.CorrelationId);
            var sent = _f.Mailbox.PatchesSent.Count;
            EnqueueResult? queued = null;
            EnqueueResult Queue()
            {
                _f.Clock.Advance(TimeSpan.FromMinutes(1));
                return _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None).GetAwaiter().GetResult();
            }
            MigrationRequest? stopped;
            if (killed)
            {
                var dead = await _f.KillAfterPatchAsync("dead", patch: sent + 2); // the first restore journaled, the second applied and not
                queued = Queue();
                Assert.Empty(queued.ReplacedUndos); // its lease still held: left to its worker
                _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
                stopped = await RunNext();
            }
            else
            {
                _f.Mailbox.BeforePatch = (_, n) => { if (n == sent + 2) queued = Queue(); }; // as the undo's second restore goes out
                stopped = await RunNext();
                _f.Mailbox.BeforePatch = null;
                Assert.Empty(queued!.ReplacedUndos);
            }

            Assert.Equal(undo.Request.CorrelationId, stopped!.CorrelationId);
            Assert.Equal((MigrationState.Failed, false), (stopped.State, stopped.RetryScheduled));
            Assert.Contains($"It was replaced by request {queued!.Request.CorrelationId:D}, a migration queued after it, and stopped there", stopped.LastMessage);
            Assert.DoesNotContain("No retry is scheduled", stopped.LastMessage);
            Assert.Equal((2, 2, 0, 2), (stopped.TotalMeeting, stopped.SucceededMeeting, stopped.FailedMeeting, stopped.InvitesUpdate));
            Assert.Equal(2, meetings.Count(m => Now(m.Id).Body == m.Body));
            var journal = await _f.Store.GetJournalAsync(undo.Request.CorrelationId, None);
            Assert.DoesNotContain(journal.GroupBy(e => e.EventId), rows => rows.OrderBy(e => e.Id).Last().Outcome == MeetingOutcome.Attempting);

            var next = (await RunNext())!;

            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (next.CorrelationId, next.State));
            Assert.Equal(migrated, meetings.Select(m => Now(m.Id).Body));
            // The migration's update, then for the two the undo put back its restore and the new migration's: never more.
            Assert.Equal(new[] { 1, 1, 3, 3 }, meetings.Select(m => _f.Mailbox.PatchesAppliedTo(m.Id)).OrderBy(n => n));
            Assert.Null(await RunNext());
        }

        /// <summary>
        /// Found by an outside probe: an undo stopped part-way (Ctrl+C in Undo -Wait) said "Start-CsExMeetingMigration …
        /// resumes it"; Start resumed the undo to its end and then migrated the user again, every attendee mailed twice and the
        /// undo taken back. It names the undo run again now, and a new migration replaces the stopped undo: only the meetings
        /// the undo had already restored are written again. The enqueue does not end it (it cannot read the meetings): it is
        /// resumed before the migration, finds it before its next write, settles a restore it was stopped inside from the
        /// marker (an outside re-probe: ended by the enqueue, that restore stayed Attempting for good, its update uncounted),
        /// finishes the series it put back (UndoReplacedInsideASeriesTests), and stops.
        /// </summary>
        [Theory]
        [InlineData(true, false)]   // stopped between two meetings: its lease handed back (Ctrl+C, the service stopping)
        [InlineData(false, false)]  // its worker died there: its lease ran out
        [InlineData(true, true)]    // stopped inside its third restore
        [InlineData(false, true)]
        public async Task A_new_migration_replaces_an_undo_stopped_part_way_and_writes_again_only_what_it_restored(bool handedBack, bool insideRestore)
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 4).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var migration = await Migrated();
            var migrated = meetings.Select(m => Now(m.Id).Body).ToList();
            var undo = await Admin.QueueUndoAsync(await Admin.PlanUndoAsync(null, migration.CorrelationId, None), None);
            var sent = _f.Mailbox.PatchesSent.Count;
            var stoppedBy = insideRestore
                ? await _f.StopAfterPatchAsync("stopped", patch: sent + 3, handBack: handedBack)
                : await _f.StopBeforeReadingAsync("stopped", _ => _f.Mailbox.PatchesSent.Count >= sent + 3, handBack: handedBack); // reading the fourth
            _f.Clock.Advance(handedBack ? TimeSpan.FromSeconds(1) : stoppedBy.LeaseDuration + TimeSpan.FromSeconds(1));
            var status = (await Admin.GetStatusAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse(MigrationFixture.Organizer), State = MigrationState.InProgress }, None)).Single();
            Assert.Equal(undo.Request.CorrelationId, status.CorrelationId);
            Assert.Contains($"Undo-CsMeetingMigration -CorrelationId {migration.CorrelationId:D} -Wait, resumes it", status.LastMessage);
            Assert.DoesNotContain("Start-CsExMeetingMigration -Identity", status.LastMessage);
            Assert.Equal(3, meetings.Count(m => Now(m.Id).Body == m.Body));

            var queued = await _f.Store.EnqueueAsync(new Engine.Store.EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);

            // Not ended by the enqueue, having put meetings back: resumed first, it finishes a series among them, then stops.
            Assert.Empty(queued.ReplacedUndos);
            Assert.Equal(undo.Request.CorrelationId, (await RunNext())!.CorrelationId); // resumed before the migration
            var replaced = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            Assert.Contains($"It was replaced by request {queued.Request.CorrelationId:D}, a migration queued after it, and stopped there", replaced.LastMessage);
            var journal = await _f.Store.GetJournalAsync(undo.Request.CorrelationId, None);
            Assert.Equal(3, journal.Count(e => e.Outcome == MeetingOutcome.Restored)); // inside a restore: the third confirmed from its marker
            Assert.DoesNotContain(journal.GroupBy(e => e.EventId), rows => rows.OrderBy(e => e.Id).Last().Outcome == MeetingOutcome.Attempting);
            Assert.Equal((MigrationState.Failed, (string?)null), (replaced.State, replaced.HeldBy));
            Assert.Equal((3, 3, 0, 3), (replaced.TotalMeeting, replaced.SucceededMeeting, replaced.FailedMeeting, replaced.InvitesUpdate));
            // The queue runs the migration and nothing after it: each meeting ends migrated, and only those the undo had put
            // back get a second update from it.
            var beforeRun = _f.Mailbox.PatchesSent.Count;
            var done = (await RunNext())!;
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded), (done.CorrelationId, done.State));
            Assert.Null(await RunNext());
            Assert.Equal(migrated, meetings.Select(m => Now(m.Id).Body).ToList());
            Assert.Equal(3, _f.Mailbox.PatchesSent.Count - beforeRun);
        }

        /// <summary>
        /// Found by an outside re-probe: Graph answering 503 to an undo's read of one meeting stopped the whole attempt "on an
        /// unexpected error", and its status said the meetings it had restored were "migrated". That meeting fails, with a
        /// retry; the others are restored; the retry restores it.
        /// </summary>
        [Fact]
        public async Task A_failed_read_of_one_meeting_fails_that_meeting_of_the_undo_not_the_attempt()
        {
            _f.Mailbox.PageSize = 1;
            var meetings = Enumerable.Range(1, 3).Select(i => _f.AddStaleTeamsMeeting($"Meeting {i}", daysAhead: i)).ToList();
            var migration = await Migrated();
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = await QueueUndo(true, migration.CorrelationId);
            _f.Mailbox.GetEventFailure = (id, _) => id == meetings[1].Id ? new GraphCallException(503, "ServiceUnavailable", "busy") : null;

            var first = (await RunNext())!;
            _f.Mailbox.GetEventFailure = null;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Pending, true), (first.CorrelationId, first.State, first.RetryScheduled));
            Assert.Equal((3, 2, 1, 2), (first.TotalMeeting, first.SucceededMeeting, first.FailedMeeting, first.InvitesUpdate));
            Assert.Contains("Graph answered 503 ServiceUnavailable", first.LastMessage);
            Assert.DoesNotContain("unexpected error", first.LastMessage);
            _f.Clock.Advance(TimeSpan.FromDays(1));
            var retried = (await RunNext())!;
            Assert.Equal((MigrationState.Succeeded, 3), (retried.State, retried.InvitesUpdate));
            Assert.Equal(meetings.Select(m => m.Body), meetings.Select(m => Now(m.Id).Body));
        }

        /// <summary>
        /// Found by an outside probe: a series master's start and end are its first occurrence's, so the past-meeting rule
        /// never applied to a series, and an undo rewrote a series whose every occurrence had ended, mailing its attendees.
        /// </summary>
        [Fact]
        public async Task A_series_whose_every_occurrence_has_ended_is_left_alone_by_an_undo()
        {
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("ended", "Sprint", now.AddDays(-20), Enumerable.Range(1, 3).Select(i => ($"ended-{i}", now.AddDays(i))));
            _f.AddStaleTeamsSeries("running", "Standup", now.AddDays(-20), Enumerable.Range(1, 30).Select(i => ($"running-{i}", now.AddDays(i))));
            var migration = await Migrated();
            Assert.Equal((1, 1), (_f.Mailbox.PatchesAppliedTo("ended"), _f.Mailbox.PatchesAppliedTo("running")));
            _f.Clock.Advance(TimeSpan.FromDays(10)); // the first series is over, the second runs on

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(1, _f.Mailbox.PatchesSentTo("ended"));   // the migration's only: nobody mailed about a past series
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("running"));
            Assert.Equal(1, undo.InvitesUpdate);
            Assert.EndsWith("1 meeting(s) restored. 1 left alone, begun, over, cancelled or deleted since the migration: the undo wrote nothing to them.", undo.LastMessage);
        }

        /// <summary>
        /// Found by outside probe AE: the undo's cut-off was a meeting's end, so it rewrote meetings under way, mailing their
        /// attendees the earlier details while they joined: a meeting begun, and a series whose only occurrence left is
        /// running. Both are left alone now, as the migration leaves a meeting that has begun; the series still running is restored.
        /// </summary>
        [Fact]
        public async Task A_meeting_under_way_and_a_series_whose_last_occurrence_is_under_way_are_left_alone_by_an_undo()
        {
            var now = _f.Clock.UtcNow;
            var single = _f.AddStaleTeamsMeeting("Review", daysAhead: 3);
            _f.AddStaleTeamsSeries("ending", "Sprint", now.AddDays(-20), Enumerable.Range(1, 3).Select(i => ($"ending-{i}", now.AddDays(i))));
            _f.AddStaleTeamsSeries("running", "Standup", now.AddDays(-20), Enumerable.Range(1, 30).Select(i => ($"running-{i}", now.AddDays(i))));
            var migration = await Migrated();
            Assert.Equal((1, 1, 1), (_f.Mailbox.PatchesAppliedTo(single.Id), _f.Mailbox.PatchesAppliedTo("ending"), _f.Mailbox.PatchesAppliedTo("running")));
            _f.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(10)); // the meeting and the last "ending" occurrence are under way

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(1, _f.Mailbox.PatchesSentTo(single.Id));  // the migration's only
            Assert.Equal(1, _f.Mailbox.PatchesSentTo("ending"));
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("running"));
            Assert.Equal(1, undo.InvitesUpdate);
            Assert.EndsWith("1 meeting(s) restored. 2 left alone, begun, over, cancelled or deleted since the migration: the undo wrote nothing to them.", undo.LastMessage);
        }

        /// <summary>A series that starts more than Graph's 1,825-day window ahead is not over (an outside re-probe took it for over).</summary>
        [Fact]
        public async Task A_series_that_starts_beyond_graphs_window_is_restored()
        {
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("far", "Reunion", now.AddDays(1), Enumerable.Range(1, 3).Select(i => ($"far-{i}", now.AddDays(i))));
            var migration = await Migrated();
            _f.Mailbox.Reschedule(MigrationFixture.Organizer, "far", now.AddDays(2000));
            foreach (var i in Enumerable.Range(1, 3)) _f.Mailbox.Reschedule(MigrationFixture.Organizer, $"far-{i}", now.AddDays(2000 + 7 * i));

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("far"));
            Assert.Equal(1, undo.InvitesUpdate);
        }

        /// <summary>
        /// Found by an outside re-probe: an occurrence its organizer moved after the migration became an exception carrying the
        /// series' migrated body; the journal names only the series, so the undo left it showing the details it took back.
        /// </summary>
        [Theory]
        [InlineData(true)]   // an undo of the request
        [InlineData(false)]  // an undo of every migration of the user
        public async Task An_occurrence_moved_after_the_migration_gets_the_earlier_block_back_with_its_series(bool ofTheRequest)
        {
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("weekly", "Weekly", now.AddDays(-14), Enumerable.Range(1, 4).Select(i => ($"weekly-{i}", now.AddDays(7 * i))));
            var original = Now("weekly").Body;
            var migration = await Migrated();
            var migrated = Now("weekly").Body;
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", now.AddDays(14).AddHours(2));
            // Another moved occurrence that its organizer then gave details of its own: none of the migration's, left alone.
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-3", now.AddDays(21).AddHours(2));
            var ownBlock = MeetingBodies.TeamsBlock(MeetingBodies.StaleTeams(MeetingBodies.TeamsJoinUrl("own")));
            _f.Mailbox.Edit(MigrationFixture.Organizer, "weekly-3", body => body.Replace(_f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, "weekly-3")).Text, ownBlock));
            var ownBody = Now("weekly-3").Body;
            Assert.Equal(migrated, Now("weekly-2").Body);

            var undo = await Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(original, Now("weekly").Body);
            Assert.Equal(original, Now("weekly-2").Body);           // the series' earlier block, and nothing else changed
            Assert.StartsWith(undo.CorrelationId.ToString("D"), Now("weekly-2").Marker);
            Assert.Equal(ownBody, Now("weekly-3").Body);
            Assert.Equal((1, 0), (_f.Mailbox.PatchesAppliedTo("weekly-2"), _f.Mailbox.PatchesSentTo("weekly-3")));
            Assert.Equal((2, 2, 0, 2), (undo.TotalMeeting, undo.SucceededMeeting, undo.FailedMeeting, undo.InvitesUpdate));
            var row = (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))["weekly-2"];
            Assert.Equal((MeetingOutcome.Restored, undo.CorrelationId), (row.Outcome, row.CorrelationId));
            Assert.Equal($"an occurrence moved since request {migration.CorrelationId:D}: it carried the series' block", row.Reason);
            Assert.False((await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None)).ContainsKey("weekly-3"));
        }

        /// <summary>An exception that existed when the series was migrated was migrated on its own: restored once, as such.</summary>
        [Fact]
        public async Task An_occurrence_moved_before_the_migration_is_restored_once_from_its_own_row()
        {
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("weekly", "Weekly", now.AddDays(-14), Enumerable.Range(1, 4).Select(i => ($"weekly-{i}", now.AddDays(7 * i))));
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", now.AddDays(14).AddHours(2));
            var before = Now("weekly-2").Body;
            var migration = await Migrated();
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo("weekly-2"));

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(before, Now("weekly-2").Body);
            Assert.Equal(2, _f.Mailbox.PatchesAppliedTo("weekly-2"));  // the migration's and the undo's: one each
            Assert.Equal((2, 2), (undo.TotalMeeting, undo.InvitesUpdate));
        }

        /// <summary>A weekly series migrated, then its second occurrence moved by its organizer: the body it shows now.</summary>
        private async Task<(MigrationRequest Migration, string Original, string Migrated)> SeriesMigratedThenOneOccurrenceMoved()
        {
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("weekly", "Weekly", now.AddDays(-14), Enumerable.Range(1, 4).Select(i => ($"weekly-{i}", now.AddDays(7 * i))));
            var original = Now("weekly").Body;
            var migration = await Migrated();
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", now.AddDays(14).AddHours(2));
            return (migration, original, Now("weekly-2").Body);
        }

        private Task<EnqueueResult> QueueUndo(bool ofTheRequest, Guid migration) => UndoArrangements.QueueUndoAsync(_f, ofTheRequest, migration);

        /// <summary>Requests get no retry: a failed attempt ends Failed.</summary>
        private Task NoRetries() =>
            _f.Store.SaveTenantMigrationConfigurationAsync(new MeetingMigration.Engine.Configuration.TenantMigrationConfiguration { UserRetryLimit = 0, RetryWindow = TimeSpan.FromHours(24) }, None);

        /// <summary>An undo that ends Failed (no retries) because Graph refuses the PATCH of one occurrence: the rest is restored.</summary>
        private async Task<MigrationRequest> UndoFailingOn(string occurrence, Guid? of)
        {
            await NoRetries();
            _f.Mailbox.FailBeforeApply = (patch, _) => patch.EventId == occurrence ? new GraphCallException(500, "InternalServerError", "down") : null;
            _f.Clock.Advance(TimeSpan.FromMinutes(1)); // requests are told apart by when they were queued
            var failed = await Undo(of);
            _f.Mailbox.FailBeforeApply = null;
            Assert.Equal(MigrationState.Failed, failed.State);
            return failed;
        }

        /// <summary>
        /// An undo stopped once its series was restored, before the occurrence moved since: the resumed undo restores the
        /// occurrence (the journal does not say the restored meeting is a series: Graph is asked), and counts the series once.
        /// An outside probe found the undo of every migration (-Identity) resumed with nothing more restored: it compared the
        /// occurrence with the block it had put back, not the one the migration wrote.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_resumed_undo_restores_the_moved_occurrences_of_a_series_restored_before_it_stopped(bool ofTheRequest)
        {
            var (migration, original, migrated) = await SeriesMigratedThenOneOccurrenceMoved();
            await QueueUndo(ofTheRequest, migration.CorrelationId);
            // The process dies (no stop path runs) once the series is restored and journaled, as it asks for its occurrences.
            using (var stop = new CancellationTokenSource())
            {
                _f.Mailbox.InstancesFailure = _ => { stop.Cancel(); return new OperationCanceledException(stop.Token); };
                var dying = new MigrationWorker(_f.Store, _f.Mailbox, "dead", _f.Clock) { ReleaseLeaseWhenStopped = false };
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RunNextAsync(null, null, stop.Token));
                _f.Mailbox.InstancesFailure = null;
            }
            Assert.Equal(MeetingOutcome.Restored, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))["weekly"].Outcome);
            Assert.Equal(migrated, Now("weekly-2").Body);
            var dead = new MigrationWorker(_f.Store, _f.Mailbox, "dead", _f.Clock);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var undo = (await RunNext())!;

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(original, Now("weekly-2").Body);
            Assert.Equal((2, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2")));
            Assert.Equal((2, 2), (undo.TotalMeeting, undo.InvitesUpdate));
        }

        /// <summary>
        /// Found by an outside probe: an undo of every migration killed once a moved occurrence's restore was applied, before it
        /// was journaled, wrote the migration's block back into it when resumed and mailed its attendees again. The marker
        /// says the restore went out: it is confirmed, and nothing is sent.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_moved_occurrence_whose_restore_went_out_as_the_process_died_is_confirmed_not_written_again(bool ofTheRequest)
        {
            var (migration, original, _) = await SeriesMigratedThenOneOccurrenceMoved();
            await QueueUndo(ofTheRequest, migration.CorrelationId);
            var dead = await _f.KillAfterPatchAsync("dead", patch: _f.Mailbox.PatchesSent.Count + 2); // the series', then the occurrence's
            Assert.Equal(MeetingOutcome.Attempting, (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))["weekly-2"].Outcome);
            Assert.Equal(original, Now("weekly-2").Body);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var undo = (await RunNext())!;

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(original, Now("weekly-2").Body);
            Assert.Equal((2, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2")));
            var row = (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))["weekly-2"];
            Assert.Equal((MeetingOutcome.Restored, "confirmed when the undo resumed: the meeting carries its marker"), (row.Outcome, row.Reason));
            Assert.Equal((2, 2), (undo.TotalMeeting, undo.InvitesUpdate));
        }

        /// <summary>
        /// The series is restored; Graph failing to list its occurrences fails the undo with a retry that looks again. An
        /// outside probe found the retry of an undo of every migration (-Identity) ended Succeeded without looking.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Graph_failing_to_list_a_restored_series_occurrences_is_retried_and_the_retry_restores_them(bool ofTheRequest)
        {
            var (migration, original, _) = await SeriesMigratedThenOneOccurrenceMoved();
            _f.Mailbox.InstancesFailure = _ => new GraphCallException(500, "InternalServerError", "down");

            var failed = await Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null);

            Assert.True(failed.State == MigrationState.Pending && failed.RetryScheduled, failed.LastMessage);
            Assert.Contains("restored, but looking for its occurrences moved since the migration failed: Graph answered 500 InternalServerError", failed.LastMessage);
            // The series once, as not done (an outside probe saw it counted twice: restored, and not restored); its update was sent.
            Assert.Equal((1, 0, 1, 1), (failed.TotalMeeting, failed.SucceededMeeting, failed.FailedMeeting, failed.InvitesUpdate));
            _f.Mailbox.InstancesFailure = null;
            _f.Clock.Advance(TimeSpan.FromHours(2));
            var retried = (await RunNext())!;
            Assert.Equal(MigrationState.Succeeded, retried.State);
            Assert.Equal(original, Now("weekly-2").Body);
            Assert.Equal((2, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2")));
        }

        /// <summary>
        /// Found by an outside probe: run again while it waited for its retry (as its own error advises), or after its retries
        /// were used up, an undo whose series was restored and whose moved occurrences were not was refused as NothingToUndo.
        /// The undo run again restores them, and mails nobody about the series again.
        /// </summary>
        [Theory]
        [InlineData(true, false)]
        [InlineData(false, false)]
        [InlineData(true, true)]
        [InlineData(false, true)]
        public async Task An_undo_run_again_restores_the_moved_occurrences_its_earlier_run_could_not(bool ofTheRequest, bool retriesUsedUp)
        {
            var (migration, original, _) = await SeriesMigratedThenOneOccurrenceMoved();
            if (retriesUsedUp) await NoRetries();
            _f.Mailbox.InstancesFailure = _ => new GraphCallException(500, "InternalServerError", "down");
            _f.Clock.Advance(TimeSpan.FromMinutes(1)); // requests are told apart by when they were queued
            var failed = await Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null);
            Assert.Equal(retriesUsedUp ? MigrationState.Failed : MigrationState.Pending, failed.State);
            _f.Mailbox.InstancesFailure = null;
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var again = await Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null);

            // Waiting for its retry, the same undo runs now (its retry brought forward) and counts what its attempts restored;
            // with its retries used up, a new one runs.
            Assert.Equal(!retriesUsedUp, failed.CorrelationId == again.CorrelationId);
            Assert.True(again.State == MigrationState.Succeeded, again.LastMessage);
            Assert.Equal(original, Now("weekly-2").Body);
            Assert.Equal((2, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2")));
            Assert.Equal(retriesUsedUp ? 1 : 2, again.InvitesUpdate);
            Assert.Equal(retriesUsedUp ? MigrationState.Failed : MigrationState.Succeeded, (await _f.Store.GetAsync(failed.CorrelationId, None))!.State);
            // Done now: a third is refused, and nobody is mailed.
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(ErrorIds.NothingToUndo, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null))).ErrorId);
        }

        /// <summary>
        /// Found by an outside probe: an undo run again after a Failed one restored again what the first had restored and the
        /// organizer had then set back to the migration's block by hand (a moved occurrence, or the series itself), and mailed
        /// its attendees again. What an undo put back is not written again; the occurrence it could not restore is.
        /// </summary>
        [Theory]
        [InlineData(true, "weekly-2")]
        [InlineData(false, "weekly-2")]
        [InlineData(true, "weekly")]
        [InlineData(false, "weekly")]
        public async Task An_undo_run_again_leaves_alone_what_the_failed_one_restored_and_the_organizer_set_back(bool ofTheRequest, string setBack)
        {
            var (migration, original, migrated) = await SeriesMigratedThenOneOccurrenceMoved();
            var migratedSeries = _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body;
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-3", _f.Clock.UtcNow.AddDays(21).AddHours(2));
            await UndoFailingOn("weekly-3", ofTheRequest ? migration.CorrelationId : (Guid?)null);
            Assert.Equal((original, original), (Now("weekly").Body, Now("weekly-2").Body));
            _f.Mailbox.Edit(MigrationFixture.Organizer, setBack, _ => setBack == "weekly" ? migratedSeries : migrated); // the organizer's choice
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var again = await Undo(ofTheRequest ? migration.CorrelationId : (Guid?)null);

            Assert.True(again.State == MigrationState.Succeeded, again.LastMessage);
            Assert.Equal(original, Now("weekly-3").Body);
            Assert.Equal(setBack == "weekly" ? migratedSeries : migrated, Now(setBack).Body);
            Assert.Equal((2, 1, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2"), _f.Mailbox.PatchesAppliedTo("weekly-3")));
            Assert.Equal((1, 1), (again.TotalMeeting, again.InvitesUpdate));
        }

        /// <summary>
        /// Found by an outside re-probe: an occurrence moved between two migrations (the second migrated it on its own) kept the
        /// first's block once both were undone, later one first, and no undo could reach it: the later one's undo had put the
        /// first's block back, and the occurrence was taken for another request's.
        /// </summary>
        [Fact]
        public async Task An_occurrence_moved_between_two_migrations_gets_its_first_block_back_when_both_are_undone()
        {
            var (first, original, migrated) = await SeriesMigratedThenOneOccurrenceMoved();
            var second = await MigratedTo(_f.Mailbox.Event(MigrationFixture.Organizer, "weekly"), "555444333");
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo("weekly-2")); // the second migration's, on its own
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            await Undo(second.CorrelationId);
            Assert.Equal(migrated, Now("weekly-2").Body);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var undo = await Undo(first.CorrelationId);

            Assert.True(undo.State == MigrationState.Succeeded, undo.LastMessage);
            Assert.Equal((original, original), (Now("weekly").Body, Now("weekly-2").Body));
            Assert.Equal((2, 2), (undo.TotalMeeting, undo.InvitesUpdate));
            Assert.Equal(3, _f.Mailbox.PatchesAppliedTo("weekly-2"));
        }

        /// <summary>
        /// Found by an outside re-probe: after an undo that Failed on a moved occurrence, a later migration and its undo, the
        /// first migration's undo run again was refused as NothingToUndo (the journal shows its series put back), and the
        /// occurrence kept that migration's block for good. It is queued while that Failed undo is the last of its scope.
        /// </summary>
        [Theory]
        [InlineData(true, false)]
        [InlineData(false, false)] // the Failed undo was -Identity's: the first migration's undo finishes it (a re-probe found it refused)
        [InlineData(false, true)]  // and an -Identity run in between, which reaches nothing (each meeting's latest migration is undone), does not block it
        [InlineData(true, true)]
        public async Task A_failed_undo_can_be_finished_after_a_later_migration_was_undone(bool failedOfTheRequest, bool identityInBetween)
        {
            var (first, original, migrated) = await SeriesMigratedThenOneOccurrenceMoved();
            await UndoFailingOn("weekly-2", failedOfTheRequest ? first.CorrelationId : (Guid?)null);
            // Of the Teams meetings, to Teams: one that keeps each meeting's kind would have an undo queued ahead of it that
            // finishes the Failed undo's series first (FinishingUndoTests).
            var second = await MigratedTo(_f.Mailbox.Event(MigrationFixture.Organizer, "weekly"), "555444333", SourceMeetingType.Teams, TargetMeetingType.Teams);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(MigrationState.Succeeded, (await Undo(second.CorrelationId)).State);
            Assert.Equal((original, migrated), (Now("weekly").Body, Now("weekly-2").Body));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            if (identityInBetween)
            {
                Assert.Equal(0, (await Undo(null)).InvitesUpdate);
                _f.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            var again = await Undo(first.CorrelationId);

            Assert.True(again.State == MigrationState.Succeeded, again.LastMessage);
            Assert.Equal((original, original), (Now("weekly").Body, Now("weekly-2").Body));
            Assert.Equal(1, again.InvitesUpdate);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(ErrorIds.NothingToUndo, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Undo(first.CorrelationId))).ErrorId);
        }

        /// <summary>
        /// Found by an outside re-probe: a Failed undo could be finished only in its own scope; the other (-Identity after a
        /// Failed -CorrelationId, and the reverse) said there was nothing to undo while the moved occurrence kept the removed
        /// details.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_failed_undo_can_be_finished_from_the_other_scope(bool failedOfTheRequest)
        {
            var (first, original, _) = await SeriesMigratedThenOneOccurrenceMoved();
            await UndoFailingOn("weekly-2", failedOfTheRequest ? first.CorrelationId : (Guid?)null);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var again = await Undo(failedOfTheRequest ? (Guid?)null : first.CorrelationId);

            Assert.True(again.State == MigrationState.Succeeded, again.LastMessage);
            Assert.Equal((original, original), (Now("weekly").Body, Now("weekly-2").Body));
            Assert.Equal((2, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2")));
            Assert.Equal(1, again.InvitesUpdate);
        }

        [Fact]
        public async Task A_meeting_deleted_while_being_restored_is_left_alone_with_a_final_row_not_failed()
        {
            // Found by an outside probe (in the migration; the undo has the same two paths): Graph's 404 failed the meeting
            // and scheduled a retry, and a 412 read back as gone left the Attempting row for good.
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            var migration = await Migrated();
            _f.Mailbox.BeforePatch = (patch, _) => { if (patch.EventId == a.Id) _f.Mailbox.Delete(MigrationFixture.Organizer, a.Id); };

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal((0, 1), (undo.FailedMeeting, undo.SucceededMeeting));
            Assert.Equal(b.Body, Now(b.Id).Body);
            var row = (await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None))[a.Id];
            Assert.Equal((MeetingOutcome.Skipped, undo.CorrelationId), (row.Outcome, row.CorrelationId));
            Assert.StartsWith("deleted or cancelled while being restored", row.Reason);
        }

        [Fact]
        public async Task A_new_migration_leaves_an_undo_a_worker_is_running_to_that_worker()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            var migration = await Migrated();
            var undo = await Admin.QueueUndoAsync(await Admin.PlanUndoAsync(null, migration.CorrelationId, None), None);
            await _f.KillAfterPatchAsync("busy", patch: _f.Mailbox.PatchesSent.Count + 1); // its lease still runs: as if running

            var queued = await _f.Store.EnqueueAsync(new Engine.Store.EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None);

            Assert.Empty(queued.ReplacedUndos);
            var running = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            Assert.Equal((MigrationState.InProgress, "busy"), (running.State, running.HeldBy));
        }

        [Fact]
        public async Task A_lost_answer_is_settled_by_reading_the_marker_back_never_by_sending_again()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            var sent = _f.Mailbox.PatchesSent.Count;
            _f.Mailbox.FailAfterApply = (_, n) => n == sent + 1 ? new GraphCallException(504, "GatewayTimeout", "lost") : null;

            var undo = await Undo(migration.CorrelationId);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(a.Body, Now(a.Id).Body);
            Assert.Equal(2, _f.Mailbox.PatchesSentTo(a.Id));
        }

        [Fact]
        public async Task A_resumed_undo_takes_a_lost_answer_as_applied_only_when_the_body_shows_the_block_put_back()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            var migrated = Now(a.Id).Body;
            var plan = await Admin.PlanUndoAsync(null, migration.CorrelationId, None);
            await Admin.QueueUndoAsync(plan, None);
            // The undo's PATCH is applied and its worker dies; then the migrated body is put back by hand, the undo's
            // marker staying on the event, and the resumed undo's PATCH is lost before it is applied.
            var dead = await _f.KillAfterPatchAsync("dead", patch: 2);
            _f.Mailbox.Edit(MigrationFixture.Organizer, a.Id, _ => migrated);
            _f.Mailbox.FailBeforeApply = (_, n) => n == 3 ? new GraphCallException(504, "GatewayTimeout", "lost") : null;
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var undo = (await RunNext())!;

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(a.Body, Now(a.Id).Body);                 // put back, not journaled as put back while it was not
            Assert.Equal(3, _f.Mailbox.PatchesAppliedTo(a.Id));    // the migration, the dead undo's, the resent one
        }

        [Fact]
        public async Task An_earlier_request_whose_block_an_undo_of_a_later_one_put_back_can_still_be_undone()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var first = await Migrated();                          // C1 -> C2
            var afterFirst = Now(a.Id).Body;
            var second = await MigratedTo(a, "111222333");         // C2 -> C3
            Assert.NotEqual(afterFirst, Now(a.Id).Body);
            await Undo(second.CorrelationId);                      // C3 -> C2: the first request's block again
            Assert.Equal(afterFirst, Now(a.Id).Body);

            var undo = await Undo(first.CorrelationId);            // C2 -> C1

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(a.Body, Now(a.Id).Body);
            // Undone now: a second undo of it would restore nothing, and is refused; so is one of the later request, which
            // its own undo took back (it was queued and ended Failed, "changed since").
            var nothing = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, first.CorrelationId, None));
            Assert.Equal(ErrorIds.NothingToUndo, nothing.ErrorId);
            var later = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, second.CorrelationId, None));
            Assert.Equal(ErrorIds.NothingToUndo, later.ErrorId);
        }

        [Fact]
        public async Task An_undo_of_a_request_refuses_a_meeting_a_later_request_migrated_since_and_names_it()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var first = await Migrated();                          // C1 -> C2
            var second = await MigratedTo(a, "111222333");         // C2 -> C3
            var now = Now(a.Id).Body;
            var sent = _f.Mailbox.PatchesSent.Count;

            var undo = await Undo(first.CorrelationId);

            Assert.Equal(MigrationState.Failed, undo.State);
            Assert.False(undo.RetryScheduled);
            Assert.Contains($"by request {second.CorrelationId:D}: undo that request instead", undo.LastMessage);
            Assert.Equal(now, Now(a.Id).Body);                     // the later request's block stays, and nobody is mailed
            Assert.Equal(sent, _f.Mailbox.PatchesSent.Count);
        }

        /// <summary>
        /// Found by an outside probe: after three migrations and an undo of every migration (which put the second's block
        /// back), the undo of the first refused the meeting as only "changed since", as if someone had edited it. The reason
        /// names the later request that migrated it again, and what to do.
        /// </summary>
        [Fact]
        public async Task An_undo_of_a_request_whose_meeting_later_requests_rewrote_and_an_undo_set_back_names_the_later_request()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var first = await Migrated();                          // C1 -> C2
            var second = await MigratedTo(a, "111222333");         // C2 -> C3
            var third = await MigratedTo(a, "444555666");          // C3 -> C4
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            await Undo(null);                                      // C4 -> C3: the second request's block
            var now = Now(a.Id).Body;
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var undo = await Undo(first.CorrelationId);

            Assert.Equal((MigrationState.Failed, false), (undo.State, undo.RetryScheduled));
            Assert.Contains($"changed since request {first.CorrelationId:D}: migrated again since by request {third.CorrelationId:D}", undo.LastMessage);
            Assert.Contains("undo the later requests first", undo.LastMessage);
            Assert.Equal(now, Now(a.Id).Body);
            Assert.NotEqual(second.CorrelationId, third.CorrelationId);
        }

        [Fact]
        public async Task A_request_an_undo_took_back_is_not_undone_again_after_a_later_request_wrote_the_same_block()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var first = await Migrated();
            await Undo(first.CorrelationId);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var again = await Migrated();                          // writes the same block as the first request did
            var queued = (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count;

            // An outside probe: this undo ran, put the earlier (outdated) details back and mailed every attendee.
            var nothing = await Assert.ThrowsAsync<MeetingMigrationException>(() => Undo(first.CorrelationId));

            Assert.Equal(ErrorIds.NothingToUndo, nothing.ErrorId);
            Assert.Equal(queued, (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count);
            // The later request is what can be undone.
            var undoAgain = await Undo(again.CorrelationId);
            Assert.Equal(MigrationState.Succeeded, undoAgain.State);
            Assert.Equal(a.Body, Now(a.Id).Body);
        }

        [Fact]
        public async Task An_undo_of_every_migration_is_refused_once_an_undo_found_every_earlier_block_in_place()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var b = _f.AddStaleTeamsMeeting("B");
            var migration = await Migrated();
            // Both bodies are put back by hand: the undo finds the earlier blocks there and sends nothing.
            _f.Mailbox.Edit(MigrationFixture.Organizer, a.Id, _ => a.Body);
            _f.Mailbox.Edit(MigrationFixture.Organizer, b.Id, _ => b.Body);
            var undo = await Undo(migration.CorrelationId);
            Assert.Equal((2, 2, 0), (undo.TotalMeeting, undo.SucceededMeeting, undo.InvitesUpdate));
            var queued = (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count;

            // An outside probe: -Identity queued an undo that changed nothing, each time it was run.
            var nothing = await Assert.ThrowsAsync<MeetingMigrationException>(() => Undo(null));

            Assert.Equal(ErrorIds.NothingToUndo, nothing.ErrorId);
            Assert.Equal(queued, (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count);
        }

        [Fact]
        public async Task A_user_undo_resumed_after_a_stop_counts_the_meetings_an_earlier_attempt_found_in_place()
        {
            _f.Mailbox.PageSize = 1;
            var meetings = new[] { _f.AddStaleTeamsMeeting("A", daysAhead: 1), _f.AddStaleTeamsMeeting("B", daysAhead: 2), _f.AddStaleTeamsMeeting("C", daysAhead: 3) };
            await Migrated();
            _f.Mailbox.Edit(MigrationFixture.Organizer, meetings[0].Id, _ => meetings[0].Body); // A shows its earlier block again
            var plan = await Admin.PlanUndoAsync(UserIdentity.Parse(MigrationFixture.Organizer), null, None);
            await Admin.QueueUndoAsync(plan, None);
            // The undo finds A in place, restores the next meeting and dies before journaling it.
            var dead = await _f.KillAfterPatchAsync("dead", patch: _f.Mailbox.PatchesSent.Count + 1);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var undo = (await RunNext())!;

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal((3, 3, 2), (undo.TotalMeeting, undo.SucceededMeeting, undo.InvitesUpdate));
            Assert.All(meetings, m => Assert.Equal(m.Body, Now(m.Id).Body));
        }

        /// <summary>Migrates the meeting again after Graph's conference ID for it changed.</summary>
        private async Task<MigrationRequest> MigratedTo(MeetingMigration.Engine.Migration.CalendarEvent meeting, string conferenceId, SourceMeetingType source = SourceMeetingType.All,
            TargetMeetingType target = TargetMeetingType.Current)
        {
            var joinUrl = _f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, meeting.Id)).Parsed.JoinUrl!;
            var changed = MeetingBodies.FreshTeams(joinUrl);
            changed.ConferenceId = conferenceId;
            _f.Mailbox.AddTeamsMeeting(changed);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            return await Migrated(source, target);
        }

        [Fact]
        public async Task Undoing_a_user_takes_back_each_meetings_latest_migration_and_skips_what_an_undo_already_restored()
        {
            var a = _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            await Undo(migration.CorrelationId);
            var b = _f.AddStaleTeamsMeeting("B");
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            await Migrated(); // A is migrated again, B for the first time

            var undo = await Undo(null);

            Assert.Equal(MigrationState.Succeeded, undo.State);
            Assert.Equal(2, undo.InvitesUpdate);
            Assert.Equal(a.Body, Now(a.Id).Body);
            Assert.Equal(b.Body, Now(b.Id).Body);
            // Every latest write is an undo's now: a third undo would restore nothing, so it is refused and nothing is queued.
            var before = (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count;
            var nothing = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(UserIdentity.Parse(MigrationFixture.Organizer), null, None));
            Assert.Equal(ErrorIds.NothingToUndo, nothing.ErrorId);
            Assert.Contains("nothing to undo. Nothing was queued.", nothing.Message);
            Assert.Equal(before, (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count);
        }

        /// <summary>
        /// Found by an outside probe (the service killed during undos by user): a resumed undo of every migration reported
        /// only its last attempt's meetings (1 of 7 restored), since those restored before the stop end in its own Restored
        /// row and no longer count as a migration to take back. An undo of one request counted them all.
        /// </summary>
        [Fact]
        public async Task A_user_undo_stopped_part_way_counts_on_resume_the_meetings_it_restored_before_the_stop()
        {
            var meetings = new[] { _f.AddStaleTeamsMeeting("A"), _f.AddStaleTeamsMeeting("B"), _f.AddStaleTeamsMeeting("C") };
            var before = meetings.Select(m => m.Body).ToArray();
            await Migrated();
            var sent = _f.Mailbox.PatchesSent.Count;
            var plan = await Admin.PlanUndoAsync(UserIdentity.Parse(MigrationFixture.Organizer), null, None);
            var queued = await Admin.QueueUndoAsync(plan, None);
            // The service stops while the undo's second PATCH is answered: the first meeting is restored and journaled.
            await _f.StopAfterPatchAsync("w", patch: sent + 2);

            var resumed = (await RunNext())!;

            Assert.Equal(queued.Request.CorrelationId, resumed.CorrelationId);
            Assert.Equal(MigrationState.Succeeded, resumed.State);
            Assert.Equal((3, 3, 0, 3), (resumed.TotalMeeting, resumed.SucceededMeeting, resumed.FailedMeeting, resumed.InvitesUpdate));
            Assert.Equal("Undo of every migration: 3 meeting(s) restored.", resumed.LastMessage);
            Assert.Equal(before, meetings.Select(m => Now(m.Id).Body));
            Assert.All(meetings, m => Assert.Equal(2, _f.Mailbox.PatchesSentTo(m.Id))); // the migration's and the undo's, once each
        }

        [Fact]
        public async Task An_undo_of_a_request_whose_meetings_were_all_restored_already_is_refused()
        {
            _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            await Undo(migration.CorrelationId);
            var before = (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count;

            var refused = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, migration.CorrelationId, None));

            Assert.Equal(ErrorIds.NothingToUndo, refused.ErrorId);
            Assert.Contains("has been put back by an undo already", refused.Message);
            Assert.Equal(before, (await _f.Store.QueryAsync(new MigrationStatusQuery(), None)).Count);
        }

        [Fact]
        public async Task An_undo_of_a_request_that_updated_no_meeting_is_refused_and_queues_nothing()
        {
            var nothingToChange = await Migrated(); // the calendar has no meeting to migrate
            Assert.Equal(0, nothingToChange.InvitesUpdate);

            var refused = await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, nothingToChange.CorrelationId, None));

            Assert.Equal(ErrorIds.NothingToUndo, refused.ErrorId);
            Assert.Contains($"{nothingToChange.CorrelationId:D} of {MigrationFixture.Organizer} (Succeeded) updated no meeting", refused.Message);
            Assert.Equal(ErrorIds.NothingToUndo, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(UserIdentity.Parse(MigrationFixture.Organizer), null, None))).ErrorId);
            Assert.Single(await _f.Store.QueryAsync(new MigrationStatusQuery(), None));
        }

        [Fact]
        public async Task An_undo_is_refused_for_an_unknown_unfinished_or_undo_request_and_never_merges_with_a_migration()
        {
            _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            var plan = await Admin.PlanUndoAsync(null, migration.CorrelationId, None);
            var undo = (await Admin.QueueUndoAsync(plan, None)).Request;
            var pendingMigration = await _f.Queue();

            Assert.NotEqual(undo.CorrelationId, pendingMigration.CorrelationId);
            Assert.Equal(ErrorIds.RequestNotFound, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, Guid.NewGuid(), None))).ErrorId);
            Assert.Equal(ErrorIds.UndoNotPossible, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, pendingMigration.CorrelationId, None))).ErrorId);
            Assert.Equal(ErrorIds.UndoNotPossible, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(null, undo.CorrelationId, None))).ErrorId);
            Assert.Equal(ErrorIds.RequestNotFound, (await Assert.ThrowsAsync<MeetingMigrationException>(() => Admin.PlanUndoAsync(UserIdentity.Parse("bob@contoso.com"), null, None))).ErrorId);
        }

        /// <summary>
        /// A migration of the user still to run would write its blocks again after the undo. Found by an outside probe:
        /// Undo -Identity with a Pending migration restored nothing, reported Succeeded, and the migration ran afterwards.
        /// </summary>
        [Fact]
        public async Task An_undo_is_refused_while_a_migration_of_the_user_is_Pending_or_has_a_retry_to_come()
        {
            _f.AddStaleTeamsMeeting("A");
            var migration = await Migrated();
            var organizer = UserIdentity.Parse(MigrationFixture.Organizer);

            var pending = await _f.Queue();
            foreach (var attempt in new Func<Task>[] { () => Admin.PlanUndoAsync(organizer, null, None), () => Admin.PlanUndoAsync(null, migration.CorrelationId, None) })
            {
                var refused = await Assert.ThrowsAsync<MeetingMigrationException>(attempt);
                Assert.Equal(ErrorIds.UndoNotPossible, refused.ErrorId);
                Assert.Contains($"{pending.CorrelationId:D} of {MigrationFixture.Organizer} is Pending", refused.Message);
            }

            // The same request failing with a retry scheduled: refused until the retry is cancelled.
            _f.Mailbox.CoordinatesFailure = _ => new GraphCallException(503, "ServiceUnavailable", "busy");
            _f.AddStaleTeamsMeeting("B");
            var failed = (await RunNext())!;
            Assert.True(failed.State == MigrationState.Pending && failed.RetryScheduled, failed.LastMessage);
            // Also when the request waiting for its retry is the one named: it changed meetings, so not "nothing of it needs undoing".
            foreach (var attempt in new Func<Task>[] { () => Admin.PlanUndoAsync(organizer, null, None), () => Admin.PlanUndoAsync(null, failed.CorrelationId, None) })
            {
                var retry = await Assert.ThrowsAsync<MeetingMigrationException>(attempt);
                Assert.Equal(ErrorIds.UndoNotPossible, retry.ErrorId);
                Assert.Contains($"{failed.CorrelationId:D} of {MigrationFixture.Organizer} failed and is due to be retried at", retry.Message);
                Assert.Contains($"Stop-CsMeetingMigration -CorrelationId {failed.CorrelationId:D}", retry.RecommendedAction);
            }

            await Admin.CancelAsync(failed.CorrelationId, None);
            Assert.NotNull(await Admin.PlanUndoAsync(organizer, null, None));
        }
    }
}
