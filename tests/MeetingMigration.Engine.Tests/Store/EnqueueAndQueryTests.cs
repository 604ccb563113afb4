using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    public sealed class EnqueueAndQueryTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task A_new_request_is_pending_and_due_now()
        {
            var store = _file.Open(_clock);

            var result = await store.Enqueue("Ada.Shaw@Contoso.com", SourceMeetingType.SfB, TargetMeetingType.Teams);

            Assert.False(result.Merged);
            var stored = await store.GetAsync(result.Request.CorrelationId, None);
            Assert.NotNull(stored);
            Assert.Equal(MigrationState.Pending, stored!.State);
            Assert.Equal("Ada.Shaw@Contoso.com", stored.UserPrincipalName);
            Assert.Equal(MigrationType.SfbToTeams, stored.MigrationType);
            Assert.Equal(_clock.UtcNow, stored.CreateDate);
            Assert.Equal(_clock.UtcNow, stored.NotBefore);
            Assert.Equal(0, stored.RetryCount);
        }

        [Fact]
        public async Task A_second_start_for_a_pending_user_merges_into_one_record()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com", SourceMeetingType.SfB, TargetMeetingType.Current);
            _clock.Advance(TimeSpan.FromMinutes(1));

            var second = await store.Enqueue("sip:ADA@contoso.com", SourceMeetingType.Teams, TargetMeetingType.Teams);

            Assert.True(second.Merged);
            Assert.Equal(first.Request.CorrelationId, second.Request.CorrelationId);
            var all = await store.QueryAsync(new MigrationStatusQuery(), None);
            var only = Assert.Single(all);
            Assert.Equal(SourceMeetingType.All, only.SourceMeetingType);   // union of SfB and Teams
            // Teams meetings stay Teams under either target, and nobody asked to convert the Skype meetings.
            Assert.Equal(TargetMeetingType.Current, only.TargetMeetingType);
            Assert.Equal(MigrationType.ToSameType, only.MigrationType);
            Assert.Equal(MigrationState.Pending, only.State);
        }

        [Fact]
        public async Task Merging_keeps_the_same_source_and_the_current_target_when_both_ask_for_them()
        {
            var store = _file.Open(_clock);
            await store.Enqueue("ada@contoso.com", SourceMeetingType.Teams, TargetMeetingType.Current);

            var second = await store.Enqueue("ada@contoso.com", SourceMeetingType.Teams, TargetMeetingType.Current);

            Assert.True(second.Merged);
            var only = Assert.Single(await store.QueryAsync(new MigrationStatusQuery(), None));
            Assert.Equal(SourceMeetingType.Teams, only.SourceMeetingType);
            Assert.Equal(TargetMeetingType.Current, only.TargetMeetingType);
            Assert.Equal(MigrationType.ToSameType, only.MigrationType);
        }

        [Fact]
        public async Task A_user_whose_request_is_no_longer_pending_gets_a_new_request()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com");
            await store.Finish(first.Request.CorrelationId, MigrationState.Succeeded);

            var second = await store.Enqueue("ada@contoso.com");

            Assert.False(second.Merged);
            Assert.NotEqual(first.Request.CorrelationId, second.Request.CorrelationId);
            Assert.Equal(2, (await store.QueryAsync(new MigrationStatusQuery(), None)).Count);
        }

        /// <summary>Leases the request as a worker does and stops part-way: still InProgress, its lease handed back or left to run out.</summary>
        private async Task StopPartWay(IMigrationStore store, Guid correlationId, bool handBack)
        {
            var lease = await store.TryLeaseNextAsync("stopped-worker", TimeSpan.FromMinutes(2), correlationId, None);
            Assert.NotNull(lease);
            if (handBack) Assert.True(await store.SaveLeasedAsync(lease!, release: true, None));
        }

        [Fact]
        public async Task A_start_for_a_user_whose_request_was_stopped_part_way_resumes_that_request()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com", SourceMeetingType.SfB, TargetMeetingType.Teams);
            await StopPartWay(store, first.Request.CorrelationId, handBack: true);

            var second = await store.Enqueue("Ada@Contoso.com", SourceMeetingType.SfB, TargetMeetingType.Teams);

            Assert.True(second.Resumed);
            Assert.True(second.Merged);
            Assert.Equal(first.Request.CorrelationId, second.Request.CorrelationId);
            var only = Assert.Single(await store.QueryAsync(new MigrationStatusQuery(), None));
            Assert.Equal(MigrationState.InProgress, only.State);
            // A worker (a -Wait session) can take it at once by its id.
            Assert.NotNull(await store.TryLeaseNextAsync("resuming-worker", TimeSpan.FromMinutes(2), first.Request.CorrelationId, None));
        }

        [Fact]
        public async Task A_request_whose_worker_still_holds_it_is_not_resumed_and_the_start_queued_meanwhile_stays_first()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com");
            await StopPartWay(store, first.Request.CorrelationId, handBack: false);

            var whileHeld = await store.Enqueue("ada@contoso.com");
            Assert.False(whileHeld.Merged);
            Assert.NotEqual(first.Request.CorrelationId, whileHeld.Request.CorrelationId);

            // Once the lease has run out, the user's Pending request (the one just queued) still comes first: the next
            // start merges into it, as before.
            _clock.Advance(TimeSpan.FromMinutes(3));
            var afterExpiry = await store.Enqueue("ada@contoso.com");
            Assert.False(afterExpiry.Resumed);
            Assert.Equal(whileHeld.Request.CorrelationId, afterExpiry.Request.CorrelationId);
        }

        [Fact]
        public async Task A_request_whose_worker_died_is_resumed_once_its_lease_has_run_out()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com");
            await StopPartWay(store, first.Request.CorrelationId, handBack: false);
            _clock.Advance(TimeSpan.FromMinutes(3));

            var second = await store.Enqueue("ada@contoso.com");

            Assert.True(second.Resumed);
            Assert.Equal(first.Request.CorrelationId, second.Request.CorrelationId);
        }

        [Theory]
        [InlineData(SourceMeetingType.All, TargetMeetingType.Current, false)] // other meetings
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Current, false)] // another target
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Teams, true)] // the same, but queued by a trigger
        public async Task A_stopped_request_is_not_resumed_for_another_selection_nor_by_a_trigger(SourceMeetingType source, TargetMeetingType target, bool settle)
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com", SourceMeetingType.SfB, TargetMeetingType.Teams);
            await StopPartWay(store, first.Request.CorrelationId, handBack: true);

            var second = await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada@contoso.com"), source, target) { Settle = settle }, None);

            Assert.False(second.Merged);
            Assert.False(second.Resumed);
            Assert.NotEqual(first.Request.CorrelationId, second.Request.CorrelationId);
            Assert.Equal(MigrationState.Pending, second.Request.State);
        }

        [Fact]
        /// <summary>
        /// Held by a worker, the undo is the one returned too, not queued a second time (an outside probe: the second ran after
        /// the first and restored nothing, a Succeeded "0 meeting(s) restored" in the status for nothing).
        /// </summary>
        public async Task A_second_undo_of_the_same_scope_resumes_one_stopped_part_way_and_is_the_one_a_worker_holds()
        {
            var store = _file.Open(_clock);
            var migration = await store.Enqueue("ada@contoso.com");
            await store.Finish(migration.Request.CorrelationId, MigrationState.Succeeded);
            var undo = await store.EnqueueUndoAsync("ada@contoso.com", null, migration.Request.CorrelationId, MigrationType.ToSameType, None);
            await StopPartWay(store, undo.Request.CorrelationId, handBack: false);

            var whileHeld = await store.EnqueueUndoAsync("ada@contoso.com", null, migration.Request.CorrelationId, MigrationType.ToSameType, None);
            Assert.True(whileHeld.Merged && whileHeld.RunningElsewhere && !whileHeld.Resumed);
            Assert.Equal(undo.Request.CorrelationId, whileHeld.Request.CorrelationId);

            // The first undo's worker died; once its lease has run out, that undo is the one resumed.
            _clock.Advance(TimeSpan.FromMinutes(3));
            var resumed = await store.EnqueueUndoAsync("ada@contoso.com", null, migration.Request.CorrelationId, MigrationType.ToSameType, None);
            Assert.True(resumed.Resumed && !resumed.RunningElsewhere);
            Assert.Equal(undo.Request.CorrelationId, resumed.Request.CorrelationId);
            Assert.Equal(migration.Request.CorrelationId.ToString("D"), await store.GetUndoScopeAsync(resumed.Request.CorrelationId, None));
        }

        [Fact]
        public async Task A_pending_request_found_by_object_id_absorbs_a_request_by_address()
        {
            var store = _file.Open(_clock);
            var id = Guid.NewGuid();
            var first = await store.Enqueue(id.ToString(), userId: id);

            var second = await store.Enqueue("ada@contoso.com", userId: id);

            Assert.True(second.Merged);
            Assert.Equal(first.Request.CorrelationId, second.Request.CorrelationId);
        }

        [Fact]
        public async Task Merging_moves_not_before_earlier_never_later()
        {
            var store = _file.Open(_clock);
            var later = _clock.UtcNow.AddMinutes(90);
            var first = await store.Enqueue("ada@contoso.com", notBefore: later);

            await store.Enqueue("ada@contoso.com", notBefore: later.AddHours(5));
            Assert.Equal(later, (await store.GetAsync(first.Request.CorrelationId, None))!.NotBefore);

            await store.Enqueue("ada@contoso.com");
            Assert.Equal(_clock.UtcNow, (await store.GetAsync(first.Request.CorrelationId, None))!.NotBefore);
        }

        [Fact]
        public async Task Query_by_identity_matches_upn_case_insensitively_sip_address_and_object_id()
        {
            var store = _file.Open(_clock);
            var adaId = Guid.NewGuid();
            await store.Enqueue("ada@contoso.com", userId: adaId);
            await store.Enqueue("bob@contoso.com", userId: Guid.NewGuid());

            var byUpn = await store.QueryAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse("ADA@Contoso.COM") }, None);
            var bySip = await store.QueryAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse("sip:ada@contoso.com") }, None);
            var byId = await store.QueryAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse(adaId.ToString("B").ToUpperInvariant()) }, None);
            var nobody = await store.QueryAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse(Guid.NewGuid().ToString()) }, None);

            Assert.Equal("ada@contoso.com", Assert.Single(byUpn).UserPrincipalName);
            Assert.Equal("ada@contoso.com", Assert.Single(bySip).UserPrincipalName);
            Assert.Equal("ada@contoso.com", Assert.Single(byId).UserPrincipalName);
            Assert.Empty(nobody);
        }

        [Fact]
        public async Task Start_and_end_time_are_both_inclusive_on_create_date()
        {
            var store = _file.Open(_clock);
            var t0 = _clock.UtcNow;
            await store.Enqueue("a@contoso.com");
            _clock.Advance(TimeSpan.FromDays(1));
            var t1 = _clock.UtcNow;
            await store.Enqueue("b@contoso.com");
            _clock.Advance(TimeSpan.FromDays(1));
            var t2 = _clock.UtcNow;
            await store.Enqueue("c@contoso.com");

            async Task<string[]> Users(DateTime? start, DateTime? end) =>
                (await store.QueryAsync(new MigrationStatusQuery { StartTime = start, EndTime = end }, None)).Select(r => r.UserPrincipalName).ToArray();

            Assert.Equal(new[] { "b@contoso.com" }, await Users(t1, t1));
            Assert.Equal(new[] { "a@contoso.com", "b@contoso.com" }, await Users(t0, t1));
            Assert.Equal(new[] { "b@contoso.com", "c@contoso.com" }, await Users(t1, null));
            Assert.Equal(new[] { "a@contoso.com" }, await Users(null, t0));
            Assert.Empty(await Users(t0.AddTicks(1), t1.AddTicks(-1)));
            Assert.Equal(new[] { "c@contoso.com" }, await Users(t2, t2.AddYears(1)));
        }

        [Fact]
        public async Task Query_filters_by_state_and_migration_type()
        {
            var store = _file.Open(_clock);
            var a = await store.Enqueue("a@contoso.com", SourceMeetingType.SfB, TargetMeetingType.Teams);
            await store.Enqueue("b@contoso.com", SourceMeetingType.Teams, TargetMeetingType.Teams);
            await store.Enqueue("c@contoso.com", SourceMeetingType.All, TargetMeetingType.Current);
            await store.Finish(a.Request.CorrelationId, MigrationState.Succeeded);

            var succeeded = await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Succeeded }, None);
            var pending = await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Pending }, None);
            var teamsToTeams = await store.QueryAsync(new MigrationStatusQuery { MigrationType = MigrationType.TeamsToTeams }, None);
            var both = await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Pending, MigrationType = MigrationType.SfbToTeams }, None);

            Assert.Equal("a@contoso.com", Assert.Single(succeeded).UserPrincipalName);
            Assert.Equal(new[] { "b@contoso.com", "c@contoso.com" }, pending.Select(r => r.UserPrincipalName).OrderBy(u => u, StringComparer.Ordinal).ToArray());
            Assert.Equal("b@contoso.com", Assert.Single(teamsToTeams).UserPrincipalName);
            Assert.Empty(both);
        }

        [Fact]
        public async Task A_trigger_merged_into_an_admins_request_does_not_hold_it_back_but_one_merged_into_a_triggered_request_does()
        {
            // Found by an outside probe: Start-CsExMeetingMigration's request was pushed back by a trigger's settle window.
            var store = _file.Open(_clock);
            EnqueueRequest Trigger(string user) => new EnqueueRequest(UserIdentity.Parse(user), SourceMeetingType.All, TargetMeetingType.Current)
            {
                Settle = true, NotBefore = _clock.UtcNow + TimeSpan.FromMinutes(5), Trigger = "ConferenceIdReset",
            };
            var asked = await store.Enqueue("ada@contoso.com");
            var triggered = await store.EnqueueAsync(Trigger("bob@contoso.com"), None);
            _clock.Advance(TimeSpan.FromMinutes(1));

            var intoAsked = await store.EnqueueAsync(Trigger("ada@contoso.com"), None);
            var intoTriggered = await store.EnqueueAsync(Trigger("bob@contoso.com"), None);

            Assert.True(intoAsked.Merged && intoTriggered.Merged);
            Assert.Equal(asked.Request.NotBefore, (await store.GetAsync(asked.Request.CorrelationId, None))!.NotBefore);
            Assert.Equal("Start-CsExMeetingMigration, ConferenceIdReset", intoAsked.Request.Trigger);
            // The settle window restarts after the latest change of a request no admin asked for.
            Assert.Equal(_clock.UtcNow + TimeSpan.FromMinutes(5), (await store.GetAsync(triggered.Request.CorrelationId, None))!.NotBefore);
        }

        [Fact]
        public async Task A_move_back_to_Skype_for_Business_Online_drops_the_conversion_an_earlier_move_asked_for_but_not_one_an_admin_asked_for()
        {
            var store = _file.Open(_clock);
            EnqueueRequest Move(string user, bool toTeams) => new EnqueueRequest(UserIdentity.Parse(user),
                toTeams ? SourceMeetingType.SfB : SourceMeetingType.All, toTeams ? TargetMeetingType.Teams : TargetMeetingType.Current)
            {
                Settle = true, NotBefore = _clock.UtcNow + TimeSpan.FromMinutes(5),
                Trigger = toTeams ? "MovedToTeams" : "MovedToSkypeForBusinessOnline",
            };
            await store.EnqueueAsync(Move("ada@contoso.com", toTeams: true), None);
            await store.Enqueue("bob@contoso.com", SourceMeetingType.SfB, TargetMeetingType.Teams);   // the admin's conversion

            var corrected = await store.EnqueueAsync(Move("ada@contoso.com", toTeams: false), None);
            var adminAsked = await store.EnqueueAsync(Move("bob@contoso.com", toTeams: false), None);
            var movedAgain = await store.EnqueueAsync(Move("ada@contoso.com", toTeams: true), None);

            Assert.Equal(MigrationType.ToSameType, corrected.Request.MigrationType);
            Assert.Equal("MovedToTeams, MovedToSkypeForBusinessOnline", corrected.Request.Trigger);
            Assert.Equal(MigrationType.AllToTeams, adminAsked.Request.MigrationType);
            Assert.Equal(MigrationType.AllToTeams, movedAgain.Request.MigrationType); // to Teams once more: converted again
        }

        [Fact]
        public async Task Requests_by_the_start_of_their_CorrelationId_newest_first_in_the_states_asked_for()
        {
            // What tab completion of -CorrelationId reads (IKnownRequests).
            var store = _file.Open(_clock);
            var a = await store.Enqueue("a@contoso.com");
            _clock.Advance(TimeSpan.FromMinutes(1));
            var b = await store.Enqueue("b@contoso.com");
            _clock.Advance(TimeSpan.FromMinutes(1));
            var c = await store.Enqueue("c@contoso.com");
            await store.Finish(a.Request.CorrelationId, MigrationState.Succeeded);
            var known = (IKnownRequests)store;

            async Task<string[]> Users(string prefix, MigrationState[]? states = null, int max = 10) =>
                (await known.GetRequestsByIdPrefixAsync(prefix, states, max, None)).Select(r => r.UserPrincipalName).ToArray();

            Assert.Equal(new[] { "c@contoso.com", "b@contoso.com", "a@contoso.com" }, await Users(""));
            Assert.Equal(new[] { "c@contoso.com", "b@contoso.com" }, await Users("", max: 2));
            Assert.Equal(new[] { "c@contoso.com", "b@contoso.com" }, await Users("", new[] { MigrationState.Pending, MigrationState.Failed }));
            Assert.Equal(new[] { "a@contoso.com" }, await Users("", new[] { MigrationState.Succeeded }));
            // Typed in upper case, as Get-CsMeetingMigrationStatus may show it copied from elsewhere: the whole id and a start of it.
            var bId = b.Request.CorrelationId.ToString("D");
            Assert.Equal(new[] { "b@contoso.com" }, await Users(bId.ToUpperInvariant()));
            var shortest = Enumerable.Range(1, 36).Select(n => bId.Substring(0, n))
                .First(p => new[] { a, c }.All(r => !r.Request.CorrelationId.ToString("D").StartsWith(p, StringComparison.Ordinal)));
            Assert.Equal(new[] { "b@contoso.com" }, await Users(shortest.ToUpperInvariant()));
            Assert.Empty(await Users(bId + "0"));
            Assert.Empty(await Users("not hex"));
        }
    }
}
