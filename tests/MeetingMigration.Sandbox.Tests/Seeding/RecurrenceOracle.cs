using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>
/// An independent, deliberately naive expansion of the four generated patterns (walks day by day),
/// used to check that "past", "future" and "spans now" series really are what the manifest says.
/// </summary>
internal static class RecurrenceOracle
{
    public static IEnumerable<DateOnly> Dates(SeedRecurrence r)
    {
        var start = DateOnly.ParseExact(r.Range.StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        DateOnly? end = r.Range.EndDate is { } e ? DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        int limit = r.Range.Type == "numbered" ? r.Range.NumberOfOccurrences!.Value : int.MaxValue;
        var days = r.Pattern.DaysOfWeek?.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToHashSet();
        int produced = 0;
        for (var d = start; produced < limit && (end is null || d <= end) && d < start.AddDays(4000); d = d.AddDays(1))
        {
            if (!Matches(r.Pattern, start, d, days)) continue;
            produced++;
            yield return d;
        }
    }

    private static bool Matches(SeedRecurrencePattern p, DateOnly start, DateOnly d, HashSet<DayOfWeek>? days)
    {
        int months = (d.Year - start.Year) * 12 + d.Month - start.Month;
        switch (p.Type)
        {
            case "daily":
                return (d.DayNumber - start.DayNumber) % p.Interval == 0;
            case "weekly":
                var weekStart = start.AddDays(-(int)start.DayOfWeek); // firstDayOfWeek is sunday
                int weeks = (d.DayNumber - weekStart.DayNumber) / 7;
                return days!.Contains(d.DayOfWeek) && weeks % p.Interval == 0;
            case "absoluteMonthly":
                return d.Day == p.DayOfMonth && months % p.Interval == 0;
            case "relativeMonthly":
                if (!days!.Contains(d.DayOfWeek) || months % p.Interval != 0) return false;
                bool isLast = d.Day + 7 > DateTime.DaysInMonth(d.Year, d.Month);
                return p.Index == "last" ? isLast : (d.Day - 1) / 7 == Array.IndexOf(new[] { "first", "second", "third", "fourth" }, p.Index);
            default:
                throw new ArgumentOutOfRangeException(nameof(p), p.Type, "Pattern the generator should not produce.");
        }
    }
}
