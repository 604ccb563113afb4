using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// Keeps the engine within Exchange Online's limits and rides out its faults: at most four requests in flight per mailbox
    /// (Exchange's MailboxConcurrency limit) under one global cap, Retry-After honoured as given, bounded exponential backoff
    /// with jitter. This is the one place in the engine that retries a Graph call, within one budget per call
    /// (<see cref="Backoff.MaxAttempts"/> sends, <see cref="Backoff.MaxTotalWait"/> of waiting; a PATCH draws on its
    /// meeting's budget, <see cref="EventPatch.Tally"/>). Reads are retried on transient failures. A write is retried only
    /// after a 429, which Exchange answers before applying anything; any other failure of a write goes back to the caller,
    /// who reads the event to learn whether it took effect. A Retry-After longer than the budget leaves fails the call as
    /// throttled, naming the wait, rather than sending early. An access token Graph refused (401) is not retried here
    /// either: the connection's <see cref="Auth.TokenRenewalHandler"/> has already got one new token and sent the call once
    /// more inside this call, without spending its budget; a 401 that still reaches this gateway is final.
    /// </summary>
    public sealed class ResilientMailboxGateway : IMailboxGateway
    {
        public const int MailboxConcurrency = 4;

        /// <summary>
        /// Directory look-ups (users) at once, all users together. Exchange's four in flight are per mailbox; the directory's
        /// limits are per tenant and counted in requests per 10 seconds (3,500 in the smallest tenants), and a look-up is made
        /// once per mailbox attempt. Four at once for the whole tenant made every mailbox past the fourth wait for the others
        /// to be looked up before its work could start (issue 9: at 64 mailboxes at once the last started 1.6 s late, and 0.5 s
        /// with sixteen). As many as the service runs mailboxes at once (64 by default) is a burst of 64 from that budget;
        /// a 429 is retried after its Retry-After like any other.
        /// </summary>
        public const int DirectoryConcurrency = 64;

        private const string DirectoryKey = "*directory*";

        private readonly IMailboxGateway _inner;
        private readonly Backoff _backoff;
        private readonly SemaphoreSlim _global;
        private readonly ConcurrentDictionary<string, HandOffSlots> _mailboxes = new ConcurrentDictionary<string, HandOffSlots>(StringComparer.OrdinalIgnoreCase);
        private readonly ILogger _logger;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        /// <param name="delay">How a wait is spent; Task.Delay unless a test records the waits instead of sitting through them.</param>
        public ResilientMailboxGateway(IMailboxGateway inner, int globalConcurrency = 64, Backoff? backoff = null, ILogger? logger = null,
            Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _inner = inner;
            _backoff = backoff ?? Backoff.Default;
            _global = new SemaphoreSlim(Math.Max(1, globalConcurrency));
            _logger = logger ?? NullLogger.Instance;
            _delay = delay ?? Task.Delay;
        }

        public Task<DirectoryUser?> FindAsync(Model.UserIdentity identity, CancellationToken cancellationToken) =>
            Retrying(DirectoryKey, token => _inner.FindAsync(identity, token), isWrite: false, cancellationToken);

        public Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.ReadCalendarPageAsync(mailbox, startUtc, endUtc, nextLink, token), isWrite: false, cancellationToken);

        public Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, StoredBodyFormat expected, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.GetEventAsync(mailbox, eventId, expected, token), isWrite: false, cancellationToken);

        public Task<bool> HasOccurrenceStartingBetweenAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.HasOccurrenceStartingBetweenAsync(mailbox, seriesMasterId, startUtc, endUtc, token), isWrite: false, cancellationToken);

        public Task<CalendarPage> ReadInstancesPageAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.ReadInstancesPageAsync(mailbox, seriesMasterId, startUtc, endUtc, nextLink, token), isWrite: false, cancellationToken);

        public Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken) =>
            Retrying(mailbox, async token => { await _inner.PatchEventAsync(mailbox, patch, token).ConfigureAwait(false); return true; }, isWrite: true, cancellationToken,
                patch.Tally);

        public Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.GetTeamsCoordinatesAsync(mailbox, organizerId, joinUrl, token), isWrite: false, cancellationToken);

        /// <summary>createOrGet is idempotent by its externalId, so it is retried like a read: a 504 after the meeting was created returns that meeting.</summary>
        public Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc,
            CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.CreateTeamsMeetingAsync(mailbox, organizerId, externalId, subject, startUtc, endUtc, token), isWrite: false, cancellationToken);

        /// <summary>Holds one of the mailbox's four slots (and a global one) for the duration of a call.</summary>
        public async Task<T> WithinLimitsAsync<T>(string mailbox, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            var slot = _mailboxes.GetOrAdd(mailbox, key => new HandOffSlots(key == DirectoryKey ? DirectoryConcurrency : MailboxConcurrency));
            await slot.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await call(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _global.Release();
                }
            }
            finally
            {
                slot.Release();
            }
        }

        private async Task<T> Retrying<T>(string mailbox, Func<CancellationToken, Task<T>> call, bool isWrite, CancellationToken cancellationToken,
            RetryTally? shared = null)
        {
            var tally = shared ?? new RetryTally();
            while (true)
            {
                // Every call is sent at least once, even on a spent shared tally: the migrator's rounds (a 412, a lost answer)
                // each need their one PATCH, and what the tally bounds is the retrying of throttled sends.
                tally.CountSend();
                GraphCallException failure;
                try
                {
                    return await WithinLimitsAsync(mailbox, call, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphCallException e) when (Retryable(e, isWrite))
                {
                    failure = e;
                }
                var verdict = _backoff.Next(tally, failure.RetryAfter, out var wait);
                if (verdict == RetryVerdict.AttemptsUsedUp) ExceptionDispatchInfo.Capture(failure).Throw();
                if (verdict == RetryVerdict.WaitExceedsBudget) throw BudgetTooShort(failure, tally, wait);
                if (wait >= LongWait && FirstLongWaitThisMinute(mailbox))
                {
                    // The directory's calls (user look-ups, the license trigger's delta) are no mailbox's (outside probe AJ:
                    // "for *directory* … A migration of the mailbox … stays InProgress").
                    if (mailbox == DirectoryKey)
                        _logger.LogInformation("Microsoft Graph answered {Status} {Code} to a directory call; waiting {Wait:0} s before trying again (retry {Attempt}).",
                            failure.Status, failure.Code, wait.TotalSeconds, tally.Sends);
                    else
                        _logger.LogInformation("Microsoft Graph answered {Status} {Code} for {Mailbox}; waiting {Wait:0} s before trying again (retry {Attempt}). A migration of the mailbox running now stays InProgress meanwhile.",
                            failure.Status, failure.Code, mailbox, wait.TotalSeconds, tally.Sends);
                }
                else
                    _logger.LogDebug("Graph answered {Status} {Code} for {Mailbox}; retry {Attempt} in {Wait}.", failure.Status, failure.Code, mailbox, tally.Sends, wait);
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// A wait this long is said at Information, at most once a minute per mailbox (else at Debug): a mailbox throttled with
        /// Retry-After 30 kept its request InProgress for five minutes with nothing said (outside probe of faults).
        /// </summary>
        internal static readonly TimeSpan LongWait = TimeSpan.FromSeconds(10);

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _longWaitSaid =
            new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.OrdinalIgnoreCase);

        private bool FirstLongWaitThisMinute(string mailbox)
        {
            var minute = System.Diagnostics.Stopwatch.Frequency * 60;
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var said = _longWaitSaid.GetOrAdd(mailbox, now - minute);
            return now - said >= minute && _longWaitSaid.TryUpdate(mailbox, now, said);
        }

        /// <summary>
        /// The server asked for a longer wait than the call may spend: say so, and how long, instead of sending early. What comes
        /// next is the caller's to say (a request's retry, or none; a look-up that queues the user unchecked): the message said
        /// "the request's next retry tries again" for calls with no request, and before "No retry is scheduled" (outside probe).
        /// </summary>
        private GraphCallException BudgetTooShort(GraphCallException e, RetryTally tally, TimeSpan wait)
        {
            var left = _backoff.MaxTotalWait - tally.Waited;
            if (left < TimeSpan.Zero) left = TimeSpan.Zero;
            var message = e.RetryAfter == null
                ? $"{e.Message} This call spent its retry budget ({Seconds(_backoff.MaxTotalWait)} s of waiting)."
                : $"{e.Message} Graph asked to wait {Seconds(wait)} s before trying again, longer than this call's retry budget leaves " +
                  $"({Seconds(left)} s of {Seconds(_backoff.MaxTotalWait)} s); not sent again early.";
            return new GraphCallException(e.Status, e.Code, message, e.RetryAfter, e.RequestId, e);
        }

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

        private static bool Retryable(GraphCallException e, bool isWrite) =>
            isWrite ? e.Status == 429 : e.IsTransient;
    }
}
