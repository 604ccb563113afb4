using System;
using System.Collections.Generic;
using System.Globalization;

namespace MeetingMigration.Benchmarks;

/// <summary>"--name value" pairs after the subcommand; each benchmark reads the ones it knows.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Raw { get; private init; } = Array.Empty<string>();

    public static BenchmarkArguments Parse(string[] args)
    {
        var parsed = new BenchmarkArguments { Raw = args };
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            parsed._values[args[i][2..]] = args[++i];
        }
        return parsed;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => _values.GetValueOrDefault(name);
}
