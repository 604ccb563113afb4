using System;
using System.IO;
using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks;

/// <summary>
/// A fingerprint is stored: in the marker on every event we wrote and in the journal, where the next migration and every
/// undo compare against it. So its value may never change, whatever the code computing it becomes (its allocations were
/// cut for issue 9). These values were computed before that change; a different value here breaks every marker written.
/// </summary>
public class FingerprintStabilityTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c14")]
    [InlineData("<div class=\"me-email-text\"><div>____</div><a href=\"https://teams.microsoft.com/l/meetup-join/abc\">Join the meeting now</a>\r\n<span>Meeting ID: 123&nbsp;456</span></div>", "8198bb775815e9e8")]
    [InlineData("  leading\t\ttabs\u00a0nbsp\u202fnarrow \r\n\r\n trailing   ", "ad565ff35fa29840")]
    [InlineData("<P>Entities: &amp; &lt;x&gt; &#160; &#xA0; &nbsp;&nbsp; &quot;q&quot; &unknown; &amp</P>", "9bb11e153a4b909d")]
    [InlineData("<a HREF='https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmeet.contoso.com%2Fjdoe%2FABC&amp;data=1'>Join</a>", "b524f4100eccd10f")]
    [InlineData("<a originalsrc=\"https://meet.contoso.com/a b\" href=\"https://x.test\">Join  Skype  Meeting</a>", "3a01a89c45104d77")]
    [InlineData("Join Microsoft Teams Meeting<https://teams.microsoft.com/l/meetup-join/19%3a1>\n+1 425-555-0100<tel:+14255550100,,123#>   United States, Redmond (Toll)", "554527728d3df644")]
    [InlineData("<a>no target</a><a href>empty</a><a href=\"  padded  \">p</a>", "5153009a577f8728")]
    [InlineData("text <with> fake < tags and a lone < and > signs <!-- a comment --> <![if !supportLists]>x<![endif]>", "ba35cb112a128ec9")]
    [InlineData("日本語 会議 ID: 123 456 789#  😀 e\u0301", "e55c9135d21517f4")]
    public void Inline_blocks_keep_their_fingerprint(string block, string expected)
    {
        Assert.Equal(expected, BlockFingerprint.Compute(block));
    }

    [Theory]
    [InlineData("skype-en.html", "018d550a789f2320")]
    [InlineData("teams1-en.html", "8f2f9295af98b8a7")]
    [InlineData("teams3-es-forwarded.html", "34faf7abbd03bf98")]
    [InlineData("teams4-ja.html", "57f2cf4b6ba13f85")]
    [InlineData("skype-fr.txt", "fde6d6bc3d584fad")]
    [InlineData("teams3-ja.txt", "74df465a62dd795e")]
    public void Whole_bodies_keep_their_fingerprint(string file, string expected)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Blocks", "Corpus", file));
        Assert.Equal(expected, BlockFingerprint.Compute(text));
    }
}
