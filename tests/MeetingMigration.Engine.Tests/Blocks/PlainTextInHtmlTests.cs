using System.Net;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// A plain-text invitation whose body became HTML when its organizer formatted it: Exchange's PlainText div with the
    /// text block inside, its join link written as text ("Label&lt;https://…&gt;"), bold or styles elsewhere.
    /// </summary>
    public sealed class PlainTextInHtmlTests
    {
        private static readonly string Dots = new string('.', 137);
        private const string Head = "<html><head>\r\n<meta name=\"Generator\" content=\"Microsoft Exchange Server\">\r\n<!-- converted from text -->\r\n</head><body>\r\n"
            + "<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">";
        private const string Tail = "</div></span></font>\r\n</body>\r\n</html>\r\n";

        private static string TextBlock() => string.Join("<br>\r\n",
            Dots, "Join Skype Meeting" + WebUtility.HtmlEncode("<https://meet.lync.com/contoso/ada/ABC>"),
            "Trouble Joining? Try Skype Web App" + WebUtility.HtmlEncode("<https://meet.lync.com/contoso/ada/ABC?sl=1>"),
            "Join by phone", "+1 425 555 0100 (Toll)", "Conference ID: 1234567", Dots);

        /// <summary>
        /// Outside probe AG: such a meeting, its whole block there with the old conference ID, was skipped as having no
        /// block (and Find called its organizer up to date). Its block is found between its fence lines and replaced; the
        /// formatting outside it is kept.
        /// </summary>
        [Fact]
        public void Its_text_block_is_found_between_its_fences_and_the_formatting_outside_is_kept()
        {
            string before = Head + "<b>Agenda</b>: budget<br>\r\n<br>\r\n";
            string block = TextBlock();
            string after = "<br>\r\n<span style=\"color:red\">Bring the slides</span><br>\r\n" + Tail;

            var scan = BlockScanner.Scan(before + block + after, BodyFormat.Html);

            Assert.Equal(BlockScanStatus.Found, scan.Status);
            Assert.Equal(MeetingKind.SkypeForBusiness, scan.Match!.Kind);
            Assert.Equal((before.Length, block.Length), (scan.Match.Start, scan.Match.Length));
            Assert.Equal("1234567", scan.Match.Parsed.ConferenceId);
            Assert.Equal("https://meet.lync.com/contoso/ada/ABC", scan.Match.Parsed.JoinUrl);
        }

        /// <summary>The same link typed as text outside Exchange's PlainText div is the author's, never a block's anchor.</summary>
        [Fact]
        public void A_join_link_typed_as_text_elsewhere_makes_no_block()
        {
            string body = "<html><body><p>" + Dots + "</p><p>Join Skype Meeting" + WebUtility.HtmlEncode("<https://meet.lync.com/contoso/ada/ABC>") + "</p><p>" + Dots + "</p></body></html>";

            Assert.Equal(BlockScanStatus.NotFound, BlockScanner.Scan(body, BodyFormat.Html).Status);
        }
    }
}
