using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Writes an event in Graph's JSON shape straight from the stored fields. An occurrence is written from its master
/// (<see cref="ViewEntry"/>), with its own id, type, times and iCalUId.
/// </summary>
/// <remarks>
/// A calendar page writes up to 1000 items, so the per-item work is kept to the writer's own: names pre-encoded, $select
/// as bits, change keys, occurrence ids and dates formatted as UTF-8 into stack buffers (no string per value).
/// The output is byte for byte what the former string-based writer gave (the sandbox tests compare the two).
/// </remarks>
internal static class EventJsonWriter
{
    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    private static readonly JsonEncodedText ETagName = Name("@odata.etag"), IdName = Name("id"), CreatedName = Name("createdDateTime"),
        LastModifiedName = Name("lastModifiedDateTime"), ChangeKeyName = Name("changeKey"), CategoriesName = Name("categories"),
        TransactionIdName = Name("transactionId"), OriginalStartTimeZoneName = Name("originalStartTimeZone"),
        OriginalEndTimeZoneName = Name("originalEndTimeZone"), ICalUIdName = Name("iCalUId"),
        ReminderMinutesName = Name("reminderMinutesBeforeStart"), IsReminderOnName = Name("isReminderOn"),
        HasAttachmentsName = Name("hasAttachments"), SubjectName = Name("subject"), BodyPreviewName = Name("bodyPreview"),
        ImportanceName = Name("importance"), SensitivityName = Name("sensitivity"), IsAllDayName = Name("isAllDay"),
        IsCancelledName = Name("isCancelled"), IsOrganizerName = Name("isOrganizer"), ResponseRequestedName = Name("responseRequested"),
        SeriesMasterIdName = Name("seriesMasterId"), ShowAsName = Name("showAs"), TypeName_ = Name("type"), WebLinkName = Name("webLink"),
        OnlineMeetingUrlName = Name("onlineMeetingUrl"), IsOnlineMeetingName = Name("isOnlineMeeting"),
        OnlineMeetingProviderName = Name("onlineMeetingProvider"), AllowNewTimeProposalsName = Name("allowNewTimeProposals"),
        IsDraftName = Name("isDraft"), HideAttendeesName = Name("hideAttendees"), ResponseStatusName = Name("responseStatus"),
        ResponseName = Name("response"), TimeName = Name("time"), BodyName = Name("body"), ContentTypeName = Name("contentType"),
        ContentName = Name("content"), StartName = Name("start"), EndName = Name("end"), DateTimeName = Name("dateTime"),
        TimeZoneName = Name("timeZone"), OriginalStartName = Name("originalStart"), LocationName = Name("location"),
        LocationsName = Name("locations"), DisplayNameName = Name("displayName"), LocationTypeName = Name("locationType"),
        UniqueIdTypeName = Name("uniqueIdType"), RecurrenceName = Name("recurrence"), AttendeesName = Name("attendees"),
        StatusName = Name("status"), EmailAddressName = Name("emailAddress"), NameName = Name("name"), AddressName = Name("address"),
        OrganizerName = Name("organizer"), OnlineMeetingName = Name("onlineMeeting");

    private static readonly JsonEncodedText OccurrenceType = Name("occurrence"), Organizer = Name("organizer"),
        NotResponded = Name("notResponded"), NeverResponded = Name("0001-01-01T00:00:00Z"), Default = Name("default"),
        Private = Name("private"), Unknown = Name("unknown");

    public static void Write(Utf8JsonWriter w, EventRecord ev, EventRenderOptions o) => Write(w, ViewEntry.Of(ev), o);

    public static void Write(Utf8JsonWriter w, in ViewEntry entry, EventRenderOptions o)
    {
        // An occurrence shares everything with its master but its id, type, series link, iCalUId and times.
        var ev = entry.Source;
        var occurrence = entry.IsOccurrence;
        var startUtc = occurrence ? entry.StartUtc : ev.Start.Utc;
        var endUtc = occurrence ? entry.StartUtc + (ev.End.Utc - ev.Start.Utc) : ev.End.Utc;

        Span<byte> etag = stackalloc byte[Ids.ChangeKeyLength + 4]; // W/"…"
        "W/\""u8.CopyTo(etag);
        Ids.WriteChangeKey(ev.ChangeNumber, etag[3..]);
        etag[^1] = (byte)'"';
        var changeKey = etag[3..^1];

        w.WriteStartObject();
        w.WriteString(ETagName, etag);
        if (occurrence) WriteOccurrenceId(w, IdName, ev.Id, entry.StartUtc);
        else w.WriteString(IdName, ev.Id);
        if (o.Includes(EventProperty.CreatedDateTime)) WriteInstant(w, CreatedName, AsUtc(ev.Created));
        if (o.Includes(EventProperty.LastModifiedDateTime)) WriteInstant(w, LastModifiedName, AsUtc(ev.LastModified));
        if (o.Includes(EventProperty.ChangeKey)) w.WriteString(ChangeKeyName, changeKey);
        if (o.Includes(EventProperty.Categories)) { w.WritePropertyName(CategoriesName); WriteStrings(w, ev.Categories); }
        if (o.Includes(EventProperty.TransactionId)) WriteNullable(w, TransactionIdName, ev.TransactionId);
        if (o.Includes(EventProperty.OriginalStartTimeZone)) w.WriteString(OriginalStartTimeZoneName, ev.Start.TimeZone);
        if (o.Includes(EventProperty.OriginalEndTimeZone)) w.WriteString(OriginalEndTimeZoneName, ev.End.TimeZone);
        if (o.Includes(EventProperty.ICalUId)) w.WriteString(ICalUIdName, occurrence ? Ids.OccurrenceICalUId(ev.ICalUId, entry.StartUtc) : ev.ICalUId);
        if (o.Includes(EventProperty.ReminderMinutesBeforeStart)) w.WriteNumber(ReminderMinutesName, 15);
        if (o.Includes(EventProperty.IsReminderOn)) w.WriteBoolean(IsReminderOnName, true);
        if (o.Includes(EventProperty.HasAttachments)) w.WriteBoolean(HasAttachmentsName, false);
        if (o.Includes(EventProperty.Subject)) WriteNullable(w, SubjectName, ev.Subject);
        if (o.Includes(EventProperty.BodyPreview)) w.WriteString(BodyPreviewName, ev.Body.Preview);
        if (o.Includes(EventProperty.Importance)) w.WriteString(ImportanceName, ev.Importance);
        if (o.Includes(EventProperty.Sensitivity)) w.WriteString(SensitivityName, ev.Sensitivity);
        if (o.Includes(EventProperty.IsAllDay)) w.WriteBoolean(IsAllDayName, ev.IsAllDay);
        if (o.Includes(EventProperty.IsCancelled)) w.WriteBoolean(IsCancelledName, ev.IsCancelled);
        if (o.Includes(EventProperty.IsOrganizer)) w.WriteBoolean(IsOrganizerName, ev.IsOrganizer);
        if (o.Includes(EventProperty.ResponseRequested)) w.WriteBoolean(ResponseRequestedName, true);
        if (o.Includes(EventProperty.SeriesMasterId)) WriteNullable(w, SeriesMasterIdName, occurrence ? ev.Id : ev.Master?.Id);
        if (o.Includes(EventProperty.ShowAs)) w.WriteString(ShowAsName, ev.ShowAs);
        if (o.Includes(EventProperty.Type))
        {
            if (occurrence) w.WriteString(TypeName_, OccurrenceType);
            else w.WriteString(TypeName_, TypeName(ev.Type));
        }
        if (o.Includes(EventProperty.WebLink))
            w.WriteString(WebLinkName, "https://outlook.office365.com/owa/?itemid=" + Uri.EscapeDataString(entry.Id) + "&exvsurl=1&path=/calendar/item");
        if (o.Includes(EventProperty.OnlineMeetingUrl)) WriteNullable(w, OnlineMeetingUrlName, ev.OnlineMeetingUrl);
        if (o.Includes(EventProperty.IsOnlineMeeting)) w.WriteBoolean(IsOnlineMeetingName, ev.IsOnlineMeeting);
        if (o.Includes(EventProperty.OnlineMeetingProvider)) w.WriteString(OnlineMeetingProviderName, ev.OnlineMeetingProvider);
        if (o.Includes(EventProperty.AllowNewTimeProposals)) w.WriteBoolean(AllowNewTimeProposalsName, true);
        if (o.Includes(EventProperty.IsDraft)) w.WriteBoolean(IsDraftName, false);
        if (o.Includes(EventProperty.HideAttendees)) w.WriteBoolean(HideAttendeesName, false);
        if (o.Includes(EventProperty.ResponseStatus))
        {
            w.WriteStartObject(ResponseStatusName);
            w.WriteString(ResponseName, ev.IsOrganizer ? Organizer : NotResponded);
            w.WriteString(TimeName, NeverResponded);
            w.WriteEndObject();
        }
        if (o.Includes(EventProperty.Body)) WriteBody(w, ev.Body, o.BodyType);
        if (o.Includes(EventProperty.Start)) WriteTime(w, StartName, startUtc, o);
        if (o.Includes(EventProperty.End)) WriteTime(w, EndName, endUtc, o);
        var originalStart = occurrence ? entry.StartUtc : ev.OriginalStartUtc;
        if (originalStart is { } original && o.Includes(EventProperty.OriginalStart))
        {
            Span<byte> text = stackalloc byte[20];
            w.WriteString(OriginalStartName, text[..Utf8Dates.WriteSecondsZulu(original, text)]);
        }
        if (o.Includes(EventProperty.Location))
        {
            w.WriteStartObject(LocationName);
            w.WriteString(DisplayNameName, ev.Location ?? "");
            w.WriteString(LocationTypeName, Default);
            w.WriteString(UniqueIdTypeName, ev.Location is null ? Unknown : Private);
            w.WriteEndObject();
        }
        if (o.Includes(EventProperty.Locations))
        {
            w.WriteStartArray(LocationsName);
            if (!string.IsNullOrEmpty(ev.Location))
            {
                w.WriteStartObject();
                w.WriteString(DisplayNameName, ev.Location);
                w.WriteString(LocationTypeName, Default);
                w.WriteString(UniqueIdTypeName, Private);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (o.Includes(EventProperty.Recurrence))
        {
            // An occurrence has no recurrence of its own.
            if (occurrence || ev.Recurrence is null) w.WriteNull(RecurrenceName);
            else WriteRecurrence(w, ev.Recurrence, ev.Start.TimeZone);
        }
        if (o.Includes(EventProperty.Attendees))
        {
            w.WriteStartArray(AttendeesName);
            foreach (var a in ev.Attendees)
            {
                w.WriteStartObject();
                w.WriteString(TypeName_, a.Type);
                w.WriteStartObject(StatusName);
                w.WriteString(ResponseName, a.Response);
                if (a.ResponseTime is { } t) WriteInstant(w, TimeName, t.UtcDateTime);
                else w.WriteString(TimeName, NeverResponded);
                w.WriteEndObject();
                WriteEmail(w, a.EmailAddress);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (o.Includes(EventProperty.Organizer))
        {
            w.WriteStartObject(OrganizerName);
            WriteEmail(w, ev.Organizer);
            w.WriteEndObject();
        }
        if (o.Includes(EventProperty.OnlineMeeting)) WriteOnlineMeeting(w, ev.OnlineMeeting);
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

    private static void WriteOccurrenceId(Utf8JsonWriter w, JsonEncodedText name, string masterId, DateTime startUtc)
    {
        // Ids are ASCII in practice; any other id goes through the string (the writer's own handling of odd text).
        if (masterId.Length > 200 || !System.Text.Ascii.IsValid(masterId))
        {
            w.WriteString(name, Ids.OccurrenceId(masterId, startUtc));
            return;
        }
        Span<byte> id = stackalloc byte[masterId.Length + 20];
        w.WriteString(name, id[..Ids.WriteOccurrenceId(masterId, startUtc, id)]);
    }

    /// <summary>The stored times are UTC; as a DateTimeOffset would, any other kind counts as local time.</summary>
    private static DateTime AsUtc(DateTime stored) => stored.Kind == DateTimeKind.Utc ? stored : new DateTimeOffset(stored).UtcDateTime;

    /// <summary>An instant in UTC with seven fractional digits and 'Z' (createdDateTime, response times).</summary>
    private static void WriteInstant(Utf8JsonWriter w, JsonEncodedText name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[28];
        w.WriteString(name, text[..Utf8Dates.WriteRoundTrip(utc, text, zulu: true)]);
    }

    private static void WriteNullable(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

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
        w.WriteStartObject(BodyName);
        if (wanted is null || wanted == body.ContentType)
        {
            w.WriteString(ContentTypeName, body.ContentType);
            w.WriteString(ContentName, body.Utf8Content);
        }
        else
        {
            var content = Encoding.UTF8.GetString(body.Utf8Content);
            w.WriteString(ContentTypeName, wanted);
            w.WriteString(ContentName, wanted == "text" ? HtmlText.ToText(content) : HtmlText.ToHtml(content));
        }
        w.WriteEndObject();
    }

    /// <summary>{dateTime, timeZone} in the zone the client asked for (Prefer: outlook.timezone), UTC by default.</summary>
    private static void WriteTime(Utf8JsonWriter w, JsonEncodedText name, DateTime utc, EventRenderOptions o)
    {
        var wallClock = o.Zone == TimeZoneInfo.Utc ? utc : TimeZones.FromUtc(utc, o.Zone);
        Span<byte> text = stackalloc byte[27];
        w.WriteStartObject(name);
        w.WriteString(DateTimeName, text[..Utf8Dates.WriteRoundTrip(wallClock, text, zulu: false)]);
        w.WriteString(TimeZoneName, o.ZoneName);
        w.WriteEndObject();
    }

    private static void WriteEmail(Utf8JsonWriter w, Recipient r)
    {
        w.WriteStartObject(EmailAddressName);
        w.WriteString(NameName, r.Name ?? r.Address);
        w.WriteString(AddressName, r.Address);
        w.WriteEndObject();
    }

    private static readonly string[] DayNames = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

    private static void WriteRecurrence(Utf8JsonWriter w, RecurrenceRule r, string startZone)
    {
        w.WriteStartObject(RecurrenceName);
        w.WriteStartObject("pattern");
        w.WriteString(TypeName_, r.PatternType);
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
        w.WriteString(TypeName_, r.RangeType);
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
            w.WriteNull(OnlineMeetingName);
            return;
        }
        w.WriteStartObject(OnlineMeetingName);
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
            w.WriteString(IdName, p.Id);
            w.WriteString("value", p.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
