using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public sealed partial class SqliteMigrationStore
    {
        public Task<LeasedRequest?> TryLeaseNextAsync(string workerId, TimeSpan leaseDuration, Guid? onlyCorrelationId, CancellationToken cancellationToken)
        {
            var lease = Write((connection, transaction) =>
            {
                var now = _clock.UtcNow;
                // Runnable: queued and due; failed with a retry due; or running under a lease that has run out (its worker died).
                using var find = Command(connection, transaction,
                    $"SELECT {RequestColumns} FROM requests WHERE " +
                    "((state = 'Pending' AND not_before_ticks <= $now) OR (state = 'Failed' AND retry_scheduled = 1 AND not_before_ticks <= $now) " +
                    " OR (state = 'InProgress' AND lease_expires_ticks < $now)) " +
                    "AND ($only IS NULL OR correlation_id = $only) ORDER BY not_before_ticks, create_ticks LIMIT 1");
                find.Parameters.AddWithValue("$now", Ticks(now));
                find.Parameters.AddWithValue("$only", (object?)onlyCorrelationId?.ToString("D") ?? DBNull.Value);
                var request = ReadOne(find);
                if (request == null) return null;

                if (request.State == MigrationState.Failed) request.RetryCount++;
                request.State = MigrationState.InProgress;
                request.ModifiedDate = now;
                var expires = now + leaseDuration;
                using var take = Command(connection, transaction,
                    "UPDATE requests SET state = 'InProgress', retry_scheduled = 0, retry_count = $r, modified_ticks = $now, lease_owner = $w, lease_expires_ticks = $e " +
                    "WHERE correlation_id = $c");
                take.Parameters.AddWithValue("$r", request.RetryCount);
                take.Parameters.AddWithValue("$now", Ticks(now));
                take.Parameters.AddWithValue("$w", workerId);
                take.Parameters.AddWithValue("$e", Ticks(expires));
                take.Parameters.AddWithValue("$c", request.CorrelationId.ToString("D"));
                take.ExecuteNonQuery();
                return new LeasedRequest(request, workerId, expires);
            }, cancellationToken);
            return Task.FromResult(lease);
        }

        public Task<DateTime?> NextDueAsync(CancellationToken cancellationToken)
        {
            var next = Read(connection =>
            {
                using var command = Command(connection, null,
                    "SELECT MIN(t) FROM (" +
                    " SELECT MIN(not_before_ticks) AS t FROM requests WHERE state = 'Pending'" +
                    " UNION ALL SELECT MIN(not_before_ticks) FROM requests WHERE state = 'Failed' AND retry_scheduled = 1" +
                    " UNION ALL SELECT MIN(lease_expires_ticks) + 1 FROM requests WHERE state = 'InProgress')");
                return command.ExecuteScalar() is long ticks ? FromTicks(ticks) : (DateTime?)null;
            }, cancellationToken);
            return Task.FromResult(next);
        }

        public Task<bool> RenewLeaseAsync(LeasedRequest lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            var renewed = Write((connection, transaction) =>
            {
                var expires = _clock.UtcNow + leaseDuration;
                using var command = Command(connection, transaction,
                    "UPDATE requests SET lease_expires_ticks = $e WHERE correlation_id = $c AND lease_owner = $w AND state = 'InProgress'");
                command.Parameters.AddWithValue("$e", Ticks(expires));
                command.Parameters.AddWithValue("$c", lease.Request.CorrelationId.ToString("D"));
                command.Parameters.AddWithValue("$w", lease.WorkerId);
                if (command.ExecuteNonQuery() == 0) return false;
                lease.LeaseExpires = expires;
                return true;
            }, cancellationToken);
            return Task.FromResult(renewed);
        }

        public Task<bool> SaveLeasedAsync(LeasedRequest lease, bool release, CancellationToken cancellationToken)
        {
            var saved = Write((connection, transaction) =>
            {
                var r = lease.Request;
                r.ModifiedDate = _clock.UtcNow;
                // The worker decides whether a retry follows (RetryScheduled); a Failed request without one is final.
                var retryScheduled = r.State == MigrationState.Failed && r.RetryScheduled;
                using var command = Command(connection, transaction,
                    "UPDATE requests SET state = $state, total_meeting = $tm, succeeded_meeting = $sm, failed_meeting = $fm, invites_update = $iu, " +
                    "last_message = $lm, modified_ticks = $now, not_before_ticks = $nb, user_id = $id, upn = $upn, retry_scheduled = $rs, " +
                    "lease_owner = CASE WHEN $release = 1 THEN NULL ELSE lease_owner END, " +
                    "lease_expires_ticks = CASE WHEN $release = 1 THEN 0 ELSE lease_expires_ticks END " +
                    "WHERE correlation_id = $c AND lease_owner = $w");
                command.Parameters.AddWithValue("$state", r.State.ToString());
                command.Parameters.AddWithValue("$tm", r.TotalMeeting);
                command.Parameters.AddWithValue("$sm", r.SucceededMeeting);
                command.Parameters.AddWithValue("$fm", r.FailedMeeting);
                command.Parameters.AddWithValue("$iu", r.InvitesUpdate);
                command.Parameters.AddWithValue("$lm", r.LastMessage ?? "");
                command.Parameters.AddWithValue("$now", Ticks(r.ModifiedDate));
                command.Parameters.AddWithValue("$nb", Ticks(r.NotBefore));
                command.Parameters.AddWithValue("$id", (object?)r.UserId?.ToString("D") ?? DBNull.Value);
                command.Parameters.AddWithValue("$upn", r.UserPrincipalName);
                command.Parameters.AddWithValue("$rs", retryScheduled ? 1 : 0);
                command.Parameters.AddWithValue("$release", release ? 1 : 0);
                command.Parameters.AddWithValue("$c", r.CorrelationId.ToString("D"));
                command.Parameters.AddWithValue("$w", lease.WorkerId);
                return command.ExecuteNonQuery() == 1;
            }, cancellationToken);
            return Task.FromResult(saved);
        }
    }
}
