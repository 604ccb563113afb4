using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

internal enum EventType { SingleInstance, Occurrence, Exception, SeriesMaster }

/// <summary>An email address; interned per tenant (<see cref="Interner"/>), so one person is one object however many meetings list them.</summary>
internal sealed record Recipient(string? Name, string Address);

/// <summary>onlineMeetingInfo of an event: frozen when the meeting was created, like Exchange's copy.</summary>
internal sealed record OnlineMeetingInfo(string? JoinUrl, string? ConferenceId, string? TollNumber, IReadOnlyList<string>? TollFreeNumbers, string? QuickDial);

/// <summary>A point in time as the event was written: wall-clock time plus a Windows or IANA zone name.</summary>
internal readonly record struct ZonedTime(DateTime Local, string TimeZone, DateTime Utc);

internal sealed record ExtendedProperty(string Id, string Value)
{
    /// <summary>The id normalized for comparison (see <see cref="ExtendedPropertySet.Key"/>), computed once.</summary>
    public string Key { get; } = ExtendedPropertySet.Key(Id);
}

/// <summary>
/// One stored event. Fields instead of a JSON tree keep 100,000 meetings small.
/// Occurrences are never stored: they are synthesized from the master on read (see <see cref="RecurrenceExpander"/>);
/// an occurrence that is edited becomes a stored exception under its master.
/// </summary>
internal sealed class EventRecord
{
    public string Id = "";
    public string MailboxKey = "";
    /// <summary>
    /// The change key is stored as its number and formatted when read: a string per item would cost ~80 bytes each,
    /// and most items are never read. Set it with <see cref="Ids.NextChange"/> on every write.
    /// </summary>
    public long ChangeNumber;
    public string ChangeKey => Ids.ChangeKey(ChangeNumber);
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
    public EventBody Body = EventBody.Empty;
    public ZonedTime Start;
    public ZonedTime End;
    public bool IsAllDay;
    public string? Location;
    public string[] Categories = Array.Empty<string>();
    public string Importance = "normal";
    public string Sensitivity = "normal";
    public string ShowAs = "busy";
    public Recipient Organizer = new(null, "");
    /// <summary>Never mutated in place (replaced on change), so organizer item and attendee copies share one array.</summary>
    public Attendee[] Attendees = Array.Empty<Attendee>();
    public RecurrenceRule? Recurrence;
    /// <summary>Copy-on-write, keyed by <see cref="ExtendedPropertySet.Key"/>; an array because items carry one or two at most.</summary>
    public ExtendedProperty[]? ExtendedProperties;
    /// <summary>On a series master: edited occurrences keyed by their original start (UTC).</summary>
    public SortedDictionary<DateTime, EventRecord>? Exceptions;
    /// <summary>
    /// On a series master: original starts (UTC) of deleted or cancelled occurrences; instances leaves them out.
    /// Copy-on-write (a new set per change), so attendee copies share the organizer's set.
    /// </summary>
    public HashSet<DateTime>? CancelledOccurrences;
    /// <summary>On an attendee's copy: the organizer's event it mirrors.</summary>
    public string? OrganizerEventId;
    /// <summary>On an organizer's event: ids of the attendees' copies.</summary>
    public string[]? CopyIds;
    public string? TransactionId;
    // UTC DateTime rather than DateTimeOffset: half the size, and Graph shows these in UTC anyway.
    public DateTime Created;
    public DateTime LastModified;

    /// <summary>
    /// A field-by-field copy. It also serves as a snapshot a response can be written from after the state lock is released:
    /// writes replace what an item refers to (body, attendees, categories, extended properties, recurrence, online meeting
    /// info are immutable or copy-on-write) rather than changing it in place, so nothing a copy reaches changes underneath.
    /// The exceptions dictionary is the one thing changed in place, and the JSON writer never reads it.
    /// </summary>
    public EventRecord ShallowClone() => (EventRecord)MemberwiseClone();
}
