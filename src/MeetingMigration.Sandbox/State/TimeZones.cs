using System;
using System.Collections.Concurrent;
using System.Globalization;

namespace MeetingMigration.Sandbox;

/// <summary>Resolves the Windows or IANA zone names Graph accepts and converts wall-clock times.</summary>
internal static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static TimeZoneInfo? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return TimeZoneInfo.Utc;
        return Cache.GetOrAdd(name.Trim(), static n =>
        {
            if (n.Equals("UTC", StringComparison.OrdinalIgnoreCase) || n.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase)
                || n.Equals("tzone://Microsoft/Utc", StringComparison.OrdinalIgnoreCase))
                return TimeZoneInfo.Utc;
            try { return TimeZoneInfo.FindSystemTimeZoneById(n); }
            catch (TimeZoneNotFoundException) { return null; }
            catch (InvalidTimeZoneException) { return null; }
        });
    }

    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone == TimeZoneInfo.Utc) return DateTime.SpecifyKind(unspecified, DateTimeKind.Utc);
        // A wall-clock time skipped by a DST jump does not exist; move it forward an hour as Outlook does.
        if (zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    public static DateTime FromUtc(DateTime utc, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);

    /// <summary>Builds a stored time from Graph's {dateTime, timeZone}; null when either part is unusable.</summary>
    public static ZonedTime? Parse(string? dateTime, string? timeZone)
    {
        if (dateTime is null) return null;
        var zone = Find(timeZone);
        if (zone is null) return null;
        if (!DateTime.TryParse(dateTime, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed)) return null;
        // A value with an offset or Z is already absolute; otherwise it is wall-clock time in the given zone.
        DateTime local;
        if (parsed.Kind == DateTimeKind.Utc || parsed.Kind == DateTimeKind.Local)
        {
            var offset = DateTimeOffset.Parse(dateTime, CultureInfo.InvariantCulture);
            local = FromUtc(offset.UtcDateTime, zone);
        }
        else local = parsed;
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new ZonedTime(local, string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone!, ToUtc(local, zone));
    }

    /// <summary>Graph's dateTime format: seven fractional digits, no offset.</summary>
    public static string Format(DateTime wallClock) => wallClock.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    public static string FormatUtcOffset(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatOffset(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
