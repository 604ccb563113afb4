using System;
using System.Globalization;
using System.Net;
using System.Text;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Crude HTML↔text conversion for Prefer: outlook.body-content-type and bodyPreview (Exchange's is smarter).
/// </summary>
/// <remarks>
/// The conversion was defined by four regular expressions (kept as the reference in the sandbox tests, which check these
/// scanners against them). Every PATCH of a body computes a new preview, and the regex passes over a ~10 KB invitation
/// were 40% of the PATCH handler's time (issue 9), so each pass is a hand-written scan with the same leftmost-first,
/// non-overlapping semantics:
/// <list type="number">
/// <item><c>&lt;(head|style|script)\b[^&gt;]*&gt;.*?&lt;/\1\s*&gt;</c> (ignore case, singleline) → removed</item>
/// <item><c>&lt;\s*(br|/p|/div|/tr|/h[1-6]|/li)\b[^&gt;]*&gt;</c> (ignore case) → CR LF</item>
/// <item><c>&lt;[^&gt;]*&gt;</c> → removed</item>
/// <item>HTML entities decoded, then trimmed; the preview also collapses <c>\s+</c> to one space.</item>
/// </list>
/// Names compare ASCII case-insensitively, as those regexes did under the invariant culture; <c>\s</c> is
/// <see cref="char.IsWhiteSpace(char)"/> (the same set); <c>\b</c> uses the regex engine's word characters.
/// </remarks>
internal static class HtmlText
{
    public const int PreviewLength = 255;

    public static string ToText(string html)
    {
        var s = RemoveInvisibleBlocks(html);
        s = ReplaceLineBreakTags(s);
        s = RemoveTags(s);
        return WebUtility.HtmlDecode(s).Trim();
    }

    /// <summary>
    /// A plain-text body as Exchange Online hands it out in HTML, which Graph does for every body unless asked for text
    /// (<c>Prefer: outlook.body-content-type="text"</c>). The shape is the one seen in Graph's answers for events created
    /// with a text body: Exchange's generator tag and its <c>converted from text</c> comment in the head, then the text in
    /// one <c>PlainText</c> div, each line ending in <c>&lt;br&gt;</c> and a line break, markup characters as entities, a
    /// space that starts a line or follows another as <c>&amp;nbsp;</c>, other characters as they are. Whether Exchange also
    /// turns addresses into links is not known; this leaves them as text.
    /// </summary>
    public static string ToHtml(string text)
    {
        var html = new StringBuilder(text.Length + text.Length / 8 + 400);
        html.Append(ConvertedFromTextHead);
        int lineStart = 0;
        while (lineStart < text.Length)
        {
            int lineEnd = text.IndexOfAny(LineEnds, lineStart);
            int next = lineEnd < 0 ? text.Length : lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
            AppendLine(html, text, lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart);
            if (lineEnd >= 0) html.Append("<br>\r\n");
            lineStart = next;
        }
        return html.Append("</div></span></font>\r\n</body>\r\n</html>\r\n").ToString();
    }

    private const string ConvertedFromTextHead =
        "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
        + "<meta name=\"Generator\" content=\"Microsoft Exchange Server\">\r\n<!-- converted from text -->\r\n"
        + "<style><!-- .EmailQuote { margin-left: 1pt; padding-left: 4pt; border-left: #800000 2px solid; } --></style></head>\r\n"
        + "<body>\r\n<font size=\"2\"><span style=\"font-size:11pt;\"><div class=\"PlainText\">";

    private static readonly char[] LineEnds = { '\r', '\n' };

    private static void AppendLine(StringBuilder html, string text, int start, int length)
    {
        for (int i = start; i < start + length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case ' ' when i == start || text[i - 1] == ' ': html.Append("&nbsp;"); break;
                default: html.Append(c); break;
            }
        }
    }

    public static string Preview(EventBody body)
    {
        var content = Encoding.UTF8.GetString(body.Utf8Content);
        return CollapseWhitespace(body.ContentType == "text" ? content : ToText(content), PreviewLength);
    }

    /// <summary>Runs of whitespace become one space, the ends are trimmed, and at most <paramref name="max"/> characters are kept.</summary>
    internal static string CollapseWhitespace(string text, int max)
    {
        var result = new StringBuilder(Math.Min(max, text.Length));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0; // leading whitespace is trimmed
                continue;
            }
            // A run becomes a space only once text follows it: trailing whitespace is trimmed.
            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
                if (result.Length == max) break;
            }
            result.Append(c);
            if (result.Length == max) break;
        }
        return result.ToString();
    }

    private static readonly string[] InvisibleNames = { "head", "style", "script" };

    /// <summary>Pass 1: &lt;head|style|script ...&gt; through the first matching closing tag, removed.</summary>
    internal static string RemoveInvisibleBlocks(string s)
    {
        StringBuilder? result = null;
        var copied = 0;
        var i = s.IndexOf('<');
        while (i >= 0)
        {
            var end = InvisibleBlockEnd(s, i);
            if (end < 0)
            {
                i = s.IndexOf('<', i + 1);
                continue;
            }
            (result ??= new StringBuilder(s.Length)).Append(s, copied, i - copied);
            copied = end;
            i = end < s.Length ? s.IndexOf('<', end) : -1;
        }
        return result is null ? s : result.Append(s, copied, s.Length - copied).ToString();
    }

    /// <summary>The index after the block that starts at <paramref name="lt"/>, or -1 when none does.</summary>
    private static int InvisibleBlockEnd(string s, int lt)
    {
        // Most tags are none of these: their first letter says so without trying each name.
        if (lt + 1 >= s.Length || (s[lt + 1] | 0x20) is not ('h' or 's')) return -1;
        foreach (var name in InvisibleNames)
        {
            var afterName = lt + 1 + name.Length;
            if (!MatchesIgnoringCase(s, lt + 1, name) || !IsWordBoundaryAfterWordChar(s, afterName)) continue;
            var openEnd = s.IndexOf('>', afterName);
            if (openEnd < 0) return -1;
            // Lazy ".*?": the first closing tag of the same name (any case), optionally spaced before its '>'.
            for (var close = s.IndexOf("</", openEnd + 1, StringComparison.Ordinal); close >= 0; close = s.IndexOf("</", close + 1, StringComparison.Ordinal))
            {
                if (!MatchesIgnoringCase(s, close + 2, name)) continue;
                var k = close + 2 + name.Length;
                while (k < s.Length && char.IsWhiteSpace(s[k])) k++;
                if (k < s.Length && s[k] == '>') return k + 1;
            }
            return -1;
        }
        return -1;
    }

    private static readonly string[] LineBreakNames = { "br", "/p", "/div", "/tr", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "/li" };

    /// <summary>Pass 2: &lt;br&gt; and the closing tags of blocks become a line break.</summary>
    internal static string ReplaceLineBreakTags(string s)
    {
        StringBuilder? result = null;
        var copied = 0;
        var i = s.IndexOf('<');
        while (i >= 0)
        {
            var end = LineBreakTagEnd(s, i);
            if (end < 0)
            {
                i = s.IndexOf('<', i + 1);
                continue;
            }
            (result ??= new StringBuilder(s.Length)).Append(s, copied, i - copied).Append("\r\n");
            copied = end;
            i = end < s.Length ? s.IndexOf('<', end) : -1;
        }
        return result is null ? s : result.Append(s, copied, s.Length - copied).ToString();
    }

    private static int LineBreakTagEnd(string s, int lt)
    {
        var at = lt + 1;
        while (at < s.Length && char.IsWhiteSpace(s[at])) at++;
        if (at >= s.Length || (s[at] != '/' && (s[at] | 0x20) != 'b')) return -1; // most tags open something else
        foreach (var name in LineBreakNames)
        {
            if (!MatchesIgnoringCase(s, at, name) || !IsWordBoundaryAfterWordChar(s, at + name.Length)) continue;
            var gt = s.IndexOf('>', at + name.Length);
            return gt < 0 ? -1 : gt + 1;
        }
        return -1;
    }

    /// <summary>Pass 3: every remaining tag, from '&lt;' to the next '&gt;', removed.</summary>
    internal static string RemoveTags(string s)
    {
        StringBuilder? result = null;
        var copied = 0;
        var i = s.IndexOf('<');
        while (i >= 0)
        {
            var gt = s.IndexOf('>', i + 1);
            if (gt < 0) break; // no '>' after this '<' means none after any later one either
            (result ??= new StringBuilder(s.Length)).Append(s, copied, i - copied);
            copied = gt + 1;
            i = s.IndexOf('<', copied);
        }
        return result is null ? s : result.Append(s, copied, s.Length - copied).ToString();
    }

    /// <summary>Whether <paramref name="lowerName"/> (ASCII lower case, digits, '/') is at <paramref name="at"/>, ignoring ASCII case.</summary>
    private static bool MatchesIgnoringCase(string s, int at, string lowerName)
    {
        if (at + lowerName.Length > s.Length) return false;
        for (var k = 0; k < lowerName.Length; k++)
        {
            var c = s[at + k];
            var wanted = lowerName[k];
            if (c != wanted && !(wanted is >= 'a' and <= 'z' && c == wanted - 32)) return false;
        }
        return true;
    }

    /// <summary>
    /// <c>\b</c> after a name that ends with a word character: the next character is not one (or the text ends).
    /// The regex engine's word characters are letters, decimal digits, non-spacing marks, connector punctuation and ZWJ/ZWNJ.
    /// </summary>
    private static bool IsWordBoundaryAfterWordChar(string s, int at) => at >= s.Length || !IsBoundaryWordChar(s[at]);

    internal static bool IsBoundaryWordChar(char c)
    {
        if (c < 128) return c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
        if (c is '\u200C' or '\u200D') return true;
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };
    }
}
