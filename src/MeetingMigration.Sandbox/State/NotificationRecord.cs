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

/// <summary>A Teams meeting registered behind a join URL, so that /onlineMeetings?$filter=JoinWebUrl eq '..' finds it.</summary>
public sealed record OnlineMeetingRecord(
    string Id,
    string JoinWebUrl,
    Guid OrganizerId,
    string? Subject,
    DateTimeOffset StartDateTime,
    DateTimeOffset EndDateTime,
    DateTimeOffset CreationDateTime);
