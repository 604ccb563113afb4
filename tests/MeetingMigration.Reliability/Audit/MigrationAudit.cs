using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Infrastructure;
using MeetingMigration.Reliability.Scenarios;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Reliability.Audit;

/// <summary>
/// Checks a finished migration three ways that do not trust each other: the store (requests, journal), what attendees
/// received (the sandbox's notifications) and what the mailboxes hold now (bodies, Teams meetings), against the
/// generated tenant's expectation manifest.
/// </summary>
public static class MigrationAudit
{
    public enum Mode
    {
        /// <summary>One request per organizer, run to its end: every meeting to migrate is migrated exactly once.</summary>
        EveryMeetingOnce,
        /// <summary>
        /// Many requests per organizer (sessions starting them over and over): a meeting may be migrated by several requests
        /// or found current, or restored by an undo, but each request writes it at most once and attendees get exactly one update
        /// per such request.
        /// Requests not yet due (a trigger's delay) may still be Pending.
        /// </summary>
        RequestsRunOnce,
    }

    public static async Task<Findings> RunAsync(ProofTenant proof, SandboxProcess sandbox, Findings findings, Mode mode = Mode.EveryMeetingOnce)
    {
        using var store = proof.Store.Open();
        var requests = await store.QueryAsync(new MigrationStatusQuery(), default);
        CheckRequests(proof, requests, findings, mode);

        // Per event: the requests whose journal says they wrote it (a migration's update, an undo's restore: each mails its
        // attendees), and the block the latest write put there.
        var updatedBy = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        var lastWrite = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
        long restored = 0;
        foreach (var request in requests)
        {
            foreach (var entries in (await store.GetJournalAsync(request.CorrelationId, default)).GroupBy(e => e.EventId))
            {
                var ordered = entries.OrderBy(e => e.Id).ToList();
                if (ordered[^1].Outcome == MeetingOutcome.Attempting)
                    findings.Add(Findings.Leaked, $"journal left at Attempting: {request.UserPrincipalName} event {Findings.ShortId(entries.Key)}");
                var updates = ordered.Where(e => e.Outcome is MeetingOutcome.Updated or MeetingOutcome.Restored).ToList();
                if (updates.Count > 1)
                    findings.Add(Findings.Duplicated, $"request {request.CorrelationId} journaled {updates.Count} writes of {request.UserPrincipalName} event {Findings.ShortId(entries.Key)}");
                if (updates.Count == 0) continue;
                (updatedBy.TryGetValue(entries.Key, out var set) ? set : updatedBy[entries.Key] = new HashSet<Guid>()).Add(request.CorrelationId);
                if (!lastWrite.TryGetValue(entries.Key, out var last) || last.Id < updates[^1].Id) lastWrite[entries.Key] = updates[^1];
                if (updates[0].Outcome == MeetingOutcome.Restored) restored++;
            }
        }

        var received = await sandbox.UpdatesAsync();
        findings.Count("attendee updates sent", received.Values.Sum());
        long migrated = 0, converted = 0, checkedMeetings = 0;
        var expectationsByMailbox = proof.Tenant.Expectations().GroupBy(e => e.Mailbox, StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in expectationsByMailbox)
        {
            var events = (await sandbox.OrganizedEventsAsync(mailbox.Key)).ToDictionary(e => e.ICalUId, StringComparer.Ordinal);
            long convertedHere = 0;
            foreach (var expected in mailbox)
            {
                checkedMeetings++;
                // A meeting organized outside the tenant is not in this mailbox as an organizer's item: nobody may update it.
                var times = events.TryGetValue(expected.ICalUId, out var item) && updatedBy.TryGetValue(item.Id, out var by) ? by.Count : 0;
                var what = $"{mailbox.Key} '{expected.Subject}' ({expected.Kind}, {expected.Outcome})";
                if (expected.Outcome == ExpectedOutcome.Migrate)
                {
                    if (times == 0 && mode == Mode.EveryMeetingOnce) findings.Add(Findings.Lost, "not migrated: " + what);
                    if (times > 1 && mode == Mode.EveryMeetingOnce) findings.Add(Findings.Duplicated, $"migrated by {times} requests: " + what);
                    if (times >= 1 && !item!.Body.Contains(lastWrite[item.Id].NewBlock, StringComparison.Ordinal))
                        findings.Add(Findings.Lost, "the block the journal says was written is not in the body: " + what);
                    migrated += times;
                    if (times >= 1 && expected.Kind == MeetingKind.SkypeForBusiness && proof.TeamsTargets.Contains(mailbox.Key)) convertedHere++;
                }
                else if (times > 0)
                {
                    findings.Add(Findings.Duplicated, "updated although it must be left alone: " + what);
                }
                var expectedUpdates = expected.Outcome == ExpectedOutcome.Migrate ? times : 0;
                foreach (var attendee in expected.InternalAttendees)
                {
                    var got = received.GetValueOrDefault((attendee.ToLowerInvariant(), expected.ICalUId));
                    if (got > expectedUpdates) findings.Add(Findings.Duplicated, $"{attendee} got {got} updates, {expectedUpdates} expected: {what}");
                    if (got < expectedUpdates) findings.Add(Findings.Lost, $"{attendee} got {got} updates, {expectedUpdates} expected: {what}");
                }
            }
            if (proof.TeamsTargets.Contains(mailbox.Key))
            {
                // Exactly one new Teams meeting per converted meeting: more is an orphan nobody's invitation uses.
                var created = await sandbox.OnlineMeetingCountAsync(mailbox.Key) - proof.OnlineMeetingsBefore[mailbox.Key];
                if (created > convertedHere) findings.Add(Findings.Duplicated, $"{mailbox.Key}: {created} Teams meetings created for {convertedHere} conversions");
                if (created < convertedHere) findings.Add(Findings.Lost, $"{mailbox.Key}: {created} Teams meetings created for {convertedHere} conversions");
                converted += convertedHere;
            }
        }
        findings.Count("meetings checked", checkedMeetings);
        findings.Count("meetings migrated", migrated - restored);
        if (mode == Mode.RequestsRunOnce) findings.Count("meetings restored by undos", restored);
        findings.Count("Skype meetings converted to Teams", converted);
        // SQLite's integrity_check; a PostgreSQL store's pages are the server's to check.
        if (!proof.Store.IsServer) StoreIntegrity.Check(proof.StorePath, findings);
        return findings;
    }

    private static void CheckRequests(ProofTenant proof, IReadOnlyList<MigrationRequest> requests, Findings findings, Mode mode)
    {
        var byUser = requests.GroupBy(r => r.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var upn in proof.Mailboxes)
            if (!byUser.ContainsKey(upn)) findings.Add(Findings.Lost, "queued request gone: " + upn);
        foreach (var r in requests)
        {
            var mayWait = mode == Mode.RequestsRunOnce && r.State == MigrationState.Pending && r.NotBefore > DateTime.UtcNow;
            // A request waiting for its retry (Pending, RetryScheduled) has run: in a run where every meeting must end done it
            // is a finding, otherwise it is as good as ended, and like a Failed one it must say why.
            if (r.AwaitingRetry && mode == Mode.EveryMeetingOnce)
                findings.Add(Findings.Leaked, $"request still waiting for a retry: {r.UserPrincipalName}: {r.LastMessage}");
            else if (r.State is not (MigrationState.Succeeded or MigrationState.Failed) && !mayWait && !r.AwaitingRetry)
                findings.Add(Findings.Leaked, $"request stuck {r.State}: {r.UserPrincipalName}");
            else if ((r.State == MigrationState.Failed || r.AwaitingRetry) && string.IsNullOrWhiteSpace(r.LastMessage))
                findings.Add(Findings.Leaked, $"request Failed without a reason: {r.UserPrincipalName}");
        }
        findings.Count("requests", requests.Count);
        if (mode == Mode.RequestsRunOnce) findings.Count("requests waiting for their trigger delay", requests.Count(r => r.State == MigrationState.Pending && !r.AwaitingRetry && r.NotBefore > DateTime.UtcNow));
        findings.Count("requests succeeded", requests.Count(r => r.State == MigrationState.Succeeded));
        findings.Count("request retries", requests.Sum(r => (long)r.RetryCount));
        findings.Count("requests failed with a reason", requests.Count(r => r.State == MigrationState.Failed && !string.IsNullOrWhiteSpace(r.LastMessage)));
        findings.Count("requests waiting for a retry", requests.Count(r => r.AwaitingRetry));
    }
}
