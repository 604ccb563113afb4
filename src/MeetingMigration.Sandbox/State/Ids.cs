using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;

namespace MeetingMigration.Sandbox;

/// <summary>Identifiers shaped like Exchange's: opaque, URL-safe, and stable for the item's life (as with Prefer IdType="ImmutableId").</summary>
internal static class Ids
{
    private const string OccurrenceMarker = "_OID_";
    private const string OccurrenceFormat = "yyyyMMdd'T'HHmmss";
    // Ids are a random per-process prefix plus a counter: unique, and far cheaper than a random number per id
    // (seeding 100,000 meetings creates several hundred thousand ids and change keys).
    private static readonly byte[] ProcessPrefix = RandomNumberGenerator.GetBytes(8);
    private static long _counter;

    private static byte[] Unique()
    {
        var bytes = new byte[16];
        ProcessPrefix.CopyTo(bytes, 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), Interlocked.Increment(ref _counter));
        return bytes;
    }

    public static string NewEventId() => "AAMkAG" + Base64Url(Unique());

    /// <summary>A fresh change number; <see cref="ChangeKey"/> turns it into the changeKey string.</summary>
    public static long NextChange() => Interlocked.Increment(ref _counter);

    /// <summary>The changeKey of a change number: Exchange's prefix, then the process prefix and the number, base64.</summary>
    public static string ChangeKey(long change)
    {
        Span<byte> bytes = stackalloc byte[12];
        ProcessPrefix.AsSpan(4, 4).CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes[4..], change);
        return "DwAAABYAAA" + Convert.ToBase64String(bytes);
    }

    /// <summary>iCalUId in Exchange's shape: the Outlook global-object-id prefix, a zero instance date, then a unique part.</summary>
    public static string NewICalUId() => "040000008200E00074C5B7101A82E00800000000" + Convert.ToHexString(Unique());

    public static string OccurrenceId(string masterId, DateTime originalStartUtc) =>
        masterId + OccurrenceMarker + originalStartUtc.ToString(OccurrenceFormat, CultureInfo.InvariantCulture);

    public static bool TryParseOccurrenceId(string id, out string masterId, out DateTime originalStartUtc)
    {
        masterId = "";
        originalStartUtc = default;
        var at = id.LastIndexOf(OccurrenceMarker, StringComparison.Ordinal);
        if (at <= 0) return false;
        masterId = id[..at];
        return DateTime.TryParseExact(id[(at + OccurrenceMarker.Length)..], OccurrenceFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out originalStartUtc);
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
