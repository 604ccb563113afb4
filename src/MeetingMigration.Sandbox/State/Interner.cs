using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Shares equal values across a tenant's items: the same attendees, organizers, zones, locations and dial-in numbers recur
/// in thousands of meetings, and one string or <see cref="Recipient"/> per distinct value keeps 100,000 meetings small.
/// Per <see cref="SandboxState"/> (freed with it, emptied by Reset); used under the state's lock only.
/// </summary>
internal sealed class Interner
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<Recipient, Recipient> _recipients = new();

    public string? String(string? value)
    {
        if (value is null) return null;
        if (value.Length == 0) return "";
        if (_strings.TryGetValue(value, out var shared)) return shared;
        _strings.Add(value);
        return value;
    }

    public Recipient Recipient(Recipient r)
    {
        if (_recipients.TryGetValue(r, out var shared)) return shared;
        var interned = new Recipient(String(r.Name), String(r.Address)!);
        _recipients[interned] = interned;
        return interned;
    }

    public Attendee[] Attendees(IReadOnlyList<Attendee> attendees)
    {
        if (attendees.Count == 0) return Array.Empty<Attendee>();
        var result = new Attendee[attendees.Count];
        for (var i = 0; i < result.Length; i++) result[i] = attendees[i].WithEmailAddress(Recipient(attendees[i].EmailAddress));
        return result;
    }

    public string[]? Strings(IReadOnlyList<string>? values)
    {
        if (values is null) return null;
        if (values.Count == 0) return Array.Empty<string>();
        var result = new string[values.Count];
        for (var i = 0; i < result.Length; i++) result[i] = String(values[i])!;
        return result;
    }

    public ZonedTime Time(ZonedTime t) => t with { TimeZone = String(t.TimeZone)! };

    public OnlineMeetingInfo? OnlineMeeting(OnlineMeetingInfo? m) => m is null ? null : new OnlineMeetingInfo(
        m.JoinUrl, String(m.ConferenceId), String(m.TollNumber), Strings(m.TollFreeNumbers), String(m.QuickDial));

    public void Clear()
    {
        _strings.Clear();
        _recipients.Clear();
    }
}
