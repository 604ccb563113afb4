using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MeetingMigration.Sandbox;

/// <summary>How an event is rendered for one request: $select, $expand of extended properties, and the Prefer headers.</summary>
internal sealed class EventRenderOptions
{
    public HashSet<string>? Select;
    /// <summary>"text" or "html" when the client asked for a body type (Prefer: outlook.body-content-type); null keeps the stored one.</summary>
    public string? BodyType;
    public TimeZoneInfo Zone = TimeZoneInfo.Utc;
    public string ZoneName = "UTC";
    /// <summary>Normalized ids requested by $expand=singleValueExtendedProperties($filter=id eq '..'); null when not expanded.</summary>
    public List<string>? ExpandExtendedKeys;
    public bool ExpandAllExtended;

    public bool Includes(string property) => Select is null || Select.Contains(property);
}

/// <summary>Writes an event in Graph's JSON shape straight from the stored fields.</summary>
internal static class EventJsonWriter
{
    public static void Write(Utf8JsonWriter w, EventRecord ev, EventRenderOptions o)
    {
        var changeKey = ev.ChangeKey;
        w.WriteStartObject();
        w.WriteString("@odata.etag", "W/\"" + changeKey + "\"");
        w.WriteString("id", ev.Id);
        if (o.Includes("createdDateTime")) w.WriteString("createdDateTime", TimeZones.FormatOffset(ev.Created));
        if (o.Includes("lastModifiedDateTime")) w.WriteString("lastModifiedDateTime", TimeZones.FormatOffset(ev.LastModified));
        if (o.Includes("changeKey")) w.WriteString("changeKey", changeKey);
        if (o.Includes("categories")) { w.WritePropertyName("categories"); WriteStrings(w, ev.Categories); }
        if (o.Includes("transactionId")) WriteNullable(w, "transactionId", ev.TransactionId);
        if (o.Includes("originalStartTimeZone")) w.WriteString("originalStartTimeZone", ev.Start.TimeZone);
        if (o.Includes("originalEndTimeZone")) w.WriteString("originalEndTimeZone", ev.End.TimeZone);
        if (o.Includes("iCalUId")) w.WriteString("iCalUId", ev.ICalUId);
        if (o.Includes("reminderMinutesBeforeStart")) w.WriteNumber("reminderMinutesBeforeStart", 15);
        if (o.Includes("isReminderOn")) w.WriteBoolean("isReminderOn", true);
        if (o.Includes("hasAttachments")) w.WriteBoolean("hasAttachments", false);
        if (o.Includes("subject")) WriteNullable(w, "subject", ev.Subject);
        if (o.Includes("bodyPreview")) w.WriteString("bodyPreview", ev.Body.Preview);
        if (o.Includes("importance")) w.WriteString("importance", ev.Importance);
        if (o.Includes("sensitivity")) w.WriteString("sensitivity", ev.Sensitivity);
        if (o.Includes("isAllDay")) w.WriteBoolean("isAllDay", ev.IsAllDay);
        if (o.Includes("isCancelled")) w.WriteBoolean("isCancelled", ev.IsCancelled);
        if (o.Includes("isOrganizer")) w.WriteBoolean("isOrganizer", ev.IsOrganizer);
        if (o.Includes("responseRequested")) w.WriteBoolean("responseRequested", true);
        if (o.Includes("seriesMasterId")) WriteNullable(w, "seriesMasterId", ev.Master?.Id);
        if (o.Includes("showAs")) w.WriteString("showAs", ev.ShowAs);
        if (o.Includes("type")) w.WriteString("type", TypeName(ev.Type));
        if (o.Includes("webLink")) w.WriteString("webLink", "https://outlook.office365.com/owa/?itemid=" + Uri.EscapeDataString(ev.Id) + "&exvsurl=1&path=/calendar/item");
        if (o.Includes("onlineMeetingUrl")) WriteNullable(w, "onlineMeetingUrl", ev.OnlineMeetingUrl);
        if (o.Includes("isOnlineMeeting")) w.WriteBoolean("isOnlineMeeting", ev.IsOnlineMeeting);
        if (o.Includes("onlineMeetingProvider")) w.WriteString("onlineMeetingProvider", ev.OnlineMeetingProvider);
        if (o.Includes("allowNewTimeProposals")) w.WriteBoolean("allowNewTimeProposals", true);
        if (o.Includes("isDraft")) w.WriteBoolean("isDraft", false);
        if (o.Includes("hideAttendees")) w.WriteBoolean("hideAttendees", false);
        if (o.Includes("responseStatus"))
        {
            w.WriteStartObject("responseStatus");
            w.WriteString("response", ev.IsOrganizer ? "organizer" : "notResponded");
            w.WriteString("time", "0001-01-01T00:00:00Z");
            w.WriteEndObject();
        }
        if (o.Includes("body")) WriteBody(w, ev.Body, o.BodyType);
        if (o.Includes("start")) WriteTime(w, "start", ev.Start, o);
        if (o.Includes("end")) WriteTime(w, "end", ev.End, o);
        if (ev.OriginalStartUtc is { } originalStart && o.Includes("originalStart"))
            w.WriteString("originalStart", TimeZones.FormatUtcOffset(originalStart));
        if (o.Includes("location"))
        {
            w.WriteStartObject("location");
            w.WriteString("displayName", ev.Location ?? "");
            w.WriteString("locationType", "default");
            w.WriteString("uniqueIdType", ev.Location is null ? "unknown" : "private");
            w.WriteEndObject();
        }
        if (o.Includes("locations"))
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
        if (o.Includes("recurrence"))
        {
            if (ev.Recurrence is null) w.WriteNull("recurrence");
            else WriteRecurrence(w, ev.Recurrence, ev.Start.TimeZone);
        }
        if (o.Includes("attendees"))
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
        if (o.Includes("organizer"))
        {
            w.WriteStartObject("organizer");
            WriteEmail(w, ev.Organizer);
            w.WriteEndObject();
        }
        if (o.Includes("onlineMeeting")) WriteOnlineMeeting(w, ev.OnlineMeeting);
        WriteExtendedProperties(w, ev, o);
        w.WriteEndObject();
    }

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
