using System.Net;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox.Tests.Reference;

/// <summary>
/// The regex-based HTML-to-text conversion the sandbox used before its hand-written scanners (issue 9): the definition those
/// scanners must reproduce exactly, kept as the tests' oracle.
/// </summary>
internal static partial class ReferenceHtmlText
{
    [GeneratedRegex(@"<(head|style|script)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleBlocks();

    [GeneratedRegex(@"<\s*(br|/p|/div|/tr|/h[1-6]|/li)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    public static string RemoveInvisibleBlocks(string s) => InvisibleBlocks().Replace(s, "");
    public static string ReplaceLineBreakTags(string s) => LineBreaks().Replace(s, "\r\n");
    public static string RemoveTags(string s) => Tags().Replace(s, "");

    public static string ToText(string html)
    {
        var s = InvisibleBlocks().Replace(html, "");
        s = LineBreaks().Replace(s, "\r\n");
        s = Tags().Replace(s, "");
        return WebUtility.HtmlDecode(s).Trim();
    }

    public static string ToHtml(string text) =>
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><div>"
        + WebUtility.HtmlEncode(text).Replace("\r\n", "<br>").Replace("\n", "<br>") + "</div></body></html>";

    public static string Preview(string contentType, string content)
    {
        var text = contentType == "text" ? content : ToText(content);
        text = Regex.Replace(text, @"\s+", " ").Trim();
        return text.Length <= 255 ? text : text[..255];
    }
}
