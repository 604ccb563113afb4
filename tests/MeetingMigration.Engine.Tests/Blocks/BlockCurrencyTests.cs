using System.Linq;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// A block in another layout (Exchange's, the Outlook add-in's, a language of its own) that shows the same details as
    /// MeetingMigration's rendering is current; one differing detail, even a second number, is not. Found by outside
    /// probe AB: compared as text, every meeting Exchange wrote was stale, and Find | Start or the reconciler rewrote it
    /// with the same details and mailed its attendees.
    /// </summary>
    public sealed class BlockCurrencyTests
    {
        private static BlockMatch Shown(CorpusCase c) => BlockScanner.Scan(CorpusFixture.Load(c.File, c.Crlf).Body, c.Format).Match!;

        /// <summary>What a refresh would write for the same details, in MeetingMigration's rendering of the block's language.</summary>
        private static string Rendered(BlockMatch shown, ConferencingCoordinates details, BodyFormat format) =>
            BlockRenderer.Render(shown.Kind, details, format, shown);

        [Theory]
        [MemberData(nameof(CorpusCases.FoundCases), MemberType = typeof(CorpusCases))]
        public void A_real_layout_showing_the_same_details_as_the_rendering_is_current(CorpusCase c)
        {
            var shown = Shown(c);
            var rendered = Rendered(shown, shown.Parsed, c.Format);

            Assert.True(BlockCurrency.ShowsSameDetails(shown, rendered, c.Format), $"{c}: {shown.Parsed} against {BlockScanner.Scan(rendered, c.Format).Match?.Parsed}");
        }

        [Theory]
        [MemberData(nameof(CorpusCases.FoundCases), MemberType = typeof(CorpusCases))]
        public void A_real_layout_is_not_current_when_one_detail_differs(CorpusCase c)
        {
            var shown = Shown(c);
            var id = shown.Parsed.ConferenceId;
            var otherId = Clone(shown.Parsed);
            otherId.ConferenceId = id == "4715832" ? "4715833" : "4715832";
            var otherTollFree = Clone(shown.Parsed);
            otherTollFree.TollFreeNumbers = shown.Parsed.TollFreeNumbers.Concat(new[] { "+1 800-555-0177" }).ToArray();
            var otherPage = Clone(shown.Parsed);
            otherPage.DialInUrl = "https://dialin.example.com/another";

            Assert.False(BlockCurrency.ShowsSameDetails(shown, Rendered(shown, otherId, c.Format), c.Format), $"{c}: conference ID");
            Assert.False(BlockCurrency.ShowsSameDetails(shown, Rendered(shown, otherTollFree, c.Format), c.Format), $"{c}: toll-free numbers");
            Assert.False(BlockCurrency.ShowsSameDetails(shown, Rendered(shown, otherPage, c.Format), c.Format), $"{c}: dial-in page");
        }

        /// <summary>
        /// The reader keeps the first toll number only; a block listing another one, linked or typed without a link, still shows
        /// a number the new one would not.
        /// </summary>
        [Theory]
        [InlineData("+44 20 7946 0018<tel:+442079460018> (London) English (United Kingdom)")]
        [InlineData("+44 20 7946 0018 (London, no longer in service)")]
        public void A_block_showing_a_second_toll_number_is_not_current(string secondLine)
        {
            var body = CorpusFixture.Load("skype-en.txt").Body;
            var original = BlockScanner.Scan(body, BodyFormat.Text).Match!;
            var withSecond = body.Replace("(Harbor City) English (United States)\n", "(Harbor City) English (United States)\n" + secondLine + "\n");
            var shown = BlockScanner.Scan(withSecond, BodyFormat.Text).Match!;
            Assert.Contains(shown.Parsed.ShownNumbers, n => n.StartsWith("+44 20 7946 0018", System.StringComparison.Ordinal));
            Assert.Equal(original.Parsed.TollNumber, shown.Parsed.TollNumber); // the first toll number alone cannot tell them apart

            var rendered = Rendered(original, original.Parsed, BodyFormat.Text);
            Assert.True(BlockCurrency.ShowsSameDetails(original, rendered, BodyFormat.Text));
            Assert.False(BlockCurrency.ShowsSameDetails(shown, rendered, BodyFormat.Text));
        }

        /// <summary>
        /// Found by outside probe AC, in blocks an organizer had edited: a labelled conference ID line that disagrees with the
        /// dial strings' ID, a link that shows the current number but dials an old one, and a second "Find a local number" link
        /// to an old page were judged current (the reader keeps one of each). Every one shown is compared now.
        /// </summary>
        [Theory]
        [InlineData("conference ID line")]
        [InlineData("number dialled")]
        [InlineData("second dial-in page")]
        public void A_block_an_organizer_edited_to_show_an_old_detail_beside_the_current_ones_is_not_current(string edit)
        {
            var body = CorpusFixture.Load("skype-en.txt").Body.Replace("<tel:+15550142233>", "<tel:+15550142233,,8812345%23>");
            var original = BlockScanner.Scan(body, BodyFormat.Text).Match!;
            var edited = edit switch
            {
                "conference ID line" => body.Replace("Conference ID: 8812345", "Conference ID: 5550123"),
                "number dialled" => body.Replace("<tel:+15550142233,,8812345%23>", "<tel:+15550149999,,8812345%23>"),
                _ => body.Replace("Find a local number<https://dialin.fabrikam.example/?lang=en-US>",
                    "Find a local number<https://dialin.fabrikam.example/?lang=en-US>\nFind a local number<https://dialin.old.example/>"),
            };
            Assert.NotEqual(body, edited);
            var shown = BlockScanner.Scan(edited, BodyFormat.Text).Match!;
            Assert.Equal(original.Parsed.ToString(), shown.Parsed.ToString()); // the fields the reader keeps cannot tell them apart

            var rendered = Rendered(original, original.Parsed, BodyFormat.Text);
            Assert.True(BlockCurrency.ShowsSameDetails(original, rendered, BodyFormat.Text));
            Assert.False(BlockCurrency.ShowsSameDetails(shown, rendered, BodyFormat.Text));
        }

        private static ConferencingCoordinates Clone(ConferencingCoordinates c) => new ConferencingCoordinates
        {
            JoinUrl = c.JoinUrl, ConferenceId = c.ConferenceId, TollNumber = c.TollNumber, TollFreeNumbers = c.TollFreeNumbers.ToArray(),
            DialInUrl = c.DialInUrl, MeetingId = c.MeetingId, Passcode = c.Passcode, MeetingOptionsUrl = c.MeetingOptionsUrl,
            ResetPinUrl = c.ResetPinUrl, VideoConferencing = c.VideoConferencing,
        };
    }
}
