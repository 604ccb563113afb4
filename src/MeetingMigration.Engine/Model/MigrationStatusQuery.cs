using System;

namespace MeetingMigration.Engine.Model
{
    /// <summary>
    /// Filters of Get-CsMeetingMigrationStatus. StartTime and EndTime select by CreateDate and are both inclusive
    /// (StartTime &lt;= CreateDate &lt;= EndTime), so "10/1" to "10/8" includes requests made at exactly either instant.
    /// </summary>
    public sealed class MigrationStatusQuery
    {
        public UserIdentity? Identity { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public MigrationState? State { get; set; }
        public MigrationType? MigrationType { get; set; }
    }
}
