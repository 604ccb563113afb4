using System;
using System.Globalization;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The strict reading of a setting's whole number or time span, shared by the Set cmdlets' named parameters
    /// (<see cref="StrictValueAttribute"/>) and their -Instance objects (<see cref="SettingsApplier"/>). PowerShell's own
    /// conversion reads '' and blanks as 0, rounds 2.5 to 2, and takes a bare number for a TimeSpan as ticks; each gave a
    /// setting nobody asked for without a word (an outside probe: -UserRetryLimit '' turned retries off for the tenant,
    /// -TriggerDelay 90 became 9 microseconds).
    /// </summary>
    internal static class StrictValues
    {
        /// <summary>True, False, 1 or 0, any case, blanks around them ignored: a Boolean as a file or a splat holds it.</summary>
        public static bool TryBooleanText(string text, out bool value)
        {
            var trimmed = text.Trim();
            if (bool.TryParse(trimmed, out value)) return true;
            value = trimmed == "1";
            return trimmed == "0" || trimmed == "1";
        }

        /// <summary>Whether <paramref name="type"/> is read here (whole numbers and time spans); anything else is PowerShell's.</summary>
        /// <summary>A number of any of .NET's numeric types.</summary>
        public static bool IsNumber(object? raw) =>
            raw is sbyte || raw is byte || raw is short || raw is ushort || raw is int || raw is uint || raw is long || raw is ulong
            || raw is float || raw is double || raw is decimal;

        public static bool Handles(Type type) => type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(TimeSpan);

        /// <summary>
        /// The value as <paramref name="type"/>, or what is wrong with it (without the setting's name, which the caller adds):
        /// null, empty or blank text, a fraction, text that is no number, a number outside the type; for a time span, a bare
        /// number or digits alone, which .NET would read as ticks or days.
        /// </summary>
        public static bool TryRead(object? raw, Type type, out object? value, out string problem)
        {
            value = null;
            problem = "";
            raw = raw is PSObject wrapped ? wrapped.BaseObject : raw;
            if (raw == null)
            {
                problem = $"cannot be $null: {Expected(type)}";
                return false;
            }
            if (raw is string text && text.Trim().Length == 0)
            {
                problem = $"cannot be empty ({QuotedValue.Of(text)}): {Expected(type)}";
                return false;
            }
            return type == typeof(TimeSpan) ? TryTimeSpan(raw, out value, out problem) : TryWholeNumber(raw, type, out value, out problem);
        }

        private static bool TryWholeNumber(object raw, Type type, out object? value, out string problem)
        {
            value = null;
            problem = "";
            decimal number;
            switch (raw)
            {
                case string text:
                    if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
                    {
                        problem = $"cannot be {QuotedValue.Of(text)}: {Expected(type)}";
                        return false;
                    }
                    break;
                case double d when double.IsNaN(d) || double.IsInfinity(d):
                case float f when float.IsNaN(f) || float.IsInfinity(f):
                    problem = $"cannot be {QuotedValue.Of(raw)}: {Expected(type)}";
                    return false;
                case double d when Math.Abs(d) > (double)decimal.MaxValue:
                    problem = $"cannot be {QuotedValue.Of(raw)}: {Expected(type)}";
                    return false;
                case bool _:
                case char _:
                    problem = $"cannot be {QuotedValue.Of(raw)} (a {raw.GetType().Name}): {Expected(type)}";
                    return false;
                default:
                    if (!(raw.GetType().IsPrimitive || raw is decimal))
                    {
                        problem = $"cannot be an object of type {raw.GetType().Name}: {Expected(type)}";
                        return false;
                    }
                    number = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                    break;
            }
            if (number != decimal.Truncate(number))
            {
                problem = $"cannot be {QuotedValue.Of(raw)}: {Expected(type)} (PowerShell would round it to {Math.Round(number, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture)})";
                return false;
            }
            try
            {
                value = Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
                return true;
            }
            catch (OverflowException)
            {
                problem = $"cannot be {QuotedValue.Of(raw)}: it is outside what a {type.Name} holds; {Expected(type)}";
                return false;
            }
        }

        private static bool TryTimeSpan(object raw, out object? value, out string problem)
        {
            value = null;
            problem = "";
            switch (raw)
            {
                case TimeSpan span:
                    value = span;
                    return true;
                case string text:
                    var trimmed = text.Trim();
                    if (IsDigitsAlone(trimmed))
                    {
                        problem = $"cannot be {QuotedValue.Of(text)}: digits alone are days to .NET, which is seldom what is meant; {Expected(typeof(TimeSpan))}";
                        return false;
                    }
                    if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var parsed))
                    {
                        value = parsed;
                        return true;
                    }
                    problem = $"cannot be {QuotedValue.Of(text)}: it is not a time span; {Expected(typeof(TimeSpan))}";
                    return false;
                default:
                    problem = raw.GetType().IsPrimitive || raw is decimal
                        ? $"cannot be the number {QuotedValue.Of(raw)}: a number alone is a count of 100-nanosecond ticks to .NET, not minutes or days; {Expected(typeof(TimeSpan))}"
                        : $"cannot be an object of type {raw.GetType().Name}: {Expected(typeof(TimeSpan))}";
                    return false;
            }
        }

        private static bool IsDigitsAlone(string text)
        {
            var digits = text.StartsWith("-", StringComparison.Ordinal) ? text.Substring(1) : text;
            if (digits.Length == 0) return false;
            foreach (var c in digits) if (c < '0' || c > '9') return false;
            return true;
        }

        private static string Expected(Type type) => type == typeof(TimeSpan)
            ? "give a time span such as '01:30:00' (90 minutes), '1.00:00:00' (one day) or (New-TimeSpan -Minutes 90)"
            : type == typeof(uint) ? "give a whole number, 0 or more" : "give a whole number";
    }
}
