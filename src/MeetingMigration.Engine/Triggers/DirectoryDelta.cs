using System.Collections.Generic;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>The result of one delta read: the users it returned and the link to ask for the next changes.</summary>
    public sealed class DirectoryDelta
    {
        public DirectoryDelta(IReadOnlyList<DirectoryUserChange> users, string deltaLink, bool isFullSync)
        {
            Users = users;
            DeltaLink = deltaLink;
            IsFullSync = isFullSync;
        }

        public IReadOnlyList<DirectoryUserChange> Users { get; }
        public string DeltaLink { get; }
        /// <summary>
        /// True when every user was listed (first pass, or the old delta link had expired): a user of the baseline who is
        /// absent is gone, not merely unchanged.
        /// </summary>
        public bool IsFullSync { get; }
    }
}
