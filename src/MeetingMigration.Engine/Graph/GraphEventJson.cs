using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Migration;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// The one mapping from Graph's event JSON to <see cref="CalendarEvent"/>. The hot path (calendar pages, event reads)
    /// reads the response itself instead of through the SDK's models: building Kiota's backing-store objects for a page of
    /// 25 events with real bodies cost about 70 times the CPU and 30 times the allocations of reading the few fields the
    /// engine uses (issue 9). Tests run the same JSON through the SDK's own models to keep the two readings identical.
    /// </summary>
    public static class GraphEventJson
    {
        /// <summary>A page of a collection (calendarView, events): its events and the link to the next page.</summary>
        public static async Task<CalendarPage> ReadPageAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            // A page without a value array, or with an event that has no id, is not something to act on half-read.
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
                throw new FormatException("a collection page without a 'value' array");
            var events = new List<CalendarEvent>();
            foreach (var item in value.EnumerateArray()) events.Add(Checked(Read(item)));
            return new CalendarPage(events, String(root, "@odata.nextLink"));
        }

        /// <summary>A calendar page read with the summary fields only: its events are marked, and judged only once read in full.</summary>
        public static async Task<CalendarPage> ReadSummaryPageAsync(Stream stream, CancellationToken cancellationToken)
        {
            var page = await ReadPageAsync(stream, cancellationToken).ConfigureAwait(false);
            Compact(page.Events);
            return page;
        }

        /// <summary>
        /// Marks a page's events as summaries and drops what a summary is never asked for. A page is held while its meetings
        /// are dispatched, 64 mailboxes' pages at once in the service, and most of its events are occurrences of a few series:
        /// each occurrence's own id (Exchange's ids are 152 characters, an occurrence's longer) and its copies of the series'
        /// id and subject made most of the engine's live heap. So an occurrence is known by its series (it is only ever read
        /// and changed through its master), one string stands for each repeated series id, subject and URL of the page, and
        /// the etag (sent only with a write, from the event read in full) is not kept. Measured with Exchange-length ids,
        /// 100,000 meetings at the service's defaults: see docs/performance.md.
        /// </summary>
        internal static void Compact(IReadOnlyList<CalendarEvent> events)
        {
            var shared = new Dictionary<string, string>(StringComparer.Ordinal);
            string? Shared(string? value)
            {
                if (value == null) return null;
                if (shared.TryGetValue(value, out var one)) return one;
                shared.Add(value, value);
                return value;
            }
            foreach (var item in events)
            {
                item.IsSummary = true;
                item.ETag = null;
                item.SeriesMasterId = Shared(item.SeriesMasterId);
                item.Subject = Shared(item.Subject)!;
                item.OnlineMeetingUrl = Shared(item.OnlineMeetingUrl);
                if (item.Type == "occurrence" && item.SeriesMasterId != null) item.Id = item.SeriesMasterId;
            }
        }

        public static async Task<CalendarEvent> ReadEventAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            var item = Checked(Read(document.RootElement));
            if (document.RootElement.TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Object)
                throw new FormatException($"event {item.Id}: 'body' is not an object");
            return item;
        }

        private static CalendarEvent Checked(CalendarEvent item) =>
            string.IsNullOrEmpty(item.Id) ? throw new FormatException("an event without a string 'id'") : item;

        public static CalendarEvent Read(string json)
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }

        /// <summary>
        /// One pass over the event's properties (a calendar page holds hundreds of events; looking each field up by name
        /// walked the property list a dozen times per event). Unknown properties are skipped; a property of the wrong JSON
        /// type reads as absent.
        /// </summary>
        public static CalendarEvent Read(JsonElement e)
        {
            var item = new CalendarEvent { OnlineMeetingProvider = "unknown" };
            if (e.ValueKind != JsonValueKind.Object) return item;
            JsonElement? attendees = null;
            string? organizer = null, changeKey = null, etag = null;
            foreach (var p in e.EnumerateObject())
            {
                var v = p.Value;
                // NameEquals compares the UTF-8 name in place; p.Name would allocate a string per property.
                if (p.NameEquals("id")) item.Id = Text(v) ?? "";
                else if (p.NameEquals("start")) item.StartUtc = Utc(v);
                else if (p.NameEquals("end")) item.EndUtc = Utc(v);
                else if (p.NameEquals("type")) item.Type = EventType(v);
                else if (p.NameEquals("subject")) item.Subject = Text(v) ?? "";
                else if (p.NameEquals("seriesMasterId")) item.SeriesMasterId = Text(v);
                else if (p.NameEquals("isOrganizer")) item.IsOrganizer = v.ValueKind == JsonValueKind.True;
                else if (p.NameEquals("isCancelled")) item.IsCancelled = v.ValueKind == JsonValueKind.True;
                else if (p.NameEquals("isOnlineMeeting")) item.IsOnlineMeeting = v.ValueKind == JsonValueKind.True;
                else if (p.NameEquals("onlineMeetingProvider")) item.OnlineMeetingProvider = Provider(v);
                else if (p.NameEquals("onlineMeetingUrl")) item.OnlineMeetingUrl = Text(v);
                else if (p.NameEquals("onlineMeeting")) item.JoinUrl = v.ValueKind == JsonValueKind.Object ? String(v, "joinUrl") : null;
                else if (p.NameEquals("@odata.etag")) etag = Text(v);
                else if (p.NameEquals("changeKey")) changeKey = Text(v);
                else if (p.NameEquals("body") && v.ValueKind == JsonValueKind.Object)
                {
                    item.BodyIsHtml = !string.Equals(String(v, "contentType"), "text", StringComparison.OrdinalIgnoreCase);
                    ReadBody(v, item);
                }
                else if (p.NameEquals("attendees")) attendees = v;
                else if (p.NameEquals("organizer")) organizer = v.ValueKind == JsonValueKind.Object ? Address(v) : null;
                else if (p.NameEquals("singleValueExtendedProperties")) ReadExtendedProperties(v, item);
            }
            item.ETag = etag ?? (changeKey != null ? $"W/\"{changeKey}\"" : null);
            item.ParticipantCount = Participants(attendees, organizer);
            return item;
        }

        /// <summary>
        /// A string as Graph sent it. One holding an unpaired UTF-16 surrogate (an escape such as \ud83d with no partner, which
        /// a client can leave in a subject) cannot become a .NET string through System.Text.Json: it is shown with its
        /// escapes as they are, for messages only. Such text is never written back (see <see cref="ReadBody"/>).
        /// </summary>
        private static string? Text(JsonElement v)
        {
            if (v.ValueKind != JsonValueKind.String) return null;
            try
            {
                return v.GetString();
            }
            catch (InvalidOperationException)
            {
                var raw = v.GetRawText();
                return raw.Substring(1, raw.Length - 2);
            }
        }

        /// <summary>
        /// The body's content. With an unpaired surrogate in it, System.Text.Json can neither read it as it is nor write it
        /// back (its writer puts U+FFFD in its place): the text outside the block would change, MMS's known Unicode bug. So
        /// the meeting is marked and refused instead.
        /// </summary>
        private static void ReadBody(JsonElement body, CalendarEvent item)
        {
            if (!body.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                item.Body = "";
                return;
            }
            try
            {
                item.Body = content.GetString() ?? "";
            }
            catch (InvalidOperationException)
            {
                item.Body = "";
                item.BodyUnreadable = "its text holds an unpaired UTF-16 surrogate, which Graph's JSON cannot carry back unchanged";
            }
        }

        /// <summary>Compared in place (no string per event); anything else is a single instance, as the SDK's enum reads it.</summary>
        private static string EventType(JsonElement v) =>
            v.ValueKind != JsonValueKind.String ? "singleInstance"
            : v.ValueEquals("occurrence") ? "occurrence"
            : v.ValueEquals("seriesMaster") ? "seriesMaster"
            : v.ValueEquals("exception") ? "exception"
            : "singleInstance";

        private static string Provider(JsonElement v) =>
            v.ValueKind != JsonValueKind.String ? "unknown"
            : v.ValueEquals("teamsForBusiness") ? "teamsForBusiness"
            : v.ValueEquals("skypeForBusiness") ? "skypeForBusiness"
            : v.ValueEquals("skypeForConsumer") ? "skypeForConsumer"
            : "unknown";

        /// <summary>
        /// Attendees plus the organizer, each person once: Exchange sometimes lists the organizer among the attendees, and
        /// MMS's rule counts "more than 250 attendees, including the organizer".
        /// </summary>
        private static int Participants(JsonElement? list, string? organizer)
        {
            if (list is not JsonElement attendees || attendees.ValueKind != JsonValueKind.Array || attendees.GetArrayLength() == 0)
                return 1; // a calendar page's summary, or a meeting with nobody invited
            var people = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var attendee in attendees.EnumerateArray())
            {
                var address = Address(attendee);
                if (address != null && !string.Equals(address, organizer, StringComparison.OrdinalIgnoreCase)) people.Add(address);
            }
            return people.Count + 1;
        }

        /// <summary>The two extended properties the engine expands: its marker and the body's native format.</summary>
        private static void ReadExtendedProperties(JsonElement properties, CalendarEvent item)
        {
            if (properties.ValueKind != JsonValueKind.Array) return;
            foreach (var property in properties.EnumerateArray())
            {
                var id = String(property, "id");
                if (string.Equals(id, MarkerProperty.Id, StringComparison.OrdinalIgnoreCase)) item.Marker = String(property, "value");
                else if (string.Equals(id, NativeBodyProperty.Id, StringComparison.OrdinalIgnoreCase)) item.StoredBodyFormat = NativeBodyProperty.Parse(String(property, "value"));
            }
        }

        private static string? Address(JsonElement? holder) =>
            holder is JsonElement h && Object(h, "emailAddress") is JsonElement email ? String(email, "address") : null;

        /// <summary>
        /// Without an outlook.timezone preference Graph answers in UTC ("2026-12-03T10:00:00.0000000", no offset); the zone it
        /// names is ignored like the SDK mapping did. An offset, when one is given, is honoured. JsonElement's own ISO 8601
        /// reader: a calendar page holds hundreds of these, and DateTime.TryParse cost a microsecond or more each.
        /// </summary>
        private static DateTime? Utc(JsonElement v)
        {
            if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("dateTime", out var text) || text.ValueKind != JsonValueKind.String)
                return null;
            if (text.TryGetDateTime(out var parsed))
            {
                // No offset: Unspecified, and UTC is what Graph means. An offset: Local, converted; read it exactly instead.
                if (parsed.Kind == DateTimeKind.Unspecified) return DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
                if (parsed.Kind == DateTimeKind.Utc) return parsed;
                if (text.TryGetDateTimeOffset(out var withOffset)) return withOffset.UtcDateTime;
            }
            return DateTime.TryParse(text.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var loose)
                ? DateTime.SpecifyKind(loose, DateTimeKind.Utc)
                : (DateTime?)null;
        }

        private static JsonElement? Object(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : (JsonElement?)null;

        private static string? String(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) ? Text(value) : null;
    }
}
