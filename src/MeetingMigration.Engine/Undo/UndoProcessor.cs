using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Users;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// One attempt at an undo request: resolve the organizer, take the journal's list of meetings to restore, and restore
    /// each once (MeetingRestorer). Meetings are read one by one, not from the calendar: only what the journal names is
    /// touched. A resumed attempt skips what this undo already restored.
    /// </summary>
    public sealed class UndoProcessor
    {
        private const int MaxNamedFailures = 10;

        /// <summary>What a summary says before the meetings an attempt did not restore; the store finds a replaced undo that failed none by it.</summary>
        internal const string NotRestoredWords = " meeting(s) not restored: ";
        private readonly IMailboxGateway _gateway;
        private readonly IMigrationStore _store;
        private readonly IClock _clock;

        public UndoProcessor(IMailboxGateway gateway, IMigrationStore store, IClock? clock = null)
        {
            _gateway = gateway;
            _store = store;
            _clock = clock ?? SystemClock.Instance;
        }

        /// <param name="scope">"" for every migration of the user, else the undone request's id (requests.undo_of).</param>
        public async Task<AttemptResult> RunAsync(MigrationRequest request, string scope, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            var result = new AttemptResult();
            var identity = request.UserId != null ? UserIdentity.Parse(request.UserId.Value.ToString("D")) : UserIdentity.Parse(request.UserPrincipalName);
            Users.DirectoryUser? user;
            try
            {
                user = await _gateway.FindAsync(identity, cancellationToken).ConfigureAwait(false);
            }
            catch (GraphCallException e) when (!e.IsConnectionDown)
            {
                // A directory that stays busy, as a migration says it (a Pester test of the undo's retries: "The attempt
                // stopped on an unexpected error", and 0 meetings restored for an undo that had put meetings back).
                return result.LookupFailed(request.UserPrincipalName, e);
            }
            if (user == null) return result.NoSuchUser(request.UserPrincipalName);
            result.ResolvedUserId = user.Id;
            result.ResolvedUserPrincipalName = user.UserPrincipalName;
            var working = request.Clone();
            working.UserPrincipalName = user.UserPrincipalName;

            Guid? undoOf = scope.Length == 0 ? (Guid?)null : Guid.Parse(scope);
            // An undo the store queued ahead of a migration (FinishingUndo) lists nothing of its own: it only finishes the series
            // undos that ended Failed put back (below), and counts what an earlier attempt of it restored.
            var finishing = request.QueuedFor;
            var targets = finishing != null ? Array.Empty<JournalEntry>()
                : await _store.GetUndoTargetsAsync(user.UserPrincipalName, undoOf, cancellationToken).ConfigureAwait(false);
            var latest = await _store.GetLatestJournalByEventAsync(user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            // The user scope's list is of meetings whose latest write is a migration's; what undos restored is looked up by
            // the migration that wrote it (the block a series' moved occurrences carry, see MovedOccurrences).
            var migrationWrites = await _store.GetLatestMigrationWritesAsync(user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            if (undoOf == null) targets = WithThoseRestoredEarlier(targets, latest, migrationWrites, request.CorrelationId);
            // An undo of one request takes back only what that request's write still is: a meeting whose latest write (of a
            // migration or an undo) is another request's migration belongs to that request now, even where it wrote the same
            // block: A wrote C2, B C3, D C2 again, and an undo of A put C1 back over D's write and mailed it (an outside probe
            // found that through a request undone once already, which the plan now refuses, MigrationAdmin.PlanUndoAsync).
            var rewritten = undoOf == null ? null
                : (await _store.GetUndoTargetsAsync(user.UserPrincipalName, null, cancellationToken).ConfigureAwait(false))
                    .Where(w => w.CorrelationId != undoOf.Value).ToDictionary(w => w.EventId, w => w.CorrelationId, StringComparer.Ordinal);
            var restorer = new MeetingRestorer(_gateway, _store, working, user.UserPrincipalName, _clock)
            {
                MigratedAgainBy = undoOf == null ? null
                    : migrationWrites.Values.Where(w => w.CorrelationId != undoOf.Value).ToDictionary(w => w.EventId, w => w.CorrelationId, StringComparer.Ordinal),
            };
            // What this undo restored in any attempt: a meeting a later migration wrote since is that migration's now, but its
            // restore went out and is counted (an outside probe: an undo whose retry came after a Skype-only migration said
            // "2 meeting(s) restored" for 4 restored, and that it did not mail the other two's attendees).
            var restoredEarlier = new HashSet<string>((await _store.GetJournalAsync(request.CorrelationId, cancellationToken).ConfigureAwait(false))
                .Where(e => e.Outcome == MeetingOutcome.Restored).Select(e => e.EventId), StringComparer.Ordinal);
            // Journaled on their own, so the series walk leaves them to the list; not a meeting only rewritten since (the
            // scope of one request does not list it) whose restore this undo announced and never saw the end of: the walk
            // settles that restore (see MovedOccurrences.Release).
            var moved = new MovedOccurrences(_gateway, restorer, user.UserPrincipalName, request.CorrelationId, _clock, latest,
                targets.Select(t => t.EventId).Concat((rewritten?.Keys ?? Enumerable.Empty<string>())
                    .Where(id => !(latest.TryGetValue(id, out var row) && IsAttemptedBy(row, request.CorrelationId)))));
            // This undo's restores, announced and never seen to their end, of meetings its list leaves to a later migration: an
            // occurrence moved since that the migration wrote, which the series walk was putting back over that write. The walk
            // settles them (MovedOccurrences.Release); the list would pass them over (an outside probe: Attempting for good).
            var interruptedLeftToLater = targets.Where(t => latest.TryGetValue(t.EventId, out var row) && IsAttemptedBy(row, request.CorrelationId)).ToList();
            if (interruptedLeftToLater.Count > 0)
            {
                var laterNow = await LaterMigrationsAsync(user, request, cancellationToken).ConfigureAwait(false);
                foreach (var target in interruptedLeftToLater.Where(t => laterNow.Contains(t.CorrelationId)))
                    if (await _store.GetMigrationWriteQueuedBeforeAsync(user.UserPrincipalName, target.EventId, request.CreateDate, cancellationToken).ConfigureAwait(false) == null)
                        moved.Release(target.EventId);
            }
            var failures = new List<string>();
            var seen = targets.Count;
            var done = 0;
            var leftAlone = 0;
            // Meetings a migration queued after this undo writes next, by that migration (see LaterMigrations).
            var leftToLater = new Dictionary<string, Guid>(StringComparer.Ordinal);
            var countedEvents = new HashSet<string>(StringComparer.Ordinal); // the meetings this attempt counted
            MigrationRequest? replacedBy = null;
            foreach (var target in targets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MeetingResult outcome;
                var earlier = false;
                var restoreOf = target; // the row whose earlier block is put back (see TakenBackOverLaterAsync)
                JournalEntry? takenBackFrom = null; // the undone migration's row, when put back over a later migration's write
                latest.TryGetValue(target.EventId, out var last);
                var interrupted = last != null && IsAttemptedBy(last, request.CorrelationId);
                // The write the meeting's latest row stands for. Behind an interrupted restore of this undo, the migration's
                // write it was taking back (an outside probe: resumed in the scope of one request, an undo stopped inside a
                // restore over a Teams-only migration's write took that write for a later request's to refuse, unread).
                var lastWrite = interrupted && migrationWrites.TryGetValue(target.EventId, out var writtenBefore) ? writtenBefore : last;
                // A block the meeting may show instead of the one the undo expects, and still be restored: the one an
                // interrupted restore of this undo found there (or, below, the one a later migration's interrupted write replaced).
                var orShowing = interrupted ? BlockFingerprint.Compute(last!.OldBlock) : null;
                if (last != null && IsRestoredBy(last, request.CorrelationId))
                    (outcome, earlier) = (new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true), true); // restored by an earlier attempt
                else if (last != null && IsFoundInPlaceBy(last, request.CorrelationId))
                    (outcome, earlier) = (new MeetingResult(MeetingResultKind.AlreadyCurrent), true); // an earlier attempt found the earlier block there
                else if (undoOf != null && last != null && last.CorrelationId != request.CorrelationId && last.IsUndoWrite
                         && last.NewBlockHash == BlockFingerprint.Compute(target.OldBlock))
                {
                    // Put back already by another undo (one that did not finish, run again now): not this undo's to write again,
                    // whatever it shows now, as the plan says (an outside probe: a re-run rewrote a series its organizer had set
                    // back by hand, and mailed every attendee). Not counted; its moved occurrences are still looked for, also
                    // when a migration queued since replaces this undo: finishing that undo's series is what this one was asked
                    // for, and the store runs it before the migration for it (an outside probe: replaced before, it left the
                    // series put back and its moved occurrence as the undone migration wrote it, each of its kind).
                    seen--;
                    await ReplacedAsync().ConfigureAwait(false); // the later migrations as they are now, which the walk reads
                    await MovedOccurrencesOfAsync(target, knownMaster: false, counted: false).ConfigureAwait(false);
                    continue;
                }
                else if (await ReplacedAsync().ConfigureAwait(false))
                {
                    // Replaced by a migration queued since: not written (an interrupted restore of it is settled below).
                    seen--;
                    continue;
                }
                else if (WrittenByLater(target, lastWrite) is Guid writtenBy)
                {
                    // A migration queued after this undo ran already (a -Wait session, or this undo's retry came after it) and
                    // wrote the meeting. The write it took back is the one this undo is to take back (in the user scope, the
                    // list names the later write: the one before it is looked up; none, and the meeting is no undo's business).
                    var undone = restorer.Later.Contains(target.CorrelationId)
                        ? await _store.GetMigrationWriteQueuedBeforeAsync(user.UserPrincipalName, target.EventId, request.CreateDate, cancellationToken).ConfigureAwait(false)
                        : target;
                    if (TakenBackOverLater(undone, target, lastWrite, writtenBy) is JournalEntry overLater)
                    {
                        (restoreOf, takenBackFrom) = (overLater, undone);
                        // That migration's write announced and never seen to its end: applied or not, only the meeting says.
                        var laterAttempt = lastWrite != null && lastWrite.Outcome == MeetingOutcome.Attempting && lastWrite.CorrelationId == writtenBy ? lastWrite : null;
                        if (laterAttempt != null) orShowing = BlockFingerprint.Compute(laterAttempt.OldBlock);
                        outcome = await restorer.RestoreAsync(overLater, interrupted, cancellationToken, orShowing, interrupted ? last!.OldBlock : null, laterAttempt).ConfigureAwait(false);
                    }
                    else
                    {
                        // The migration's write, not this undo's to take back. One this undo had restored before is counted
                        // below, with its moved occurrences (they are the migration's too now; nothing more is looked for). One
                        // only that migration wrote is not said to be left to it (an outside re-probe counted the user's own
                        // Teams meetings).
                        seen--;
                        if (!restoredEarlier.Contains(target.EventId) && undone != null) leftToLater[target.EventId] = writtenBy;
                        continue;
                    }
                }
                else if (rewritten != null && rewritten.TryGetValue(target.EventId, out var since))
                    outcome = await restorer.RefuseRewrittenAsync(target, since, cancellationToken).ConfigureAwait(false);
                else
                    outcome = await restorer.RestoreAsync(target, interrupted, cancellationToken, orShowing, interrupted ? last!.OldBlock : null).ConfigureAwait(false);
                if (outcome.LeftToLaterMigration is Guid leftTo) leftToLater[target.EventId] = leftTo;
                else if (outcome.Kind == MeetingResultKind.Ignored) leftAlone++;
                Count(result, outcome, target, failures, countedEvents);
                progress?.Report(new MigrationProgress { UserPrincipalName = user.UserPrincipalName, MeetingsSeen = seen, MeetingsDone = ++done, CurrentSubject = target.Subject });
                // A restored series: then its occurrences moved since the migration, which carry the block it took back.
                // (One restored by an earlier attempt is listed by the migration's row; one with no such row, an occurrence moved
                // since, is no series.) Also when a migration queued since replaces this undo: a series is finished before the
                // undo stops, or the migration would write its master as put back and its occurrences as the undone migration
                // left them, each of its kind (an outside probe: a Skype series with a Teams occurrence, said nowhere).
                if ((outcome.Kind == MeetingResultKind.Updated || outcome.Kind == MeetingResultKind.AlreadyCurrent)
                    && (earlier ? target.CorrelationId != request.CorrelationId : outcome.OfSeriesMaster))
                {
                    await ReplacedAsync().ConfigureAwait(false); // the later migrations as they are now, which the walk reads
                    // Restored by an earlier attempt over a later migration's write: its occurrences are looked for as that
                    // attempt would have (an occurrence moved since carries the later migration's block, and gets the
                    // series' earlier block back, not the one the later migration replaced).
                    if (earlier && migrationWrites.TryGetValue(target.EventId, out var laterWrite) && restorer.Later.Contains(laterWrite.CorrelationId))
                    {
                        var undone = await _store.GetMigrationWriteQueuedBeforeAsync(user.UserPrincipalName, target.EventId, request.CreateDate, cancellationToken).ConfigureAwait(false);
                        if (TakenBackOverLater(undone, target, laterWrite, laterWrite.CorrelationId) is JournalEntry overLater)
                            (restoreOf, takenBackFrom) = (overLater, undone);
                    }
                    await MovedOccurrencesOfAsync(restoreOf, knownMaster: !earlier, counted: true, takenBackFrom ?? restoreOf).ConfigureAwait(false);
                }
            }
            // The user scope: the series an earlier undo restored and did not finish (it failed, or this undo replaced its
            // retry) may still have occurrences moved since the migration to restore; its journal no longer lists them (an
            // outside probe: run again, the undo said there was nothing to undo, and its retry, replaced, never came).
            var failedUndos = new List<Guid>();
            if (undoOf == null)
            {
                // Finished as any series this undo restored, replaced or not (see above).
                var putBack = latest;
                if (finishing is Guid queuedBefore)
                {
                    await ReplacedAsync().ConfigureAwait(false); // the later migrations, which the walk reads
                    if (await SettleFailedUndosRestoresAsync(identity, user.UserPrincipalName, latest, request.CorrelationId, queuedBefore, result, failures, cancellationToken).ConfigureAwait(false))
                        putBack = await _store.GetLatestJournalByEventAsync(user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
                }
                foreach (var series in await SeriesOfUnfinishedUndosAsync(identity, putBack, migrationWrites, request.CorrelationId, failedUndos, cancellationToken).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await MovedOccurrencesOfAsync(series, knownMaster: false, counted: false).ConfigureAwait(false);
                }
            }
            if (replacedBy != null)
            {
                // Replaced: nothing more is written. Restores an earlier attempt journaled and never saw the end of are settled
                // from their markers, so none stays Attempting (read again: this attempt settled those it reached).
                foreach (var attempt in (await _store.GetLatestJournalByEventAsync(user.UserPrincipalName, cancellationToken).ConfigureAwait(false)).Values
                             .Where(last => IsAttemptedBy(last, request.CorrelationId)).OrderBy(last => last.Id))
                {
                    var settled = await restorer.SettleReplacedAsync(attempt, replacedBy.CorrelationId, cancellationToken).ConfigureAwait(false);
                    Count(result, settled, attempt, failures);
                    // A series whose restore went out is finished, as above: its moved occurrences get its earlier block too.
                    if (settled.Kind == MeetingResultKind.Updated && settled.OfSeriesMaster
                        && targets.FirstOrDefault(t => t.EventId == attempt.EventId && t.CorrelationId != request.CorrelationId) is JournalEntry series)
                        await MovedOccurrencesOfAsync(series, knownMaster: true, counted: false).ConfigureAwait(false);
                }
                // Counted from its journal, every attempt's: this one stopped before meetings an earlier attempt restored
                // (those it skipped once replaced), whose updates went out all the same.
                var counts = await _store.CountJournalAsync(request.CorrelationId, cancellationToken).ConfigureAwait(false);
                (result.TotalMeeting, result.SucceededMeeting, result.FailedMeeting, result.InvitesUpdate) = (counts.Total, counts.Succeeded, counts.Failed, counts.Updates);
            }
            if (replacedBy == null)
            {
                // What an earlier attempt restored and this one did not count (another request wrote it since): its update
                // went out (an outside probe: "2 meeting(s) restored" for 4, the others said not mailed).
                foreach (var eventId in restoredEarlier.Where(id => !countedEvents.Contains(id)))
                    Count(result, new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true), new JournalEntry { EventId = eventId }, failures);
            }
            var missed = replacedBy == null
                ? await QueueAgainWhatFinishedMigrationsMissedAsync(user, request, cancellationToken).ConfigureAwait(false)
                : Array.Empty<(MigrationRequest, int, MigrationRequest)>();
            result.CalendarRead = replacedBy == null;
            result.Succeeded = result.FailedMeeting == 0 && replacedBy == null;
            result.ReplacedByMigration = replacedBy != null;

            var what = undoOf == null ? "every migration" : $"request {undoOf:D}";
            var summary = finishing is Guid queuedFor ? FinishingUndo.Summary(failedUndos, queuedFor, result.InvitesUpdate, failures.Count > 0)
                : $"Undo of {what}: {result.InvitesUpdate} meeting(s) restored.";
            // Not counted (nothing was sent), but said: those meetings keep the migration's block (an outside re-probe).
            // "Wrote nothing", not "mailed nobody": an occurrence its organizer moved is re-sent by Exchange whenever its series
            // changes, under way or not, when the undo restores the series (outside probe AF).
            if (leftAlone > 0) summary += $" {leftAlone} left alone, begun, over, cancelled or deleted since the migration: the undo wrote nothing to them.";
            if (leftToLater.Count > 0)
            {
                // Each named as the store finds it again if that migration is stopped before it runs.
                var by = leftToLater.Values.Distinct().Select(UndoReplacement.LeftTo).ToList();
                summary += $" {leftToLater.Count} {string.Join(" and ", by)}, queued after this undo for the meetings of the kind " +
                           $"{(by.Count == 1 ? "it selects, which writes" : "they select, which write")} them with the current details: this undo did not mail their attendees.";
            }
            // Said once per request queued: two selections queued again merge into one request (an outside re-probe read the
            // same meetings twice).
            foreach (var again in missed.GroupBy(m => m.Queued.CorrelationId))
            {
                var finished = again.Select(m => $"request {m.Finished.CorrelationId:D}").ToList();
                summary += $" {again.Max(m => m.Meetings)} of the meetings it restored are of the kind {string.Join(" and ", finished)}, queued after this undo, " +
                           $"{(finished.Count == 1 ? "selects, and that request had" : "select, and those requests had")} run before: " +
                           $"{UndoReplacement.QueuedAgain(again.Key)} with the current details, as it would have after this undo.";
            }
            if (failures.Count > 0)
            {
                var more = failures.Count > MaxNamedFailures ? $"; and {failures.Count - MaxNamedFailures} more" : "";
                summary += $" {failures.Count}{NotRestoredWords}{string.Join("; ", failures.Take(MaxNamedFailures))}{more}.";
                if (finishing is Guid before) summary += FinishingUndo.FailedNote(before);
            }
            if (replacedBy != null)
                // Said in these words: the store finds such an undo by them (RelationalMigrationStore.ReplacedByPattern).
                summary += $" {UndoReplacement.ByMigration(replacedBy.CorrelationId)}, and stopped there: run on, it would take back what the migration writes;" +
                           " the migration writes again the meetings it had put back.";
            result.LastMessage = summary;
            return result;

            // Whether migrations queued since replace this undo, asked before each write; once they do, for good. Narrower ones
            // take only the meetings they write, which the restorer leaves to them. Never an undo queued ahead of the migration
            // to finish a Failed undo's series: that migration waits for it.
            async Task<bool> ReplacedAsync()
            {
                if (replacedBy != null) return true;
                restorer.Later = await LaterMigrationsAsync(user, request, cancellationToken).ConfigureAwait(false);
                replacedBy = finishing != null ? null : restorer.Later.Replacing;
                return replacedBy != null;
            }

            // A meeting a migration queued after this undo wrote before it (it ran first), whose earlier block is of a kind that
            // migration does not select: run after the undo, as queued, it would have left the meeting as the undo put it back.
            // The undo puts that block back over the migration's write (an outside re-probe: a Teams-only migration that ran
            // first, after a conference ID change, rewrote the meetings the undone migration had converted to Teams, and the
            // undo left them converted; with no change to write, the same undo restored them). Null: the meeting is left.
            JournalEntry? TakenBackOverLater(JournalEntry? undone, JournalEntry target, JournalEntry? last, Guid writtenBy)
            {
                var later = restorer.Later.Requests.FirstOrDefault(r => r.CorrelationId == writtenBy);
                if (later == null || undone == null || !(undone.Kind is MeetingKind kind) || LaterMigrations.Selects(later, kind)) return null;
                var written = last != null && last.CorrelationId == writtenBy && IsWriteOrAttempt(last) ? last : target;
                return undone.OverLaterWrite(written); // what the meeting shows now: the later migration's block
            }

            // The migration queued after this undo whose write the meeting's latest is (or, in the user scope, that the list
            // took it from), if any. A write it announced and never saw the end of counts (an outside probe: its -Wait session
            // stopped inside the writes, a Teams-only migration's rewrites of converted meetings were refused by the undo as
            // "changed since", the conversion kept).
            Guid? WrittenByLater(JournalEntry target, JournalEntry? last) =>
                restorer.Later.Contains(target.CorrelationId) ? target.CorrelationId
                : last != null && IsWriteOrAttempt(last) && restorer.Later.Contains(last.CorrelationId) ? last.CorrelationId
                : (Guid?)null;

            // The series' occurrences moved since the migration, restored and counted as meetings of this undo. Counted: the
            // series itself is among this attempt's meetings already.
            async Task MovedOccurrencesOfAsync(JournalEntry series, bool knownMaster, bool counted, JournalEntry? undone = null)
            {
                IReadOnlyList<(JournalEntry Occurrence, MeetingResult Outcome)> occurrences;
                try
                {
                    occurrences = await moved.RestoreAsync(series, knownMaster, cancellationToken, undone).ConfigureAwait(false);
                }
                catch (GraphCallException e) when (!e.IsConnectionDown)
                {
                    // The series is restored; its moved occurrences are looked for again by the retry this failure schedules.
                    // A series counted already turns from succeeded to failed, not counted twice (an outside probe: "2 meeting(s)"
                    // for one series, once restored and once not); its update stays counted, it was sent.
                    var failure = new MeetingResult(MeetingResultKind.Failed,
                        $"restored, but looking for its occurrences moved since the migration failed: {e.Said(withMessage: false)}", transient: true);
                    if (counted)
                    {
                        result.TotalMeeting--;
                        result.SucceededMeeting--;
                        seen--;
                    }
                    occurrences = new[] { (series, failure) };
                }
                seen += occurrences.Count(o => o.Outcome.LeftToLaterMigration == null);
                foreach (var (occurrence, occurrenceOutcome) in occurrences)
                {
                    if (occurrenceOutcome.LeftToLaterMigration is Guid leftTo)
                    {
                        leftToLater[occurrence.EventId] = leftTo; // not counted: the migration writes it
                        continue;
                    }
                    Count(result, occurrenceOutcome, occurrence, failures, countedEvents);
                    progress?.Report(new MigrationProgress { UserPrincipalName = user.UserPrincipalName, MeetingsSeen = seen, MeetingsDone = ++done, CurrentSubject = occurrence.Subject });
                }
            }
        }

        /// <summary>
        /// The migrations of the user queued after this undo (Start, a dial-in change, a trigger). One selecting every meeting
        /// stops the undo before its next meeting, since whatever it restored from then on the migration would write again,
        /// its attendees mailed twice; narrower ones take only the meetings they write (LaterMigrations). The
        /// migration's enqueue ends an undo no worker is running; one a worker holds is left to find it here, and so is one
        /// resumed after its worker died (its lease still held when the migration was queued). Found by an outside probe: a
        /// killed undo, resumed once its lease ran out, restored six meetings and the migration rewrote them a second later.
        /// In any state: one that ran already (a worker took it while the undo's lease ran out) wrote what this undo would
        /// take back.
        /// </summary>
        /// <param name="user">The organizer as resolved: asked by address and by object id, since a migration queued by one
        /// of them carries only that one until it runs.</param>
        private async Task<LaterMigrations> LaterMigrationsAsync(DirectoryUser user, MigrationRequest undo, CancellationToken cancellationToken)
        {
            var requests = new List<MigrationRequest>();
            foreach (var identity in new[] { UserIdentity.Parse(user.UserPrincipalName), UserIdentity.Parse(user.Id.ToString("D")) })
                requests.AddRange(await _store.QueryAsync(new MigrationStatusQuery { Identity = identity }, cancellationToken).ConfigureAwait(false));
            var later = requests
                .Where(r => r.Trigger != Triggers.TriggerNames.Undo && r.CreateDate > undo.CreateDate)
                .GroupBy(r => r.CorrelationId).Select(g => g.First()) // found by address and by id alike
                .ToList();
            return later.Count == 0 ? LaterMigrations.None : new LaterMigrations(later);
        }

        /// <summary>
        /// A migration of one kind queued after this undo that ran before it (a -Wait session runs its own request ahead of an
        /// older queued undo; one queued while the undo waited for its retry runs first) did not see the meetings this undo
        /// restored after it ended. Those of a kind it selects it would have written after the undo: found by an outside
        /// probe, a Skype-only migration (and a move to Teams) had left the meetings the undone migration converted alone,
        /// Teams meetings then, and the undo put them back to their old Skype block, where nothing converted or refreshed them
        /// again. Such a migration is queued again with the same selection, once per selection (a resumed undo finds the one
        /// it queued, Pending, and queues nothing more). Not when a migration of that selection is still to run.
        /// </summary>
        private async Task<IReadOnlyList<(MigrationRequest Finished, int Meetings, MigrationRequest Queued)>> QueueAgainWhatFinishedMigrationsMissedAsync(
            DirectoryUser user, MigrationRequest undo, CancellationToken cancellationToken)
        {
            var later = await LaterMigrationsAsync(user, undo, cancellationToken).ConfigureAwait(false);
            bool Finished(MigrationRequest m) => m.State == MigrationState.Succeeded || (m.State == MigrationState.Failed && !m.RetryScheduled);
            if (!later.Requests.Any(Finished)) return Array.Empty<(MigrationRequest, int, MigrationRequest)>();
            var restores = (await _store.GetJournalAsync(undo.CorrelationId, cancellationToken).ConfigureAwait(false))
                .Where(e => e.Outcome == MeetingOutcome.Restored).ToList();
            var queued = new List<(MigrationRequest, int, MigrationRequest)>();
            foreach (var finished in later.Requests.Where(Finished).GroupBy(m => (m.SourceMeetingType, m.TargetMeetingType)).Select(g => g.OrderBy(m => m.ModifiedDate).Last()))
            {
                var unseen = restores.Count(e => e.Time > finished.ModifiedDate && (!(e.Kind is MeetingKind kind) || LaterMigrations.Selects(finished, kind)));
                if (unseen == 0 || later.Requests.Any(m => !Finished(m) && m.SourceMeetingType == finished.SourceMeetingType && m.TargetMeetingType == finished.TargetMeetingType))
                    continue;
                var again = await _store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(user.UserPrincipalName), finished.SourceMeetingType, finished.TargetMeetingType)
                {
                    UserId = user.Id,
                    UserPrincipalName = user.UserPrincipalName,
                    Trigger = finished.Trigger,
                }, cancellationToken).ConfigureAwait(false);
                queued.Add((finished, unseen, again.Request));
            }
            return queued;
        }

        /// <summary>
        /// The user scope lists the meetings whose latest write is a migration's. Those this undo restored (or found in place)
        /// before it was stopped (a killed service, a lost lease) now end in its own Restored (or AlreadyUpdated) row and drop
        /// out of that list; they are counted from that row, or a resumed undo reported only its last attempt's meetings (found by an outside probe:
        /// "1 meeting(s) restored" for 7 restored and mailed). A request's scope lists its Updated rows whatever came after.
        /// Each is listed by the migration's row it took back, as the request scope lists it: a series' moved occurrences
        /// carry that migration's block (an outside probe: listed by the undo's own row, a resumed undo compared them with
        /// the block it had put back, skipped those still to restore, and wrote the migration's block back into one it had).
        /// </summary>
        private static IReadOnlyList<JournalEntry> WithThoseRestoredEarlier(IReadOnlyList<JournalEntry> targets, IReadOnlyDictionary<string, JournalEntry> latest,
            IReadOnlyDictionary<string, JournalEntry> migrationWrites, Guid undo)
        {
            var listed = new HashSet<string>(targets.Select(t => t.EventId), StringComparer.Ordinal);
            var restoredEarlier = latest.Values
                .Where(last => (IsRestoredBy(last, undo) || IsFoundInPlaceBy(last, undo)) && !listed.Contains(last.EventId))
                .OrderBy(last => last.Id)
                .Select(last => migrationWrites.TryGetValue(last.EventId, out var written) ? written : last);
            return restoredEarlier.Concat(targets).ToList();
        }

        /// <summary>
        /// The series (by the migration's row each took back) whose latest write is a restore by another undo of the user that
        /// did not finish (Failed: its retries used up, or its retry replaced by this undo): their occurrences moved since the
        /// migration may be left to restore, and no list of this undo names them.
        /// </summary>
        /// <param name="undos">Gets the Failed undos those series are of.</param>
        private async Task<IReadOnlyList<JournalEntry>> SeriesOfUnfinishedUndosAsync(UserIdentity identity, IReadOnlyDictionary<string, JournalEntry> latest,
            IReadOnlyDictionary<string, JournalEntry> migrationWrites, Guid undo, List<Guid> undos, CancellationToken cancellationToken)
        {
            var unfinished = new HashSet<Guid>((await _store.QueryAsync(new MigrationStatusQuery { Identity = identity }, cancellationToken).ConfigureAwait(false))
                .Where(r => r.Trigger == Triggers.TriggerNames.Undo && r.State == MigrationState.Failed && r.CorrelationId != undo)
                .Select(r => r.CorrelationId));
            if (unfinished.Count == 0) return Array.Empty<JournalEntry>();
            var putBack = latest.Values
                .Where(last => unfinished.Contains(last.CorrelationId) && last.IsUndoWrite && migrationWrites.ContainsKey(last.EventId))
                .OrderBy(last => last.Id)
                .ToList();
            undos.AddRange(putBack.Select(last => last.CorrelationId).Distinct());
            return putBack.Select(last => migrationWrites[last.EventId]).ToList();
        }

        /// <summary>
        /// For an undo queued ahead of a migration: the restores undos of the user that ended Failed announced and never saw the
        /// end of (their last attempt stopped as Graph failed even the look that settles a lost answer), settled from the
        /// meeting's marker in that undo's journal, Restored or Skipped, writing nothing. Found by outside probe K: such a
        /// restore went out, nothing said so, and the migration after it wrote that series in two kinds. True when one was.
        /// </summary>
        private async Task<bool> SettleFailedUndosRestoresAsync(UserIdentity identity, string mailbox, IReadOnlyDictionary<string, JournalEntry> latest,
            Guid finishingUndo, Guid migration, AttemptResult result, List<string> failures, CancellationToken cancellationToken)
        {
            var attempts = latest.Values.Where(last => last.Outcome == MeetingOutcome.Attempting).OrderBy(last => last.Id).ToList();
            if (attempts.Count == 0) return false;
            var failed = (await _store.QueryAsync(new MigrationStatusQuery { Identity = identity }, cancellationToken).ConfigureAwait(false))
                .Where(r => r.Trigger == Triggers.TriggerNames.Undo && r.State == MigrationState.Failed)
                .GroupBy(r => r.CorrelationId).ToDictionary(g => g.Key, g => g.First());
            var settled = new Dictionary<Guid, int>();
            foreach (var attempt in attempts.Where(a => failed.ContainsKey(a.CorrelationId)))
            {
                var undo = failed[attempt.CorrelationId].Clone();
                undo.UserPrincipalName = mailbox;
                try
                {
                    await new MeetingRestorer(_gateway, _store, undo, mailbox, _clock).SettleReplacedAsync(attempt, migration, cancellationToken).ConfigureAwait(false);
                    settled[attempt.CorrelationId] = settled.TryGetValue(attempt.CorrelationId, out var n) ? n + 1 : 1;
                }
                catch (GraphCallException e) when (!e.IsConnectionDown)
                {
                    Count(result, new MeetingResult(MeetingResultKind.Failed,
                        $"the restore the undo {attempt.CorrelationId:D} announced could not be settled: reading the meeting failed: {e.Said(withMessage: false)}", transient: true),
                        attempt, failures);
                }
            }
            // The Failed undo's status counted what its last attempt saw: a restore settled since as gone out was in no count
            // (0 updates, though its attendees got one). Its counts are redone from its journal, which now holds the settled row.
            foreach (var undo in settled)
                await _store.RecountFailedAsync(undo.Key, FinishingUndo.SettledSinceNote(finishingUndo, undo.Value), cancellationToken).ConfigureAwait(false);
            return settled.Count > 0;
        }

        /// <summary>A write, or one announced (Attempting) whose end its request never saw.</summary>
        private static bool IsWriteOrAttempt(JournalEntry row) => row.IsWrite || row.Outcome == MeetingOutcome.Attempting;

        /// <summary>A meeting's latest journal row says this undo already restored it (in an earlier attempt).</summary>
        private static bool IsRestoredBy(JournalEntry last, Guid undo) => last.CorrelationId == undo && last.Outcome == MeetingOutcome.Restored;

        /// <summary>A meeting's latest journal row is a restore this undo announced and never saw the end of (an interrupted attempt).</summary>
        private static bool IsAttemptedBy(JournalEntry last, Guid undo) => last.CorrelationId == undo && last.Outcome == MeetingOutcome.Attempting;

        /// <summary>A meeting's latest journal row says this undo found the earlier block there already (in an earlier attempt).</summary>
        private static bool IsFoundInPlaceBy(JournalEntry last, Guid undo) => last.CorrelationId == undo && last.Outcome == MeetingOutcome.AlreadyUpdated;

        private static void Count(AttemptResult result, MeetingResult outcome, JournalEntry target, List<string> failures, HashSet<string>? counted = null)
        {
            if (outcome.Kind == MeetingResultKind.Ignored) return;
            counted?.Add(target.EventId);
            result.TotalMeeting++;
            if (outcome.Kind == MeetingResultKind.Failed)
            {
                result.FailedMeeting++;
                if (outcome.Transient) result.TransientFailures++;
                failures.Add($"{MeetingLabel.Of(target.Subject, target.Start)}: {QuotedValue.Inert(outcome.Reason.TrimEnd('.'))}");
                result.Failures.Add(new MeetingFailure { EventId = target.EventId, Subject = target.Subject, StartUtc = target.Start, Reason = outcome.Reason });
                return;
            }
            result.SucceededMeeting++;
            if (outcome.UpdateSentByThisRequest) result.InvitesUpdate++;
        }
    }
}
