using System.Collections.Generic;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// What Import-CsOnlineDialInConferencingUser did (or, with -WhatIf, would do). The engine's summary, copied into the
    /// module's assembly so that a script can name its type ([MeetingMigration.PowerShell.Output.DialInUserImportSummary]);
    /// same properties in the same order.
    /// </summary>
    public sealed class DialInUserImportSummary
    {
        internal DialInUserImportSummary(Engine.Conferencing.DialInUserImportSummary s)
        {
            Path = s.Path;
            WhatIf = s.WhatIf;
            Rows = s.Rows;
            Created = s.Created;
            Updated = s.Updated;
            Unchanged = s.Unchanged;
            Failed = s.Failed;
            Queued = s.Queued;
            NotQueued = s.NotQueued;
            NotQueuedBecause = s.NotQueuedBecause;
            TollFreeLeftAsItIs = s.TollFreeLeftAsItIs;
            TollFreeColumn = s.TollFreeColumn;
            IgnoredColumns = new List<string>(s.IgnoredColumns);
            NotQueuedUsers = new List<string>(s.NotQueuedUsers);
        }

        public string Path { get; }
        public bool WhatIf { get; }
        public int Rows { get; }
        public int Created { get; }
        public int Updated { get; }
        public int Unchanged { get; }
        public int Failed { get; }
        public int Queued { get; }
        public int NotQueued { get; }
        public string? NotQueuedBecause { get; }
        /// <summary>Rows whose toll-free cell held a list's type name (Export-Csv's): their toll-free numbers were left as stored.</summary>
        public int TollFreeLeftAsItIs { get; }
        /// <summary>The toll-free column's name as the file's header writes it.</summary>
        public string TollFreeColumn { get; }
        public List<string> IgnoredColumns { get; }
        /// <summary>The users counted in NotQueued (the first 100), in file order.</summary>
        public List<string> NotQueuedUsers { get; }
    }
}
