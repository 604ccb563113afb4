using System;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// What an invitation body looks like once it has been received from another organization
/// (invitation-blocks.md §2.5): classes and ids get an x_ prefix and Safe Links wraps every
/// href, so a join URL must be unwrapped before it can be compared.
/// </summary>
public static partial class ReceivedCopy
{
    public const string SafeLinksHost = "https://eur02.safelinks.protection.outlook.com/";

    public static string Transform(string html)
    {
        string prefixed = ClassOrId().Replace(html, m => $"{m.Groups[1].Value}=\"{PrefixEach(m.Groups[2].Value)}\"");
        return Href().Replace(prefixed, m => $"href=\"{Wrap(m.Groups[1].Value)}\"");
    }

    public static string Wrap(string escapedUrl)
    {
        string url = escapedUrl.Replace("&amp;", "&", StringComparison.Ordinal);
        return $"{SafeLinksHost}?url={Uri.EscapeDataString(url)}&amp;data=05%7C02%7C&amp;reserved=0";
    }

    private static string PrefixEach(string names) =>
        string.Join(" ", Array.ConvertAll(names.Split(' ', StringSplitOptions.RemoveEmptyEntries), n => "x_" + n));

    [GeneratedRegex("\\b(class|id)=\"([^\"]*)\"")]
    private static partial Regex ClassOrId();

    [GeneratedRegex("href=\"(https?://[^\"]*)\"")]
    private static partial Regex Href();
}
