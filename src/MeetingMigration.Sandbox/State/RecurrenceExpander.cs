using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Turns a series master into occurrence dates, the way Exchange expands patternedRecurrence:
/// dates are computed in the start's time zone, each occurrence keeps the master's wall-clock start and duration.
/// </summary>
internal static class RecurrenceExpander
{
    /// <summary>Occurrence dates in order, stopping after <paramref name="lastDate"/> or at the range's end/count.</summary>
    public static IEnumerable<DateOnly> Dates(RecurrenceRule rule, DateOnly lastDate)
    {
        var produced = 0;
        foreach (var date in RawDates(rule, lastDate))
        {
            if (date < rule.StartDate) continue;
            if (rule.RangeType == "endDate" && rule.EndDate is { } end && date > end) yield break;
            if (rule.RangeType == "numbered" && produced >= rule.NumberOfOccurrences) yield break;
            if (date > lastDate) yield break;
            produced++;
            yield return date;
        }
    }

    private static IEnumerable<DateOnly> RawDates(RecurrenceRule rule, DateOnly lastDate)
    {
        var interval = Math.Max(1, rule.Interval);
        var start = rule.StartDate;
        // Patterns are unbounded; the caller's lastDate (or the range) ends the walk. The guard stops runaway loops.
        var hardStop = lastDate.AddDays(400);
        switch (rule.PatternType)
        {
            case "daily":
                for (var d = start; d <= hardStop; d = d.AddDays(interval)) yield return d;
                break;
            case "weekly":
            {
                var days = rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : new[] { start.DayOfWeek };
                var weekStart = start.AddDays(-(((int)start.DayOfWeek - (int)rule.FirstDayOfWeek + 7) % 7));
                var ordered = days.Distinct().OrderBy(d => ((int)d - (int)rule.FirstDayOfWeek + 7) % 7).ToArray();
                for (var w = weekStart; w <= hardStop; w = w.AddDays(7 * interval))
                    foreach (var day in ordered)
                        yield return w.AddDays(((int)day - (int)rule.FirstDayOfWeek + 7) % 7);
                break;
            }
            case "absoluteMonthly":
            case "relativeMonthly":
            case "absoluteYearly":
            case "relativeYearly":
            {
                var yearly = rule.PatternType.EndsWith("Yearly", StringComparison.Ordinal);
                var step = yearly ? 12 * interval : interval;
                var first = new DateOnly(start.Year, yearly && rule.Month is >= 1 and <= 12 ? rule.Month : start.Month, 1);
                for (var m = first; m <= hardStop; m = m.AddMonths(step))
                {
                    var date = rule.PatternType.StartsWith("absolute", StringComparison.Ordinal)
                        ? AbsoluteDay(m, rule.DayOfMonth > 0 ? rule.DayOfMonth : start.Day)
                        : RelativeDay(m, rule.Index, rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : new[] { start.DayOfWeek });
                    yield return date;
                }
                break;
            }
        }
    }

    // Outlook puts "day 31" on the month's last day when the month is shorter.
    private static DateOnly AbsoluteDay(DateOnly month, int day) =>
        new(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));

    private static DateOnly RelativeDay(DateOnly month, string index, IReadOnlyList<DayOfWeek> days)
    {
        var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
        var matches = Enumerable.Range(1, daysInMonth).Select(d => new DateOnly(month.Year, month.Month, d))
            .Where(d => days.Contains(d.DayOfWeek)).ToList();
        var position = index switch { "second" => 1, "third" => 2, "fourth" => 3, "last" => -1, _ => 0 };
        return position < 0 ? matches[^1] : matches[Math.Min(position, matches.Count - 1)];
    }
}
