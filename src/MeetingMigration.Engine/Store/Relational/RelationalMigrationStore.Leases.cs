using System;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        public Task<LeasedRequest?> TryLeaseNextAsync(string workerId, TimeSpan leaseDuration, Guid? onlyCorrelationId, CancellationToken cancellationToken)
        {
            // Exclusive: two workers (on one machine or several) never take the same request, and never two requests of one
            // mailbox at once, which a row lock alone (SKIP LOCKED) cannot promise: two workers could each lock a different
            // request of the same user. Exchange's four requests in flight per mailbox then hold across all workers together.
            return WriteWithCommandsAsync((commands, transaction) =>
            {
                var now = Clock.UtcNow;
                // First, retries a process older than schema 9 wrote the old way (see AdoptOldRetriesSql).
                commands.For(AdoptOldRetriesSql, transaction).ExecuteNonQuery();
                // Runnable: queued and due (a retry that is due included); or running under a lease that has run out (its worker died).
                (MigrationRequest? Request, long Fence, string? UndoScope) Find()
                {
                    var find = commands.For(onlyCorrelationId != null ? LeaseOneSql : LeaseNextSql, transaction);
                    find.Add("@now", Ticks(now));
                    if (onlyCorrelationId != null) find.Add("@only", onlyCorrelationId.Value.ToString("D"));
                    using var reader = find.ExecuteReader();
                    if (!reader.Read()) return (null, 0, null);
                    return (Map(reader), Long(reader, 19) + 1, reader.IsDBNull(20) ? null : reader.GetString(20));
                }
                var (request, fence, undoScope) = Find();
                if (request == null) return null;
                // A migration of every kind whose user's undo ended Failed after putting meetings back since it was queued (the
                // undo ran first, or ran on, and failed for good): the undo the store queues ahead of such a migration when it is
                // queued (QueueFinishingUndo) is queued now, and runs first. Asked for by id (a -Wait session), nothing is leased:
                // the session runs the undo queued ahead of its request, then the request.
                if (undoScope == null && NeedsFinishedSeries(request) && QueueFinishingUndoBeforeRunning(commands.Connection, transaction, request))
                {
                    if (onlyCorrelationId != null) return null;
                    (request, fence, undoScope) = Find();
                    if (request == null) return null;
                }

                if (undoScope == null) ReplaceRetriesScheduledSinceQueued(commands.Connection, transaction, request, now);

                var countedRetry = request.AwaitingRetry;
                if (countedRetry) request.RetryCount++;
                request.State = MigrationState.InProgress;
                request.ModifiedDate = now;
                request.LeaseOwner = workerId;
                request.LeaseFence = fence;
                var expires = now + leaseDuration;
                var take = commands.For(
                    "UPDATE requests SET state = 'InProgress', retry_scheduled = 0, retry_count = @r, modified_ticks = @now, lease_owner = @w, " +
                    "lease_expires_ticks = @e, lease_fence = @f WHERE correlation_id = @c AND tenant = @tenant", transaction);
                take.Add("@r", request.RetryCount);
                take.Add("@now", Ticks(now));
                take.Add("@w", workerId);
                take.Add("@e", Ticks(expires));
                take.Add("@f", fence);
                take.Add("@c", request.CorrelationId.ToString("D"));
                take.ExecuteNonQuery();
                return new LeasedRequest(request, workerId, expires) { CountedRetry = countedRetry, UndoScope = undoScope };
            }, cancellationToken, exclusive: true);
        }

        /// <summary>
        /// The waiting retries of the user's migrations queued before <paramref name="migration"/> (of its kind, when it selects
        /// one), ended as queuing it would have ended them ("Its retry was replaced by request …", docs/queue.md). A retry
        /// scheduled after the migration was queued was out of that rule's reach: its attempt was still running when the
        /// migration came in, and the migration waited for the mailbox. Found by outside probe T (three services, two sessions
        /// queueing the same users): both requests of a user then waited for their retries, each to read the calendar again.
        /// Undos are left to the rules of queuing (an undo that has put meetings back runs first, docs/undo.md).
        /// </summary>
        private void ReplaceRetriesScheduledSinceQueued(DbConnection connection, DbTransaction transaction, MigrationRequest migration, DateTime now)
        {
            var oneKind = migration.SourceMeetingType != SourceMeetingType.All;
            foreach (var (column, value) in new[] { ("upn_norm", migration.UserPrincipalName.ToLowerInvariant()), ("user_id", migration.UserId?.ToString("D")) })
            {
                if (value == null) continue;
                using var command = Command(connection, transaction, SupersedeSql + RetriesOfUserWhere(column) +
                    " AND undo_of IS NULL AND create_ticks < @created" + (oneKind ? " AND source_type = @source" : ""));
                command.Add("@v", value);
                command.Add("@c", migration.CorrelationId.ToString("D"));
                command.Add("@created", Ticks(migration.CreateDate));
                if (oneKind) command.Add("@source", migration.SourceMeetingType.ToString());
                command.Add("@now", Ticks(now));
                command.Add("@note", $" {RetryReplacedBy(migration.CorrelationId)}.");
                command.ExecuteNonQuery();
            }
        }

        /// <summary>
        /// Queues the undo that finishes what a Failed undo of the user put back ahead of <paramref name="migration"/> (of every
        /// kind, about to be leased), unless one was queued for it already: true when it did.
        /// </summary>
        private bool QueueFinishingUndoBeforeRunning(DbConnection connection, DbTransaction transaction, MigrationRequest migration)
        {
            // The Failed undo first: nearly every user has none, one probe of their Failed requests.
            var upnNorm = migration.UserPrincipalName.ToLowerInvariant();
            if (!(FailedUndoLeftToFinish(connection, transaction, upnNorm, migration.CorrelationId) is Guid failed)) return false;
            using (var queued = Command(connection, transaction, FinishingUndoQueuedSql))
            {
                queued.Add("@u", upnNorm);
                queued.Add("@c", migration.CorrelationId.ToString("D"));
                if (queued.ExecuteScalar() != null) return false;
            }
            InsertFinishingUndo(connection, transaction, upnNorm, migration, failed);
            return true;
        }

        /// <summary>
        /// A service older than schema 9 that was running when the store was upgraded (it checks the version only when it
        /// opens the store) goes on writing a failed attempt's retry as Failed with retry_scheduled set. This version's
        /// queue is Pending only, so such a retry would never run (found by an outside probe of a rolling upgrade, SQLite and
        /// PostgreSQL): every lease first makes them Pending for their retry, through ix_requests_old_retry (schema step 10),
        /// which holds none once no old process writes. TimeUntilNextDueAsync wakes the service for them.
        /// </summary>
        internal const string AdoptOldRetriesSql = "UPDATE requests SET state = 'Pending' WHERE tenant = @tenant AND " + OldStyleRetry;

        /// <summary>A retry as a process older than schema 9 writes it; read as Pending for its retry everywhere (Map, -State, NextDue).</summary>
        internal const string OldStyleRetry = "state = 'Failed' AND retry_scheduled = 1";

        // Built once: the kept commands are found by their text.
        private string? _leaseOneSql, _leaseNextSql;
        private string LeaseOneSql => _leaseOneSql ??= NextRunnableSql(onlyOne: true, LockFoundRow);
        private string LeaseNextSql => _leaseNextSql ??= NextRunnableSql(onlyOne: false, LockFoundRow);

        /// <summary>
        /// The next runnable request (of this tenant, or only the one named @only). Both forms are shaped for SQLite's
        /// planner, which otherwise read the tenant's whole history (every Succeeded request kept) on every lease:
        /// - asked for one request (a -Wait session), it is found by its key; "(@only IS NULL OR correlation_id = @only)"
        ///   cannot use an index;
        /// - otherwise each runnable kind (queued and due, a retry due among them; a lease run out) is looked for on its own,
        ///   in the order of an index that holds it in queue order, and the first of the two is taken. One query with the
        ///   kinds OR-ed read every Pending and every Failed request and sorted them, on every lease: 79 ms a lease with
        ///   100,000 users queued at once (a bulk migration; the leases are serialized, so that capped the service at a dozen
        ///   mailboxes a second) and 20 ms with 50,000 finished failures kept; now 0.3 ms a lease, its write included, at any length
        ///   (QueryPlanTests checks the plan).
        /// A request asked for by id also waits for a sibling whose worker died (InProgress, lease run out): the session that
        /// asks resumes that one first (<see cref="Worker.SessionRunner"/>). Found by an outside review: the lease could run
        /// out between the session's look and its lease, and the newer request ran while the dead one stayed InProgress for
        /// ever. Of two such siblings the older goes first, so neither waits for the other.
        /// </summary>
        internal static string NextRunnableSql(bool onlyOne, string lockFoundRow = "")
        {
            var lockClause = lockFoundRow.Length > 0 ? " " + lockFoundRow : "";
            if (onlyOne)
                return $"SELECT {RequestColumns}, lease_fence, undo_of FROM requests r WHERE tenant = @tenant AND correlation_id = @only AND " +
                       "((state = 'Pending' AND not_before_ticks <= @now) " +
                       " OR (state = 'InProgress' AND lease_expires_ticks < @now)) " +
                       "AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.tenant = @tenant AND o.upn_norm = r.upn_norm AND o.state = 'InProgress' " +
                       "                AND (o.lease_expires_ticks >= @now OR r.state <> 'InProgress' OR o.create_ticks < r.create_ticks) " +
                       "                AND o.correlation_id <> r.correlation_id)" + lockClause;
            // The first of each runnable kind in queue order, then the first of those two.
            return $"SELECT * FROM ({FirstRunnableSql("state = 'Pending' AND not_before_ticks <= @now", lockClause)}) pending " +
                   $"UNION ALL SELECT * FROM ({FirstRunnableSql("state = 'InProgress' AND lease_expires_ticks < @now", lockClause)}) abandoned " +
                   "ORDER BY not_before_ticks, create_ticks LIMIT 1";
        }

        /// <summary>
        /// The first request of one runnable kind, in queue order, whose mailbox no live lease holds: read in the order of the
        /// index that holds that kind (ix_requests_runnable), stopping at the first that qualifies.
        /// </summary>
        private static string FirstRunnableSql(string kind, string lockClause) =>
            $"SELECT {RequestColumns}, lease_fence, undo_of FROM requests r WHERE tenant = @tenant AND {kind} " +
            "AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.tenant = @tenant AND o.upn_norm = r.upn_norm AND o.state = 'InProgress' " +
            "AND o.lease_expires_ticks >= @now AND o.correlation_id <> r.correlation_id) " +
            "ORDER BY not_before_ticks, create_ticks LIMIT 1" + lockClause;

        public Task<RunningRequest?> GetOtherRunningAsync(MigrationRequest request, CancellationToken cancellationToken)
        {
            var running = Read<RunningRequest?>(connection =>
            {
                using var command = Command(connection, null, OtherRunningSql);
                command.Add("@u", request.UserPrincipalName.ToLowerInvariant());
                command.Add("@c", request.CorrelationId.ToString("D"));
                using var reader = command.ExecuteReader();
                return reader.Read()
                    ? new RunningRequest(Guid.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1), FromTicks(Long(reader, 2)))
                    : null;
            }, cancellationToken);
            return Task.FromResult(running);
        }

        public Task<MigrationRequest?> GetQueuedAheadAsync(MigrationRequest request, CancellationToken cancellationToken)
        {
            var ahead = Read(connection =>
            {
                using var command = Command(connection, null, QueuedAheadSql);
                command.Add("@u", request.UserPrincipalName.ToLowerInvariant());
                command.Add("@c", request.CorrelationId.ToString("D"));
                command.Add("@now", Ticks(Clock.UtcNow));
                return ReadOne(command);
            }, cancellationToken);
            return Task.FromResult(ahead);
        }

        /// <summary>
        /// The user's due Pending request ahead of @c in the service's queue order (the lease query's ORDER BY), compared with
        /// @c's row as it is now; through the user's index (the state as an expression keeps SQLite from taking ix_requests_runnable,
        /// which holds every request queued in the tenant, for the user's few rows).
        /// </summary>
        internal static string QueuedAheadSql =>
            $"SELECT {RequestColumns} FROM requests r WHERE tenant = @tenant AND upn_norm = @u AND state || '' = 'Pending' AND not_before_ticks <= @now " +
            "AND correlation_id <> @c AND EXISTS (SELECT 1 FROM requests m WHERE m.tenant = @tenant AND m.correlation_id = @c " +
            "AND (r.not_before_ticks < m.not_before_ticks OR (r.not_before_ticks = m.not_before_ticks AND r.create_ticks < m.create_ticks))) " +
            "ORDER BY not_before_ticks, create_ticks LIMIT 1";

        /// <summary>The same user as the lease query's "one request of a mailbox at a time" rule: by upn_norm, through the user's index.</summary>
        internal static string OtherRunningSql =>
            "SELECT correlation_id, lease_owner, lease_expires_ticks FROM requests WHERE tenant = @tenant AND upn_norm = @u AND state = 'InProgress' " +
            $"AND correlation_id <> @c ORDER BY {UsersOwnOrder} LIMIT 1";

        public Task<TimeSpan?> TimeUntilNextDueAsync(CancellationToken cancellationToken)
        {
            var next = Read(connection =>
            {
                using var command = Command(connection, null,
                    "SELECT MIN(t) FROM (" +
                    " SELECT MIN(not_before_ticks) AS t FROM requests WHERE tenant = @tenant AND state = 'Pending'" +
                    " UNION ALL SELECT MIN(not_before_ticks) FROM requests WHERE tenant = @tenant AND " + OldStyleRetry +
                    " UNION ALL SELECT MIN(lease_expires_ticks) + 1 FROM requests WHERE tenant = @tenant AND state = 'InProgress') due");
                var value = command.ExecuteScalar();
                return value == null || value is DBNull ? (TimeSpan?)null : FromTicks(Convert.ToInt64(value, CultureInfo.InvariantCulture)) - Clock.UtcNow;
            }, cancellationToken);
            return Task.FromResult(next);
        }

        // Renewing and saving a lease are single statements guarded by the lease itself (owner and fence), so they need no
        // exclusive write: a worker whose lease was taken over changes nothing.
        public Task<bool> RenewLeaseAsync(LeasedRequest lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            return WriteWithCommandsAsync((commands, transaction) =>
            {
                var expires = Clock.UtcNow + leaseDuration;
                var command = commands.For(
                    "UPDATE requests SET lease_expires_ticks = @e WHERE correlation_id = @c AND tenant = @tenant AND lease_owner = @w " +
                    "AND lease_fence = @f AND state = 'InProgress'", transaction);
                command.Add("@e", Ticks(expires));
                command.Add("@c", lease.Request.CorrelationId.ToString("D"));
                command.Add("@w", lease.WorkerId);
                command.Add("@f", lease.Request.LeaseFence);
                if (command.ExecuteNonQuery() == 0) return false;
                lease.LeaseExpires = expires;
                return true;
            }, cancellationToken, exclusive: false);
        }

        /// <summary>A Pending request (@c) made due no sooner than @due.</summary>
        internal const string DelayBehindSql =
            "UPDATE requests SET not_before_ticks = @due WHERE correlation_id = @c AND tenant = @tenant AND state = 'Pending' AND not_before_ticks < @due";

        public Task<bool> SaveLeasedAsync(LeasedRequest lease, bool release, CancellationToken cancellationToken)
        {
            return WriteWithCommandsAsync((commands, transaction) =>
            {
                var r = lease.Request;
                r.ModifiedDate = Clock.UtcNow;
                // The worker decides whether a retry follows (RetryScheduled, the request Pending again); a Failed request is final.
                var retryScheduled = r.AwaitingRetry;
                var command = commands.For(
                    "UPDATE requests SET state = @state, total_meeting = @tm, succeeded_meeting = @sm, failed_meeting = @fm, invites_update = @iu, " +
                    "last_message = @lm, modified_ticks = @now, not_before_ticks = @nb, user_id = @id, upn = @upn, retry_scheduled = @rs, retry_count = @rc, " +
                    "lease_owner = CASE WHEN @release = 1 THEN NULL ELSE lease_owner END, " +
                    "lease_expires_ticks = CASE WHEN @release = 1 THEN 0 ELSE lease_expires_ticks END " +
                    "WHERE correlation_id = @c AND tenant = @tenant AND lease_owner = @w AND lease_fence = @f", transaction);
                command.Add("@state", r.State.ToString());
                command.Add("@tm", r.TotalMeeting);
                command.Add("@sm", r.SucceededMeeting);
                command.Add("@fm", r.FailedMeeting);
                command.Add("@iu", r.InvitesUpdate);
                command.Add("@lm", r.LastMessage ?? "");
                command.Add("@now", Ticks(r.ModifiedDate));
                command.Add("@nb", Ticks(r.NotBefore));
                command.Add("@id", r.UserId?.ToString("D"));
                command.Add("@upn", r.UserPrincipalName);
                command.Add("@rs", retryScheduled ? 1 : 0);
                command.Add("@rc", r.RetryCount);
                command.Add("@release", release ? 1 : 0);
                command.Add("@c", r.CorrelationId.ToString("D"));
                command.Add("@w", lease.WorkerId);
                command.Add("@f", r.LeaseFence);
                if (command.ExecuteNonQuery() != 1) return false;
                // An undo queued ahead of a migration to finish a Failed undo's series, waiting for its retry: the migration
                // waits as long, or it ran first and wrote such a series in two kinds, the retry then finding nothing to finish.
                if (retryScheduled && r.QueuedFor is Guid migration)
                {
                    var behind = commands.For(DelayBehindSql, transaction);
                    behind.Add("@due", Ticks(r.NotBefore));
                    behind.Add("@c", migration.ToString("D"));
                    behind.ExecuteNonQuery();
                }
                return true;
            }, cancellationToken, exclusive: false);
        }
    }
}
