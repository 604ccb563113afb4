using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    /// (Exchange's MailboxConcurrency limit) under one global cap, Retry-After honoured, bounded exponential backoff with jitter.
    /// Reads are retried. A write is retried only after a 429, which Exchange answers before applying anything;
    /// any other failure of a write goes back to the caller, who reads the event to learn whether it took effect.
    /// </summary>
    public sealed class ResilientMailboxGateway : IMailboxGateway
    {
        public const int MailboxConcurrency = 4;

        private readonly IMailboxGateway _inner;
        private readonly Backoff _backoff;
        private readonly SemaphoreSlim _global;
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _mailboxes = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        private readonly ILogger _logger;

        public ResilientMailboxGateway(IMailboxGateway inner, int globalConcurrency = 64, Backoff? backoff = null, ILogger? logger = null)
        {
            _inner = inner;
            _backoff = backoff ?? Backoff.Default;
            _global = new SemaphoreSlim(Math.Max(1, globalConcurrency));
            _logger = logger ?? NullLogger.Instance;
        }

        public Task<DirectoryUser?> FindAsync(Model.UserIdentity identity, CancellationToken cancellationToken) =>
            Retrying("*directory*", token => _inner.FindAsync(identity, token), isWrite: false, cancellationToken);

        public Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.ReadCalendarPageAsync(mailbox, startUtc, endUtc, nextLink, token), isWrite: false, cancellationToken);

        public Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.GetEventAsync(mailbox, eventId, token), isWrite: false, cancellationToken);

        public Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken) =>
            Retrying(mailbox, async token => { await _inner.PatchEventAsync(mailbox, patch, token).ConfigureAwait(false); return true; }, isWrite: true, cancellationToken);

        public Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.GetTeamsCoordinatesAsync(mailbox, organizerId, joinUrl, token), isWrite: false, cancellationToken);

        /// <summary>createOrGet is idempotent by its externalId, so it is retried like a read: a 504 after the meeting was created returns that meeting.</summary>
        public Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc,
            CancellationToken cancellationToken) =>
            Retrying(mailbox, token => _inner.CreateTeamsMeetingAsync(mailbox, organizerId, externalId, subject, startUtc, endUtc, token), isWrite: false, cancellationToken);

        /// <summary>Holds one of the mailbox's four slots (and a global one) for the duration of a call.</summary>
        public async Task<T> WithinLimitsAsync<T>(string mailbox, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            var slot = _mailboxes.GetOrAdd(mailbox, _ => new SemaphoreSlim(MailboxConcurrency));
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

        private async Task<T> Retrying<T>(string mailbox, Func<CancellationToken, Task<T>> call, bool isWrite, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await WithinLimitsAsync(mailbox, call, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphCallException e) when (attempt < _backoff.MaxAttempts && Retryable(e, isWrite))
                {
                    var wait = _backoff.Delay(attempt, e.RetryAfter);
                    _logger.LogDebug("Graph answered {Status} {Code} for {Mailbox}; retry {Attempt} in {Wait}.", e.Status, e.Code, mailbox, attempt, wait);
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static bool Retryable(GraphCallException e, bool isWrite) =>
            isWrite ? e.Status == 429 : e.IsTransient;
    }
}
