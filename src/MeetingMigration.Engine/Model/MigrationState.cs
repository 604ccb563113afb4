namespace MeetingMigration.Engine.Model
{
    /// <summary>Lifecycle of a migration request, as Get-CsMeetingMigrationStatus reports it.</summary>
    public enum MigrationState
    {
        Pending,
        InProgress,
        Failed,
        Succeeded,
    }
}
