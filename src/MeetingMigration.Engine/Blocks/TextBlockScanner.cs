using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Finds the block in a plain-text body. Fences are whole lines of dots (Skype) or underscores (Teams); a block runs
    /// from the first character of its opening fence line to the last character of its closing fence line (the line
    /// break after it stays with the user's text).
    /// </summary>
    internal static class TextBlockScanner
    {
        private static readonly Regex InnerRule = new Regex(@"^_{20,69}$", RegexOptions.CultureInvariant);

        public static BlockScanResult Scan(string body)
        {
            var suspect = new List<(FenceKind Kind, int Start, int End)>();
            var fences = FindFenceLines(body, suspect);
            var anchors = FindAnchors(body);
            var findings = new ScanFindings();
            // A fence that lost its line break (glued to text) or two fences run into one line: where a block of that kind
            // begins or ends is no longer certain, and pairing the remaining fences could stretch a block over the user's
            // text or into the next block (both found by fuzzing). With a join link of that kind in the body, refuse. Said
            // first, since the reason shows the first problem: the pairing below then finds a fence missing, and an outside
            // probe was told "no closing fence line (truncated?)" of a block whose closing fence had text typed after it.
            foreach (var (kind, start, end) in suspect)
            {
                var meetingKind = kind == FenceKind.Underscores ? MeetingKind.Teams : MeetingKind.SkypeForBusiness;
                if (!anchors.Any(a => a.Kind == meetingKind)) continue;
                findings.Problems.Add($"the {ScanDecision.Name(meetingKind)} fence line at offset {start} shares its line with {Beside(body, start, end)}, so where the block begins or ends is not certain.");
                break;
            }
            FencePairing.Pair(findings, MeetingKind.Teams, fences.Where(f => f.Kind == FenceKind.Underscores).ToList(), anchors.Where(a => a.Kind == MeetingKind.Teams));
            FencePairing.Pair(findings, MeetingKind.SkypeForBusiness, fences.Where(f => f.Kind == FenceKind.Dots).ToList(), anchors.Where(a => a.Kind == MeetingKind.SkypeForBusiness));
            findings.RefuseTeamsCandidatesWithTwoJoinLinks(body);
            return ScanDecision.Decide(findings, c => Build(body, c));
        }

        /// <summary>
        /// What shares a fence's line, for the reason: the text beside it (up to 20 characters, invisible ones such as U+FEFF
        /// or U+2028 shown as \uXXXX, since an admin cannot see them in the body), or another fence.
        /// </summary>
        private static string Beside(string body, int start, int end)
        {
            int lineStart = start, lineEnd = end;
            while (lineStart > 0 && body[lineStart - 1] != '\r' && body[lineStart - 1] != '\n') lineStart--;
            while (lineEnd < body.Length && body[lineEnd] != '\r' && body[lineEnd] != '\n') lineEnd++;
            var before = body.Substring(lineStart, start - lineStart).Trim(' ', '\t', '\u00A0');
            var after = body.Substring(end, lineEnd - end).Trim(' ', '\t', '\u00A0');
            if (before.Length == 0 && after.Length == 0) return "another fence";
            var other = before.Length > 0 ? before.Substring(Math.Max(0, before.Length - 20)) : after.Substring(0, Math.Min(20, after.Length));
            return $"other text ({(before.Length > 0 ? "before" : "after")} it: {Errors.QuotedValue.Of(other)})";
        }

        /// <param name="suspect">Receives fence runs that open or close a line shared with other text, and lines as long as two fences.</param>
        private static List<Fence> FindFenceLines(string body, List<(FenceKind Kind, int Start, int End)> suspect)
        {
            var fences = new List<Fence>();
            int lineStart = 0;
            while (lineStart <= body.Length)
            {
                int lineEnd = body.IndexOfAny(new[] { '\r', '\n' }, lineStart);
                if (lineEnd < 0) lineEnd = body.Length;

                // The line, less surrounding blanks, must be one fence run and nothing else.
                int s = lineStart, e = lineEnd;
                while (s < e && IsBlank(body[s])) s++;
                while (e > s && IsBlank(body[e - 1])) e--;
                var runs = OnQuotedLine(body, lineStart) ? new List<(FenceKind Kind, int Start, int End)>() : FenceLines.FindRuns(body, s, e).ToList();
                if (runs.Count == 1 && runs[0].Start == s && runs[0].End == e)
                {
                    var run = runs[0];
                    if (run.End - run.Start >= 2 * (run.Kind == FenceKind.Dots ? FenceLines.MinDots : FenceLines.MinUnderscores)) suspect.Add((run.Kind, run.Start, run.End));
                    else fences.Add(new Fence(run.Kind, lineStart, lineEnd));
                }
                else
                {
                    foreach (var run in runs.Where(r => r.Start == s || r.End == e)) suspect.Add((run.Kind, run.Start, run.End)); // lost its line break
                }

                if (lineEnd >= body.Length) break;
                lineStart = lineEnd + (body[lineEnd] == '\r' && lineEnd + 1 < body.Length && body[lineEnd + 1] == '\n' ? 2 : 1);
            }

            return fences;
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\u00A0';

        /// <summary>
        /// Whether the line holding <paramref name="at"/> is quoted reply-style ("> …", "&gt;&gt; …"): an older invitation
        /// quoted below the meeting's own block is the author's text, whose fences and links are not the block's. Its fence
        /// lines made the meeting fail as "shares its line with other text ('>')" though its own block was whole (outside
        /// probe BL-F4). The meeting's own block is never written quoted.
        /// </summary>
        private static bool OnQuotedLine(string body, int at)
        {
            int lineStart = at;
            while (lineStart > 0 && body[lineStart - 1] != '\r' && body[lineStart - 1] != '\n') lineStart--;
            while (lineStart < body.Length && IsBlank(body[lineStart])) lineStart++;
            return lineStart < body.Length && body[lineStart] == '>';
        }

        private static List<Anchor> FindAnchors(string body)
        {
            var anchors = new List<Anchor>();
            foreach (var (index, url) in TextBlockContent.FindUrls(body))
            {
                if (Anchor.ForJoinLink(url, index) is Anchor link && !OnQuotedLine(body, index)) anchors.Add(link);
            }

            for (int at = body.IndexOf("[!OC(", StringComparison.Ordinal); at >= 0; at = body.IndexOf("[!OC(", at + 1, StringComparison.Ordinal))
            {
                if (!OnQuotedLine(body, at)) anchors.Add(new Anchor(MeetingKind.SkypeForBusiness, at, true, "[!OC( locale tag"));
            }

            return anchors;
        }

        private static BlockMatch Build(string body, Candidate candidate)
        {
            string text = body.Substring(candidate.Start, candidate.End - candidate.Start);
            var content = TextBlockContent.Extract(text);
            var parsed = CoordinatesReader.Read(candidate.Kind, content);
            string layout;
            if (candidate.Kind == MeetingKind.SkypeForBusiness) layout = BlockLayouts.Skype;
            else if (content.Links.Any(l => JoinUrls.Classify(l.Url) == JoinLinkKind.TeamsShort)) layout = BlockLayouts.Teams4;
            else if (content.Lines.Any(l => InnerRule.IsMatch(l))) layout = BlockLayouts.Teams3;
            else if (parsed.MeetingId != null || parsed.Passcode != null) layout = BlockLayouts.Teams2;
            else layout = BlockLayouts.Teams1;
            return new BlockMatch(candidate.Kind, layout, candidate.Start, text.Length, parsed, text, BlockLanguage.Detect(null, content.JoinedText));
        }
    }
}
