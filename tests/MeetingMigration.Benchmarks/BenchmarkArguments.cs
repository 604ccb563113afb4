using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MeetingMigration.Benchmarks;

/// <summary>An argument a benchmark cannot run with: the program prints its message and exits 2, before measuring anything.</summary>
internal sealed class BenchmarkArgumentException(string message) : Exception(message);

/// <summary>
/// "--name value" pairs (or bare "--flag"s) after the subcommand; each benchmark reads the ones it knows. A value that is
/// not a number, or outside what the benchmark can measure, is refused with its name, the value and what would do.
/// </summary>
internal sealed class BenchmarkArguments
{
    /// <summary>The longest per-request latency a benchmark takes: a minute (the sandbox holds each request that long).</summary>
    public const double MaxLatencyMs = 60_000;

    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The options that take a comma-separated list.</summary>
    private static readonly string[] ListOptions = { "mailboxes", "memory-meetings", "in-flight", "workers", "only", "references", "stores" };

    /// <summary>Options given with no value after them: a flag reads them as set, a valued option is refused as missing its value.</summary>
    private readonly HashSet<string> _bare = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Raw { get; private init; } = Array.Empty<string>();

    /// <param name="benchmark">The subcommand, for the message.</param>
    /// <param name="known">The options it reads: any other is refused (a misspelt --mailbox would otherwise run the
    /// full default and replace the report of record).</param>
    public static BenchmarkArguments Parse(string benchmark, string[] args, IReadOnlyCollection<string> known)
    {
        var parsed = new BenchmarkArguments { Raw = args };
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
                throw new BenchmarkArgumentException($"Expected '--name value' or '--flag', got '{args[i]}'.");
            var name = args[i][2..];
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new BenchmarkArgumentException($"unknown option '{args[i]}' for {benchmark}; known: {(known.Count == 0 ? "none" : string.Join(", ", known.Select(k => "--" + k)))}.");
            // Given twice, the last one won: `--mailboxes 1 --mailboxes 4` ran one row and, without --output, replaced the
            // report of record with it (an outside probe).
            if (parsed._values.ContainsKey(name))
                throw new BenchmarkArgumentException($"--{name} is given twice; give it once" +
                    (ListOptions.Contains(name, StringComparer.OrdinalIgnoreCase) ? $" (several values are one comma-separated value, such as --{name} 1,4)." : "."));
            bool isFlag = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._values[name] = isFlag ? "true" : args[++i];
            if (isFlag) parsed._bare.Add(name);
        }
        return parsed;
    }

    /// <summary>The report's path: --output, else <paramref name="fallback"/>; refused now if it cannot be written, not after the run.</summary>
    public string Output(string fallback)
    {
        var path = String("output") ?? fallback;
        ReportFile.Check(path);
        return path;
    }

    /// <summary>A whole number, at least <paramref name="min"/>.</summary>
    public int Int(string name, int fallback, int min = int.MinValue) =>
        String(name) is { } v ? WholeNumber(name, v, v, min) : fallback;

    /// <summary>A number, at least <paramref name="min"/> (more than it when <paramref name="exclusive"/>), at most <paramref name="max"/>.</summary>
    public double Double(string name, double fallback, double min = double.MinValue, bool exclusive = false, double max = double.MaxValue)
    {
        if (String(name) is not { } v) return fallback;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            throw new BenchmarkArgumentException($"--{name} '{v}' is not a number (write it like 100 or 2.5).");
        if (exclusive ? number <= min : number < min)
            throw new BenchmarkArgumentException($"--{name} {v} is too small: it must be {(exclusive ? "more than" : "at least")} {min.ToString(CultureInfo.InvariantCulture)}.");
        // A latency of 99999999999 ms reached the sandbox, which refused it, and the run ended in an unhandled exception.
        if (number > max)
            throw new BenchmarkArgumentException($"--{name} {v} is too large: it must be at most {max.ToString(CultureInfo.InvariantCulture)}.");
        return number;
    }

    /// <summary>
    /// A comma-separated list of whole numbers, each at least <paramref name="min"/>; <paramref name="allowed"/> words
    /// (such as "none") are left out of the list rather than refused.
    /// </summary>
    public int[] IntList(string name, string fallback, int min, params string[] allowed)
    {
        var text = String(name) ?? fallback;
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.All(item => item.Length == 0)) throw new BenchmarkArgumentException($"--{name} is empty: give one or more whole numbers, e.g. --{name} {fallback}.");
        // "1,,4" was taken as "1,4" (outside probe BG-F9): a typo that runs other rows than meant.
        if (items.Any(item => item.Length == 0)) throw new BenchmarkArgumentException($"--{name} '{text}' has an empty item: give whole numbers separated by single commas, e.g. --{name} {fallback}.");
        return items.Where(item => !allowed.Contains(item, StringComparer.OrdinalIgnoreCase))
            .Select(item => WholeNumber(name, item, text, min))
            .ToArray();
    }

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v != "false";

    /// <summary>The option's value; refused when the option was given with none ("'true' is not a whole number", it said).</summary>
    public string? String(string name) =>
        _bare.Contains(name) ? throw new BenchmarkArgumentException($"--{name} needs a value after it, such as --{name} {Example(name)}.") : _values.GetValueOrDefault(name);

    private static string Example(string name) => name switch
    {
        "output" => "/tmp/report.md",
        "only" => "memory",
        "postgres" => "\"Host=127.0.0.1;Username=postgres\"",
        "references" => "kestrel,sockets",
        "baseline" => "./out/MeetingMigration",
        "baseline-label" => "main",
        "stores" => "sqlite,postgresql",
        _ => "4",
    };

    private static int WholeNumber(string name, string item, string whole, int min)
    {
        if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            // 99999999999 was "not a whole number" (outside probe BG-F9).
            throw new BenchmarkArgumentException(long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || item.TrimStart('-', '+').All(char.IsAsciiDigit)
                ? (item.StartsWith('-') ? $"--{name} '{whole}': {item} is too small; each value must be at least {min}." : $"--{name} '{whole}': {item} is too large: each value must be at most {int.MaxValue}.")
                : $"--{name} '{whole}': '{item}' is not a whole number.");
        if (number < min)
            throw new BenchmarkArgumentException(item == whole
                ? $"--{name} {number} is too small: it must be at least {min}."
                : $"--{name} '{whole}': {number} is too small; each value must be at least {min}.");
        return number;
    }
}
