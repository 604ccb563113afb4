using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>
/// One event as a read shows it, without building it: a stored item, or the occurrence of the series master
/// <see cref="Source"/> starting at <see cref="StartUtc"/>. The JSON writer reads an occurrence's values straight from its
/// master; building a copy per occurrence (and formatting its id, iCalUId and times as strings) cost several µs per item
/// of a calendar page (issue 9).
/// </summary>
internal readonly record struct ViewEntry(EventRecord Source, DateTime StartUtc, bool IsOccurrence)
{
    public static ViewEntry Of(EventRecord stored) => new(stored, stored.Start.Utc, IsOccurrence: false);

    public string Id => IsOccurrence ? Ids.OccurrenceId(Source.Id, StartUtc) : Source.Id;

    /// <summary>The event as a record (an occurrence copies its master); call under the state lock.</summary>
    public EventRecord Build() => IsOccurrence ? SandboxState.Occurrence(Source, StartUtc) : Source;

    /// <summary>
    /// The same entry over a copy of its source, taken under the state lock, that the JSON can be written from after the
    /// lock is released (see <see cref="EventRecord.ShallowClone"/> for why a shallow copy cannot change underneath).
    /// </summary>
    public ViewEntry Snapshot() => this with { Source = Source.ShallowClone() };

    /// <summary>Snapshots of <paramref name="count"/> entries from <paramref name="from"/>: one copy per source, shared by its occurrences.</summary>
    public static ViewEntry[] Snapshot(IReadOnlyList<ViewEntry> entries, int from, int count)
    {
        var result = new ViewEntry[count];
        var copies = new Dictionary<EventRecord, EventRecord>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < count; i++)
        {
            var entry = entries[from + i];
            if (!copies.TryGetValue(entry.Source, out var copy)) copies[entry.Source] = copy = entry.Source.ShallowClone();
            result[i] = entry with { Source = copy };
        }
        return result;
    }
}
