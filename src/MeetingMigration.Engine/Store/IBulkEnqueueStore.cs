using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// A store that can queue many requests in one write transaction. Queuing a 10,000-user CSV one transaction per user
    /// pays a commit (and, in another process, a lock round trip) per user; a batch of a few hundred pays one. Kept apart
    /// from <see cref="IMigrationStore"/> so other stores (and test doubles) need not implement it: callers fall back to
    /// one EnqueueAsync per request.
    /// </summary>
    public interface IBulkEnqueueStore
    {
        /// <summary>
        /// Queues each request (or merges it into its user's Pending one, earlier requests of the same batch included),
        /// in order, all in one transaction: either all are queued or, when it throws, none.
        /// </summary>
        Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken);
    }
}
