using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Delimits blocks by their fence lines: every anchor takes the nearest free fence before and after it; anchors
    /// that agree on a pair form one candidate. Only then are anchors without a full pair looked at, against the fences
    /// still free, so a join link pasted next to a complete block is not mistaken for a broken one.
    /// </summary>
    internal static class FencePairing
    {
        public static void Pair(ScanFindings findings, MeetingKind kind, IReadOnlyList<Fence> fences, IEnumerable<Anchor> anchors)
        {
            string blockName = ScanDecision.Name(kind);
            var pending = anchors.Where(a => !findings.Covers(a.Position)).OrderBy(a => a.Position).ToList();
            var pairs = new List<(Fence Before, Fence After)>();
            var deferred = new List<Anchor>();
            foreach (var anchor in pending)
            {
                var before = NearestBefore(fences, anchor.Position);
                var after = NearestAfter(fences, anchor.Position);
                if (before != null && after != null)
                {
                    if (!pairs.Contains((before, after))) pairs.Add((before, after));
                }
                else
                {
                    deferred.Add(anchor);
                }
            }

            foreach (var (before, after) in pairs)
            {
                // Both fences of a block are written alike. One an element of its own and the other a line among the text
                // around it is the start of a block that lost its closing fence, paired with a rule the author typed further
                // on (found by fuzzing): the author's text between them would be replaced.
                if (before.OwnElement != after.OwnElement)
                    findings.Problems.Add($"The {blockName} block starting at offset {before.Start} does not end as it begins: one of its fence lines is an element of its own, the other a line of text (truncated or edited?).");
                else
                    findings.Candidates.Add(new Candidate(kind, before.Start, after.End));
            }

            foreach (var (before, after) in pairs)
            {
                before.Consumed = true;
                after.Consumed = true;
            }

            foreach (var anchor in deferred)
            {
                if (findings.Covers(anchor.Position)) continue;
                var before = NearestBefore(fences, anchor.Position);
                var after = NearestAfter(fences, anchor.Position);
                if (before == null && after == null)
                {
                    if (anchor.Strong) findings.Problems.Add($"{blockName} markup ({anchor.What}) at offset {anchor.Position} has no fence lines around it, so the block's edges are unknown.");
                    else findings.LooseLinks.Add(anchor);
                }
                else if (before != null)
                {
                    findings.Problems.Add($"The {blockName} block starting at offset {before.Start} has no closing fence line (truncated?).");
                }
                else
                {
                    findings.Problems.Add($"The {blockName} block ending at offset {after!.End} has no opening fence line.");
                }
            }
        }

        private static Fence? NearestBefore(IReadOnlyList<Fence> fences, int position) =>
            fences.LastOrDefault(f => !f.Consumed && f.End <= position);

        private static Fence? NearestAfter(IReadOnlyList<Fence> fences, int position) =>
            fences.FirstOrDefault(f => !f.Consumed && f.Start >= position);
    }
}
