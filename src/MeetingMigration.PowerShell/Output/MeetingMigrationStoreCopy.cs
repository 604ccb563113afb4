namespace MeetingMigration.PowerShell.Output
{
    /// <summary>What Copy-MeetingMigrationStore copied: where from, where to (never a password), and rows per kind.</summary>
    public sealed class MeetingMigrationStoreCopy
    {
        public string Source { get; internal set; } = "";
        public string Destination { get; internal set; } = "";
        public int Requests { get; internal set; }
        public int JournalEntries { get; internal set; }
        public int Settings { get; internal set; }
        public int DialInUsers { get; internal set; }
        public int Bridges { get; internal set; }
    }
}
