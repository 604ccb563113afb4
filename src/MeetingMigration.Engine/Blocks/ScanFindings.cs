using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Blocks.Html;

namespace MeetingMigration.Engine.Blocks
{
    internal enum FenceKind
    {
        /// <summary>Skype for Business: a line of 137 dots.</summary>
        Dots,
        /// <summary>Teams: a line of 80 underscores.</summary>
        Underscores,
    }

    /// <summary>A separator line, widened (in HTML) to the element that holds nothing but it.</summary>
    internal sealed class Fence
    {
        public Fence(FenceKind kind, int start, int end)
        {
            Kind = kind;
            Start = start;
            End = end;
        }

        public FenceKind Kind { get; }
        public int Start { get; }
        public int End { get; }

        /// <summary>
        /// In HTML, an element holding nothing but the fence (widened to it), not a line of text among others: Teams and
        /// Skype write both fences of a block the same way.
        /// </summary>
        public bool OwnElement { get; set; }

        /// <summary>Already used as an edge of a candidate block.</summary>
        public bool Consumed { get; set; }
    }

    /// <summary>Evidence that a block is near: a join link (weak, users paste those) or block markup (strong).</summary>
    internal sealed class Anchor
    {
        public Anchor(MeetingKind kind, int position, bool strong, string what)
        {
            Kind = kind;
            Position = position;
            Strong = strong;
            What = what;
        }

        public MeetingKind Kind { get; }
        public int Position { get; }
        public bool Strong { get; }
        public string What { get; }

        private const string JoinLinkWhat = "join link";

        /// <summary>A join link (weak evidence): a Teams or Skype one at that position, or null for any other address.</summary>
        public static Anchor? ForJoinLink(string url, int position)
        {
            var kind = JoinUrls.Classify(JoinUrls.Unwrap(url));
            return JoinUrls.IsTeams(kind) ? new Anchor(MeetingKind.Teams, position, false, JoinLinkWhat)
                : kind == JoinLinkKind.Skype ? new Anchor(MeetingKind.SkypeForBusiness, position, false, JoinLinkWhat)
                : null;
        }

        public bool IsJoinLink => What == JoinLinkWhat;
    }

    internal sealed class Candidate
    {
        public Candidate(MeetingKind kind, int start, int end, HtmlElement? container = null, bool fencesInside = false)
        {
            Kind = kind;
            Start = start;
            End = end;
            Container = container;
            FencesInside = fencesInside;
        }

        public MeetingKind Kind { get; }
        public int Start { get; }
        public int End { get; }

        /// <summary>The Teams <c>me-email-text</c> element the block was found by, if any.</summary>
        public HtmlElement? Container { get; }

        /// <summary>Both fences sit inside <see cref="Container"/> (Teams layout 3).</summary>
        public bool FencesInside { get; }

        public bool Covers(int position) => position >= Start && position < End;
    }

    /// <summary>Everything a scan turned up before deciding on a status.</summary>
    internal sealed class ScanFindings
    {
        public List<Candidate> Candidates { get; } = new List<Candidate>();

        /// <summary>Reasons a block could not be delimited.</summary>
        public List<string> Problems { get; } = new List<string>();

        /// <summary>Join links outside any block structure (hand-pasted); reported, never replaced.</summary>
        public List<Anchor> LooseLinks { get; } = new List<Anchor>();

        public bool Covers(int position) => Candidates.Any(c => c.Covers(position));

        /// <summary>
        /// A Teams candidate holding two different join links took in text beyond its block (found by fuzzing: a truncated
        /// block whose fence pairing reached a fence line and a link typed after it): refused, for both body formats.
        /// </summary>
        public void RefuseTeamsCandidatesWithTwoJoinLinks(string body)
        {
            foreach (var candidate in Candidates.Where(c => c.Kind == MeetingKind.Teams).ToList())
            {
                if (JoinUrls.DistinctTeamsJoinLinks(body, candidate.Start, candidate.End) <= 1) continue;
                Candidates.Remove(candidate);
                Problems.Add($"the Teams block at offset {candidate.Start} holds two different join links, so its edges are not certain.");
            }
        }
    }
}
