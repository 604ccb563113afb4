using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace MeetingMigration.Sandbox;

/// <summary>Graph collection pages: value[], and an absolute @odata.nextLink (same query, next $skip) while more remain.</summary>
internal static class Paging
{
    public static GraphResponse Page<T>(GraphRequest r, IReadOnlyList<T> items, string context, Action<Utf8JsonWriter, T> writeItem)
    {
        var top = QueryOptions.Top(r);
        var skip = QueryOptions.Skip(r);
        return GraphJson.Ok(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", r.BaseUrl + "/$metadata#" + context);
            if (skip + top < items.Count) w.WriteString("@odata.nextLink", LinkWith(r, "$skip", (skip + top).ToString(CultureInfo.InvariantCulture)));
            w.WriteStartArray("value");
            for (var i = skip; i < Math.Min(items.Count, skip + top); i++) writeItem(w, items[i]);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// A page of events, written after the state lock is released: the page's entries are snapshot now (one copy per
    /// stored item, however many of its occurrences the page holds), the JSON later by <see cref="GraphJson.Deferred"/>.
    /// </summary>
    public static GraphResponse EventPage(GraphRequest r, IReadOnlyList<ViewEntry> items, string context, EventRenderOptions o)
    {
        var top = QueryOptions.Top(r);
        var skip = QueryOptions.Skip(r);
        var contextUrl = r.BaseUrl + "/$metadata#" + context;
        var nextLink = skip + top < items.Count ? LinkWith(r, "$skip", (skip + top).ToString(CultureInfo.InvariantCulture)) : null;
        var page = ViewEntry.Snapshot(items, skip, Math.Max(0, Math.Min(items.Count, skip + top) - skip));
        return GraphJson.Deferred(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", contextUrl);
            if (nextLink is not null) w.WriteString("@odata.nextLink", nextLink);
            w.WriteStartArray("value");
            foreach (var entry in page) EventJsonWriter.Write(w, entry, o);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The request's own URL with one query option replaced (or added); other options keep their original encoding.</summary>
    public static string LinkWith(GraphRequest r, string option, string value, params string[] drop)
    {
        var removed = new HashSet<string>(drop.Append(option).Select(Normalize), StringComparer.OrdinalIgnoreCase);
        var parts = r.RawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !removed.Contains(Normalize(Uri.UnescapeDataString(p.Split('=')[0]))))
            .Append(option + "=" + Uri.EscapeDataString(value));
        return r.BaseUrl + r.RawPath + "?" + string.Join("&", parts);
    }

    private static string Normalize(string name) => name.TrimStart('$').ToLowerInvariant();
}
