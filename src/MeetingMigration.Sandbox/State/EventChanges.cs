using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>
/// The properties present in a POST/PATCH/import body, already validated.
/// A null field means "not in the request"; *Set flags cover properties whose explicit null matters.
/// </summary>
internal sealed class EventChanges
{
    public string? Subject;
    public bool SubjectSet;
    public EventBody? Body;
    public ZonedTime? Start;
    public ZonedTime? End;
    public string? Location;
    public bool LocationSet;
    public List<Attendee>? Attendees;
    public string[]? Categories;
    public RecurrenceRule? Recurrence;
    public bool RecurrenceSet;
    public bool? IsOnlineMeeting;
    public string? OnlineMeetingProvider;
    public List<ExtendedProperty>? ExtendedProperties;
    public string? Importance;
    public string? Sensitivity;
    public string? ShowAs;
    public bool? IsAllDay;
    public string? TransactionId;

    // Read-only on Graph; honoured only by the import endpoint, which stores them exactly as given.
    public string? Id;
    public bool? IsOrganizer;
    public bool? IsCancelled;
    public OnlineMeetingInfo? OnlineMeeting;
    public string? OnlineMeetingUrl;
    public string? ICalUId;
    public Recipient? Organizer;
    /// <summary>Sandbox-only import extension: edited occurrences of an imported series master (see docs/sandbox.md).</summary>
    public List<ImportedException>? Exceptions;

    /// <summary>True when the change is one Exchange mails to attendees (everything but personal properties and extended properties).</summary>
    public bool ChangesMeeting =>
        SubjectSet || Body is not null || Start is not null || End is not null || LocationSet || Attendees is not null
        || RecurrenceSet || IsOnlineMeeting is not null || IsAllDay is not null;

    /// <summary>True when only the attendee list changes: then only added and removed attendees are mailed.</summary>
    public bool OnlyAttendeesChange =>
        Attendees is not null && !SubjectSet && Body is null && Start is null && End is null && !LocationSet
        && !RecurrenceSet && IsOnlineMeeting is null && IsAllDay is null;
}

/// <summary>One entry of an imported series' "exceptions": which occurrence it replaces, and its own properties.</summary>
internal sealed record ImportedException(DateTime OriginalStartUtc, EventChanges Changes);
