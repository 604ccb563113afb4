using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>EnqueueManyAsync (one transaction per batch) and the Pending lookup by address or object id it relies on.</summary>
    public sealed class BulkEnqueueTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        private static EnqueueRequest Request(string user, Guid? id = null) =>
            new EnqueueRequest(UserIdentity.Parse(user), SourceMeetingType.All, TargetMeetingType.Current) { UserId = id };

        [Fact]
        public async Task A_batch_queues_each_user_in_order_and_merges_a_user_named_twice()
        {
            var store = _file.Open(_clock);
            var results = await store.EnqueueManyAsync(new[] { Request("a@contoso.com"), Request("b@contoso.com"), Request("sip:A@contoso.com") }, None);

            Assert.Equal(new[] { false, false, true }, results.Select(r => r.Merged));
            Assert.Equal(results[0].Request.CorrelationId, results[2].Request.CorrelationId);
            var all = await store.QueryAsync(new MigrationStatusQuery(), None);
            // The manual clock gives the batch one creation time, so the stored order is not asserted here.
            Assert.Equal(new[] { "a@contoso.com", "b@contoso.com" }, all.Select(r => r.UserPrincipalName).OrderBy(u => u, StringComparer.Ordinal));
        }

        [Fact]
        public async Task A_request_with_a_known_object_id_merges_into_the_pending_request_of_that_id_whatever_its_address()
        {
            var store = _file.Open(_clock);
            var id = Guid.NewGuid();
            var first = await store.Enqueue(id.ToString("B"), userId: id);
            var second = (await store.EnqueueManyAsync(new[] { Request("ada@contoso.com", id) }, None)).Single();

            Assert.True(second.Merged);
            Assert.Equal(first.Request.CorrelationId, second.Request.CorrelationId);
        }

        [Fact]
        public async Task A_finished_request_is_not_merged_into()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com");
            await store.Finish(first.Request.CorrelationId, MigrationState.Succeeded);

            var again = (await store.EnqueueManyAsync(new[] { Request("ada@contoso.com") }, None)).Single();

            Assert.False(again.Merged);
            Assert.NotEqual(first.Request.CorrelationId, again.Request.CorrelationId);
        }

        [Fact]
        public async Task StartManyAsync_refuses_each_user_on_its_own_when_migration_is_off_and_writes_nothing()
        {
            var store = _file.Open(_clock);
            await store.UpdateTenantMigrationConfigurationAsync(c => c.MeetingMigrationEnabled = false, None);
            var admin = new MigrationAdmin(store, _clock);

            var outcomes = await admin.StartManyAsync(new[] { Request("a@contoso.com"), Request("b@contoso.com") }, None);

            Assert.All(outcomes, o => Assert.Equal(ErrorIds.MigrationDisabled, o.Refused!.ErrorId));
            Assert.Equal(new object?[] { "a@contoso.com", "b@contoso.com" }, outcomes.Select(o => o.Refused!.Target));
            Assert.Empty(await store.QueryAsync(new MigrationStatusQuery(), None));
        }
    }
}
