using System;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Turns findings into a status. Anything short of exactly one clean candidate is not guessed at.</summary>
    internal static class ScanDecision
    {
        public static BlockScanResult Decide(ScanFindings findings, Func<Candidate, BlockMatch> build)
        {
            var candidates = findings.Candidates.OrderBy(c => c.Start).ToList();
            if (candidates.Count >= 2)
            {
                string list = string.Join(", ", candidates.Select(c => $"{Name(c.Kind)} at offset {c.Start}"));
                return BlockScanResult.Ambiguous($"The body holds {candidates.Count} online-meeting blocks ({list}); none was changed because it is not certain which one to replace.");
            }

            if (findings.Problems.Count > 0)
            {
                return BlockScanResult.Unbalanced("The online-meeting block cannot be delimited with certainty: " + findings.Problems[0]);
            }

            if (candidates.Count == 1) return BlockScanResult.Found(build(candidates[0]));

            if (findings.LooseLinks.Count > 0)
            {
                var first = findings.LooseLinks[0];
                return BlockScanResult.NotFound($"No online-meeting block; only a loose {Name(first.Kind)} join link at offset {first.Position} (typed or pasted by hand), which is left alone.");
            }

            return BlockScanResult.NotFound("No online-meeting block in the body.");
        }

        public static string Name(MeetingKind kind) => kind == MeetingKind.Teams ? "Teams" : "Skype for Business";
    }
}
