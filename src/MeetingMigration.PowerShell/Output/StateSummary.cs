using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// One row of Get-CsMeetingMigrationStatus -SummaryOnly: a state and how many users are in it (MMS's table). Its own
    /// type rather than the engine's so that State is the nameable [MeetingMigration.MigrationState].
    /// </summary>
    public sealed class StateSummary
    {
        internal StateSummary(Engine.Model.StateSummary summary) : this(summary.State.ToPublic(), summary.UserCount)
        {
        }

        internal StateSummary(MigrationState state, int userCount)
        {
            State = state;
            UserCount = userCount;
        }

        public MigrationState State { get; }
        public int UserCount { get; }
    }
}
