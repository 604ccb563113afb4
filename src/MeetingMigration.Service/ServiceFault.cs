using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using MeetingMigration.Service.Configuration;

namespace MeetingMigration.Service;

/// <summary>
/// A failure the service cannot work through: the host is stopped and the process exits with the reason on stderr.
/// - Its store file deleted under it: <see cref="ServiceExitCodes.Failed"/>, so a service manager restarts it on a new file
///   instead of it running on, unseen, against the old one. Replaced under it: <see cref="ServiceExitCodes.Configuration"/>,
///   as the replaced file's -wal at the path must be deleted before anything opens the new file.
/// - Its store found damaged: <see cref="ServiceExitCodes.Configuration"/>, as when it is found damaged at the start, since a
///   restart does not mend it. Found by an outside probe: a worker loop logged the damage, retried, and went on finishing
///   requests on the damaged file, which the message itself says not to do.
/// </summary>
public sealed class ServiceFault(IHostApplicationLifetime lifetime, ILogger<ServiceFault> logger, IMigrationStore store)
{
    private Exception? _failure;
    private int _exitCode = ServiceExitCodes.Failed;

    /// <summary>What stopped the service; null while it runs or when it stopped as asked.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>The exit code for <see cref="Failure"/>.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>Stops the service for <paramref name="failure"/> when it is one the service cannot go on with; false otherwise.</summary>
    public bool StopIfFatal(Exception failure)
    {
        var (fatal, exitCode) = failure switch
        {
            // Deleted: a restart makes a new store at the path (the deleted file's log removed on the way out). Replaced: the
            // replaced file's log is still at the path, and a restart would apply it to the new file (outside probe U:
            // the unit restarted the service within 100 ms, and the new store's requests were silently swapped for the old
            // one's), so nothing restarts it until someone deletes it, as the line says.
            MeetingMigrationException { ErrorId: ErrorIds.StoreReplaced } => (failure, File.Exists(store.Location) ? ServiceExitCodes.Configuration : ServiceExitCodes.Failed),
            _ when StoreFailures.IsDamage(failure) => (StoreFailures.Explain(failure, store.Location) ?? failure, ServiceExitCodes.Configuration),
            _ => ((Exception?)null, 0),
        };
        if (fatal == null) return false;
        if (Interlocked.CompareExchange(ref _failure, fatal, null) == null)
        {
            Volatile.Write(ref _exitCode, exitCode);
            logger.LogCritical("{Message} The service stops (exit code {ExitCode}): {Action}", fatal.Message, exitCode, (fatal as MeetingMigrationException)?.RecommendedAction);
            lifetime.StopApplication();
        }
        return true;
    }
}
