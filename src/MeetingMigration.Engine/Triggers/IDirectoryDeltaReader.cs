using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>Reads directory changes (Graph users/delta); a seam so the watcher's rules can be tested without Graph.</summary>
    public interface IDirectoryDeltaReader
    {
        /// <summary>
        /// With no link, lists every user (a full sync); with a stored delta link, the users changed since. An expired link
        /// falls back to a full sync, flagged in the result, so no change is lost.
        /// </summary>
        Task<DirectoryDelta> ReadAsync(string? deltaLink, CancellationToken cancellationToken);
    }
}
