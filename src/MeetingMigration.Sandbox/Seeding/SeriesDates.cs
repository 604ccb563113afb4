using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Dates of a generated series (the four patterns <see cref="RecurrenceFactory"/> makes, first day of week Sunday), so the
/// generator can pick real occurrences to turn into exceptions. The sandbox's import checks every pick against its own
/// expansion, so a mistake here fails seeding rather than producing a wrong tenant.
/// </summary>
internal static class SeriesDates
{
    private static readonly string[] Indexes = { "first", "second", "third", "fourth" };

    public static IEnumerable<DateOnly> Of(SeedRecurrence r)
    {
        var start = DateOnly.ParseExact(r.Range.StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        DateOnly? end = r.Range.EndDate is { } e ? DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        int limit = r.Range.Type == "numbered" ? r.Range.NumberOfOccurrences ?? 0 : int.MaxValue;
        var days = r.Pattern.DaysOfWeek?.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToHashSet();
        int produced = 0;
        // Generated series last at most about a year; the bound only guards against a malformed range.
        for (var d = start; produced < limit && (end is null || d <= end) && d < start.AddDays(3000); d = d.AddDays(1))
        {
            if (!Matches(r.Pattern, start, d, days)) continue;
            produced++;
            yield return d;
        }
    }

    private static bool Matches(SeedRecurrencePattern p, DateOnly start, DateOnly d, HashSet<DayOfWeek>? days)
    {
        int months = (d.Year - start.Year) * 12 + d.Month - start.Month;
        return p.Type switch
        {
            "daily" => (d.DayNumber - start.DayNumber) % p.Interval == 0,
            "weekly" => days!.Contains(d.DayOfWeek) && (d.DayNumber - start.AddDays(-(int)start.DayOfWeek).DayNumber) / 7 % p.Interval == 0,
            "absoluteMonthly" => d.Day == p.DayOfMonth && months % p.Interval == 0,
            "relativeMonthly" => days!.Contains(d.DayOfWeek) && months % p.Interval == 0
                && (p.Index == "last" ? d.Day + 7 > DateTime.DaysInMonth(d.Year, d.Month) : (d.Day - 1) / 7 == Array.IndexOf(Indexes, p.Index)),
            _ => throw new ArgumentOutOfRangeException(nameof(p), p.Type, "Not a pattern the generator makes."),
        };
    }
}
