using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Migration;
using MeetingMigration.Engine.Undo;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Undo
{
    /// <summary>
    /// An undo and a migration of one kind queued after it (Start -SourceMeetingType Teams or SfB, the MovedToTeams trigger).
    /// An outside re-probe found such a migration stopping (or, at its enqueue, ending) the whole undo: the other kind's
    /// meetings the undo had put back, or had yet to, kept what they showed for good, and every status read as finished.
    /// The migration now takes from the undo only the meetings it writes.
    /// </summary>
    public sealed class UndoAndMigrationOfOneKindTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly MigrationFixture _f = new MigrationFixture();
        private readonly List<CalendarEvent> _meetings = new List<CalendarEvent>();

        public void Dispose() => _f.Dispose();

        private MigrationAdmin Admin => new MigrationAdmin(_f.Store, _f.Clock);
        private Task<MigrationRequest?> RunNext(Guid? only = null) => new MigrationWorker(_f.Store, _f.Mailbox, "w", _f.Clock).RunNextAsync(only, null, None);
        private string Body(int meeting) => _f.Mailbox.Event(MigrationFixture.Organizer, _meetings[meeting].Id).Body;
        private int[] Updates() => _meetings.Select(m => _f.Mailbox.PatchesAppliedTo(m.Id)).ToArray();

        /// <summary>
        /// Teams 1, Skype 1, Teams 2, Skype 2, a day apart (the undo restores them in that order), migrated by a migration of
        /// every kind: the Skype meetings get the organizer's new dial-in details, the Teams ones Graph's.
        /// </summary>
        private async Task<MigrationRequest> MigratedMeetingsOfBothKinds()
        {
            await UndoArrangements.OrganizerSkypeDetailsAsync(_f);
            _f.Mailbox.PageSize = 1;
            _meetings.Add(_f.AddStaleTeamsMeeting("Teams 1", daysAhead: 1));
            _meetings.Add(AddSkypeMeeting("Skype 1", daysAhead: 2));
            _meetings.Add(_f.AddStaleTeamsMeeting("Teams 2", daysAhead: 3));
            _meetings.Add(AddSkypeMeeting("Skype 2", daysAhead: 4));
            await _f.Queue();
            var migration = (await RunNext())!;
            Assert.Equal((MigrationState.Succeeded, 4), (migration.State, migration.InvitesUpdate));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            return migration;
        }

        private CalendarEvent AddSkypeMeeting(string subject, int daysAhead)
        {
            var id = "skype-" + daysAhead;
            var block = BlockRenderer.Render(MeetingKind.SkypeForBusiness, new ConferencingCoordinates { JoinUrl = $"https://meet.contoso.com/ada/{id}" }, BodyFormat.Html);
            var item = MeetingBodies.TeamsMeeting(id, subject, _f.Clock.UtcNow.AddDays(daysAhead), block);
            item.OnlineMeetingProvider = "skypeForBusiness";
            item.OnlineMeetingUrl = $"https://meet.contoso.com/ada/{id}";
            return _f.Mailbox.Add(MigrationFixture.Organizer, item);
        }

        /// <summary>
        /// Skype 1 and Skype 2, a day apart, converted to Teams meetings by a Skype-to-Teams migration (the fake mailbox creates
        /// their Teams meetings as created1 and created2).
        /// </summary>
        private async Task<MigrationRequest> ConvertedSkypeMeetings()
        {
            _f.Mailbox.PageSize = 1;
            _meetings.Add(AddSkypeMeeting("Skype 1", daysAhead: 1));
            _meetings.Add(AddSkypeMeeting("Skype 2", daysAhead: 2));
            await _f.Queue(SourceMeetingType.SfB, TargetMeetingType.Teams);
            var conversion = (await RunNext())!;
            Assert.Equal((MigrationState.Succeeded, 2), (conversion.State, conversion.InvitesUpdate));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            return conversion;
        }

        private void TeamsDialInChanges(params string[] joinUrls) => UndoArrangements.NewTeamsDialIn(_f, joinUrls);

        private Task<EnqueueResult> QueueUndo(bool ofTheRequest, Guid migration) => UndoArrangements.QueueUndoAsync(_f, ofTheRequest, migration);

        private EnqueueResult QueueTeamsOnly()
        {
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            return _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.Teams, TargetMeetingType.Current), None).GetAwaiter().GetResult();
        }

        /// <summary>
        /// The undo queued; then Graph's dial-in details of the converted meetings' Teams meetings change (their join links'
        /// ids, "created1"...), so a Teams migration writes them again, and a Teams-only migration is queued after the undo.
        /// </summary>
        private async Task<(EnqueueResult Undo, EnqueueResult TeamsOnly)> UndoThenTeamsOnlyWithNewDetails(bool ofTheRequest, Guid conversion, params string[] teamsMeetings)
        {
            var undo = await QueueUndo(ofTheRequest, conversion);
            TeamsDialInChanges(teamsMeetings.Select(MeetingBodies.TeamsJoinUrl).ToArray());
            return (undo, QueueTeamsOnly());
        }

        /// <summary>Runs a request ahead of the queue (its -Wait session) to its end: Succeeded, having sent <paramref name="updates"/> updates.</summary>
        private async Task RunFirst(EnqueueResult queued, int updates)
        {
            var ran = (await RunNext(queued.Request.CorrelationId))!;
            Assert.Equal((queued.Request.CorrelationId, MigrationState.Succeeded, updates), (ran.CorrelationId, ran.State, (await _f.Store.GetAsync(ran.CorrelationId, None))!.InvitesUpdate));
        }

        /// <summary>
        /// Queued as the undo's first restore goes out: while its worker runs it, or after that worker was killed
        /// with the restore applied and not journaled (its lease still held, or run out, when the migration is queued).
        /// Either way the undo restores the Skype meetings and leaves to the migration the Teams meetings it has not put back;
        /// one put back before the migration was queued is the migration's to write again, as after any finished undo.
        /// </summary>
        [Theory]
        [InlineData(true, "running")]
        [InlineData(false, "running")]
        [InlineData(true, "killed, lease held")]
        [InlineData(false, "killed, lease held")]
        [InlineData(true, "killed, lease run out")]
        [InlineData(false, "killed, lease run out")]
        public async Task A_migration_of_one_kind_queued_while_an_undo_runs_takes_only_the_meetings_it_writes(bool ofTheRequest, string undoWas)
        {
            var migration = await MigratedMeetingsOfBothKinds();
            var originals = _meetings.Select(m => m.Body).ToList();
            var migrated = Enumerable.Range(0, 4).Select(Body).ToList();
            var undo = await QueueUndo(ofTheRequest, migration.CorrelationId);
            var sent = _f.Mailbox.PatchesSent.Count;
            EnqueueResult? teamsOnly = null;
            if (undoWas == "running")
            {
                _f.Mailbox.BeforePatch = (_, n) => { if (n == sent + 1) teamsOnly = QueueTeamsOnly(); };
                Assert.Equal(undo.Request.CorrelationId, (await RunNext())!.CorrelationId);
                _f.Mailbox.BeforePatch = null;
            }
            else
            {
                var dead = await _f.KillAfterPatchAsync("dead", patch: sent + 1);
                if (undoWas.EndsWith("run out")) _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
                teamsOnly = QueueTeamsOnly();
                _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
                Assert.Equal(undo.Request.CorrelationId, (await RunNext())!.CorrelationId); // resumed before the migration
            }

            Assert.Empty(teamsOnly!.ReplacedUndos);
            // The undo restores in the order its journal gives, which the migration's parallel writes decide: the restore that
            // went out as the migration was queued is read from the mailbox. At least one Teams meeting is left after it.
            var before = _f.Mailbox.PatchesSent.Skip(sent).Take(1).Select(p => p.EventId).ToHashSet();
            var teams = new[] { 0, 2 };
            bool RestoredFirst(int i) => before.Contains(_meetings[i].Id);
            var ended = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            var restored = Enumerable.Range(0, 4).Count(i => !teams.Contains(i) || RestoredFirst(i));
            Assert.Equal((MigrationState.Succeeded, restored, restored, 0, restored), (ended.State, ended.TotalMeeting, ended.SucceededMeeting, ended.FailedMeeting, ended.InvitesUpdate));
            Assert.Contains($"{4 - restored} left to request {teamsOnly.Request.CorrelationId:D}, queued after this undo for the meetings of the kind it selects", ended.LastMessage);
            Assert.DoesNotContain("replaced", ended.LastMessage);
            Assert.Equal(Enumerable.Range(0, 4).Select(i => !teams.Contains(i) || RestoredFirst(i) ? originals[i] : migrated[i]), Enumerable.Range(0, 4).Select(Body));
            var journal = await _f.Store.GetJournalAsync(undo.Request.CorrelationId, None);
            Assert.DoesNotContain(journal.GroupBy(e => e.EventId), rows => rows.OrderBy(e => e.Id).Last().Outcome == MeetingOutcome.Attempting);

            var next = (await RunNext())!;

            Assert.Equal((teamsOnly.Request.CorrelationId, MigrationState.Succeeded), (next.CorrelationId, next.State));
            Assert.Null(await RunNext());
            // The Teams meetings show the current details, the Skype meetings what they showed before the migration. One
            // update per write: a Teams meeting the undo put back before the migration was queued is written again (it would
            // be after any finished undo); none the undo put back after.
            Assert.Equal(Enumerable.Range(0, 4).Select(i => teams.Contains(i) ? migrated[i] : originals[i]), Enumerable.Range(0, 4).Select(Body));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => teams.Contains(i) ? (RestoredFirst(i) ? 3 : 1) : 2), Updates());
            Assert.InRange(restored, 2, 3);
        }

        /// <summary>
        /// A migration of one kind queued after a queued undo may run first (Start -Wait runs its own request): the meetings it
        /// wrote are its own, and the undo, run next, leaves them and restores the rest.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_migration_of_one_kind_that_ran_before_the_undo_keeps_what_it_wrote(bool ofTheRequest)
        {
            var migration = await MigratedMeetingsOfBothKinds();
            var originals = _meetings.Select(m => m.Body).ToList();
            var migrated = Enumerable.Range(0, 4).Select(Body).ToList();
            TeamsDialInChanges(_meetings[0].JoinUrl!, _meetings[2].JoinUrl!); // since the migration
            var undo = await QueueUndo(ofTheRequest, migration.CorrelationId);
            var teamsOnly = QueueTeamsOnly();
            Assert.Empty(teamsOnly.ReplacedUndos);

            Assert.Equal(MigrationState.Succeeded, (await RunNext(teamsOnly.Request.CorrelationId))!.State);
            var rewritten = new[] { Body(0), Body(2) };
            Assert.DoesNotContain(migrated[0], rewritten);
            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((2, 2, 0, 2), (ran.TotalMeeting, ran.SucceededMeeting, ran.FailedMeeting, ran.InvitesUpdate));
            Assert.Contains($"2 left to request {teamsOnly.Request.CorrelationId:D}", ran.LastMessage);
            Assert.Equal(new[] { rewritten[0], originals[1], rewritten[1], originals[3] }, Enumerable.Range(0, 4).Select(Body));
            Assert.Equal(new[] { 2, 2, 2, 2 }, Updates());
        }

        /// <summary>
        /// The enqueue names the undos a new migration leaves to end on their own, for the cmdlets to say (an outside probe:
        /// only a -Wait that waited for the undo said it stops): one a worker runs, for a migration of every kind; every undo
        /// still to end, for one of one kind. Undos it ends are named as replaced, not here.
        /// </summary>
        [Fact]
        public async Task The_enqueue_names_the_undos_a_migration_leaves_to_stop_or_share()
        {
            var migration = await MigratedMeetingsOfBothKinds();
            var undo = await QueueUndo(false, migration.CorrelationId);
            var sent = _f.Mailbox.PatchesSent.Count;
            var queued = new List<EnqueueResult>();
            _f.Mailbox.BeforePatch = (_, n) =>
            {
                if (n != sent + 1) return;
                queued.Add(QueueTeamsOnly());
                _f.Clock.Advance(TimeSpan.FromMinutes(1));
                queued.Add(_f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.All, TargetMeetingType.Current), None).GetAwaiter().GetResult());
            };
            var ran = (await RunNext())!;
            _f.Mailbox.BeforePatch = null;

            Assert.Equal(undo.Request.CorrelationId, ran.CorrelationId);
            Assert.All(queued, q => Assert.Equal(new[] { undo.Request.CorrelationId }, q.UndosLeftToStopOrShare));
            Assert.All(queued, q => Assert.Empty(q.ReplacedUndos));
            Assert.Equal(queued[0].Request.CorrelationId, queued[1].Request.CorrelationId); // merged: it now selects every kind
            Assert.Contains($"It was replaced by request {queued[0].Request.CorrelationId:D}", ran.LastMessage);

            // A queued undo a migration of every kind ends is named as replaced only; one of one kind leaves it to run.
            Assert.Equal(MigrationState.Succeeded, (await RunNext())!.State);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var second = await QueueUndo(false, migration.CorrelationId);
            var teamsOnly = QueueTeamsOnly();
            Assert.Equal(new[] { second.Request.CorrelationId }, teamsOnly.UndosLeftToStopOrShare);
            Assert.Empty(teamsOnly.ReplacedUndos);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var all = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.SfB, TargetMeetingType.Current), None);
            Assert.Equal(SourceMeetingType.All, all.Request.SourceMeetingType); // merged into the Teams-only one
            Assert.Empty(all.UndosLeftToStopOrShare);
            Assert.Equal(new[] { second.Request.CorrelationId }, all.ReplacedUndos);
        }

        /// <summary>
        /// Found by an outside probe: a Skype-only migration queued after a queued undo ran first (its -Wait session), while
        /// the meetings the undone migration had converted were Teams meetings, and left them alone; the undo then put them
        /// back to their old Skype block, and nothing converted them again. The undo queues that migration again, and it does.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)] // then taken out of the queue: the undo and Stop say so (an outside re-probe: nothing did)
        public async Task A_migration_of_one_kind_that_ran_before_the_undo_is_queued_again_for_the_converted_meetings_the_undo_puts_back(bool stopped)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(MeetingKind.Teams, _f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, _meetings[i].Id)).Kind));
            var undo = await QueueUndo(false, conversion.CorrelationId);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var skypeOnly = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.SfB, TargetMeetingType.Teams), None);
            var ranFirst = (await RunNext(skypeOnly.Request.CorrelationId))!;
            Assert.Equal((MigrationState.Succeeded, 0), (ranFirst.State, ranFirst.InvitesUpdate)); // the converted meetings are Teams meetings now
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded, 2), (ran.CorrelationId, ran.State, ran.InvitesUpdate));
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            var again = (await _f.Store.QueryAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse(MigrationFixture.Organizer), State = MigrationState.Pending }, None)).Single();
            Assert.Equal((SourceMeetingType.SfB, TargetMeetingType.Teams), (again.SourceMeetingType, again.TargetMeetingType));
            Assert.Contains($"2 of the meetings it restored are of the kind request {skypeOnly.Request.CorrelationId:D}, queued after this undo, selects, and that request " +
                            $"had run before: request {again.CorrelationId:D} is queued", ran.LastMessage);
            if (stopped)
            {
                var stop = await Admin.CancelAsync(again.CorrelationId, None);
                var command = $"Start-CsExMeetingMigration -Identity {MigrationFixture.Organizer} -SourceMeetingType SfB -TargetMeetingType Teams";
                Assert.Equal(new[] { (undo.Request.CorrelationId, UndoStopNote.QueuedAgain, command) }, stop.NotedUndos);
                Assert.EndsWith($"the meetings it was queued for keep the block this undo put back; queue it again if it is still wanted ({command}).",
                    (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!.LastMessage);
                return;
            }
            Assert.Equal((again.CorrelationId, MigrationState.Succeeded, 2), ((await RunNext())!.CorrelationId, (await _f.Store.GetAsync(again.CorrelationId, None))!.State,
                (await _f.Store.GetAsync(again.CorrelationId, None))!.InvitesUpdate));
            Assert.Null(await RunNext());
            Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(MeetingKind.Teams, _f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, _meetings[i].Id)).Kind));
            Assert.Equal(new[] { 3, 3 }, Updates()); // converted, put back, converted again: as the undo and then the migration
        }

        /// <summary>
        /// Two Skype-only migrations of different targets ran before the undo, and the undo puts back Skype meetings both select:
        /// each is to be queued again, the second merges into the request the first queued, and the undo's message names that
        /// request once, with both that ran before (an outside re-probe read the same meetings listed under two requests).
        /// </summary>
        [Fact]
        public async Task Two_migrations_of_one_kind_that_ran_before_the_undo_and_are_queued_again_as_one_request_are_said_once()
        {
            var conversion = await ConvertedSkypeMeetings();
            var undo = await QueueUndo(false, conversion.CorrelationId);
            var ranFirst = new List<Guid>();
            foreach (var target in new[] { TargetMeetingType.Teams, TargetMeetingType.Current })
            {
                _f.Clock.Advance(TimeSpan.FromMinutes(1));
                var skypeOnly = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.SfB, target), None);
                Assert.Equal(MigrationState.Succeeded, (await RunNext(skypeOnly.Request.CorrelationId))!.State);
                ranFirst.Add(skypeOnly.Request.CorrelationId);
            }
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded, 2), (ran.CorrelationId, ran.State, ran.InvitesUpdate));
            var again = (await _f.Store.QueryAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse(MigrationFixture.Organizer), State = MigrationState.Pending }, None)).Single();
            var said = $"2 of the meetings it restored are of the kind request {ranFirst[0]:D} and request {ranFirst[1]:D}, queued after this undo, select, " +
                       $"and those requests had run before: request {again.CorrelationId:D} is queued";
            Assert.Contains(said, ran.LastMessage);
            Assert.Single(ran.LastMessage.Split(again.CorrelationId.ToString("D")).Skip(1));
        }

        /// <summary>
        /// Found by an outside re-probe: a Teams-only migration that ran before the undo (its -Wait session), after a conference
        /// ID change, rewrote the meetings the undone migration had converted to Teams, and the undo then left them converted
        /// ("0 meeting(s) restored. 2 left to request …"); with nothing to rewrite, the same undo restored them. Run after the
        /// undo, as queued, the Teams-only migration would have left them as put back: the undo puts them back over its write.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_teams_only_migration_that_ran_before_the_undo_does_not_keep_the_conversion_the_undo_takes_back(bool ofTheRequest)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            var undo = await QueueUndo(ofTheRequest, conversion.CorrelationId);
            var own = _f.AddStaleTeamsMeeting("Own Teams meeting", daysAhead: 3); // no migration before the undo wrote it: none of its business
            TeamsDialInChanges(MeetingBodies.TeamsJoinUrl("created1"), MeetingBodies.TeamsJoinUrl("created2")); // the conversion's Teams meetings
            var teamsOnly = QueueTeamsOnly();
            var ranFirst = (await RunNext(teamsOnly.Request.CorrelationId))!;
            Assert.Equal((MigrationState.Succeeded, 3), (ranFirst.State, ranFirst.InvitesUpdate)); // it wrote the converted meetings and the own one
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((2, 2, 0, 2), (ran.TotalMeeting, ran.SucceededMeeting, ran.FailedMeeting, ran.InvitesUpdate));
            Assert.DoesNotContain("left to request", ran.LastMessage);
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            Assert.Null(await RunNext()); // nothing queued again: the Teams-only migration leaves Skype meetings alone
            Assert.Equal(new[] { 3, 3 }, Updates()); // converted, rewritten, put back
            Assert.Equal(1, _f.Mailbox.PatchesAppliedTo(own.Id));
        }

        /// <summary>
        /// Found by an outside probe: an undo stopped inside a restore it was putting back over a Teams-only migration's write
        /// (that migration ran first and rewrote the meetings the undone migration had converted) was resumed, in the scope of
        /// one request, by refusing the meeting without reading it ("migrated again … by request …: undo that request
        /// instead"): a restore that had gone out was journaled Refused and not counted, one that had not kept the conversion.
        /// Resumed, the undo settles it from the meeting's marker, or restores it, as its first attempt would have.
        /// </summary>
        [Theory]
        [InlineData(true, "killed after apply")]
        [InlineData(true, "stopped after apply")]
        [InlineData(true, "killed before apply")]
        [InlineData(false, "killed after apply")]
        [InlineData(false, "killed before apply")]
        public async Task An_undo_stopped_inside_a_restore_over_a_teams_only_write_is_resumed_from_the_marker(bool ofTheRequest, string stop)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1", "created2");
            await RunFirst(teamsOnly, updates: 2);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var sent = _f.Mailbox.PatchesSent.Count;
            var dead = await _f.StopAfterPatchAsync("stopped", patch: sent + 1, handBack: stop.StartsWith("stopped"), beforeApply: stop.EndsWith("before apply"));
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));
            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((2, 2, 0, 2), (ran.TotalMeeting, ran.SucceededMeeting, ran.FailedMeeting, ran.InvitesUpdate));
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            Assert.Equal(new[] { 3, 3 }, Updates()); // converted, rewritten, put back: once each
            var journal = await _f.Store.GetJournalAsync(undo.Request.CorrelationId, None);
            Assert.Equal(new[] { MeetingOutcome.Restored, MeetingOutcome.Restored },
                journal.GroupBy(e => e.EventId).Select(rows => rows.OrderBy(e => e.Id).Last().Outcome));
            Assert.DoesNotContain(journal, e => e.Outcome == MeetingOutcome.Refused);
            Assert.Null(await RunNext());
        }

        /// <summary>
        /// A -Wait session (Start-CsExMeetingMigration -SourceMeetingType Teams -Wait) runs the undo queued before its migration
        /// first, as the service runs them. It ran its own request ahead of the undo: the Teams-only migration rewrote the
        /// converted meetings with the new details and the undo then put them back, three updates each where queue order
        /// sends two (and the outside probes' findings of 2026-12-05 and 06 all came from that order).
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_wait_session_runs_the_undo_queued_before_its_migration_first(bool ofTheRequest)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1", "created2");
            Assert.Equal(undo.Request.CorrelationId, (await _f.Store.GetQueuedAheadAsync(teamsOnly.Request, None))?.CorrelationId);
            Assert.Null(await _f.Store.GetQueuedAheadAsync(undo.Request, None));
            var ranAhead = new List<MigrationRequest>();

            var session = UndoArrangements.WaitSession(_f);
            var finished = await session.RunToEndAsync(teamsOnly.Request, null, null, null, ranAhead.Add, None);

            var first = Assert.Single(ranAhead);
            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded, 2), (first.CorrelationId, first.State, first.InvitesUpdate));
            Assert.Equal((teamsOnly.Request.CorrelationId, MigrationState.Succeeded, 0), (finished.CorrelationId, finished.State, finished.InvitesUpdate));
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            Assert.Equal(new[] { 2, 2 }, Updates()); // converted, put back; the Teams-only migration finds Skype meetings
            Assert.Null(await RunNext());
        }

        /// <summary>
        /// Found by an outside probe: a Teams-only migration's -Wait session ran ahead of a queued undo, rewrote meetings the
        /// undone migration had converted, and was stopped before it journaled their answers. The undo refused those meetings
        /// ("changed since": it took the migration's write for someone's edit) and ended Failed, the conversion kept; the
        /// migration, resumed, left its Attempting rows for good (the undo's rows came after them). The undo takes such a write
        /// for the later migration's (applied or not, as the meeting shows) and puts the earlier block back over it; the
        /// migration settles its rows from the marker, or from the undo's row that found its block there.
        /// </summary>
        [Theory]
        [InlineData(true, true, false)]
        [InlineData(false, true, false)]
        [InlineData(true, false, false)]
        [InlineData(false, false, false)]
        [InlineData(true, false, true)]
        [InlineData(false, true, true)]
        public async Task A_teams_only_migration_stopped_inside_its_writes_before_the_undo_does_not_keep_the_conversion(bool ofTheRequest, bool handedBack, bool beforeApply)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1", "created2");
            var sent = _f.Mailbox.PatchesSent.Count;
            // Stopped as its second PATCH is answered (applied, not journaled), or as it goes out (not applied): the first was
            // applied and journaled.
            var dead = await _f.StopAfterPatchAsync("session", patch: sent + 2, handBack: handedBack, beforeApply: beforeApply, only: teamsOnly.Request.CorrelationId);
            Assert.Equal(beforeApply ? 1 : 2, _meetings.Sum(m => _f.Mailbox.PatchesAppliedTo(m.Id)) - 2);
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((2, 2, 0, 2), (ran.TotalMeeting, ran.SucceededMeeting, ran.FailedMeeting, ran.InvitesUpdate));
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            var resumed = (await RunNext())!;
            // The undo settled its interrupted write before putting the earlier block back (in the journal's order of the
            // writes: the restore is each meeting's latest); its last attempt counts that update when it went out (the first
            // attempt journaled the other's answer, and the meeting, a Skype meeting again, is out of its scope).
            // The first PATCH's answer is journaled by the session unless the stop lands first (the two PATCHes may be in
            // flight together; under load the test saw it either way): then the undo settles that write too. Its last attempt
            // counts the writes the undo settled as applied, one or two.
            var settledByUndo = (await _f.Store.GetJournalAsync(teamsOnly.Request.CorrelationId, None))
                .Count(e => e.Outcome == MeetingOutcome.Updated && e.Reason.StartsWith(MeetingRestorer.ConfirmedByUndo, StringComparison.Ordinal));
            Assert.InRange(settledByUndo, beforeApply ? 0 : 1, beforeApply ? 1 : 2);
            Assert.Equal((teamsOnly.Request.CorrelationId, MigrationState.Succeeded, settledByUndo), (resumed.CorrelationId, resumed.State, resumed.InvitesUpdate));
            var latest = await _f.Store.GetLatestJournalByEventAsync(MigrationFixture.Organizer, None);
            Assert.All(_meetings, m => Assert.Equal((undo.Request.CorrelationId, MeetingOutcome.Restored), (latest[m.Id].CorrelationId, latest[m.Id].Outcome)));
            Assert.Null(await RunNext());
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body)); // the Teams-only migration leaves Skype meetings alone
            // Converted, rewritten (the stopped session's, where applied), put back.
            Assert.Equal(beforeApply ? new[] { 3, 2 } : new[] { 3, 3 }, Updates().OrderByDescending(n => n));
            // Each meeting's last row, whichever meeting's PATCH was the one stopped (the two go out together, in either order).
            var rows = await _f.Store.GetJournalAsync(teamsOnly.Request.CorrelationId, None);
            Assert.Equal(beforeApply ? new[] { MeetingOutcome.Updated, MeetingOutcome.Skipped } : new[] { MeetingOutcome.Updated, MeetingOutcome.Updated },
                rows.GroupBy(e => e.EventId).Select(g => g.OrderBy(e => e.Id).Last().Outcome).Order());
        }

        private Task<(string Original, MigrationRequest Conversion)> ConvertedSkypeSeries() => UndoArrangements.ConvertedSkypeSeriesAsync(_f);

        /// <summary>
        /// Found by an outside probe: as above, with the undo also killed inside a restore over the stopped migration's write.
        /// Resumed, the undo confirmed that restore from its marker and journaled the restored block as the one it replaced,
        /// so the migration, resumed, could not tell its own update had gone out: "Skipped … nothing was sent", its attendees
        /// mailed once more than the journal says. The confirmed row names the block the restore replaced.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_restore_confirmed_after_a_kill_names_the_block_it_replaced_and_the_migration_it_replaced_counts_its_update(bool ofTheRequest)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1", "created2");
            var sent = _f.Mailbox.PatchesSent.Count;
            var session = await _f.StopAfterPatchAsync("session", patch: sent + 2, only: teamsOnly.Request.CorrelationId); // both applied
            _f.Clock.Advance(session.LeaseDuration + TimeSpan.FromSeconds(1));
            var dead = await _f.KillAfterPatchAsync("dead", patch: _f.Mailbox.PatchesSent.Count + 1); // the undo's first restore applied, not journaled
            _f.Clock.Advance(dead.LeaseDuration + TimeSpan.FromSeconds(1));

            var ran = (await RunNext())!;
            var resumed = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded, 2), (ran.CorrelationId, ran.State, ran.InvitesUpdate));
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            var confirmed = Assert.Single(await _f.Store.GetJournalAsync(undo.Request.CorrelationId, None), e => e.Reason.StartsWith("confirmed when the undo resumed", StringComparison.Ordinal));
            Assert.Equal(MeetingKind.Teams, BlockScanner.Scan(confirmed.OldBlock, BodyFormat.Html).Match!.Kind); // the Teams-only migration's block, not the one put back
            Assert.Equal((teamsOnly.Request.CorrelationId, MigrationState.Succeeded), (resumed.CorrelationId, resumed.State));
            var writes = new[] { conversion.CorrelationId, undo.Request.CorrelationId, teamsOnly.Request.CorrelationId }
                .SelectMany(id => _f.Store.GetJournalAsync(id, None).GetAwaiter().GetResult())
                .Where(e => e.Outcome == MeetingOutcome.Updated || e.Outcome == MeetingOutcome.Restored).ToList();
            Assert.Equal(_meetings.Select(m => _f.Mailbox.PatchesAppliedTo(m.Id)), _meetings.Select(m => writes.Count(e => e.EventId == m.Id)));
            Assert.Equal(new[] { 3, 3 }, Updates()); // converted, rewritten by the stopped session, put back
        }

        /// <summary>
        /// Found by an outside probe: the Teams-only migration's -Wait session was stopped inside its writes of a converted
        /// series and the occurrence moved since (its Attempting rows, applied or not), before the undo ran. The undo put the
        /// series back and left the occurrence, which the resumed migration then wrote with the new details: a Skype series
        /// with a Teams occurrence. The undo puts the occurrence back too, whichever write went out, and the migration, resumed,
        /// journals what went out; each attendee is mailed once per journaled write.
        /// </summary>
        [Theory]
        [InlineData(true, 1, false)]
        [InlineData(false, 1, false)]
        [InlineData(true, 2, false)]
        [InlineData(false, 2, false)]
        [InlineData(true, 2, true)]
        [InlineData(false, 1, true)]
        public async Task A_moved_occurrence_goes_back_with_its_series_when_the_teams_only_migration_was_stopped_inside_its_writes(bool ofTheRequest, int stopAt, bool beforeApply)
        {
            var (original, conversion) = await ConvertedSkypeSeries();
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", _f.Clock.UtcNow.AddDays(14).AddHours(2));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1");
            var sent = _f.Mailbox.PatchesSent.Count;
            var session = await _f.StopAfterPatchAsync("session", patch: sent + stopAt, beforeApply: beforeApply, only: teamsOnly.Request.CorrelationId);
            _f.Clock.Advance(session.LeaseDuration + TimeSpan.FromSeconds(1));

            var ran = (await RunNext())!;
            var resumed = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal((teamsOnly.Request.CorrelationId, MigrationState.Succeeded), (resumed.CorrelationId, resumed.State));
            Assert.Null(await RunNext());
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2").Body);
            // One update per journaled write, every request's; none left Attempting.
            var journal = new[] { conversion.CorrelationId, undo.Request.CorrelationId, teamsOnly.Request.CorrelationId }
                .SelectMany(id => _f.Store.GetJournalAsync(id, None).GetAwaiter().GetResult()).ToList();
            Assert.DoesNotContain(journal.GroupBy(e => (e.CorrelationId, e.EventId)), rows => rows.OrderBy(e => e.Id).Last().Outcome == MeetingOutcome.Attempting);
            foreach (var id in new[] { "weekly", "weekly-2" })
                Assert.Equal(_f.Mailbox.PatchesAppliedTo(id), journal.Count(e => e.EventId == id && (e.Outcome == MeetingOutcome.Updated || e.Outcome == MeetingOutcome.Restored)));
        }

        /// <summary>
        /// As below, with the occurrence moved after the Teams-only migration ran (it carries that migration's block, and has no
        /// row of its own), and the undo stopped after it put the series back, before the occurrence: resumed, it puts the
        /// occurrence back to the series' earlier block, as its first attempt would have.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_resumed_after_putting_a_series_back_over_a_teams_only_write_puts_its_moved_occurrence_back_too(bool ofTheRequest)
        {
            var (original, conversion) = await ConvertedSkypeSeries();
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1");
            await RunFirst(teamsOnly, updates: 1);
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", _f.Clock.UtcNow.AddDays(14).AddHours(2));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var stopped = await _f.StopBeforeReadingAsync("stopped", id => id == "weekly-2");
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);
            _f.Clock.Advance(stopped.LeaseDuration + TimeSpan.FromSeconds(1));

            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2").Body);
            Assert.Equal((3, 1), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2"))); // converted, rewritten, put back
            Assert.Equal((2, 2, 0, 2), (ran.TotalMeeting, ran.SucceededMeeting, ran.FailedMeeting, ran.InvitesUpdate));
        }

        /// <summary>
        /// Found by an outside probe: a Skype series the undone migration converted, one of whose occurrences its organizer moved
        /// afterwards (an exception carrying the converted block); a Teams-only migration ran first, after a conference ID
        /// change, and wrote the series and, on its own, the moved occurrence. The undo put the series back over that write and
        /// left the occurrence a Teams meeting with the new details, said nowhere. Run after the undo, as queued, the migration
        /// would have left both as put back: the undo puts the occurrence back too.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_moved_occurrence_a_teams_only_migration_wrote_before_the_undo_goes_back_with_its_series(bool ofTheRequest)
        {
            var (original, conversion) = await ConvertedSkypeSeries();
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", _f.Clock.UtcNow.AddDays(14).AddHours(2));
            Assert.Equal(MeetingKind.Teams, _f.BlockOf(_f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2")).Kind);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1");
            await RunFirst(teamsOnly, updates: 2);
            _f.Clock.Advance(TimeSpan.FromMinutes(1));

            var ran = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly").Body);
            Assert.Equal(original, _f.Mailbox.Event(MigrationFixture.Organizer, "weekly-2").Body);
            Assert.Equal((2, 2, 0, 2), (ran.TotalMeeting, ran.SucceededMeeting, ran.FailedMeeting, ran.InvitesUpdate));
            Assert.Equal((3, 2), (_f.Mailbox.PatchesAppliedTo("weekly"), _f.Mailbox.PatchesAppliedTo("weekly-2"))); // converted, rewritten, put back
            Assert.Null(await RunNext());
        }

        /// <summary>
        /// Found by an outside probe: a -Wait session stopped while it ran the undo queued ahead of its migration left the undo
        /// stopped and the migration Pending after it, and the command the undo's status names to resume it (the undo run
        /// again) was refused: "… is Pending: it would write its blocks again after the undo". That migration is queued after
        /// the undo, which queue order runs first: the undo is resumed, and the migration runs after it.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_a_stopped_wait_session_ran_first_is_resumed_by_the_undo_run_again(bool ofTheRequest)
        {
            var conversion = await ConvertedSkypeMeetings();
            var originals = _meetings.Select(m => m.Body).ToList();
            var (undo, teamsOnly) = await UndoThenTeamsOnlyWithNewDetails(ofTheRequest, conversion.CorrelationId, "created1", "created2");
            using (var stop = new CancellationTokenSource())
            {
                _f.Mailbox.FailAfterApply = (_, _) => { stop.Cancel(); return new OperationCanceledException(stop.Token); };
                var session = UndoArrangements.WaitSession(_f);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.RunToEndAsync(teamsOnly.Request, null, null, null, null, stop.Token));
                _f.Mailbox.FailAfterApply = null;
            }
            Assert.Equal(MigrationState.InProgress, (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!.State);
            Assert.Equal(MigrationState.Pending, (await _f.Store.GetAsync(teamsOnly.Request.CorrelationId, None))!.State);
            _f.Clock.Advance(TimeSpan.FromSeconds(1));

            var again = await QueueUndo(ofTheRequest, conversion.CorrelationId);

            Assert.True(again.Resumed);
            Assert.Equal(undo.Request.CorrelationId, again.Request.CorrelationId);
            var ran = (await RunNext())!;
            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (ran.CorrelationId, ran.State));
            var after = (await RunNext())!;
            Assert.Equal((teamsOnly.Request.CorrelationId, MigrationState.Succeeded), (after.CorrelationId, after.State));
            Assert.Equal(originals, Enumerable.Range(0, 2).Select(Body));
            Assert.Equal(new[] { 2, 2 }, Updates()); // converted, put back; the Teams-only migration finds Skype meetings
        }

        /// <summary>
        /// A -Wait session runs first only what the queue runs first: an undo waiting for its retry is not due, and a migration
        /// queued meanwhile runs before it, in the service and in the session alike (its retry comes after).
        /// </summary>
        [Fact]
        public async Task A_wait_session_does_not_run_an_undo_waiting_for_its_retry_first()
        {
            var migration = await MigratedMeetingsOfBothKinds();
            var undo = await QueueUndo(true, migration.CorrelationId);
            var failing = _meetings[0].Id;
            _f.Mailbox.FailBeforeApply = (patch, _) => patch.EventId == failing ? new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy") : null;
            var first = (await RunNext())!;
            _f.Mailbox.FailBeforeApply = null;
            Assert.Equal((MigrationState.Pending, true), (first.State, first.RetryScheduled));
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
            var skypeOnly = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.SfB, TargetMeetingType.Current), None);
            Assert.Null(await _f.Store.GetQueuedAheadAsync(skypeOnly.Request, None));
            var ranAhead = new List<MigrationRequest>();

            var session = UndoArrangements.WaitSession(_f);
            var finished = await session.RunToEndAsync(skypeOnly.Request, null, null, null, ranAhead.Add, None);

            Assert.Empty(ranAhead);
            Assert.Equal((skypeOnly.Request.CorrelationId, MigrationState.Succeeded), (finished.CorrelationId, finished.State));
            Assert.True((await _f.Store.GetAsync(undo.Request.CorrelationId, None))!.AwaitingRetry);
        }

        /// <summary>
        /// Found by an outside probe: an undo's first attempt restored meetings, a migration of one kind queued meanwhile ran
        /// before its retry and wrote them again; the retry said "N meeting(s) restored" for its own restores only, and that it
        /// had not mailed the others' attendees. What any attempt restored is counted, as the journal says.
        /// </summary>
        [Fact]
        public async Task An_undo_retried_after_a_migration_of_one_kind_wrote_what_it_restored_counts_those_restores()
        {
            var migration = await MigratedMeetingsOfBothKinds();
            var undo = await QueueUndo(true, migration.CorrelationId);
            var sent = _f.Mailbox.PatchesSent.Count;
            var failing = _meetings[0].Id; // a Teams meeting: the Skype-only migration does not write it
            _f.Mailbox.FailBeforeApply = (patch, _) => patch.EventId == failing ? new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy") : null;
            var first = (await RunNext())!;
            _f.Mailbox.FailBeforeApply = null;
            Assert.Equal((MigrationState.Pending, true, 3), (first.State, first.RetryScheduled, first.InvitesUpdate));
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
            var skypeOnly = await _f.Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(MigrationFixture.Organizer), SourceMeetingType.SfB, TargetMeetingType.Current), None);
            Assert.Empty(skypeOnly.ReplacedRetries);
            var between = (await RunNext(skypeOnly.Request.CorrelationId))!;
            Assert.Equal((MigrationState.Succeeded, 2), (between.State, between.InvitesUpdate)); // the two Skype meetings the undo had put back
            _f.Clock.Advance(TimeSpan.FromHours(12)); // past the retry's time, not past the first meeting's start (an undo leaves a meeting begun alone)

            var retried = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (retried.CorrelationId, retried.State));
            var restoredRows = (await _f.Store.GetJournalAsync(undo.Request.CorrelationId, None)).Where(e => e.Outcome == MeetingOutcome.Restored).Select(e => e.EventId).Distinct().Count();
            Assert.Equal(4, restoredRows);
            Assert.Equal((4, 4, 0, 4), (retried.TotalMeeting, retried.SucceededMeeting, retried.FailedMeeting, retried.InvitesUpdate));
            Assert.StartsWith("Undo of request", retried.LastMessage);
            Assert.Contains(": 4 meeting(s) restored.", retried.LastMessage);
            Assert.DoesNotContain("left to request", retried.LastMessage);
        }

        /// <summary>
        /// As above, for a series and the occurrence its organizer moved after the migration: both restored by the first
        /// attempt, both written by the migration since, both counted by the retry (it counted neither: the series is the
        /// migration's, and its moved occurrences are not looked for).
        /// </summary>
        [Fact]
        public async Task An_undo_retried_after_a_migration_of_one_kind_wrote_a_series_it_restored_counts_the_moved_occurrence_too()
        {
            _f.Mailbox.PageSize = 1;
            var now = _f.Clock.UtcNow;
            _f.AddStaleTeamsSeries("weekly", "Weekly", now.AddDays(-14), Enumerable.Range(1, 4).Select(i => ($"weekly-{i}", now.AddDays(7 * i))));
            var failing = _f.AddStaleTeamsMeeting("One-off", daysAhead: 3);
            await _f.Queue();
            var migration = (await RunNext())!;
            _f.Mailbox.MoveOccurrence(MigrationFixture.Organizer, "weekly-2", now.AddDays(14).AddHours(2));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            var undo = await QueueUndo(true, migration.CorrelationId);
            _f.Mailbox.FailBeforeApply = (patch, _) => patch.EventId == failing.Id ? new MeetingMigration.Engine.Graph.GraphCallException(503, "ServiceUnavailable", "busy") : null;
            var first = (await RunNext())!;
            _f.Mailbox.FailBeforeApply = null;
            Assert.Equal((MigrationState.Pending, true, 2), (first.State, first.RetryScheduled, first.InvitesUpdate)); // the series and its moved occurrence
            _f.Clock.Advance(TimeSpan.FromSeconds(1));
            TeamsDialInChanges(MeetingBodies.TeamsJoinUrl("weekly"));
            var teamsOnly = QueueTeamsOnly();
            Assert.Equal(MigrationState.Succeeded, (await RunNext(teamsOnly.Request.CorrelationId))!.State);
            Assert.Equal(3, _f.Mailbox.PatchesAppliedTo("weekly")); // migrated, restored, migrated again
            _f.Clock.Advance(TimeSpan.FromDays(1));

            var retried = (await RunNext())!;

            Assert.Equal((undo.Request.CorrelationId, MigrationState.Succeeded), (retried.CorrelationId, retried.State));
            // The series and its moved occurrence, restored by the first attempt; the one-off, which the migration wrote while
            // the undo waited for its retry, is the migration's.
            Assert.Equal((2, 2, 0, 2), (retried.TotalMeeting, retried.SucceededMeeting, retried.FailedMeeting, retried.InvitesUpdate));
            Assert.Contains($": 2 meeting(s) restored. 1 left to request {teamsOnly.Request.CorrelationId:D}", retried.LastMessage);
        }

        /// <summary>
        /// The migration of one kind an undo left meetings to is then taken out of the queue before it ran: the undo says so,
        /// and that running it again restores them; it does.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_undo_whose_migration_of_one_kind_is_stopped_before_it_ran_says_so_and_run_again_restores_what_it_left(bool ofTheRequest)
        {
            var migration = await MigratedMeetingsOfBothKinds();
            var originals = _meetings.Select(m => m.Body).ToList();
            var undo = await QueueUndo(ofTheRequest, migration.CorrelationId);
            var teamsOnly = QueueTeamsOnly();
            Assert.Equal(undo.Request.CorrelationId, (await RunNext())!.CorrelationId);

            var stopped = await Admin.CancelAsync(teamsOnly.Request.CorrelationId, None);
            Assert.Equal(CancelOutcome.Removed, stopped.Outcome);

            var ended = (await _f.Store.GetAsync(undo.Request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Succeeded, ended.State);
            var again = ofTheRequest ? $"Undo-CsMeetingMigration -CorrelationId {migration.CorrelationId:D}" : $"Undo-CsMeetingMigration -Identity {MigrationFixture.Organizer}";
            Assert.EndsWith($"Request {teamsOnly.Request.CorrelationId:D} was then stopped (Stop-CsMeetingMigration) before it ran, and is gone: the meetings left to it " +
                            $"keep the block this undo was to take back; run the undo again to restore them ({again}).", ended.LastMessage);
            Assert.Equal(new[] { (undo.Request.CorrelationId, UndoStopNote.LeftMeetings, again) }, stopped.NotedUndos); // for Stop-CsMeetingMigration to warn
            var rerun = await QueueUndo(ofTheRequest, migration.CorrelationId);
            Assert.Equal((rerun.Request.CorrelationId, MigrationState.Succeeded), ((await RunNext())!.CorrelationId, (await _f.Store.GetAsync(rerun.Request.CorrelationId, None))!.State));
            Assert.Equal(originals, Enumerable.Range(0, 4).Select(Body));
            Assert.Equal(new[] { 2, 2, 2, 2 }, Updates());
        }

        /// <summary>
        /// Migrations of one kind together: each kind is the later migrations' once both are queued, and the undo stops as
        /// for one of every kind. A meeting the undone migration converted is restored unless both of its kinds are selected.
        /// </summary>
        [Fact]
        public void Migrations_of_both_kinds_together_replace_an_undo_and_a_converted_meeting_is_restored_unless_both_kinds_are_selected()
        {
            MigrationRequest Of(SourceMeetingType source, int minute) =>
                new MigrationRequest { CorrelationId = Guid.NewGuid(), SourceMeetingType = source, CreateDate = new DateTime(2026, 12, 6, 10, minute, 0, DateTimeKind.Utc) };
            var teams = Of(SourceMeetingType.Teams, 1);
            var skype = Of(SourceMeetingType.SfB, 2);

            var one = new LaterMigrations(new[] { teams });
            var both = new LaterMigrations(new[] { skype, teams });

            Assert.Null(one.Replacing);
            Assert.True(one.WriteAfterUndo(MeetingKind.Teams, MeetingKind.Teams));
            Assert.False(one.WriteAfterUndo(MeetingKind.Teams, MeetingKind.SkypeForBusiness)); // converted: put back as Skype, left by the migration
            Assert.False(one.WriteAfterUndo(MeetingKind.SkypeForBusiness, MeetingKind.SkypeForBusiness));
            Assert.Same(skype, both.Replacing); // the later of the two completes the selection
            Assert.True(both.WriteAfterUndo(MeetingKind.Teams, MeetingKind.SkypeForBusiness));
            Assert.Same(teams, both.Selecting(MeetingKind.Teams));
            var all = Of(SourceMeetingType.All, 3);
            Assert.Same(all, new LaterMigrations(new[] { teams, all }).Replacing);
        }
    }
}
