using System;

namespace MeetingMigration
{
    /// <summary>
    /// The exception of every error a MeetingMigration cmdlet writes, as a script catches it:
    /// <c>catch [MeetingMigration.MeetingMigrationException] { $_.Exception.ErrorId }</c>. The engine's own exception lives
    /// in the module's private load context, where pwsh cannot name it: a typed catch on it failed with "Unable to find
    /// type" and hid the real error (found by an outside probe). The ErrorRecord around it has the same ErrorId,
    /// category, target and recommended action.
    /// </summary>
    public class MeetingMigrationException : Exception
    {
        internal MeetingMigrationException(string errorId, string message, object? target, string? recommendedAction, Exception? inner)
            : base(message, inner)
        {
            ErrorId = errorId;
            Target = target;
            RecommendedAction = recommendedAction;
        }

        /// <summary>The stable ErrorId (the first part of the ErrorRecord's FullyQualifiedErrorId).</summary>
        public string ErrorId { get; }

        /// <summary>The offending value, or what the error is about.</summary>
        public object? Target { get; }

        /// <summary>What to do about it.</summary>
        public string? RecommendedAction { get; }
    }

    /// <summary>
    /// A row of Import-CsOnlineDialInConferencingUser's file that was not applied: where it is and, as the inner
    /// exception, the rule it broke (with that rule's ErrorId, as Set-CsOnlineDialInConferencingUser reports it).
    /// </summary>
    public sealed class ImportRowException : MeetingMigrationException
    {
        internal ImportRowException(string errorId, string message, object? target, string? recommendedAction, Exception? inner,
            long row, long line, string? column)
            : base(errorId, message, target, recommendedAction, inner)
        {
            Row = row;
            Line = line;
            Column = column;
        }

        /// <summary>1-based data row (the header is not counted).</summary>
        public long Row { get; }

        /// <summary>1-based line of the file where the row starts.</summary>
        public long Line { get; }

        /// <summary>The column as the header names it; null when the row as a whole is wrong.</summary>
        public string? Column { get; }
    }
}
