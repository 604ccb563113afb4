using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Issue 12, on both stores (this file is linked into the PostgreSQL test project): tenants sharing one database never
    /// see each other's rows; a worker whose lease was taken over can no longer write; one mailbox is leased to one worker.
    /// </summary>
    public sealed class TenantAndFencingTests : IDisposable
    {
        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task A_tenant_never_sees_changes_or_counts_another_tenants_requests_settings_journal_or_conferencing()
        {
            var contoso = _file.Open(_clock, "Contoso.onmicrosoft.com");
            var fabrikam = _file.Open(_clock, "fabrikam.onmicrosoft.com");

            // The same address queued in both tenants makes two requests; neither merges into the other.
            var a = (await contoso.Enqueue("ada@shared.example")).Request;
            var b = (await fabrikam.Enqueue("ada@shared.example")).Request;
            Assert.NotEqual(a.CorrelationId, b.CorrelationId);
            Assert.Equal(new[] { a.CorrelationId }, (await contoso.QueryAsync(new MigrationStatusQuery(), None)).Select(r => r.CorrelationId));
            Assert.Null(await contoso.GetAsync(b.CorrelationId, None));
            Assert.Equal(1, (await contoso.SummarizeAsync(new MigrationStatusQuery(), None)).Sum(s => s.UserCount));
            Assert.Equal(CancelOutcome.NotFound, (await contoso.CancelAsync(b.CorrelationId, None)).Outcome);
            Assert.Equal(new[] { "ada@shared.example" }, await ((IKnownUserNames)fabrikam).GetUserNamesAsync("ada", 10, None));

            // Settings: turning migration off in one tenant leaves the other's on.
            await contoso.UpdateTenantMigrationConfigurationAsync(c => c.MeetingMigrationEnabled = false, None);
            Assert.False((await contoso.GetTenantMigrationConfigurationAsync(None)).MeetingMigrationEnabled);
            Assert.True((await fabrikam.GetTenantMigrationConfigurationAsync(None)).MeetingMigrationEnabled);

            // A worker of one tenant leases only that tenant's requests.
            var lease = await contoso.TryLeaseNextAsync("w-contoso", Minute, null, None);
            Assert.Equal(a.CorrelationId, lease!.Request.CorrelationId);
            Assert.Null(await contoso.TryLeaseNextAsync("w-contoso-2", Minute, null, None));
            Assert.Null(await contoso.TryLeaseNextAsync("w-contoso-3", Minute, b.CorrelationId, None));
            var leaseB = await fabrikam.TryLeaseNextAsync("w-fabrikam", Minute, null, None);
            Assert.Equal(b.CorrelationId, leaseB!.Request.CorrelationId);

            // Journal rows are the tenant's own, by request, by user and in the audit.
            await contoso.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = a.CorrelationId, UserPrincipalName = "ada@shared.example", EventId = "evt-1", Outcome = MeetingOutcome.Updated,
            }, None);
            Assert.Single(await contoso.GetJournalAsync(a.CorrelationId, None));
            Assert.Empty(await fabrikam.GetJournalAsync(a.CorrelationId, None));
            Assert.Empty(await fabrikam.GetLatestJournalByEventAsync("ada@shared.example", None));
            Assert.Empty(fabrikam.ReadJournal(new JournalQuery(), None));
            // Asked about the user, each way the audit finds rows (the journal's UPN, the user's requests): only its own.
            var ada = UserIdentity.Parse("ada@shared.example");
            Assert.Single(contoso.ReadJournal(new JournalQuery { Identity = ada }, None));
            Assert.Empty(fabrikam.ReadJournal(new JournalQuery { Identity = ada }, None));
            Assert.Empty(fabrikam.ReadJournal(new JournalQuery { CorrelationId = a.CorrelationId }, None));
            Assert.Empty(await fabrikam.GetUndoTargetsAsync("ada@shared.example", null, None));

            // Conferencing: a bridge name and a conference ID may be used by each tenant once.
            foreach (var store in new[] { contoso, fabrikam })
            {
                await store.EditConferencingAsync(edit =>
                {
                    edit.Save(new ConferencingBridge { Name = "Main bridge", IsDefault = true });
                    return 0;
                }, None);
            }
            Assert.Single(await contoso.GetBridgesAsync(None));
            Assert.Single(await fabrikam.GetBridgesAsync(None));
            Assert.NotEqual((await contoso.GetBridgesAsync(None))[0].Identity, (await fabrikam.GetBridgesAsync(None))[0].Identity);

            // Trigger state and retention are per tenant too.
            Assert.True(await contoso.SaveTriggerStateAsync("AudioConferencingLicense", null, "{\"n\":1}", None));
            Assert.Null(await fabrikam.GetTriggerStateAsync("AudioConferencingLicense", None));
            leaseB.Request.State = MigrationState.Succeeded;
            lease.Request.State = MigrationState.Succeeded;
            Assert.True(await fabrikam.SaveLeasedAsync(leaseB, release: true, None));
            Assert.False(await fabrikam.SaveLeasedAsync(lease, release: true, None)); // another tenant's lease is not found there
            Assert.True(await contoso.SaveLeasedAsync(lease, release: true, None));
            _clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(1, await contoso.PurgeAsync(_clock.UtcNow, None));
            Assert.NotNull(await fabrikam.GetAsync(b.CorrelationId, None));
        }

        [Fact]
        public async Task The_tenant_name_is_compared_without_case_and_the_default_tenant_is_separate()
        {
            var upper = _file.Open(_clock, "CONTOSO.onmicrosoft.com");
            var lower = _file.Open(_clock, " contoso.onmicrosoft.com ");
            var none = _file.Open(_clock);

            var queued = (await upper.Enqueue("grace@contoso.com")).Request;
            Assert.NotNull(await lower.GetAsync(queued.CorrelationId, None));
            Assert.Null(await none.GetAsync(queued.CorrelationId, None));
            Assert.Equal("contoso.onmicrosoft.com", lower.Tenant);
            Assert.Equal("", none.Tenant);
        }

        [Fact]
        public void A_tenant_name_with_control_characters_is_refused_with_its_error_id()
        {
            var error = Assert.Throws<MeetingMigration.Engine.Errors.MeetingMigrationException>(() => _file.Open(_clock, "contoso\u202E.com"));
            Assert.Equal("InvalidTenantId", error.ErrorId);
        }

        [Fact]
        public async Task A_worker_whose_lease_was_taken_over_cannot_renew_save_or_journal_and_the_new_holder_can()
        {
            var store = _file.Open(_clock);
            var queued = (await store.Enqueue("ada@contoso.com")).Request;
            var stale = await store.TryLeaseNextAsync("worker-1", Minute, null, None);
            Assert.NotNull(stale);

            // worker-1 stalls past its lease (a long GC pause, a partitioned machine); worker-2 takes the request over.
            _clock.Advance(TimeSpan.FromMinutes(2));
            var current = await store.TryLeaseNextAsync("worker-2", Minute, null, None);
            Assert.Equal(queued.CorrelationId, current!.Request.CorrelationId);
            Assert.True(current.Request.LeaseFence > stale!.Request.LeaseFence);

            Assert.False(await store.RenewLeaseAsync(stale, Minute, None));
            var lost = await Assert.ThrowsAsync<LeaseLostException>(() => store.AppendJournalAsync(Row(stale.Request, "evt-stale"), None));
            Assert.Equal(queued.CorrelationId, lost.CorrelationId);
            stale.Request.State = MigrationState.Failed;
            Assert.False(await store.SaveLeasedAsync(stale, release: true, None));

            await store.AppendJournalAsync(Row(current.Request, "evt-current"), None);
            Assert.True(await store.RenewLeaseAsync(current, Minute, None));
            Assert.Equal(new[] { "evt-current" }, (await store.GetJournalAsync(queued.CorrelationId, None)).Select(j => j.EventId));
            Assert.Equal(MigrationState.InProgress, (await store.GetAsync(queued.CorrelationId, None))!.State);
        }

        [Fact]
        public async Task The_same_worker_name_after_a_restart_is_fenced_out_too()
        {
            // A service restarted on the same host may reuse its worker name: the fence, not the name, tells the attempts apart.
            var store = _file.Open(_clock);
            await store.Enqueue("ada@contoso.com");
            var before = await store.TryLeaseNextAsync("host-a", Minute, null, None);
            _clock.Advance(TimeSpan.FromMinutes(2));
            var after = await store.TryLeaseNextAsync("host-a", Minute, null, None);
            Assert.NotNull(after);
            Assert.False(await store.RenewLeaseAsync(before!, Minute, None));
            await Assert.ThrowsAsync<LeaseLostException>(() => store.AppendJournalAsync(Row(before!.Request, "evt-old"), None));
        }

        [Fact]
        public async Task Two_requests_of_one_mailbox_are_never_leased_at_once()
        {
            var store = _file.Open(_clock);
            var migration = (await store.Enqueue("ada@contoso.com")).Request;
            var undo = (await store.EnqueueUndoAsync("ada@contoso.com", null, null, MigrationType.SfbToTeams, None)).Request;
            await store.Enqueue("bob@contoso.com");

            var first = await store.TryLeaseNextAsync("worker-1", Minute, null, None);
            Assert.Equal(migration.CorrelationId, first!.Request.CorrelationId);
            // The undo of the same mailbox waits; another mailbox's request is taken meanwhile.
            var second = await store.TryLeaseNextAsync("worker-2", Minute, null, None);
            Assert.Equal("bob@contoso.com", second!.Request.UserPrincipalName);
            Assert.Null(await store.TryLeaseNextAsync("worker-3", Minute, undo.CorrelationId, None));

            first.Request.State = MigrationState.Succeeded;
            Assert.True(await store.SaveLeasedAsync(first, release: true, None));
            Assert.Equal(undo.CorrelationId, (await store.TryLeaseNextAsync("worker-3", Minute, null, None))!.Request.CorrelationId);
        }

        [Fact]
        public async Task One_service_holds_a_leader_lease_until_it_runs_out_and_then_another_takes_over()
        {
            var first = _file.Open(_clock);
            var second = _file.Open(_clock);
            Assert.True(await first.TryHoldLeadershipAsync("AudioConferencingLicense", "service-a", Minute, None));
            Assert.False(await second.TryHoldLeadershipAsync("AudioConferencingLicense", "service-b", Minute, None));
            // Another name, or the same name in another tenant, is another lease.
            Assert.True(await second.TryHoldLeadershipAsync("Reconciliation", "service-b", Minute, None));
            Assert.True(await _file.Open(_clock, "fabrikam.onmicrosoft.com").TryHoldLeadershipAsync("AudioConferencingLicense", "service-b", Minute, None));

            // The holder renews before the lease runs out and keeps it; once it stops renewing, another service takes over.
            _clock.Advance(TimeSpan.FromSeconds(50));
            Assert.True(await first.TryHoldLeadershipAsync("AudioConferencingLicense", "service-a", Minute, None));
            _clock.Advance(TimeSpan.FromSeconds(50));
            Assert.False(await second.TryHoldLeadershipAsync("AudioConferencingLicense", "service-b", Minute, None));
            _clock.Advance(TimeSpan.FromSeconds(11));
            Assert.True(await second.TryHoldLeadershipAsync("AudioConferencingLicense", "service-b", Minute, None));
            Assert.False(await first.TryHoldLeadershipAsync("AudioConferencingLicense", "service-a", Minute, None));

            // Only the holder gives a lease up, and the next service takes it at once, without waiting for it to run out.
            await first.ReleaseLeadershipAsync("AudioConferencingLicense", "service-a", None);
            Assert.False(await first.TryHoldLeadershipAsync("AudioConferencingLicense", "service-a", Minute, None));
            await second.ReleaseLeadershipAsync("AudioConferencingLicense", "service-b", None);
            Assert.True(await first.TryHoldLeadershipAsync("AudioConferencingLicense", "service-a", Minute, None));
        }

        [Fact]
        public async Task Of_many_services_asking_at_once_exactly_one_becomes_leader()
        {
            var stores = Enumerable.Range(0, 6).Select(_ => _file.Open(_clock)).ToList();
            var answers = await Task.WhenAll(stores.Select((store, i) => Task.Run(() => store.TryHoldLeadershipAsync("Reconciliation", "service-" + i, Minute, None))));
            Assert.Equal(1, answers.Count(held => held));
        }

        private static JournalEntry Row(MigrationRequest request, string eventId) => new JournalEntry
        {
            CorrelationId = request.CorrelationId,
            UserPrincipalName = request.UserPrincipalName,
            EventId = eventId,
            Outcome = MeetingOutcome.Attempting,
            LeaseOwner = request.LeaseOwner,
            LeaseFence = request.LeaseFence,
        };
    }
}
