namespace MeetingMigration.Shell
{
    /// <summary>The README's main job; completed by the engine issue (sandbox tenant, queue, wait, summary).</summary>
    internal static class Demo
    {
        public static int Run(Hosting.ShellSession session, ShellOptions options) =>
            session.Execute("Get-CsMeetingMigrationStatus -SummaryOnly") ? 0 : 1;
    }
}
