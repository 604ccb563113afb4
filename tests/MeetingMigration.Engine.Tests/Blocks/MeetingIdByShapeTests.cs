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

        /// <summary>Fourth outside probe: a contact, a room system or a ticket typed right after the join link of a layout-1 block.</summary>
        [Theory]
        [InlineData("Mobil: 0171 234 5678\nE-Mail: anna.berg@contoso.de")]
        [InlineData("Room system\nDial: 1234 5678 9012\nCode: 4711")]
        [InlineData("Ticket: 2024 0815 4711\nPIN: 4711")]
        [InlineData("Tel: 020 7946 0958 12\nWi-Fi: GuestNet")]
        [InlineData("Ticket: 40023311871\nWi-Fi: Guest2024x")]            // sixth probe: a whole number, an unknown label in a language we know
        [InlineData("Ticket: 400 233 118 71\nWi-Fi: Guest2024x")]         // grouped as Teams does, still an unknown label in English
        [InlineData("Nr klienta:40023311871\nKod:AB12CD")]
        public void A_contact_or_ticket_typed_where_teams_writes_the_meeting_id_is_not_one(string typed)
        {
            var read = Scan("teams1-en.txt", body => body.Replace("Or call in (audio only)\n", typed + "\nOr call in (audio only)\n"));

            Assert.Null(read.MeetingId);
            Assert.Null(read.Passcode);
        }

        [Theory]
        [InlineData("Previous session:\nMeeting ID: 222 333 444 555\nPasscode: ZZqq99\n")]   // between the join link and the real lines
        [InlineData("Meeting ID: 222 333 444 555\nPasscode: ZZqq99\n")]                        // right after the join link
        [InlineData("Zoom backup: https://contoso.zoom.us/j/81234567890\nMeeting ID: 812 3456 7890\nPasscode: 123456\n")]
        public void Another_meetings_id_pasted_into_the_block_is_never_published_as_this_ones(string pasted)
        {
            var read = Scan("teams3-en.txt", body => body.Replace("Meeting ID: 291", pasted + "Meeting ID: 291"));

            Assert.NotEqual("222333444555", read.MeetingId);
            Assert.NotEqual("81234567890", read.MeetingId);
            Assert.NotEqual("ZZqq99", read.Passcode);
            Assert.NotEqual("123456", read.Passcode);
        }

        /// <summary>A meeting ID that needs no passcode: the organizer's line after it is not one (fourth outside probe).</summary>
        [Theory]
        [InlineData("Wi-Fi password: Guest2024!")]
        [InlineData("Password: Q3deck!")]
        [InlineData("Password for the deck: Q3deck!")]
        [InlineData("Dial-in passcode: 998877")]
        public void The_line_after_a_meeting_id_without_a_passcode_is_not_one(string typed)
        {
            var read = Scan("teams3-en.txt", body => body.Replace("Passcode: pQ9mZ2", typed));

            Assert.Equal("291004773615", read.MeetingId);
            Assert.Null(read.Passcode);
        }

        /// <summary>Layout 4's short link names its meeting's ID: a line that disagrees leaves both out.</summary>
        [Fact]
        public void A_meeting_id_line_that_disagrees_with_layout_fours_short_link_is_left_out()
        {
            var read = Scan("teams4-es.txt", body => System.Text.RegularExpressions.Regex.Replace(body, @"(Id\. de reunión: )[0-9 ]+", "${1}999 888 777 666"));

            Assert.Null(read.MeetingId);
            Assert.Null(read.Passcode);
        }

        /// <summary>Fifth outside probe: another meeting's short link typed into a block named its ID, which replaced the real one.</summary>
        [Theory]
        [InlineData("Follow-up session: https://teams.microsoft.com/meet/22233344455?p=ZZotherPq7")]
        [InlineData("Follow-up session: https://teams.live.com/meet/9384658195736")]
        public void Another_meetings_short_link_typed_into_the_block_does_not_name_this_meetings_id(string typed)
        {
            var read = Scan("teams3-en.txt", body => body.Replace("Dial in by phone\n", "Dial in by phone\n" + typed + "\n"));

            Assert.NotEqual("22233344455", read.MeetingId);
            Assert.NotEqual("9384658195736", read.MeetingId);
        }

        /// <summary>Layout 2's meeting-code span under a label of a language we do not know keeps its passcode (fifth probe: dropped).</summary>
        [Fact]
        public void Layout_twos_meeting_code_under_an_unknown_label_keeps_its_passcode()
        {
            string html = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Blocks", "Corpus", "teams2-fr.html"))
                .Replace("{{BLOCK}}", "").Replace("{{/BLOCK}}", "").Replace("ID de réunion", "ID da reunião").Replace("Code secret", "Senha")
                .Replace("Xy7&amp;q2", "akEwjS");
            var scan = BlockScanner.Scan(html, BodyFormat.Html);

            Assert.Equal("352118604927", scan.Match!.Parsed.MeetingId);
            Assert.Equal("akEwjS", scan.Match.Parsed.Passcode);
        }

        [Fact]
        public void A_meeting_id_and_passcode_under_labels_of_another_language_are_read()
        {
            // The whole block in Italian, which the module does not know: the ID is read by its shape.
            var read = Scan("teams3-en.txt", body => body.Replace("Meeting ID: ", "ID riunione: ").Replace("Passcode: ", "Codice d'accesso: ")
                .Replace("Need help?", "Serve aiuto?").Replace("Join the meeting now", "Partecipa ora alla riunione").Replace("Dial in by phone", "Chiama per telefono")
                .Replace("Find a local number", "Trova un numero locale").Replace("Phone conference ID", "ID conferenza telefonica")
                .Replace("Join on a video conferencing device", "Partecipa da un dispositivo di videoconferenza").Replace("Tenant key", "Chiave tenant")
                .Replace("Video ID", "ID video").Replace("More info", "Altre informazioni").Replace("For organizers", "Per gli organizzatori")
                .Replace("Meeting options", "Opzioni riunione").Replace("Reset dial-in PIN", "Reimposta PIN"));

            Assert.Equal("291004773615", read.MeetingId);
            Assert.Equal("pQ9mZ2", read.Passcode);
        }
    }
}
