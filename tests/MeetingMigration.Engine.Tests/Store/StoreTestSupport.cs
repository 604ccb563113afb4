using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    internal static class StoreTestSupport
    {
        public static readonly CancellationToken None = CancellationToken.None;

        public static Task<EnqueueResult> Enqueue(this IMigrationStore store, string user,
            SourceMeetingType source = SourceMeetingType.All, TargetMeetingType target = TargetMeetingType.Current, Guid? userId = null, DateTime? notBefore = null)
        {
            var request = new EnqueueRequest(UserIdentity.Parse(user), source, target) { UserId = userId, NotBefore = notBefore };
            return store.EnqueueAsync(request, None);
        }

        /// <summary>Runs a queued request through a lease to the given end state, as a worker would.</summary>
        public static async Task<MigrationRequest> Finish(this IMigrationStore store, Guid correlationId, MigrationState state,
            bool retryScheduled = false, DateTime? notBefore = null, string worker = "finisher")
        {
            var lease = await store.TryLeaseNextAsync(worker, TimeSpan.FromMinutes(5), correlationId, None);
            Assert.NotNull(lease);
            lease!.Request.State = state;
            lease.Request.RetryScheduled = retryScheduled;
            if (notBefore != null) lease.Request.NotBefore = notBefore.Value;
            Assert.True(await store.SaveLeasedAsync(lease, release: true, None));
            return (await store.GetAsync(correlationId, None))!;
        }
    }
}
