using System;
using System.Linq;
using System.Text.RegularExpressions;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>Checks the bodies carry the language-neutral anchors of invitation-blocks.md for each layout.</summary>
[Collection(SeededTenantCollection.Name)]
public sealed class InvitationBodyTests
{
    private readonly SeededTenantFixture _f;

    public InvitationBodyTests(SeededTenantFixture fixture) => _f = fixture;

    private static int Occurrences(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static bool IsWellFormedUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }

    [Fact]
    public void Bodies_subjects_and_names_are_well_formed_utf16()
    {
        Assert.All(_f.MediumMeetings, m =>
        {
            Assert.True(IsWellFormedUtf16(m.Event.Body.Content), m.Expectation.ICalUId);
            Assert.True(IsWellFormedUtf16(m.Event.Subject));
            Assert.All(m.Event.Attendees, a => Assert.True(IsWellFormedUtf16(a.EmailAddress.Name ?? "")));
        });
    }

    [Fact]
    public void Text_outside_the_block_is_in_the_body_in_its_script()
    {
        Assert.All(_f.MediumMeetings, m =>
        {
            foreach (var text in m.Expectation.TextOutsideBlock)
            {
                string expected = m.Expectation.BodyFormat == BodyFormat.Html
                    ? text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;")
                    : text;
                Assert.Contains(expected, m.Event.Body.Content);
            }
            if (m.Expectation.Scripts.HasFlag(TextScripts.AstralEmoji) || m.Expectation.Scripts.HasFlag(TextScripts.AstralSymbols))
                Assert.Contains(m.Event.Body.Content, char.IsSurrogate);
            if (m.Expectation.Scripts.HasFlag(TextScripts.CombiningMarks))
                Assert.Contains(m.Event.Body.Content, c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark);
        });
    }

    [Fact]
    public void Skype_blocks_carry_their_anchors()
    {
        var skype = _f.MediumMeetings.Where(m => m.Expectation.Layout == BlockLayout.Skype).ToList();
        Assert.NotEmpty(skype);
        Assert.All(skype, m =>
        {
            string body = m.Event.Body.Content;
            int copies = m.Expectation.BlockTwice ? 2 : 1;
            Assert.Equal(2 * copies, Occurrences(body, SkypeInvitationBlock.Fence));
            Assert.DoesNotContain(new string('.', 138), body); // exactly 137 dots, never more
            Assert.Equal(copies, Occurrences(body, "[!OC(["));
            string webApp = m.Expectation.JoinUrl + "?sl=1";
            Assert.Equal(copies, Occurrences(body, m.Expectation.ReceivedCopy ? Uri.EscapeDataString(webApp) : webApp)); // Safe Links encodes it
            Assert.Contains("/meet/", m.Expectation.JoinUrl);
            if (m.Expectation.BodyFormat == BodyFormat.Html)
            {
                Assert.Contains("Microsoft Word 15 (filtered medium)", body);
                Assert.Equal(copies, Occurrences(body, "name=\"OutJoinLink\""));
                if (m.Expectation.ReceivedCopy) Assert.Contains("class=\"x_MsoNormal\"", body);
            }
            // The locale tag sits after the dial-in section and before the closing fence.
            int tag = body.IndexOf("[!OC([", StringComparison.Ordinal);
            int closing = body.IndexOf(SkypeInvitationBlock.Fence, body.IndexOf(SkypeInvitationBlock.Fence, StringComparison.Ordinal) + 137, StringComparison.Ordinal);
            Assert.True(tag < closing);
        });
    }

    [Fact]
    public void Teams_blocks_carry_the_anchors_of_their_layout()
    {
        var teams = _f.MediumMeetings.Where(m => m.Expectation.Layout is >= BlockLayout.TeamsLayout1 && !m.Expectation.ReceivedCopy).ToList();
        Assert.All(teams, m =>
        {
            string body = m.Event.Body.Content;
            int copies = m.Expectation.BlockTwice ? 2 : 1;
            Assert.Equal(2 * copies, Occurrences(body, TeamsInvitationBlock.Fence));
            Assert.DoesNotContain(new string('_', 81), body);
            Assert.Contains(m.Expectation.JoinUrl!, body);
            if (m.Expectation.BodyFormat == BodyFormat.Text)
            {
                bool modern = m.Expectation.Layout is BlockLayout.TeamsLayout3 or BlockLayout.TeamsLayout4;
                Assert.Equal(modern ? copies : 0, Regex.Matches(body, "(?m)^_{32}\r$").Count);
                return;
            }
            Assert.Equal(copies, Occurrences(body, "class=\"me-email-text\" lang=\""));
            switch (m.Expectation.Layout)
            {
                case BlockLayout.TeamsLayout1:
                    Assert.DoesNotContain("meeting-code", body);
                    Assert.DoesNotContain("meet_invite_block", body);
                    Assert.Contains("class=\"me-email-headline\" href=\"" + m.Expectation.JoinUrl, body);
                    break;
                case BlockLayout.TeamsLayout2:
                    Assert.Contains("data-tid=\"meeting-code\"", body);
                    Assert.DoesNotContain("meet_invite_block", body);
                    break;
                case BlockLayout.TeamsLayout3:
                    Assert.Contains("id=\"meet_invite_block.action.join_link\" class=\"me-email-headline\" href=\"" + m.Expectation.JoinUrl, body);
                    Assert.Contains("meet_invite_block.action.organizer_meet_options", body);
                    Assert.DoesNotContain("join_link_compatibility", body);
                    break;
                case BlockLayout.TeamsLayout4:
                    Assert.Contains("href=\"https://teams.microsoft.com/meet/", body);
                    Assert.Contains("id=\"meet_invite_block.action.join_link_compatibility\" class=\"me-email-link\" href=\"" + m.Expectation.JoinUrl, body);
                    break;
            }
            // Layouts 1-2 keep the fences outside the me-email-text div, layouts 3-4 inside it.
            int div = body.IndexOf("class=\"me-email-text\" lang=", StringComparison.Ordinal);
            int fence = body.IndexOf(TeamsInvitationBlock.Fence, StringComparison.Ordinal);
            Assert.Equal(m.Expectation.Layout is BlockLayout.TeamsLayout1 or BlockLayout.TeamsLayout2, fence < div);
        });
    }

    [Fact]
    public void Labels_are_those_of_the_meeting_language()
    {
        Assert.All(_f.MediumMeetings.Where(m => m.Expectation.Layout != BlockLayout.None), m =>
        {
            var labels = InvitationLanguage.Get(m.Expectation.Language).Labels;
            string body = m.Event.Body.Content;
            string expected = m.Expectation.Layout == BlockLayout.Skype ? labels.JoinByPhone : labels.PhoneConferenceId;
            Assert.Contains(m.Expectation.BodyFormat == BodyFormat.Html ? expected.Replace("&", "&amp;") : expected, body);
        });
    }

    [Fact]
    public void Received_copies_are_prefixed_and_safe_linked()
    {
        var received = _f.MediumMeetings.Where(m => m.Expectation.ReceivedCopy).ToList();
        Assert.NotEmpty(received);
        Assert.All(received, m =>
        {
            string body = m.Event.Body.Content;
            Assert.Contains("class=\"x_", body);
            Assert.Contains(ReceivedCopy.SafeLinksHost + "?url=" + Uri.EscapeDataString(m.Expectation.JoinUrl!), body);
            Assert.DoesNotContain("href=\"" + m.Expectation.JoinUrl + "\"", body);
        });
    }

    [Fact]
    public void Meetings_without_an_online_meeting_have_no_block()
    {
        Assert.All(_f.MediumMeetings.Where(m => m.Expectation.Kind == MeetingKind.NoOnlineMeeting), m =>
        {
            Assert.DoesNotContain(SkypeInvitationBlock.Fence, m.Event.Body.Content);
            Assert.DoesNotContain(TeamsInvitationBlock.Fence, m.Event.Body.Content);
            Assert.DoesNotContain("teams.microsoft.com", m.Event.Body.Content);
        });
    }
}
