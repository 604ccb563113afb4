namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Outcome of looking for the online-meeting block in a body.</summary>
    public enum BlockScanStatus
    {
        /// <summary>Exactly one block, delimited with certainty.</summary>
        Found,

        /// <summary>No block (a loose, hand-pasted join link does not count as one).</summary>
        NotFound,

        /// <summary>More than one candidate block, or fence lines that pair up in more than one way.</summary>
        Ambiguous,

        /// <summary>A block starts but its end cannot be found (truncated, a fence missing, markup crossing the block edge).</summary>
        Unbalanced,
    }
}
