using System;
using System.Collections.Generic;
using System.Globalization;

namespace MeetingMigration.Benchmarks;

/// <summary>"--name value" pairs (or bare "--flag"s) after the subcommand; each benchmark reads the ones it knows.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Raw { get; private init; } = Array.Empty<string>();

    public static BenchmarkArguments Parse(string[] args)
    {
        var parsed = new BenchmarkArguments { Raw = args };
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Expected '--name value' or '--flag', got '{args[i]}'.");
            bool isFlag = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._values[args[i][2..]] = isFlag ? "true" : args[++i];
        }
        return parsed;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v != "false";

    public string? String(string name) => _values.GetValueOrDefault(name);
}
