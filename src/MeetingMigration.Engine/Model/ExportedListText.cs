using System;

namespace MeetingMigration.Engine.Model
{
    /// <summary>
    /// What Export-Csv writes in a cell for a list property: the list's type name ("System.Collections.Generic.List`1[System.String]",
    /// "System.Object[]"), not its items. A column holding it cannot be restored from the file; readers leave that value as
    /// it is stored and say so, instead of refusing it as a bad value or, worse, taking it for one.
    /// </summary>
    public static class ExportedListText
    {
        public static bool IsTypeName(string? cell)
        {
            if (cell == null) return false;
            var text = cell.Trim();
            return text.StartsWith("System.Collections.Generic.List`1", StringComparison.Ordinal)
                || text.StartsWith("System.Collections.Generic.IReadOnlyList`1", StringComparison.Ordinal)
                || text == "System.Object[]" || text == "System.String[]";
        }

        /// <summary>The warning for a column left as it is, in the words every cmdlet uses for it.</summary>
        public static string LeftAsItIs(string column, string? how = null) =>
            $"{column} was left as it is: the file holds its type name, not its values (Export-Csv cannot write lists)." + (how == null ? "" : " " + how);
    }
}
