using MeetingMigration.Engine.Configuration;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>
    /// The tenant's switches, applied to every automatic trigger in one place: MeetingMigrationEnabled $false stops them
    /// all; AutomaticallyMigrateUserMeetings $false stops the audio-conferencing ones (moves still trigger, as in MMS).
    /// Start-CsExMeetingMigration is not a trigger and is refused on its own terms.
    /// </summary>
    public static class TriggerPolicy
    {
        /// <summary>The reasons <see cref="WhyNotQueued"/> gives, so callers can say what to run about each.</summary>
        public const string MigrationDisabled = "MeetingMigrationEnabled is false";
        public const string AutomaticMigrationDisabled = "AutomaticallyMigrateUserMeetings is false";

        /// <summary>Why a trigger queues nothing now; null when it queues.</summary>
        public static string? WhyNotQueued(string trigger, TenantMigrationConfiguration configuration, DialInConferencingTenantSettings dialIn)
        {
            if (!configuration.MeetingMigrationEnabled) return MigrationDisabled;
            if (TriggerNames.IsAudioConferencing(trigger) && !dialIn.AutomaticallyMigrateUserMeetings) return AutomaticMigrationDisabled;
            return null;
        }
    }
}
