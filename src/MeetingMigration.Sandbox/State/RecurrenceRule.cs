using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>Graph's patternedRecurrence, kept as parsed values.</summary>
internal sealed record RecurrenceRule(
    string PatternType,          // daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly, relativeYearly
    int Interval,
    int Month,
    int DayOfMonth,
    IReadOnlyList<DayOfWeek> DaysOfWeek,
    DayOfWeek FirstDayOfWeek,
    string Index,                // first, second, third, fourth, last
    string RangeType,            // endDate, noEnd, numbered
    DateOnly StartDate,
    DateOnly? EndDate,
    int NumberOfOccurrences,
    string? RecurrenceTimeZone);
