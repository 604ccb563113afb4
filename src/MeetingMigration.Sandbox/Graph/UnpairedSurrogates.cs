using System;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Finds a <c>\uD83D</c>-style escape in JSON that is half of a UTF-16 surrogate pair without its other half. Raw UTF-8
/// cannot carry such a half, so an escape is the only way a request can; System.Text.Json refuses to turn it into a
/// string (InvalidOperationException, which surfaced as a 500). Callers answer 400 instead, as for any unreadable input.
/// </summary>
internal static class UnpairedSurrogates
{
    /// <summary>
    /// Refuses a body that is not text (400): bytes that are not UTF-8 (a Latin-1 "café" sent as JSON: System.Text.Json
    /// threw an InvalidOperationException, a 500 with no body, found by an outside probe), or a surrogate half (below).
    /// </summary>
    /// <param name="what">"The request body", "The body": the start of the message.</param>
    public static void ThrowIfNotText(ReadOnlySpan<byte> body, string what)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            int valid = System.Text.Unicode.Utf8.ToUtf16(body, new char[body.Length], out var read, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done ? body.Length : read;
            throw GraphException.InvalidRequest($"{what} is not valid UTF-8 at byte {valid}: JSON must be sent as UTF-8.");
        }
        if (Find(body) is var half and >= 0)
            throw GraphException.InvalidRequest($"{what} holds half of a UTF-16 surrogate pair at byte {half} (an escape such as \\uD83D with no other half): it is not valid text.");
    }

    /// <summary>The offset of the first unpaired surrogate escape in <paramref name="json"/>, or -1 when there is none.</summary>
    /// <remarks>
    /// Every request body passes through here, PATCHes of whole meeting bodies included, where the engine's JSON escapes
    /// each '&lt;' and '"' (\u003C): only escapes that start "\uD" are looked at, found with a vectorized search.
    /// </remarks>
    public static int Find(ReadOnlySpan<byte> json)
    {
        int lower = FindFrom(json, "\\ud"u8), upper = FindFrom(json, "\\uD"u8);
        return lower < 0 ? upper : upper < 0 ? lower : Math.Min(lower, upper);
    }

    private static int FindFrom(ReadOnlySpan<byte> json, ReadOnlySpan<byte> prefix)
    {
        for (int from = 0; ;)
        {
            int at = json[from..].IndexOf(prefix);
            if (at < 0) return -1;
            at += from;
            if (IsEscape(json, at) && Unit(json, at) is int unit)
            {
                if (unit is >= 0xD800 and <= 0xDBFF && !(Unit(json, at + 6) is >= 0xDC00 and <= 0xDFFF && IsEscape(json, at + 6))) return at;
                if (unit is >= 0xDC00 and <= 0xDFFF && !(at >= 6 && Unit(json, at - 6) is >= 0xD800 and <= 0xDBFF && IsEscape(json, at - 6))) return at;
            }
            from = at + 1;
        }
    }

    /// <summary>The backslash at <paramref name="at"/> starts an escape: it is not itself escaped by an odd run before it.</summary>
    private static bool IsEscape(ReadOnlySpan<byte> json, int at)
    {
        int run = 0;
        while (at - run - 1 >= 0 && json[at - run - 1] == (byte)'\\') run++;
        return run % 2 == 0;
    }

    /// <summary>The code unit of the \uXXXX at <paramref name="at"/>, or null when there is none there.</summary>
    private static int? Unit(ReadOnlySpan<byte> json, int at)
    {
        if (at < 0 || at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u') return null;
        int value = 0;
        for (int k = at + 2; k < at + 6; k++)
        {
            int d = json[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => json[k] - '0',
                >= (byte)'a' and <= (byte)'f' => json[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => json[k] - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return null;
            value = value * 16 + d;
        }
        return value;
    }
}
