using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Users;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Administration
{
    /// <summary>
    /// What the admin cmdlets ask of the engine: read status, queue users, read and change tenant settings. Validation lives
    /// here, so bad input is refused before the store is touched, whichever front end (cmdlet, service, test) calls it.
    /// </summary>
    public sealed partial class MigrationAdmin
    {
        private readonly IMigrationStore _store;
        private readonly IClock _clock;
        private readonly IUserDirectory? _directory;

        public MigrationAdmin(IMigrationStore store, IClock? clock = null, IUserDirectory? directory = null)
        {
            _store = store;
            _clock = clock ?? SystemClock.Instance;
            _directory = directory;
        }

        public IMigrationStore Store => _store;
        /// <summary>True when users can be checked against a directory before they are queued.</summary>
        public bool CanVerifyUsers => _directory != null;

        public async Task<IReadOnlyList<MigrationRequest>> GetStatusAsync(MigrationStatusQuery query, CancellationToken cancellationToken)
        {
            var normalized = await PrepareAsync(query, cancellationToken).ConfigureAwait(false);
            var requests = await _store.QueryAsync(normalized, cancellationToken).ConfigureAwait(false);
            // An InProgress request whose lease ran out shows no change in the store: without this, status would show it
            // InProgress for ever with nothing running it and no word why. Judged by the store's clock, as leases are.
            var now = _store.Clock.UtcNow;
            foreach (var request in requests)
            {
                if (request.HeldUntil < now)
                {
                    var isUndo = request.Trigger == Triggers.TriggerNames.Undo;
                    var scope = isUndo ? await _store.GetUndoScopeAsync(request.CorrelationId, cancellationToken).ConfigureAwait(false) : null;
                    request.LastMessage = Worker.MigrationWorker.AbandonedMessage(request, isUndo, scope);
                }
                // A request that has not ended shows what its journal says so far: its own counts are saved only when an
                // attempt ends, so a long or throttled run showed 0 of 0 meetings while hundreds were updated (outside probe).
                if (request.State == MigrationState.InProgress)
                    (await _store.CountJournalAsync(request.CorrelationId, cancellationToken).ConfigureAwait(false)).CopyTo(request);
            }
            return requests;
        }

        public async Task<IReadOnlyList<StateSummary>> GetSummaryAsync(MigrationStatusQuery query, CancellationToken cancellationToken)
        {
            var normalized = await PrepareAsync(query, cancellationToken).ConfigureAwait(false);
            return await _store.SummarizeAsync(normalized, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Queues a user (or merges into their Pending request). With a directory, the user must exist; without one the
        /// address is queued as given and the worker resolves it when the request runs.
        /// </summary>
        public async Task<EnqueueResult> StartAsync(UserIdentity user, SourceMeetingType source, TargetMeetingType target, CancellationToken cancellationToken)
        {
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!configuration.MeetingMigrationEnabled) throw MigrationDisabled(user);
            var request = await PrepareStartAsync(user, source, target, cancellationToken).ConfigureAwait(false);
            var queued = await _store.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
            queued.UserNotCheckedBecause = request.NotCheckedBecause;
            return queued;
        }

        /// <summary>
        /// What queuing a user would store, checked against the directory when there is one (UserNotFound otherwise); the
        /// address as given, when there is none. Nothing is written.
        /// </summary>
        public async Task<EnqueueRequest> PrepareStartAsync(UserIdentity user, SourceMeetingType source, TargetMeetingType target, CancellationToken cancellationToken)
        {
            var request = new EnqueueRequest(user, source, target);
            DirectoryUser? found = null;
            if (_directory != null)
            {
                try
                {
                    found = await _directory.FindAsync(user, cancellationToken).ConfigureAwait(false);
                    if (found == null) throw NotInDirectory(user, "nothing was queued" + await QueuedUncheckedAsync(user, cancellationToken).ConfigureAwait(false));
                }
                catch (Graph.GraphCallException e) when (e.IsTransient)
                {
                    // Throttled or busy past the look-up's budget: queued unchecked, as without a directory, rather than
                    // refused with nothing queued. A bulk Start during throttling skipped those users, and its error spoke of
                    // a retry that did not exist (outside probe); the worker checks the user when the request runs, and its
                    // own retries cover Graph staying busy.
                    request.NotCheckedBecause = Graph.GraphFailures.Describe(e);
                }
            }
            if (found != null)
            {
                request.UserId = found.Id;
                request.UserPrincipalName = found.UserPrincipalName;
            }
            else if (user.Kind == UserIdentityKind.ObjectId)
            {
                request.UserId = user.ObjectId;
            }
            return request;
        }

        /// <summary>
        /// With a directory (a Graph connection), UserNotFound when the user is not in it, as Microsoft's conferencing cmdlets
        /// refuse an unknown user; without one there is nothing to check against. The commands that record a user's
        /// conferencing or move ask it before they create a record, so no request is queued for a user who does not exist
        /// (it would fail and be retried for a day; found by an outside probe).
        /// </summary>
        public async Task RequireInDirectoryAsync(UserIdentity user, CancellationToken cancellationToken)
        {
            if (_directory == null) return;
            if (await _directory.FindAsync(user, cancellationToken).ConfigureAwait(false) == null) throw NotInDirectory(user, "nothing was changed");
        }

        /// <summary>
        /// For a user the directory does not have: a request queued for the address earlier without checking it (no Graph, or
        /// a throttled look-up) that has not ended, said with what becomes of it; "nothing was queued" alone read as if there
        /// were none (outside probe M).
        /// </summary>
        private async Task<string> QueuedUncheckedAsync(UserIdentity user, CancellationToken cancellationToken)
        {
            var waiting = (await _store.QueryAsync(new MigrationStatusQuery { Identity = user }, cancellationToken).ConfigureAwait(false))
                .Where(r => r.State == MigrationState.Pending || r.State == MigrationState.InProgress).ToList();
            return waiting.Count == 0 ? ""
                : $". Queued for this address before, unchecked: {string.Join(", ", waiting.Select(r => $"request {r.CorrelationId:D} ({r.State})"))}, which fails " +
                  $"when it runs, without a retry; Stop-CsMeetingMigration -Identity {QuotedValue.Of(user.Original)} takes it out now";
        }

        private static MeetingMigrationException NotInDirectory(UserIdentity user, string outcome) =>
            new MeetingMigrationException(ErrorIds.UserNotFound, ErrorKind.ObjectNotFound,
                $"No user {QuotedValue.Of(user.Original)} exists in the directory; {outcome}.", user.Original,
                "Check the spelling of the UPN, SIP address or object id (Get-MgUser or the admin center shows it).");

        /// <summary>What queuing <paramref name="user"/> is refused with while meeting migration is off (also what -WhatIf says then).</summary>
        public static MeetingMigrationException MigrationDisabled(UserIdentity user) =>
            new MeetingMigrationException(ErrorIds.MigrationDisabled, ErrorKind.NotEnabled,
                // "was not queued" alone read as if the user had no request, when one queued earlier waits Pending (outside audit).
                $"Meeting migration is turned off for the tenant, so this command queued nothing for {QuotedValue.Of(user.Original)}; a request queued for them before stays Pending until it is turned on.", user.Original,
                "Turn it on with Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true, then queue the user again.");

        public Task<TenantMigrationConfiguration> GetTenantMigrationConfigurationAsync(CancellationToken cancellationToken) =>
            _store.GetTenantMigrationConfigurationAsync(cancellationToken);

        /// <summary>Changes only what <paramref name="change"/> sets, atomically (Set-CsTenantMigrationConfiguration).</summary>
        public Task<TenantMigrationConfiguration> UpdateTenantMigrationConfigurationAsync(Action<TenantMigrationConfiguration> change, CancellationToken cancellationToken) =>
            _store.UpdateTenantMigrationConfigurationAsync(change, cancellationToken);

        /// <summary>Changes only what <paramref name="change"/> sets, atomically (Set-CsOnlineDialInConferencingTenantSettings).</summary>
        public Task<DialInConferencingTenantSettings> UpdateDialInSettingsAsync(Action<DialInConferencingTenantSettings> change, CancellationToken cancellationToken) =>
            _store.UpdateDialInSettingsAsync(change, cancellationToken);

        public Task<DialInConferencingTenantSettings> GetDialInSettingsAsync(CancellationToken cancellationToken) =>
            _store.GetDialInSettingsAsync(cancellationToken);

        public Task SetDialInSettingsAsync(DialInConferencingTenantSettings settings, CancellationToken cancellationToken) =>
            _store.SaveDialInSettingsAsync(settings, cancellationToken);

        /// <summary>Validates a status query, converts its times to UTC, and purges records past retention first.</summary>
        private async Task<MigrationStatusQuery> PrepareAsync(MigrationStatusQuery query, CancellationToken cancellationToken)
        {
            var start = ToUtc(query.StartTime);
            var end = ToUtc(query.EndTime);
            if (start != null && end != null && end < start)
            {
                throw new MeetingMigrationException(ErrorIds.InvalidTimeRange, ErrorKind.InvalidArgument,
                    $"EndTime {query.EndTime:o} is before StartTime {query.StartTime:o}.", query.EndTime,
                    "Give an EndTime later than or equal to StartTime.");
            }
            await PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
            return new MigrationStatusQuery
            {
                Identity = query.Identity,
                StartTime = start,
                EndTime = end,
                State = query.State,
                MigrationType = query.MigrationType,
            };
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> LastPurge =
            new System.Collections.Concurrent.ConcurrentDictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Retention: finished requests older than StatusRetentionDays are deleted before status is read, at most every
        /// ten minutes per store in this process, so reading status does not turn every call into a write.
        /// </summary>
        private async Task PurgeExpiredAsync(CancellationToken cancellationToken)
        {
            var now = _clock.UtcNow;
            if (LastPurge.TryGetValue(_store.Location, out var last) && now - last < TimeSpan.FromMinutes(10) && now >= last) return;
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            await _store.PurgeAsync(now.AddDays(-configuration.StatusRetentionDays), cancellationToken).ConfigureAwait(false);
            LastPurge[_store.Location] = now;
        }

        /// <summary>A time without a zone (what PowerShell makes of "10/1/2016") is the admin's local time, as Get-Date shows it.</summary>
        internal static DateTime? ToUtc(DateTime? time)
        {
            if (time == null) return null;
            var value = time.Value;
            if (value.Kind == DateTimeKind.Utc) return value;
            if (value.Kind == DateTimeKind.Unspecified) value = DateTime.SpecifyKind(value, DateTimeKind.Local);
            return value.ToUniversalTime();
        }
    }
}
