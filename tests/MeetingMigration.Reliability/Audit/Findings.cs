namespace MeetingMigration.Reliability.Audit;

/// <summary>
/// What an audit found, by kind. A proof passes when every list is empty; the figures say what was checked.
/// Each list keeps its first entries only (the count is exact), so a broken run still prints a readable report.
/// </summary>
public sealed class Findings
{
    private const int Kept = 20;
    private readonly Dictionary<string, (int Count, List<string> First)> _problems = new(StringComparer.Ordinal);

    /// <summary>Lost: a meeting that should have been migrated was not, a queued request or a write that is gone.</summary>
    public const string Lost = "lost";
    /// <summary>Duplicated: a second update to an attendee, a second Teams meeting, a request run twice.</summary>
    public const string Duplicated = "duplicated";
    /// <summary>Leaked: a request left Pending/InProgress, a journal left at Attempting, a damaged store, "database is locked".</summary>
    public const string Leaked = "leaked";

    public Dictionary<string, long> Figures { get; } = new(StringComparer.Ordinal);

    public void Add(string kind, string what)
    {
        var entry = _problems.TryGetValue(kind, out var e) ? e : (Count: 0, First: new List<string>());
        if (entry.First.Count < Kept) entry.First.Add(what);
        _problems[kind] = (entry.Count + 1, entry.First);
    }

    public int Count(string kind) => _problems.TryGetValue(kind, out var e) ? e.Count : 0;

    public bool Clean => _problems.Values.All(p => p.Count == 0);

    public void Count(string figure, long value) => Figures[figure] = value;

    /// <summary>An event id short enough for a finding (Exchange's are about 150 characters): its start and end.</summary>
    public static string ShortId(string id) => id.Length <= 24 ? id : id[..12] + "…" + id[^8..];

    public string Describe() => Clean ? "no problem found"
        : string.Join("\n", _problems.Select(p => $"{p.Key}: {p.Value.Count}\n  " + string.Join("\n  ", p.Value.First)));
}
