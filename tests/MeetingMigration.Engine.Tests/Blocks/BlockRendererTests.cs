using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    public class BlockRendererTests
    {
        private static ConferencingCoordinates Full(string joinUrl) => new ConferencingCoordinates
        {
            JoinUrl = joinUrl,
            ConferenceId = "246813579",
            TollNumber = "+44 20 7946 0000",
            TollFreeNumbers = new[] { "+44 800 555 0100", "+1 877-555-0142" },
            DialInUrl = "https://dialin.example.com/lookup?x=1&y=2",
            MeetingId = "135792468024",
            Passcode = "Ab12Cd",
            MeetingOptionsUrl = $"https://teams.microsoft.com/meetingOptions/?organizerId=o&tenantId=t&threadId=19_{JoinUrls.MeetingThread(joinUrl) ?? "meeting_x"}@thread.v2&messageId=0",
            ResetPinUrl = "https://dialin.teams.microsoft.com/usp/pstnconferencing",
            VideoConferencing = new VideoConferencingDetails("contoso@t.plcm.vc", "1182239047", "https://dialin.plcm.vc/teams/?key=contoso@t.plcm.vc&conf=1182239047"),
        };

        public static IEnumerable<object[]> KindsFormatsLanguages()
        {
            foreach (var kind in new[] { MeetingKind.Teams, MeetingKind.SkypeForBusiness })
            foreach (var format in new[] { BodyFormat.Html, BodyFormat.Text })
            foreach (var language in new[] { "en-US", "de-DE", "fr-FR", "es-ES", "ja-JP" })
                yield return new object[] { kind, format, language };
        }

        [Theory]
        [MemberData(nameof(KindsFormatsLanguages))]
        public void Rendered_block_round_trips_through_the_scanner(MeetingKind kind, BodyFormat format, string language)
        {
            string joinUrl = kind == MeetingKind.Teams ? CorpusCases.Teams3Url : "https://meet.example.org/meet/kim.lee/ZZ11AA22";
            var coordinates = Full(joinUrl);
            var replacing = new BlockMatch(kind, "x", 0, 0, new ConferencingCoordinates(), "", language);
            string block = BlockRenderer.Render(kind, coordinates, format, replacing);
            string body = format == BodyFormat.Html
                ? "<div>Vorher ✓ 漢字 🎉</div>\r\n" + block + "\r\n<div>после</div>"
                : "Vorher ✓ 漢字 🎉\r\n" + block + "\r\nпосле";

            var result = BlockScanner.Scan(body, format);

            Assert.Equal(BlockScanStatus.Found, result.Status);
            Assert.Equal(block, result.Match!.Text);
            Assert.Equal(kind, result.Match.Kind);
            Assert.StartsWith(language.Substring(0, 2), result.Match.Language);
            var expected = Full(joinUrl);
            if (kind == MeetingKind.SkypeForBusiness)
            {
                expected.MeetingId = null; // Skype blocks show none of these
                expected.Passcode = null;
                expected.MeetingOptionsUrl = null;
                expected.ResetPinUrl = null;
                expected.VideoConferencing = null;
            }

            CoordinatesAssert.Equal(expected, result.Match.Parsed);
        }

        /// <summary>
        /// A block in a language recognized but not written (Swedish) is written in English and marked English; a written
        /// language keeps its regional culture. The Swedish block's lang="sv-SE" was kept over English text (outside probe BL-F2).
        /// </summary>
        [Theory]
        [InlineData("sv-SE", "lang=\"en-US\"")]
        [InlineData("de-AT", "lang=\"de-AT\"")]
        [InlineData("en-GB", "lang=\"en-GB\"")]
        public void A_teams_block_is_marked_with_the_language_it_is_written_in(string replacedLanguage, string expectedAttribute)
        {
            var replacing = new BlockMatch(MeetingKind.Teams, "x", 0, 0, new ConferencingCoordinates(), "", replacedLanguage);

            string block = BlockRenderer.Render(MeetingKind.Teams, Full(CorpusCases.Teams3Url), BodyFormat.Html, replacing);

            Assert.Contains(expectedAttribute, block);
            Assert.DoesNotContain(replacedLanguage == "sv-SE" ? "sv-SE" : "lang=\"en-US\"", block);
        }

        /// <summary>
        /// The new block keeps the old one's line breaks; an HTML block written on one line (minified) gets none. It got CRLFs
        /// between its paragraphs (outside probe BL-F5). Found whole again in a one-line body, so a rerun sees it current.
        /// </summary>
        [Theory]
        [InlineData(MeetingKind.Teams, "<div>old</div><div>block</div>", "")]
        [InlineData(MeetingKind.SkypeForBusiness, "<div>old</div><div>block</div>", "")]
        [InlineData(MeetingKind.Teams, "<div>old</div>\n<div>block</div>", "\n")]
        [InlineData(MeetingKind.SkypeForBusiness, "<div>old</div>\r\n<div>block</div>", "\r\n")]
        public void An_html_block_keeps_the_old_blocks_line_breaks_or_their_absence(MeetingKind kind, string oldText, string expectedBreak)
        {
            string joinUrl = kind == MeetingKind.Teams ? CorpusCases.Teams3Url : "https://meet.example.org/meet/kim.lee/ZZ11AA22";
            var replacing = new BlockMatch(kind, "x", 0, oldText.Length, new ConferencingCoordinates(), oldText, "en-US");

            string block = BlockRenderer.Render(kind, Full(joinUrl), BodyFormat.Html, replacing);

            // The breaks the block has, each one's kind: none, all LF, or all CRLF.
            var breaks = System.Text.RegularExpressions.Regex.Matches(block, "\r\n|\n|\r");
            if (expectedBreak.Length == 0) Assert.Empty(breaks);
            else Assert.All(breaks, b => Assert.Equal(expectedBreak, b.Value));
            if (expectedBreak.Length > 0) Assert.NotEmpty(breaks);
            string body = "<html><body><p>before</p>" + block + "<p>after</p></body></html>";
            var found = BlockScanner.Scan(body, BodyFormat.Html).Match!;
            Assert.Equal(block, found.Text);
        }

        [Theory]
        [InlineData(BodyFormat.Html)]
        [InlineData(BodyFormat.Text)]
        public void Rendered_block_alone_is_found_whole(BodyFormat format)
        {
            string block = BlockRenderer.Render(MeetingKind.Teams, new ConferencingCoordinates { JoinUrl = CorpusCases.Teams1Url }, format);

            var match = BlockScanner.Scan(block, format).Match!;

            Assert.Equal(0, match.Start);
            Assert.Equal(block.Length, match.Length);
            Assert.Equal(CorpusCases.Teams1Url, match.Parsed.JoinUrl);
        }

        [Fact]
        public void Values_are_html_encoded()
        {
            var coordinates = new ConferencingCoordinates
            {
                JoinUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?a=1&b=\"q\"&c=<tag>&d='s'",
                Passcode = "<script>&\"'",
                MeetingId = "123456789012",
                TollNumber = "+1 555 0100 <x>",
                DialInUrl = "https://dialin.example.com/?a=1&b=2",
            };

            string html = BlockRenderer.Render(MeetingKind.Teams, coordinates, BodyFormat.Html);

            Assert.Contains("href=\"https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?a=1&amp;b=&quot;q&quot;&amp;c=&lt;tag&gt;&amp;d=&#39;s&#39;\"", html);
            Assert.Contains("&lt;script&gt;&amp;&quot;&#39;", html);
            Assert.Contains("+1 555 0100 &lt;x&gt;", html);
            Assert.Contains("https://dialin.example.com/?a=1&amp;b=2", html);
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain("<tag>", html);
            Assert.DoesNotContain("\"q\"", html);

            var parsed = BlockScanner.Scan(html, BodyFormat.Html).Match!.Parsed;
            Assert.Equal(coordinates.JoinUrl, parsed.JoinUrl);
            Assert.Equal(coordinates.Passcode, parsed.Passcode);
            Assert.Equal(coordinates.DialInUrl, parsed.DialInUrl);
        }

        /// <summary>
        /// The meeting's options page, the PIN page and the video (CVI) section are written from what the replaced block
        /// showed: each only when its values are there, the PIN page only beside dial-in numbers, and a page that is not a
        /// web URL left out rather than failing the meeting.
        /// </summary>
        [Theory]
        [InlineData(BodyFormat.Html)]
        [InlineData(BodyFormat.Text)]
        public void Options_pin_and_video_sections_appear_only_with_their_values(BodyFormat format)
        {
            string bare = BlockRenderer.Render(MeetingKind.Teams, new ConferencingCoordinates { JoinUrl = CorpusCases.Teams1Url }, format);
            Assert.DoesNotContain("Meeting options", bare);
            Assert.DoesNotContain("For organizers", bare);
            Assert.DoesNotContain("Video ID", bare);

            var pinWithoutPhone = new ConferencingCoordinates { JoinUrl = CorpusCases.Teams1Url, ResetPinUrl = "https://dialin.teams.microsoft.com/usp/pstnconferencing" };
            Assert.DoesNotContain("pstnconferencing", BlockRenderer.Render(MeetingKind.Teams, pinWithoutPhone, format));

            var hostile = Full(CorpusCases.Teams1Url);
            hostile.MeetingOptionsUrl = "javascript:alert(1)";
            hostile.VideoConferencing = new VideoConferencingDetails("contoso@t.plcm.vc", "1182239047", "data:text/html,x");
            string written = BlockRenderer.Render(MeetingKind.Teams, hostile, format);
            Assert.DoesNotContain("javascript:", written);
            Assert.DoesNotContain("data:", written);
            Assert.DoesNotContain("Meeting options", written);
            Assert.Contains("Reset dial-in PIN", written);
            Assert.Contains("118 223 904 7", written);
            var parsed = BlockScanner.Scan(written, format).Match!.Parsed;
            Assert.Null(parsed.MeetingOptionsUrl);
            Assert.Equal("contoso@t.plcm.vc", parsed.VideoConferencing!.TenantKey);
            Assert.Null(parsed.VideoConferencing.InstructionsUrl);
            Assert.Equal(hostile.DialInUrl, parsed.DialInUrl);
        }

        [Fact]
        public void A_carried_page_with_a_line_break_or_too_long_is_left_out()
        {
            var coordinates = Full(CorpusCases.Teams1Url);
            coordinates.MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?a=1\r\nPhone conference ID: 999 999 999#";
            coordinates.ResetPinUrl = "https://dialin.teams.microsoft.com/usp/pstnconferencing?" + new string('x', 2100);

            string html = BlockRenderer.Render(MeetingKind.Teams, coordinates, BodyFormat.Html);

            Assert.DoesNotContain("meetingOptions", html);
            Assert.DoesNotContain("pstnconferencing", html);
            Assert.DoesNotContain("999 999 999", html);
        }

        [Fact]
        public void Carried_pages_are_html_encoded()
        {
            var coordinates = Full(CorpusCases.Teams1Url);
            coordinates.MeetingOptionsUrl = "https://teams.microsoft.com/meetingOptions/?a=1&b=\"x\"><script>";
            coordinates.VideoConferencing = new VideoConferencingDetails("o'neil@vc.example.com", "1234567890", "https://vc.example.com/?k=o'neil%40vc.example.com&c=1234567890&x='1'");

            string html = BlockRenderer.Render(MeetingKind.Teams, coordinates, BodyFormat.Html);

            Assert.DoesNotContain("<script>", html);
            Assert.Contains("?a=1&amp;b=&quot;x&quot;&gt;&lt;script&gt;", html);
            Assert.Contains("o&#39;neil@vc.example.com", html);
            Assert.Contains("?k=o&#39;neil%40vc.example.com&amp;c=1234567890&amp;x=&#39;1&#39;", html);
            var parsed = BlockScanner.Scan(html, BodyFormat.Html).Match!.Parsed;
            Assert.Equal(coordinates.MeetingOptionsUrl, parsed.MeetingOptionsUrl);
            Assert.Equal("o'neil@vc.example.com", parsed.VideoConferencing!.TenantKey);
            Assert.Equal("https://vc.example.com/?k=o'neil%40vc.example.com&c=1234567890&x='1'", parsed.VideoConferencing.InstructionsUrl);
        }

        [Fact]
        public void Skype_names_and_urls_are_html_encoded_too()
        {
            var coordinates = new ConferencingCoordinates { JoinUrl = "https://meet.example.org/meet/o'neil/A&B", ConferenceId = "<1>" };

            string html = BlockRenderer.Render(MeetingKind.SkypeForBusiness, coordinates, BodyFormat.Html);

            Assert.Contains("href=\"https://meet.example.org/meet/o&#39;neil/A&amp;B\"", html);
            Assert.Contains("href=\"https://meet.example.org/meet/o&#39;neil/A&amp;B?sl=1\"", html);
            Assert.Contains("&lt;1&gt;", html);
            Assert.Equal(coordinates.JoinUrl, BlockScanner.Scan(html, BodyFormat.Html).Match!.Parsed.JoinUrl);
        }

        [Fact]
        public void Text_values_cannot_break_the_block_lines()
        {
            var coordinates = new ConferencingCoordinates
            {
                JoinUrl = CorpusCases.Teams2Url,
                Passcode = "ab\r\n" + new string('_', 80) + "\ncd",
                MeetingId = "111222333444",
            };

            string text = BlockRenderer.Render(MeetingKind.Teams, coordinates, BodyFormat.Text);
            var result = BlockScanner.Scan("before\n" + text + "\nafter", BodyFormat.Text);

            Assert.Equal(BlockScanStatus.Found, result.Status);
            Assert.Equal(text, result.Match!.Text);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("javascript:alert(1)")]
        [InlineData("teams.microsoft.com/l/meetup-join/x")]
        [InlineData("ftp://teams.microsoft.com/x")]
        public void A_join_url_that_is_not_absolute_http_is_rejected(string? joinUrl)
        {
            Assert.Throws<ArgumentException>(() =>
                BlockRenderer.Render(MeetingKind.Teams, new ConferencingCoordinates { JoinUrl = joinUrl }, BodyFormat.Html));
        }

        [Fact]
        public void Rendering_is_deterministic_and_english_by_default()
        {
            var c = Full(CorpusCases.Teams1Url);

            string a = BlockRenderer.Render(MeetingKind.Teams, c, BodyFormat.Html);
            string b = BlockRenderer.Render(MeetingKind.Teams, Full(CorpusCases.Teams1Url), BodyFormat.Html);

            Assert.Equal(a, b);
            Assert.Contains("Join the meeting now", a);
            Assert.Contains("lang=\"en-US\"", a);
        }

        [Fact]
        public void An_unsupported_language_falls_back_to_english()
        {
            var replacing = new BlockMatch(MeetingKind.Teams, "Teams1", 0, 0, new ConferencingCoordinates(), "", "ko-KR");

            string text = BlockRenderer.Render(MeetingKind.Teams, Full(CorpusCases.Teams1Url), BodyFormat.Text, replacing);

            Assert.Contains("Microsoft Teams meeting", text);
        }

        /// <summary>
        /// The new block keeps the line break of the one it replaces. A text body with lone CRs (old Mac clients) got CRLF
        /// inside its new block, a body of mixed line breaks afterwards (found by an outside probe).
        /// </summary>
        [Theory]
        [InlineData("\r\n")]
        [InlineData("\n")]
        [InlineData("\r")]
        public void A_text_block_is_written_with_the_line_breaks_of_the_one_it_replaces(string newLine)
        {
            var teams = Full("https://teams.microsoft.com/l/meetup-join/19%3ameeting_old%40thread.v2/0?context=%7b%7d");
            string old = BlockRenderer.Render(MeetingKind.Teams, teams, BodyFormat.Text).Replace("\r\n", newLine);
            var match = BlockScanner.Scan("Agenda" + newLine + old + newLine + "Bye", BodyFormat.Text).Match!;

            string rendered = BlockRenderer.Render(MeetingKind.Teams, Full("https://teams.microsoft.com/l/meetup-join/19%3ameeting_new%40thread.v2/0?context=%7b%7d"), BodyFormat.Text, match);

            Assert.Equal(old.Split(newLine).Length, rendered.Split(newLine).Length);
            Assert.Equal(rendered.Replace("\r\n", "").Replace("\r", "").Replace("\n", "").Length, rendered.Length - (rendered.Split(newLine).Length - 1) * newLine.Length);
        }
    }
}
