using System;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>The one place exceptions become ErrorRecords: stable ErrorIds, the offending value as target, what to do.</summary>
    internal static class ErrorMapper
    {
        public static ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            exception = Unwrap(exception);
            if (exception is EngineError known)
            {
                var record = new ErrorRecord(ToPublic(known), known.ErrorId, Category(known.Kind), TargetOf(known, target));
                if (known.RecommendedAction != null)
                    record.ErrorDetails = new ErrorDetails(known.Message) { RecommendedAction = known.RecommendedAction };
                return record;
            }
            if (exception is OperationCanceledException)
                return new ErrorRecord(exception, ErrorIds.Cancelled, ErrorCategory.OperationStopped, target);
            return new ErrorRecord(exception, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target)
            {
                // The exception's text may repeat a value it failed on: escaped and bounded like a quoted value.
                ErrorDetails = new ErrorDetails($"Unexpected error: {QuotedValue.Inert(exception.Message, 600)}")
                {
                    RecommendedAction = "Run the command again with -Verbose; if it keeps failing, report it with the message above.",
                },
            };
        }

        public static ErrorRecord Create(string errorId, ErrorKind kind, string message, object? target, string recommendedAction) =>
            ToErrorRecord(new EngineError(errorId, kind, message, target, recommendedAction), target);

        /// <summary>
        /// What the ErrorRecord is about: the engine's offending value, but for a failure of the Graph connection itself
        /// (unreachable, the token refused, Graph busy) the pipeline item it stopped, when the cmdlet names one. Found by
        /// an outside probe: a CSV piped into Start with Graph unreachable gave one error per row, each targeting the
        /// endpoint, so $ErrorVariable could not tell which rows were not queued. The endpoint stays in the message and
        /// in the exception's Target.
        /// </summary>
        private static object? TargetOf(EngineError error, object? item)
        {
            switch (error.ErrorId)
            {
                case ErrorIds.GraphUnreachable:
                case ErrorIds.GraphUnavailable:
                case ErrorIds.AuthenticationFailed:
                    return item ?? error.Target;
                default:
                    return error.Target ?? item;
            }
        }

        /// <summary>
        /// The engine's error as the module's public exception, which scripts can name (the engine's type is in the module's
        /// private load context). Its cause is kept: an import row's rule becomes a public error too; anything else (a
        /// failed Graph call, SQLite's error) stays as it is.
        /// </summary>
        private static MeetingMigration.MeetingMigrationException ToPublic(EngineError error)
        {
            var inner = error.InnerException is EngineError cause ? ToPublic(cause) : error.InnerException;
            return error is Engine.Conferencing.ImportRowException row
                ? new MeetingMigration.ImportRowException(row.ErrorId, row.Message, row.Target, row.RecommendedAction, inner, row.Row, row.Line, row.Column)
                : new MeetingMigration.MeetingMigrationException(error.ErrorId, error.Message, error.Target, error.RecommendedAction, inner);
        }

        private static Exception Unwrap(Exception exception)
        {
            while (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1)
                exception = aggregate.InnerExceptions[0];
            return exception;
        }

        private static ErrorCategory Category(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ErrorKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case ErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case ErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case ErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case ErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case ErrorKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                case ErrorKind.NotEnabled: return ErrorCategory.NotEnabled;
                case ErrorKind.WriteError: return ErrorCategory.WriteError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
