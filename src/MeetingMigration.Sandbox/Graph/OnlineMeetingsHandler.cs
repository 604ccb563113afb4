using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox;

/// <summary>
/// /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '..' and /users/{id}/onlineMeetings/{id}.
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
        var items = found is not null && found.OrganizerId == user.Id ? new List<OnlineMeetingRecord> { found } : new List<OnlineMeetingRecord>();
        return GraphJson.Ok(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", r.BaseUrl + $"/$metadata#users('{user.Id}')/onlineMeetings");
            w.WriteStartArray("value");
            foreach (var meeting in items) Write(w, meeting);
            w.WriteEndArray();
            w.WriteEndObject();
        });
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
