using System.Collections.Generic;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>What an import did (or, validated only, would do), row by row counted once.</summary>
    public sealed class DialInUserImportSummary
    {
        public string Path { get; set; } = "";
        /// <summary>True when the rows were only checked (-WhatIf): the counts say what an import would do; nothing was written.</summary>
        public bool WhatIf { get; set; }
        /// <summary>Data rows read (the header not counted).</summary>
        public int Rows { get; set; }
        /// <summary>Users the store did not have: recorded as they are, with no migration (a baseline is not a change).</summary>
        public int Created { get; set; }
        /// <summary>Users whose data changed.</summary>
        public int Updated { get; set; }
        /// <summary>Users whose row matched what the store holds already.</summary>
        public int Unchanged { get; set; }
        /// <summary>Rows not applied, each reported as an error.</summary>
        public int Failed { get; set; }
        /// <summary>Updated users whose change queued a migration (or was merged into their Pending one).</summary>
        public int Queued { get; set; }
        /// <summary>Updated users whose change would have queued a migration but a tenant switch is off.</summary>
        public int NotQueued { get; set; }
        /// <summary>Why those were not queued (TriggerPolicy's reason); null when none was held back.</summary>
        public string? NotQueuedBecause { get; set; }
        /// <summary>Rows whose toll-free cell held a list's type name (Export-Csv's), so their toll-free numbers were left as stored.</summary>
        public int TollFreeLeftAsItIs { get; set; }
        /// <summary>The toll-free column's name as the header writes it.</summary>
        public string TollFreeColumn { get; set; } = "TollFreeServiceNumber";
        /// <summary>Header columns the import does not read, as written.</summary>
        public List<string> IgnoredColumns { get; set; } = new List<string>();
        /// <summary>The first <see cref="MaxNamed"/> of the users counted in <see cref="NotQueued"/>, in file order.</summary>
        public List<string> NotQueuedUsers { get; set; } = new List<string>();

        /// <summary>How many users not queued the summary names: a tenant-wide import must not make it as large as the file.</summary>
        public const int MaxNamed = 100;
    }

    /// <summary>How far an import is: reported after each batch.</summary>
    public sealed class DialInUserImportProgress
    {
        public DialInUserImportProgress(int rowsRead, int totalRows, int failed)
        {
            RowsRead = rowsRead;
            TotalRows = totalRows;
            Failed = failed;
        }

        public int RowsRead { get; }
        /// <summary>Data rows in the file (counted before anything is applied).</summary>
        public int TotalRows { get; }
        public int Failed { get; }
    }
}
