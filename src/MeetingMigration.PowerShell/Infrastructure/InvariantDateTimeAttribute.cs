using System;
using System.Globalization;
using System.Management.Automation;
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
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text) || text.Trim().Length == 0) return inputData;
            if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return parsed;
            throw new ArgumentTransformationMetadataException(
                $"{QuotedValue.Of(text)} is not a date and time. Give one as PowerShell reads text in any culture: " +
                "\"2026-12-31\", \"2026-12-31T08:00\" (local time), \"2026-12-31T08:00:00Z\" or with an offset (that instant), " +
                "or month/day/year (\"12/31/2026\"); or a [datetime] such as (Get-Date).AddDays(-7).");
        }
    }
}
