using System;
using System.Linq;
using System.Text;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    public class BodySplicerTests
    {
        private static readonly ConferencingCoordinates NewTeams = new ConferencingCoordinates
        {
            JoinUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_TmV3QmxvY2s%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d",
            MeetingId = "456789012345",
            Passcode = "Zx9&<q>",
            ConferenceId = "123456789",
            TollNumber = "+1 555-010-4242",
            TollFreeNumbers = new[] { "+1 888-555-0100" },
            DialInUrl = "https://dialin.teams.microsoft.com/abc?id=123456789",
        };

        [Theory]
        [MemberData(nameof(CorpusCases.FoundCases), MemberType = typeof(CorpusCases))]
        public void Replacing_keeps_every_character_outside_the_block(CorpusCase c)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);
            var match = BlockScanner.Scan(fixture.Body, c.Format).Match!;
            string newBlock = BlockRenderer.Render(MeetingKind.Teams, NewTeams, c.Format, match);

            string result = BodySplicer.Replace(fixture.Body, match, newBlock);

            string prefix = fixture.Body.Substring(0, match.Start);
            string suffix = fixture.Body.Substring(match.Start + match.Length);
            Assert.StartsWith(prefix, result, StringComparison.Ordinal);
            Assert.EndsWith(suffix, result, StringComparison.Ordinal);
            Assert.Equal(prefix.Length + newBlock.Length + suffix.Length, result.Length);
            Assert.Equal(newBlock, result.Substring(match.Start, newBlock.Length));

            // Same check on the bytes Graph will receive: the UTF-8 of the untouched parts is byte-identical.
            byte[] before = Encoding.UTF8.GetBytes(fixture.Body);
            byte[] after = Encoding.UTF8.GetBytes(result);
            int prefixBytes = Encoding.UTF8.GetByteCount(prefix);
            int suffixBytes = Encoding.UTF8.GetByteCount(suffix);
            Assert.True(before.Take(prefixBytes).SequenceEqual(after.Take(prefixBytes)));
            Assert.True(before.Skip(before.Length - suffixBytes).SequenceEqual(after.Skip(after.Length - suffixBytes)));
            Assert.DoesNotContain('\uFFFD', result);
        }

        [Theory]
        [MemberData(nameof(CorpusCases.FoundCases), MemberType = typeof(CorpusCases))]
        public void A_rerun_finds_exactly_the_block_we_wrote(CorpusCase c)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);
            var match = BlockScanner.Scan(fixture.Body, c.Format).Match!;
            string newBlock = BlockRenderer.Render(MeetingKind.Teams, NewTeams, c.Format, match);
            string result = BodySplicer.Replace(fixture.Body, match, newBlock);

            var rescan = BlockScanner.Scan(result, c.Format);

            Assert.Equal(BlockScanStatus.Found, rescan.Status);
            Assert.Equal(match.Start, rescan.Match!.Start);
            Assert.Equal(newBlock, rescan.Match.Text);
            Assert.Equal(MeetingKind.Teams, rescan.Match.Kind);
            Assert.Equal(BlockFingerprint.Compute(newBlock), BlockFingerprint.Compute(rescan.Match.Text));
            CoordinatesAssert.Equal(NewTeams, rescan.Match.Parsed);
        }

        [Fact]
        public void Replacing_keeps_the_replaced_blocks_language_and_line_ends()
        {
            var fixture = CorpusFixture.Load("teams2-fr.html", crlf: true);
            var match = BlockScanner.Scan(fixture.Body, BodyFormat.Html).Match!;

            string newBlock = BlockRenderer.Render(MeetingKind.Teams, NewTeams, BodyFormat.Html, match);

            Assert.Contains("lang=\"fr-FR\"", newBlock);
            Assert.Contains("Réunion Microsoft Teams", newBlock);
            Assert.Contains("\r\n", newBlock);
            Assert.Equal("fr-FR", BlockScanner.Scan(BodySplicer.Replace(fixture.Body, match, newBlock), BodyFormat.Html).Match!.Language);
        }

        [Fact]
        public void Lf_only_bodies_get_lf_only_blocks()
        {
            var fixture = CorpusFixture.Load("teams2-de.txt");
            var match = BlockScanner.Scan(fixture.Body, BodyFormat.Text).Match!;

            string newBlock = BlockRenderer.Render(MeetingKind.Teams, NewTeams, BodyFormat.Text, match);

            Assert.DoesNotContain("\r", newBlock);
            Assert.Contains("Besprechungs-ID: 456 789 012 345", newBlock);
        }

        [Fact]
        public void A_stale_match_is_refused()
        {
            var fixture = CorpusFixture.Load("teams1-en.html");
            var match = BlockScanner.Scan(fixture.Body, BodyFormat.Html).Match!;
            string edited = "<div>edited meanwhile</div>" + fixture.Body;

            Assert.Throws<InvalidOperationException>(() => BodySplicer.Replace(edited, match, "<div>new</div>"));
        }

        [Fact]
        public void A_range_splitting_a_surrogate_pair_is_refused()
        {
            string body = "a😀b";
            var match = new BlockMatch(MeetingKind.Teams, "Teams1", 2, 1, new ConferencingCoordinates(), body.Substring(2, 1));

            Assert.Throws<InvalidOperationException>(() => BodySplicer.Replace(body, match, "x"));
        }

        [Fact]
        public void Splice_is_plain_concatenation()
        {
            string body = "前\u0301 😀 [OLD] \u00A0مرحبا\r\n";
            int start = body.IndexOf("[OLD]", StringComparison.Ordinal);
            var match = new BlockMatch(MeetingKind.Teams, "Teams1", start, 5, new ConferencingCoordinates(), "[OLD]");

            Assert.Equal("前\u0301 😀 <new/> \u00A0مرحبا\r\n", BodySplicer.Replace(body, match, "<new/>"));
        }
    }
}
