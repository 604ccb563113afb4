using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>
    /// Finds meetings left stale by changes made outside MeetingMigration (the admin center, another tool): for each user,
    /// the request processor plans a migration of all their meetings to their current coordinates without writing anything
    /// (the same dry run -WhatIf shows), and every meeting it would change is stale. The truth is the planner's: Graph for
    /// Teams meetings on Microsoft's bridge, the store for Skype for Business meetings and third-party or self-managed
    /// bridges. Every call goes through the given gateway, so the mailbox limits the migrations keep hold here too.
    /// Reads only: no PATCH, no journal entry, no request changed; with <see cref="ReconciliationOptions.Queue"/>, users
    /// with stale meetings are queued like any automatic trigger (and that is the only write).
    /// </summary>
    public sealed class StaleMeetingReconciler
    {
        private readonly IMailboxGateway _gateway;
        private readonly IMigrationStore _store;
        private readonly IClock _clock;
        private readonly ILogger _logger;

        public StaleMeetingReconciler(IMailboxGateway gateway, IMigrationStore store, IClock? clock = null, ILogger? logger = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _clock = clock ?? SystemClock.Instance;
            _logger = logger ?? NullLogger.Instance;
        }

        /// <summary>
        /// Checks the users one after the other (at most MaxUsers, starting after StartAfter and wrapping around), pausing
        /// DelayBetweenUsers between two. <paramref name="onStarting"/> and <paramref name="onChecked"/> are called on the
        /// pass's own thread, in order, before and after each user.
        /// </summary>
        public async Task<ReconciliationPass> RunAsync(IReadOnlyList<UserIdentity> users, ReconciliationOptions options,
            Action<ReconciliationProgress>? onStarting, Action<UserReconciliation>? onChecked, CancellationToken cancellationToken)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (options.DelayBetweenUsers < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "DelayBetweenUsers cannot be negative.");
            var pass = new ReconciliationPass { UsersListed = users.Count };
            var order = InTurn(users, options.StartAfter);
            var count = options.MaxUsers > 0 ? Math.Min(options.MaxUsers, order.Count) : order.Count;
            for (var i = 0; i < count; i++)
            {
                if (i > 0 && options.DelayBetweenUsers > TimeSpan.Zero)
                    await Task.Delay(options.DelayBetweenUsers, cancellationToken).ConfigureAwait(false);
                var user = order[i];
                onStarting?.Invoke(new ReconciliationProgress(user, i, count));
                var check = await CheckAsync(user, options.Queue, cancellationToken).ConfigureAwait(false);
                pass.Users.Add(check);
                pass.LastUser = user.Value;
                onChecked?.Invoke(check);
            }
            return pass;
        }

        /// <summary>Checks one user's future meetings and, when <paramref name="queue"/>, queues the user if any is stale.</summary>
        public async Task<UserReconciliation> CheckAsync(UserIdentity user, bool queue, CancellationToken cancellationToken)
        {
            var check = new UserReconciliation(user);
            if (queue && await HasActiveRequestAsync(user, cancellationToken).ConfigureAwait(false))
            {
                check.Outcome = UserCheckOutcome.AlreadyQueued;
                check.Reason = "a Pending or InProgress migration request will bring the meetings up to date";
                return check;
            }

            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            // Looking writes nothing, so the tenant's switch does not stop it; it stops queuing (TriggerPolicy, below).
            var planning = configuration.Clone();
            planning.MeetingMigrationEnabled = true;
            var request = new MigrationRequest
            {
                CorrelationId = Guid.NewGuid(),
                UserPrincipalName = user.Value,
                UserId = user.Kind == UserIdentityKind.ObjectId ? user.ObjectId : (Guid?)null,
                SourceMeetingType = SourceMeetingType.All,
                TargetMeetingType = TargetMeetingType.Current,
                MigrationType = MigrationTypes.From(SourceMeetingType.All, TargetMeetingType.Current),
            };

            AttemptResult plan;
            try
            {
                plan = await new RequestProcessor(_gateway, _store, _clock).RunAsync(request, dryRun: true, null, cancellationToken, planning).ConfigureAwait(false);
            }
            catch (GraphCallException e) when (!e.IsConnectionDown)
            {
                // Only the directory lookup throws; calendar and meeting failures come back in the result. A Graph that cannot
                // be reached, or refuses the connection's token, is no user's failure: it ends the pass, and the cmdlet says
                // GraphUnreachable or AuthenticationFailed (each user was a warning and the command succeeded: outside probe BD-F4).
                check.Outcome = UserCheckOutcome.NotChecked;
                check.Reason = $"looking the user up failed: {e.Said()}";
                Log(check);
                return check;
            }

            if (plan.ResolvedUserPrincipalName != null) check.UserPrincipalName = plan.ResolvedUserPrincipalName;
            foreach (var change in plan.Planned.OrderBy(c => c.StartUtc))
            {
                check.StaleMeetings.Add(new StaleMeeting
                {
                    UserPrincipalName = check.UserPrincipalName, EventId = change.EventId, Subject = change.Subject,
                    StartUtc = change.StartUtc, MeetingKind = change.MeetingKind, Action = change.Action,
                });
            }
            foreach (var failure in plan.Failures.OrderBy(f => f.StartUtc))
            {
                check.UncheckedMeetings.Add(new UncheckedMeeting
                {
                    UserPrincipalName = check.UserPrincipalName, EventId = failure.EventId, Subject = failure.Subject,
                    StartUtc = failure.StartUtc, Reason = failure.Reason,
                });
            }

            // With the switch forced on, the processor returns before resolving the user only when the directory has no such user.
            check.UserNotFound = plan.ResolvedUserId == null && !plan.UserLookupFailed;
            check.CalendarRead = plan.CalendarRead;
            check.Outcome =
                check.StaleMeetings.Count > 0 ? UserCheckOutcome.Stale
                : check.UserNotFound || !plan.CalendarRead ? UserCheckOutcome.NotChecked
                : check.UncheckedMeetings.Count > 0 ? UserCheckOutcome.PartlyChecked
                : UserCheckOutcome.UpToDate;
            if (!plan.CalendarRead || check.UncheckedMeetings.Count > 0 || plan.UserLookupFailed) check.Reason = plan.LastMessage;

            if (queue && check.Outcome == UserCheckOutcome.Stale)
                await QueueAsync(check, plan, cancellationToken).ConfigureAwait(false);
            Log(check);
            return check;
        }

        private async Task<bool> HasActiveRequestAsync(UserIdentity user, CancellationToken cancellationToken)
        {
            var requests = await _store.QueryAsync(new MigrationStatusQuery { Identity = user }, cancellationToken).ConfigureAwait(false);
            // A request waiting for its retry is not active here: a new request replaces its retry, as any new request does.
            return requests.Any(r => (r.State == MigrationState.Pending && !r.AwaitingRetry) || r.State == MigrationState.InProgress);
        }

        /// <summary>Queued as every automatic trigger is: after the settle window, merging into a Pending request, subject to the switches.</summary>
        private async Task QueueAsync(UserReconciliation check, AttemptResult plan, CancellationToken cancellationToken)
        {
            var configuration = await _store.GetTenantMigrationConfigurationAsync(cancellationToken).ConfigureAwait(false);
            var dialIn = await _store.GetDialInSettingsAsync(cancellationToken).ConfigureAwait(false);
            check.NotQueuedBecause = TriggerPolicy.WhyNotQueued(TriggerNames.Reconciliation, configuration, dialIn);
            if (check.NotQueuedBecause != null) return;

            var identity = UserIdentity.TryParse(check.UserPrincipalName, out var resolved, out _) ? resolved! : check.User;
            var result = await _store.EnqueueAsync(new EnqueueRequest(identity, SourceMeetingType.All, TargetMeetingType.Current)
            {
                UserId = plan.ResolvedUserId,
                UserPrincipalName = plan.ResolvedUserPrincipalName,
                NotBefore = _store.Clock.UtcNow + configuration.TriggerDelay, // the store judges it by its clock
                Trigger = TriggerNames.Reconciliation,
                Settle = true,
            }, cancellationToken).ConfigureAwait(false);
            check.Queued = result.Request;
            check.Merged = result.Merged;
        }

        private void Log(UserReconciliation check)
        {
            switch (check.Outcome)
            {
                case UserCheckOutcome.Stale:
                    var queued = check.Queued != null
                        ? $"queued to run after {check.Queued.NotBefore:u}{(check.Merged ? " (merged into a Pending request)" : "")}"
                        : check.NotQueuedBecause != null ? $"not queued because {check.NotQueuedBecause}" : "not queued";
                    _logger.LogInformation("Reconciliation: {User} has {Count} stale meeting(s); {Queued}.", check.UserPrincipalName, check.StaleMeetings.Count, queued);
                    break;
                case UserCheckOutcome.NotChecked:
                case UserCheckOutcome.PartlyChecked:
                    _logger.LogInformation("Reconciliation: {User} {How}: {Reason}", check.UserPrincipalName,
                        check.Outcome == UserCheckOutcome.NotChecked ? "could not be checked" : "could only partly be checked", check.Reason);
                    break;
            }
        }

        /// <summary>The users in order, starting after the given key and wrapping around.</summary>
        private static List<UserIdentity> InTurn(IReadOnlyList<UserIdentity> users, string? startAfter)
        {
            var ordered = users.GroupBy(u => u.Value, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(u => u.Value, StringComparer.Ordinal).ToList();
            if (startAfter == null) return ordered;
            var next = ordered.FindIndex(u => string.CompareOrdinal(u.Value, startAfter) > 0);
            if (next <= 0) return ordered;
            return ordered.Skip(next).Concat(ordered.Take(next)).ToList();
        }
    }
}
