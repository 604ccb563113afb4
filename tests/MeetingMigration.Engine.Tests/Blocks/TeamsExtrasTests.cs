using System;
using System.IO;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    /// <summary>
    /// What a refresh keeps of a Teams block is repeated to every attendee, so text an organizer typed into the block must
    /// never come back as the meeting's video details, options page or PIN page. Each case is a body an outside probe wrote
    /// (help-desk lines, an organizer's address above the meeting ID, a help link named like the options page...).
    /// </summary>
    public class TeamsExtrasTests
    {
        private const string RealVideo = "Join on a video conferencing device\nTenant key: fabrikam@m.webex.com\nVideo ID: 118 223 904 7\n" +
                                         "More info<https://www.webex.com/msteams?confid=1182239047&tenantkey=fabrikam&domain=m.webex.com>";
        private const string Organizers = "For organizers: Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y> | " +
                                          "Reset dial-in PIN<https://dialin.teams.microsoft.com/usp/pstnconferencing>";

        /// <summary>The corpus's layout 3 text block with its video and organizers lines replaced, and text put after the passcode.</summary>
        private static ConferencingCoordinates Read(string video, string organizers = Organizers, string afterPasscode = "", string beforeMeetingId = "",
            string beforeFindLocalNumber = "")
        {
            string corpus = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Blocks", "Corpus", "teams3-en.txt")).Replace("\r\n", "\n");
            int videoStart = corpus.IndexOf("Join on a video conferencing device", StringComparison.Ordinal);
            int organizersEnd = corpus.IndexOf('\n', corpus.IndexOf("For organizers:", StringComparison.Ordinal));
            string body = corpus.Substring(0, videoStart) + Lines(video) + Lines(organizers) + corpus.Substring(organizersEnd + 1);
            body = body.Replace("Passcode: pQ9mZ2\n", "Passcode: pQ9mZ2\n" + Lines(afterPasscode))
                       .Replace("Meeting ID: 291", Lines(beforeMeetingId) + "Meeting ID: 291")
                       .Replace("Find a local number<", Lines(beforeFindLocalNumber) + "Find a local number<")
                       .Replace("{{BLOCK}}", "").Replace("{{/BLOCK}}", "");
            var scan = BlockScanner.Scan(body, BodyFormat.Text);
            Assert.Equal(BlockScanStatus.Found, scan.Status);
            return scan.Match!.Parsed;
        }

        private static string Lines(string text) => text.Length == 0 ? "" : text + "\n";

        [Fact]
        public void The_real_section_is_read()
        {
            var read = Read(RealVideo);

            Assert.Equal("fabrikam@m.webex.com", read.VideoConferencing!.TenantKey);
            Assert.Equal("1182239047", read.VideoConferencing.VideoId);
            Assert.StartsWith("https://www.webex.com/msteams", read.VideoConferencing.InstructionsUrl);
            Assert.Equal("https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y", read.MeetingOptionsUrl);
            Assert.Equal("https://dialin.teams.microsoft.com/usp/pstnconferencing", read.ResetPinUrl);
        }

        [Theory]
        [InlineData("Support: helpdesk@contoso.com\nExt: 12345678")]
        [InlineData("Support: helpdesk@contoso.com\nExt: 12345678\nService desk<https://support.contoso.com/>")] // a link alone after it, but no heading before
        public void A_help_desk_address_and_extension_typed_before_the_section_do_not_replace_it(string typed)
        {
            var read = Read(RealVideo, afterPasscode: typed);

            Assert.Equal("fabrikam@m.webex.com", read.VideoConferencing!.TenantKey);
            Assert.Equal("1182239047", read.VideoConferencing.VideoId);
        }

        [Theory]
        [InlineData("Questions\nSupport: helpdesk@contoso.com\nPhone: 425 555 0100")]           // a heading-like line, no provider link after
        [InlineData("Need help\nhelpdesk@contoso.com\n4255550100")]
        [InlineData("IT help: helpdesk@contoso.com\nPhone: 425 555 0100")]                          // no heading at all
        // A heading of words, a labelled address and number, and a link alone after them: a help desk's lines, not a
        // provider's section, since the link names neither the number nor the address (second outside probe).
        [InlineData("IT Service Desk\nEmail: servicedesk@contoso.com\nPhone: 425 555 0100\nService portal<https://support.contoso.com>")]
        [InlineData("IT Service Desk\nEmail: servicedesk@contoso.com\nExt: 12345678\nService portal<https://support.contoso.com>")]
        [InlineData("Support informatique\nCourriel : support@contoso.fr\nTél. : 01 55 50 17 50\nPortail<https://support.contoso.fr/>")]
        [InlineData("IT Service Desk\nEmail: servicedesk@contoso.com\nExt: 12345678\nCall us<https://call.contoso.com/?ext=12345678>")] // names the extension alone
        // Third outside probe: a Teams call or chat link naming the number or the address typed above it.
        [InlineData("IT Service Desk\nservicedesk@contoso.com\nPhone: 4255550100\nCall the service desk<https://teams.microsoft.com/l/call/0/0?users=4:+14255550100>")]
        [InlineData("Facilitator\njane.doe@contoso.com\nMobile: 4255550123\nChat with Jane<https://teams.microsoft.com/l/chat/0/0?users=jane.doe@contoso.com&m=4255550123>")]
        [InlineData("Service desk\ndesk@contoso.com\nExt: 12345678\nKnowledge base<https://kb.contoso.com/0012345678999>")] // the number inside a longer one
        public void A_block_without_a_video_section_gets_none_invented(string typed)
        {
            Assert.Null(Read(typed).VideoConferencing);
        }

        /// <summary>Typed lines just above Teams' own "Find a local number" link: that link is the dial-in page, not the
        /// provider's, and the old conference ID it names must not be mailed out as "More info" (second outside probe).</summary>
        [Theory]
        [InlineData("Questions\nEmail: servicedesk@contoso.com\nExt: 12345678")]
        [InlineData("Questions\nEmail: servicedesk@contoso.com\nExt: 640017239")] // the conference ID, which the page names
        public void The_dial_in_page_after_typed_lines_is_not_taken_for_a_providers_page(string typed)
        {
            var plain = Read(RealVideo);
            var read = Read(RealVideo, beforeFindLocalNumber: typed);

            Assert.Equal("fabrikam@m.webex.com", read.VideoConferencing?.TenantKey);
            Assert.Equal(plain.DialInUrl, read.DialInUrl);
        }

        /// <summary>A provider's section under a heading in a wording we do not know is kept when its link names it.</summary>
        [Fact]
        public void A_section_under_an_unknown_heading_is_kept_when_the_providers_link_names_it()
        {
            var read = Read("Rejoindre avec un appareil de visioconférence\n123456789@t.plcm.vc\nID de visioconférence : 1182239047\n" +
                            "Autres instructions VTC<https://dialin.plcm.vc/teams/?key=123456789%40t.plcm.vc&conf=1182239047>");

            Assert.Equal("123456789@t.plcm.vc", read.VideoConferencing?.TenantKey);
            Assert.Equal("1182239047", read.VideoConferencing?.VideoId);
        }

        /// <summary>Under a heading Teams writes, a typed link after the video ID that names neither value is not its page.</summary>
        [Fact]
        public void A_link_that_does_not_name_the_section_is_not_its_instructions_page()
        {
            var read = Read("Join on a video conferencing device\nTenant key: fabrikam@m.webex.com\nVideo ID: 118 223 904 7\nOur rooms<https://rooms.contoso.com/>");

            Assert.Equal("1182239047", read.VideoConferencing?.VideoId);
            Assert.Null(read.VideoConferencing?.InstructionsUrl);
        }

        [Fact]
        public void An_address_above_the_meeting_id_does_not_make_the_meeting_id_a_video_id()
        {
            var read = Read("", beforeMeetingId: "Organizer: ashaw@contoso.com");

            Assert.Null(read.VideoConferencing);
        }

        /// <summary>A section that shows its heading and tenant key but no video ID of its own: the meeting ID after it is not one.</summary>
        [Fact]
        public void The_meeting_id_is_never_a_video_id()
        {
            var read = Read("", beforeMeetingId: "Join on a video conferencing device\nfabrikam@m.webex.com");

            Assert.Null(read.VideoConferencing);
        }

        [Fact]
        public void Two_video_sections_keep_neither()
        {
            var other = RealVideo.Replace("fabrikam@m.webex.com", "123456789@t.plcm.vc").Replace("118 223 904 7", "998 877 665 5");

            Assert.Null(Read(RealVideo + "\n" + other).VideoConferencing);
        }

        [Theory]
        [InlineData("Join on a video conferencing device\nテナント キー：886691053@m.webex.com\nVideo ID: 118 223 904 7")]          // full-width colon, no space
        [InlineData("Join on a video conferencing device\nמפתח דייר:\u200F 886691053@m.webex.com\nVideo ID: 118 223 904 7")]     // a right-to-left mark after the colon
        public void A_label_with_a_full_width_colon_or_a_direction_mark_is_read(string video)
        {
            Assert.Equal("886691053@m.webex.com", Read(video).VideoConferencing?.TenantKey);
        }

        [Theory]
        [InlineData("Join on a video conferencing device\nTenant key: fabrikam@m.webex.com\nVideo ID: ５６３ ２１４ ９８７ ０")] // full-width digits
        [InlineData("Join on a video conferencing device\nTenant key: fabrikam@m.webex.com.\nVideo ID: 118 223 904 7")]      // a sentence's period
        [InlineData("Join on a video conferencing device\nTenant key: \u202Eelgoog@m.webex.com\nVideo ID: 118 223 904 7")]  // a direction override
        public void A_tenant_key_or_video_id_a_room_system_cannot_dial_is_not_kept(string video)
        {
            Assert.Null(Read(video).VideoConferencing);
        }

        /// <summary>Fourth outside probe: another meeting's options line pasted above the real one.</summary>
        [Fact]
        public void Another_meetings_options_page_is_not_this_ones()
        {
            string thread = JoinUrls.MeetingThread(CorpusCases.Teams3Url)!;
            var read = Read(RealVideo,
                "Meeting options (previous)<https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y&threadId=19_meeting_ZZotherMeeting@thread.v2>\n" +
                $"For organizers: Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y&threadId=19_{thread}@thread.v2>");

            Assert.Equal($"https://teams.microsoft.com/meetingOptions/?organizerId=x&tenantId=y&threadId=19_{thread}@thread.v2", read.MeetingOptionsUrl);
        }

        /// <summary>A room directory's lines name the address and number, but on its own host: not a provider's page.</summary>
        [Fact]
        public void A_room_directory_typed_into_the_block_is_not_a_video_section()
        {
            var read = Read("Video rooms\nrooms@vtc.contoso.com\nRoom: 8143686976\nRoom directory<https://vtc.contoso.com/rooms/8143686976>");

            Assert.Null(read.VideoConferencing);
        }

        [Fact]
        public void The_link_beside_meeting_options_is_the_pin_page_only_when_it_is_one()
        {
            var read = Read(RealVideo, "For organizers: Meeting options<https://teams.microsoft.com/meetingOptions/?a=1> | Learn more<https://aka.ms/JoinTeamsMeeting>");

            Assert.Null(read.ResetPinUrl);
            Assert.Equal("https://teams.microsoft.com/meetingOptions/?a=1", read.MeetingOptionsUrl);
        }

        [Theory]
        [InlineData("How to set meeting options<https://support.contoso.com/meetingOptions/guide>")]      // not a Teams host
        [InlineData("Options<https://teams.microsoft.com/meetingOptionsEvil/?a=1>")]                         // not that path segment
        [InlineData("Options<https://teams.microsoft.com.evil.example/meetingOptions/?a=1>")]                // a look-alike host
        [InlineData("PIN<https://evil.example/usp/pstnconferencing>")]
        [InlineData("PIN<https://teams.microsoft.com/l/x/usp/pstnconferencing>")]                             // not that page
        [InlineData("PIN<https://dialin.teams.microsoft.com/usp/pstnconferencing?next=https://evil.example>")] // a query Teams does not write
        [InlineData("Options<https://evil.example@teams.microsoft.com/meetingOptions/?a=1>")]                 // user info
        [InlineData("Options<https://teams.microsoft.com:8443/meetingOptions/?a=1>")]                         // another port
        [InlineData("Options<https://teams.microsoft.com/meetingOptions/?a=\u202E1>")]                         // a direction override
        public void A_page_on_another_host_or_path_is_neither_the_options_nor_the_pin_page(string organizers)
        {
            var read = Read(RealVideo, organizers);

            Assert.Null(read.MeetingOptionsUrl);
            Assert.Null(read.ResetPinUrl);
        }
    }
}
