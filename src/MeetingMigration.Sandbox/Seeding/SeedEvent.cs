using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MeetingMigration.Sandbox.Seeding;

// The Graph event JSON the generator writes into the tenant file ("event" of each entry). Property
// names follow Graph v1.0 exactly because the sandbox imports them as such; nulls are not written.
// Read-only Graph properties (isOrganizer, onlineMeeting, iCalUId...) are honoured by the sandbox's
// import only, which is why they appear here.

public sealed class SeedEvent
{
    [JsonPropertyName("iCalUId")] public string ICalUId { get; set; } = "";
    [JsonPropertyName("subject")] public string Subject { get; set; } = "";
    [JsonPropertyName("body")] public SeedBody Body { get; set; } = new();
    [JsonPropertyName("start")] public SeedDateTime Start { get; set; } = new();
    [JsonPropertyName("end")] public SeedDateTime End { get; set; } = new();
    [JsonPropertyName("location")] public SeedLocation? Location { get; set; }
    [JsonPropertyName("organizer")] public SeedRecipient Organizer { get; set; } = new();
    [JsonPropertyName("attendees")] public List<SeedAttendee> Attendees { get; set; } = new();
    [JsonPropertyName("isOrganizer")] public bool IsOrganizer { get; set; }
    [JsonPropertyName("isCancelled")] public bool IsCancelled { get; set; }
    [JsonPropertyName("isOnlineMeeting")] public bool IsOnlineMeeting { get; set; }
    [JsonPropertyName("onlineMeetingProvider")] public string OnlineMeetingProvider { get; set; } = "unknown";
    [JsonPropertyName("onlineMeeting")] public SeedOnlineMeetingInfo? OnlineMeeting { get; set; }
    [JsonPropertyName("onlineMeetingUrl")] public string? OnlineMeetingUrl { get; set; }
    [JsonPropertyName("recurrence")] public SeedRecurrence? Recurrence { get; set; }
    /// <summary>Edited occurrences of a series: a sandbox-only import extension (docs/sandbox.md), never sent to Graph.</summary>
    [JsonPropertyName("exceptions")] public List<SeedException>? Exceptions { get; set; }
}

/// <summary>An edited occurrence of a generated series: moved, with its own body (same block, other text around it).</summary>
public sealed class SeedException
{
    /// <summary>Start of the occurrence it replaces, UTC ("2026-03-09T10:00:00Z").</summary>
    [JsonPropertyName("originalStart")] public string OriginalStart { get; set; } = "";
    [JsonPropertyName("start")] public SeedDateTime Start { get; set; } = new();
    [JsonPropertyName("end")] public SeedDateTime End { get; set; } = new();
    /// <summary>Null: the series' subject.</summary>
    [JsonPropertyName("subject")] public string? Subject { get; set; }
    [JsonPropertyName("body")] public SeedBody Body { get; set; } = new();
}

public sealed class SeedBody
{
    [JsonPropertyName("contentType")] public string ContentType { get; set; } = "html";
    [JsonPropertyName("content")] public string Content { get; set; } = "";
}

public sealed class SeedDateTime
{
    /// <summary>Local wall-clock time without offset, as Graph writes it ("2026-03-02T09:00:00.0000000").</summary>
    [JsonPropertyName("dateTime")] public string DateTime { get; set; } = "";
    [JsonPropertyName("timeZone")] public string TimeZone { get; set; } = "UTC";
}

public sealed class SeedLocation
{
    [JsonPropertyName("displayName")] public string DisplayName { get; set; } = "";
}

public sealed class SeedRecipient
{
    [JsonPropertyName("emailAddress")] public SeedEmailAddress EmailAddress { get; set; } = new();
}

public sealed class SeedEmailAddress
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("address")] public string Address { get; set; } = "";
}

public sealed class SeedAttendee
{
    /// <summary>required, optional or resource.</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "required";
    [JsonPropertyName("status")] public SeedResponseStatus? Status { get; set; }
    [JsonPropertyName("emailAddress")] public SeedEmailAddress EmailAddress { get; set; } = new();
}

public sealed class SeedResponseStatus
{
    /// <summary>none, accepted, tentativelyAccepted, declined, notResponded, organizer.</summary>
    [JsonPropertyName("response")] public string Response { get; set; } = "none";
    [JsonPropertyName("time")] public string Time { get; set; } = "0001-01-01T00:00:00Z";
}

public sealed class SeedOnlineMeetingInfo
{
    [JsonPropertyName("joinUrl")] public string? JoinUrl { get; set; }
    [JsonPropertyName("conferenceId")] public string? ConferenceId { get; set; }
    [JsonPropertyName("tollNumber")] public string? TollNumber { get; set; }
    [JsonPropertyName("tollFreeNumbers")] public List<string>? TollFreeNumbers { get; set; }
}

public sealed class SeedRecurrence
{
    [JsonPropertyName("pattern")] public SeedRecurrencePattern Pattern { get; set; } = new();
    [JsonPropertyName("range")] public SeedRecurrenceRange Range { get; set; } = new();
}

public sealed class SeedRecurrencePattern
{
    /// <summary>daily, weekly, absoluteMonthly or relativeMonthly.</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "daily";
    [JsonPropertyName("interval")] public int Interval { get; set; } = 1;
    [JsonPropertyName("daysOfWeek")] public List<string>? DaysOfWeek { get; set; }
    [JsonPropertyName("dayOfMonth")] public int? DayOfMonth { get; set; }
    /// <summary>first, second, third, fourth or last (relativeMonthly).</summary>
    [JsonPropertyName("index")] public string? Index { get; set; }
    [JsonPropertyName("firstDayOfWeek")] public string? FirstDayOfWeek { get; set; }
}

public sealed class SeedRecurrenceRange
{
    /// <summary>endDate or numbered.</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "endDate";
    [JsonPropertyName("startDate")] public string StartDate { get; set; } = "";
    [JsonPropertyName("endDate")] public string? EndDate { get; set; }
    [JsonPropertyName("numberOfOccurrences")] public int? NumberOfOccurrences { get; set; }
    [JsonPropertyName("recurrenceTimeZone")] public string? RecurrenceTimeZone { get; set; }
}
