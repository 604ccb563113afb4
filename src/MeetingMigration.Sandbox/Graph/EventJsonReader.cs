using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Reads a Graph event JSON (POST, PATCH or import) into <see cref="EventChanges"/>. Malformed values answer 400.
/// With <c>includeReadOnly</c> (the import endpoint) the read-only properties are kept exactly as given.
/// </summary>
internal static class EventJsonReader
{
    /// <summary>The properties and relationships of Graph v1.0's event resource (learn.microsoft.com/graph/api/resources/event).</summary>
    private static readonly HashSet<string> GraphEventProperties = new(StringComparer.Ordinal)
    {
        "allowNewTimeProposals", "attachments", "attendees", "body", "bodyPreview", "calendar", "cancelledOccurrences", "categories",
        "changeKey", "createdDateTime", "end", "exceptionOccurrences", "extensions", "hasAttachments", "hideAttendees", "iCalUId", "id",
        "importance", "instances", "isAllDay", "isCancelled", "isDraft", "isOnlineMeeting", "isOrganizer", "isReminderOn",
        "lastModifiedDateTime", "location", "locations", "multiValueExtendedProperties", "onlineMeeting", "onlineMeetingProvider",
        "onlineMeetingUrl", "organizer", "originalEndTimeZone", "originalStart", "originalStartTimeZone", "recurrence",
        "reminderMinutesBeforeStart", "responseRequested", "responseStatus", "sensitivity", "seriesMasterId", "showAs",
        "singleValueExtendedProperties", "start", "subject", "transactionId", "type", "webLink",
    };

    public static EventChanges Read(ReadOnlySpan<byte> json, bool includeReadOnly) => Read(json.ToArray(), includeReadOnly);

    /// <summary>Reads a request body in place (the document refers to the array rather than copying it).</summary>
    public static EventChanges Read(byte[] json, bool includeReadOnly)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.AsMemory()); }
        catch (JsonException e) { throw GraphException.InvalidRequest("Invalid JSON in the request body: " + e.Message); }
        using (doc) return Read(doc.RootElement, includeReadOnly);
    }

    public static EventChanges Read(JsonElement root, bool includeReadOnly)
    {
        if (root.ValueKind != JsonValueKind.Object) throw GraphException.InvalidRequest("The request body must be a JSON object.");
        var c = new EventChanges();
        foreach (var p in root.EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "subject": c.SubjectSet = true; c.Subject = OptionalString(v, p.Name); break;
                case "body": c.Body = ReadBody(v); break;
                case "start": c.Start = ReadTime(v, p.Name); break;
                case "end": c.End = ReadTime(v, p.Name); break;
                case "location": c.LocationSet = true; c.Location = v.ValueKind == JsonValueKind.Null ? null : OptionalString(Prop(v, "displayName"), "location.displayName"); break;
                case "attendees": c.Attendees = ReadAttendees(v); break;
                case "categories": c.Categories = ReadStrings(v, p.Name); break;
                case "recurrence": c.RecurrenceSet = true; c.Recurrence = v.ValueKind == JsonValueKind.Null ? null : ReadRecurrence(v); break;
                case "isOnlineMeeting": c.IsOnlineMeeting = Bool(v, p.Name); break;
                case "onlineMeetingProvider": c.OnlineMeetingProvider = OneOf(v, p.Name, "unknown", "teamsForBusiness", "skypeForBusiness", "skypeForConsumer"); break;
                case "singleValueExtendedProperties": c.ExtendedProperties = ReadExtendedProperties(v); break;
                case "importance": c.Importance = OneOf(v, p.Name, "low", "normal", "high"); break;
                case "sensitivity": c.Sensitivity = OneOf(v, p.Name, "normal", "personal", "private", "confidential"); break;
                case "showAs": c.ShowAs = OneOf(v, p.Name, "free", "tentative", "busy", "oof", "workingElsewhere", "unknown"); break;
                case "isAllDay": c.IsAllDay = Bool(v, p.Name); break;
                case "transactionId": c.TransactionId = OptionalString(v, p.Name); break;
                case "id" when includeReadOnly: c.Id = OptionalString(v, p.Name); break;
                case "isOrganizer" when includeReadOnly: c.IsOrganizer = Bool(v, p.Name); break;
                case "isCancelled" when includeReadOnly: c.IsCancelled = Bool(v, p.Name); break;
                case "onlineMeeting" when includeReadOnly: c.OnlineMeeting = ReadOnlineMeeting(v); break;
                case "onlineMeetingUrl" when includeReadOnly: c.OnlineMeetingUrl = OptionalString(v, p.Name); break;
                case "iCalUId" when includeReadOnly: c.ICalUId = OptionalString(v, p.Name); break;
                case "organizer" when includeReadOnly: c.Organizer = v.ValueKind == JsonValueKind.Null ? null : ReadRecipient(v, p.Name); break;
                case "exceptions" when includeReadOnly: c.Exceptions = ReadExceptions(v); break;
                // Annotations (@odata.type) and Graph's other event properties, read-only or not modelled here, are ignored,
                // as Graph ignores read-only input. A name Graph does not know is refused on Graph's surface (RequestBodyRead,
                // as Graph does): found by an outside probe, a misspelled property passed here and would fail against Graph.
                // The sandbox's own import (/sandbox) ignores it, as its tenant files do.
                default:
                    if (!includeReadOnly && p.Name.Length > 0 && p.Name[0] != '@' && !GraphEventProperties.Contains(p.Name))
                        throw new GraphException(400, "RequestBodyRead",
                            $"The property '{p.Name}' does not exist on type 'microsoft.graph.event': only the event's own property names can be written.");
                    break;
            }
        }
        if (c.Start is { } s && c.End is { } e && e.Utc < s.Utc)
            throw GraphException.InvalidRequest("The end time must not be earlier than the start time.");
        return c;
    }

    private static JsonElement Prop(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : default;

    private static string? OptionalString(JsonElement v, string name) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw GraphException.InvalidRequest($"Property '{name}' must be a string."),
    };

    private static bool Bool(JsonElement v, string name) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw GraphException.InvalidRequest($"Property '{name}' must be a boolean."),
    };

    private static string? OneOf(JsonElement v, string name, params string[] allowed)
    {
        var s = OptionalString(v, name);
        if (s is null) return null;
        var match = allowed.FirstOrDefault(a => a.Equals(s, StringComparison.OrdinalIgnoreCase));
        return match ?? throw GraphException.InvalidRequest($"Value '{s}' is not valid for property '{name}'.");
    }

    private static string[] ReadStrings(JsonElement v, string name)
    {
        if (v.ValueKind == JsonValueKind.Null) return Array.Empty<string>();
        if (v.ValueKind != JsonValueKind.Array) throw GraphException.InvalidRequest($"Property '{name}' must be an array.");
        return v.EnumerateArray().Select(x => OptionalString(x, name) ?? "").ToArray();
    }

    /// <summary>The content string's UTF-8 bytes are kept as received: no normalization, no re-serialization.</summary>
    private static EventBody? ReadBody(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Object) throw GraphException.InvalidRequest("Property 'body' must be an object.");
        var type = OneOf(Prop(v, "contentType"), "body.contentType", "text", "html") ?? "html";
        var content = OptionalString(Prop(v, "content"), "body.content") ?? "";
        return EventBody.FromString(type, content);
    }

    private static ZonedTime? ReadTime(JsonElement v, string name)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Object) throw GraphException.InvalidRequest($"Property '{name}' must be a dateTimeTimeZone object.");
        var dateTime = OptionalString(Prop(v, "dateTime"), name + ".dateTime");
        var zone = OptionalString(Prop(v, "timeZone"), name + ".timeZone");
        if (dateTime is null) throw GraphException.InvalidRequest($"Property '{name}.dateTime' is required.");
        if (TimeZones.Find(zone) is null) throw new GraphException(400, "TimeZoneNotSupportedException", $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'.");
        return TimeZones.Parse(dateTime, zone) ?? throw GraphException.InvalidRequest($"Cannot convert the literal '{dateTime}' to the expected type 'Edm.DateTime'.");
    }

    private static Recipient ReadRecipient(JsonElement v, string name)
    {
        var email = Prop(v, "emailAddress");
        var address = OptionalString(Prop(email, "address"), name + ".emailAddress.address");
        if (string.IsNullOrWhiteSpace(address)) throw GraphException.InvalidRequest($"Property '{name}.emailAddress.address' is required.");
        return new Recipient(OptionalString(Prop(email, "name"), name + ".emailAddress.name"), address);
    }

    private static List<Attendee> ReadAttendees(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return new List<Attendee>();
        if (v.ValueKind != JsonValueKind.Array) throw GraphException.InvalidRequest("Property 'attendees' must be an array.");
        var list = new List<Attendee>();
        foreach (var a in v.EnumerateArray())
        {
            var type = OneOf(Prop(a, "type"), "attendee.type", "required", "optional", "resource") ?? "required";
            var status = Prop(a, "status");
            var response = OneOf(Prop(status, "response"), "attendee.status.response", "none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded") ?? "none";
            DateTimeOffset? time = null;
            if (OptionalString(Prop(status, "time"), "attendee.status.time") is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) time = parsed;
            list.Add(new Attendee(type, ReadRecipient(a, "attendee"), response, time));
        }
        if (list.Count > 500) throw GraphException.InvalidRequest("An event can have at most 500 attendees.");
        return list;
    }

    private static List<ExtendedProperty> ReadExtendedProperties(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Array) throw GraphException.InvalidRequest("Property 'singleValueExtendedProperties' must be an array.");
        var list = new List<ExtendedProperty>();
        foreach (var p in v.EnumerateArray())
        {
            var id = OptionalString(Prop(p, "id"), "singleValueExtendedProperties.id");
            if (string.IsNullOrWhiteSpace(id)) throw GraphException.InvalidRequest("An extended property needs an id.");
            list.Add(new ExtendedProperty(id, OptionalString(Prop(p, "value"), "singleValueExtendedProperties.value") ?? ""));
        }
        return list;
    }

    /// <summary>
    /// The import-only "exceptions" array: each entry names the occurrence it replaces by "originalStart" (an instant; UTC
    /// when it has no offset) and carries its own start and end, plus optionally the other writable properties (subject,
    /// body, location...). Recurrence and attendees are refused: an exception keeps its series' attendees here.
    /// </summary>
    private static List<ImportedException>? ReadExceptions(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw GraphException.InvalidRequest("Property 'exceptions' must be an array.");
        var list = new List<ImportedException>();
        foreach (var x in v.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Object) throw GraphException.InvalidRequest("Each entry of 'exceptions' must be an object.");
            var raw = OptionalString(Prop(x, "originalStart"), "exceptions.originalStart")
                ?? throw GraphException.InvalidRequest("Each entry of 'exceptions' needs 'originalStart'.");
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var originalStart))
                throw GraphException.InvalidRequest($"Cannot convert the literal '{raw}' of 'exceptions.originalStart' to the expected type 'Edm.DateTimeOffset'.");
            var changes = Read(x, includeReadOnly: false);
            if (changes.Start is null || changes.End is null) throw GraphException.InvalidRequest("Each entry of 'exceptions' needs 'start' and 'end'.");
            if (changes.RecurrenceSet) throw GraphException.InvalidRequest("An exception cannot have a recurrence.");
            if (changes.Attendees is not null) throw GraphException.InvalidRequest("The sandbox imports exceptions with their series' attendees; 'attendees' is not allowed.");
            list.Add(new ImportedException(DateTime.SpecifyKind(originalStart.UtcDateTime, DateTimeKind.Utc), changes));
        }
        return list;
    }

    private static OnlineMeetingInfo? ReadOnlineMeeting(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        var tollFree = Prop(v, "tollFreeNumbers");
        return new OnlineMeetingInfo(
            OptionalString(Prop(v, "joinUrl"), "onlineMeeting.joinUrl"),
            OptionalString(Prop(v, "conferenceId"), "onlineMeeting.conferenceId"),
            OptionalString(Prop(v, "tollNumber"), "onlineMeeting.tollNumber"),
            tollFree.ValueKind == JsonValueKind.Array ? ReadStrings(tollFree, "onlineMeeting.tollFreeNumbers") : null,
            OptionalString(Prop(v, "quickDial"), "onlineMeeting.quickDial"));
    }

    private static readonly string[] DayNames = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

    private static DayOfWeek Day(string s, string name)
    {
        var i = Array.FindIndex(DayNames, d => d.Equals(s, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? (DayOfWeek)i : throw GraphException.InvalidRequest($"Value '{s}' is not valid for property '{name}'.");
    }

    private static RecurrenceRule ReadRecurrence(JsonElement v)
    {
        var pattern = Prop(v, "pattern");
        var range = Prop(v, "range");
        if (pattern.ValueKind != JsonValueKind.Object || range.ValueKind != JsonValueKind.Object)
            throw GraphException.InvalidRequest("A recurrence needs a pattern and a range.");
        var type = OneOf(Prop(pattern, "type"), "recurrence.pattern.type", "daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly")
            ?? throw GraphException.InvalidRequest("recurrence.pattern.type is required.");
        var interval = Int(Prop(pattern, "interval"), 1);
        if (interval < 1) throw GraphException.InvalidRequest("recurrence.pattern.interval must be at least 1.");
        var days = Prop(pattern, "daysOfWeek") is { ValueKind: JsonValueKind.Array } d
            ? d.EnumerateArray().Select(x => Day(x.GetString() ?? "", "daysOfWeek")).ToArray() : Array.Empty<DayOfWeek>();
        if (type is "weekly" or "relativeMonthly" or "relativeYearly" && days.Length == 0)
            throw GraphException.InvalidRequest($"recurrence.pattern.daysOfWeek is required for a {type} pattern.");
        var dayOfMonth = Int(Prop(pattern, "dayOfMonth"), 0);
        if (type is "absoluteMonthly" or "absoluteYearly" && dayOfMonth is < 1 or > 31)
            throw GraphException.InvalidRequest("recurrence.pattern.dayOfMonth must be between 1 and 31.");
        var month = Int(Prop(pattern, "month"), 0);
        if (type is "absoluteYearly" or "relativeYearly" && month is < 1 or > 12)
            throw GraphException.InvalidRequest("recurrence.pattern.month must be between 1 and 12.");
        var firstDay = OptionalString(Prop(pattern, "firstDayOfWeek"), "firstDayOfWeek") is { } f ? Day(f, "firstDayOfWeek") : DayOfWeek.Sunday;
        var index = OneOf(Prop(pattern, "index"), "recurrence.pattern.index", "first", "second", "third", "fourth", "last") ?? "first";

        var rangeType = OneOf(Prop(range, "type"), "recurrence.range.type", "endDate", "noEnd", "numbered") ?? throw GraphException.InvalidRequest("recurrence.range.type is required.");
        var startDate = Date(Prop(range, "startDate"), "recurrence.range.startDate") ?? throw GraphException.InvalidRequest("recurrence.range.startDate is required.");
        var endDate = Date(Prop(range, "endDate"), "recurrence.range.endDate");
        if (rangeType == "endDate" && (endDate is null || endDate < startDate))
            throw GraphException.InvalidRequest("recurrence.range.endDate is required and must not be before startDate.");
        var count = Int(Prop(range, "numberOfOccurrences"), 0);
        if (rangeType == "numbered" && count < 1) throw GraphException.InvalidRequest("recurrence.range.numberOfOccurrences must be at least 1.");
        return new RecurrenceRule(type, interval, month, dayOfMonth, days, firstDay, index, rangeType, startDate,
            rangeType == "endDate" ? endDate : null, rangeType == "numbered" ? count : 0, OptionalString(Prop(range, "recurrenceTimeZone"), "recurrenceTimeZone"));
    }

    private static int Int(JsonElement v, int fallback) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt32(out var i) => i,
        JsonValueKind.Null or JsonValueKind.Undefined => fallback,
        _ => throw GraphException.InvalidRequest("Expected an integer value."),
    };

    private static DateOnly? Date(JsonElement v, string name)
    {
        var s = OptionalString(v, name);
        if (s is null) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d == DateOnly.MinValue ? null : d;
        throw GraphException.InvalidRequest($"Cannot convert the literal '{s}' to the expected type 'Edm.Date'.");
    }
}
