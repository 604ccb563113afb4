using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore : IBulkEnqueueStore
    {
        public Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken)
        {
            if (requests.Count == 0) return Task.FromResult<IReadOnlyList<EnqueueResult>>(new EnqueueResult[0]);
            // The same per-request logic as EnqueueAsync, inside one write transaction: a later request for a user sees the
            // Pending row an earlier one of this batch created and merges into it, as two separate calls would.
            // Its statements are kept prepared for the batch (WithBatchCommands): the same few for every user.
            return WriteAsync<IReadOnlyList<EnqueueResult>>((connection, transaction) => WithBatchCommands(connection, () =>
            {
                var queued = new List<EnqueueResult>(requests.Count);
                foreach (var request in requests)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    queued.Add(Enqueue(connection, transaction, request));
                }
                return (IReadOnlyList<EnqueueResult>)queued;
            }), cancellationToken);
        }
    }
}
