using System;

namespace MeetingMigration.Sandbox;

/// <summary>A meeting message Exchange would have mailed. Kind is invitation, update or cancellation.</summary>
public sealed record NotificationRecord(
    long Sequence,
    string EventId,
    string ICalUId,
    string Organizer,
    string Recipient,
    string Kind,
    DateTimeOffset Time,
    string? Subject,
    DateTimeOffset? OccurrenceStart);

/// <summary>
/// A Teams meeting registered behind a join URL, so that /onlineMeetings?$filter=JoinWebUrl eq '..' finds it.
/// JoinMeetingId and Passcode are set for meetings created through POST /onlineMeetings (null for those behind events).
/// </summary>
public sealed record OnlineMeetingRecord(
    string Id,
    string JoinWebUrl,
    Guid OrganizerId,
    string? Subject,
    DateTimeOffset StartDateTime,
    DateTimeOffset EndDateTime,
    DateTimeOffset CreationDateTime,
    string? JoinMeetingId = null,
    string? Passcode = null);
