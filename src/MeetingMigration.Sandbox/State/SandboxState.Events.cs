using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace MeetingMigration.Sandbox;

// Event storage and Exchange's meeting behaviour: organizer items, attendee copies, series, exceptions, messages.
// Every *Locked method expects the caller to hold Sync.
public sealed partial class SandboxState
{
    private MailboxStore MailboxOf(UserRecord owner) => _mailboxes[owner.Key];

    internal IReadOnlyList<EventRecord> TopLevelEventsLocked(UserRecord owner) => MailboxOf(owner).TopLevel;

    // ---------- create ----------

    /// <summary>POST /users/{id}/events: a new item organized by the mailbox owner; invitations go to the attendees.</summary>
    internal EventRecord CreateEventLocked(UserRecord owner, EventChanges c)
    {
        if (c.TransactionId is { } tx)
        {
            // transactionId makes a retried POST return the item the first attempt created.
            var existing = MailboxOf(owner).TopLevel.FirstOrDefault(e => e.TransactionId == tx);
            if (existing is not null) return existing;
        }
        var ev = NewEvent(owner, c, Ids.NewEventId());
        ev.IsOrganizer = true;
        ev.Organizer = _interner.Recipient(new Recipient(owner.DisplayName, owner.Mail));
        ev.ICalUId = Ids.NewICalUId();
        ev.TransactionId = c.TransactionId;
        if (c.IsOnlineMeeting == true) StartTeamsMeetingLocked(ev, owner, c.OnlineMeetingProvider);
        StoreLocked(owner, ev);
        foreach (var recipient in RecipientsOf(ev)) NotifyLocked(ev, recipient, "invitation", null);
        SyncCopiesLocked(ev);
        return ev;
    }

    /// <summary>
    /// Stores an event as it already exists in a mailbox: read-only properties and the body exactly as given,
    /// attendees' copies created, a Teams join URL registered; no message is sent.
    /// </summary>
    internal EventRecord ImportEventLocked(UserRecord owner, EventChanges c)
    {
        var id = c.Id is { Length: > 0 } given && !_eventsById.ContainsKey(given) ? given : Ids.NewEventId();
        var ev = NewEvent(owner, c, id);
        ev.Organizer = _interner.Recipient(c.Organizer ?? new Recipient(owner.DisplayName, owner.Mail));
        ev.IsOrganizer = c.IsOrganizer ?? ev.Organizer.Address.Equals(owner.Mail, StringComparison.OrdinalIgnoreCase);
        ev.ICalUId = c.ICalUId ?? Ids.NewICalUId();
        ev.IsCancelled = c.IsCancelled ?? false;
        ev.OnlineMeeting = _interner.OnlineMeeting(c.OnlineMeeting);
        ev.IsOnlineMeeting = c.IsOnlineMeeting ?? c.OnlineMeeting is not null;
        ev.OnlineMeetingProvider = c.OnlineMeetingProvider ?? "unknown";
        // Skype items carry the join URL twice (onlineMeeting.joinUrl and onlineMeetingUrl): keep one string.
        ev.OnlineMeetingUrl = c.OnlineMeetingUrl is { } url && url == ev.OnlineMeeting?.JoinUrl ? ev.OnlineMeeting.JoinUrl : c.OnlineMeetingUrl;
        ev.TransactionId = c.TransactionId;
        if (c.Exceptions is { Count: > 0 } exceptions) CheckImportedExceptions(ev, exceptions); // before storing: all or nothing
        StoreLocked(owner, ev);
        if (c.Exceptions is { Count: > 0 }) ImportExceptionsLocked(ev, c.Exceptions);
        var joinUrl = ev.OnlineMeeting?.JoinUrl;
        if (joinUrl is not null && (ev.OnlineMeetingProvider == "teamsForBusiness" || joinUrl.Contains("teams.microsoft.com", StringComparison.OrdinalIgnoreCase)))
        {
            var organizer = ev.IsOrganizer ? owner : FindUserLocked(ev.Organizer.Address);
            if (organizer is not null) RegisterMeetingLocked(ev, organizer);
        }
        if (ev.IsOrganizer) SyncCopiesLocked(ev);
        return ev;
    }

    private static void CheckImportedExceptions(EventRecord master, List<ImportedException> exceptions)
    {
        if (master.Type != EventType.SeriesMaster) throw GraphException.InvalidRequest("Only a series master (an event with a recurrence) can have exceptions.");
        var seen = new HashSet<DateTime>();
        foreach (var x in exceptions)
        {
            if (!seen.Add(x.OriginalStartUtc))
                throw GraphException.InvalidRequest($"Two exceptions replace the occurrence at {TimeZones.FormatUtcOffset(x.OriginalStartUtc)}.");
            if (!IsOccurrenceOf(master, x.OriginalStartUtc))
                throw GraphException.InvalidRequest($"originalStart {TimeZones.FormatUtcOffset(x.OriginalStartUtc)} is not an occurrence of the series.");
        }
    }

    /// <summary>
    /// Imported exceptions become edited occurrences exactly like those a PATCH of an occurrence makes (same ids, iCalUIds,
    /// mirrored into attendees' copies), but, as for any import, nobody is mailed.
    /// </summary>
    private void ImportExceptionsLocked(EventRecord master, List<ImportedException> exceptions)
    {
        foreach (var x in exceptions)
        {
            var exception = MaterializeException(Occurrence(master, x.OriginalStartUtc));
            ApplyCommonFields(exception, x.Changes);
        }
    }

    private EventRecord NewEvent(UserRecord owner, EventChanges c, string id)
    {
        if (c.Start is null || c.End is null) throw GraphException.InvalidRequest("Start and End are required for an event.");
        var now = DateTime.UtcNow;
        var ev = new EventRecord
        {
            Id = id,
            MailboxKey = owner.Key,
            ChangeNumber = Ids.NextChange(),
            Created = now,
            LastModified = now,
            Type = c.Recurrence is not null ? EventType.SeriesMaster : EventType.SingleInstance,
        };
        ApplyCommonFields(ev, c);
        return ev;
    }

    private void StoreLocked(UserRecord owner, EventRecord ev)
    {
        _eventsById[ev.Id] = ev;
        MailboxOf(owner).TopLevel.Add(ev);
    }

    /// <summary>Writes the ordinary (writable) properties of a request onto an item, sharing recurring values through the interner.</summary>
    private void ApplyCommonFields(EventRecord ev, EventChanges c)
    {
        CheckTimes(ev, c);
        if (c.SubjectSet) ev.Subject = _interner.String(c.Subject);
        if (c.Body is not null) ev.Body = c.Body;
        if (c.Start is { } start) ev.Start = _interner.Time(start);
        if (c.End is { } end) ev.End = _interner.Time(end);
        if (c.LocationSet) ev.Location = _interner.String(c.Location);
        if (c.Attendees is not null) ev.Attendees = _interner.Attendees(c.Attendees);
        if (c.Categories is not null) ev.Categories = _interner.Strings(c.Categories)!;
        if (c.Importance is not null) ev.Importance = c.Importance;
        if (c.Sensitivity is not null) ev.Sensitivity = c.Sensitivity;
        if (c.ShowAs is not null) ev.ShowAs = c.ShowAs;
        if (c.IsAllDay is { } allDay) ev.IsAllDay = allDay;
        if (c.RecurrenceSet && ev.Type is EventType.SingleInstance or EventType.SeriesMaster)
        {
            ev.Recurrence = c.Recurrence;
            ev.Type = c.Recurrence is null ? EventType.SingleInstance : EventType.SeriesMaster;
        }
        if (c.ExtendedProperties is not null) ev.ExtendedProperties = ExtendedPropertySet.With(ev.ExtendedProperties, c.ExtendedProperties);
    }

    /// <summary>
    /// The times a request would leave the item with, checked before anything is written: a refused request changes
    /// nothing, as in Exchange. Found by an outside probe: a PATCH answered 400 for an end before its start had already
    /// stored the new subject and start, and every later PATCH of that event was refused and applied the same way.
    /// </summary>
    private static void CheckTimes(EventRecord current, EventChanges c)
    {
        var start = c.Start?.Utc ?? current.Start.Utc;
        var end = c.End?.Utc ?? current.End.Utc;
        if (end < start) throw GraphException.InvalidRequest("The end time must not be earlier than the start time.");
    }

    // ---------- Teams ----------

    private static void CheckProvider(string? provider)
    {
        if ((provider ?? "teamsForBusiness") != "teamsForBusiness")
            throw GraphException.InvalidRequest($"The online meeting provider '{provider}' is not enabled for this calendar; allowed: teamsForBusiness.");
    }

    private void StartTeamsMeetingLocked(EventRecord ev, UserRecord organizer, string? provider)
    {
        CheckProvider(provider);
        provider ??= "teamsForBusiness";
        var conf = organizer.Conferencing;
        var joinUrl = NewJoinUrl(organizer);
        var quickDial = conf?.TollNumber is { } toll && conf.ConferenceId is { } cid ? $"{toll},,{cid}#" : null;
        ev.IsOnlineMeeting = true;
        ev.OnlineMeetingProvider = provider;
        var meeting = _interner.OnlineMeeting(new OnlineMeetingInfo(joinUrl, conf?.ConferenceId, conf?.TollNumber, conf?.TollFreeNumbers?.ToArray(), quickDial))!;
        ev.OnlineMeeting = meeting;
        ev.Body = TeamsBlock.Insert(ev.Body, meeting, conf);
        if (string.IsNullOrEmpty(ev.Location)) ev.Location = _interner.String("Microsoft Teams Meeting");
        RegisterMeetingLocked(ev, organizer);
    }

    // ---------- read ----------

    /// <summary>Finds an item of this mailbox by id, synthesizing an occurrence from its id when needed. Null when absent.</summary>
    internal EventRecord? FindEventLocked(UserRecord owner, string id)
    {
        if (_eventsById.TryGetValue(id, out var stored))
            return stored.MailboxKey == owner.Key ? stored : null;
        if (!Ids.TryParseOccurrenceId(id, out var masterId, out var originalStart)) return null;
        if (!_eventsById.TryGetValue(masterId, out var master) || master.Type != EventType.SeriesMaster) return null;
        if (master.MailboxKey != owner.Key) return null;
        if (master.CancelledOccurrences?.Contains(originalStart) == true) return null;
        return IsOccurrenceOf(master, originalStart) ? Occurrence(master, originalStart) : null;
    }

    private static bool IsOccurrenceOf(EventRecord master, DateTime originalStartUtc)
    {
        var zone = TimeZones.Find(master.Start.TimeZone) ?? TimeZoneInfo.Utc;
        var localDate = DateOnly.FromDateTime(TimeZones.FromUtc(originalStartUtc, zone));
        var dates = new List<DateOnly>(1);
        RecurrenceExpander.AddDates(master.Recurrence!, localDate, localDate, dates);
        return dates.Count == 1 && OccurrenceStartUtc(master, localDate, zone) == originalStartUtc;
    }

    private static DateTime OccurrenceStartUtc(EventRecord master, DateOnly date, TimeZoneInfo zone) =>
        TimeZones.ToUtc(date.ToDateTime(TimeOnly.FromDateTime(master.Start.Local)), zone);

    /// <summary>Null for an occurrence whose start in UTC would fall after the end of year 9999 (a zone behind UTC).</summary>
    private static DateTime? TryOccurrenceStartUtc(EventRecord master, DateOnly date, TimeZoneInfo zone)
    {
        try
        {
            return OccurrenceStartUtc(master, date, zone);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>A transient occurrence of a series: the master's data at the occurrence's time.</summary>
    internal static EventRecord Occurrence(EventRecord master, DateTime originalStartUtc)
    {
        var o = master.ShallowClone();
        o.Type = EventType.Occurrence;
        o.Id = Ids.OccurrenceId(master.Id, originalStartUtc);
        o.Master = master;
        o.OriginalStartUtc = originalStartUtc;
        o.ICalUId = Ids.OccurrenceICalUId(master.ICalUId, originalStartUtc);
        o.Recurrence = null;
        o.Exceptions = null;
        o.CancelledOccurrences = null;
        o.CopyIds = null;
        var duration = master.End.Utc - master.Start.Utc;
        var startZone = TimeZones.Find(master.Start.TimeZone) ?? TimeZoneInfo.Utc;
        var endZone = TimeZones.Find(master.End.TimeZone) ?? TimeZoneInfo.Utc;
        var endUtc = originalStartUtc + duration;
        o.Start = new ZonedTime(TimeZones.FromUtc(originalStartUtc, startZone), master.Start.TimeZone, originalStartUtc);
        o.End = new ZonedTime(TimeZones.FromUtc(endUtc, endZone), master.End.TimeZone, endUtc);
        return o;
    }

    /// <summary>
    /// calendarView: single items, occurrences and exceptions overlapping [startUtc, endUtc), ordered by start (then id).
    /// Entries, not events: an occurrence is written straight from its master (see <see cref="ViewEntry"/>).
    /// </summary>
    internal List<ViewEntry> CalendarViewLocked(UserRecord owner, DateTime startUtc, DateTime endUtc)
    {
        var result = new List<ViewEntry>();
        var dates = new List<DateOnly>();
        foreach (var ev in MailboxOf(owner).TopLevel)
        {
            if (ev.Type == EventType.SeriesMaster) AddInstances(result, ev, startUtc, endUtc, dates);
            else if (Overlaps(ev, startUtc, endUtc)) result.Add(ViewEntry.Of(ev));
        }
        SortByStartThenId(result);
        return result;
    }

    /// <summary>
    /// Orders by start, then by id (ordinal) among items that start together. The starts are sorted as numbers and ids
    /// are built only for the ties: comparing occurrence ids built per comparison made the sort a third of a page's view.
    /// </summary>
    private static void SortByStartThenId(List<ViewEntry> entries)
    {
        var items = CollectionsMarshal.AsSpan(entries);
        var starts = new long[items.Length];
        for (var i = 0; i < items.Length; i++) starts[i] = items[i].StartUtc.Ticks;
        starts.AsSpan().Sort(items);
        for (var i = 0; i < items.Length;)
        {
            var j = i + 1;
            while (j < items.Length && starts[j] == starts[i]) j++;
            if (j - i > 1)
            {
                var ids = new string[j - i];
                for (var k = i; k < j; k++) ids[k - i] = items[k].Id;
                ids.AsSpan().Sort(items[i..j], StringComparer.Ordinal);
            }
            i = j;
        }
    }

    private static void AddInstances(List<ViewEntry> into, EventRecord master, DateTime startUtc, DateTime endUtc, List<DateOnly> dates)
    {
        var zone = TimeZones.Find(master.Start.TimeZone) ?? TimeZoneInfo.Utc;
        var duration = master.End.Utc - master.Start.Utc;
        // Windows reaching the end of year 9999 (found by an outside probe: a 500) stop at the last day and time there are.
        var lastLocal = DateOnly.FromDateTime(TimeZones.FromUtc(endUtc, zone));
        var lastDate = lastLocal == DateOnly.MaxValue ? lastLocal : lastLocal.AddDays(1);
        dates.Clear();
        RecurrenceExpander.AddDates(master.Recurrence!, FirstDateThatCanOverlap(startUtc, duration, zone), lastDate, dates);
        foreach (var date in dates)
        {
            if (!(TryOccurrenceStartUtc(master, date, zone) is { } occurrenceStart)) break;
            if (occurrenceStart >= endUtc) break;
            if (master.CancelledOccurrences?.Contains(occurrenceStart) == true) continue;
            if (master.Exceptions?.ContainsKey(occurrenceStart) == true) continue;
            var occurrenceEnd = occurrenceStart.Ticks <= DateTime.MaxValue.Ticks - duration.Ticks ? occurrenceStart + duration : DateTime.MaxValue;
            if (OverlapsWindow(occurrenceStart, occurrenceEnd, startUtc, endUtc)) into.Add(new ViewEntry(master, occurrenceStart, IsOccurrence: true));
        }
        if (master.Exceptions is null) return;
        foreach (var exception in master.Exceptions.Values)
            if (Overlaps(exception, startUtc, endUtc)) into.Add(ViewEntry.Of(exception));
    }

    /// <summary>
    /// A local date before which no occurrence lasting <paramref name="duration"/> can reach <paramref name="windowStartUtc"/>,
    /// so the expansion can begin there. Three days of margin cover any zone's offsets (at most 14 hours either side of UTC).
    /// </summary>
    private static DateOnly FirstDateThatCanOverlap(DateTime windowStartUtc, TimeSpan duration, TimeZoneInfo zone)
    {
        if (windowStartUtc.Ticks - duration.Ticks < DateTime.MinValue.AddDays(7).Ticks) return DateOnly.MinValue;
        return DateOnly.FromDateTime(TimeZones.FromUtc(windowStartUtc - duration, zone)).AddDays(-3);
    }

    /// <summary>/events/{master}/instances: occurrences and exceptions in the window, cancelled ones left out.</summary>
    internal List<ViewEntry> InstancesLocked(EventRecord master, DateTime startUtc, DateTime endUtc)
    {
        var entries = new List<ViewEntry>();
        AddInstances(entries, master, startUtc, endUtc, new List<DateOnly>());
        entries.Sort(static (a, b) => a.StartUtc.CompareTo(b.StartUtc));
        return entries;
    }

    private static bool Overlaps(EventRecord ev, DateTime startUtc, DateTime endUtc) => OverlapsWindow(ev.Start.Utc, ev.End.Utc, startUtc, endUtc);

    private static bool OverlapsWindow(DateTime s, DateTime e, DateTime ws, DateTime we) =>
        s == e ? s >= ws && s < we : s < we && e > ws;

    // ---------- update ----------

    /// <summary>
    /// PATCH. Editing an occurrence turns it into an exception. An organizer's meeting change mails the attendees;
    /// a change to extended properties (or other personal properties) alone mails nobody.
    /// </summary>
    internal EventRecord UpdateEventLocked(UserRecord owner, string id, EventChanges c, string? ifMatch)
    {
        var target = FindEventLocked(owner, id) ?? throw GraphException.ItemNotFound();
        CheckIfMatch(target, ifMatch);
        if (c.RecurrenceSet && target.Type is EventType.Occurrence or EventType.Exception)
            throw GraphException.InvalidRequest("Recurrence can only be set on a series master or a single instance.");
        var startsOnline = c.IsOnlineMeeting == true && !target.IsOnlineMeeting;
        CheckOnlineMeetingChange(target, c);
        if (startsOnline && !target.IsOrganizer)
            throw GraphException.InvalidRequest("Only the organizer can make the meeting an online meeting.");
        // Everything that can refuse the request is checked before the occurrence becomes an exception or a field changes.
        if (startsOnline) CheckProvider(c.OnlineMeetingProvider);
        CheckTimes(target, c);

        if (target.Type == EventType.Occurrence) target = MaterializeException(target);
        var oldAttendees = target.Attendees;
        var oldRecipients = RecipientsOf(target);
        ApplyCommonFields(target, c);
        if (startsOnline) StartTeamsMeetingLocked(target, owner, c.OnlineMeetingProvider);
        target.ChangeNumber = Ids.NextChange();
        target.LastModified = DateTime.UtcNow;

        if (target.IsOrganizer && !target.IsCancelled && c.ChangesMeeting)
        {
            // The attendee array is replaced on every change to it, never changed in place: the same array, the same recipients.
            var newRecipients = ReferenceEquals(target.Attendees, oldAttendees) ? oldRecipients : RecipientsOf(target);
            SendUpdateMessages(target, oldRecipients, newRecipients, c.OnlyAttendeesChange);
            SyncCopiesLocked(target.Master ?? target);
        }
        return target;
    }

    private static void CheckIfMatch(EventRecord target, string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return;
        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        tag = tag.Trim('"');
        if (tag != target.ChangeKey)
            throw new GraphException(412, "ErrorIrresolvableConflict",
                "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");
    }

    /// <summary>Once set, isOnlineMeeting and onlineMeetingProvider cannot change (Exchange answers 400).</summary>
    private static void CheckOnlineMeetingChange(EventRecord target, EventChanges c)
    {
        if (!target.IsOnlineMeeting)
        {
            if (c.IsOnlineMeeting == true && target.Type is EventType.Occurrence or EventType.Exception)
                throw GraphException.InvalidRequest("An occurrence cannot become an online meeting on its own.");
            return;
        }
        if (c.IsOnlineMeeting == false)
            throw GraphException.InvalidRequest("isOnlineMeeting cannot be changed once the online meeting has been created.");
        if (c.OnlineMeetingProvider is { } p && p != target.OnlineMeetingProvider)
            throw GraphException.InvalidRequest("onlineMeetingProvider cannot be changed once the online meeting has been created.");
    }

    private EventRecord MaterializeException(EventRecord occurrence)
    {
        var master = occurrence.Master!;
        occurrence.Type = EventType.Exception;
        occurrence.ChangeNumber = Ids.NextChange();
        // The array is copy-on-write, so the exception can start from the master's without copying it.
        occurrence.ExtendedProperties = master.ExtendedProperties;
        master.Exceptions ??= new SortedDictionary<DateTime, EventRecord>();
        master.Exceptions[occurrence.OriginalStartUtc!.Value] = occurrence;
        _eventsById[occurrence.Id] = occurrence;
        return occurrence;
    }

    /// <summary>
    /// Messages for an organizer's change. Series master: one update per attendee for the series plus one per
    /// edited exception (Exchange re-sends every exception when the series changes). Attendee-only changes mail only the
    /// added (invitation) and removed (cancellation) attendees.
    /// </summary>
    private void SendUpdateMessages(EventRecord target, List<string> oldRecipients, List<string> newRecipients, bool onlyAttendees)
    {
        var occurrenceStart = target.Type == EventType.Exception ? target.OriginalStartUtc : null;
        // Unchanged attendees (a body or time change, the usual PATCH): everyone gets an update, no sets needed.
        var unchanged = ReferenceEquals(oldRecipients, newRecipients);
        var oldSet = unchanged ? null : new HashSet<string>(oldRecipients, StringComparer.OrdinalIgnoreCase);
        var newSet = unchanged ? null : new HashSet<string>(newRecipients, StringComparer.OrdinalIgnoreCase);
        if (!unchanged)
            foreach (var removed in oldRecipients)
                if (!newSet!.Contains(removed)) NotifyLocked(target, removed, "cancellation", occurrenceStart);
        foreach (var recipient in newRecipients)
        {
            if (!unchanged && !oldSet!.Contains(recipient)) NotifyLocked(target, recipient, "invitation", occurrenceStart);
            else if (!onlyAttendees)
            {
                NotifyLocked(target, recipient, "update", occurrenceStart);
                if (target.Type == EventType.SeriesMaster && target.Exceptions is not null)
                    foreach (var exception in target.Exceptions.Values)
                        if (!exception.IsCancelled) NotifyLocked(exception, recipient, "update", exception.OriginalStartUtc);
            }
        }
    }

    /// <summary>
    /// Addresses an organizer's message goes to: every attendee except the organizer, each once (case-insensitively),
    /// in the attendees' order. A loop rather than LINQ: every meeting change asks, for lists of up to 500 attendees.
    /// </summary>
    private static List<string> RecipientsOf(EventRecord ev)
    {
        const int LinearSearchLimit = 8;
        var recipients = new List<string>(ev.Attendees.Length);
        HashSet<string>? seen = null;
        foreach (var attendee in ev.Attendees)
        {
            var address = attendee.EmailAddress.Address;
            if (string.IsNullOrWhiteSpace(address) || address.Equals(ev.Organizer.Address, StringComparison.OrdinalIgnoreCase)) continue;
            if (recipients.Count < LinearSearchLimit)
            {
                if (recipients.Exists(r => r.Equals(address, StringComparison.OrdinalIgnoreCase))) continue;
            }
            else if (!(seen ??= new HashSet<string>(recipients, StringComparer.OrdinalIgnoreCase)).Add(address)) continue;
            recipients.Add(address);
        }
        return recipients;
    }

    // ---------- delete and cancel ----------

    /// <summary>DELETE. An organizer deleting a meeting cancels it for the attendees; an attendee deleting a copy just removes it.</summary>
    internal void DeleteEventLocked(UserRecord owner, string id) => RemoveLocked(owner, id, requireOrganizer: false);

    /// <summary>POST /cancel: organizer only; sends cancellations and removes the item from the organizer's calendar.</summary>
    internal void CancelEventLocked(UserRecord owner, string id) => RemoveLocked(owner, id, requireOrganizer: true);

    private void RemoveLocked(UserRecord owner, string id, bool requireOrganizer)
    {
        var target = FindEventLocked(owner, id) ?? throw GraphException.ItemNotFound();
        if (requireOrganizer && !target.IsOrganizer)
            throw GraphException.InvalidRequest("Your request can't be completed. You need to be an organizer to cancel a meeting.");
        var sendsCancellations = target.IsOrganizer && !target.IsCancelled;
        if (target.Type is EventType.Occurrence or EventType.Exception)
        {
            var master = target.Master!;
            var originalStart = target.OriginalStartUtc!.Value;
            // A new set rather than Add: attendee copies share the master's set (copy-on-write).
            master.CancelledOccurrences = master.CancelledOccurrences is null ? new HashSet<DateTime>() : new HashSet<DateTime>(master.CancelledOccurrences);
            master.CancelledOccurrences.Add(originalStart);
            master.Exceptions?.Remove(originalStart);
            _eventsById.Remove(target.Id);
            master.ChangeNumber = Ids.NextChange();
            if (sendsCancellations)
            {
                foreach (var r in RecipientsOf(target)) NotifyLocked(target, r, "cancellation", originalStart);
                SyncCopiesLocked(master);
            }
            return;
        }
        if (sendsCancellations)
        {
            foreach (var r in RecipientsOf(target)) NotifyLocked(target, r, "cancellation", null);
            // The attendees keep their copies, marked cancelled, until they remove them.
            foreach (var copy in CopiesOf(target))
            {
                copy.IsCancelled = true;
                copy.ChangeNumber = Ids.NextChange();
                copy.OrganizerEventId = null;
            }
        }
        if (target.OrganizerEventId is not null && _eventsById.TryGetValue(target.OrganizerEventId, out var organizerItem) && organizerItem.CopyIds is { } ids)
        {
            var remaining = Array.FindAll(ids, x => x != target.Id);
            organizerItem.CopyIds = remaining.Length > 0 ? remaining : null;
        }
        _eventsById.Remove(target.Id);
        if (target.Exceptions is not null) foreach (var x in target.Exceptions.Values) _eventsById.Remove(x.Id);
        _mailboxes[target.MailboxKey].TopLevel.Remove(target);
    }

    // ---------- attendee copies ----------

    private List<EventRecord> CopiesOf(EventRecord organizerItem)
    {
        var copies = new List<EventRecord>(organizerItem.CopyIds?.Length ?? 0);
        foreach (var id in organizerItem.CopyIds ?? Array.Empty<string>())
            if (_eventsById.TryGetValue(id, out var copy)) copies.Add(copy);
        return copies;
    }

    /// <summary>
    /// Makes every in-tenant attendee's copy mirror the organizer's item (body shared by reference, so copies cost little).
    /// Removed attendees' copies become cancelled.
    /// </summary>
    private void SyncCopiesLocked(EventRecord organizerItem)
    {
        var existing = new Dictionary<string, EventRecord>(StringComparer.Ordinal);
        foreach (var copy in CopiesOf(organizerItem)) existing.Add(copy.MailboxKey, copy);
        var wanted = new List<string>();
        foreach (var address in RecipientsOf(organizerItem))
        {
            var attendee = FindUserLocked(address);
            if (attendee is null || attendee.Key == organizerItem.MailboxKey) continue;
            if (!existing.TryGetValue(attendee.Key, out var copy))
            {
                copy = new EventRecord
                {
                    Id = Ids.NewEventId(), MailboxKey = attendee.Key, OrganizerEventId = organizerItem.Id,
                    Created = DateTime.UtcNow, ShowAs = "tentative",
                };
                StoreLocked(attendee, copy);
            }
            existing.Remove(attendee.Key);
            MirrorInto(copy, organizerItem);
            wanted.Add(copy.Id);
        }
        foreach (var dropped in existing.Values)
        {
            dropped.IsCancelled = true;
            dropped.OrganizerEventId = null;
            dropped.ChangeNumber = Ids.NextChange();
        }
        organizerItem.CopyIds = wanted.Count > 0 ? wanted.ToArray() : null;
    }

    private void MirrorInto(EventRecord copy, EventRecord source)
    {
        CopySharedFields(copy, source);
        copy.Type = source.Type;
        copy.Recurrence = source.Recurrence;
        copy.CancelledOccurrences = source.CancelledOccurrences; // copy-on-write: shared
        if (source.Exceptions is null && copy.Exceptions is null) return;
        var mirrored = new SortedDictionary<DateTime, EventRecord>();
        foreach (var (originalStart, sourceException) in source.Exceptions ?? new SortedDictionary<DateTime, EventRecord>())
        {
            if (copy.Exceptions is null || !copy.Exceptions.TryGetValue(originalStart, out var copyException))
            {
                copyException = new EventRecord
                {
                    Id = Ids.OccurrenceId(copy.Id, originalStart), MailboxKey = copy.MailboxKey, Type = EventType.Exception,
                    Master = copy, OriginalStartUtc = originalStart, Created = DateTime.UtcNow, ShowAs = copy.ShowAs,
                };
                _eventsById[copyException.Id] = copyException;
            }
            CopySharedFields(copyException, sourceException);
            mirrored[originalStart] = copyException;
        }
        if (copy.Exceptions is not null)
            foreach (var gone in copy.Exceptions.Where(x => !mirrored.ContainsKey(x.Key))) _eventsById.Remove(gone.Value.Id);
        copy.Exceptions = mirrored.Count > 0 ? mirrored : null;
    }

    private static void CopySharedFields(EventRecord copy, EventRecord source)
    {
        copy.ICalUId = source.ICalUId;
        copy.IsOrganizer = false;
        copy.IsCancelled = source.IsCancelled;
        copy.IsOnlineMeeting = source.IsOnlineMeeting;
        copy.OnlineMeetingProvider = source.OnlineMeetingProvider;
        copy.OnlineMeeting = source.OnlineMeeting;
        copy.OnlineMeetingUrl = source.OnlineMeetingUrl;
        copy.Subject = source.Subject;
        copy.Body = source.Body;
        copy.Start = source.Start;
        copy.End = source.End;
        copy.IsAllDay = source.IsAllDay;
        copy.Location = source.Location;
        copy.Importance = source.Importance;
        copy.Sensitivity = source.Sensitivity;
        copy.Organizer = source.Organizer;
        copy.Attendees = source.Attendees;
        copy.ChangeNumber = Ids.NextChange();
        copy.LastModified = DateTime.UtcNow;
    }
}
