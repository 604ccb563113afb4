using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>What the generated tenant says of one organizer's meeting, kept small (the tenant itself is dropped before the run).</summary>
internal sealed record ExpectedMeeting(string Mailbox, string ICalUId, bool Migrate, int AttendeeCount, IReadOnlyList<(string ICalUId, bool Migrate)> Exceptions);

/// <summary>
/// The proof that no meeting was updated twice, from three sources that do not trust each other: the journal every worker
/// wrote (no event with two Updated rows, across all requests and workers), the sandbox's own count of PATCHes (none
/// without a journaled attempt before it, i.e. no resend), and the update messages the sandbox would have mailed (no
/// attendee got two for one meeting), against the generated tenant's manifest. The same checks as the reliability proofs'
/// MigrationAudit (tests/MeetingMigration.Reliability/Audit), made over the store interface so they hold for PostgreSQL.
/// </summary>
internal sealed record UpdateProof(
    long MeetingsChecked, long EventsUpdated, long EventsUpdatedTwice, long AttemptingLeft, long PatchesSent, long AttemptsJournaled,
    long AttendeeUpdates, long AttendeeDuplicates, long UpdatedButToBeLeftAlone, long ExpectedButNotUpdated, IReadOnlyList<string> Examples)
{
    /// <summary>PATCHes the sandbox answered with no Attempting row before them: a resend the journal does not know.</summary>
    public long PatchesUnaccounted => Math.Max(0, PatchesSent - AttemptsJournaled);

    /// <summary>
    /// Duplicate findings of the three sources added up (events with two Updated rows, PATCHes without an attempt, meetings
    /// an attendee got a second update of): one meeting sent twice may be counted by each. Must be 0.
    /// </summary>
    public long Duplicates => EventsUpdatedTwice + PatchesUnaccounted + AttendeeDuplicates;

    public bool Clean => Duplicates == 0 && UpdatedButToBeLeftAlone == 0 && AttemptingLeft == 0;
}

internal static class UpdateAudit
{
    public static IReadOnlyList<ExpectedMeeting> Expectations(GeneratedTenant tenant, IReadOnlyCollection<string> mailboxes)
    {
        var measured = new HashSet<string>(mailboxes, StringComparer.OrdinalIgnoreCase);
        return tenant.Expectations().Where(e => measured.Contains(e.Mailbox)).Select(e => new ExpectedMeeting(
            e.Mailbox, e.ICalUId, e.Outcome == ExpectedOutcome.Migrate, e.AttendeeCount,
            e.Exceptions.Select(x => (x.ICalUId, x.Outcome == ExpectedOutcome.Migrate)).ToArray())).ToList();
    }

    /// <param name="journals">Every request's journal, as the store returns it.</param>
    public static async Task<UpdateProof> RunAsync(IReadOnlyList<(MigrationRequest Request, IReadOnlyList<JournalEntry> Journal)> journals,
        ExternalSandbox sandbox, long patchesSent, IReadOnlyList<ExpectedMeeting> expected)
    {
        var examples = new List<string>();
        void Example(string what) { if (examples.Count < 10) examples.Add(what); }

        // 1. The journal: per event, Updated rows across every request and every worker.
        var updatedRows = new Dictionary<string, int>(StringComparer.Ordinal);
        long attempts = 0, attemptingLeft = 0;
        foreach (var (request, journal) in journals)
        {
            attempts += journal.Count(e => e.Outcome == MeetingOutcome.Attempting);
            foreach (var byEvent in journal.GroupBy(e => e.EventId, StringComparer.Ordinal))
            {
                var ordered = byEvent.OrderBy(e => e.Id).ToList();
                if (ordered[^1].Outcome == MeetingOutcome.Attempting)
                {
                    attemptingLeft++;
                    Example($"journal left at Attempting: {request.UserPrincipalName} event {Short(byEvent.Key)}");
                }
                int updates = ordered.Count(e => e.Outcome == MeetingOutcome.Updated);
                if (updates > 0) updatedRows[byEvent.Key] = updatedRows.GetValueOrDefault(byEvent.Key) + updates;
            }
        }
        long updatedTwice = 0;
        foreach (var (eventId, n) in updatedRows.Where(p => p.Value > 1))
        {
            updatedTwice++;
            Example($"event {Short(eventId)} journaled Updated {n} times");
        }
        if (patchesSent > attempts) Example($"{patchesSent} PATCHes reached the sandbox, {attempts} attempts were journaled");

        // 2. What attendees received: update messages by (recipient, iCalUId), every recipient (tenant users and guests).
        using var list = JsonDocument.Parse(await sandbox.GetAsync("sandbox/notifications?kind=update"));
        var received = new Dictionary<(string Recipient, string ICalUId), int>();
        long messages = 0;
        foreach (var n in list.RootElement.GetProperty("value").EnumerateArray())
        {
            var key = (n.GetProperty("recipient").GetString()!.ToLowerInvariant(), n.GetProperty("iCalUId").GetString()!);
            received[key] = received.GetValueOrDefault(key) + 1;
            messages++;
        }
        // One meeting may be listed twice, by its organizer and as an attendee's not-organizer item of another mailbox: the
        // organizer's entry (the one to migrate) says what may happen to it.
        var meetings = expected.GroupBy(m => m.ICalUId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.FirstOrDefault(m => m.Migrate) ?? g.First(), StringComparer.Ordinal);
        var exceptions = new Dictionary<string, (ExpectedMeeting Series, bool Migrate)>(StringComparer.Ordinal);
        foreach (var m in expected)
            foreach (var (iCalUId, migrate) in m.Exceptions) exceptions[iCalUId] = (m, migrate);
        var seriesMailed = new HashSet<string>(received.Keys.Select(k => k.ICalUId).Where(meetings.ContainsKey), StringComparer.Ordinal);

        // Counted per meeting (iCalUId), not per recipient: one resent update reaches every attendee.
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        var leftAlone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((recipient, iCalUId), got) in received)
        {
            if (meetings.TryGetValue(iCalUId, out var meeting))
            {
                if (!meeting.Migrate)
                {
                    leftAlone.Add(iCalUId);
                    Example($"{recipient} got {got} update(s) of {meeting.Mailbox}'s meeting {Short(iCalUId)}, which must be left alone");
                }
                else if (got > 1)
                {
                    duplicated.Add(iCalUId);
                    Example($"{recipient} got {got} updates of {meeting.Mailbox}'s meeting {Short(iCalUId)}");
                }
            }
            else if (exceptions.TryGetValue(iCalUId, out var exception))
            {
                // An edited occurrence is mailed again when its series is updated (as Exchange does), and once more when it
                // is migrated on its own: up to two messages, never three.
                int allowed = (seriesMailed.Contains(exception.Series.ICalUId) ? 1 : 0) + (exception.Migrate ? 1 : 0);
                if (got <= allowed) continue;
                duplicated.Add(iCalUId);
                Example($"{recipient} got {got} updates of an edited occurrence of {exception.Series.Mailbox}'s meeting {Short(exception.Series.ICalUId)}, {allowed} at most");
            }
            else if (got > 1)
            {
                // Not in the manifest (cannot happen with a generated tenant): still, one update at most.
                duplicated.Add(iCalUId);
                Example($"{recipient} got {got} updates of meeting {Short(iCalUId)}, which the manifest does not list");
            }
        }
        // Meetings to migrate that have attendees but whose attendees were mailed nothing: failed or lost, not duplicated.
        long notUpdated = meetings.Values.Count(m => m.Migrate && m.AttendeeCount > 0 && !seriesMailed.Contains(m.ICalUId));
        return new UpdateProof(expected.Count, updatedRows.Count, updatedTwice, attemptingLeft, patchesSent, attempts,
            messages, duplicated.Count, leftAlone.Count, notUpdated, examples);
    }

    private static string Short(string id) => id.Length <= 24 ? id : id[..12] + "…" + id[^8..];
}
