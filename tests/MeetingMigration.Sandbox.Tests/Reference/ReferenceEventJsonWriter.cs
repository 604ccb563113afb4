using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MeetingMigration.Sandbox.Tests.Reference;

/// <summary>
/// The string-based event writer the sandbox used before its UTF-8 one (issue 9), kept verbatim as the definition of the JSON
/// the fast writer must produce byte for byte. Occurrences are written from a built copy, as before.
/// </summary>
internal static class ReferenceEventJsonWriter
{
    public static void Write(Utf8JsonWriter w, EventRecord ev, EventRenderOptions o)
    {
        var changeKey = ev.ChangeKey;
        w.WriteStartObject();
        w.WriteString("@odata.etag", "W/\"" + changeKey + "\"");
        w.WriteString("id", ev.Id);
        if (Includes(o, "createdDateTime")) w.WriteString("createdDateTime", TimeZones.FormatOffset(ev.Created));
        if (Includes(o, "lastModifiedDateTime")) w.WriteString("lastModifiedDateTime", TimeZones.FormatOffset(ev.LastModified));
        if (Includes(o, "changeKey")) w.WriteString("changeKey", changeKey);
        if (Includes(o, "categories")) { w.WritePropertyName("categories"); WriteStrings(w, ev.Categories); }
        if (Includes(o, "transactionId")) WriteNullable(w, "transactionId", ev.TransactionId);
        if (Includes(o, "originalStartTimeZone")) w.WriteString("originalStartTimeZone", ev.Start.TimeZone);
        if (Includes(o, "originalEndTimeZone")) w.WriteString("originalEndTimeZone", ev.End.TimeZone);
        if (Includes(o, "iCalUId")) w.WriteString("iCalUId", ev.ICalUId);
        if (Includes(o, "reminderMinutesBeforeStart")) w.WriteNumber("reminderMinutesBeforeStart", 15);
        if (Includes(o, "isReminderOn")) w.WriteBoolean("isReminderOn", true);
        if (Includes(o, "hasAttachments")) w.WriteBoolean("hasAttachments", false);
        if (Includes(o, "subject")) WriteNullable(w, "subject", ev.Subject);
        if (Includes(o, "bodyPreview")) w.WriteString("bodyPreview", ev.Body.Preview);
        if (Includes(o, "importance")) w.WriteString("importance", ev.Importance);
        if (Includes(o, "sensitivity")) w.WriteString("sensitivity", ev.Sensitivity);
        if (Includes(o, "isAllDay")) w.WriteBoolean("isAllDay", ev.IsAllDay);
        if (Includes(o, "isCancelled")) w.WriteBoolean("isCancelled", ev.IsCancelled);
        if (Includes(o, "isOrganizer")) w.WriteBoolean("isOrganizer", ev.IsOrganizer);
        if (Includes(o, "responseRequested")) w.WriteBoolean("responseRequested", true);
        if (Includes(o, "seriesMasterId")) WriteNullable(w, "seriesMasterId", ev.Master?.Id);
        if (Includes(o, "showAs")) w.WriteString("showAs", ev.ShowAs);
        if (Includes(o, "type")) w.WriteString("type", TypeName(ev.Type));
        if (Includes(o, "webLink")) w.WriteString("webLink", "https://outlook.office365.com/owa/?itemid=" + Uri.EscapeDataString(ev.Id) + "&exvsurl=1&path=/calendar/item");
        if (Includes(o, "onlineMeetingUrl")) WriteNullable(w, "onlineMeetingUrl", ev.OnlineMeetingUrl);
        if (Includes(o, "isOnlineMeeting")) w.WriteBoolean("isOnlineMeeting", ev.IsOnlineMeeting);
        if (Includes(o, "onlineMeetingProvider")) w.WriteString("onlineMeetingProvider", ev.OnlineMeetingProvider);
        if (Includes(o, "allowNewTimeProposals")) w.WriteBoolean("allowNewTimeProposals", true);
        if (Includes(o, "isDraft")) w.WriteBoolean("isDraft", false);
        if (Includes(o, "hideAttendees")) w.WriteBoolean("hideAttendees", false);
        if (Includes(o, "responseStatus"))
        {
            w.WriteStartObject("responseStatus");
            w.WriteString("response", ev.IsOrganizer ? "organizer" : "notResponded");
            w.WriteString("time", "0001-01-01T00:00:00Z");
            w.WriteEndObject();
        }
        if (Includes(o, "body")) WriteBody(w, ev.Body, o.BodyType);
        if (Includes(o, "start")) WriteTime(w, "start", ev.Start, o);
        if (Includes(o, "end")) WriteTime(w, "end", ev.End, o);
        if (ev.OriginalStartUtc is { } originalStart && Includes(o, "originalStart"))
            w.WriteString("originalStart", TimeZones.FormatUtcOffset(originalStart));
        if (Includes(o, "location"))
        {
            w.WriteStartObject("location");
            w.WriteString("displayName", ev.Location ?? "");
            w.WriteString("locationType", "default");
            w.WriteString("uniqueIdType", ev.Location is null ? "unknown" : "private");
            w.WriteEndObject();
        }
        if (Includes(o, "locations"))
        {
            w.WriteStartArray("locations");
            if (!string.IsNullOrEmpty(ev.Location))
            {
                w.WriteStartObject();
                w.WriteString("displayName", ev.Location);
                w.WriteString("locationType", "default");
                w.WriteString("uniqueIdType", "private");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (Includes(o, "recurrence"))
        {
            if (ev.Recurrence is null) w.WriteNull("recurrence");
            else WriteRecurrence(w, ev.Recurrence, ev.Start.TimeZone);
        }
        if (Includes(o, "attendees"))
        {
            w.WriteStartArray("attendees");
            foreach (var a in ev.Attendees)
            {
                w.WriteStartObject();
                w.WriteString("type", a.Type);
                w.WriteStartObject("status");
                w.WriteString("response", a.Response);
                w.WriteString("time", a.ResponseTime is { } t ? TimeZones.FormatOffset(t) : "0001-01-01T00:00:00Z");
                w.WriteEndObject();
                WriteEmail(w, a.EmailAddress);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (Includes(o, "organizer"))
        {
            w.WriteStartObject("organizer");
            WriteEmail(w, ev.Organizer);
            w.WriteEndObject();
        }
        if (Includes(o, "onlineMeeting")) WriteOnlineMeeting(w, ev.OnlineMeeting);
        WriteExtendedProperties(w, ev, o);
        w.WriteEndObject();
    }

    private static bool Includes(EventRenderOptions o, string property) => o.Select is null || o.Select.Contains(property);

    public static string TypeName(EventType type) => type switch
    {
        EventType.Occurrence => "occurrence",
        EventType.Exception => "exception",
        EventType.SeriesMaster => "seriesMaster",
        _ => "singleInstance",
    };

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteStrings(Utf8JsonWriter w, IEnumerable<string> values)
    {
        w.WriteStartArray();
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>Without a conversion the stored UTF-8 bytes go out as they came in.</summary>
    private static void WriteBody(Utf8JsonWriter w, EventBody body, string? wanted)
    {
        w.WriteStartObject("body");
        if (wanted is null || wanted == body.ContentType)
        {
            w.WriteString("contentType", body.ContentType);
            w.WriteString("content", body.Utf8Content);
        }
        else
        {
            var content = Encoding.UTF8.GetString(body.Utf8Content);
            w.WriteString("contentType", wanted);
            w.WriteString("content", wanted == "text" ? HtmlText.ToText(content) : HtmlText.ToHtml(content));
        }
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, ZonedTime time, EventRenderOptions o)
    {
        w.WriteStartObject(name);
        w.WriteString("dateTime", TimeZones.Format(TimeZones.FromUtc(time.Utc, o.Zone)));
        w.WriteString("timeZone", o.ZoneName);
        w.WriteEndObject();
    }

    private static void WriteEmail(Utf8JsonWriter w, Recipient r)
    {
        w.WriteStartObject("emailAddress");
        w.WriteString("name", r.Name ?? r.Address);
        w.WriteString("address", r.Address);
        w.WriteEndObject();
    }

    private static readonly string[] DayNames = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

    private static void WriteRecurrence(Utf8JsonWriter w, RecurrenceRule r, string startZone)
    {
        w.WriteStartObject("recurrence");
        w.WriteStartObject("pattern");
        w.WriteString("type", r.PatternType);
        w.WriteNumber("interval", r.Interval);
        w.WriteNumber("month", r.Month);
        w.WriteNumber("dayOfMonth", r.DayOfMonth);
        w.WriteStartArray("daysOfWeek");
        foreach (var d in r.DaysOfWeek) w.WriteStringValue(DayNames[(int)d]);
        w.WriteEndArray();
        w.WriteString("firstDayOfWeek", DayNames[(int)r.FirstDayOfWeek]);
        w.WriteString("index", r.Index);
        w.WriteEndObject();
        w.WriteStartObject("range");
        w.WriteString("type", r.RangeType);
        w.WriteString("startDate", r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("endDate", (r.EndDate ?? DateOnly.MinValue).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("recurrenceTimeZone", r.RecurrenceTimeZone ?? startZone);
        w.WriteNumber("numberOfOccurrences", r.NumberOfOccurrences);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteOnlineMeeting(Utf8JsonWriter w, OnlineMeetingInfo? m)
    {
        if (m is null)
        {
            w.WriteNull("onlineMeeting");
            return;
        }
        w.WriteStartObject("onlineMeeting");
        WriteNullable(w, "joinUrl", m.JoinUrl);
        WriteNullable(w, "conferenceId", m.ConferenceId);
        WriteNullable(w, "tollNumber", m.TollNumber);
        if (m.TollFreeNumbers is null) w.WriteNull("tollFreeNumbers");
        else { w.WritePropertyName("tollFreeNumbers"); WriteStrings(w, m.TollFreeNumbers); }
        WriteNullable(w, "quickDial", m.QuickDial);
        w.WriteNull("phones");
        w.WriteEndObject();
    }

    /// <summary>Extended properties appear only when $expand asks for them, and only those that exist on the item.</summary>
    private static void WriteExtendedProperties(Utf8JsonWriter w, EventRecord ev, EventRenderOptions o)
    {
        if (ev.ExtendedProperties is null || (o.ExpandExtendedKeys is null && !o.ExpandAllExtended)) return;
        var found = new List<ExtendedProperty>();
        if (o.ExpandAllExtended) found.AddRange(ev.ExtendedProperties);
        else foreach (var key in o.ExpandExtendedKeys!) if (ExtendedPropertySet.Find(ev.ExtendedProperties, key) is { } p) found.Add(p);
        if (found.Count == 0) return;
        w.WriteStartArray("singleValueExtendedProperties");
        foreach (var p in found)
        {
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            w.WriteString("value", p.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
