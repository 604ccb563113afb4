using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Sandbox.Tests.Reference;

/// <summary>
/// The iterator-based recurrence expansion and calendar view the sandbox used before the allocation-free ones (issue 9),
/// kept verbatim as the definition of the dates and the order the fast ones must give.
/// </summary>
internal static class ReferenceCalendarView
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

    /// <summary>The former calendarView: every series walked from its start, sorted by start then id.</summary>
    public static List<ViewEntry> CalendarView(IEnumerable<EventRecord> topLevel, DateTime startUtc, DateTime endUtc)
    {
        var result = new List<ViewEntry>();
        foreach (var ev in topLevel)
        {
            if (ev.Type == EventType.SeriesMaster) AddInstances(result, ev, startUtc, endUtc);
            else if (Overlaps(ev, startUtc, endUtc)) result.Add(new ViewEntry(ev, ev.Start.Utc, IsOccurrence: false));
        }
        result.Sort(static (a, b) => a.StartUtc != b.StartUtc ? a.StartUtc.CompareTo(b.StartUtc) : string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    public static bool IsOccurrenceOf(EventRecord master, DateTime originalStartUtc)
    {
        var zone = TimeZones.Find(master.Start.TimeZone) ?? TimeZoneInfo.Utc;
        var localDate = DateOnly.FromDateTime(TimeZones.FromUtc(originalStartUtc, zone));
        foreach (var date in Dates(master.Recurrence!, localDate))
            if (date == localDate) return OccurrenceStartUtc(master, date, zone) == originalStartUtc;
        return false;
    }

    private static DateTime OccurrenceStartUtc(EventRecord master, DateOnly date, TimeZoneInfo zone) =>
        TimeZones.ToUtc(date.ToDateTime(TimeOnly.FromDateTime(master.Start.Local)), zone);

    private static void AddInstances(List<ViewEntry> into, EventRecord master, DateTime startUtc, DateTime endUtc)
    {
        var zone = TimeZones.Find(master.Start.TimeZone) ?? TimeZoneInfo.Utc;
        var duration = master.End.Utc - master.Start.Utc;
        var lastDate = DateOnly.FromDateTime(TimeZones.FromUtc(endUtc, zone)).AddDays(1);
        foreach (var date in Dates(master.Recurrence!, lastDate))
        {
            var occurrenceStart = OccurrenceStartUtc(master, date, zone);
            if (occurrenceStart >= endUtc) break;
            if (master.CancelledOccurrences?.Contains(occurrenceStart) == true) continue;
            if (master.Exceptions?.ContainsKey(occurrenceStart) == true) continue;
            if (OverlapsWindow(occurrenceStart, occurrenceStart + duration, startUtc, endUtc)) into.Add(new ViewEntry(master, occurrenceStart, IsOccurrence: true));
        }
        if (master.Exceptions is null) return;
        foreach (var exception in master.Exceptions.Values)
            if (Overlaps(exception, startUtc, endUtc)) into.Add(new ViewEntry(exception, exception.Start.Utc, IsOccurrence: false));
    }

    private static bool Overlaps(EventRecord ev, DateTime startUtc, DateTime endUtc) => OverlapsWindow(ev.Start.Utc, ev.End.Utc, startUtc, endUtc);

    private static bool OverlapsWindow(DateTime s, DateTime e, DateTime ws, DateTime we) =>
        s == e ? s >= ws && s < we : s < we && e > ws;
}
