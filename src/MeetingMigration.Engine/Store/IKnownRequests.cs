using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The requests a store holds, by the start of their CorrelationId: what tab completion of -CorrelationId offers. Apart
    /// from <see cref="IMigrationStore"/> so other stores need not implement it (no completion then).
    /// </summary>
    public interface IKnownRequests
    {
        /// <summary>
        /// Up to <paramref name="max"/> requests whose CorrelationId ("D" format) starts with <paramref name="prefix"/> (any
        /// case) and, when <paramref name="states"/> is given, in one of those states; newest first.
        /// </summary>
        Task<IReadOnlyList<MigrationRequest>> GetRequestsByIdPrefixAsync(string prefix, IReadOnlyCollection<MigrationState>? states, int max,
            CancellationToken cancellationToken);
    }
}
