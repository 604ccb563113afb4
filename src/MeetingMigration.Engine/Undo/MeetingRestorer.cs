using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// Puts one meeting's earlier block back, exactly once, with the migration's machinery: If-Match, a marker (the undo's id
    /// and the restored block's fingerprint), read-back after a lost answer, a new look after a 412. A meeting whose block
    /// is no longer exactly the one the migration wrote (its fingerprint differs) was changed since: it is refused, never
    /// overwritten.
    /// </summary>
    internal sealed class MeetingRestorer
    {
        private readonly IMailboxGateway _gateway;
        private readonly IMigrationStore _store;
        private readonly MigrationRequest _undo;
        private readonly string _mailbox;
        private readonly IClock _clock;

        public MeetingRestorer(IMailboxGateway gateway, IMigrationStore store, MigrationRequest undo, string mailbox, IClock clock)
        {
            _gateway = gateway;
            _store = store;
            _undo = undo;
            _mailbox = mailbox;
            _clock = clock;
        }

        /// <summary>
        /// For an undo of one request: per meeting, the latest later request that migrated it again, named when the meeting
        /// is refused (an outside probe: after later migrations and an undo of every migration set back another request's
        /// block, the refusal said only "changed since", as if someone had edited the meeting).
        /// </summary>
        public IReadOnlyDictionary<string, Guid>? MigratedAgainBy { get; set; }

        /// <summary>
        /// The migrations of the user queued after this undo, as the undo last read them (it reads them again before each
        /// meeting): a meeting one of them writes after the undo is left to it, never restored first (see LaterMigrations).
        /// </summary>
        public LaterMigrations Later { get; set; } = LaterMigrations.None;

        /// <summary>
        /// How far ahead a series' next occurrence is looked for: the longest window Graph's instances take (1,825 days; a
        /// longer one is refused), further than any migration's horizon.
        /// </summary>
        internal static readonly TimeSpan SeriesLookAhead = TimeSpan.FromDays(1825);

        /// <param name="interrupted">
        /// An earlier attempt of this undo journaled a restore of this meeting and was stopped (killed, its lease lost) before
        /// it saw the end of it. A meeting left alone now (over, cancelled, deleted since) then gets a final row, as one left
        /// alone after this call's own attempt does; its marker, read first, says whether that restore was applied.
        /// </param>
        /// <param name="orShowing">
        /// The fingerprint of a block the meeting may show instead of the one <paramref name="target"/> says was written, and be
        /// restored all the same: the block an interrupted restore of this undo found there, or the one a later migration's
        /// interrupted write replaced (applied or not, only the meeting says).
        /// </param>
        /// <param name="interruptedFound">
        /// The block the interrupted attempt found in the meeting (its Attempting row's OldBlock): a restore confirmed from the
        /// marker is journaled with it as the block replaced, as the restore itself would have been (an outside probe: the row
        /// named the restored block twice, and a migration whose write that restore replaced could not tell its update had
        /// gone out).
        /// </param>
        /// <param name="laterAttempt">
        /// The interrupted write (its Attempting row) of a later migration this restore puts the earlier block back over:
        /// settled in that migration's journal from what the undo reads, before the undo's own rows, so the journal keeps the
        /// order of the writes (an outside probe: settled by the migration when it resumed, its row came after the restore,
        /// and readers of the journal, a second undo among them, took it for the meeting's latest write).
        /// </param>
        public Task<MeetingResult> RestoreAsync(JournalEntry target, bool interrupted, CancellationToken cancellationToken, string? orShowing = null,
            string? interruptedFound = null, JournalEntry? laterAttempt = null) =>
            RestoreAsync(target, interrupted, movedSince: false, cancellationToken, orShowing, interruptedFound, laterAttempt);

        /// <summary>
        /// Puts the earlier block back in an occurrence of a restored series that its organizer moved (or edited on its own)
        /// after the migration: Exchange made it an exception carrying the series' body of that moment, the migration's
        /// block, and the journal names only the series. An occurrence that does not show exactly that block is none of the
        /// migration's: it is left alone, and nothing is journaled.
        /// </summary>
        /// <param name="series">The series' journal row: the block to put back and the fingerprint of the one the migration wrote.</param>
        /// <param name="interrupted">An earlier attempt of this undo journaled a restore of this occurrence and did not see its end.</param>
        /// <param name="orShowing">Another block the occurrence may show and be restored from (see RestoreAsync).</param>
        /// <param name="interruptedFound">The block the interrupted attempt found there (see RestoreAsync).</param>
        /// <param name="laterAttempt">A later migration's interrupted write of the occurrence (see RestoreAsync).</param>
        public Task<MeetingResult> RestoreMovedOccurrenceAsync(JournalEntry series, CalendarEvent occurrence, bool interrupted, CancellationToken cancellationToken,
            string? orShowing = null, string? interruptedFound = null, JournalEntry? laterAttempt = null) =>
            RestoreAsync(new JournalEntry
            {
                CorrelationId = series.CorrelationId,
                UserPrincipalName = series.UserPrincipalName,
                EventId = occurrence.Id,
                Subject = occurrence.Subject,
                Start = occurrence.StartUtc,
                MeetingKind = series.MeetingKind,
                OldBlock = series.OldBlock,
                NewBlock = series.NewBlock,
                NewBlockHash = series.NewBlockHash,
            }, interrupted, movedSince: true, cancellationToken, orShowing, interruptedFound, laterAttempt);

        private async Task<MeetingResult> RestoreAsync(JournalEntry target, bool interrupted, bool movedSince, CancellationToken cancellationToken, string? orShowing,
            string? interruptedFound, JournalEntry? laterAttempt)
        {
            var restored = target.OldBlock;
            var marker = MarkerProperty.Format(_undo.CorrelationId, BlockFingerprint.Compute(restored));
            var tally = new RetryTally();
            // As in the migration: once this call journaled an Attempting row, a meeting left alone after it (deleted,
            // cancelled or over by the time a 412 was read back) gets a final row, not an Attempting one for ever.
            CalendarEvent? attempted = null;
            for (var round = 1; ; round++)
            {
                CalendarEvent? current;
                try
                {
                    current = await _gateway.GetEventAsync(_mailbox, target.EventId, target.WrittenBodyFormat, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphCallException e) when (!e.IsConnectionDown)
                {
                    return await GraphFailedAsync(e).ConfigureAwait(false);
                }
                if (current == null)
                    return await LeftAloneAsync(attempted, target, "deleted since the migration", cancellationToken, interrupted && round == 1, appliedUnknown: true).ConfigureAwait(false);
                var match = BlockIn(current);
                if (current.Marker == marker && match != null && match.Text == restored)
                {
                    // Looked at before the meeting's state: one that began or was cancelled since still got that update.
                    return await ConfirmedAsync(current, target, interrupted ? interruptedFound ?? match.Text : match.Text, cancellationToken).ConfigureAwait(false);
                }
                if (movedSince && round == 1 && (match == null || !IsExpected(BlockFingerprint.Compute(match.Text))))
                {
                    // Given a block of its own (or none) by its organizer, or restored already by another undo: not the
                    // migration's. Only an interrupted attempt of this undo, which journaled it, gets a final row.
                    return await LeftAloneAsync(null, target, "changed since the migration: it does not show the block the migration wrote", cancellationToken,
                        interrupted).ConfigureAwait(false);
                }
                if (current.IsCancelled) return await LeftAloneAsync(attempted, target, "cancelled since the migration", cancellationToken, interrupted && round == 1).ConfigureAwait(false);
                // Begun, as the migration judges it: an undo is a migration back, and a meeting under way is not rewritten, nor
                // its attendees mailed new dial-in details while they join (outside probe AE: an undo restored meetings that
                // had begun, a lone occurrence left running, an exception under way).
                if (current.HasBegunBy(_clock.UtcNow))
                    return await LeftAloneAsync(attempted, target, current.HasEndedBy(_clock.UtcNow) ? "over: attendees are not mailed about a past meeting"
                        : "already begun: attendees are not mailed about a meeting under way", cancellationToken, interrupted && round == 1).ConfigureAwait(false);
                // A series master's start and end are its first occurrence's: whether the series has a meeting ahead is asked of
                // Graph (an outside probe: an undo rewrote a series whose every occurrence had ended and mailed its attendees).
                // A series that starts ahead is not over, however far ahead (an outside re-probe: one starting in six years was
                // taken for over, past Graph's window).
                if (current.Type == "seriesMaster" && round == 1 && !(current.StartUtc > _clock.UtcNow))
                {
                    bool runsOn;
                    try
                    {
                        runsOn = await _gateway.HasOccurrenceStartingBetweenAsync(_mailbox, current.Id, _clock.UtcNow, _clock.UtcNow + SeriesLookAhead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GraphCallException e) when (!e.IsConnectionDown)
                    {
                        // As a failed read (the undo's crash proof, Graph failing occurrence listings: it stopped the attempt).
                        return await GraphFailedAsync(e).ConfigureAwait(false);
                    }
                    if (!runsOn)
                        return await LeftAloneAsync(attempted, target, "over: no occurrence of the series is ahead, and attendees are not mailed about a meeting begun or past",
                            cancellationToken, interrupted).ConfigureAwait(false);
                }
                if (!movedSince && match != null && Later.Requests.Count > 0 && KindOf(target, current) is MeetingKind restoredKind
                    && Later.WriteAfterUndo(match.Kind, restoredKind))
                {
                    // A later migration selects it as it is and as it would be restored: it writes the meeting next, and a
                    // restore now would only mail its attendees twice. An interrupted attempt not applied (its marker was
                    // looked for above) gets its final row. Not an occurrence moved since: it follows its series, which this undo
                    // put back (a migration queued since that selects every kind would otherwise leave the series of two kinds).
                    var by = Later.Selecting(match.Kind)!.CorrelationId;
                    var left = await LeftAloneAsync(attempted, target, $"left to request {by:D}, a migration queued after this undo that writes this {KindName(match.Kind)} meeting",
                        cancellationToken, interrupted && round == 1).ConfigureAwait(false);
                    left.LeftToLaterMigration = by;
                    return left;
                }
                if (match != null && match.Text == restored)
                {
                    // Shows the earlier block already (undone before, or changed back by hand): nothing to send.
                    await JournalAsync(current, target, match.Text, MeetingOutcome.AlreadyUpdated, "already shows the earlier block", null, cancellationToken).ConfigureAwait(false);
                    return Done(current, new MeetingResult(MeetingResultKind.AlreadyCurrent));
                }
                if (match == null || !IsExpected(BlockFingerprint.Compute(match.Text)))
                {
                    var reason = MigratedAgainBy != null && MigratedAgainBy.TryGetValue(target.EventId, out var later)
                        ? $"changed since request {target.CorrelationId:D}: migrated again since by request {later:D} and not set back to this request's block; " +
                          "undo the later requests first, newest first"
                        : FormatChanged(current, target)
                            // Outside probe AK: a body whose only change was its format (made HTML or text in Outlook) was said to
                            // have had its block changed.
                            ? $"changed since request {target.CorrelationId:D}: its body was made {(current.BodyIsHtml ? "HTML" : "plain text")} since, so the block that request wrote is no longer in it as written"
                            : $"changed since request {target.CorrelationId:D}: its block is no longer the one that request wrote";
                    await JournalAsync(current, target, match?.Text ?? "", MeetingOutcome.Refused, reason, null, cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.Failed, reason);
                }

                bool IsExpected(string shown) => shown == target.NewBlockHash || (orShowing != null && shown == orShowing);
                static bool FormatChanged(CalendarEvent now, JournalEntry written) =>
                    written.WrittenBodyFormat != StoredBodyFormat.Unknown && now.BodyIsHtml != (written.WrittenBodyFormat == StoredBodyFormat.Html);

                // Graph failed a read of this round (throttled past the call's budget, 503): this meeting fails and its retry
                // comes, as in the migration; the others go on. It stopped the whole attempt "on an unexpected error" (an
                // outside re-probe). Journaled Failed, as the migration journals it; not over an earlier attempt's restore it
                // never saw the end of, which the retry settles from the meeting's marker.
                async Task<MeetingResult> GraphFailedAsync(GraphCallException e)
                {
                    var reason = e.Said();
                    if (!(interrupted && round == 1))
                        await JournalAsync(attempted ?? new CalendarEvent { Subject = target.Subject, StartUtc = target.Start }, target, "", MeetingOutcome.Failed, reason, null,
                            cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.Failed, reason, transient: true) { RetryNotBefore = _clock.UtcNow + e.RetryAfter };
                }

                var patch = new EventPatch
                {
                    EventId = current.Id,
                    ETag = current.ETag,
                    Body = BodySplicer.Replace(current.Body, match, restored),
                    BodyIsHtml = current.BodyIsHtml,
                    Marker = marker,
                    Tally = tally,
                };
                if (laterAttempt != null)
                {
                    await SettleLaterAttemptAsync(laterAttempt, current, match, cancellationToken).ConfigureAwait(false);
                    laterAttempt = null;
                }
                await JournalAsync(current, target, match.Text, MeetingOutcome.Attempting, "", null, cancellationToken).ConfigureAwait(false);
                attempted = current;
                try
                {
                    await _gateway.PatchEventAsync(_mailbox, patch, cancellationToken).ConfigureAwait(false);
                    var why = movedSince ? $"an occurrence moved since request {target.CorrelationId:D}: it carried the series' block" : "";
                    await JournalAsync(current, target, match.Text, MeetingOutcome.Restored, why, patch.ResponseRequestId, cancellationToken).ConfigureAwait(false);
                    return Done(current, new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true));
                }
                catch (GraphCallException e) when (round < MeetingMigrator.MaxRounds && (e.IsPreconditionFailed || e.MayHaveApplied))
                {
                    // As in the migration: never resend blindly. Read back; the marker says whether it was applied.
                    CalendarEvent? back;
                    try
                    {
                        back = await _gateway.GetEventAsync(_mailbox, target.EventId, current.StoredBodyFormat, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GraphCallException unread) when (!unread.IsConnectionDown)
                    {
                        // As in the migration: the Attempting row stays for the retry to settle from the marker (outside probe K:
                        // "an unexpected error", 0 meetings, and the restore that went out uncounted).
                        return new MeetingResult(MeetingResultKind.Failed, MeetingMigrator.ReadBackFailed(e, unread), transient: true) { RetryNotBefore = _clock.UtcNow + unread.RetryAfter };
                    }
                    // The marker and the block it names: an earlier attempt of this undo wrote the same marker, and a body put
                    // back since keeps it (as in the migration; found by an outside probe).
                    var shown = back == null ? null : BlockIn(back);
                    if (back?.Marker == marker && shown?.Text == restored)
                    {
                        await JournalAsync(current, target, match.Text, MeetingOutcome.Restored, $"confirmed by read-back after {e.Status} {e.Code}", null, cancellationToken).ConfigureAwait(false);
                        return Done(current, new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true));
                    }
                    // Not applied (or changed meanwhile): the next round looks at the meeting again, refusing it if it changed.
                }
                catch (GraphCallException e) when (e.IsItemNotFound)
                {
                    // Deleted, or cancelled by its organizer, since it was read: nothing was applied, nothing is left to restore.
                    return await LeftAloneAsync(attempted, target, "deleted or cancelled while being restored", cancellationToken).ConfigureAwait(false);
                }
                catch (GraphCallException e)
                {
                    var reason = e.Said();
                    await JournalAsync(current, target, "", MeetingOutcome.Failed, reason, null, cancellationToken).ConfigureAwait(false);
                    // The connection down (Graph unreachable, credentials refused) fails every meeting after this one too:
                    // the undo stops here and its worker hands it back without using a retry, as a migration's does.
                    if (e.IsConnectionDown) throw;
                    return new MeetingResult(MeetingResultKind.Failed, reason, transient: true);
                }
            }
        }

        /// <summary>
        /// A restore an earlier attempt of this undo journaled and never saw the end of (its process killed), when the undo has
        /// found itself replaced by a migration queued after it: settled from the meeting's marker, writing nothing, since the
        /// migration writes the meeting next. Journaled Restored when it went out, Skipped when it did not: never left at
        /// Attempting, which would say for ever that an update may or may not have been sent.
        /// </summary>
        /// <param name="attempt">The interrupted Attempting row: its NewBlock is the block it was putting back.</param>
        public async Task<MeetingResult> SettleReplacedAsync(JournalEntry attempt, Guid replacedBy, CancellationToken cancellationToken)
        {
            var target = new JournalEntry
            {
                CorrelationId = attempt.CorrelationId,
                EventId = attempt.EventId,
                Subject = attempt.Subject,
                Start = attempt.Start,
                MeetingKind = attempt.MeetingKind,
                OldBlock = attempt.NewBlock,
            };
            var current = await _gateway.GetEventAsync(_mailbox, target.EventId, attempt.WrittenBodyFormat, cancellationToken).ConfigureAwait(false);
            if (current == null)
                return await LeftAloneAsync(null, target, "deleted since the migration", cancellationToken, afterInterrupted: true, appliedUnknown: true).ConfigureAwait(false);
            var match = BlockIn(current);
            if (current.Marker == MarkerProperty.Format(_undo.CorrelationId, BlockFingerprint.Compute(target.OldBlock)) && match != null && match.Text == target.OldBlock)
                return await ConfirmedAsync(current, target, attempt.OldBlock.Length > 0 ? attempt.OldBlock : match.Text, cancellationToken).ConfigureAwait(false);
            await JournalAsync(current, target, match?.Text ?? "", MeetingOutcome.Skipped,
                $"left to request {replacedBy:D}, a migration queued after this undo: the interrupted attempt's restore did not reach it, and nothing was sent",
                null, cancellationToken).ConfigureAwait(false);
            return new MeetingResult(MeetingResultKind.Ignored, "left to the migration that replaced the undo");
        }

        /// <summary>How a write an undo settled for a later migration's interrupted attempt begins its reason (RequestProcessor counts them).</summary>
        internal const string ConfirmedByUndo = "confirmed by undo ";

        /// <summary>
        /// Settles a later migration's interrupted write of the meeting from what the undo just read, in that migration's
        /// journal: applied (the meeting carries its marker and shows its block: its update went out) or not (nothing was
        /// sent). That migration, resumed, finds it settled.
        /// </summary>
        private Task SettleLaterAttemptAsync(JournalEntry attempt, CalendarEvent current, BlockMatch shown, CancellationToken cancellationToken)
        {
            var applied = current.Marker == MarkerProperty.Format(attempt.CorrelationId, attempt.NewBlockHash) && BlockFingerprint.Compute(shown.Text) == attempt.NewBlockHash;
            return _store.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = attempt.CorrelationId,
                UserPrincipalName = _undo.UserPrincipalName,
                EventId = attempt.EventId,
                Subject = current.Subject,
                Start = current.StartUtc,
                MeetingKind = attempt.MeetingKind,
                OldBlock = attempt.OldBlock,
                NewBlock = applied ? attempt.NewBlock : "",
                NewBlockHash = applied ? attempt.NewBlockHash : "",
                Outcome = applied ? MeetingOutcome.Updated : MeetingOutcome.Skipped,
                Reason = applied
                    ? $"{ConfirmedByUndo}{_undo.CorrelationId:D}, which found this request's marker in the meeting before it put the earlier block back"
                    : $"undo {_undo.CorrelationId:D} found the interrupted attempt's update not applied before it put the earlier block back: nothing was sent",
                Time = _clock.UtcNow,
            }, cancellationToken);
        }

        /// <summary>An earlier attempt of this undo wrote it and stopped before journaling: said, nothing sent.</summary>
        /// <param name="replaced">The block that attempt replaced, as it found it.</param>
        private async Task<MeetingResult> ConfirmedAsync(CalendarEvent current, JournalEntry target, string replaced, CancellationToken cancellationToken)
        {
            await JournalAsync(current, target, replaced, MeetingOutcome.Restored, "confirmed when the undo resumed: the meeting carries its marker", null, cancellationToken).ConfigureAwait(false);
            return Done(current, new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true));
        }

        /// <summary>
        /// Refuses, without reading or sending anything, a meeting that a later request migrated again since the undone one:
        /// it is that request's now, and putting the undone request's earlier block back would take the later one back too.
        /// </summary>
        public async Task<MeetingResult> RefuseRewrittenAsync(JournalEntry target, Guid since, CancellationToken cancellationToken)
        {
            var reason = $"migrated again since request {target.CorrelationId:D}, by request {since:D}: undo that request instead";
            var meeting = new CalendarEvent { Subject = target.Subject, StartUtc = target.Start };
            await JournalAsync(meeting, target, "", MeetingOutcome.Refused, reason, null, cancellationToken).ConfigureAwait(false);
            return new MeetingResult(MeetingResultKind.Failed, reason);
        }

        /// <summary>
        /// A meeting left alone; journaled Skipped when this call had journaled an attempt for it, or an interrupted attempt of
        /// this undo had (<paramref name="afterInterrupted"/>) and its marker showed that restore was not applied.
        /// </summary>
        /// <param name="appliedUnknown">The meeting is gone, so whether the interrupted attempt's restore reached it is not known.</param>
        private async Task<MeetingResult> LeftAloneAsync(CalendarEvent? attempted, JournalEntry target, string reason, CancellationToken cancellationToken,
            bool afterInterrupted = false, bool appliedUnknown = false)
        {
            if (attempted != null)
                await JournalAsync(attempted, target, "", MeetingOutcome.Skipped, $"{reason}: it changed after it was read, and nothing was sent", null, cancellationToken).ConfigureAwait(false);
            else if (afterInterrupted)
                await JournalAsync(new CalendarEvent { Subject = target.Subject, StartUtc = target.Start }, target, "", MeetingOutcome.Skipped,
                    appliedUnknown
                        ? $"{reason}, before the undo resumed: whether the interrupted attempt's restore reached its attendees is not known"
                        : $"{reason}, before the undo resumed, and it does not carry the interrupted attempt's restore: nothing was sent",
                    null, cancellationToken).ConfigureAwait(false);
            return new MeetingResult(MeetingResultKind.Ignored, reason);
        }

        /// <summary>The meeting shows the earlier block now: a series says so, for its moved occurrences to be looked for.</summary>
        private static MeetingResult Done(CalendarEvent meeting, MeetingResult result)
        {
            result.OfSeriesMaster = meeting.Type == "seriesMaster";
            return result;
        }

        /// <summary>
        /// The kind of the block the undo puts back: the undone migration's row names it (the block it found); an older row
        /// without it is read from the block itself.
        /// </summary>
        private static MeetingKind? KindOf(JournalEntry target, CalendarEvent current) =>
            target.Kind ?? BlockScanner.Scan(target.OldBlock, current.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text).Match?.Kind;

        private static string KindName(MeetingKind kind) => kind == MeetingKind.Teams ? "Teams" : "Skype for Business";

        private static BlockMatch? BlockIn(CalendarEvent meeting) =>
            BlockScanner.Scan(meeting.Body, meeting.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text).Match;

        /// <summary>OldBlock: what the meeting shows now (the migration's block); NewBlock: the block put back.</summary>
        private Task JournalAsync(CalendarEvent current, JournalEntry target, string shownNow, MeetingOutcome outcome, string reason, string? requestId, CancellationToken cancellationToken) =>
            _store.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = _undo.CorrelationId,
                UserPrincipalName = _undo.UserPrincipalName,
                EventId = target.EventId,
                Subject = current.Subject,
                Start = current.StartUtc,
                MeetingKind = target.MeetingKind,
                OldBlock = shownNow,
                NewBlock = WroteNothing(outcome) ? "" : target.OldBlock,
                NewBlockHash = WroteNothing(outcome) ? "" : BlockFingerprint.Compute(target.OldBlock),
                Outcome = outcome,
                Reason = reason,
                Time = _clock.UtcNow,
                GraphRequestId = requestId,
                LeaseOwner = _undo.LeaseOwner,
                LeaseFence = _undo.LeaseFence,
            }, cancellationToken);

        private static bool WroteNothing(MeetingOutcome outcome) =>
            outcome == MeetingOutcome.Refused || outcome == MeetingOutcome.Failed || outcome == MeetingOutcome.Skipped;
    }
}
