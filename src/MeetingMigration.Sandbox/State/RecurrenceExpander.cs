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
        // Steps are counted in long and every date is made through TryDay/TryMonth: an interval of 9,000 years, or a window
        // at the end of year 9999, walked past DateOnly.MaxValue and threw (a 500 for every calendar read of the window,
        // the attendees' too; found by an outside probe). A date past the end of time ends the walk instead.
        long interval = Math.Max(1, rule.Interval);
        var start = rule.StartDate;
        // Patterns are unbounded; the range or lastDate ends the walk. The guard stops runaway loops.
        var hardStop = Math.Min((long)lastDate.DayNumber + 400, DateOnly.MaxValue.DayNumber);
        // Whole periods before firstWanted can be skipped unless occurrences are counted from the range's start.
        var skip = rule.RangeType != "numbered" && firstWanted > start;
        switch (rule.PatternType)
        {
            case "daily":
            {
                long d = start.DayNumber;
                if (skip) d += (firstWanted.DayNumber - start.DayNumber) / interval * interval;
                for (; d <= hardStop; d += interval)
                    if (!walk.Offer(DateOnly.FromDayNumber((int)d))) return;
                break;
            }
            case "weekly":
            {
                var first = (int)rule.FirstDayOfWeek;
                var offsets = WeekOffsets(rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : new[] { start.DayOfWeek }, first);
                long weekStart = start.DayNumber - (((int)start.DayOfWeek - first + 7) % 7);
                var step = 7 * interval;
                if (skip && firstWanted.DayNumber - weekStart >= step)
                    weekStart += (firstWanted.DayNumber - weekStart) / step * step;
                for (var w = weekStart; w <= hardStop; w += step)
                    foreach (var offset in offsets)
                        if (!(TryDay(w + offset) is { } day) || !walk.Offer(day)) return;
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
                // Months counted from January of year 1.
                long m = (start.Year - 1) * 12L + (yearly && rule.Month is >= 1 and <= 12 ? rule.Month : start.Month) - 1;
                if (skip)
                {
                    var months = (firstWanted.Year - 1) * 12L + firstWanted.Month - 1 - m;
                    if (months > 0) m += months / step * step;
                }
                var dayOfMonth = rule.DayOfMonth > 0 ? rule.DayOfMonth : start.Day;
                var days = rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : new[] { start.DayOfWeek };
                var position = rule.Index switch { "second" => 1, "third" => 2, "fourth" => 3, "last" => -1, _ => 0 };
                for (; TryMonth(m) is { } month && month.DayNumber <= hardStop; m += step)
                    if (!walk.Offer(absolute ? AbsoluteDay(month, dayOfMonth) : RelativeDay(month, position, days))) return;
                break;
            }
        }
    }

    /// <summary>The date of a day number; null past the end of year 9999.</summary>
    private static DateOnly? TryDay(long dayNumber) =>
        dayNumber >= 0 && dayNumber <= DateOnly.MaxValue.DayNumber ? DateOnly.FromDayNumber((int)dayNumber) : null;

    /// <summary>The first day of a month counted from January of year 1; null past December 9999.</summary>
    private static DateOnly? TryMonth(long month) =>
        month >= 0 && month < 9999L * 12 ? new DateOnly((int)(month / 12) + 1, (int)(month % 12) + 1, 1) : null;

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
