using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// SplitMix64 generator. We do not use <see cref="Random"/> because its seeded sequence is not
/// promised to stay the same across .NET versions, and fixtures must not change under an SDK bump.
/// Streams are derived from (seed, user, meeting, purpose) so any meeting can be regenerated on its
/// own, in any order, which is what lets 100,000 meetings be streamed instead of held in memory.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>A stream that depends only on the given parts, never on what was drawn before.</summary>
    public static DeterministicRandom For(int seed, params long[] parts)
    {
        ulong h = Mix((ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL);
        foreach (long part in parts)
        {
            h = Mix(h ^ (ulong)part ^ 0xD1B54A32D192ED03UL);
        }
        return new DeterministicRandom(h);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>Uniform in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public string Digits(int count)
    {
        var chars = new char[count];
        chars[0] = (char)('1' + Next(9)); // no leading zero: conference IDs are read as numbers by people
        for (int i = 1; i < count; i++) chars[i] = (char)('0' + Next(10));
        return new string(chars);
    }

    public string Alphanumeric(int count)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var chars = new char[count];
        for (int i = 0; i < count; i++) chars[i] = alphabet[Next(alphabet.Length)];
        return new string(chars);
    }

    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, so the value looks like any other GUID
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
