using System;

namespace MeetingMigration.Engine.Errors
{
    /// <summary>What kind of failure an error is; the cmdlet layer maps it to a PowerShell ErrorCategory.</summary>
    public enum ErrorKind
    {
        InvalidArgument,
        InvalidOperation,
        ObjectNotFound,
        PermissionDenied,
        ConnectionError,
        ResourceBusy,
        OperationTimeout,
        NotEnabled,
        WriteError,
    }

    /// <summary>
    /// Every error the engine reports to an admin: a stable ErrorId that scripts and tests can rely on, the offending value,
    /// and what to do about it. Messages never contain secrets.
    /// </summary>
    public class MeetingMigrationException : Exception
    {
        public MeetingMigrationException(string errorId, ErrorKind kind, string message, object? target = null,
            string? recommendedAction = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }
        public ErrorKind Kind { get; }
        public object? Target { get; }
        public string? RecommendedAction { get; }
    }
}
