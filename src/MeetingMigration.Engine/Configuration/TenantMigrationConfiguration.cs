using System;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Configuration
{
    /// <summary>
    /// The tenant's MMS switch (Get/Set-CsTenantMigrationConfiguration) and the service settings MMS keeps internally
    /// (retry limit and window, retention, the deliberate delay before a queued request runs).
    /// </summary>
    public sealed class TenantMigrationConfiguration
    {
        public const string GlobalIdentity = "Global";

        public string Identity { get; set; } = GlobalIdentity;
        /// <summary>When false, no request is processed and triggers queue nothing; Start-CsExMeetingMigration is refused.</summary>
        public bool MeetingMigrationEnabled { get; set; } = true;
        /// <summary>Automatic retries after a failed attempt (MMS: 9).</summary>
        public int UserRetryLimit { get; set; } = 9;
        /// <summary>The span the retries are spread over (MMS: 24 hours).</summary>
        public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);
        /// <summary>Status records created longer ago than this are purged (MMS: 150 days).</summary>
        public int StatusRetentionDays { get; set; } = 150;
        /// <summary>
        /// The settle window of automatic triggers: a triggered request waits this long after the user's last trigger, so
        /// several changes in a row (a license, then a move) make one migration with the final coordinates. MMS waits at
        /// least 90 minutes; 5 minutes is enough here because merging, not waiting, prevents double updates; 0 runs at once.
        /// Start-CsExMeetingMigration is an explicit admin request and runs without this delay.
        /// </summary>
        public TimeSpan TriggerDelay { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>Graph's calendarView and instances take at most this many days at a time.</summary>
        public const int MaxHorizonDays = 1825;

        /// <summary>How far ahead meetings are searched; Graph's calendarView takes at most <see cref="MaxHorizonDays"/> days.</summary>
        public int HorizonDays { get; set; } = MaxHorizonDays;

        public TenantMigrationConfiguration Clone() => (TenantMigrationConfiguration)MemberwiseClone();

        public void Validate()
        {
            if (!string.Equals(Identity, GlobalIdentity, StringComparison.OrdinalIgnoreCase))
                throw Invalid(nameof(Identity), Identity, "The tenant has one migration configuration, named 'Global'.");
            if (UserRetryLimit < 0 || UserRetryLimit > 100)
                throw Invalid(nameof(UserRetryLimit), UserRetryLimit, "Give a number of retries from 0 to 100.");
            if (RetryWindow < TimeSpan.Zero || RetryWindow > TimeSpan.FromDays(30))
                throw Invalid(nameof(RetryWindow), RetryWindow, "Give a retry window from 0 to 30 days.");
            if (StatusRetentionDays < 1 || StatusRetentionDays > 3650)
                throw Invalid(nameof(StatusRetentionDays), StatusRetentionDays, "Give a retention from 1 to 3650 days.");
            if (TriggerDelay < TimeSpan.Zero || TriggerDelay > TimeSpan.FromDays(7))
                throw Invalid(nameof(TriggerDelay), TriggerDelay, "Give a delay from 0 to 7 days.");
            if (HorizonDays < 1 || HorizonDays > MaxHorizonDays)
                throw Invalid(nameof(HorizonDays), HorizonDays, "Give a horizon from 1 to 1825 days (Graph's calendarView limit).");
        }

        internal static MeetingMigrationException Invalid(string property, object? value, string what) =>
            new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                $"{property} cannot be {QuotedValue.Of(value)}. {what}", value, what);
    }
}
