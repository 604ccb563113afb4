using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox;

/// <summary>Parses OData query options and Prefer headers the way Graph validates them (bad values answer 400).</summary>
internal static partial class QueryOptions
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 1000;

    public static readonly HashSet<string> EventProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "transactionId", "originalStartTimeZone",
        "originalEndTimeZone", "iCalUId", "uid", "reminderMinutesBeforeStart", "isReminderOn", "hasAttachments", "subject", "bodyPreview",
        "importance", "sensitivity", "isAllDay", "isCancelled", "isOrganizer", "responseRequested", "seriesMasterId", "showAs", "type",
        "webLink", "onlineMeetingUrl", "isOnlineMeeting", "onlineMeetingProvider", "allowNewTimeProposals", "isDraft", "hideAttendees",
        "responseStatus", "body", "start", "end", "originalStart", "location", "locations", "recurrence", "attendees", "organizer",
        "onlineMeeting", "occurrenceId",
    };

    public static HashSet<string>? Select(GraphRequest r, HashSet<string> known, string typeName)
    {
        var raw = r.QueryValue("select");
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!known.Contains(name))
                throw new GraphException(400, "ErrorInvalidProperty", $"Could not find a property named '{name}' on type '{typeName}'.");
            set.Add(known.First(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)));
        }
        return set;
    }

    public static int Top(GraphRequest r, int fallback = DefaultPageSize)
    {
        var raw = r.QueryValue("top");
        if (raw is null) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top < 1)
            throw GraphException.InvalidRequest($"Invalid value '{raw}' for query option $top.");
        return Math.Min(top, MaxPageSize);
    }

    public static int Skip(GraphRequest r)
    {
        var raw = r.QueryValue("skip");
        if (raw is null) return 0;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            throw GraphException.InvalidRequest($"Invalid value '{raw}' for query option $skip.");
        return skip;
    }

    [GeneratedRegex(@"id\s+eq\s+'((?:[^']|'')*)'", RegexOptions.IgnoreCase)]
    private static partial Regex IdEquals();

    /// <summary>$expand=singleValueExtendedProperties($filter=id eq '..' [or id eq '..']).</summary>
    public static void Expand(GraphRequest r, EventRenderOptions o)
    {
        var raw = r.QueryValue("expand");
        if (string.IsNullOrWhiteSpace(raw)) return;
        var trimmed = raw.Trim();
        if (!trimmed.StartsWith("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase))
            throw GraphException.InvalidRequest($"Parsing OData Select and Expand failed: the sandbox cannot expand '{trimmed}'.");
        var rest = trimmed["singleValueExtendedProperties".Length..].Trim();
        if (rest.Length == 0) { o.ExpandAllExtended = true; return; }
        var ids = IdEquals().Matches(rest).Select(m => ExtendedPropertySet.Key(m.Groups[1].Value.Replace("''", "'"))).ToList();
        if (ids.Count == 0 || !rest.StartsWith('(') || !rest.EndsWith(')'))
            throw GraphException.InvalidRequest("Expected singleValueExtendedProperties($filter=id eq '<property id>').");
        o.ExpandExtendedKeys = ids;
    }

    /// <summary>Applies Prefer: outlook.timezone, outlook.body-content-type and IdType; returns what to echo in Preference-Applied.</summary>
    public static List<string> ApplyPrefer(GraphRequest r, EventRenderOptions o)
    {
        var applied = new List<string>();
        foreach (var (name, value) in PreferValues(r))
        {
            if (name.Equals("outlook.timezone", StringComparison.OrdinalIgnoreCase))
            {
                var zone = TimeZones.Find(value);
                if (zone is null) throw new GraphException(400, "TimeZoneNotSupportedException", $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{value}'.");
                o.Zone = zone;
                o.ZoneName = value;
                applied.Add($"outlook.timezone=\"{value}\"");
            }
            else if (name.Equals("outlook.body-content-type", StringComparison.OrdinalIgnoreCase))
            {
                var type = value.ToLowerInvariant();
                if (type is "text" or "html")
                {
                    o.BodyType = type;
                    applied.Add($"outlook.body-content-type=\"{type}\"");
                }
            }
            else if (name.Equals("IdType", StringComparison.OrdinalIgnoreCase) && value.Equals("ImmutableId", StringComparison.OrdinalIgnoreCase))
                applied.Add("IdType=\"ImmutableId\""); // Sandbox ids never change, so every id is already immutable.
        }
        return applied;
    }

    private static IEnumerable<(string Name, string Value)> PreferValues(GraphRequest r)
    {
        var header = r.Header("Prefer");
        if (string.IsNullOrEmpty(header)) yield break;
        foreach (var item in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq < 0) { yield return (item, ""); continue; }
            yield return (item[..eq].Trim(), item[(eq + 1)..].Trim().Trim('"'));
        }
    }
}
