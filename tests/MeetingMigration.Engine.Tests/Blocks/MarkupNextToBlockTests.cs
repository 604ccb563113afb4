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
    }
}
