using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

internal enum EventType { SingleInstance, Occurrence, Exception, SeriesMaster }

internal sealed record Recipient(string? Name, string Address);

internal sealed record Attendee(string Type, Recipient EmailAddress, string Response, DateTimeOffset? ResponseTime);

/// <summary>onlineMeetingInfo of an event: frozen when the meeting was created, like Exchange's copy.</summary>
internal sealed record OnlineMeetingInfo(string? JoinUrl, string? ConferenceId, string? TollNumber, IReadOnlyList<string>? TollFreeNumbers, string? QuickDial);

/// <summary>A point in time as the event was written: wall-clock time plus a Windows or IANA zone name.</summary>
internal readonly record struct ZonedTime(DateTime Local, string TimeZone, DateTime Utc);

/// <summary>The body keeps the exact UTF-8 bytes received (never re-serialized), shared by reference with attendee copies.</summary>
internal sealed record EventBody(string ContentType, byte[] Utf8Content);

internal sealed record ExtendedProperty(string Id, string Value);

/// <summary>
/// One stored event. Fields instead of a JSON tree keep 100,000 meetings small.
/// Occurrences are never stored: they are synthesized from the master on read (see <see cref="RecurrenceExpander"/>);
/// an occurrence that is edited becomes a stored exception under its master.
/// </summary>
internal sealed class EventRecord
{
    public string Id = "";
    public string MailboxKey = "";
    public string ChangeKey = "";
    public string ICalUId = "";
    public EventType Type;
    public EventRecord? Master;
    public DateTime? OriginalStartUtc;
    public bool IsOrganizer;
    public bool IsCancelled;
    public bool IsOnlineMeeting;
    public string OnlineMeetingProvider = "unknown";
    public OnlineMeetingInfo? OnlineMeeting;
    public string? OnlineMeetingUrl;
    public string? Subject;
    public EventBody Body = new("html", Array.Empty<byte>());
    public ZonedTime Start;
    public ZonedTime End;
    public bool IsAllDay;
    public string? Location;
    public string[] Categories = Array.Empty<string>();
    public string Importance = "normal";
    public string Sensitivity = "normal";
    public string ShowAs = "busy";
    public Recipient Organizer = new(null, "");
    public List<Attendee> Attendees = new();
    public RecurrenceRule? Recurrence;
    public Dictionary<string, ExtendedProperty>? ExtendedProperties;
    /// <summary>On a series master: edited occurrences keyed by their original start (UTC).</summary>
    public SortedDictionary<DateTime, EventRecord>? Exceptions;
    /// <summary>On a series master: original starts (UTC) of deleted or cancelled occurrences; instances leaves them out.</summary>
    public HashSet<DateTime>? CancelledOccurrences;
    /// <summary>On an attendee's copy: the organizer's event it mirrors.</summary>
    public string? OrganizerEventId;
    /// <summary>On an organizer's event: ids of the attendees' copies.</summary>
    public List<string>? CopyIds;
    public string? TransactionId;
    public DateTimeOffset Created;
    public DateTimeOffset LastModified;

    public EventRecord ShallowClone() => (EventRecord)MemberwiseClone();
}
