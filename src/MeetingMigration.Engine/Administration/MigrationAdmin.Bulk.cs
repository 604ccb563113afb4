using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Administration
{
    /// <summary>The outcome of one request of a batch: queued (or merged), or refused with the reason.</summary>
    public sealed class StartOutcome
    {
        internal StartOutcome(EnqueueRequest request, EnqueueResult? queued, MeetingMigrationException? refused)
        {
            Request = request;
            Queued = queued;
            Refused = refused;
        }

        public EnqueueRequest Request { get; }
        public EnqueueResult? Queued { get; }
        public MeetingMigrationException? Refused { get; }
    }

    public sealed partial class MigrationAdmin
    {
        /// <summary>
        /// Queues requests made by <see cref="PrepareStartAsync"/> as one batch: the tenant switch is read once, and the
        /// store writes them in one transaction when it can (<see cref="IBulkEnqueueStore"/>). When meeting migration is
        /// turned off, every request is refused on its own (MigrationDisabled naming its user) and nothing is written.
        /// A store failure throws: then none of the batch was queued.
        /// </summary>
        public async Task<IReadOnlyList<StartOutcome>> StartManyAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken)
        {
            var outcomes = new List<StartOutcome>(requests.Count);
            if (requests.Count == 0) return outcomes;
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!configuration.MeetingMigrationEnabled)
            {
                foreach (var request in requests) outcomes.Add(new StartOutcome(request, null, MigrationDisabled(request.User)));
                return outcomes;
            }

            IReadOnlyList<EnqueueResult> queued;
            if (_store is IBulkEnqueueStore bulk)
            {
                queued = await bulk.EnqueueManyAsync(requests, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var each = new List<EnqueueResult>(requests.Count);
                foreach (var request in requests) each.Add(await _store.EnqueueAsync(request, cancellationToken).ConfigureAwait(false));
                queued = each;
            }
            for (var i = 0; i < requests.Count; i++)
            {
                queued[i].UserNotCheckedBecause = requests[i].NotCheckedBecause;
                outcomes.Add(new StartOutcome(requests[i], queued[i], null));
            }
            return outcomes;
        }
    }
}
