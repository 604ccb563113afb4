using System;
using System.Diagnostics;
using System.Text;
using System.Linq;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>Bodies built in code: line-end mixes, edges of the body, decoys in markup, sizes.</summary>
    public class BlockScannerEdgeTests
    {
        private static readonly string Fence = new string('_', 80);
        private static readonly string Dots = new string('.', 137);

        private static string TeamsTextBlock(string nl) =>
            Fence + nl + "Microsoft Teams meeting" + nl + "Join the meeting now<" + CorpusCases.Teams1Url + ">" + nl + "Meeting ID: 123 456 789 012" + nl + Fence;

        /// <summary>
        /// A fence line that shares its line is refused, and the reason says so and shows what is beside it: an outside probe
        /// (2026-12-05) was told "no closing fence line (truncated?)" of a block whose closing fence had text typed after it,
        /// and "no opening fence line" of one whose opening fence had an invisible U+FEFF or U+2028 before it.
        /// </summary>
        [Theory]
        [InlineData("after", "Thanks!", "other text (after it: 'Thanks!')")]
        [InlineData("before", "\uFEFF", "other text (before it: '\\uFEFF')")]
        [InlineData("before", "Line one\u2028", "other text (before it: 'Line one\\u2028')")]
        public void A_fence_sharing_its_line_is_refused_with_the_reason_naming_what_is_beside_it(string where, string beside, string expected)
        {
            string block = TeamsTextBlock("\n");
            string body = where == "after" ? "Agenda\n" + block + beside + "\nBye" : "Agenda\n" + beside + block + "\nBye";

            var result = BlockScanner.Scan(body, BodyFormat.Text);

            Assert.Equal(BlockScanStatus.Unbalanced, result.Status);
            Assert.Contains("fence line at offset", result.Reason);
            Assert.Contains("shares its line with " + expected, result.Reason);
            Assert.DoesNotContain("truncated", result.Reason);
        }

        [Fact]
        public void Mixed_line_ends_keep_exact_edges()
        {
            string block = Fence + "\r\nMicrosoft Teams meeting\nJoin the meeting now<" + CorpusCases.Teams1Url + ">\rMeeting ID: 123 456 789 012\r\n" + Fence;
            string body = "e\u0301l\u00E8ve\r\r\n" + block + "\n\r\nفي الاجتماع\u200F 🏳️‍🌈";

            var match = BlockScanner.Scan(body, BodyFormat.Text).Match!;

            Assert.Equal(block, match.Text);
            Assert.Equal(body.IndexOf(block, StringComparison.Ordinal), match.Start);
            Assert.Equal("123456789012", match.Parsed.MeetingId);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\u00A0\u00A0")]
        public void Block_at_both_ends_of_the_body_is_found(string indent)
        {
            string block = indent + TeamsTextBlock("\n");

            var match = BlockScanner.Scan(block, BodyFormat.Text).Match!;

            Assert.Equal(0, match.Start);
            Assert.Equal(block.Length, match.Length);
        }

        [Fact]
        public void Empty_body_is_not_found()
        {
            Assert.Equal(BlockScanStatus.NotFound, BlockScanner.Scan("", BodyFormat.Html).Status);
            Assert.Throws<ArgumentNullException>(() => BlockScanner.Scan(null!, BodyFormat.Text));
        }

        [Fact]
        public void Fences_and_links_inside_comments_and_styles_are_ignored()
        {
            string body = "<html><head><style><!-- p{} /* " + Dots + " */ --></style></head><body>" +
                          "<!-- " + Dots + " <a name=\"OutJoinLink\" href=\"" + CorpusCases.SkypeUrl + "\">x</a> " + Dots + " -->" +
                          "<p>Nothing to see " + Fence.Substring(0, 30) + "</p></body></html>";

            Assert.Equal(BlockScanStatus.NotFound, BlockScanner.Scan(body, BodyFormat.Html).Status);
        }

        [Fact]
        public void A_link_pasted_next_to_a_complete_block_is_left_alone()
        {
            string block = TeamsTextBlock("\r\n");
            string body = "Backup link: " + CorpusCases.Teams2Url + "\r\n" + block + "\r\nAnd again: " + CorpusCases.Teams2Url + "\r\n";

            var result = BlockScanner.Scan(body, BodyFormat.Text);

            Assert.Equal(BlockScanStatus.Found, result.Status);
            Assert.Equal(block, result.Match!.Text);
            Assert.Equal(CorpusCases.Teams1Url, result.Match.Parsed.JoinUrl);
        }

        [Fact]
        public void Teams_block_separated_from_its_fences_by_user_text_is_unbalanced()
        {
            string fence = "<div style=\"width:100%;height:20px\"><span style=\"white-space:nowrap\">" + Fence + "</span></div>";
            string body = fence + "<div>User typed here</div><div class=\"me-email-text\"><a class=\"me-email-headline\" href=\"" +
                          CorpusCases.Teams1Url + "\">Click here to join the meeting</a></div><div>and here</div>" + fence;

            var result = BlockScanner.Scan(body, BodyFormat.Html);

            Assert.Equal(BlockScanStatus.Unbalanced, result.Status);
            Assert.Contains("separated from its fence lines", result.Reason);
        }

        [Fact]
        public void Fence_wrapper_holding_nothing_else_belongs_to_the_block()
        {
            string fence = "<div><div style=\"height:20px\"><span>" + Fence + "</span>&nbsp;</div></div>";
            string block = fence + "\r\n<div><br></div>\r\n<div class=\"x_me-email-text\" lang=\"en-GB\"><a class=\"x_me-email-headline\" href=\"" +
                           CorpusCases.Teams1Url + "\">Click here to join the meeting</a></div>\r\n" + fence;
            string body = "<div class=\"WordSection1\"><div>Hi 😀</div>\r\n" + block + "\r\n<div>Bye</div></div>";

            var match = BlockScanner.Scan(body, BodyFormat.Html).Match!;

            Assert.Equal(block, match.Text);
            Assert.Equal("en-GB", match.Language);
            Assert.Equal("Teams1", match.Layout);
        }

        [Fact]
        public void Skype_locale_tag_without_fences_is_unbalanced()
        {
            var result = BlockScanner.Scan("Join Skype Meeting<" + CorpusCases.SkypeUrl + ">\n[!OC([1033])!]\n", BodyFormat.Text);

            Assert.Equal(BlockScanStatus.Unbalanced, result.Status);
        }

        [Fact]
        public void Dot_lines_without_any_block_evidence_are_not_a_block()
        {
            Assert.Equal(BlockScanStatus.NotFound, BlockScanner.Scan(Dots + "\nJust a divider the user likes\n" + Dots, BodyFormat.Text).Status);
        }

        /// <summary>
        /// Word splits a paragraph's text into runs after edits: a fence written as two spans of one paragraph (60 + 77
        /// dots) is one fence line; it was none, and the block was refused as having no opening fence (outside probe BL-F3).
        /// Two paragraphs of half a fence each are two lines, and no fence.
        /// </summary>
        /// <summary>
        /// A fence Word split as 3 + 137 dots is one fence line of 140, the paragraph, not also a second one (its 137-dot
        /// span) inside it: with both, the block began at the span and cutting it out broke the paragraph (Unbalanced).
        /// </summary>
        [Fact]
        public void A_whole_fence_after_a_few_dots_in_a_span_of_its_own_is_one_fence()
        {
            var coordinates = new ConferencingCoordinates { JoinUrl = "https://meet.contoso.com/kim/AB12CD34", ConferenceId = "7766554" };
            string block = BlockRenderer.Render(MeetingKind.SkypeForBusiness, coordinates, BodyFormat.Html);
            const string span = "<span style=\"font-size:8.0pt;color:#404040\">";
            string whole = span + new string('.', FenceLines.SkypeDots) + "</span>";
            int at = block.IndexOf(whole, StringComparison.Ordinal);
            string edited = block.Substring(0, at) + span + "...</span>" + whole + block.Substring(at + whole.Length);

            var result = BlockScanner.Scan("<html><body><p>Agenda</p>" + edited + "<p>Thanks</p></body></html>", BodyFormat.Html);

            Assert.Equal(BlockScanStatus.Found, result.Status);
            Assert.Equal(edited, result.Match!.Text);
            Assert.Equal("7766554", result.Match.Parsed.ConferenceId);
        }

        [Theory]
        [InlineData(0, true)]
        [InlineData(1, true)]
        [InlineData(0, false)]
        public void A_skype_fence_split_into_runs_of_one_paragraph_is_one_fence_line(int whichFence, bool sameParagraph)
        {
            var coordinates = new ConferencingCoordinates { JoinUrl = "https://meet.contoso.com/kim/AB12CD34", ConferenceId = "7766554", TollNumber = "+1 425 555 0100" };
            string block = BlockRenderer.Render(MeetingKind.SkypeForBusiness, coordinates, BodyFormat.Html);
            const string span = "<span style=\"font-size:8.0pt;color:#404040\">";
            string whole = span + new string('.', FenceLines.SkypeDots) + "</span>";
            string split = sameParagraph
                ? span + new string('.', 60) + "</span><!-- rsid --><span style=\"font-size:8.0pt;color:#404040\">" + new string('.', 77) + "</span>"
                : span + new string('.', 60) + "</span></p><p class=MsoNormal>" + span + new string('.', 77) + "</span>";
            int at = whichFence == 0 ? block.IndexOf(whole, StringComparison.Ordinal) : block.LastIndexOf(whole, StringComparison.Ordinal);
            Assert.True(at >= 0);
            string edited = block.Substring(0, at) + split + block.Substring(at + whole.Length);

            var result = BlockScanner.Scan("<html><body><p>Agenda ……</p>" + edited + "<p>Thanks</p></body></html>", BodyFormat.Html);

            if (!sameParagraph)
            {
                Assert.NotEqual(BlockScanStatus.Found, result.Status);
                return;
            }
            Assert.Equal(BlockScanStatus.Found, result.Status);
            Assert.Equal(edited, result.Match!.Text);
            Assert.Equal("7766554", result.Match.Parsed.ConferenceId);
        }

        /// <summary>
        /// An older invitation quoted below the meeting's own block reply-style ("> " on every line, fences and links
        /// included) is the author's text: the meeting's block is found. It failed as "the fence line shares its line with
        /// other text ('>')" (outside probe BL-F4). A body whose only block is quoted has none.
        /// </summary>
        [Theory]
        [InlineData(MeetingKind.SkypeForBusiness, "> ")]
        [InlineData(MeetingKind.Teams, "> ")]
        [InlineData(MeetingKind.Teams, ">> ")]
        public void An_older_invitation_quoted_reply_style_is_the_authors_text(MeetingKind kind, string prefix)
        {
            string Url(string who) => kind == MeetingKind.Teams ? CorpusCases.Teams3Url.Replace("meeting_", "meeting_" + who) : $"https://meet.contoso.com/{who}/AB12CD34";
            string own = BlockRenderer.Render(kind, new ConferencingCoordinates { JoinUrl = Url("own"), ConferenceId = "7766554", TollNumber = "+1 425 555 0100" }, BodyFormat.Text);
            string old = BlockRenderer.Render(kind, new ConferencingCoordinates { JoinUrl = Url("old"), ConferenceId = "1112223", TollNumber = "+1 425 555 0199" }, BodyFormat.Text);
            string quoted = string.Join("\r\n", old.Split("\r\n").Select(line => prefix + line));

            var result = BlockScanner.Scan("Agenda\r\n" + own + "\r\n\r\n-----Original Appointment-----\r\n" + quoted + "\r\n", BodyFormat.Text);
            var alone = BlockScanner.Scan("Agenda\r\n" + quoted + "\r\n", BodyFormat.Text);

            Assert.Equal(BlockScanStatus.Found, result.Status);
            Assert.Equal(own, result.Match!.Text);
            Assert.Equal("7766554", result.Match.Parsed.ConferenceId);
            Assert.Equal(BlockScanStatus.NotFound, alone.Status);
        }

        [Fact]
        public void Swedish_skype_block_with_hex_locale_tag()
        {
            string block = Dots + "\nAnslut till Skype-mötet<https://meet.contoso.se/meet/sven/AB12CD34>\nKonferens-ID: 7766554\n[!OC([041d])!]\n" + Dots;

            var match = BlockScanner.Scan("Hej!\n" + block + "\nMvh", BodyFormat.Text).Match!;

            Assert.Equal(block, match.Text);
            Assert.Equal("sv-SE", match.Language);
            Assert.Equal("7766554", match.Parsed.ConferenceId);
            Assert.Equal("https://meet.contoso.se/meet/sven/AB12CD34", match.Parsed.JoinUrl);
        }

        [Theory]
        [InlineData("<div class=\"me-email-text\"><a href=\"https://teams.microsoft.com/l/meetup-join/x\"")]
        [InlineData("<div class=\"me-email-text\"><a href='unterminated")]
        [InlineData("<<<>>><!--")]
        [InlineData("<div class=\"me-email-text\"></span></div></div></div>")]
        public void Malformed_html_never_throws(string body)
        {
            var result = BlockScanner.Scan(body, BodyFormat.Html);

            Assert.NotNull(result);
        }

        [Fact]
        public void Large_bodies_scan_quickly()
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 20000; i++) sb.Append("<p class=\"MsoNormal\">Paragraph ").Append(i).Append(" — 漢字 😀 &amp; text<o:p></o:p></p>\r\n");
            string block = BlockRenderer.Render(MeetingKind.Teams, new ConferencingCoordinates { JoinUrl = CorpusCases.Teams1Url }, BodyFormat.Html);
            string body = sb + block + sb;

            var watch = Stopwatch.StartNew();
            var match = BlockScanner.Scan(body, BodyFormat.Html).Match!;
            watch.Stop();

            Assert.Equal(block, match.Text);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        }
    }
}
