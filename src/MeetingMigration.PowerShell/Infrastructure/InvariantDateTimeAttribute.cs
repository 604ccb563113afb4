using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Reads a date and time given as text with the invariant culture (month/day/year, and ISO 8601), as PowerShell's own
    /// casts do and the help says. The binder reads text for a compiled cmdlet's DateTime in the session's culture: in a
    /// Thai session "2026-12-31" was the Buddhist year 2026 (1483), in a Persian one "10/1/2016" the year 2637, in a
    /// German one "12/6/2026" the 12th of June (an outside probe of cultures), so the same script listed other requests
    /// on another admin's machine. DateTime values and blank text go on to the binder as they came.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class InvariantDateTimeAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// What the last binding of each parameter on this thread has to tell the cmdlet (null: nothing). Binding and
        /// BeginProcessing run on the pipeline thread, and every binding of the parameter runs Transform, which sets it anew,
        /// so a note is never one of an earlier command's.
        /// </summary>
        [ThreadStatic] private static Dictionary<string, string?>? _notes;

        private readonly string _parameter;

        /// <param name="parameter">The parameter's name, for the note (an attribute does not know what it is on).</param>
        public InvariantDateTimeAttribute(string parameter) => _parameter = parameter;

        /// <summary>
        /// The warning for the text bound to <paramref name="parameter"/> when this session's culture would have read it as
        /// another date, and forgets it; null when there is none. For the cmdlet's BeginProcessing, as an attribute has no
        /// warning stream of its own.
        /// </summary>
        public static string? TakeNote(string parameter)
        {
            if (_notes == null || !_notes.TryGetValue(parameter, out var note)) return null;
            _notes.Remove(parameter);
            return note;
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            (_notes ??= new Dictionary<string, string?>())[_parameter] = null;
            // A list of one is its item, as for every parameter of one value (outside probe BM-F1: the binder's bare refusal).
            inputData = OneValueAttribute.Single(inputData);
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is DateTime) return inputData;
            if (value is DateTimeOffset instant) return instant.UtcDateTime;
            // Anything else but text got the binder's "Cannot convert value "" to type System.DateTime" (a blank text, DBNull,
            // a number, a hashtable: outside probe BN-F4); a number would have been read as ticks.
            if (!(value is string text) || text.Trim().Length == 0)
                throw new ArgumentTransformationMetadataException(
                    $"{(value is string blank ? QuotedValue.Of(blank) : PlainTextAttribute.Described(value))} is not a date and time. " +
                    "Give one such as \"2026-12-31\" or \"2026-12-31T08:00:00Z\", or a [datetime] such as (Get-Date).AddDays(-7); or leave the parameter out.");
            if (DayAndMonthInDigits.Match(text) is { Success: true } dayAndMonth) throw AmbiguousRefused(text, dayAndMonth);
            if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                _notes[_parameter] = OtherReadingInThisCulture(text, parsed);
                return parsed;
            }
            // A time with an offset near either end of the calendar is a date and time whose instant, in this machine's
            // zone, a [datetime] cannot hold (9999-12-31T23:59:59-14:00 is in the year 10000 in UTC): said so, not "not a
            // date" (outside probe AM).
            var withoutOffset = TrailingOffset.Replace(text.Trim(), "");
            if (withoutOffset.Length < text.Trim().Length && DateTime.TryParse(withoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                throw new ArgumentTransformationMetadataException(
                    $"{QuotedValue.Of(text)} is a date and time, but in this machine's time zone it falls outside what a [datetime] holds " +
                    "(from 0001-01-01 to 9999-12-31). Give a time further from either end, such as \"9999-12-30\" or [datetime]::MaxValue.");
            throw new ArgumentTransformationMetadataException(
                $"{QuotedValue.Of(text)} is not a date and time. Give one as PowerShell reads text in any culture: " +
                "\"2026-12-31\", \"2026-12-31T08:00\" (local time), \"2026-12-31T08:00:00Z\" or with an offset (that instant), " +
                "or month/day/year (\"12/31/2026\"); or a [datetime] such as (Get-Date).AddDays(-7).");
        }

        /// <summary>
        /// Day, month and perhaps a year, in digits, parted by dots (a space may follow), dashes or spaces: how German,
        /// Finnish, Turkish, Russian (08.12.2026, 08.12.), Slovak, Slovenian, Croatian (8. 12. 2026, 08. 12. 2026.), Dutch or
        /// Indian (08-12-2026) sessions write a date, day first (outside probes P and Q). The invariant culture reads
        /// them month first, so "08.12.2026" (8 December to a German admin) was 12 August, and the filter silently listed
        /// other requests (outside probe P); a day over 12 failed as "not a date". Refused in every culture with both
        /// readings named, so a script does the same on every machine. Year-first text (ISO 8601) and month/day/year with
        /// slashes, the forms the help gives, are read as before.
        /// </summary>
        private static readonly Regex DayAndMonthInDigits = new Regex(@"^\s*(\d{1,2})(?:\.\s*|-|\s+)(\d{1,2})(?:(?:\.\s*|-|\s+)(\d{2,4}))?(?!\d)", RegexOptions.CultureInvariant);

        /// <summary>
        /// A warning when this session's culture reads <paramref name="text"/> as another date than the invariant reading
        /// taken: slash dates stay month/day/year in every culture, as Microsoft's example "10/1/2016" is written, so an
        /// en-GB admin's "08/12/2026" (8 December to them) is 12 August, and a Thai session's "10/1/2016" is a Gregorian
        /// year (outside probe R). Read as before, so scripts do the same on every machine; the warning says so.
        /// </summary>
        private string? OtherReadingInThisCulture(string text, DateTime taken)
        {
            // Year-first text (ISO 8601) is read year first by everyone; a Thai session would count its year as a Buddhist one.
            if (YearFirst.IsMatch(text)) return null;
            var culture = CultureInfo.CurrentCulture;
            if (!DateTime.TryParse(text.Trim(), culture, DateTimeStyles.None, out var cultural) || cultural == taken) return null;
            return $"-{_parameter} {QuotedValue.Of(text)} is read as PowerShell reads text in every culture: {Shown(taken)}. " +
                   $"This session's culture ({culture.Name}) would read it as {Shown(cultural)}; if that is the date you meant, " +
                   $"give \"{Iso(cultural)}\" (ISO 8601, year first).";
        }

        /// <summary>A UTC designator or an offset at the end of a time ("Z", "-14:00", "+0530").</summary>
        private static readonly Regex TrailingOffset = new Regex(@"(?<=\d)\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex YearFirst = new Regex(@"^\s*\d{4}\D", RegexOptions.CultureInvariant);

        private static string Iso(DateTime value) =>
            value.ToString(value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        /// <summary>2026-08-12 (12 August 2026): the ISO form and the month in words, in the Gregorian calendar whatever the session's.</summary>
        private static string Shown(DateTime value) => $"{Iso(value)} ({value.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)})";

        private static ArgumentTransformationMetadataException AmbiguousRefused(string text, Match dayAndMonth)
        {
            int first = int.Parse(dayAndMonth.Groups[1].Value, CultureInfo.InvariantCulture);
            int second = int.Parse(dayAndMonth.Groups[2].Value, CultureInfo.InvariantCulture);
            // No year: this year, as the invariant reading takes it.
            int year = dayAndMonth.Groups[3].Success ? int.Parse(dayAndMonth.Groups[3].Value, CultureInfo.InvariantCulture) : DateTime.Now.Year;
            if (year < 100) year = CultureInfo.InvariantCulture.Calendar.ToFourDigitYear(year);
            string Iso(int month, int day) => month >= 1 && month <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                ? new DateTime(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            var dayFirst = Iso(second, first);
            var monthFirst = Iso(first, second);
            var readings = dayFirst.Length > 0 && monthFirst.Length > 0 && dayFirst != monthFirst
                ? $"day first it is {dayFirst}, but PowerShell's invariant reading takes it month first, as {monthFirst}"
                : dayFirst.Length > 0 ? $"day first it is {dayFirst}" : monthFirst.Length > 0 ? $"month first it is {monthFirst}" : "neither day nor month first is a date";
            var example = dayFirst.Length > 0 ? dayFirst : monthFirst.Length > 0 ? monthFirst : "2026-12-31";
            return new ArgumentTransformationMetadataException(
                $"{QuotedValue.Of(text)} gives day and month in digits parted by dots, dashes or spaces, which cultures read in different orders ({readings}); it is refused rather than guessed. " +
                $"Give it as \"{example}\" (ISO 8601, year first), or a [datetime] such as (Get-Date -Date '{example}').");
        }
    }
}
