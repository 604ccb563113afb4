namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>Who provides a user's audio conferencing.</summary>
    public enum ConferencingProvider
    {
        /// <summary>Microsoft's audio conferencing bridge: Teams meetings take their dial-in details from Graph.</summary>
        Microsoft,
        /// <summary>A third-party audio conferencing provider (ACP): the store holds the dial-in details.</summary>
        ThirdParty,
        /// <summary>A bridge the organization runs itself: the store holds the dial-in details.</summary>
        SelfManaged,
    }
}
