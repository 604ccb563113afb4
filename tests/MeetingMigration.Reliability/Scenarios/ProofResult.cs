using MeetingMigration.Reliability.Audit;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>One proof's run: what was done to the system (load, faults, inputs) and what the audit found.</summary>
public sealed record ProofResult(string Test, string Command, string Load, string Faults, string Inputs, Findings Findings, TimeSpan Elapsed)
{
    public bool Passed => Findings.Clean;

    public string Result => Passed
        ? "passed: 0 lost, 0 duplicated, 0 leaked"
        : $"FAILED: {Findings.Count(Findings.Lost)} lost, {Findings.Count(Findings.Duplicated)} duplicated, {Findings.Count(Findings.Leaked)} leaked";

    public override string ToString() =>
        $"{Test}: {Result} in {Elapsed.TotalSeconds:0} s\n  load: {Load}\n  faults: {Faults}\n  inputs: {Inputs}\n  figures: "
        + string.Join(", ", Findings.Figures.Select(f => $"{f.Key} {f.Value}")) + (Passed ? "" : "\n" + Findings.Describe());
}
