using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Moving an embedded store to another store (RelationalMigrationStore.CopyAll): linked into the PostgreSQL test
    /// project, where the destination is a PostgreSQL schema; here it is another file.
    /// </summary>
    public sealed class StoreCopyTests : IDisposable
    {
        private readonly TempStoreFile _destination = new TempStoreFile();
        private readonly string _sourceFolder = Path.Combine(Path.GetTempPath(), "mm-copy-" + Guid.NewGuid().ToString("N"));
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose()
        {
            _destination.Dispose();
            try { Directory.Delete(_sourceFolder, recursive: true); } catch (IOException) { }
        }

        [Fact]
        public async Task Every_tenants_requests_journal_settings_and_conferencing_arrive_and_the_copy_works_as_a_store()
        {
            using var source = SqliteMigrationStore.Open(Path.Combine(_sourceFolder, "store.db"), _clock);
            var contoso = source.ForTenant("contoso.onmicrosoft.com");
            var done = (await source.Enqueue("ada@contoso.com")).Request;
            var lease = await source.TryLeaseNextAsync("w", TimeSpan.FromMinutes(1), done.CorrelationId, None);
            await source.AppendJournalAsync(new JournalEntry { CorrelationId = done.CorrelationId, UserPrincipalName = "ada@contoso.com", EventId = "e1", Outcome = MeetingOutcome.Attempting, Subject = "Weekly ünïcode ✓", OldBlock = "old", NewBlock = "new", NewBlockHash = "h" }, None);
            // Kept without its blocks, which the copy must read back from the Attempting row above.
            await source.AppendJournalAsync(new JournalEntry { CorrelationId = done.CorrelationId, UserPrincipalName = "ada@contoso.com", EventId = "e1", Outcome = MeetingOutcome.Updated, Start = _clock.UtcNow.AddDays(3), OldBlock = "old", NewBlock = "new", NewBlockHash = "h", BlocksOnAttemptingRow = true, GraphRequestId = "rq-1" }, None);
            lease!.Request.State = MigrationState.Succeeded;
            await source.SaveLeasedAsync(lease, release: true, None);
            await source.Enqueue("bob@contoso.com");
            var other = (await contoso.Enqueue("bob@contoso.com")).Request;
            await contoso.UpdateTenantMigrationConfigurationAsync(c => c.MeetingMigrationEnabled = false, None);
            await new ConferencingAdmin(source).SetUserAsync(UserIdentity.Parse("ada@contoso.com"), new DialInUserUpdate { ConferenceId = "4715832" }, createIfMissing: true, None);
            await source.EditConferencingAsync(edit => { edit.Save(new ConferencingBridge { Name = "Main", IsDefault = true }); return 0; }, None);

            var copy = RelationalMigrationStore.CopyAll(source, _destination.Open(_clock), None);
            Assert.Equal(3, copy.Rows["requests"]);
            Assert.Equal(2, copy.Rows["journal"]);

            var target = _destination.Open(_clock);
            Assert.Equal((await source.QueryAsync(new MigrationStatusQuery(), None)).Select(Describe), (await target.QueryAsync(new MigrationStatusQuery(), None)).Select(Describe));
            var targetContoso = target.ForTenant("contoso.onmicrosoft.com");
            Assert.Equal(new[] { other.CorrelationId }, (await targetContoso.QueryAsync(new MigrationStatusQuery(), None)).Select(r => r.CorrelationId));
            Assert.False((await targetContoso.GetTenantMigrationConfigurationAsync(None)).MeetingMigrationEnabled);
            Assert.True((await target.GetTenantMigrationConfigurationAsync(None)).MeetingMigrationEnabled);
            Assert.Equal("4715832", (await target.GetDialInUserAsync("ada@contoso.com", None))!.ConferenceId);
            Assert.Equal("Main", Assert.Single(await target.GetBridgesAsync(None)).Name);

            var journal = await target.GetJournalAsync(done.CorrelationId, None);
            Assert.Equal(new[] { MeetingOutcome.Attempting, MeetingOutcome.Updated }, journal.Select(j => j.Outcome));
            Assert.Equal("Weekly ünïcode ✓", journal[0].Subject);
            Assert.Null(journal[0].Start);
            Assert.Equal(_clock.UtcNow.AddDays(3), journal[1].Start);
            Assert.Equal("rq-1", journal[1].GraphRequestId);
            Assert.Equal(("old", "new"), (journal[1].OldBlock, journal[1].NewBlock));

            // The copy is a working store: a new journal row comes after the copied ones, and the queue runs on.
            await target.AppendJournalAsync(new JournalEntry { CorrelationId = done.CorrelationId, UserPrincipalName = "ada@contoso.com", EventId = "e1", Outcome = MeetingOutcome.Restored }, None);
            Assert.Equal(MeetingOutcome.Restored, (await target.GetLatestJournalByEventAsync("ada@contoso.com", None))["e1"].Outcome);
            Assert.Equal("bob@contoso.com", (await target.TryLeaseNextAsync("w2", TimeSpan.FromMinutes(1), null, None))!.Request.UserPrincipalName);
        }

        [Fact]
        public async Task A_destination_that_holds_data_is_refused_and_left_as_it_was()
        {
            using var source = SqliteMigrationStore.Open(Path.Combine(_sourceFolder, "store.db"), _clock);
            await source.Enqueue("ada@contoso.com");
            var target = _destination.Open(_clock);
            await target.Enqueue("someone@fabrikam.com");

            var refused = Assert.Throws<MeetingMigrationException>(() => RelationalMigrationStore.CopyAll(source, target, None));
            Assert.Equal("StoreNotEmpty", refused.ErrorId);
            Assert.Equal(new[] { "someone@fabrikam.com" }, (await target.QueryAsync(new MigrationStatusQuery(), None)).Select(r => r.UserPrincipalName));
        }

        private static string Describe(MigrationRequest r) =>
            $"{r.CorrelationId} {r.UserPrincipalName} {r.State} {r.CreateDate:O} {r.NotBefore:O} {r.MigrationType} {r.InvitesUpdate} {r.Trigger}";
    }
}
