using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>
    /// Migrates one meeting exactly once. The PATCH carries If-Match and the marker (this request's id and the new block's
    /// fingerprint). When its answer is lost (timeout, 5xx) the event is read back: marker and block present means it was
    /// applied and no second update is sent. A 412 means someone changed the meeting: it is read again and planned again.
    /// A meeting whose block already equals what would be written is left alone, so a resumed run mails nobody twice.
    /// </summary>
    internal sealed class MeetingMigrator
    {
        /// <summary>
        /// PATCHes of one meeting after a 412 or a lost answer (each a new plan, never a resend of a throttled one). Together
        /// with the gateway's retries of 429s, which draw on the same per-meeting tally, a meeting gets at most
        /// Backoff.MaxAttempts + MaxRounds - 1 PATCHes per attempt (13 with the defaults).
        /// </summary>
        internal const int MaxRounds = 4;
        private readonly IMailboxGateway _gateway;
        private readonly IMigrationStore _store;
        private readonly MigrationRequest _request;
        private readonly string _mailbox;
        private readonly string _organizerId;
        private readonly IClock _clock;
        private readonly bool _dryRun;

        public MeetingMigrator(IMailboxGateway gateway, IMigrationStore store, MigrationRequest request, string mailbox, string organizerId, IClock clock, bool dryRun)
        {
            _gateway = gateway;
            _store = store;
            _request = request;
            _mailbox = mailbox;
            _organizerId = organizerId;
            _clock = clock;
            _dryRun = dryRun;
        }

        public async Task<MeetingResult> MigrateAsync(CalendarEvent item, Action<PlannedChange> onPlanned, CancellationToken cancellationToken)
        {
            try
            {
                return await MigrateOnceAsync(item, onPlanned, cancellationToken).ConfigureAwait(false);
            }
            catch (GraphCallException e) when (!e.IsMailboxOnPremises)
            {
                // A Graph error on one meeting (coordinates lookup, read-back...) fails that meeting, not the whole request.
                return await FailOnGraphAsync(item, e, KindOfProvider(item), cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<MeetingResult> MigrateOnceAsync(CalendarEvent item, Action<PlannedChange> onPlanned, CancellationToken cancellationToken)
        {
            // One retry budget for every PATCH of this meeting: the gateway's retries of a throttled PATCH and the rounds below
            // draw on it together, so they add up instead of multiplying.
            var tally = new RetryTally();
            // Set once this call journaled an Attempting row. A meeting left alone after that (it began, or was deleted or
            // cancelled, between the calendar read and a 412's read-back or its PATCH) gets a final row saying so; the row
            // stayed Attempting for ever, which the audit reads as an attempt that stopped (an outside probe).
            BlockMatch? attempted = null;
            for (var round = 1; ; round++)
            {
                var selection = MeetingSelection.Decide(item, _request.SourceMeetingType, _clock.UtcNow);
                // A meeting without a block is left as it is, as one the rules leave alone; it is only counted apart.
                var leftAsItIs = selection.Verdict == SelectionVerdict.Ignore || selection.Verdict == SelectionVerdict.SkipNoBlock;
                if (leftAsItIs && WrittenByThisRequest(item))
                {
                    await CompleteEarlierAttemptAsync(item, cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.AlreadyCurrent, "", updateSentByThisRequest: true);
                }
                // Out of scope now, with a write an interrupted attempt of this request announced and never saw the end of:
                // settled, not left at Attempting (an outside probe: an undo put a converted meeting back to Skype over a
                // Teams-only migration's stopped write, and that migration, resumed, left its row Attempting for good).
                if (leftAsItIs && attempted == null && !_dryRun
                    && (await UnsettledAsync(cancellationToken).ConfigureAwait(false)).TryGetValue(item.Id, out var interrupted))
                    return await SettleInterruptedAsync(interrupted, cancellationToken).ConfigureAwait(false);
                if (selection.Verdict == SelectionVerdict.Ignore || (leftAsItIs && attempted != null))
                    return await LeftAloneAsync(item, selection.Reason, attempted, cancellationToken).ConfigureAwait(false);
                if (selection.Verdict == SelectionVerdict.SkipNoBlock)
                {
                    if (!_dryRun) await JournalAsync(item, KindOfProvider(item), "", "", "", MeetingOutcome.Skipped, selection.Reason, cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.SkippedNoBlock, selection.Reason);
                }
                if (selection.Verdict == SelectionVerdict.SkipTooManyAttendees)
                {
                    if (!_dryRun) await JournalAsync(item, selection.Block?.Kind, selection.Block?.Text ?? "", "", "", MeetingOutcome.Skipped, selection.Reason, cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.SkippedTooManyAttendees, selection.Reason);
                }
                if (selection.Verdict == SelectionVerdict.Fail) return await FailAsync(item, selection.Reason, cancellationToken, kind: KindOfProvider(item)).ConfigureAwait(false);

                var block = selection.Block!;
                Plan plan;
                try
                {
                    plan = await PlanAsync(item, block, cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException e)
                {
                    // The renderer refuses coordinates it cannot put in a block safely (a join link that is not a URL...).
                    plan = new Plan { FailureReason = $"the new block cannot be written: {e.Message}" };
                }
                if (plan.FailureReason != null) return await FailAsync(item, plan.FailureReason, cancellationToken, kind: block.Kind).ConfigureAwait(false);

                var ours = item.Marker != null && item.Marker.StartsWith(_request.CorrelationId.ToString("D"), StringComparison.OrdinalIgnoreCase);
                if (block.Text == plan.NewBlock)
                {
                    // This request's own update (resumed) is journaled as Updated; a meeting that already showed the current
                    // details is journaled too, so the audit lists every meeting the request counts (found by an outside
                    // probe: a rerun that changed nothing left no row at all).
                    if (ours) await CompleteEarlierAttemptAsync(item, cancellationToken).ConfigureAwait(false);
                    else if (!_dryRun) await JournalAsync(item, block.Kind, block.Text, block.Text, "", MeetingOutcome.AlreadyUpdated, "already showed the current details; nothing was sent", cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.AlreadyCurrent, "", updateSentByThisRequest: ours);
                }
                if (!ours && plan.Details != null && BlockCurrency.MayShowSameDetails(block, plan.Details)
                    && BlockCurrency.ShowsSameDetails(block, plan.NewBlock, item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text))
                {
                    // Current in its own layout (Exchange's, the add-in's): nothing to send (see BlockCurrency).
                    if (!_dryRun) await JournalAsync(item, block.Kind, block.Text, block.Text, "", MeetingOutcome.AlreadyUpdated, "already showed the current details in its own layout; nothing was sent", cancellationToken).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.AlreadyCurrent, "");
                }

                if (_dryRun)
                {
                    onPlanned(new PlannedChange { EventId = item.Id, Subject = item.Subject, StartUtc = item.StartUtc, MeetingKind = block.Kind, Action = plan.Action });
                    return new MeetingResult(MeetingResultKind.Planned);
                }

                var fingerprint = BlockFingerprint.Compute(plan.NewBlock);
                var patch = new EventPatch
                {
                    EventId = item.Id,
                    ETag = item.ETag,
                    Body = BodySplicer.Replace(item.Body, block, plan.NewBlock),
                    BodyIsHtml = item.BodyIsHtml,
                    Marker = MarkerProperty.Format(_request.CorrelationId, fingerprint),
                    Tally = tally,
                };
                await JournalAsync(item, block.Kind, block.Text, plan.NewBlock, fingerprint, MeetingOutcome.Attempting, "", cancellationToken).ConfigureAwait(false);
                attempted = block;
                try
                {
                    await _gateway.PatchEventAsync(_mailbox, patch, cancellationToken).ConfigureAwait(false);
                    await JournalAsync(item, block.Kind, block.Text, plan.NewBlock, fingerprint, MeetingOutcome.Updated, "", cancellationToken,
                        patch.ResponseRequestId, blocksOnAttemptingRow: true).ConfigureAwait(false);
                    return new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true);
                }
                catch (GraphCallException e) when ((round < MaxRounds && e.IsPreconditionFailed) || e.MayHaveApplied)
                {
                    // Only what a retry cannot settle comes here. A 429 does not: the gateway owns retrying it, and one that
                    // reaches us is a PATCH the gateway gave up on (budget spent), so sending it again would only multiply.
                    // Read back before anything else: the change may be there already, or the meeting may have moved on. A lost
                    // answer is read back in the last round too: failing there unread journaled an applied update as Failed.
                    CalendarEvent? current;
                    try
                    {
                        current = await _gateway.GetEventAsync(_mailbox, item.Id, item.StoredBodyFormat, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GraphCallException unread) when (!unread.IsConnectionDown)
                    {
                        // Graph did not answer the look either: the Attempting row stays, and the retry settles it from the
                        // meeting's marker, never by sending again (outside probe K, in the undo: the attempt stopped "on an
                        // unexpected error", 0 meetings, its update uncounted).
                        return new MeetingResult(MeetingResultKind.Failed, ReadBackFailed(e, unread), transient: true) { RetryNotBefore = _clock.UtcNow + unread.RetryAfter };
                    }
                    if (current == null) return await LeftAloneAsync(item, "deleted while being migrated", attempted, cancellationToken).ConfigureAwait(false);
                    // The marker alone does not say this PATCH was applied: an earlier attempt of this request wrote the same
                    // marker, and a body put back since keeps it (it is a property of its own). Confirmed only when the body
                    // shows the block the marker names (an outside probe: a 504 before the resent PATCH was applied was
                    // journaled Updated, and the meeting kept its old details).
                    if (current.Marker == patch.Marker && ShowsBlockOfMarker(current))
                    {
                        await JournalAsync(item, block.Kind, block.Text, plan.NewBlock, fingerprint, MeetingOutcome.Updated,
                            $"confirmed by read-back after {e.Status} {e.Code}", cancellationToken, blocksOnAttemptingRow: true).ConfigureAwait(false);
                        return new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true);
                    }
                    if (round >= MaxRounds)
                        return await FailOnGraphAsync(item, e, block.Kind, cancellationToken).ConfigureAwait(false);
                    item = current;
                }
                catch (GraphCallException e) when (e.IsItemNotFound)
                {
                    // Deleted, or cancelled by its organizer, since the calendar was read: nothing was applied and nothing is
                    // left to update. Not a failure with a retry (an outside probe: the request was retried for it).
                    return await LeftAloneAsync(item, "deleted or cancelled while being migrated", attempted, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphCallException e)
                {
                    return await FailOnGraphAsync(item, e, block.Kind, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Why a meeting whose write may have gone out is failed unsettled: Graph answered neither the write nor the look after it.</summary>
        internal static string ReadBackFailed(GraphCallException write, GraphCallException read) =>
            $"Graph answered {write.Status} {write.Code} to the update, then {read.Status} {read.Code} when the meeting was read back: whether the update went out, " +
            "the meeting's marker says, which the retry reads (it sends nothing again)";

        /// <summary>A meeting the rules leave alone; journaled Skipped when this call had journaled an attempt for it.</summary>
        private async Task<MeetingResult> LeftAloneAsync(CalendarEvent item, string reason, BlockMatch? attempted, CancellationToken cancellationToken)
        {
            if (attempted != null)
                await JournalAsync(item, attempted.Kind, attempted.Text, "", "", MeetingOutcome.Skipped,
                    $"{reason}: it changed after the calendar was read, and nothing was sent", cancellationToken).ConfigureAwait(false);
            return new MeetingResult(MeetingResultKind.Ignored, reason);
        }

        /// <summary>
        /// A meeting an interrupted attempt of this request already converted: its block is now of the other type, so the
        /// type filter ignores it, yet it is in scope and its update was sent. True when the event carries this request's
        /// marker and its block is exactly the one the marker names.
        /// </summary>
        private bool WrittenByThisRequest(CalendarEvent item) =>
            item.Marker != null && item.Marker.StartsWith(_request.CorrelationId.ToString("D"), StringComparison.OrdinalIgnoreCase) && ShowsBlockOfMarker(item);

        /// <summary>The event's body shows exactly the block its marker's fingerprint names.</summary>
        private bool ShowsBlockOfMarker(CalendarEvent item)
        {
            if (item.Marker == null) return false;
            var any = MeetingSelection.Decide(item, SourceMeetingType.All, _clock.UtcNow);
            return any.Verdict == SelectionVerdict.Migrate && MarkerProperty.Fingerprint(item.Marker) == BlockFingerprint.Compute(any.Block!.Text);
        }

        private sealed class Plan
        {
            public string NewBlock = "";
            public string Action = "";
            public string? FailureReason;
            /// <summary>What a refresh renders (null for a conversion, which changes the block's kind).</summary>
            public ConferencingCoordinates? Details;
        }

        private async Task<Plan> PlanAsync(CalendarEvent item, BlockMatch block, CancellationToken cancellationToken)
        {
            var format = item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text;
            if (block.Kind == MeetingKind.Teams)
            {
                // The block's own link first: a meeting converted from Skype keeps the Skype link in its event properties.
                var joinUrl = block.Parsed.JoinUrl ?? item.JoinUrl;
                if (string.IsNullOrEmpty(joinUrl)) return new Plan { FailureReason = "the Teams block has no join link" };
                // A block quoted or pasted from another Teams meeting is refused whatever the look-ups before it settled:
                // once two had agreed, such a block was rewritten with this organizer's numbers under the other meeting's
                // link, and attendees were mailed, or refused, depending on where it came in the run (outside probe BL-F1).
                if (JoinUrls.NamesAnotherMeeting(joinUrl!, item.JoinUrl))
                    return new Plan { FailureReason = $"the Teams block shows another meeting's join link ({JoinUrls.MeetingThread(joinUrl!)}; this event's own is {JoinUrls.MeetingThread(item.JoinUrl!)}): a block quoted or pasted from another meeting is not rewritten" };
                ConferencingCoordinates? coordinates;
                var stored = await StoredAsync(cancellationToken).ConfigureAwait(false);
                if (stored.OverridesTeams)
                {
                    // A third-party or self-managed bridge: Graph knows nothing of it, the store is the truth.
                    coordinates = stored.ToCoordinates(joinUrl);
                }
                else
                {
                    // Graph finds a meeting by its classic link: layout 4's short /meet/ link (a block without "System
                    // reference") is looked up by the event's own onlineMeeting.joinUrl instead (outside probe: such a
                    // meeting failed unless two other look-ups had settled the organizer's details first).
                    // So is a block whose link names the event's own meeting thread but is written otherwise (escapes in
                    // another case, decoded, Safe Links): Graph matches the link as it knows it, and the block's form found
                    // nothing on a rerun, which failed a meeting the first run had refreshed (outside probe BM-F2).
                    string lookUp = item.JoinUrl != null && JoinUrls.Classify(item.JoinUrl) == JoinLinkKind.TeamsClassic
                                    && (JoinUrls.Classify(joinUrl!) == JoinLinkKind.TeamsShort || JoinUrls.SameMeetingThread(joinUrl!, item.JoinUrl))
                        ? item.JoinUrl : joinUrl!;
                    coordinates = await _teamsAudio.ForMeetingAsync(
                        () => _gateway.GetTeamsCoordinatesAsync(_mailbox, _organizerId, lookUp, cancellationToken),
                        stored.User is { Enabled: true } organizer ? organizer.ConferenceId : null, cancellationToken).ConfigureAwait(false);
                    if (coordinates == null) return new Plan { FailureReason = $"no Teams meeting behind the join link {joinUrl}" };
                }
                coordinates.JoinUrl = joinUrl; // a refresh keeps the link attendees already have
                coordinates.MeetingId ??= block.Parsed.MeetingId;
                coordinates.Passcode ??= block.Parsed.Passcode;
                // The same Teams meeting keeps its options page and video (CVI) details, which Graph does not give back. The PIN
                // page is Microsoft's audio conferencing's: not carried onto a bridge the store manages.
                if (block.Parsed.MeetingOptionsUrl is string options && JoinUrls.MayBeOptionsOf(options, item.JoinUrl)) coordinates.MeetingOptionsUrl ??= options;
                coordinates.VideoConferencing ??= block.Parsed.VideoConferencing;
                if (!stored.OverridesTeams) coordinates.ResetPinUrl ??= block.Parsed.ResetPinUrl;
                return new Plan { NewBlock = BlockRenderer.Render(MeetingKind.Teams, coordinates, format, block), Action = "Refresh the Teams dial-in details", Details = coordinates };
            }

            if (_request.TargetMeetingType == TargetMeetingType.Teams)
                return await PlanTeamsConversionAsync(item, block, format, cancellationToken).ConfigureAwait(false);

            var skype = await StoredAsync(cancellationToken).ConfigureAwait(false);
            if (skype.User == null || string.IsNullOrEmpty(skype.User.JoinUrl))
                return new Plan { FailureReason = "the organizer has no Skype for Business meeting link in the store (Set-MeetingMigrationConferencingProfile -JoinUrl)" };
            var details = skype.ToCoordinates(skype.User.JoinUrl);
            return new Plan
            {
                NewBlock = BlockRenderer.Render(MeetingKind.SkypeForBusiness, details, format, block),
                Action = "Refresh the Skype for Business meeting details",
                Details = details,
            };
        }

        private readonly TeamsAudioMemo _teamsAudio = new TeamsAudioMemo();
        private readonly object _storedGate = new object();
        private Task<StoredCoordinates>? _stored;

        /// <summary>The organizer's stored dial-in details, read once per attempt (meetings are planned concurrently).</summary>
        private Task<StoredCoordinates> StoredAsync(CancellationToken cancellationToken)
        {
            lock (_storedGate) return _stored ??= StoredCoordinates.LoadAsync(_store, _request.UserPrincipalName, cancellationToken);
        }

        /// <summary>
        /// Skype to Teams: Graph creates a Teams meeting (online meetings mail nobody) and its block replaces the Skype
        /// block. The event's provider fields stay as they are: Graph documents them as fixed once set. A meeting created
        /// by an interrupted attempt of this request is found in the journal and reused, so a resumed run creates no second one.
        /// </summary>
        private async Task<Plan> PlanTeamsConversionAsync(CalendarEvent item, BlockMatch block, BodyFormat format, CancellationToken cancellationToken)
        {
            const string action = "Replace the Skype for Business meeting with a new Teams meeting";
            if (_dryRun) return new Plan { NewBlock = "(new Teams meeting)", Action = action };
            var earlier = await EarlierAttemptAsync(item.Id, cancellationToken).ConfigureAwait(false);
            if (earlier != null) return new Plan { NewBlock = earlier, Action = action };
            // An exception ahead of a series is converted on its own (its body is its own), but into the series' Teams
            // meeting: a recurring meeting has one join link, chat and lobby for every occurrence (outside probe).
            var meetingOf = item.Type == "exception" && !string.IsNullOrEmpty(item.SeriesMasterId) ? item.SeriesMasterId! : item.Id;
            var teams = await _gateway.CreateTeamsMeetingAsync(_mailbox, _organizerId, ExternalIdOf(meetingOf), item.Subject, item.StartUtc, item.EndUtc, cancellationToken).ConfigureAwait(false);
            return new Plan { NewBlock = BlockRenderer.Render(MeetingKind.Teams, teams, format, block), Action = action };
        }

        /// <summary>
        /// The Teams meeting of a converted event is named by the event (createOrGet's externalId), a series' exceptions by
        /// their series: every attempt, every request and every retry after a lost answer gets the same meeting, never a
        /// second one.
        /// </summary>
        internal static string ExternalIdOf(string eventId)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(eventId));
            return "MeetingMigration-" + BitConverter.ToString(hash, 0, 16).Replace("-", "").ToLowerInvariant();
        }

        /// <summary>
        /// This request's writes announced by an earlier attempt and never seen to their end, by meeting: its Attempting rows no
        /// later row of its own follows. Other requests' rows may follow (an undo that ran while this request was stopped
        /// read the meeting since): they leave the attempt this request's to settle (an outside probe: a Teams-only migration
        /// resumed after an undo left its Attempting rows for good).
        /// </summary>
        private IReadOnlyDictionary<string, JournalEntry>? _unsettled;

        private async Task<IReadOnlyDictionary<string, JournalEntry>> UnsettledAsync(CancellationToken cancellationToken) =>
            _unsettled ??= (await _store.GetUnsettledAttemptsAsync(_request.CorrelationId, cancellationToken).ConfigureAwait(false))
                .GroupBy(row => row.EventId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        /// <summary>
        /// An earlier attempt of this request PATCHed the meeting and died before journaling the result: the meeting carries
        /// this request's marker, so the update happened. The journal says so now (audit and undo read it), rather than
        /// leaving the meeting at Attempting for ever.
        /// </summary>
        private async Task CompleteEarlierAttemptAsync(CalendarEvent item, CancellationToken cancellationToken)
        {
            if (_dryRun) return;
            if (!(await UnsettledAsync(cancellationToken).ConfigureAwait(false)).TryGetValue(item.Id, out var entry)) return;
            await JournalAsync(item, entry.Kind, entry.OldBlock, entry.NewBlock, entry.NewBlockHash, MeetingOutcome.Updated,
                "confirmed when the request resumed: the meeting carries this request's marker", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Settles the Attempting row an interrupted attempt of this request left for a meeting the resumed attempt did not
        /// reach: one that began, was cancelled or deleted, or left the request's scope before the request resumed (the
        /// calendar read shows only what is ahead and in scope). The row stayed Attempting for ever, which the audit reads as a
        /// write whose fate is not known. The meeting is read once: its marker says whether the update was applied (a PATCH
        /// writes the body and the marker together). Nothing is sent.
        /// </summary>
        public async Task<MeetingResult> SettleInterruptedAsync(JournalEntry attempt, CancellationToken cancellationToken)
        {
            var current = await _gateway.GetEventAsync(_mailbox, attempt.EventId, attempt.WrittenBodyFormat, cancellationToken).ConfigureAwait(false);
            var item = current ?? new CalendarEvent { Id = attempt.EventId, Subject = attempt.Subject, StartUtc = attempt.Start };
            var kind = attempt.Kind;
            if (current != null && current.Marker == MarkerProperty.Format(_request.CorrelationId, attempt.NewBlockHash) && ShowsBlock(current, attempt.NewBlockHash))
            {
                await JournalAsync(item, kind, attempt.OldBlock, attempt.NewBlock, attempt.NewBlockHash, MeetingOutcome.Updated,
                    "confirmed when the request resumed: the meeting carries this request's marker", cancellationToken).ConfigureAwait(false);
                return new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true);
            }
            // Written over since by another request (an undo that ran while this one was stopped), which journaled the block it
            // found there: this request's, so its update went out (an outside probe: journaled "nothing was sent" after the
            // undo put the earlier block back over it).
            if ((await _store.GetLatestJournalByEventAsync(_request.UserPrincipalName, cancellationToken).ConfigureAwait(false)).TryGetValue(attempt.EventId, out var since)
                && since.Id > attempt.Id && since.CorrelationId != _request.CorrelationId && since.OldBlock.Length > 0
                && BlockFingerprint.Compute(since.OldBlock) == attempt.NewBlockHash)
            {
                await JournalAsync(item, kind, attempt.OldBlock, attempt.NewBlock, attempt.NewBlockHash, MeetingOutcome.Updated,
                    $"confirmed when the request resumed: request {since.CorrelationId:D} found this request's block in the meeting since", cancellationToken).ConfigureAwait(false);
                return new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true);
            }
            string reason;
            if (current == null)
                reason = "deleted before the request resumed: whether the interrupted attempt's update reached its attendees is not known";
            else
            {
                var state = current.IsCancelled ? "cancelled"
                    : current.HasEndedBy(_clock.UtcNow) ? "over"
                    : "out of the request's scope";
                reason = $"{state} when the request resumed, and it does not carry the interrupted attempt's update: nothing was sent";
            }
            await JournalAsync(item, kind, attempt.OldBlock, "", "", MeetingOutcome.Skipped, reason, cancellationToken).ConfigureAwait(false);
            return new MeetingResult(MeetingResultKind.Ignored, reason);
        }

        /// <summary>The event's body shows a block with this fingerprint, whenever the meeting is (past meetings included).</summary>
        private static bool ShowsBlock(CalendarEvent item, string fingerprint) =>
            BlockScanner.Scan(item.Body, item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text).Match is BlockMatch shown
            && BlockFingerprint.Compute(shown.Text) == fingerprint;

        /// <summary>The Teams block an interrupted attempt of this request was about to write to this event, if any.</summary>
        private async Task<string?> EarlierAttemptAsync(string eventId, CancellationToken cancellationToken)
        {
            return (await UnsettledAsync(cancellationToken).ConfigureAwait(false)).TryGetValue(eventId, out var entry)
                && entry.Kind == MeetingKind.SkypeForBusiness
                && entry.NewBlock.Length > 0
                ? entry.NewBlock
                : null;
        }

        /// <param name="kind">The meeting's type for the audit row: its block's, or, when no block could be delimited, its provider's.</param>
        private async Task<MeetingResult> FailAsync(CalendarEvent item, string reason, CancellationToken cancellationToken, bool transient = false, MeetingKind? kind = null)
        {
            if (!_dryRun) await JournalAsync(item, kind, "", "", "", MeetingOutcome.Failed, reason, cancellationToken).ConfigureAwait(false);
            return new MeetingResult(MeetingResultKind.Failed, reason, transient: transient);
        }

        /// <summary>
        /// A meeting whose event (a series' master) Graph did not give: failed, journaled from the calendar page's summary, so
        /// Get-CsMeetingMigrationDetail lists it as the request's FailedMeeting counts it. A series' row is its master's, as
        /// the rows of its migration are. Found by outside probe AA: a meeting throttled past its retries while being read
        /// was counted and named in LastMessage but had no row, so the documented export of a request's failures missed it.
        /// Not journaled over an earlier attempt's unsettled Attempting row for it (see below).
        /// </summary>
        public async Task<MeetingResult> FailUnreadAsync(CalendarEvent summary, GraphCallException e, CancellationToken cancellationToken)
        {
            var series = summary.Type == "occurrence" && summary.SeriesMasterId != null;
            var row = new CalendarEvent
            {
                Id = series ? summary.SeriesMasterId! : summary.Id,
                Subject = summary.Subject,
                StartUtc = summary.StartUtc,
                OnlineMeetingProvider = summary.OnlineMeetingProvider,
            };
            // Graph's message for a refusal (a 400 says why: outside probe AJ), not for the busy answers retried past their
            // budget, whose messages say nothing more than their code and would repeat for every meeting.
            var reason = $"{(series ? "reading the series" : "reading the meeting")} failed: {e.Said(withMessage: !e.IsTransient)}";
            // An earlier attempt's Attempting row for the meeting, not settled, must stay its latest row: a row after it would
            // settle it unread, and the next attempt settles it from the meeting's marker (its Updated row is what undo restores from).
            var result = !_dryRun && (await UnsettledAsync(cancellationToken).ConfigureAwait(false)).ContainsKey(row.Id)
                ? new MeetingResult(MeetingResultKind.Failed, reason, transient: true)
                : await FailAsync(row, reason, cancellationToken, transient: true, kind: KindOfProvider(row)).ConfigureAwait(false);
            return AfterGraphFailure(result, e);
        }

        /// <summary>A meeting failed on a Graph error: a retry may help, not before the wait Graph asked for; Graph not reachable at all is said.</summary>
        private async Task<MeetingResult> FailOnGraphAsync(CalendarEvent item, GraphCallException e, MeetingKind? kind, CancellationToken cancellationToken)
        {
            var result = await FailAsync(item, e.Said(), cancellationToken, transient: true, kind: kind).ConfigureAwait(false);
            return AfterGraphFailure(result, e);
        }

        /// <summary>A retry of a meeting Graph failed waits as long as Graph asked; Graph not reachable at all is said.</summary>
        private MeetingResult AfterGraphFailure(MeetingResult result, GraphCallException e)
        {
            result.RetryNotBefore = _clock.UtcNow + e.RetryAfter;
            result.ConnectionDown = e.IsConnectionDown ? e : null;
            return result;
        }

        /// <summary>The type Graph gives the meeting (a meeting converted to Teams keeps its Skype provider: the block decides where there is one).</summary>
        private static MeetingKind? KindOfProvider(CalendarEvent item) => item.OnlineMeetingProvider switch
        {
            "teamsForBusiness" => MeetingKind.Teams,
            "skypeForBusiness" or "skypeForConsumer" => MeetingKind.SkypeForBusiness,
            _ => null,
        };

        private Task JournalAsync(CalendarEvent item, MeetingKind? kind, string oldBlock, string newBlock, string hash, MeetingOutcome outcome, string reason,
            CancellationToken cancellationToken, string? graphRequestId = null, bool blocksOnAttemptingRow = false) =>
            _store.AppendJournalAsync(new JournalEntry
            {
                CorrelationId = _request.CorrelationId,
                UserPrincipalName = _request.UserPrincipalName,
                EventId = item.Id,
                Subject = item.Subject,
                Start = item.StartUtc,
                MeetingKind = kind?.ToString() ?? "",
                OldBlock = oldBlock,
                NewBlock = newBlock,
                NewBlockHash = hash,
                Outcome = outcome,
                Reason = reason,
                Time = _clock.UtcNow,
                GraphRequestId = graphRequestId,
                // Only where this attempt's own Attempting row, written just before the PATCH, holds the same blocks.
                BlocksOnAttemptingRow = blocksOnAttemptingRow,
                LeaseOwner = _request.LeaseOwner,
                LeaseFence = _request.LeaseFence,
            }, cancellationToken);
    }
}
