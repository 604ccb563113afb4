namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Everything a block shows. One instance renders to both HTML and plain text.</summary>
public sealed record BlockContent
{
    public required BlockLayout Layout { get; init; }
    public required InvitationLanguage Language { get; init; }

    /// <summary>Skype meet URL or Teams meetup-join URL; equals event.onlineMeeting.joinUrl.</summary>
    public required string JoinUrl { get; init; }

    /// <summary>Layout 4 only: the short teams.microsoft.com/meet/ link shown as "Join:".</summary>
    public string? ShortJoinUrl { get; init; }

    public required string ConferenceId { get; init; }
    public required PhoneNumber TollNumber { get; init; }
    public required PhoneNumber TollFreeNumber { get; init; }
    public required string DialInUrl { get; init; }

    public required string MeetingId { get; init; }
    public required string Passcode { get; init; }
    public required string MeetingOptionsUrl { get; init; }
    public required string VideoTenantKey { get; init; }
    public required string VideoId { get; init; }

    /// <summary>Skype: organization logo and help text between the fences.</summary>
    public bool Customized { get; init; }

    /// <summary>Skype: the [!OC(…)!] tag has been seen with the LCID in decimal and in hex.</summary>
    public bool LocaleTagInHex { get; init; }

    /// <summary>Skype: older invitations say "Join Lync Meeting" or "Join online meeting" (English only).</summary>
    public string? LegacyJoinLabel { get; init; }

    public string LocaleTag => LocaleTagInHex
        ? $"[!OC([{Language.Lcid:x4}])!]"
        : $"[!OC([{Language.Lcid}])!]";
}

/// <summary>A dial-in number as stored (E.164) and as shown in the block.</summary>
public sealed record PhoneNumber(string E164, string Display);
