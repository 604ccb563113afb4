using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>
    /// One attempt at one request: resolve the organizer, stream their calendar from now to the horizon page by page
    /// (summaries: no bodies), read each in-scope meeting in full and migrate it (a series once, through its master;
    /// exceptions on their own), and sum up. Memory stays flat: only the current page, the meetings in progress and the
    /// ids of series already handled are held.
    /// </summary>
    public sealed class RequestProcessor
    {
        private const int MaxNamedFailures = 10;
        /// <summary>Meetings of one request being migrated at once: enough to keep the mailbox's four request slots busy.</summary>
        public const int MeetingsInFlight = 8;
        private readonly IMailboxGateway _gateway;
        private readonly IMigrationStore _store;
        private readonly IClock _clock;
        private readonly ILogger _logger;

        public RequestProcessor(IMailboxGateway gateway, IMigrationStore store, IClock? clock = null, ILogger? logger = null)
        {
            _gateway = gateway;
            _store = store;
            _clock = clock ?? SystemClock.Instance;
            _logger = logger ?? NullLogger.Instance;
        }

        /// <param name="configuration">The tenant configuration the caller already read for this attempt; read here when null.</param>
        public async Task<AttemptResult> RunAsync(MigrationRequest request, bool dryRun, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken,
            TenantMigrationConfiguration? configuration = null)
        {
            var result = new AttemptResult();
            configuration ??= await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!configuration.MeetingMigrationEnabled)
                return Fail(result, "Meeting migration is turned off for the tenant (Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true turns it on).");

            // A store written before an identity rule existed (the nil GUID was accepted until 2026-12-04) may hold one that fails it now.
            var named = request.UserId?.ToString("D") ?? request.UserPrincipalName;
            if (!UserIdentity.TryParse(named, out var parsed, out var problem))
                return Fail(result, $"{QuotedValue.Of(named)} is not a valid user identity: {problem} Queue the user by UPN or object id.");
            var identity = parsed!;
            var now = _clock.UtcNow;
            var end = now.AddDays(configuration.HorizonDays);
            // The directory lookup and the calendar's first page go out together when the request names the mailbox by its
            // address, as Graph's calendar URL does: a mailbox's work starts one round trip sooner (issue 9: every mailbox
            // began with two requests one after the other). Nothing on the page is acted on before the lookup answers, and
            // the page is dropped unread when the lookup finds no such user or names the mailbox differently (it is not
            // cancelled: by then it is on its way, and an attempt whose first two calls both always go out is one a test
            // and an admin reading Graph's logs can count on).
            Task<CalendarPage>? firstPage = identity.Kind == UserIdentityKind.Address
                ? _gateway.ReadCalendarPageAsync(identity.Value, now, end, null, cancellationToken)
                : null;
            Users.DirectoryUser? user;
            try
            {
                user = await _gateway.FindAsync(identity, cancellationToken).ConfigureAwait(false);
            }
            catch (GraphCallException e) when (!e.IsConnectionDown)
            {
                // The first call of an attempt: a directory that stays busy. Said as such (the request's retry tries again),
                // not as an unexpected error of the worker. An endpoint that cannot be reached at all, or that refuses the
                // connection's credentials, is not this user's failure: it propagates, so a cmdlet says GraphUnreachable or
                // AuthenticationFailed and a pass stops.
                Drop(firstPage);
                return result.LookupFailed(request.UserPrincipalName, e);
            }
            catch
            {
                Drop(firstPage);
                throw;
            }
            if (user == null || !string.Equals(user.UserPrincipalName, identity.Value, StringComparison.OrdinalIgnoreCase))
            {
                Drop(firstPage);
                firstPage = null;
            }
            if (user == null) return result.NoSuchUser(request.UserPrincipalName);
            result.ResolvedUserId = user.Id;
            result.ResolvedUserPrincipalName = user.UserPrincipalName;
            var mailbox = user.UserPrincipalName;
            var working = request.Clone();
            working.UserPrincipalName = user.UserPrincipalName;

            var migrator = new MeetingMigrator(_gateway, _store, working, mailbox, user.Id.ToString("D"), _clock, dryRun);
            // A request leased before may be resuming an attempt that was interrupted (a killed process, a lost lease): the
            // updates it announced and never saw the end of. Those the calendar read reaches are settled as their meetings are
            // migrated again; the rest are settled once the calendar is read (SettleUnreachedAsync). A first attempt has none.
            var unsettled = !dryRun && request.LeaseFence > 1
                ? (await _store.GetUnsettledAttemptsAsync(request.CorrelationId, cancellationToken).ConfigureAwait(false))
                    .ToDictionary(row => row.EventId, StringComparer.Ordinal) // one per meeting: its latest row
                : null;
            var seriesDone = new HashSet<string>(StringComparer.Ordinal);
            var seriesDispatched = new List<string>();
            var seriesLeftAlone = new HashSet<string>(StringComparer.Ordinal);
            var failures = new List<string>();
            var seen = 0;
            var done = 0;
            // Meetings run as a stream, not page by page: the next page is read while the last one's meetings are migrated,
            // and a series master is fetched inside its meeting's task. The gateway keeps the mailbox at four requests in
            // flight; this bound keeps enough work queued to fill them while holding only a handful of meetings in memory.
            var slots = new SemaphoreSlim(MeetingsInFlight);
            var running = new List<Task>();
            var calendarRead = 0; // 1 once the last page is read (set on the reading thread, read by the meetings' tasks)
            // The connection found down by a meeting's call: the attempt ends as if the calendar read had (the worker hands the
            // request back without using a retry), once every started meeting has ended. Found by an outside probe: requests
            // in flight when Graph went away ended Failed, each spending a retry, while the queued ones waited.
            GraphCallException? connectionDown = null;

            async Task DispatchAsync(CalendarEvent item)
            {
                Interlocked.Increment(ref seen);
                unsettled?.Remove(item.Type == "occurrence" ? item.SeriesMasterId! : item.Id);
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.Add(MigrateOneAsync(item));
                running.RemoveAll(task => task.Status == TaskStatus.RanToCompletion);
            }

            async Task MigrateOneAsync(CalendarEvent item)
            {
                try
                {
                    // The page gave a summary; the event (a series' master) is read in full just before it is judged, its body in
                    // the format the page said it is stored in (an occurrence's is its master's).
                    var target = await _gateway.GetEventAsync(mailbox, item.Type == "occurrence" ? item.SeriesMasterId! : item.Id, item.StoredBodyFormat,
                        cancellationToken).ConfigureAwait(false);
                    if (target == null) return; // deleted since the page was read
                    var outcome = await migrator.MigrateAsync(target, change =>
                    {
                        // A series is planned through its master, whose start is the series' first, in the past for one that
                        // runs on: it is shown by its next occurrence, as LastMessage names it (outside probe AB: a script
                        // keeping Find's rows with StartUtc ahead dropped every stale series).
                        if (item.Type == "occurrence") change.StartUtc = item.StartUtc;
                        lock (result) result.Planned.Add(change);
                    }, cancellationToken).ConfigureAwait(false);
                    lock (result)
                    {
                        connectionDown ??= outcome.ConnectionDown;
                        // A series is named by the occurrence that brought it here, its next one: its master's start is the
                        // series' first, in the past for a series that runs on (an outside probe read "skipped … (2026-11-26)").
                        Count(result, outcome, target, item.Type == "occurrence" ? item.StartUtc : target.StartUtc, failures);
                        done++;
                    }
                    progress?.Report(new MigrationProgress
                    {
                        UserPrincipalName = mailbox, MeetingsSeen = seen, MeetingsDone = done, CurrentSubject = target.Subject,
                        CalendarRead = Volatile.Read(ref calendarRead) == 1,
                    });
                }
                catch (GraphCallException e) when (!e.IsMailboxOnPremises)
                {
                    var failed = await migrator.FailUnreadAsync(item, e, cancellationToken).ConfigureAwait(false);
                    lock (result)
                    {
                        connectionDown ??= failed.ConnectionDown;
                        Count(result, failed, item, item.StartUtc, failures);
                    }
                }
                finally
                {
                    slots.Release();
                }
            }

            try
            {
                Exception? readFailure = null;
                try
                {
                    await _gateway.ReadCalendarAsync(mailbox, now, end, firstPage, async page =>
                    {
                        _logger.LogDebug("{User}: a calendar page of {Count} events read.", mailbox, page.Count);
                        foreach (var item in page)
                        {
                            // Only events the page shows in scope are read in full: the rest cost nothing more.
                            if (MeetingSelection.OutOfScopeByPage(item, now) is string outOfScope)
                            {
                                // A series' occurrences are one meeting: its reason is counted once, and an occurrence under way
                                // says nothing of the series (its next one may be ahead).
                                if (item.Type != "occurrence") LeaveAlone(result, outOfScope);
                                else if (item.StartUtc > now && item.SeriesMasterId != null && seriesLeftAlone.Add(item.SeriesMasterId)) LeaveAlone(result, outOfScope);
                                continue;
                            }
                            if (item.Type == "occurrence")
                            {
                                // A series is updated once, through its master, when it still has an occurrence ahead.
                                if (item.SeriesMasterId == null || !seriesDone.Add(item.SeriesMasterId)) continue;
                            }
                            if (!MeetingSelection.HasOnlineSignal(item))
                            {
                                // An occurrence shows its series' online-meeting fields: a series without them is not read either.
                                LeaveAlone(result, "not an online meeting");
                                continue; // a block in its body, if any, was pasted by hand
                            }
                            if (item.Type == "occurrence") seriesDispatched.Add(item.SeriesMasterId!);
                            await DispatchAsync(item).ConfigureAwait(false);
                        }
                        progress?.Report(new MigrationProgress { UserPrincipalName = mailbox, MeetingsSeen = seen, MeetingsDone = done });
                    }, cancellationToken).ConfigureAwait(false);
                    // The horizon bounds which meetings are looked for, not how much of a series changes: its master's update
                    // reaches every occurrence, beyond the horizon too, so the exceptions of a series in scope come along wherever
                    // they fall. Outside probe AE: with HorizonDays 30 an occurrence moved to day 45 kept the old details, and
                    // Exchange re-sent it to its attendees with them, while the request said Succeeded. Asked only when the
                    // horizon is shorter than Graph's window: one instances read per series.
                    var windowEnd = now.AddDays(TenantMigrationConfiguration.MaxHorizonDays);
                    if (end < windowEnd)
                        foreach (var masterId in seriesDispatched)
                            foreach (var exception in await _gateway.ReadExceptionsAsync(mailbox, masterId, end, windowEnd, cancellationToken).ConfigureAwait(false))
                                if (exception.StartUtc >= end && MeetingSelection.OutOfScopeByPage(exception, now) == null) // past the calendar's window, so not read with it
                                    await DispatchAsync(exception).ConfigureAwait(false);
                    Volatile.Write(ref calendarRead, 1);
                    progress?.Report(new MigrationProgress { UserPrincipalName = mailbox, MeetingsSeen = seen, MeetingsDone = done, CalendarRead = true });
                }
                catch (Exception e)
                {
                    readFailure = e;
                }
                // Every started meeting ends before the attempt does, whatever happened to the calendar read.
                try
                {
                    await Task.WhenAll(running).ConfigureAwait(false);
                }
                catch when (readFailure != null)
                {
                    // The read's own failure is the one to report.
                }
                if (readFailure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(readFailure).Throw();
                if (connectionDown != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(connectionDown).Throw();
                if (unsettled is { Count: > 0 }) await SettleUnreachedAsync(migrator, unsettled.Values, result, failures, cancellationToken).ConfigureAwait(false);
                // Writes of an interrupted attempt that an undo settled while this request was stopped, before it put the
                // earlier block back over them: their updates went out, and the meetings are out of this request's scope now,
                // so nothing this attempt read counts them.
                if (unsettled != null)
                    foreach (var settled in (await _store.GetJournalAsync(request.CorrelationId, cancellationToken).ConfigureAwait(false))
                                 .Where(e => e.Outcome == MeetingOutcome.Updated && e.Reason.StartsWith(Undo.MeetingRestorer.ConfirmedByUndo, StringComparison.Ordinal)))
                        lock (result) Count(result, new MeetingResult(MeetingResultKind.Updated, "", updateSentByThisRequest: true),
                            new CalendarEvent { Id = settled.EventId, Subject = settled.Subject, StartUtc = settled.Start }, settled.Start, failures);
                result.CalendarRead = true;
            }
            catch (GraphCallException e) when (e.IsMailboxOnPremises)
            {
                return Fail(result, $"The mailbox of {mailbox} is not in Exchange Online (Graph answered {e.Code}); MMS migrates meetings in Exchange Online mailboxes only.");
            }
            catch (GraphCallException e) when (!e.IsConnectionDown)
            {
                // The connection down (Graph unreachable, credentials refused) propagates, as at the directory look-up.
                result.WaitUntil(_clock.UtcNow + e.RetryAfter);
                return Fail(result, $"Reading the calendar of {mailbox} failed: {e.Said()}");
            }

            result.Succeeded = result.FailedMeeting == 0;
            result.LastMessage = Summarize(result, failures, dryRun);
            _logger.LogInformation(AttemptLogEvents.Summary, "{User}: {Total} meetings, {Succeeded} succeeded, {Failed} failed, {Invites} updates sent.",
                mailbox, result.TotalMeeting, result.SucceededMeeting, result.FailedMeeting, result.InvitesUpdate);
            return result;
        }

        /// <summary>
        /// Settles what an interrupted attempt announced for meetings this attempt did not reach (they began, or were
        /// cancelled, deleted or left the scope, before the request resumed): an update the meeting carries counts as this
        /// request's, like any it sent; the rest are left alone. A meeting that cannot be read now keeps its row, and the
        /// attempt does not fail for it: nothing is left to send.
        /// </summary>
        private async Task SettleUnreachedAsync(MeetingMigrator migrator, IEnumerable<JournalEntry> attempts, AttemptResult result, List<string> failures,
            CancellationToken cancellationToken)
        {
            foreach (var attempt in attempts.OrderBy(row => row.Id))
            {
                MeetingResult outcome;
                try
                {
                    outcome = await migrator.SettleInterruptedAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphCallException e) when (!e.IsConnectionDown)
                {
                    _logger.LogWarning("{User}: the interrupted update of {Event} could not be settled: Graph answered {Status} {Code}.",
                        attempt.UserPrincipalName, attempt.EventId, e.Status, e.Code);
                    continue;
                }
                lock (result) Count(result, outcome, new CalendarEvent { Id = attempt.EventId, Subject = attempt.Subject, StartUtc = attempt.Start }, attempt.Start, failures);
            }
        }

        /// <summary>A first page asked for early and not wanted after all: its outcome is observed, so no failure goes unseen.</summary>
        private static void Drop(Task<CalendarPage>? firstPage)
        {
            if (firstPage == null) return;
            firstPage.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <param name="shownStart">The start the messages name: a series' next occurrence, else the meeting's.</param>
        private static void Count(AttemptResult result, MeetingResult outcome, CalendarEvent item, DateTime? shownStart, List<string> failures)
        {
            switch (outcome.Kind)
            {
                case MeetingResultKind.Ignored:
                    LeaveAlone(result, outcome.Reason);
                    return;
                case MeetingResultKind.SkippedTooManyAttendees:
                    result.SkippedTooManyAttendees++;
                    result.SkippedMeetings.Add(MeetingLabel.Of(item.Subject, shownStart));
                    return;
                case MeetingResultKind.SkippedNoBlock:
                    result.SkippedWithoutBlock.Add(MeetingLabel.Of(item.Subject, shownStart));
                    return;
                case MeetingResultKind.Failed:
                    result.TotalMeeting++;
                    result.FailedMeeting++;
                    if (outcome.Transient) result.TransientFailures++;
                    result.WaitUntil(outcome.RetryNotBefore);
                    // A subject is whatever the sender typed: escaped and shortened like any value a message quotes.
                    failures.Add($"{MeetingLabel.Of(item.Subject, shownStart)}: {QuotedValue.Inert(outcome.Reason.TrimEnd('.'))}");
                    result.Failures.Add(new MeetingFailure { EventId = item.Id, Subject = item.Subject, StartUtc = item.StartUtc, Reason = outcome.Reason });
                    return;
                default:
                    result.TotalMeeting++;
                    result.SucceededMeeting++;
                    if (outcome.UpdateSentByThisRequest) result.InvitesUpdate++;
                    return;
            }
        }

        private static void LeaveAlone(AttemptResult result, string reason)
        {
            lock (result) result.LeftAlone[reason] = result.LeftAlone.TryGetValue(reason, out var n) ? n + 1 : 1;
        }

        /// <summary>
        /// The attempt's message. A dry run (Start -WhatIf, Find, the service's reconciliation) changes nothing, so a meeting
        /// it could not plan is one it could not check, not one that failed: the reconciliation's log quoted "failed" where
        /// Find said "could not be checked" for the same meeting (outside probe AB).
        /// </summary>
        private static string Summarize(AttemptResult result, List<string> failures, bool dryRun)
        {
            var parts = new List<string>();
            if (result.TotalMeeting == 0)
            {
                // Nothing to change: say what the calendar held and why each was left alone, rather than an empty message.
                var reasons = string.Join(", ", result.LeftAlone.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{p.Value} {p.Key}"));
                bool skipped = result.SkippedTooManyAttendees > 0 || result.SkippedWithoutBlock.Count > 0;
                parts.Add(result.LeftAlone.Count == 0
                    ? skipped ? "No meeting to migrate; nothing was changed." : "No meeting ahead in the calendar; nothing was changed."
                    : $"No meeting to migrate; nothing was changed. Left alone: {reasons}.");
            }
            if (failures.Count > 0) parts.Add($"{failures.Count} meeting(s) {(dryRun ? "could not be checked" : "failed")}: {FirstFew(failures)}.");
            if (result.SkippedTooManyAttendees > 0)
                parts.Add($"{result.SkippedTooManyAttendees} meeting(s) skipped, more than {MeetingSelection.MaxParticipants} participants: {FirstFew(result.SkippedMeetings)}.");
            if (result.SkippedWithoutBlock.Count > 0)
                parts.Add($"{result.SkippedWithoutBlock.Count} online meeting(s) skipped, no online-meeting block in the body to rewrite (removed or edited by the organizer?): {FirstFew(result.SkippedWithoutBlock)}.");
            return string.Join(" ", parts);
        }

        /// <summary>The first <see cref="MaxNamedFailures"/> entries, then how many more: a message stays readable at any count.</summary>
        private static string FirstFew(IReadOnlyList<string> named) =>
            string.Join("; ", named.Take(MaxNamedFailures)) + (named.Count > MaxNamedFailures ? $"; and {named.Count - MaxNamedFailures} more" : "");

        private static AttemptResult Fail(AttemptResult result, string message)
        {
            result.Succeeded = false;
            result.LastMessage = message;
            return result;
        }
    }
}
