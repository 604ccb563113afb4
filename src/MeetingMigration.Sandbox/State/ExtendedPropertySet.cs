using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>
/// An item's single-value extended properties as a small copy-on-write array (items carry one or two, so a linear scan
/// beats a dictionary per item). Ids compare by <see cref="Key"/>.
/// </summary>
internal static class ExtendedPropertySet
{
    /// <summary>
    /// "String {GUID} Name X": the type and GUID compare case-insensitively, the name case-sensitively (as Exchange does).
    /// </summary>
    public static string Key(string id)
    {
        var parts = id.Trim().Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 4) return $"{parts[0].ToLowerInvariant()} {parts[1].ToLowerInvariant()} {parts[2].ToLowerInvariant()} {parts[3]}";
        return id.Trim().ToLowerInvariant();
    }

    public static ExtendedProperty? Find(ExtendedProperty[]? set, string key)
    {
        if (set is null) return null;
        foreach (var p in set)
            if (p.Key == key) return p;
        return null;
    }

    /// <summary>A new array with each given property added or replacing the one with the same key.</summary>
    public static ExtendedProperty[] With(ExtendedProperty[]? set, IEnumerable<ExtendedProperty> changes)
    {
        var result = new List<ExtendedProperty>(set ?? Array.Empty<ExtendedProperty>());
        foreach (var change in changes)
        {
            var at = result.FindIndex(p => p.Key == change.Key);
            if (at >= 0) result[at] = change;
            else result.Add(change);
        }
        return result.ToArray();
    }
}
