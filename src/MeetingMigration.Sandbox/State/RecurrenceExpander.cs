using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Turns a series master into occurrence dates, the way Exchange expands patternedRecurrence:
/// dates are computed in the start's time zone, each occurrence keeps the master's wall-clock start and duration.
/// </summary>
/// <remarks>
/// The walk is plain date arithmetic into a list the caller reuses, and it starts at the period that holds
/// <c>firstWanted</c> when the range does not count occurrences (a numbered range has to count from its start). A calendar
/// page expands every series of a mailbox over five years; iterators, LINQ and walks from each series' start cost about a
/// millisecond per page (issue 9). The dates are those the former iterator-based expander gave (the tests compare them).
/// </remarks>
internal static class RecurrenceExpander
{
    /// <summary>Occurrence dates in order, stopping after <paramref name="lastDate"/> or at the range's end/count.</summary>
    public static List<DateOnly> Dates(RecurrenceRule rule, DateOnly lastDate)
    {
        var dates = new List<DateOnly>();
        AddDates(rule, DateOnly.MinValue, lastDate, dates);
        return dates;
    }

    /// <summary>
    /// Adds the occurrence dates from <paramref name="firstWanted"/> through <paramref name="lastDate"/> (or the range's
    /// end or count), in order.
    /// </summary>
    public static void AddDates(RecurrenceRule rule, DateOnly firstWanted, DateOnly lastDate, List<DateOnly> into)
    {
        var walk = new Walk(rule, firstWanted, lastDate, into);
        var interval = Math.Max(1, rule.Interval);
        var start = rule.StartDate;
        // Patterns are unbounded; the range or lastDate ends the walk. The guard stops runaway loops.
        var hardStop = lastDate.AddDays(400);
        // Whole periods before firstWanted can be skipped unless occurrences are counted from the range's start.
        var skip = rule.RangeType != "numbered" && firstWanted > start;
        switch (rule.PatternType)
        {
            case "daily":
            {
                var d = start;
                if (skip) d = d.AddDays((firstWanted.DayNumber - start.DayNumber) / interval * interval);
                for (; d <= hardStop; d = d.AddDays(interval))
                    if (!walk.Offer(d)) return;
                break;
            }
            case "weekly":
            {
                var first = (int)rule.FirstDayOfWeek;
                var offsets = WeekOffsets(rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : new[] { start.DayOfWeek }, first);
                var weekStart = start.AddDays(-(((int)start.DayOfWeek - first + 7) % 7));
                var step = 7 * interval;
                if (skip && firstWanted.DayNumber - weekStart.DayNumber >= step)
                    weekStart = weekStart.AddDays((firstWanted.DayNumber - weekStart.DayNumber) / step * step);
                for (var w = weekStart; w <= hardStop; w = w.AddDays(step))
                    foreach (var offset in offsets)
                        if (!walk.Offer(w.AddDays(offset))) return;
                break;
            }
            case "absoluteMonthly":
            case "relativeMonthly":
            case "absoluteYearly":
            case "relativeYearly":
            {
                var yearly = rule.PatternType.EndsWith("Yearly", StringComparison.Ordinal);
                var absolute = rule.PatternType.StartsWith("absolute", StringComparison.Ordinal);
                var step = yearly ? 12 * interval : interval;
                var m = new DateOnly(start.Year, yearly && rule.Month is >= 1 and <= 12 ? rule.Month : start.Month, 1);
                if (skip)
                {
                    var months = (firstWanted.Year - m.Year) * 12 + firstWanted.Month - m.Month;
                    if (months > 0) m = m.AddMonths(months / step * step);
                }
                var dayOfMonth = rule.DayOfMonth > 0 ? rule.DayOfMonth : start.Day;
                var days = rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : new[] { start.DayOfWeek };
                var position = rule.Index switch { "second" => 1, "third" => 2, "fourth" => 3, "last" => -1, _ => 0 };
                for (; m <= hardStop; m = m.AddMonths(step))
                    if (!walk.Offer(absolute ? AbsoluteDay(m, dayOfMonth) : RelativeDay(m, position, days))) return;
                break;
            }
        }
    }

    /// <summary>The range's rules over the raw pattern dates, which come in increasing order.</summary>
    private struct Walk(RecurrenceRule rule, DateOnly firstWanted, DateOnly lastDate, List<DateOnly> into)
    {
        private int _produced;

        /// <summary>Takes one pattern date; false once the series or the wanted dates are over.</summary>
        public bool Offer(DateOnly date)
        {
            if (date < rule.StartDate) return true;
            if (rule.RangeType == "endDate" && rule.EndDate is { } end && date > end) return false;
            if (rule.RangeType == "numbered" && _produced >= rule.NumberOfOccurrences) return false;
            if (date > lastDate) return false;
            _produced++;
            if (date >= firstWanted) into.Add(date);
            return true;
        }
    }

    /// <summary>The distinct days as offsets from the week's first day, in the order they fall in the week.</summary>
    private static int[] WeekOffsets(IReadOnlyList<DayOfWeek> days, int firstDayOfWeek)
    {
        var present = new bool[7];
        foreach (var day in days) present[((int)day - firstDayOfWeek + 7) % 7] = true;
        var offsets = new List<int>(7);
        for (var offset = 0; offset < 7; offset++)
            if (present[offset]) offsets.Add(offset);
        return offsets.ToArray();
    }

    // Outlook puts "day 31" on the month's last day when the month is shorter.
    private static DateOnly AbsoluteDay(DateOnly month, int day) =>
        new(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));

    /// <summary>
    /// The first, second, third, fourth (or last) day of the month that is one of <paramref name="days"/>; a position past
    /// the month's matches gives its last match. <paramref name="position"/> -1 stands for "last".
    /// </summary>
    private static DateOnly RelativeDay(DateOnly month, int position, IReadOnlyList<DayOfWeek> days)
    {
        var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
        var firstWeekday = (int)month.DayOfWeek;
        var found = 0;
        var last = 0;
        for (var day = 1; day <= daysInMonth; day++)
        {
            if (!Contains(days, (DayOfWeek)((firstWeekday + day - 1) % 7))) continue;
            if (found++ == position) return new DateOnly(month.Year, month.Month, day);
            last = day;
        }
        // "last", or a position beyond the matches (the former code clamped to the last match); a month always has one.
        return new DateOnly(month.Year, month.Month, last);
    }

    private static bool Contains(IReadOnlyList<DayOfWeek> days, DayOfWeek day)
    {
        for (var i = 0; i < days.Count; i++)
            if (days[i] == day) return true;
        return false;
    }
}
