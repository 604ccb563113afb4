using System;

namespace MeetingMigration.Sandbox;

/// <summary>
/// The fixed date formats Graph's JSON uses, written as UTF-8 digits. A page of 1000 summaries writes 2000 dates, and
/// DateTime.ToString with a custom format string (parsed on every call) was a fifth of the page's cost. Each method
/// writes exactly what the format in its summary gives under the invariant culture (Gregorian, four-digit years).
/// </summary>
internal static class Utf8Dates
{
    /// <summary>yyyy-MM-dd'T'HH:mm:ss.fffffff (27 bytes), plus 'Z' (28) when <paramref name="zulu"/>.</summary>
    public static int WriteRoundTrip(DateTime value, Span<byte> into, bool zulu)
    {
        var at = WriteDateAndTime(value, into, dashes: true);
        into[at++] = (byte)'.';
        WriteDigits(into.Slice(at, 7), value.Ticks % TimeSpan.TicksPerSecond);
        at += 7;
        if (zulu) into[at++] = (byte)'Z';
        return at;
    }

    /// <summary>yyyy-MM-dd'T'HH:mm:ss'Z' (20 bytes).</summary>
    public static int WriteSecondsZulu(DateTime value, Span<byte> into)
    {
        var at = WriteDateAndTime(value, into, dashes: true);
        into[at++] = (byte)'Z';
        return at;
    }

    /// <summary>yyyyMMdd'T'HHmmss (15 bytes), the instant in an occurrence id.</summary>
    public static int WriteCompact(DateTime value, Span<byte> into) => WriteDateAndTime(value, into, dashes: false);

    private static int WriteDateAndTime(DateTime value, Span<byte> into, bool dashes)
    {
        var (year, month, day) = DateOnly.FromDateTime(value);
        var timeOfDay = value.Ticks % TimeSpan.TicksPerDay;
        var at = 0;
        WriteDigits(into.Slice(at, 4), year);
        at += 4;
        if (dashes) into[at++] = (byte)'-';
        WriteDigits(into.Slice(at, 2), month);
        at += 2;
        if (dashes) into[at++] = (byte)'-';
        WriteDigits(into.Slice(at, 2), day);
        at += 2;
        into[at++] = (byte)'T';
        WriteDigits(into.Slice(at, 2), timeOfDay / TimeSpan.TicksPerHour);
        at += 2;
        if (dashes) into[at++] = (byte)':';
        WriteDigits(into.Slice(at, 2), timeOfDay / TimeSpan.TicksPerMinute % 60);
        at += 2;
        if (dashes) into[at++] = (byte)':';
        WriteDigits(into.Slice(at, 2), timeOfDay / TimeSpan.TicksPerSecond % 60);
        return at + 2;
    }

    /// <summary>The value's last <c>into.Length</c> decimal digits, zero-padded.</summary>
    private static void WriteDigits(Span<byte> into, long value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
