using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// A language an invitation block is rendered in. Labels are translated in real blocks
/// (invitation-blocks.md §1.3), so recognizers must not key on them; the fixtures prove it.
/// The translations are our own wording.
/// </summary>
public sealed record InvitationLanguage(
    string Code,
    int Lcid,
    BlockLabels Labels,
    DialInRegion Region)
{
    public static IReadOnlyList<InvitationLanguage> All { get; } = new[]
    {
        new InvitationLanguage("en-US", 1033, BlockLabels.English, new DialInRegion("+1", "425 555 01", "(Seattle) English (United States)", "United States, Seattle")),
        new InvitationLanguage("de-DE", 1031, BlockLabels.German, new DialInRegion("+49", "69 5550 1", "(Frankfurt) Deutsch (Deutschland)", "Deutschland, Frankfurt")),
        new InvitationLanguage("fr-FR", 1036, BlockLabels.French, new DialInRegion("+33", "1 55 50 1", "(Paris) Français (France)", "France, Paris")),
        new InvitationLanguage("es-ES", 3082, BlockLabels.Spanish, new DialInRegion("+34", "91 555 01", "(Madrid) Español (España)", "España, Madrid")),
        new InvitationLanguage("ja-JP", 1041, BlockLabels.Japanese, new DialInRegion("+81", "3 5550 01", "(東京) 日本語 (日本)", "日本、東京")),
        new InvitationLanguage("sv-SE", 1053, BlockLabels.Swedish, new DialInRegion("+46", "8 555 01", "(Stockholm) Svenska (Sverige)", "Sverige, Stockholm")),
    };

    public static IReadOnlyList<string> AllCodes { get; } = All.Select(l => l.Code).ToArray();

    public static InvitationLanguage Get(string code) =>
        All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No invitation labels for language '{code}'.", nameof(code));
}

/// <summary>How a dial-in number is written for a language's region. Numbers use the 555 fictional range.</summary>
public sealed record DialInRegion(string CountryCode, string NumberPrefix, string SkypeCaption, string TeamsCaption);
