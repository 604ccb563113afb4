using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    public sealed class LeaseTests : IDisposable
    {
        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task A_lease_says_what_an_undo_takes_back_and_nothing_for_a_migration()
        {
            var store = _file.Open(_clock);
            var migration = await store.Enqueue("ada@contoso.com");
            await store.Finish(migration.Request.CorrelationId, MigrationState.Succeeded);
            // One second apart, so the queue's order is theirs.
            _clock.Advance(TimeSpan.FromSeconds(1));
            await store.EnqueueUndoAsync("ada@contoso.com", null, migration.Request.CorrelationId, MigrationType.ToSameType, None);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await store.EnqueueUndoAsync("bob@contoso.com", null, null, MigrationType.ToSameType, None);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await store.Enqueue("cy@contoso.com");

            var ofOne = (await store.TryLeaseNextAsync("w", Minute, null, None))!;
            var ofAll = (await store.TryLeaseNextAsync("w", Minute, null, None))!;
            var plain = (await store.TryLeaseNextAsync("w", Minute, null, None))!;

            Assert.Equal(migration.Request.CorrelationId.ToString("D"), ofOne.UndoScope);
            Assert.Equal("", ofAll.UndoScope);
            Assert.Null(plain.UndoScope);
            Assert.Equal(await store.GetUndoScopeAsync(ofOne.Request.CorrelationId, None), ofOne.UndoScope);
        }

        [Fact]
        public async Task TimeUntilNextDue_says_how_long_until_the_next_request_becomes_runnable_by_the_stores_clock_whatever_made_it_wait()
        {
            var store = _file.Open(_clock);
            Assert.Null(await store.TimeUntilNextDueAsync(None));

            var later = _clock.UtcNow.AddMinutes(7);
            await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("a@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current) { NotBefore = later }, None);
            Assert.Equal(TimeSpan.FromMinutes(7), await store.TimeUntilNextDueAsync(None));

            await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("b@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None);
            Assert.Equal(TimeSpan.Zero, await store.TimeUntilNextDueAsync(None));

            // b is leased: the next thing due is a's time, or b's lease running out, whichever is first.
            var lease = await store.TryLeaseNextAsync("w", Minute, null, None);
            Assert.Equal("b@contoso.com", lease!.Request.UserPrincipalName);
            Assert.Equal(lease.LeaseExpires.AddTicks(1) - _clock.UtcNow, await store.TimeUntilNextDueAsync(None));
            _clock.Advance(TimeSpan.FromMinutes(2)); // by the store's clock, b's lease has run out: due since
            Assert.True(await store.TimeUntilNextDueAsync(None) < TimeSpan.Zero);
        }

        [Fact]
        public async Task The_other_running_request_of_a_user_is_found_with_its_lease_and_only_that_users()
        {
            var store = _file.Open(_clock);
            await store.Enqueue("Ada@Contoso.com");
            var running = (await store.TryLeaseNextAsync("session-1", Minute, null, None))!;
            var queued = (await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None)).Request;
            await store.Enqueue("bob@contoso.com");
            var bob = (await store.TryLeaseNextAsync("service", Minute, null, None))!;
            Assert.Equal("bob@contoso.com", bob.Request.UserPrincipalName);

            var other = await store.GetOtherRunningAsync(queued, None);

            Assert.NotNull(other);
            Assert.Equal(running.Request.CorrelationId, other!.CorrelationId);
            Assert.Equal("session-1", other.LeaseOwner);
            Assert.Equal(running.LeaseExpires, other.LeaseExpires);
            Assert.Null(await store.GetOtherRunningAsync(running.Request, None)); // not itself; the queued one is Pending
            Assert.Null(await store.GetOtherRunningAsync(bob.Request, None));     // another user's request is not in the way
        }

        [Fact]
        public async Task A_request_asked_for_by_id_waits_for_a_sibling_whose_worker_died_which_its_session_resumes_first()
        {
            var store = _file.Open(_clock);
            var dead = (await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), None)).Request;
            Assert.NotNull(await store.TryLeaseNextAsync("session-1", Minute, dead.CorrelationId, None));
            _clock.Advance(Minute + Minute); // session-1 died: its lease ran out
            var queued = (await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.Teams, TargetMeetingType.Current), None)).Request;
            Assert.NotEqual(dead.CorrelationId, queued.CorrelationId);

            // Found by an outside review: the lease ran out between SessionRunner's look at the dead request and its lease of
            // the queued one, which then ran while the dead one stayed InProgress for ever. Now it waits.
            Assert.Null(await store.TryLeaseNextAsync("session-2", Minute, queued.CorrelationId, None));
            Assert.Equal(dead.CorrelationId, (await store.GetOtherRunningAsync(queued, None))!.CorrelationId);
            Assert.Equal(dead.CorrelationId, (await store.TryLeaseNextAsync("session-2", Minute, dead.CorrelationId, None))!.Request.CorrelationId);
        }

        [Fact]
        public async Task Two_stores_and_many_workers_never_get_the_same_request()
        {
            var first = _file.Open(_clock);
            var second = _file.Open(_clock);
            const int requests = 60;
            for (var i = 0; i < requests; i++) await first.Enqueue($"user{i}@contoso.com");

            var taken = new ConcurrentBag<(string Worker, Guid Id)>();
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var store = w % 2 == 0 ? first : second;
                var worker = $"worker-{w}";
                while (true)
                {
                    var lease = await store.TryLeaseNextAsync(worker, TimeSpan.FromHours(1), null, None);
                    if (lease == null) return;
                    Assert.Equal(MigrationState.InProgress, lease.Request.State);
                    taken.Add((worker, lease.Request.CorrelationId));
                }
            })).ToArray();
            await Task.WhenAll(workers);

            var ids = taken.Select(t => t.Id).ToList();
            Assert.Equal(requests, ids.Count);
            Assert.Equal(requests, ids.Distinct().Count());
            var all = await first.QueryAsync(new MigrationStatusQuery(), None);
            Assert.All(all, r => Assert.Equal(MigrationState.InProgress, r.State));
        }

        [Fact]
        public async Task An_expired_lease_is_taken_over_and_the_old_owner_can_neither_save_nor_renew()
        {
            var store = _file.Open(_clock);
            var queued = await store.Enqueue("ada@contoso.com");
            var old = await store.TryLeaseNextAsync("old", Minute, null, None);
            Assert.NotNull(old);

            _clock.Advance(TimeSpan.FromSeconds(59));
            Assert.Null(await store.TryLeaseNextAsync("new", Minute, null, None));

            _clock.Advance(TimeSpan.FromSeconds(2));
            var taken = await store.TryLeaseNextAsync("new", Minute, null, None);
            Assert.NotNull(taken);
            Assert.Equal(queued.Request.CorrelationId, taken!.Request.CorrelationId);
            Assert.Equal(0, taken.Request.RetryCount); // a takeover is not a retry

            old!.Request.State = MigrationState.Succeeded;
            Assert.False(await store.SaveLeasedAsync(old, release: true, None));
            Assert.False(await store.RenewLeaseAsync(old, Minute, None));
            Assert.Equal(MigrationState.InProgress, (await store.GetAsync(queued.Request.CorrelationId, None))!.State);

            taken.Request.State = MigrationState.Succeeded;
            Assert.True(await store.SaveLeasedAsync(taken, release: true, None));
            Assert.Equal(MigrationState.Succeeded, (await store.GetAsync(queued.Request.CorrelationId, None))!.State);
        }

        [Fact]
        public async Task Renewing_a_lease_keeps_other_workers_out_until_the_new_expiry()
        {
            var store = _file.Open(_clock);
            await store.Enqueue("ada@contoso.com");
            var lease = await store.TryLeaseNextAsync("a", Minute, null, None);
            var start = _clock.UtcNow;

            _clock.Advance(TimeSpan.FromSeconds(50));
            Assert.True(await store.RenewLeaseAsync(lease!, Minute, None));
            Assert.Equal(start.AddSeconds(110), lease!.LeaseExpires);

            _clock.Advance(TimeSpan.FromSeconds(30)); // past the first expiry, before the renewed one
            Assert.Null(await store.TryLeaseNextAsync("b", Minute, null, None));

            _clock.Advance(TimeSpan.FromSeconds(31));
            Assert.NotNull(await store.TryLeaseNextAsync("b", Minute, null, None));
        }

        [Fact]
        public async Task Saving_without_release_keeps_the_lease()
        {
            var store = _file.Open(_clock);
            await store.Enqueue("ada@contoso.com");
            var lease = await store.TryLeaseNextAsync("a", Minute, null, None);
            lease!.Request.SucceededMeeting = 3;

            Assert.True(await store.SaveLeasedAsync(lease, release: false, None));

            Assert.Null(await store.TryLeaseNextAsync("b", Minute, null, None));
            Assert.True(await store.RenewLeaseAsync(lease, Minute, None));
            Assert.Equal(3, (await store.GetAsync(lease.Request.CorrelationId, None))!.SucceededMeeting);
        }

        [Fact]
        public async Task Requests_are_leased_only_when_due_oldest_due_first_and_only_the_one_asked_for()
        {
            var store = _file.Open(_clock);
            var later = await store.Enqueue("later@contoso.com", notBefore: _clock.UtcNow.AddMinutes(90));
            _clock.Advance(TimeSpan.FromSeconds(1));
            var second = await store.Enqueue("second@contoso.com");
            var third = await store.Enqueue("third@contoso.com");

            var only = await store.TryLeaseNextAsync("w", Minute, third.Request.CorrelationId, None);
            Assert.Equal(third.Request.CorrelationId, only!.Request.CorrelationId);
            Assert.Null(await store.TryLeaseNextAsync("w", Minute, later.Request.CorrelationId, None));

            var next = await store.TryLeaseNextAsync("w", Minute, null, None);
            Assert.Equal(second.Request.CorrelationId, next!.Request.CorrelationId);
            Assert.Null(await store.TryLeaseNextAsync("w", Minute, null, None));

            _clock.Advance(TimeSpan.FromMinutes(90));
            Assert.Equal(later.Request.CorrelationId, (await store.TryLeaseNextAsync("w", Minute, later.Request.CorrelationId, None))!.Request.CorrelationId);
        }

        [Fact]
        public async Task A_request_waiting_for_its_retry_is_Pending_leased_again_only_when_the_retry_is_due_and_the_retry_is_counted()
        {
            var store = _file.Open(_clock);
            var retrying = await store.Enqueue("r@contoso.com");
            var waiting = await store.Finish(retrying.Request.CorrelationId, MigrationState.Pending, retryScheduled: true, notBefore: _clock.UtcNow.AddMinutes(3));
            Assert.True(waiting.AwaitingRetry);
            var final = await store.Enqueue("f@contoso.com");
            await store.Finish(final.Request.CorrelationId, MigrationState.Failed, retryScheduled: false);

            Assert.Null(await store.TryLeaseNextAsync("w", Minute, null, None));
            _clock.Advance(TimeSpan.FromMinutes(3));
            var lease = await store.TryLeaseNextAsync("w", Minute, null, None);

            Assert.Equal(retrying.Request.CorrelationId, lease!.Request.CorrelationId);
            Assert.Equal(1, lease.Request.RetryCount);
            var stored = (await store.GetAsync(retrying.Request.CorrelationId, None))!;
            Assert.Equal(1, stored.RetryCount);
            Assert.False(stored.RetryScheduled);
            Assert.Equal(MigrationState.InProgress, stored.State);
            _clock.Advance(TimeSpan.FromDays(365));
            Assert.Null(await store.TryLeaseNextAsync("w", TimeSpan.FromDays(400), final.Request.CorrelationId, None));
        }
    }
}
