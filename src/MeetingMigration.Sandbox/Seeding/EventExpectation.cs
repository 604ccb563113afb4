using System.Collections.Generic;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// The manifest entry of one generated event: what it is and what a correct engine does with it.
/// Events are matched by <see cref="ICalUId"/> (the sandbox assigns its own event ids).
/// Attendee copies that the sandbox creates are not listed; <see cref="InternalAttendees"/> says
/// which mailboxes get one, and a correct engine skips them all as not organized by the owner.
/// </summary>
public sealed record EventExpectation
{
    public required string Mailbox { get; init; }
    public required string ICalUId { get; init; }
    public required string Subject { get; init; }
    public required ExpectedOutcome Outcome { get; init; }
    public required MeetingKind Kind { get; init; }
    public required BlockLayout Layout { get; init; }
    /// <summary>Language of the block's labels ("en-US"...); also set for pasted blocks.</summary>
    public required string Language { get; init; }
    public required BodyFormat BodyFormat { get; init; }
    public required RecurrenceKind Recurrence { get; init; }
    /// <summary>"endDate" or "numbered" for series, null for single meetings.</summary>
    public string? RecurrenceRange { get; init; }
    /// <summary>A series whose first occurrence is past but which continues after Now (still migrated).</summary>
    public bool SeriesSpansNow { get; init; }
    /// <summary>Attendees, organizer not included.</summary>
    public required int AttendeeCount { get; init; }
    public int PeopleIncludingOrganizer => AttendeeCount + 1;
    /// <summary>UPNs of attendees who are tenant users (they get attendee copies).</summary>
    public required IReadOnlyList<string> InternalAttendees { get; init; }
    public required TextScripts Scripts { get; init; }
    /// <summary>The organizer's own text around the block, unescaped; a migration must keep each one intact.</summary>
    public required IReadOnlyList<string> TextOutsideBlock { get; init; }
    /// <summary>Join URL of the block in the body (null without a block).</summary>
    public string? JoinUrl { get; init; }
    /// <summary>The Teams block's "Meeting options" page (every Teams layout), which a refresh of the same meeting keeps.</summary>
    public string? MeetingOptionsUrl { get; init; }
    /// <summary>The Teams block's meeting ID and passcode (layouts 2-4), which a refresh keeps: Graph does not give them back.</summary>
    public string? MeetingId { get; init; }
    public string? Passcode { get; init; }
    /// <summary>The Teams block's video-conferencing tenant key and video ID (layouts 2-4), which a refresh keeps too.</summary>
    public string? VideoTenantKey { get; init; }
    public string? VideoId { get; init; }
    /// <summary>Skype block with organization logo and help text between the fences.</summary>
    public bool CustomizedBlock { get; init; }
    /// <summary>The body holds the same block twice (the ambiguous case).</summary>
    public bool BlockTwice { get; init; }
    /// <summary>The body is a received copy: x_ prefixes and Safe Links (HTML only).</summary>
    public bool ReceivedCopy { get; init; }
    /// <summary>Edited occurrences of this series (empty for single meetings and most series).</summary>
    public IReadOnlyList<ExceptionExpectation> Exceptions { get; init; } = System.Array.Empty<ExceptionExpectation>();
}

/// <summary>
/// An exception of a generated series. It has its own body (the series' block, different text around it), which a PATCH
/// of the series does not change in Exchange: one ahead of Now must be migrated on its own (its outcome is Migrate when
/// the series migrates); one already past is skipped. In the sandbox its id is "{series id}_OID_{yyyyMMddTHHmmss of
/// <see cref="OriginalStart"/>}".
/// </summary>
public sealed record ExceptionExpectation
{
    public required System.DateTimeOffset OriginalStart { get; init; }
    public required System.DateTimeOffset Start { get; init; }
    public required System.DateTimeOffset End { get; init; }
    /// <summary>The occurrence's own iCalUId: the series' with the original start date filled in, as Exchange does.</summary>
    public required string ICalUId { get; init; }
    public required ExpectedOutcome Outcome { get; init; }
    /// <summary>The exception's own text around the block, unescaped; a migration must keep each one intact.</summary>
    public required IReadOnlyList<string> TextOutsideBlock { get; init; }
}

/// <summary>One generated event: the mailbox it is imported into, its Graph JSON, and its expectation.</summary>
public sealed record SeededMeeting(string Mailbox, SeedEvent Event, EventExpectation Expectation);
