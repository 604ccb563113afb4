using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>
    /// An organizer's JoinUrl and DialInUrl are mailed in every block of their meetings. Outside probe L set links with line
    /// breaks, tabs, spaces, a direction mark, a password and 5,022 characters; all were taken, and a migration mailed one
    /// with its line breaks to the attendees of 26 meetings (HTML and text bodies spelling it differently).
    /// </summary>
    public sealed class MeetingLinkTests : IDisposable
    {
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();

        public void Dispose() => _bed.Dispose();

        public static TheoryData<string, string> Refused() => new TheoryData<string, string>
        {
            { "JoinUrl", "https://meet.contoso.com/x\r\ny" },
            { "JoinUrl", "https://meet.contoso.com/x y" },
            { "JoinUrl", "https://meet.contoso.com/x\ty" },
            { "DialInUrl", "https://dialin.contoso.com/x\u202Ey" },
            { "DialInUrl", "https://dialin.contoso.com/x\u200By" },
            { "JoinUrl", "https://meet.contoso.com/x\u2028y" },
            { "JoinUrl", "https://user:pass@meet.contoso.com/x" },
            { "JoinUrl", "https://meet.contoso.com/" + new string('a', 2048) },
            { "DialInUrl", "http://dialin.contoso.com/x" },
            // Outside probe M: invisible characters the first rule missed, and an empty user name.
            { "JoinUrl", "https://meet.contoso.com/x\U000E0041y" },       // a tag character
            { "JoinUrl", "https://meet.contoso.com/x\uFE0Fy" },           // a variation selector
            { "DialInUrl", "https://dialin.contoso.com/x\u3164y" },       // a Hangul filler
            { "JoinUrl", "https://meet.contoso.com/zoë/K7" },               // letters other than ASCII: percent-encoded, as services write links
            { "JoinUrl", "https://@meet.contoso.com/x" },
            // Outside probe N: read as https://meet.lync.com@evil.example/, opening evil.example; and a raw NBSP in the message.
            { "JoinUrl", "https:\\\\meet.lync.com@evil.example/x" },
            { "DialInUrl", "https://dialin.contoso.com\\@evil.example/x" },
            { "JoinUrl", "https://meet.contoso.com/x\u00A0y" },
            { "JoinUrl", "https://meet.contoso.com/x\u2800y" },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public async Task A_link_attendees_should_not_get_is_InvalidSettingValue_naming_it_and_changes_nothing(string property, string link)
        {
            await _bed.UserAsync("ashaw@contoso.com", bridge: null);
            var update = property == "JoinUrl" ? new DialInUserUpdate { JoinUrl = link } : new DialInUserUpdate { DialInUrl = link };

            var error = await _bed.RefusedAsync(ErrorIds.InvalidSettingValue, link,
                () => _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), update, false, None));

            Assert.StartsWith(property + " cannot be ", error.Message);
            // Nothing but printable ASCII quoted from the link: a tag character is shown as \U000E0041, a no-break space as \u00A0.
            var quoted = error.Message.Substring((property + " cannot be ").Length);
            Assert.True(quoted.All(c => c >= ' ' && c < '\u007F' || c == '…' || c == 'ë'), quoted);
            Assert.Contains("such as https://", error.RecommendedAction);
        }

        /// <summary>
        /// Percent-encoding, the advice for a path, does not make a host with letters other than ASCII one that resolves: the
        /// error names the host's ASCII form instead. Invisible characters in a host get no such advice (IDNA would drop some).
        /// </summary>
        [Theory]
        [InlineData("https://bücher.example/ashaw/K7", "xn--bcher-kva.example")]
        [InlineData("https://meet.bücher.example:8443/x", "meet.xn--bcher-kva.example")]
        [InlineData("https://會議.example?x=1", "xn--2ovu42f.example")]
        [InlineData("https://meet\u200B.contoso.com/x", null)]
        [InlineData("https://meet.contoso.com/zoë/K7", null)]
        public async Task A_host_with_letters_other_than_ASCII_is_refused_naming_its_ASCII_form(string link, string? asciiHost)
        {
            link = System.Text.RegularExpressions.Regex.Unescape(link);
            await _bed.UserAsync("ashaw@contoso.com", bridge: null);

            var error = await _bed.RefusedAsync(ErrorIds.InvalidSettingValue, link,
                () => _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), new DialInUserUpdate { JoinUrl = link }, false, None));

            if (asciiHost is null)
                Assert.DoesNotContain("ASCII form", error.Message);
            else
                Assert.Contains($"give its host in the ASCII form DNS knows it by ({asciiHost})", error.Message);
        }

        [Theory]
        [InlineData("https://meet.contoso.com/ashaw/K7L2P9QZ")]
        [InlineData("https://meet.contoso.com/zo%C3%AB/K7")]            // zoë's, percent-encoded
        [InlineData("https://meet.contoso.com/a%20b/K7?sl=1")]          // anything else percent-encoded
        public async Task A_link_a_meeting_service_writes_is_taken(string link)
        {
            await _bed.UserAsync("ashaw@contoso.com", bridge: null);

            await _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), new DialInUserUpdate { JoinUrl = link, DialInUrl = link }, false, None);

            var user = await _bed.GetUserAsync("ashaw@contoso.com");
            Assert.Equal((link, link), (user.JoinUrl, user.DialInUrl));
        }

        [Theory]
        [InlineData("https://meet.contoso.com/x\r\nFAKE LINE", "U+0020")]
        [InlineData("https://meet.contoso.com/x\u202Ey", "U+202E")]
        [InlineData("https://meet.contoso.com/x\u00A0y", "U+00A0")]
        [InlineData("https://meet.contoso.com/x\U000E0041y", "U+E0041")]
        [InlineData("https://meet.contoso.com/x\u3164y", "U+3164")]
        public void A_link_stored_before_the_check_is_not_rendered_into_a_block(string link, string named)
        {
            var coordinates = new ConferencingCoordinates { JoinUrl = link, ConferenceId = "4715832" };

            var error = Assert.Throws<ArgumentException>(() => BlockRenderer.Render(MeetingKind.SkypeForBusiness, coordinates, BodyFormat.Html));

            Assert.Contains(named, error.Message);
        }

        [Fact]
        public void A_link_with_half_a_surrogate_pair_is_not_rendered_into_a_block_and_named()
        {
            var coordinates = new ConferencingCoordinates { JoinUrl = "https://meet.contoso.com/x" + (char)0xD800 + "y", ConferenceId = "4715832" };

            var error = Assert.Throws<ArgumentException>(() => BlockRenderer.Render(MeetingKind.SkypeForBusiness, coordinates, BodyFormat.Html));

            Assert.Contains("(U+D800)", error.Message);
        }

        /// <summary>Tabs and line breaks inside a link are dropped, as URL parsers drop them: a link wrapped in a body still opens the meeting.</summary>
        [Theory]
        [InlineData(BodyFormat.Html)]
        [InlineData(BodyFormat.Text)]
        public void A_link_with_a_line_break_is_rendered_as_the_link_it_opens(BodyFormat format)
        {
            var coordinates = new ConferencingCoordinates { JoinUrl = "https://meet.contoso.com/ashaw/\r\n\tK7L2P9QZ", ConferenceId = "4715832" };

            var block = BlockRenderer.Render(MeetingKind.SkypeForBusiness, coordinates, format);

            Assert.Contains("https://meet.contoso.com/ashaw/K7L2P9QZ", block);
            Assert.DoesNotContain("ashaw/\r", block);
        }
    }
}
