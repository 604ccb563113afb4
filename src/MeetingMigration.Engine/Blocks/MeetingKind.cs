namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Which conferencing service inserted an online-meeting block.</summary>
    public enum MeetingKind
    {
        SkypeForBusiness,
        Teams,
    }
}
