using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Builds Graph patternedRecurrence values and the series' first date. For past series the first
/// date is chosen from an upper bound of the series' length, so "every occurrence is before Now"
/// holds without expanding the series; spanning series always use an end date well after Now.
/// </summary>
internal static class RecurrenceFactory
{
    public sealed record Plan(DateOnly FirstDate, SeedRecurrence Recurrence);

    private static readonly string[] Indexes = { "first", "second", "third", "fourth" };

    public static Plan Build(DeterministicRandom rng, RecurrenceKind kind, SeriesTiming timing, DateOnly today)
    {
        int interval = kind switch
        {
            RecurrenceKind.Daily or RecurrenceKind.Weekly => rng.Next(1, 3),
            _ => rng.Chance(0.8) ? 1 : 2,
        };
        int daysPerWeek = kind == RecurrenceKind.Weekly ? rng.Next(1, 4) : 1;
        bool numbered = timing != SeriesTiming.SpanningNow && rng.Chance(0.5);
        int count = kind switch
        {
            RecurrenceKind.Daily => rng.Next(5, 30),
            RecurrenceKind.Weekly => rng.Next(4, 20),
            _ => rng.Next(3, 12),
        };
        int lengthDays = kind switch
        {
            RecurrenceKind.Daily => rng.Next(7, 60),
            RecurrenceKind.Weekly => rng.Next(28, 180),
            _ => rng.Next(90, 365),
        };

        DateOnly first = timing switch
        {
            SeriesTiming.Future => today.AddDays(rng.Next(4, 120)),
            SeriesTiming.SpanningNow => today.AddDays(-rng.Next(7, 60)),
            _ => today.AddDays(-(numbered ? UpperBoundDays(kind, interval, count, daysPerWeek) : lengthDays) - rng.Next(5, 90)),
        };
        first = ToWeekday(first); // moves at most 2 days later; the past margin above is at least 5
        if (kind == RecurrenceKind.AbsoluteMonthly && first.Day > 28)
            first = first.AddDays(28 - first.Day); // every month has a 28th; at most 3 days earlier, Future starts 4+ days out

        var range = new SeedRecurrenceRange
        {
            StartDate = Iso(first),
            RecurrenceTimeZone = "UTC",
        };
        if (numbered)
        {
            range.Type = "numbered";
            range.NumberOfOccurrences = count;
        }
        else
        {
            range.Type = "endDate";
            DateOnly end = timing == SeriesTiming.SpanningNow
                ? today.AddDays(rng.Next(75, 200)) // longer than any interval, so an occurrence falls after Now
                : first.AddDays(lengthDays);
            range.EndDate = Iso(end);
        }
        return new Plan(first, new SeedRecurrence { Pattern = Pattern(rng, kind, interval, daysPerWeek, first), Range = range });
    }

    /// <summary>Days from the first to the last occurrence, never less than the real figure.</summary>
    private static int UpperBoundDays(RecurrenceKind kind, int interval, int count, int daysPerWeek) => kind switch
    {
        RecurrenceKind.Daily => (count - 1) * interval,
        RecurrenceKind.Weekly => ((count + daysPerWeek - 1) / daysPerWeek + 1) * 7 * interval,
        _ => count * interval * 31 + 7,
    };

    private static SeedRecurrencePattern Pattern(DeterministicRandom rng, RecurrenceKind kind, int interval, int daysPerWeek, DateOnly first)
    {
        var pattern = new SeedRecurrencePattern { Interval = interval };
        switch (kind)
        {
            case RecurrenceKind.Daily:
                pattern.Type = "daily";
                break;
            case RecurrenceKind.Weekly:
                pattern.Type = "weekly";
                pattern.FirstDayOfWeek = "sunday";
                var days = new SortedSet<DayOfWeek> { first.DayOfWeek };
                while (days.Count < daysPerWeek) days.Add((DayOfWeek)rng.Next(1, 6)); // Monday..Friday
                pattern.DaysOfWeek = days.Select(Name).ToList();
                break;
            case RecurrenceKind.AbsoluteMonthly:
                pattern.Type = "absoluteMonthly";
                pattern.DayOfMonth = first.Day;
                break;
            case RecurrenceKind.RelativeMonthly:
                pattern.Type = "relativeMonthly";
                pattern.DaysOfWeek = new List<string> { Name(first.DayOfWeek) };
                int week = (first.Day - 1) / 7;
                bool isLastOfMonth = first.Day + 7 > DateTime.DaysInMonth(first.Year, first.Month);
                pattern.Index = week >= 4 || (isLastOfMonth && rng.Chance(0.5)) ? "last" : Indexes[week];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return pattern;
    }

    private static DateOnly ToWeekday(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(2),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static string Name(DayOfWeek d) => d.ToString().ToLowerInvariant();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
