namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>Where a user's meetings are hosted: what a recorded move changes, and what their new meetings are.</summary>
    public enum MeetingHome
    {
        /// <summary>Skype for Business Server, on-premises.</summary>
        SkypeForBusinessServer,
        /// <summary>Skype for Business Online.</summary>
        SkypeForBusinessOnline,
        /// <summary>Teams (TeamsOnly).</summary>
        Teams,
    }
}
