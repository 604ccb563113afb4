using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph;

/// <summary>
/// The PATCH payload is written by hand, with markup left unescaped (issue 9): whatever the body holds, Graph must read
/// back exactly the text we meant, every character outside the block included.
/// </summary>
public class PatchPayloadTests
{
    public static TheoryData<string> Bodies() => new()
    {
        "<html><body><p class=\"x\" style='a:b'>Join &amp; <a href=\"https://x.test/?a=1&b=2\">here</a></p></body></html>",
        "quotes \" and backslashes \\ and C:\\path\\\"odd\"",
        "control \u0001\u0008\t\r\n\u001f and separators \u2028\u2029 and NUL-free",
        "日本語の会議 · Größe · مرحبا \u200f RTL · עברית · emoji 😀👩‍💻 · combining e\u0301",
        "<script>alert('x')</script> </script> <!-- comment --> ]]> <![CDATA[x]]>",
        "\ufeffBOM first, non-breaking\u00a0space, narrow\u202fspace, zero width\u200b",
        new string('x', 70_000) + "é" + new string('"', 5_000),
        "",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void The_body_and_marker_read_back_exactly(string body)
    {
        var patch = new EventPatch { EventId = "AAMk1", Body = body, BodyIsHtml = true, Marker = "mm:1;\"quoted\"" };
        using var payload = GraphMailboxGateway.PatchJson(patch);
        using var doc = JsonDocument.Parse(payload.ToArray());
        var root = doc.RootElement;
        Assert.Equal(body, root.GetProperty("body").GetProperty("content").GetString());
        Assert.Equal("html", root.GetProperty("body").GetProperty("contentType").GetString());
        var marker = root.GetProperty("singleValueExtendedProperties").EnumerateArray().Single();
        Assert.Equal(patch.Marker, marker.GetProperty("value").GetString());
        // Markup is written as it stands ("<", not "\u003C"): the payload stays about the size of the body.
        if (body.Contains('<')) Assert.Contains("<", Encoding.UTF8.GetString(payload.ToArray()));
    }
}
