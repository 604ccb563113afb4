using System;
using System.IO;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// The meeting ID of a block in a language whose labels we do not know is read by its shape: "label: long number" with a
    /// passcode line after it, as layouts 2-4 write it. A refresh writes that ID again (Graph does not give it back), so a
    /// number an organizer typed into an older block without one must not become it (third outside probe of the carry-over:
    /// "Call 14255550142" in a layout-1 block was mailed out as the meeting ID).
    /// </summary>
    public class MeetingIdByShapeTests
    {
        private static ConferencingCoordinates Scan(string file, Func<string, string> edit)
        {
            string body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Blocks", "Corpus", file)).Replace("\r\n", "\n")
                .Replace("{{BLOCK}}", "").Replace("{{/BLOCK}}", "");
            var scan = BlockScanner.Scan(edit(body), BodyFormat.Text);
            Assert.Equal(BlockScanStatus.Found, scan.Status);
            return scan.Match!.Parsed;
        }

        [Theory]
        [InlineData("Call 14255550142")]
        [InlineData("Móvil: 612 345 678 90")]
        [InlineData("Code 193100343908")]
        [InlineData("IBAN: 1234 5678 9012 3456 7890 12")]
        [InlineData("Password: guest-wifi-2026")] // a passcode goes with a meeting ID
        public void A_number_typed_into_a_block_without_a_meeting_id_is_not_one(string typed)
        {
            var read = Scan("teams1-en.txt", body => body.Replace("Or call in (audio only)\n", typed + "\nOr call in (audio only)\n"));

            Assert.Null(read.MeetingId);
            Assert.Null(read.Passcode);
        }

        [Fact]
        public void A_meeting_id_and_passcode_under_labels_of_another_language_are_read()
        {
            var read = Scan("teams3-en.txt", body => body.Replace("Meeting ID: ", "ID riunione: ").Replace("Passcode: ", "Codice d'accesso: "));

            Assert.Equal("291004773615", read.MeetingId);
            Assert.Equal("pQ9mZ2", read.Passcode);
        }
    }
}
