using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MeetingMigration.Sandbox;

/// <summary>The event properties the writer decides on one by one ($select), in the order Graph's JSON lists them.</summary>
internal enum EventProperty
{
    CreatedDateTime, LastModifiedDateTime, ChangeKey, Categories, TransactionId, OriginalStartTimeZone, OriginalEndTimeZone,
    ICalUId, ReminderMinutesBeforeStart, IsReminderOn, HasAttachments, Subject, BodyPreview, Importance, Sensitivity, IsAllDay,
    IsCancelled, IsOrganizer, ResponseRequested, SeriesMasterId, ShowAs, Type, WebLink, OnlineMeetingUrl, IsOnlineMeeting,
    OnlineMeetingProvider, AllowNewTimeProposals, IsDraft, HideAttendees, ResponseStatus, Body, Start, End, OriginalStart,
    Location, Locations, Recurrence, Attendees, Organizer, OnlineMeeting,
}

/// <summary>How an event is rendered for one request: $select, $expand of extended properties, and the Prefer headers.</summary>
internal sealed class EventRenderOptions
{
    private static readonly Dictionary<string, EventProperty> ByName = BuildNames();

    private HashSet<string>? _select;
    // $select as bits, computed once per request: a page of 1000 summaries asked the set about 40 names per item.
    private ulong _included = ulong.MaxValue;

    /// <summary>$select's property names (as <see cref="QueryOptions.EventProperties"/> spells them); null for all.</summary>
    public HashSet<string>? Select
    {
        get => _select;
        set
        {
            _select = value;
            _included = value is null ? ulong.MaxValue : 0;
            if (value is null) return;
            foreach (var name in value)
                if (ByName.TryGetValue(name, out var p)) _included |= 1UL << (int)p;
        }
    }

    /// <summary>"text" or "html" when the client asked for a body type (Prefer: outlook.body-content-type); null keeps the stored one.</summary>
    public string? BodyType;
    public TimeZoneInfo Zone = TimeZoneInfo.Utc;
    private string _zoneName = "UTC";
    private JsonEncodedText? _zoneNameJson;

    /// <summary>The zone's name as the client gave it (Prefer: outlook.timezone), written into every start and end.</summary>
    public string ZoneName
    {
        get => _zoneName;
        set
        {
            _zoneName = value;
            _zoneNameJson = null;
        }
    }

    /// <summary><see cref="ZoneName"/> encoded once per request rather than twice per item.</summary>
    public JsonEncodedText ZoneNameJson => _zoneNameJson ??= JsonEncodedText.Encode(_zoneName, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    /// <summary>Normalized ids requested by $expand=singleValueExtendedProperties($filter=id eq '..'); null when not expanded.</summary>
    public List<string>? ExpandExtendedKeys;
    public bool ExpandAllExtended;

    public bool Includes(EventProperty property) => (_included & (1UL << (int)property)) != 0;

    private static Dictionary<string, EventProperty> BuildNames()
    {
        var names = new Dictionary<string, EventProperty>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in Enum.GetValues<EventProperty>())
        {
            var name = p.ToString();
            names[char.ToLowerInvariant(name[0]) + name[1..]] = p;
        }
        return names;
    }
}
