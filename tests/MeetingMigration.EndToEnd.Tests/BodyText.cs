namespace MeetingMigration.EndToEnd.Tests;

/// <summary>Text the generator put around a block, as it appears in a body: raw in text bodies, HTML-escaped in HTML ones.</summary>
public static class BodyText
{
    public static bool Has(string body, string text) =>
        body.Contains(text, StringComparison.Ordinal)
        || body.Contains(text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;"), StringComparison.Ordinal)
        || body.Contains(System.Net.WebUtility.HtmlEncode(text), StringComparison.Ordinal);
}
