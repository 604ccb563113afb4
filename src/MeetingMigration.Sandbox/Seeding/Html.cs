using System;
using System.Text;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Minimal HTML escaping. WebUtility.HtmlEncode is not used because it turns every astral
/// character into a numeric entity, which would hide the very scripts the fixtures exist to carry.
/// </summary>
internal static class Html
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
