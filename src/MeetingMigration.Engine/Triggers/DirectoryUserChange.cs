using System;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>One user as a directory delta reports them: changed (with their current plans) or removed.</summary>
    public sealed class DirectoryUserChange
    {
        public DirectoryUserChange(Guid id, string? userPrincipalName, bool removed, bool? hasAudioConferencing)
        {
            Id = id;
            UserPrincipalName = userPrincipalName;
            Removed = removed;
            HasAudioConferencing = hasAudioConferencing;
        }

        public Guid Id { get; }
        public string? UserPrincipalName { get; }
        /// <summary>Deleted (or out of scope): no mailbox left to migrate, so the user just leaves the baseline.</summary>
        public bool Removed { get; }
        /// <summary>
        /// Whether the Audio Conferencing plan is enabled now; null when the answer carried no assignedPlans, in which case
        /// nothing is concluded (a missing property is not a removed license).
        /// </summary>
        public bool? HasAudioConferencing { get; }
    }
}
