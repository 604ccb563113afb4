using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox;

/// <summary>
/// /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '..', /users/{id}/onlineMeetings/{id}, and POST /users/{id}/onlineMeetings.
/// audioConferencing shows the organizer's CURRENT conferencing settings, not those frozen into the event.
/// </summary>
internal sealed partial class OnlineMeetingsHandler(SandboxState state)
{
    [GeneratedRegex(@"^\s*JoinWebUrl\s+eq\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex JoinWebUrlFilter();

    public GraphResponse List(GraphRequest r, UserRecord user)
    {
        var filter = r.QueryValue("filter");
        var m = filter is null ? null : JoinWebUrlFilter().Match(filter);
        if (m is null || !m.Success)
            throw new GraphException(400, "BadRequest", "Filter on JoinWebUrl is required: $filter=JoinWebUrl eq '<join url>'.");
        var joinUrl = m.Groups[1].Value.Replace("''", "'");
        var found = state.FindMeetingLocked(joinUrl);
        // A join link with no meeting of this organizer behind it: Graph is reported to answer 404 "3004: Specified meeting is
        // not found" rather than an empty list (Microsoft Q&A 2084475; the API page shows only the filter). Until 2026-12-07
        // the sandbox answered an empty list, so the engine's handling of Graph's answer was never exercised (outside probe AD).
        if (found is null || found.OrganizerId != user.Id)
            throw new GraphException(404, "NotFound", "3004: Specified meeting is not found.");
        return GraphJson.Ok(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", r.BaseUrl + $"/$metadata#users('{user.Id}')/onlineMeetings");
            w.WriteStartArray("value");
            Write(w, found);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Creates a meeting from {startDateTime, endDateTime, subject} (all optional, as on Graph: start defaults to now,
    /// end to an hour after the start). 201 with the meeting; nobody is mailed.
    /// </summary>
    public GraphResponse Create(GraphRequest r, UserRecord user) => CreateCore(r, user, createOrGet: false);

    /// <summary>
    /// POST /users/{id}/onlineMeetings/createOrGet: the documented idempotent create. The same externalId returns the
    /// meeting created the first time (200) instead of a new one (201), so a retried POST never leaves an orphan.
    /// </summary>
    public GraphResponse CreateOrGet(GraphRequest r, UserRecord user) => CreateCore(r, user, createOrGet: true);

    private GraphResponse CreateCore(GraphRequest r, UserRecord user, bool createOrGet)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(r.Body.Length == 0 ? "{}"u8.ToArray() : r.Body); }
        catch (JsonException e) { throw GraphException.InvalidRequest("Invalid JSON in the request body: " + e.Message); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw GraphException.InvalidRequest("The request body must be a JSON object.");
            var start = Instant(root, "startDateTime") ?? DateTimeOffset.UtcNow;
            var end = Instant(root, "endDateTime") ?? start.AddHours(1);
            string? subject = null;
            if (root.TryGetProperty("subject", out var s) && s.ValueKind != JsonValueKind.Null)
                subject = s.ValueKind == JsonValueKind.String ? s.GetString() : throw GraphException.InvalidRequest("Property 'subject' must be a string.");
            if (!createOrGet)
            {
                var meeting = state.CreateOnlineMeetingLocked(user, subject, start, end);
                return GraphJson.Ok(201, w => Write(w, meeting));
            }
            if (!root.TryGetProperty("externalId", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
                throw GraphException.InvalidRequest("Property 'externalId' is required for createOrGet.");
            var (found, created) = state.CreateOrGetOnlineMeetingLocked(user, id.GetString()!, subject, start, end);
            return GraphJson.Ok(created ? 201 : 200, w => Write(w, found));
        }
    }

    private static DateTimeOffset? Instant(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return value;
        throw GraphException.InvalidRequest($"Cannot convert the literal '{v}' of property '{name}' to the expected type 'Edm.DateTimeOffset'.");
    }

    public GraphResponse Get(UserRecord user, string id)
    {
        var meeting = state.MeetingsOfLocked(user.Id).FirstOrDefault(x => x.Id == id)
            ?? throw new GraphException(404, "NotFound", "The requested online meeting was not found.");
        return GraphJson.Ok(200, w => Write(w, meeting));
    }

    private void Write(Utf8JsonWriter w, OnlineMeetingRecord m)
    {
        var organizer = state.FindUserLocked(m.OrganizerId.ToString());
        var conf = organizer?.Conferencing;
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteString("creationDateTime", TimeZones.FormatOffset(m.CreationDateTime));
        w.WriteString("startDateTime", TimeZones.FormatOffset(m.StartDateTime));
        w.WriteString("endDateTime", TimeZones.FormatOffset(m.EndDateTime));
        w.WriteString("joinWebUrl", m.JoinWebUrl);
        if (m.Subject is null) w.WriteNull("subject"); else w.WriteString("subject", m.Subject);
        if (conf is null) w.WriteNull("audioConferencing");
        else
        {
            w.WriteStartObject("audioConferencing");
            WriteNullable(w, "conferenceId", conf.ConferenceId);
            WriteNullable(w, "tollNumber", conf.TollNumber);
            WriteNullable(w, "tollFreeNumber", conf.TollFreeNumbers.FirstOrDefault());
            w.WriteStartArray("tollNumbers");
            if (conf.TollNumber is not null) w.WriteStringValue(conf.TollNumber);
            w.WriteEndArray();
            w.WriteStartArray("tollFreeNumbers");
            foreach (var n in conf.TollFreeNumbers) w.WriteStringValue(n);
            w.WriteEndArray();
            WriteNullable(w, "dialinUrl", conf.DialInUrl);
            w.WriteEndObject();
        }
        if (m.JoinMeetingId is null) w.WriteNull("joinMeetingIdSettings");
        else
        {
            w.WriteStartObject("joinMeetingIdSettings");
            w.WriteBoolean("isPasscodeRequired", m.Passcode is not null);
            w.WriteString("joinMeetingId", m.JoinMeetingId);
            WriteNullable(w, "passcode", m.Passcode);
            w.WriteEndObject();
        }
        w.WriteStartObject("participants");
        w.WriteStartObject("organizer");
        w.WriteString("role", "presenter");
        WriteNullable(w, "upn", organizer?.UserPrincipalName);
        w.WriteStartObject("identity");
        w.WriteStartObject("user");
        w.WriteString("id", m.OrganizerId);
        w.WriteString("tenantId", state.TenantId);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("attendees");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }
}
