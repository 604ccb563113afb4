namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// A row of an import that was not applied: where it is (row, line, column) and, as the inner exception, the rule it
    /// broke. The ErrorId, offending value and recommended action are the rule's, so a script matches on the same
    /// ErrorIds as for Set-CsOnlineDialInConferencingUser (InvalidImportRow when the row itself cannot be read).
    /// </summary>
    public sealed class ImportRowException : Errors.MeetingMigrationException
    {
        public ImportRowException(long row, long line, string? column, Errors.MeetingMigrationException cause)
            : base(cause.ErrorId, cause.Kind,
                $"Row {row} (line {line}) was not imported{(column == null ? "" : $" (column {column})")}: {cause.Message}",
                cause.Target, cause.RecommendedAction, cause)
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
