namespace MeetingMigration.Engine.Model
{
    /// <summary>One row of Get-CsMeetingMigrationStatus -SummaryOnly.</summary>
    public sealed class StateSummary
    {
        public StateSummary(MigrationState state, int userCount)
        {
            State = state;
            UserCount = userCount;
        }

        public MigrationState State { get; }
        public int UserCount { get; }
    }
}
