using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// Which HTML bodies are Exchange's rendering of a plain-text body (read again as text, written back as text), and which
    /// are HTML bodies that would lose their formatting as text (left HTML).
    /// </summary>
    public sealed class ExchangeTextConversionTests
    {
        private const string Head = "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
            + "<meta name=\"Generator\" content=\"Microsoft Exchange Server\">\r\n<!-- converted from text -->\r\n"
            + "<style><!-- .EmailQuote { margin-left: 1pt; padding-left: 4pt; border-left: #800000 2px solid; } --></style></head>\r\n<body>\r\n";
        private const string Tail = "\r\n</body>\r\n</html>\r\n";

        internal static string Converted(string inner) =>
            Head + "<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">" + inner + "</div></span></font>" + Tail;

        [Theory]
        [InlineData("Agenda: a &lt; b &amp; c<br>\r\n&nbsp;&nbsp;indented<br>\r\n<br>\r\nJoin&lt;https://meet.lync.com/contoso/ada/ABC&gt;<br>\r\n")]
        [InlineData("Join&lt;<a href=\"https://meet.lync.com/contoso/ada/ABC\">https://meet.lync.com/contoso/ada/ABC</a>&gt;<br />\r\n")]
        [InlineData("")]
        public void Exchanges_rendering_of_a_text_body_is_recognized(string inner)
        {
            Assert.True(ExchangeTextConversion.IsConvertedFromText(Converted(inner)));
        }

        /// <summary>
        /// Outside probe AF: an HTML body that kept Exchange's comment in its head after it was edited as HTML (a text invitation
        /// reformatted in Outlook) was read as text and written back as text, its formatting lost for good.
        /// </summary>
        [Theory]
        [InlineData("<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">Agenda: <b>budget</b><br>\r\n</div></span></font>")]
        [InlineData("<p class=\"MsoNormal\">Agenda</p><font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">Join<br>\r\n</div></span></font>")]
        [InlineData("<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">Join<br>\r\n</div></span></font><table><tr><td>x</td></tr></table>")]
        [InlineData("<div>Agenda<br>\r\n</div>")]
        // Outside probe AG: links a conversion of text cannot make (words that are not the address, mail, other attributes).
        [InlineData("<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">See <a href=\"https://contoso.example/doc\">agenda doc</a><br>\r\n</div></span></font>")]
        [InlineData("<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">Mail <a href=\"mailto:ada@contoso.com\">mailto:ada@contoso.com</a><br>\r\n</div></span></font>")]
        [InlineData("<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\"><a href=\"https://x.example/\" style=\"color:red\">https://x.example/</a><br>\r\n</div></span></font>")]
        public void An_html_body_with_formatting_is_not_taken_for_a_text_body_whatever_its_head_says(string body)
        {
            Assert.False(ExchangeTextConversion.IsConvertedFromText(Head + body + Tail));
        }

        [Fact]
        public void The_comment_inside_the_body_or_nowhere_says_nothing()
        {
            const string quoted = "<html><head></head><body><p>Fwd:</p><!-- converted from text --><div class=\"PlainText\">old mail<br></div></body></html>";
            const string none = "<html><head></head><body><font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">text<br></div></span></font></body></html>";

            Assert.False(ExchangeTextConversion.IsConvertedFromText(quoted));
            Assert.False(ExchangeTextConversion.IsConvertedFromText(none));
        }
    }
}
