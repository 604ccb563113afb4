using System;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// An event id shaped like Exchange Online's: 113 bytes in URL-safe base64, 152 characters ending in '=', beginning
    /// "AAMkA". A client holds mostly ids per event of a calendar page, so ids of a realistic length keep the engine's
    /// memory figures honest (until 2026-12-05 they were 28 characters). Exchange's ids of one mailbox share a long
    /// prefix (the mailbox and folder); here that part is the process's, then the unique part.
    /// </summary>
    public static string NewEventId()
    {
        var bytes = new byte[EventIdBytes];
        SharedIdPart.CopyTo(bytes, 0);
        Unique().CopyTo(bytes, EventIdBytes - 16);
        return Base64Url(bytes, padded: true);
    }

    private const int EventIdBytes = 113;
    /// <summary>The id's fixed header (00 03 24 00, "AAMkA"), then the process's hash as ASCII hex, as Exchange has a GUID.</summary>
    private static readonly byte[] SharedIdPart = BuildSharedIdPart();

    private static byte[] BuildSharedIdPart()
    {
        var part = new byte[EventIdBytes - 16];
        new byte[] { 0x00, 0x03, 0x24, 0x00 }.CopyTo(part, 0);
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexString(SHA512.HashData(ProcessPrefix)).ToLowerInvariant());
        hex.AsSpan(0, part.Length - 4).CopyTo(part.AsSpan(4));
        return part;
    }

    /// <summary>A fresh change number; <see cref="ChangeKey"/> turns it into the changeKey string.</summary>
    public static long NextChange() => Interlocked.Increment(ref _counter);

    /// <summary>The changeKey of a change number: Exchange's prefix, then the process prefix and the number, base64.</summary>
    public static string ChangeKey(long change)
    {
        Span<byte> utf8 = stackalloc byte[ChangeKeyLength];
        WriteChangeKey(change, utf8);
        return Encoding.ASCII.GetString(utf8);
    }

    /// <summary>Length of a changeKey: the 10-character prefix and 12 bytes in base64.</summary>
    public const int ChangeKeyLength = 26;

    /// <summary>The changeKey as UTF-8 (ASCII) into <paramref name="into"/>, for the JSON writer: no string per item written.</summary>
    public static void WriteChangeKey(long change, Span<byte> into)
    {
        Span<byte> bytes = stackalloc byte[12];
        ProcessPrefix.AsSpan(4, 4).CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes[4..], change);
        "DwAAABYAAA"u8.CopyTo(into);
        Base64.EncodeToUtf8(bytes, into[10..], out _, out _);
    }

    /// <summary>iCalUId in Exchange's shape: the Outlook global-object-id prefix, a zero instance date, then a unique part.</summary>
    public static string NewICalUId() => "040000008200E00074C5B7101A82E00800000000" + Convert.ToHexString(Unique());

    public static string OccurrenceId(string masterId, DateTime originalStartUtc) =>
        masterId + OccurrenceMarker + originalStartUtc.ToString(OccurrenceFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="OccurrenceId"/> as UTF-8 into <paramref name="into"/> (at least <see cref="OccurrenceIdMaxLength"/> bytes):
    /// a calendar page writes hundreds of occurrence ids and needs none of them as strings. Returns the length.
    /// </summary>
    public static int WriteOccurrenceId(string masterId, DateTime originalStartUtc, Span<byte> into)
    {
        var at = Encoding.UTF8.GetBytes(masterId, into);
        "_OID_"u8.CopyTo(into[at..]);
        at += 5;
        return at + Utf8Dates.WriteCompact(originalStartUtc, into[at..]);
    }

    public static int OccurrenceIdMaxLength(string masterId) => Encoding.UTF8.GetMaxByteCount(masterId.Length) + 5 + 15;

    /// <summary>Exchange's global object id carries the instance date in bytes 16-19; the master has zeros there.</summary>
    public static string OccurrenceICalUId(string masterUid, DateTime originalStartUtc)
    {
        if (masterUid.Length < 40 || !masterUid.StartsWith("040000008200E00074C5B7101A82E008", StringComparison.OrdinalIgnoreCase))
            return masterUid;
        var date = $"{originalStartUtc.Year:X4}{originalStartUtc.Month:X2}{originalStartUtc.Day:X2}";
        return masterUid[..32] + date + masterUid[40..];
    }

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

    /// <summary>URL-safe base64; Exchange's event ids keep their '=' padding (<paramref name="padded"/>), other ids here do not.</summary>
    public static string Base64Url(byte[] bytes, bool padded = false)
    {
        var text = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        return padded ? text : text.TrimEnd('=');
    }
}
