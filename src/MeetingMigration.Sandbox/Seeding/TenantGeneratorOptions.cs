using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Shape of a generated tenant. Each meeting gets exactly one "trait" drawn from the fractions
/// below (the rest are ordinary migratable meetings), so every event has a single, unambiguous
/// expected outcome. Fractions are of all meetings and must add up to at most 1.
/// </summary>
public sealed record TenantGeneratorOptions
{
    public int Users { get; init; } = 10;
    public int MeetingsPerUser { get; init; } = 20;
    public int Seed { get; init; } = 1;
    public string Domain { get; init; } = "contoso.com";

    /// <summary>Domain of outside attendees and outside organizers.</summary>
    public string ExternalDomain { get; init; } = "fabrikam.com";

    /// <summary>The clock the whole tenant is laid out around; pass the engine the same value.</summary>
    public DateTimeOffset Now { get; init; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    // --- traits (one per meeting) ---
    public double PastFraction { get; init; } = 0.15;
    /// <summary>Invitations received from someone outside the tenant (isOrganizer false).</summary>
    public double NotOrganizerFraction { get; init; } = 0.08;
    /// <summary>Block text in the body but no online meeting behind it.</summary>
    public double PastedFraction { get; init; } = 0.05;
    public double CancelledFraction { get; init; } = 0.04;
    /// <summary>More than 250 people including the organizer; MMS skips these.</summary>
    public double TooManyAttendeesFraction { get; init; } = 0.02;
    /// <summary>The same block appears twice in the body, so no single block can be chosen.</summary>
    public double AmbiguousFraction { get; init; } = 0.02;
    /// <summary>Meetings with no online meeting and no block at all (rooms, lunches).</summary>
    public double OfflineFraction { get; init; } = 0.06;

    // --- independent properties ---
    /// <summary>Of online meetings (and pasted blocks), how many are Teams; the rest are Skype for Business.</summary>
    public double TeamsFraction { get; init; } = 0.5;
    public double RecurringFraction { get; init; } = 0.25;
    /// <summary>
    /// Of recurring series that are ordinary or past (organized by the owner), how many carry exceptions: one ahead of Now
    /// when the series has a future occurrence, and sometimes one already past. Off by default (opt in, e.g. 0.3): an engine
    /// that migrates exceptions makes Exchange mail their attendees twice (the series PATCH re-sends every exception, then
    /// the exception's own PATCH), which tests written for tenants without exceptions do not expect.
    /// </summary>
    public double SeriesExceptionFraction { get; init; } = 0;
    public double PlainTextBodyFraction { get; init; } = 0.2;
    /// <summary>Of users, how many have an Exchange on-premises mailbox (the engine cannot reach them).</summary>
    public double OnPremisesUserFraction { get; init; } = 0.05;
    /// <summary>Of Skype blocks, how many carry organization customization (logo, help text) inside the fences.</summary>
    public double CustomizedSkypeBlockFraction { get; init; } = 0.2;
    /// <summary>Of ordinary meetings, how many sit exactly on the 250-people limit (still migrated).</summary>
    public double AttendeeLimitBoundaryFraction { get; init; } = 0.01;

    /// <summary>
    /// Every user organizes the same meetings: the same traits, kinds, times, series, body formats and attendee counts at
    /// the same positions, each in the user's own language and with the user's own address, conferencing and invitees
    /// (drawn per user, so attendee copies still spread over the tenant). Every mailbox then has the same work, which a
    /// throughput bound that spreads requests evenly over the mailboxes assumes (the scale benchmark). Off by default:
    /// users' calendars differ.
    /// </summary>
    public bool SameMeetingsForEveryUser { get; init; }

    /// <summary>Invitation languages; a user's own language is used most of the time.</summary>
    public IReadOnlyList<string> Languages { get; init; } = InvitationLanguage.AllCodes;

    public const int MaxPeopleIncludingOrganizer = 250;

    internal void Validate()
    {
        if (Users < 1) throw new ArgumentOutOfRangeException(nameof(Users), "At least one user.");
        if (MeetingsPerUser < 0) throw new ArgumentOutOfRangeException(nameof(MeetingsPerUser));
        if (string.IsNullOrWhiteSpace(Domain)) throw new ArgumentException("Domain is required.", nameof(Domain));
        double traits = PastFraction + NotOrganizerFraction + PastedFraction + CancelledFraction
            + TooManyAttendeesFraction + AmbiguousFraction + OfflineFraction;
        if (traits > 1.0 + 1e-9)
            throw new ArgumentException($"Trait fractions add up to {traits.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, more than 1.");
        foreach (double f in new[] { PastFraction, NotOrganizerFraction, PastedFraction, CancelledFraction,
                     TooManyAttendeesFraction, AmbiguousFraction, OfflineFraction, TeamsFraction, RecurringFraction,
                     PlainTextBodyFraction, OnPremisesUserFraction, SeriesExceptionFraction,
                     CustomizedSkypeBlockFraction, AttendeeLimitBoundaryFraction })
        {
            if (f is < 0 or > 1 || double.IsNaN(f)) throw new ArgumentException($"Fraction {f} is outside [0, 1].");
        }
        if (Languages.Count == 0) throw new ArgumentException("At least one language.", nameof(Languages));
        foreach (string code in Languages) InvitationLanguage.Get(code); // throws on an unknown code
    }
}
