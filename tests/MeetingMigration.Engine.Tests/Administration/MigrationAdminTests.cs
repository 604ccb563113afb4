using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Tests.Model;
using MeetingMigration.Engine.Tests.Store;
using MeetingMigration.Engine.Users;
using Xunit;

namespace MeetingMigration.Engine.Tests.Administration
{
    internal sealed class FakeDirectory : IUserDirectory
    {
        private readonly Dictionary<string, DirectoryUser> _users = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
        public int Lookups { get; private set; }

        public DirectoryUser Add(string upn)
        {
            var user = new DirectoryUser(Guid.NewGuid(), upn, upn);
            _users[upn] = user;
            _users[user.Id.ToString("D")] = user;
            return user;
        }

        /// <summary>Thrown by every look-up when set (Graph throttling or busy past the call's budget, or refusing it).</summary>
        public Exception? Failure { get; set; }

        public Task<DirectoryUser?> FindAsync(UserIdentity identity, CancellationToken cancellationToken)
        {
            Lookups++;
            if (Failure != null) return Task.FromException<DirectoryUser?>(Failure);
            return Task.FromResult(_users.TryGetValue(identity.Value, out var user) ? user : null);
        }
    }

    public sealed class MigrationAdminTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task An_end_time_before_the_start_time_is_refused_before_anything_is_purged()
        {
            var store = _file.Open(_clock);
            var old = await store.Enqueue("old@contoso.com");
            await store.Finish(old.Request.CorrelationId, MigrationState.Succeeded);
            _clock.Advance(TimeSpan.FromDays(200));                      // past the 150-day retention
            var admin = new MigrationAdmin(store, _clock);
            var query = new MigrationStatusQuery { StartTime = _clock.UtcNow, EndTime = _clock.UtcNow.AddTicks(-1) };

            var status = await Assert.ThrowsAsync<MeetingMigrationException>(() => admin.GetStatusAsync(query, None));
            var summary = await Assert.ThrowsAsync<MeetingMigrationException>(() => admin.GetSummaryAsync(query, None));

            Assert.Equal(ErrorIds.InvalidTimeRange, status.ErrorId);
            Assert.Equal(ErrorIds.InvalidTimeRange, summary.ErrorId);
            Assert.NotNull(await store.GetAsync(old.Request.CorrelationId, None));
        }

        /// <summary>
        /// Leases are the store's (a PostgreSQL server's clock): status read on a machine whose clock runs ahead of the
        /// server's said a running request's worker had stopped, and Stop-CsMeetingMigration said its lease had run out.
        /// </summary>
        [Fact]
        public async Task A_running_request_is_judged_by_the_stores_clock_not_the_sessions()
        {
            var store = _file.Open(_clock);
            var running = await store.Enqueue("busy@contoso.com");
            Assert.NotNull(await store.TryLeaseNextAsync("service", TimeSpan.FromMinutes(2), null, None));
            var admin = new MigrationAdmin(store, new ManualClock(_clock.UtcNow.AddMinutes(5))); // this machine, five minutes ahead

            var shown = Assert.Single(await admin.GetStatusAsync(new MigrationStatusQuery(), None));
            var stop = await Assert.ThrowsAsync<MeetingMigrationException>(() => admin.CancelAsync(running.Request.CorrelationId, None));

            Assert.DoesNotContain("stopped without finishing", shown.LastMessage);
            Assert.Contains("held by service until", stop.Message);
        }

        [Fact]
        public async Task Reading_status_purges_finished_records_past_retention_first()
        {
            var store = _file.Open(_clock);
            await store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { StatusRetentionDays = 10 }, None);
            var old = await store.Enqueue("old@contoso.com");
            await store.Finish(old.Request.CorrelationId, MigrationState.Succeeded);
            _clock.Advance(TimeSpan.FromDays(11));
            await store.Enqueue("new@contoso.com");
            var admin = new MigrationAdmin(store, _clock);

            var rows = await admin.GetStatusAsync(new MigrationStatusQuery { StartTime = _clock.UtcNow, EndTime = _clock.UtcNow }, None);

            Assert.Equal("new@contoso.com", Assert.Single(rows).UserPrincipalName);
            Assert.Null(await store.GetAsync(old.Request.CorrelationId, None));
        }

        [Fact]
        public async Task Starting_is_refused_when_meeting_migration_is_turned_off()
        {
            var store = _file.Open(_clock);
            await store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { MeetingMigrationEnabled = false }, None);
            var admin = new MigrationAdmin(store, _clock);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() =>
                admin.StartAsync(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None));

            Assert.Equal(ErrorIds.MigrationDisabled, error.ErrorId);
            Assert.Empty(await store.QueryAsync(new MigrationStatusQuery(), None));
        }

        [Fact]
        public async Task A_user_the_directory_does_not_know_is_refused_and_nothing_is_queued()
        {
            var store = _file.Open(_clock);
            var directory = new FakeDirectory();
            directory.Add("ada@contoso.com");
            var admin = new MigrationAdmin(store, _clock, directory);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() =>
                admin.StartAsync(UserIdentity.Parse("ghost@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None));

            Assert.Equal(ErrorIds.UserNotFound, error.ErrorId);
            Assert.Equal("ghost@contoso.com", error.Target);
            Assert.Empty(await store.QueryAsync(new MigrationStatusQuery(), None));
        }

        /// <summary>
        /// Throttled past the look-up's budget, Start refused the user with GraphUnavailable and queued nothing, while the
        /// message spoke of "the request's next retry" (outside probe L): a bulk Start during throttling skipped those users.
        /// </summary>
        [Theory]
        [InlineData(429)]
        [InlineData(503)]
        public async Task A_directory_that_stays_busy_leaves_the_user_queued_unchecked_saying_why_alone_and_in_a_batch(int status)
        {
            var store = _file.Open(_clock);
            var directory = new FakeDirectory { Failure = new GraphCallException(status, "TooManyRequests", "Graph asked to wait 400 s.", TimeSpan.FromSeconds(400)) };
            var admin = new MigrationAdmin(store, _clock, directory);

            var alone = await admin.StartAsync(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None);
            var prepared = await admin.PrepareStartAsync(UserIdentity.Parse("bob@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None);
            var batch = Assert.Single(await admin.StartManyAsync(new[] { prepared }, None));

            foreach (var (queued, upn) in new[] { (alone, "ada@contoso.com"), (batch.Queued!, "bob@contoso.com") })
            {
                Assert.Equal($"{status} TooManyRequests: Graph asked to wait 400 s.", queued.UserNotCheckedBecause);
                var stored = (await store.GetAsync(queued.Request.CorrelationId, None))!;
                Assert.Equal((MigrationState.Pending, upn, (Guid?)null), (stored.State, stored.UserPrincipalName, stored.UserId));
            }
        }

        /// <summary>Outside probe M: "nothing was queued" while the request queued unchecked for that address waited Pending.</summary>
        [Fact]
        public async Task A_user_the_directory_does_not_have_is_refused_naming_a_request_queued_for_the_address_unchecked()
        {
            var store = _file.Open(_clock);
            var directory = new FakeDirectory { Failure = new GraphCallException(429, "TooManyRequests", "Graph asked to wait 400 s.") };
            var admin = new MigrationAdmin(store, _clock, directory);
            var queuedUnchecked = await admin.StartAsync(UserIdentity.Parse("ghost@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None);
            directory.Failure = null;

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() =>
                admin.StartAsync(UserIdentity.Parse("ghost@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None));

            Assert.Equal(ErrorIds.UserNotFound, error.ErrorId);
            Assert.Contains($"nothing was queued. Queued for this address before, unchecked: request {queuedUnchecked.Request.CorrelationId:D} (Pending), which fails when it runs", error.Message);
            Assert.Contains("Stop-CsMeetingMigration -Identity 'ghost@contoso.com'", error.Message);
        }

        [Fact]
        public async Task A_directory_that_refuses_the_look_up_still_refuses_the_user()
        {
            var store = _file.Open(_clock);
            var directory = new FakeDirectory { Failure = new GraphCallException(403, "ErrorAccessDenied", "Access is denied.") };
            var admin = new MigrationAdmin(store, _clock, directory);

            await Assert.ThrowsAsync<GraphCallException>(() =>
                admin.StartAsync(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None));

            Assert.Empty(await store.QueryAsync(new MigrationStatusQuery(), None));
        }

        [Fact]
        public async Task A_user_the_directory_knows_is_queued_under_the_directory_id_and_upn()
        {
            var store = _file.Open(_clock);
            var directory = new FakeDirectory();
            var ada = directory.Add("Ada.Shaw@contoso.com");
            var admin = new MigrationAdmin(store, _clock, directory);

            var result = await admin.StartAsync(UserIdentity.Parse(ada.Id.ToString("B")), SourceMeetingType.SfB, TargetMeetingType.Teams, None);

            Assert.False(result.Merged);
            var stored = (await store.GetAsync(result.Request.CorrelationId, None))!;
            Assert.Equal(ada.Id, stored.UserId);
            Assert.Equal("Ada.Shaw@contoso.com", stored.UserPrincipalName);
            Assert.Equal(MigrationType.SfbToTeams, stored.MigrationType);
            var byUpn = await admin.GetStatusAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse("ada.shaw@contoso.com") }, None);
            Assert.Single(byUpn);
        }

        [Fact]
        public async Task Without_a_directory_an_object_id_is_queued_as_the_user_id()
        {
            var store = _file.Open(_clock);
            var admin = new MigrationAdmin(store, _clock);
            var id = Guid.NewGuid();

            var result = await admin.StartAsync(UserIdentity.Parse(id.ToString()), SourceMeetingType.All, TargetMeetingType.Current, None);

            Assert.Equal(id, (await store.GetAsync(result.Request.CorrelationId, None))!.UserId);
            Assert.Single(await admin.GetStatusAsync(new MigrationStatusQuery { Identity = UserIdentity.Parse(id.ToString()) }, None));
        }

        [Fact]
        public async Task The_summary_lists_all_four_states()
        {
            var store = _file.Open(_clock);
            var admin = new MigrationAdmin(store, _clock);
            await admin.StartAsync(UserIdentity.Parse("ada@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current, None);

            var summary = await admin.GetSummaryAsync(new MigrationStatusQuery(), None);

            Assert.Equal(4, summary.Count);
            Assert.Equal(1, summary.Single(s => s.State == MigrationState.Pending).UserCount);
        }
    }
}
