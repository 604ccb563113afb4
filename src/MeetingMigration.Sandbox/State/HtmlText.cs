using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox;

/// <summary>Crude HTML↔text conversion for Prefer: outlook.body-content-type and bodyPreview (Exchange's is smarter).</summary>
internal static partial class HtmlText
{
    [GeneratedRegex(@"<(head|style|script)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleBlocks();

    [GeneratedRegex(@"<\s*(br|/p|/div|/tr|/h[1-6]|/li)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

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

    public static string Preview(EventBody body)
    {
        var content = Encoding.UTF8.GetString(body.Utf8Content);
        var text = body.ContentType == "text" ? content : ToText(content);
        text = Regex.Replace(text, @"\s+", " ").Trim();
        return text.Length <= 255 ? text : text[..255];
    }
}
