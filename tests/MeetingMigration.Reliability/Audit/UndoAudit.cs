using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Infrastructure;
using MeetingMigration.Reliability.Scenarios;

namespace MeetingMigration.Reliability.Audit;

/// <summary>
/// Checks a finished undo three ways that do not trust each other: the calendars (every event's body byte for byte as it
/// was before the migration, moved occurrences as their series was), what attendees were sent while the undo ran (one
/// update per attendee of each meeting it had to restore, and the series' re-sends Exchange adds for its exceptions;
/// nothing else), and the store (undo requests ended, their counts as their journal's, no meeting restored twice, no journal
/// left at Attempting).
/// </summary>
public static class UndoAudit
{
    /// <summary>The calendars and the mail before the undo ran; <paramref name="MailSentBefore"/> counts every message sent until then.</summary>
    public sealed record Before(CalendarSnapshot Original, CalendarSnapshot Migrated, int MailSentBefore, IReadOnlyDictionary<string, int> OnlineMeetings);

    public static async Task RunAsync(ProofTenant proof, SandboxProcess sandbox, Before before, IReadOnlyCollection<Guid> undos, Findings findings)
    {
        var journaled = await CheckStoreAsync(proof, undos, findings);
        var now = await CalendarSnapshot.TakeAsync(sandbox, proof.Mailboxes);
        var toRestore = CheckBodies(before, now, findings);
        // The journal must tell what was done: a Restored row for each meeting that had to be restored (its attendees were
        // mailed, whichever attempt sent it), none for any other.
        foreach (var item in toRestore.Where(i => !journaled.Contains(i.Id)))
            findings.Add(Findings.Lost, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} restored, but no undo journaled it Restored");
        var restoredIds = toRestore.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in journaled.Where(id => !restoredIds.Contains(id)))
            findings.Add(Findings.Duplicated, $"event {Findings.ShortId(id)} journaled Restored though it needed no restoring");
        await CheckMailAsync(sandbox, before, toRestore, findings);
        foreach (var (organizer, count) in before.OnlineMeetings)
        {
            var created = await sandbox.OnlineMeetingCountAsync(organizer) - count;
            if (created != 0) findings.Add(Findings.Duplicated, $"{organizer}: the undo created {created} Teams meetings");
        }
        if (!proof.Store.IsServer) StoreIntegrity.Check(proof.StorePath, findings);
    }

    /// <summary>The undo requests and their journal; returns the events journaled Restored.</summary>
    private static async Task<IReadOnlySet<string>> CheckStoreAsync(ProofTenant proof, IReadOnlyCollection<Guid> undos, Findings findings)
    {
        using var store = proof.Store.Open();
        var restoredBy = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        long restored = 0, confirmed = 0, succeeded = 0;
        foreach (var id in undos)
        {
            var undo = await store.GetAsync(id, default);
            if (undo == null)
            {
                findings.Add(Findings.Lost, $"queued undo {id} gone");
                continue;
            }
            // Nothing in the calendars changed since the migration but the moves, which the undo follows: every undo must succeed.
            if (undo.State != MigrationState.Succeeded) findings.Add(Findings.Lost, $"undo of {undo.UserPrincipalName} ended {undo.State}: {undo.LastMessage}");
            else succeeded++;
            var restoredHere = 0;
            foreach (var rows in (await store.GetJournalAsync(id, default)).GroupBy(e => e.EventId))
            {
                var ordered = rows.OrderBy(e => e.Id).ToList();
                if (ordered[^1].Outcome == MeetingOutcome.Attempting)
                    findings.Add(Findings.Leaked, $"undo journal left at Attempting: {undo.UserPrincipalName} event {Findings.ShortId(rows.Key)}");
                var restores = ordered.Where(e => e.Outcome == MeetingOutcome.Restored).ToList();
                if (restores.Count > 1) findings.Add(Findings.Duplicated, $"undo {id} journaled {restores.Count} restores of {undo.UserPrincipalName} event {Findings.ShortId(rows.Key)}");
                if (restores.Count == 0) continue;
                (restoredBy.TryGetValue(rows.Key, out var by) ? by : restoredBy[rows.Key] = new List<Guid>()).Add(id);
                restored++;
                restoredHere++;
                if (restores.Any(r => r.Reason.StartsWith("confirmed", StringComparison.Ordinal))) confirmed++;
            }
            // What Get-CsMeetingMigrationStatus shows must agree with the journal: one update sent per meeting restored.
            if (undo.InvitesUpdate != restoredHere)
                findings.Add(Findings.Lost, $"undo of {undo.UserPrincipalName} says {undo.InvitesUpdate} update(s) sent, its journal {restoredHere} meeting(s) restored");
        }
        foreach (var (eventId, by) in restoredBy.Where(r => r.Value.Count > 1))
            findings.Add(Findings.Duplicated, $"event {Findings.ShortId(eventId)} restored by {by.Count} undos");
        findings.Count("undo requests", undos.Count);
        findings.Count("undo requests succeeded", succeeded);
        findings.Count("meetings restored (journal)", restored);
        findings.Count("restores confirmed by read-back, not resent", confirmed);
        return restoredBy.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Every event must show what it showed before the migration (a moved occurrence: what its series showed), byte for
    /// byte. Returns the events the undo had to restore: those the migration (or the move) left different from that.
    /// </summary>
    private static HashSet<CalendarSnapshot.Item> CheckBodies(Before before, CalendarSnapshot now, Findings findings)
    {
        var toRestore = new HashSet<CalendarSnapshot.Item>();
        long checkedEvents = 0, migrated = 0, moved = 0;
        foreach (var item in before.Migrated.Items.Values)
        {
            checkedEvents++;
            var original = before.Original.Find(item.Mailbox, item.Id) ?? (item.MasterId != null ? before.Original.Find(item.Mailbox, item.MasterId) : null);
            if (original == null)
            {
                findings.Add(Findings.Lost, $"{item.Mailbox} event {Findings.ShortId(item.Id)}: no body from before the migration to compare with");
                continue;
            }
            var changed = item.Body != original.Body;
            if (changed) toRestore.Add(item);
            if (changed && before.Original.Find(item.Mailbox, item.Id) != null) migrated++;
            else if (changed) moved++;
            var after = now.Find(item.Mailbox, item.Id);
            if (after == null) findings.Add(Findings.Lost, $"{item.Mailbox} event {Findings.ShortId(item.Id)} gone after the undo");
            else if (after.Body != original.Body)
                findings.Add(changed ? Findings.Lost : Findings.Duplicated, changed
                    ? $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} not restored: {FirstDifference(original.Body, after.Body)}"
                    : $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} changed by the undo though the migration left it alone: {FirstDifference(original.Body, after.Body)}");
        }
        foreach (var key in now.Items.Keys.Where(k => before.Migrated.Find(k.Mailbox, k.Id) == null))
            findings.Add(Findings.Duplicated, $"{key.Mailbox} event {Findings.ShortId(key.Id)} appeared during the undo");
        findings.Count("events compared byte for byte", checkedEvents);
        findings.Count("meetings the migration changed", migrated);
        findings.Count("occurrences moved since, carrying the migrated block", moved);
        findings.Count("meetings to restore (changed by the migration, or moved since)", toRestore.Count);
        return toRestore;
    }

    /// <summary>
    /// While the undo ran: one update to each attendee (inside the tenant or not) of each meeting it restored, plus, for a restored series, one
    /// to each of its exceptions (Exchange re-sends every exception of a series its organizer updates); no invitation, no
    /// cancellation, nothing else.
    /// </summary>
    private static async Task CheckMailAsync(SandboxProcess sandbox, Before before, HashSet<CalendarSnapshot.Item> toRestore, Findings findings)
    {
        var expected = new Dictionary<(string Recipient, string EventId), int>();
        void Expect(IEnumerable<string> recipients, string eventId)
        {
            foreach (var r in recipients) expected[(r, eventId)] = expected.GetValueOrDefault((r, eventId)) + 1;
        }
        foreach (var item in toRestore)
        {
            Expect(item.Recipients, item.Id);
            // Exchange's re-send goes to the series' attendees, for each of its exceptions.
            if (item.IsSeries)
                foreach (var exception in before.Migrated.ExceptionsOf(item)) Expect(item.Recipients, exception.Id);
        }

        var sent = (await sandbox.NotificationsAsync()).Skip(before.MailSentBefore).ToList();
        foreach (var other in sent.Where(n => n.Kind != "update").GroupBy(n => n.Kind))
            findings.Add(Findings.Duplicated, $"the undo sent {other.Count()} {other.Key} message(s), e.g. to {other.First().Recipient}");
        var updates = sent.Where(n => n.Kind == "update").GroupBy(n => (n.Recipient, n.EventId)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var key in expected.Keys.Union(updates.Keys))
        {
            int want = expected.GetValueOrDefault(key), got = updates.GetValueOrDefault(key);
            if (got > want) findings.Add(Findings.Duplicated, $"{key.Recipient} got {got} updates of event {Findings.ShortId(key.EventId)} from the undo, {want} expected");
            if (got < want) findings.Add(Findings.Lost, $"{key.Recipient} got {got} updates of event {Findings.ShortId(key.EventId)} from the undo, {want} expected");
        }
        findings.Count("attendee updates sent by the undo", updates.Values.Sum());
    }

    /// <summary>Where two bodies part, with a little of each, so a finding shows what differs without dumping either.</summary>
    private static string FirstDifference(string expected, string actual)
    {
        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at]) at++;
        string Around(string s) => s.Length <= at ? "(end)" : s.Substring(at, Math.Min(60, s.Length - at)).ReplaceLineEndings("⏎");
        return $"bodies part at character {at} of {expected.Length}: expected '{Around(expected)}', found '{Around(actual)}'";
    }
}
