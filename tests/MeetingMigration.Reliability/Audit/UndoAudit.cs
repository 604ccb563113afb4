using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Infrastructure;
using MeetingMigration.Reliability.Scenarios;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Reliability.Audit;

/// <summary>
/// Checks a finished undo three ways that do not trust each other: the calendars (every event's body byte for byte as it
/// was before the migration, moved occurrences as their series was; a meeting a later migration of one kind takes from the
/// undo as the migration left it), what attendees were sent while the undo ran (one update per attendee of each meeting it
/// had to restore, and the series' re-sends Exchange adds for its exceptions; nothing else), and the store (undo requests
/// ended, their counts as their journal's, no meeting restored twice, no journal left at Attempting).
/// </summary>
public static class UndoAudit
{
    /// <summary>
    /// The calendars and the mail before the undo ran; <paramref name="MailSentBefore"/> counts every message sent until
    /// then. <see cref="LaterMigrations"/>: the organizers with a migration of one kind queued after their undo, and its kind.
    /// </summary>
    public sealed record Before(CalendarSnapshot Original, CalendarSnapshot Migrated, int MailSentBefore, IReadOnlyDictionary<string, int> OnlineMeetings)
    {
        public IReadOnlyDictionary<string, SourceMeetingType> LaterMigrations { get; init; } = new Dictionary<string, SourceMeetingType>();
        /// <summary>
        /// Organizers whose Teams dial-in details changed after the migration (their later Teams migration writes their Teams
        /// meetings again, with the new details), run in -Wait sessions that were stopped part-way.
        /// </summary>
        public IReadOnlySet<string> NewTeamsDetails { get; init; } = new HashSet<string>();
    }

    /// <param name="firstMigrations">The migration that was undone (every other request queued since is an undo or a later migration).</param>
    public static async Task RunAsync(ProofTenant proof, SandboxProcess sandbox, Before before, IReadOnlyCollection<Guid> undos,
        IReadOnlySet<Guid> firstMigrations, Findings findings)
    {
        var journaled = await CheckStoreAsync(proof, undos, findings);
        var later = await CheckLaterMigrationsAsync(proof, before, undos, firstMigrations, findings);
        var now = await CalendarSnapshot.TakeAsync(sandbox, proof.Mailboxes);
        var (writes, restores) = CheckBodies(proof, before, now, journaled, later, findings);
        // The journal must tell what was done: a Restored row for each meeting that had to be restored (its attendees were
        // mailed, whichever attempt sent it), none for any other; a meeting left to a later migration is restored only
        // where that migration wrote it again (it ran before the undo got to it).
        foreach (var item in restores.Where(i => !journaled.Contains(i.Id)))
            findings.Add(Findings.Lost, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} restored, but no undo journaled it Restored");
        var restoredIds = restores.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in journaled.Where(id => !restoredIds.Contains(id)))
            findings.Add(Findings.Duplicated, $"event {Findings.ShortId(id)} journaled Restored though it needed no restoring");
        await CheckMailAsync(sandbox, before, writes, findings);
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
    /// The later migrations (queued after an undo, or queued again by one): each must succeed (or fail only on the meetings
    /// the tenant makes fail by design, a body with its block twice), write a meeting at most once, and leave no row at
    /// Attempting.
    /// </summary>
    private static async Task<LaterWrites> CheckLaterMigrationsAsync(ProofTenant proof, Before before, IReadOnlyCollection<Guid> undos,
        IReadOnlySet<Guid> firstMigrations, Findings findings)
    {
        var ambiguous = proof.Tenant.Expectations().Where(e => e.Outcome == ExpectedOutcome.FailAmbiguous).Select(e => e.ICalUId).ToHashSet(StringComparer.Ordinal);
        bool FailsByDesign(string mailbox, string eventId) =>
            before.Migrated.Find(mailbox, eventId) is { } item
            && ambiguous.Contains((item.MasterId != null ? before.Migrated.Find(mailbox, item.MasterId) ?? item : item).ICalUId);
        using var store = proof.Store.Open();
        var later = (await store.QueryAsync(new MigrationStatusQuery(), default))
            .Where(r => !firstMigrations.Contains(r.CorrelationId) && !undos.Contains(r.CorrelationId)).ToList();
        var updatedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var written = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var request in later)
        {
            var journal = await store.GetJournalAsync(request.CorrelationId, default);
            foreach (var row in journal)
                firstRow[request.UserPrincipalName] = Math.Min(row.Id, firstRow.GetValueOrDefault(request.UserPrincipalName, long.MaxValue));
            var failed = journal.Where(e => e.Outcome == MeetingOutcome.Failed).ToList();
            if (request.State != MigrationState.Succeeded && !(request.State == MigrationState.Failed && failed.Count > 0
                    && failed.All(e => FailsByDesign(request.UserPrincipalName, e.EventId))))
                findings.Add(Findings.Lost, $"migration of {request.UserPrincipalName} queued after its undo ended {request.State}: {request.LastMessage}");
            foreach (var rows in journal.GroupBy(e => e.EventId))
            {
                var ordered = rows.OrderBy(e => e.Id).ToList();
                if (ordered[^1].Outcome == MeetingOutcome.Attempting)
                    findings.Add(Findings.Leaked, $"later migration's journal left at Attempting: {request.UserPrincipalName} event {Findings.ShortId(rows.Key)}");
                var updates = ordered.Count(e => e.Outcome == MeetingOutcome.Updated);
                if (updates > 1) findings.Add(Findings.Duplicated, $"migration {request.CorrelationId} journaled {updates} updates of {request.UserPrincipalName} event {Findings.ShortId(rows.Key)}");
                if (updates > 0) updatedBy[rows.Key] = updatedBy.GetValueOrDefault(rows.Key) + 1;
                if (updates > 0) written[rows.Key] = ordered.Last(e => e.Outcome == MeetingOutcome.Updated);
            }
        }
        foreach (var (eventId, count) in updatedBy.Where(u => u.Value > 1))
            findings.Add(Findings.Duplicated, $"event {Findings.ShortId(eventId)} updated by {count} migrations queued after the undo");
        findings.Count("migrations of one kind after an undo (queued, or queued again by it)", later.Count);
        findings.Count("meetings those migrations wrote", updatedBy.Count);
        // Whose later migration worked while the organizer's undo still had work to do (the undo waited for its retry):
        // only there may a meeting left to it have been restored first. Journal row ids follow the order rows were written.
        var ranFirst = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in undos)
        {
            if (await store.GetAsync(id, default) is not { } undo || !firstRow.TryGetValue(undo.UserPrincipalName, out var laterFirst)) continue;
            if ((await store.GetJournalAsync(id, default)).Any(e => e.Id > laterFirst)) ranFirst.Add(undo.UserPrincipalName);
        }
        findings.Count("organizers whose later migration ran before their undo ended", ranFirst.Count);
        return new LaterWrites(updatedBy.Keys.ToHashSet(StringComparer.Ordinal), ranFirst, written);
    }

    /// <summary>
    /// The events the later migrations updated (and the row of each update, with the block it replaced and the one it wrote),
    /// and the organizers whose later migration ran before their undo ended.
    /// </summary>
    private sealed record LaterWrites(IReadOnlySet<string> Updated, IReadOnlySet<string> RanBeforeUndoEnded, IReadOnlyDictionary<string, JournalEntry> Rows);

    /// <summary>
    /// Every event must show what it showed before the migration (a moved occurrence: what its series showed), byte for
    /// byte; except a meeting left to a later migration of one kind, which must show what the undone migration wrote (the
    /// later one finds it current), or, where that organizer's Teams dial-in details changed since (<see
    /// cref="Before.NewTeamsDetails"/>), that body with the later migration's block in place of the one it replaced. Returns,
    /// for every event, how many writes its attendees must have been sent: 1 for a meeting restored; for one left to a later
    /// migration none, or 2 where that migration ran first and the undo restored it before the migration wrote it again (the
    /// journals say which, and must agree with each other); one more for each write of the new details. And the events the
    /// undo must have journaled Restored.
    /// </summary>
    private static (Dictionary<CalendarSnapshot.Item, int> Writes, List<CalendarSnapshot.Item> Restores) CheckBodies(ProofTenant proof, Before before,
        CalendarSnapshot now, IReadOnlySet<string> restored, LaterWrites later, Findings findings)
    {
        var kinds = proof.Tenant.Expectations().ToDictionary(e => e.ICalUId, e => e.Kind, StringComparer.Ordinal);
        var writes = new Dictionary<CalendarSnapshot.Item, int>();
        var restores = new List<CalendarSnapshot.Item>();
        long checkedEvents = 0, migrated = 0, moved = 0, left = 0, newDetails = 0;
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
            if (changed && before.Original.Find(item.Mailbox, item.Id) != null) migrated++;
            else if (changed) moved++;
            var series = item.MasterId != null ? before.Migrated.Find(item.Mailbox, item.MasterId) : null;
            var leftToLater = changed && LeftToLaterMigration(proof, before, item.Mailbox, kinds.GetValueOrDefault((series ?? item).ICalUId, MeetingKind.NoOnlineMeeting));
            if (leftToLater) left++;
            bool wasRestored = restored.Contains(item.Id), wasRewritten = later.Updated.Contains(item.Id);
            var ranFirst = later.RanBeforeUndoEnded.Contains(item.Mailbox);
            var rewrite = before.NewTeamsDetails.Contains(item.Mailbox) && (leftToLater || !changed) ? later.Rows.GetValueOrDefault(item.Id) : null;
            string expected;
            if (rewrite != null)
            {
                // Written with the new details over what the undone migration left (or what the undo put back, where the
                // migration ran first): that body with the migration's block in place of the one it found.
                newDetails++;
                var over = wasRestored ? original.Body : item.Body;
                var at = over.IndexOf(rewrite.OldBlock, StringComparison.Ordinal);
                if (rewrite.OldBlock.Length == 0 || at < 0 || over.IndexOf(rewrite.OldBlock, at + 1, StringComparison.Ordinal) >= 0)
                    findings.Add(Findings.Lost, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)}: the block the later migration journaled replacing is not once in the body it wrote over");
                expected = at < 0 ? over : over.Remove(at, rewrite.OldBlock.Length).Insert(at, rewrite.NewBlock);
                if (wasRestored && !ranFirst)
                    findings.Add(Findings.Duplicated, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} restored by the undo and written again by the migration " +
                        "queued after it, which selects it both ways and ran after the undo: two updates where one was due");
                if (wasRestored) restores.Add(item);
                writes[item] = (wasRestored ? 1 : 0) + 1;
            }
            else if (!changed)
            {
                expected = original.Body;
                writes[item] = 0;
            }
            else if (!leftToLater)
            {
                // Put back; a later migration wrote it only where it ran before the undo (a Teams-only one over a converted
                // meeting, with new details), and the undo then put the earlier block back over that write.
                expected = original.Body;
                if (wasRewritten && !ranFirst)
                    findings.Add(Findings.Duplicated, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} written by the migration queued after the undo, " +
                        "which does not select it as the undo puts it back, though it ran after the undo");
                restores.Add(item);
                writes[item] = 1 + (wasRewritten ? 1 : 0);
            }
            else
            {
                expected = item.Body;
                // Restored and written again, or neither; one without the other leaves the body wrong or mails twice.
                if (wasRestored != wasRewritten)
                    findings.Add(wasRestored ? Findings.Lost : Findings.Duplicated, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)}, left to the migration queued after the undo: " +
                        (wasRestored ? "restored by the undo and not written again" : "written again though the undo did not restore it"));
                else if (wasRestored && !ranFirst)
                    findings.Add(Findings.Duplicated, $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} restored by the undo and written again by the migration " +
                        "queued after it, which selects it both ways and ran after the undo: two updates where none was due");
                if (wasRestored) restores.Add(item);
                writes[item] = wasRestored && wasRewritten ? 2 : 0;
            }
            var after = now.Find(item.Mailbox, item.Id);
            if (after == null) findings.Add(Findings.Lost, $"{item.Mailbox} event {Findings.ShortId(item.Id)} gone after the undo");
            else if (after.Body != expected)
                findings.Add(changed || rewrite != null ? Findings.Lost : Findings.Duplicated, (changed, leftToLater || rewrite != null) switch
                {
                    (_, true) => $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)}, left to the migration queued after the undo, not as that migration writes it: {FirstDifference(expected, after.Body)}",
                    (true, false) => $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} not restored: {FirstDifference(expected, after.Body)}",
                    _ => $"{item.Mailbox} {item.Type} {Findings.ShortId(item.Id)} changed by the undo though the migration left it alone: {FirstDifference(expected, after.Body)}",
                });
        }
        foreach (var key in now.Items.Keys.Where(k => before.Migrated.Find(k.Mailbox, k.Id) == null))
            findings.Add(Findings.Duplicated, $"{key.Mailbox} event {Findings.ShortId(key.Id)} appeared during the undo");
        findings.Count("events compared byte for byte", checkedEvents);
        findings.Count("meetings the migration changed", migrated);
        findings.Count("occurrences moved since, carrying the migrated block", moved);
        findings.Count("meetings to restore (changed by the migration, or moved since)", restores.Count);
        findings.Count("meetings left to a later migration of one kind", left);
        findings.Count("of them restored and written again (the migration ran first)", writes.Count(w => w.Value == 2 && restored.Contains(w.Key.Id)));
        findings.Count("meetings a later migration wrote with new Teams details (organizers run in stopped -Wait sessions)", newDetails);
        return (writes, restores);
    }

    /// <summary>
    /// Whether the undo leaves a meeting to the migration of one kind queued after it (docs/undo.md): that migration must
    /// select the meeting's block both as the undone migration left it and as the undo would put it back. A Skype meeting
    /// the migration converted (its organizer moved to Teams) is Teams now and Skype put back: no one-kind migration takes it.
    /// </summary>
    private static bool LeftToLaterMigration(ProofTenant proof, Before before, string organizer, MeetingKind original)
    {
        if (!before.LaterMigrations.TryGetValue(organizer, out var selected)) return false;
        var converted = original == MeetingKind.SkypeForBusiness && proof.TeamsTargets.Contains(organizer);
        var now = converted ? MeetingKind.Teams : original;
        bool Selects(MeetingKind kind) => (selected, kind) switch
        {
            (SourceMeetingType.All, MeetingKind.SkypeForBusiness or MeetingKind.Teams) => true,
            (SourceMeetingType.SfB, MeetingKind.SkypeForBusiness) => true,
            (SourceMeetingType.Teams, MeetingKind.Teams) => true,
            _ => false,
        };
        return Selects(now) && Selects(original);
    }

    /// <summary>
    /// While the undo ran (and the migrations queued after it): one update to each attendee (inside the tenant or not) of
    /// each write of a meeting (<paramref name="writes"/>), plus, for a written series, one to each of its exceptions for
    /// each write (Exchange re-sends every exception of a series its organizer updates); no invitation, no cancellation,
    /// nothing else.
    /// </summary>
    private static async Task CheckMailAsync(SandboxProcess sandbox, Before before, IReadOnlyDictionary<CalendarSnapshot.Item, int> writes, Findings findings)
    {
        var expected = new Dictionary<(string Recipient, string EventId), int>();
        void Expect(IEnumerable<string> recipients, string eventId, int count)
        {
            foreach (var r in recipients) expected[(r, eventId)] = expected.GetValueOrDefault((r, eventId)) + count;
        }
        foreach (var (item, count) in writes.Where(w => w.Value > 0))
        {
            Expect(item.Recipients, item.Id, count);
            // Exchange's re-send goes to the series' attendees, for each of its exceptions.
            if (item.IsSeries)
                foreach (var exception in before.Migrated.ExceptionsOf(item)) Expect(item.Recipients, exception.Id, count);
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
        findings.Count("attendee updates sent by the undo and the migrations after it", updates.Values.Sum());
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
