using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The users a store knows (queued for migration, or holding audio-conferencing data), by address: what tab completion
    /// of -Identity offers. Apart from <see cref="IMigrationStore"/> so other stores need not implement it (no completion then).
    /// </summary>
    public interface IKnownUserNames
    {
        /// <summary>Up to <paramref name="max"/> addresses starting with <paramref name="prefix"/> (any case), in order.</summary>
        Task<IReadOnlyList<string>> GetUserNamesAsync(string prefix, int max, CancellationToken cancellationToken);
    }
}
