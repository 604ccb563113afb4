using System.Text.RegularExpressions;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    public class BlockFingerprintTests
    {
        private const string Block = "<div class=\"me-email-text\"><div>____</div><a href=\"https://teams.microsoft.com/l/meetup-join/abc\">Join the meeting now</a>\r\n<span>Meeting ID: 123&nbsp;456</span></div>";

        [Fact]
        public void Is_sixteen_lower_case_hex_characters_and_stable()
        {
            string a = BlockFingerprint.Compute(Block);

            Assert.Matches(new Regex("^[0-9a-f]{16}$"), a);
            Assert.Equal(a, BlockFingerprint.Compute(Block));
        }

        [Fact]
        public void Survives_reserialization_of_markup()
        {
            // What Exchange does on save: other quoting, attribute order, whitespace and line ends, entities.
            const string reserialized = "<div class='me-email-text'>\n<div>____</div>\n<a target=_blank href='https://teams.microsoft.com/l/meetup-join/abc'>Join the meeting now</a> <span>Meeting ID: 123\u00A0456</span>\n</div>";

            Assert.Equal(BlockFingerprint.Compute(Block), BlockFingerprint.Compute(reserialized));
        }

        [Fact]
        public void Ignores_safe_links_wrapping()
        {
            string wrapped = Block.Replace("https://teams.microsoft.com/l/meetup-join/abc",
                "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fteams.microsoft.com%2Fl%2Fmeetup-join%2Fabc&amp;data=x&amp;reserved=0");

            Assert.Equal(BlockFingerprint.Compute(Block), BlockFingerprint.Compute(wrapped));
        }

        [Theory]
        [InlineData("meetup-join/abc", "meetup-join/abd")]
        [InlineData("123&nbsp;456", "123&nbsp;457")]
        [InlineData("Join the meeting now", "Join the meeting")]
        public void Changes_when_what_the_block_says_changes(string from, string to)
        {
            Assert.NotEqual(BlockFingerprint.Compute(Block), BlockFingerprint.Compute(Block.Replace(from, to)));
        }

        [Fact]
        public void Works_for_plain_text_links()
        {
            string a = BlockFingerprint.Compute("Join<https://teams.microsoft.com/l/meetup-join/abc>\r\nID: 1");
            string b = BlockFingerprint.Compute("Join<https://teams.microsoft.com/l/meetup-join/abd>\r\nID: 1");

            Assert.NotEqual(a, b);
            Assert.Equal(a, BlockFingerprint.Compute("Join<https://teams.microsoft.com/l/meetup-join/abc>\nID:  1"));
        }
    }
}
