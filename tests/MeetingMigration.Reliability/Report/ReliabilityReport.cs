using System.Text;
using MeetingMigration.Reliability.Infrastructure;
using MeetingMigration.Reliability.Scenarios;

namespace MeetingMigration.Reliability.Report;

/// <summary>
/// docs/reliability.md: one row per proof, replaced when that proof runs again, so the file always shows the latest run of
/// each. Only full runs are written; quick runs (the test suite's) print their result instead.
/// </summary>
public static class ReliabilityReport
{
    private const string TableStart = "<!-- results:start -->";
    private const string TableEnd = "<!-- results:end -->";
    private const string Header = "| Test | Load | Faults | Inputs tried | Figures | Result (lost, duplicated, leaked) | Run |\n|---|---|---|---|---|---|---|";

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root(), "docs", "reliability.md");

    public static void Write(ProofResult result)
    {
        var text = File.Exists(Path) ? File.ReadAllText(Path) : throw new FileNotFoundException("docs/reliability.md is missing", Path);
        int start = text.IndexOf(TableStart, StringComparison.Ordinal), end = text.IndexOf(TableEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) throw new InvalidDataException($"docs/reliability.md lacks the {TableStart} … {TableEnd} markers");
        var rows = text[(start + TableStart.Length)..end].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Test ", StringComparison.Ordinal))
            .ToDictionary(l => l.Split('|')[1].Trim(), l => l, StringComparer.Ordinal);
        rows[result.Test] = Row(result);
        var order = new[] { "Crash", "Crash (PostgreSQL)", "Faults", "Faults (PostgreSQL)", "Undo crash", "Undo crash (PostgreSQL)", "Token expiry", "Concurrency" };
        var table = new StringBuilder().Append(TableStart).Append('\n').Append(Header).Append('\n');
        foreach (var row in rows.OrderBy(r => Array.IndexOf(order, r.Key) is var i && i < 0 ? 99 : i)) table.Append(row.Value).Append('\n');
        File.WriteAllText(Path, text[..start] + table + text[end..]);
    }

    private static string Row(ProofResult r)
    {
        var figures = string.Join("; ", r.Findings.Figures.Select(f => $"{f.Key}: {f.Value:N0}"));
        return $"| {r.Test} | {Cell(r.Load)} | {Cell(r.Faults)} | {Cell(r.Inputs)} | {Cell(figures)} | {Cell(r.Result)} | `{r.Command}`, {DateTime.UtcNow:yyyy-MM-dd}, {r.Elapsed.TotalMinutes:0.0} min |";
    }

    private static string Cell(string text) => text.Replace("|", "\\|").ReplaceLineEndings(" ");
}
