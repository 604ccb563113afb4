using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Service;

/// <summary>
/// A failure the service cannot work through (its store file deleted or replaced under it): the host is stopped and the
/// process exits with <see cref="ServiceExitCodes.Failed"/> and the reason, so a service manager restarts it on the file
/// now at the path instead of it running on, unseen, against the old one.
/// </summary>
public sealed class ServiceFault(IHostApplicationLifetime lifetime, ILogger<ServiceFault> logger)
{
    private Exception? _failure;

    /// <summary>What stopped the service; null while it runs or when it stopped as asked.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Stops the service for <paramref name="failure"/> when it is one the service cannot go on with; false otherwise.</summary>
    public bool StopIfFatal(Exception failure)
    {
        if (failure is not MeetingMigrationException { ErrorId: ErrorIds.StoreReplaced }) return false;
        if (Interlocked.CompareExchange(ref _failure, failure, null) == null)
        {
            logger.LogCritical("{Message} The service stops (exit code 1): {Action}", failure.Message, ((MeetingMigrationException)failure).RecommendedAction);
            lifetime.StopApplication();
        }
        return true;
    }
}
