using System;
using System.Globalization;

namespace MeetingMigration.Engine.Errors
{
    /// <summary>
    /// An instant as messages write it, "2026-12-07 09:00:00Z": Gregorian years and colons whatever the culture of the
    /// session or service that writes it. Messages are kept in the store and read by admins in other cultures; a format
    /// string alone follows the current culture (a Thai session wrote the year 2569, a Finnish one 09.00.00).
    /// </summary>
    public static class UtcText
    {
        public static string Of(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

        /// <summary>As <see cref="Of(DateTime)"/>; an unknown instant is written as nothing, as the format string did.</summary>
        public static string Of(DateTime? utc) => utc is { } known ? Of(known) : "";
    }
}
