using System;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Finds a <c>\uD83D</c>-style escape in JSON that is half of a UTF-16 surrogate pair without its other half. Raw UTF-8
/// cannot carry such a half, so an escape is the only way a request can; System.Text.Json refuses to turn it into a
/// string (InvalidOperationException, which surfaced as a 500). Callers answer 400 instead, as for any unreadable input.
/// </summary>
internal static class UnpairedSurrogates
{
    /// <summary>The offset of the first unpaired surrogate escape in <paramref name="json"/>, or -1 when there is none.</summary>
    public static int Find(ReadOnlySpan<byte> json)
    {
        int i = 0;
        while (true)
        {
            int slash = json[i..].IndexOf((byte)'\\');
            if (slash < 0) return -1;
            i += slash;
            if (i + 1 >= json.Length) return -1;
            if (json[i + 1] != (byte)'u' || !TryHex(json, i + 2, out int unit))
            {
                i += 2; // \" \\ \n ... : the escaped character is never the start of another escape
                continue;
            }
            if (unit is >= 0xDC00 and <= 0xDFFF) return i; // a low half with no high half before it
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                bool paired = i + 12 <= json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u' &&
                              TryHex(json, i + 8, out int low) && low is >= 0xDC00 and <= 0xDFFF;
                if (!paired) return i;
                i += 12;
                continue;
            }
            i += 6;
        }
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int at, out int value)
    {
        value = 0;
        if (at + 4 > json.Length) return false;
        for (int k = at; k < at + 4; k++)
        {
            int d = json[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => json[k] - '0',
                >= (byte)'a' and <= (byte)'f' => json[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => json[k] - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return false;
            value = value * 16 + d;
        }
        return true;
    }
}
