using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// Markup an author leaves right next to the block, found by an outside probe of the whole migration through the
    /// sandbox (2026-12-04): an empty element (a line break, an image) directly before the block made every HTML layout
    /// fail as "would break the markup", so Outlook bodies whose text ends in &lt;br&gt; could not be migrated at all.
    /// </summary>
    public class MarkupNextToBlockTests
    {
        private static readonly string[] EmptyElements = { "<br>", "<BR/>", "<img src=\"cid:x\">", "<hr>", "<wbr>", "<o:p/>", "<o:p></o:p>" };

        public static IEnumerable<object[]> HtmlCasesWithEmptyElements() =>
            from c in CorpusCases.FoundCases().Select(o => (CorpusCase)o[0])
            where c.File.EndsWith(".html")
            from e in EmptyElements
            select new object[] { c, e };

        [Theory]
        [MemberData(nameof(HtmlCasesWithEmptyElements))]
        public void An_empty_element_just_before_the_block_leaves_it_found_and_outside_it(CorpusCase c, string element)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);
            string body = fixture.Body.Insert(fixture.ExpectedStart, element);

            var result = BlockScanner.Scan(body, c.Format);

            Assert.True(result.Status == BlockScanStatus.Found, $"{result.Status}: {result.Reason}");
            Assert.Equal(fixture.ExpectedStart + element.Length, result.Match!.Start);
            Assert.Equal(fixture.ExpectedBlock, result.Match.Text);
        }

        [Theory]
        [MemberData(nameof(HtmlCasesWithEmptyElements))]
        public void An_empty_element_just_after_the_block_leaves_it_found_and_outside_it(CorpusCase c, string element)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);
            string body = fixture.Body.Insert(fixture.ExpectedStart + fixture.ExpectedLength, element);

            var result = BlockScanner.Scan(body, c.Format);

            Assert.True(result.Status == BlockScanStatus.Found, $"{result.Status}: {result.Reason}");
            Assert.Equal(fixture.ExpectedStart, result.Match!.Start);
            Assert.Equal(fixture.ExpectedBlock, result.Match.Text);
        }

        /// <summary>Layouts 3 and 4: the fences inside the container, so the container's first tag opens the block.</summary>
        public static IEnumerable<object[]> ContainerCases() =>
            from c in CorpusCases.FoundCases().Select(o => (CorpusCase)o[0])
            where c.File.EndsWith(".html") && (c.Layout == "Teams3" || c.Layout == "Teams4") && OpensWithContainer(CorpusFixture.Load(c.File).ExpectedBlock)
            select new object[] { c };

        private static bool OpensWithContainer(string block) => block.Substring(0, block.IndexOf('>') + 1).Contains("me-email-text");

        public static IEnumerable<object[]> ContainerCasesAtEachEdge() =>
            from o in ContainerCases()
            from edge in new[] { "before", "after" }
            select new object[] { o[0], edge };

        /// <summary>The body with <paramref name="text"/> inside the block's container: just after its first tag, or just before its end tag.</summary>
        private static string WithContainerText(CorpusFixture fixture, bool atStart, string text)
        {
            string block = fixture.ExpectedBlock;
            int at = atStart ? block.IndexOf('>') + 1 : block.LastIndexOf("</div>", System.StringComparison.Ordinal);
            return fixture.Body.Insert(fixture.ExpectedStart + at, text);
        }

        [Theory]
        [MemberData(nameof(ContainerCasesAtEachEdge))]
        public void Text_typed_inside_the_container_before_the_first_or_after_the_last_fence_is_refused_not_deleted(CorpusCase c, string edge)
        {
            var body = WithContainerText(CorpusFixture.Load(c.File), atStart: edge == "before", "<p>Agenda: budget \U0001F600</p>");

            var result = BlockScanner.Scan(body, c.Format);

            Assert.NotEqual(BlockScanStatus.Found, result.Status);
            Assert.Contains($"holds other content {edge} its fence lines, inside its container", result.Reason);
        }

        [Theory]
        [MemberData(nameof(ContainerCases))]
        public void Blank_markup_inside_the_container_around_the_fences_stays_part_of_the_block(CorpusCase c)
        {
            var fixture = CorpusFixture.Load(c.File);
            var body = WithContainerText(fixture, atStart: true, "<div><br></div>&nbsp;<!-- x -->\n");

            var result = BlockScanner.Scan(body, c.Format);

            Assert.True(result.Status == BlockScanStatus.Found, $"{result.Status}: {result.Reason}");
            Assert.Equal(fixture.ExpectedStart, result.Match!.Start);
            Assert.Equal(fixture.ExpectedBlock.Length + "<div><br></div>&nbsp;<!-- x -->\n".Length, result.Match.Length);
        }
    }
}
