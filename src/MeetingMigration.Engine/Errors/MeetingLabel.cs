using System;
using System.Globalization;

namespace MeetingMigration.Engine.Errors
{
    /// <summary>How a message names one meeting: its subject, quoted and made inert, and its start in UTC when known.</summary>
    public static class MeetingLabel
    {
        /// <summary>"'Weekly sync' (2026-12-07 09:00Z)", or "'Weekly sync'" for a meeting whose start is not known.</summary>
        public static string Of(string? subject, DateTime? startUtc) =>
            startUtc is { } start
                ? QuotedValue.Of(subject) + " (" + start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z)"
                : QuotedValue.Of(subject); // subjects come from anyone who sends an invitation
    }
}
