using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks;

/// <summary>
/// Join links are told by host and path. Links that say neither "teams" nor "meet" are not parsed at all (issue 9), so
/// these pin the answers for links near that line: case, subdomains, escapes, whitespace and look-alike hosts.
/// </summary>
public class JoinUrlsTests
{
    [Theory]
    [InlineData("https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d", "TeamsClassic")]
    [InlineData("HTTPS://TEAMS.MICROSOFT.COM/L/MEETUP-JOIN/19/0", "TeamsClassic")]
    [InlineData("https://gov.teams.microsoft.us/l/meetup-join/19/0", "TeamsClassic")]
    [InlineData("https://teams.microsoft.com/meet/2345678901?p=abc", "TeamsShort")]
    [InlineData("https://teams.microsoft.com/meetingOptions/?organizerId=1", "None")]
    [InlineData("https://evilteams.microsoft.com/l/meetup-join/19/0", "None")]
    [InlineData("https://meet.contoso.com/jdoe/ABC123", "Skype")]
    [InlineData("https://lync.contoso.com/Meet/jdoe/ABC123", "Skype")]
    [InlineData("http://MEET.contoso.com/jdoe/ABC123", "Skype")]
    [InlineData("https://contoso.webex.com/meet/jdoe", "None")]
    [InlineData("https://contoso.sharepoint.com/sites/x/Shared%20Documents/a.docx", "None")]
    [InlineData("https://dialin.lync.com/8a3b", "None")]
    [InlineData("https://lync.contoso.com/a/../me%65t/jdoe/ABC", "Skype")]
    [InlineData("https://lync.contoso.com/%6Deet/jdoe/ABC", "Skype")]
    [InlineData("mailto:meet@contoso.com", "None")]
    [InlineData("tel:+14255550100,,123456#", "None")]
    [InlineData("/meet/relative", "None")]
    [InlineData("not a url", "None")]
    public void Classify_tells_join_links_by_host_and_path(string url, string expected)
    {
        Assert.Equal(expected, JoinUrls.Classify(url).ToString());
    }

    [Theory]
    [InlineData("https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmeet.contoso.com%2Fjdoe%2FABC123&data=x", "https://meet.contoso.com/jdoe/ABC123")]
    [InlineData("https://NAM02.SAFELINKS.PROTECTION.OUTLOOK.COM/?URL=https%3A%2F%2Fteams.microsoft.com%2Fl%2Fmeetup-join%2F19", "https://teams.microsoft.com/l/meetup-join/19")]
    [InlineData("  https://meet.contoso.com/jdoe/ABC123  ", "https://meet.contoso.com/jdoe/ABC123")]
    [InlineData("https://notsafelinks.example.com/?url=https%3A%2F%2Fmeet.contoso.com", "https://notsafelinks.example.com/?url=https%3A%2F%2Fmeet.contoso.com")]
    [InlineData("https://contoso.com/?url=https%3A%2F%2Fmeet.contoso.com", "https://contoso.com/?url=https%3A%2F%2Fmeet.contoso.com")]
    public void Unwrap_takes_the_target_out_of_safe_links_only(string url, string expected)
    {
        Assert.Equal(expected, JoinUrls.Unwrap(url));
    }
}
