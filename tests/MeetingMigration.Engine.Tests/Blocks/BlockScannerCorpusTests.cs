using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    public class BlockScannerCorpusTests
    {
        [Theory]
        [MemberData(nameof(CorpusCases.AllCases), MemberType = typeof(CorpusCases))]
        public void Scan_reports_the_expected_status(CorpusCase c)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);

            var result = BlockScanner.Scan(fixture.Body, c.Format);

            Assert.Equal(c.Status, result.Status);
            if (c.Status == BlockScanStatus.Found)
            {
                Assert.NotNull(result.Match);
                Assert.Null(result.Reason);
            }
            else
            {
                Assert.Null(result.Match);
                Assert.Contains(c.ReasonContains!, result.Reason);
                Assert.Equal(-1, fixture.ExpectedStart);
            }
        }

        [Theory]
        [MemberData(nameof(CorpusCases.FoundCases), MemberType = typeof(CorpusCases))]
        public void Found_block_has_exact_edges_kind_layout_and_language(CorpusCase c)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);

            var match = BlockScanner.Scan(fixture.Body, c.Format).Match!;

            Assert.Equal(fixture.ExpectedStart, match.Start);
            Assert.Equal(fixture.ExpectedLength, match.Length);
            Assert.Equal(fixture.ExpectedBlock, match.Text);
            Assert.Equal(c.Kind, match.Kind);
            Assert.Equal(c.Layout, match.Layout);
            Assert.Equal(c.Language, match.Language);
        }

        [Theory]
        [MemberData(nameof(CorpusCases.FoundCases), MemberType = typeof(CorpusCases))]
        public void Found_block_is_read_into_coordinates(CorpusCase c)
        {
            var fixture = CorpusFixture.Load(c.File, c.Crlf);

            var match = BlockScanner.Scan(fixture.Body, c.Format).Match!;

            CoordinatesAssert.Equal(c.Coordinates!, match.Parsed);
        }
    }
}
