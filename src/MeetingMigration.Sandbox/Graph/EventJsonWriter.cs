using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    // Indexed by EventType.
    private static readonly JsonEncodedText[] TypeValues =
        { Name("singleInstance"), Name("occurrence"), Name("exception"), Name("seriesMaster") };

    private static readonly (string Value, JsonEncodedText Json)[] Providers =
        new[] { "unknown", "teamsForBusiness", "skypeForBusiness", "skypeForConsumer" }.Select(p => (p, Name(p))).ToArray();

    private static readonly JsonEncodedText Organizer = Name("organizer"),
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

        // "W/\"<changeKey>\"", escaped by hand: the change key is base64, which JSON strings carry as it is.
        Span<byte> etag = stackalloc byte[Ids.ChangeKeyLength + 8];
        "\"W/\\\""u8.CopyTo(etag);
        Ids.WriteChangeKey(ev.ChangeNumber, etag[5..]);
        "\\\"\""u8.CopyTo(etag[^3..]);

        w.WriteStartObject();
        WriteRaw(w, ETagName, etag);
        if (occurrence) WriteOccurrenceId(w, IdName, ev.Id, entry.StartUtc);
        else WriteId(w, IdName, ev.Id);
        if (o.Includes(EventProperty.CreatedDateTime)) WriteInstant(w, CreatedName, AsUtc(ev.Created));
        if (o.Includes(EventProperty.LastModifiedDateTime)) WriteInstant(w, LastModifiedName, AsUtc(ev.LastModified));
        if (o.Includes(EventProperty.ChangeKey))
        {
            // The etag is written: its escaped quotes around the change key become the plain ones.
            etag[^3] = (byte)'"';
            WriteRaw(w, ChangeKeyName, etag[4..^2]);
        }
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
        if (o.Includes(EventProperty.SeriesMasterId))
        {
            if ((occurrence ? ev.Id : ev.Master?.Id) is { } masterId) WriteId(w, SeriesMasterIdName, masterId);
            else w.WriteNull(SeriesMasterIdName);
        }
        if (o.Includes(EventProperty.ShowAs)) w.WriteString(ShowAsName, ev.ShowAs);
        if (o.Includes(EventProperty.Type)) w.WriteString(TypeName_, TypeValues[(int)(occurrence ? EventType.Occurrence : ev.Type)]);
        if (o.Includes(EventProperty.WebLink))
            w.WriteString(WebLinkName, "https://outlook.office365.com/owa/?itemid=" + Uri.EscapeDataString(entry.Id) + "&exvsurl=1&path=/calendar/item");
        if (o.Includes(EventProperty.OnlineMeetingUrl)) WriteNullable(w, OnlineMeetingUrlName, ev.OnlineMeetingUrl);
        if (o.Includes(EventProperty.IsOnlineMeeting)) w.WriteBoolean(IsOnlineMeetingName, ev.IsOnlineMeeting);
        if (o.Includes(EventProperty.OnlineMeetingProvider)) WriteKnown(w, OnlineMeetingProviderName, ev.OnlineMeetingProvider, Providers);
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
            Span<byte> text = stackalloc byte[22];
            WriteRaw(w, OriginalStartName, Quoted(text, Utf8Dates.WriteSecondsZulu(original, text[1..])));
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

    // What ids are made of (base64url): JSON carries these characters unescaped, so such ids can be written raw.
    private static readonly SearchValues<char> IdChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private const int LongestRawId = 256;

    private static bool IsRawId(string id) => id.Length <= LongestRawId && !id.AsSpan().ContainsAnyExcept(IdChars);

    private static void WriteId(Utf8JsonWriter w, JsonEncodedText name, string id)
    {
        if (!IsRawId(id))
        {
            w.WriteString(name, id);
            return;
        }
        Span<byte> quoted = stackalloc byte[LongestRawId + 2];
        Encoding.ASCII.GetBytes(id, quoted[1..]);
        WriteRaw(w, name, Quoted(quoted, id.Length));
    }

    private static void WriteOccurrenceId(Utf8JsonWriter w, JsonEncodedText name, string masterId, DateTime startUtc)
    {
        // Any other id goes through the string (the writer's own escaping).
        if (!IsRawId(masterId))
        {
            w.WriteString(name, Ids.OccurrenceId(masterId, startUtc));
            return;
        }
        Span<byte> quoted = stackalloc byte[LongestRawId + 22];
        WriteRaw(w, name, Quoted(quoted, Ids.WriteOccurrenceId(masterId, startUtc, quoted[1..])));
    }

    /// <summary>Puts quotes around the <paramref name="length"/> bytes written at <c>buffer[1..]</c>.</summary>
    private static ReadOnlySpan<byte> Quoted(Span<byte> buffer, int length)
    {
        buffer[0] = (byte)'"';
        buffer[length + 1] = (byte)'"';
        return buffer[..(length + 2)];
    }

    /// <summary>
    /// A string value that needs no escaping (ASCII letters, digits and punctuation JSON leaves alone), already quoted:
    /// written as it is, without the writer's validation and escaping scan, which cost more than the value itself.
    /// </summary>
    private static void WriteRaw(Utf8JsonWriter w, JsonEncodedText name, ReadOnlySpan<byte> quotedValue)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(quotedValue, skipInputValidation: true);
    }

    /// <summary>One of a few known values (pre-encoded), or any other string as it is.</summary>
    private static void WriteKnown(Utf8JsonWriter w, JsonEncodedText name, string value, (string Value, JsonEncodedText Json)[] known)
    {
        foreach (var (text, json) in known)
            if (text == value)
            {
                w.WriteString(name, json);
                return;
            }
        w.WriteString(name, value);
    }

    /// <summary>The stored times are UTC; as a DateTimeOffset would, any other kind counts as local time.</summary>
    private static DateTime AsUtc(DateTime stored) => stored.Kind == DateTimeKind.Utc ? stored : new DateTimeOffset(stored).UtcDateTime;

    /// <summary>An instant in UTC with seven fractional digits and 'Z' (createdDateTime, response times).</summary>
    private static void WriteInstant(Utf8JsonWriter w, JsonEncodedText name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[30];
        WriteRaw(w, name, Quoted(text, Utf8Dates.WriteRoundTrip(utc, text[1..], zulu: true)));
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

    /// <summary>
    /// Without a conversion the stored UTF-8 bytes go out as they came in; a text body asked for as HTML is Exchange's
    /// rendering of it (made once per body), an HTML body asked for as text the crude conversion.
    /// </summary>
    private static void WriteBody(Utf8JsonWriter w, EventBody body, string? wanted)
    {
        w.WriteStartObject(BodyName);
        if (wanted is null || wanted == body.ContentType)
        {
            w.WriteString(ContentTypeName, body.ContentType);
            w.WriteString(ContentName, body.Utf8Content);
        }
        else if (wanted == "html")
        {
            w.WriteString(ContentTypeName, wanted);
            w.WriteString(ContentName, body.Utf8AsHtml);
        }
        else
        {
            w.WriteString(ContentTypeName, wanted);
            w.WriteString(ContentName, HtmlText.ToText(Encoding.UTF8.GetString(body.Utf8Content)));
        }
        w.WriteEndObject();
    }

    /// <summary>{dateTime, timeZone} in the zone the client asked for (Prefer: outlook.timezone), UTC by default.</summary>
    private static void WriteTime(Utf8JsonWriter w, JsonEncodedText name, DateTime utc, EventRenderOptions o)
    {
        var wallClock = o.Zone == TimeZoneInfo.Utc ? utc : TimeZones.FromUtc(utc, o.Zone);
        Span<byte> text = stackalloc byte[29];
        w.WriteStartObject(name);
        WriteRaw(w, DateTimeName, Quoted(text, Utf8Dates.WriteRoundTrip(wallClock, text[1..], zulu: false)));
        w.WriteString(TimeZoneName, o.ZoneNameJson);
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

    /// <summary>
    /// Extended properties appear only when $expand asks for them, and only those that exist on the item; the body's native
    /// format (<see cref="NativeBodyProperty"/>) exists on every item, computed from its body. Written as found, without a
    /// list per item: a calendar page expands it on each of its hundreds of events.
    /// </summary>
    private static void WriteExtendedProperties(Utf8JsonWriter w, EventRecord ev, EventRenderOptions o)
    {
        if (o.ExpandExtendedKeys is null && !o.ExpandAllExtended) return;
        bool open = false;
        void Write(ExtendedProperty p)
        {
            if (!open) { w.WriteStartArray("singleValueExtendedProperties"); open = true; }
            w.WriteStartObject();
            w.WriteString(IdName, p.Id);
            w.WriteString("value", p.Value);
            w.WriteEndObject();
        }
        if (o.ExpandAllExtended)
        {
            foreach (var p in ev.ExtendedProperties ?? Array.Empty<ExtendedProperty>()) Write(p);
        }
        else
        {
            foreach (var key in o.ExpandExtendedKeys!)
            {
                if (key == NativeBodyProperty.Key) Write(NativeBodyProperty.Of(ev.Body));
                else if (ExtendedPropertySet.Find(ev.ExtendedProperties, key) is { } p) Write(p);
            }
        }
        if (open) w.WriteEndArray();
    }
}
