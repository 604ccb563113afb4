using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Blocks.Html
{
    /// <summary>
    /// Finds the block in an HTML body. Teams blocks are delimited by their outermost <c>me-email-text</c> element
    /// (tag pairing) together with the fence lines inside it (layout 3) or right beside it (layouts 1/2); Teams
    /// markup without that container, and Skype blocks, are delimited by their fence lines. A candidate whose edges
    /// would cut an element in two is rejected.
    /// </summary>
    internal static class HtmlBlockScanner
    {
        private const string TeamsContainerClass = "me-email-text";
        private const string TeamsIdPrefix = "meet_invite_block";

        public static BlockScanResult Scan(string body)
        {
            var doc = HtmlDocument.Parse(body);
            var fences = FindFences(doc);
            var findings = new ScanFindings();

            var anchors = FindAnchors(doc);
            FindTeamsContainers(doc, fences.Where(f => f.Kind == FenceKind.Underscores).ToList(), anchors.Where(a => a.Kind == MeetingKind.Teams).ToList(), findings);

            FencePairing.Pair(findings, MeetingKind.Teams, fences.Where(f => f.Kind == FenceKind.Underscores).ToList(), anchors.Where(a => a.Kind == MeetingKind.Teams));
            FencePairing.Pair(findings, MeetingKind.SkypeForBusiness, fences.Where(f => f.Kind == FenceKind.Dots).ToList(), anchors.Where(a => a.Kind == MeetingKind.SkypeForBusiness));

            foreach (var candidate in findings.Candidates.ToList())
            {
                string? crossing = HtmlRanges.CrossingProblem(doc, candidate.Start, candidate.End) ?? RunTogetherEdge(doc, candidate.Start, candidate.End);
                if (crossing == null) continue;
                findings.Candidates.Remove(candidate);
                findings.Problems.Add($"cutting out the {ScanDecision.Name(candidate.Kind)} block at offset {candidate.Start} would break the markup: {crossing}.");
            }

            findings.RefuseTeamsCandidatesWithTwoJoinLinks(body);
            return ScanDecision.Decide(findings, c => Build(doc, c));
        }

        /// <summary>
        /// A tag at the block's edge with another tag's '&lt;' inside it is two tags run together: an unclosed tag before
        /// the block swallowed the block's first tag (found by fuzzing), or the block's last tag swallowed what follows.
        /// Where the block begins or ends is then not certain.
        /// </summary>
        private static string? RunTogetherEdge(HtmlDocument doc, int start, int end)
        {
            foreach (var index in new[] { doc.TokenIndexAt(start), doc.TokenIndexAt(Math.Max(start, end - 1)) })
            {
                var token = doc.Tokens[index];
                if (token.Kind != HtmlTokenKind.StartTag && token.Kind != HtmlTokenKind.EndTag) continue;
                int inner = InnerTagStart(doc.Html, token.Start + 1, token.End);
                if (inner >= 0) return $"the tag at offset {token.Start} runs into another tag at offset {inner}";
            }
            return null;
        }

        /// <summary>A '&lt;' starting a tag inside [from, end), outside quoted attribute values; -1 when none.</summary>
        private static int InnerTagStart(string html, int from, int end)
        {
            char quote = '\0';
            for (int i = from; i < end; i++)
            {
                char c = html[i];
                if (quote != '\0') { if (c == quote) quote = '\0'; }
                else if ((c == '"' || c == '\'') && i > from && html[i - 1] == '=') quote = c;
                else if (c == '<' && i + 1 < end && (char.IsLetter(html[i + 1]) || html[i + 1] == '/')) return i;
            }
            return -1;
        }

        private static List<Fence> FindFences(HtmlDocument doc)
        {
            var fences = new List<Fence>();
            // Where a run read across tokens ended: the text before it belongs to that run, not to a run of its own.
            int consumed = 0;
            for (int t = 0; t < doc.Tokens.Count; t++)
            {
                var token = doc.Tokens[t];
                if (token.Kind != HtmlTokenKind.Text || token.End <= consumed) continue;
                int at = Math.Max(token.Start, consumed);
                while (FenceLines.NextRun(doc.Html, ref at, token.End, out var run))
                    Add(run.Kind, run.Start, run.End, token, token);
                if (SplitRun(doc, t) is { } split)
                {
                    Add(split.Kind, split.Start, split.End, token, doc.Tokens[split.LastToken]);
                    consumed = split.End;
                }
            }

            return fences;

            void Add(FenceKind kind, int runStart, int runEnd, HtmlToken first, HtmlToken last)
            {
                if (!AloneOnItsLine(doc, first, last, runStart, runEnd)) return;
                var (start, end) = WidenToOwnElement(doc, runStart, runEnd);
                fences.Add(new Fence(kind, start, end) { OwnElement = doc.Html[start] == '<' });
            }
        }

        /// <summary>Tags that do not break a line: a fence split by them is still one line.</summary>
        private static readonly HashSet<string> InlineTags = new HashSet<string>(StringComparer.Ordinal)
        {
            "span", "font", "b", "i", "u", "s", "em", "strong", "small", "big", "sub", "sup", "mark", "ins", "del", "code", "tt", "o:p",
        };

        /// <summary>
        /// A fence Word wrote as several runs of one paragraph (<c>&lt;span&gt;…&lt;/span&gt;&lt;span&gt;…&lt;/span&gt;</c>
        /// after edits or spell-checking): a run of dots or underscores too short to be a fence that ends text token
        /// <paramref name="t"/>, continued by the same character at the start of the next text tokens with only inline tags
        /// or comments between, is one run. Outside probe BL-F3: 60 + 77 dots in two spans was no fence, and the block was
        /// refused as having no opening fence line.
        /// </summary>
        private static (FenceKind Kind, int Start, int End, int LastToken)? SplitRun(HtmlDocument doc, int t)
        {
            string html = doc.Html;
            var token = doc.Tokens[t];
            if (token.Length == 0) return null;
            char c = html[token.End - 1];
            if (c != '.' && c != '_') return null;
            int start = token.End;
            while (start > token.Start && html[start - 1] == c) start--;
            int length = token.End - start, min = c == '.' ? FenceLines.MinDots : FenceLines.MinUnderscores;
            if (length >= min) return null; // a whole run already (a few more in the next span stay the author's text)
            int end = token.End, last = t;
            for (int j = t + 1; j < doc.Tokens.Count; j++)
            {
                var next = doc.Tokens[j];
                if (next.Kind == HtmlTokenKind.Comment || (next.IsTag && InlineTags.Contains(next.Name!))) continue;
                if (next.Kind != HtmlTokenKind.Text) break;
                int k = next.Start;
                while (k < next.End && html[k] == c) k++;
                if (k == next.Start) break;
                length += k - next.Start;
                end = k;
                last = j;
                if (k < next.End) break; // the run ends inside this text
            }

            return length >= min && last > t ? (c == '.' ? FenceKind.Dots : FenceKind.Underscores, start, end, last) : ((FenceKind, int, int, int)?)null;
        }

        /// <summary>
        /// A fence is a line of its own: Teams and Skype write it as the only text of its element, or of its line in a body
        /// converted from text. A run of underscores or dots with other text on the same line is the author's (a typed
        /// separator, a signature), and pairing it with a block's fence swallowed the text between them when the block had
        /// lost its closing fence (found by fuzzing: a half Teams block, its closing fence cut to 55 underscores, took the
        /// author's text up to an 80-underscore line typed after it). Without it such a block has one fence and is refused.
        /// </summary>
        private static bool AloneOnItsLine(HtmlDocument doc, HtmlToken first, HtmlToken last, int runStart, int runEnd)
        {
            string html = doc.Html;
            int lineStart = runStart;
            while (lineStart > first.Start && html[lineStart - 1] != '\n' && html[lineStart - 1] != '\r') lineStart--;
            int lineEnd = runEnd;
            while (lineEnd < last.End && html[lineEnd] != '\n' && html[lineEnd] != '\r') lineEnd++;
            return HtmlRanges.IsInsignificant(doc, lineStart, runStart) && HtmlRanges.IsInsignificant(doc, runEnd, lineEnd);
        }

        /// <summary>
        /// Grows a fence run to the outermost element that holds nothing else visible (e.g. the whole
        /// <c>&lt;p&gt;&lt;span&gt;…&lt;/span&gt;&lt;/p&gt;</c>), so the block includes its own fence markup. Stops at
        /// the Teams container, whose other content belongs to the block proper.
        /// </summary>
        private static (int Start, int End) WidenToOwnElement(HtmlDocument doc, int start, int end)
        {
            while (true)
            {
                var element = doc.InnermostEnclosing(start, end);
                if (element == null || element.Name == "body" || element.Name == "html" || doc.HasClass(element, TeamsContainerClass)) break;
                if (!HtmlRanges.IsInsignificant(doc, element.OpenEnd, start) || !HtmlRanges.IsInsignificant(doc, end, element.CloseStart)) break;
                start = element.Start;
                end = element.End;
            }

            return (start, end);
        }

        private static void FindTeamsContainers(HtmlDocument doc, List<Fence> fences, List<Anchor> teamsAnchors, ScanFindings findings)
        {
            foreach (var element in doc.Elements)
            {
                if (doc.HasClass(element, TeamsContainerClass) && !HasContainerAncestor(doc, element)) FindTeamsBlockIn(doc, element, fences, teamsAnchors, findings);
            }
        }

        /// <summary>
        /// One outermost Teams container: a candidate, a problem, or nothing. A method of its own so that the closures below
        /// are made for containers only, not for every element of the body (issue 9).
        /// </summary>
        private static void FindTeamsBlockIn(HtmlDocument doc, HtmlElement element, List<Fence> fences, List<Anchor> teamsAnchors, ScanFindings findings)
        {
            if (!element.IsClosed)
            {
                findings.Problems.Add($"the Teams block (me-email-text) starting at offset {element.Start} never ends (truncated body?).");
                return;
            }

            var inside = fences.Where(f => !f.Consumed && f.Start >= element.Start && f.End <= element.End).ToList();
            var before = fences.LastOrDefault(f => !f.Consumed && f.End <= element.Start);
            var after = fences.FirstOrDefault(f => !f.Consumed && f.Start >= element.End);
            // With both fences inside (layouts 3 and 4) the block is complete: a fence line right beside the container is
            // the author's own (a typed rule, a signature), not the block's, and stays outside it. Counting it made the
            // block we write beside such a line unreadable to the next migration and to an undo (outside probe).
            bool complete = inside.Count == 2;
            var adjacentBefore = !complete && before != null && HtmlRanges.IsInsignificant(doc, before.End, element.Start) ? before : null;
            var adjacentAfter = !complete && after != null && HtmlRanges.IsInsignificant(doc, element.End, after.Start) ? after : null;
            int count = inside.Count + (adjacentBefore != null ? 1 : 0) + (adjacentAfter != null ? 1 : 0);

            // Teams writes its join link, or its meeting code, inside the container in every layout. One with neither
            // that and no fence inside is text that borrowed the class (a copied signature, a look-alike found by
            // fuzzing), not a block: replacing it would change the user's text. That holds wherever fence lines are
            // around it: taking it for a block beside them refused the meeting whose real block was next to it (half the
            // refusals of whole blocks in the fuzz run), or reached into the block when the author's rule was beside it.
            bool linked = teamsAnchors.Any(a => a.Position >= element.Start && a.Position < element.End);
            if (!linked && inside.Count == 0) return;

            if (count == 0 && before != null && after != null)
            {
                findings.Problems.Add($"the Teams block at offset {element.Start} is separated from its fence lines by other content.");
                return;
            }

            // Teams writes each fence of layouts 3 and 4 as an element of its own, with Teams markup between them. Two
            // fences inside that are not so are the start of a block cut short, whose container a later end tag closed,
            // and a rule the author typed further on (found by fuzzing): replacing that would delete the author's text.
            if (complete && (!inside[0].OwnElement || !inside[1].OwnElement ||
                             !teamsAnchors.Any(a => a.Position > inside[0].End && a.Position < inside[1].Start)))
            {
                findings.Problems.Add($"the Teams block at offset {element.Start} does not end as a Teams block ends: its second fence line is not its own (truncated or edited?).");
                return;
            }

            // One fence inside the container and one beside it is no layout Teams writes (1 and 2 keep both beside it, 3
            // and 4 both inside): the start of a block cut short, whose container a later end tag closed, next to a rule
            // the author typed (found by fuzzing).
            if (count == 2 && inside.Count == 1)
            {
                findings.Problems.Add($"the Teams block at offset {element.Start} has one fence line inside its container and one outside it (truncated or edited?).");
                return;
            }

            if (count != 0 && count != 2)
            {
                findings.Problems.Add($"the Teams block at offset {element.Start} has {count} fence line(s) instead of two (truncated or edited?).");
                return;
            }

            // Layouts 3 and 4 keep their fences inside the container. What the container holds before its first fence
            // or after its last is not the block's: text typed there would be deleted with the container.
            if (inside.Count > 0 && !ContainerEdgesAreEmpty(doc, element, inside, adjacentBefore, adjacentAfter, out var typed))
            {
                findings.Problems.Add($"the Teams block at offset {element.Start} holds other content {typed} its fence lines, inside its container (typed into the block?); replacing the block would delete it.");
                return;
            }

            int start = adjacentBefore?.Start ?? element.Start;
            int end = adjacentAfter?.End ?? element.End;
            foreach (var f in inside) f.Consumed = true;
            if (adjacentBefore != null) adjacentBefore.Consumed = true;
            if (adjacentAfter != null) adjacentAfter.Consumed = true;
            findings.Candidates.Add(new Candidate(MeetingKind.Teams, start, end, element, inside.Count == 2));
        }

        /// <summary>
        /// True when the container holds nothing a reader would see between its start and its first fence (unless a fence
        /// sits before the container) and between its last fence and its end (unless one sits after it).
        /// </summary>
        private static bool ContainerEdgesAreEmpty(HtmlDocument doc, HtmlElement container, List<Fence> inside, Fence? before, Fence? after, out string where)
        {
            where = "";
            if (before == null && !HtmlRanges.IsInsignificant(doc, container.OpenEnd, inside[0].Start)) where = "before";
            if (after == null && !HtmlRanges.IsInsignificant(doc, inside[inside.Count - 1].End, container.CloseStart)) where = where.Length > 0 ? "before and after" : "after";
            return where.Length == 0;
        }

        private static bool HasContainerAncestor(HtmlDocument doc, HtmlElement element)
        {
            for (var p = element.Parent; p != null; p = p.Parent)
            {
                if (doc.HasClass(p, TeamsContainerClass)) return true;
            }

            return false;
        }

        private static List<Anchor> FindAnchors(HtmlDocument doc)
        {
            string html = doc.Html;
            var anchors = new List<Anchor>();
            var textLinks = new List<Anchor>();
            foreach (var token in doc.Tokens)
            {
                if (token.Kind == HtmlTokenKind.Text)
                {
                    int at = html.IndexOf("[!OC(", token.Start, token.Length, StringComparison.Ordinal);
                    if (at >= 0) anchors.Add(new Anchor(MeetingKind.SkypeForBusiness, at, true, "[!OC( locale tag"));
                    AddTextJoinLinks(doc, token, textLinks);
                    continue;
                }

                if (token.Kind != HtmlTokenKind.StartTag) continue;
                string? id = HtmlAttributes.GetIdentity(html, token, "id");
                if (id != null && id.StartsWith(TeamsIdPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    anchors.Add(new Anchor(MeetingKind.Teams, token.Start, true, "id " + id));
                }

                if (string.Equals(HtmlAttributes.Get(html, token, "data-tid"), "meeting-code", StringComparison.OrdinalIgnoreCase))
                {
                    anchors.Add(new Anchor(MeetingKind.Teams, token.Start, true, "data-tid meeting-code"));
                }

                if (token.Name != "a") continue;
                string? bookmark = HtmlAttributes.GetIdentity(html, token, "name") ?? id;
                if (string.Equals(bookmark, "OutJoinLink", StringComparison.OrdinalIgnoreCase))
                {
                    anchors.Add(new Anchor(MeetingKind.SkypeForBusiness, token.Start, true, "OutJoinLink bookmark"));
                }

                string? href = HtmlAttributes.Get(html, token, "originalsrc") ?? HtmlAttributes.Get(html, token, "href");
                if (href != null && Anchor.ForJoinLink(href, token.Start) is Anchor link) anchors.Add(link);
            }

            // Join links written as text count only in a body with no join link element: every HTML layout Teams and Skype
            // write links its join link, and there an address typed in the author's text, next to a rule the author typed,
            // would pair with it into a block that is not one (found by the invitation fuzz test).
            if (!anchors.Any(a => a.IsJoinLink)) anchors.AddRange(textLinks);
            return anchors;
        }

        /// <summary>
        /// A join link written as text, not as a link, inside Exchange's PlainText div: a plain-text invitation's block ("Join
        /// Skype Meeting&lt;https://…&gt;") in a body that became HTML when its organizer formatted it (outside probe AG: such
        /// a meeting, its whole block there, was skipped as having none). Its fence lines still delimit it, as in a text body.
        /// Elsewhere an address in text is the author's: beside a rule the author typed it would pair into a block that is not
        /// one (found by the invitation fuzz test).
        /// </summary>
        private static void AddTextJoinLinks(HtmlDocument doc, HtmlToken token, List<Anchor> anchors)
        {
            string html = doc.Html;
            int end = token.End;
            bool? inPlainText = null;
            for (int at = html.IndexOf("http", token.Start, token.Length, StringComparison.OrdinalIgnoreCase); at >= 0 && at < end;
                 at = at + 4 < end ? html.IndexOf("http", at + 4, end - at - 4, StringComparison.OrdinalIgnoreCase) : -1)
            {
                int stop = at;
                while (stop < end && !char.IsWhiteSpace(html[stop]) && html[stop] != '&' && html[stop] != '<' && html[stop] != '"') stop++;
                if (!(Anchor.ForJoinLink(html.Substring(at, stop - at), at) is Anchor link)) continue;
                inPlainText ??= InPlainTextDiv(doc, token);
                if (inPlainText == false) return;
                anchors.Add(link);
            }
        }

        private static bool InPlainTextDiv(HtmlDocument doc, HtmlToken token)
        {
            for (var element = doc.InnermostEnclosing(token.Start, token.End); element != null; element = element.Parent)
                if (element.Name == "div" && doc.HasClass(element, "PlainText")) return true;
            return false;
        }

        private static BlockMatch Build(HtmlDocument doc, Candidate candidate)
        {
            var content = HtmlBlockContent.Extract(doc, candidate.Start, candidate.End);
            var parsed = CoordinatesReader.Read(candidate.Kind, content);
            string text = doc.Html.Substring(candidate.Start, candidate.End - candidate.Start);
            var ids = IdsIn(doc, candidate).ToList();

            string layout;
            string? declaredLanguage;
            if (candidate.Kind == MeetingKind.SkypeForBusiness)
            {
                layout = BlockLayouts.Skype;
                // The [!OC(...)] locale tag and the labels are better evidence than Word's per-span lang attributes.
                string? detected = BlockLanguage.Detect(null, content.JoinedText);
                return new BlockMatch(candidate.Kind, layout, candidate.Start, candidate.End - candidate.Start, parsed, text,
                    detected ?? FirstLang(doc, candidate));
            }

            bool shortLink = content.Links.Any(l => JoinUrls.Classify(l.Url) == JoinLinkKind.TeamsShort);
            if (shortLink || ids.Any(i => i.EndsWith("join_link_compatibility", StringComparison.OrdinalIgnoreCase))) layout = BlockLayouts.Teams4;
            else if (candidate.FencesInside || ids.Any(i => i.StartsWith(TeamsIdPrefix, StringComparison.OrdinalIgnoreCase))) layout = BlockLayouts.Teams3;
            else if (content.MeetingCodeTexts.Count > 0 || parsed.MeetingId != null || parsed.Passcode != null) layout = BlockLayouts.Teams2;
            else layout = BlockLayouts.Teams1;

            declaredLanguage = candidate.Container != null ? doc.Attribute(candidate.Container, "lang") : null;
            string? language = BlockLanguage.Detect(declaredLanguage ?? FirstLang(doc, candidate), content.JoinedText);
            return new BlockMatch(candidate.Kind, layout, candidate.Start, candidate.End - candidate.Start, parsed, text, language);
        }

        private static IEnumerable<string> IdsIn(HtmlDocument doc, Candidate candidate)
        {
            foreach (var element in doc.Elements)
            {
                if (element.Start < candidate.Start) continue;
                if (element.Start >= candidate.End) yield break;
                string? id = HtmlAttributes.GetIdentity(doc.Html, doc.Tokens[element.OpenTokenIndex], "id");
                if (!string.IsNullOrEmpty(id)) yield return id!;
            }
        }

        private static string? FirstLang(HtmlDocument doc, Candidate candidate)
        {
            foreach (var element in doc.Elements)
            {
                if (element.Start < candidate.Start) continue;
                if (element.Start >= candidate.End) break;
                string? lang = doc.Attribute(element, "lang");
                if (!string.IsNullOrWhiteSpace(lang)) return lang;
            }

            return null;
        }
    }
}
