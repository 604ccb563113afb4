using System;
using System.Data.Common;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        /// <summary>
        /// Oldest first, for one user's rows. The unary plus keeps SQLite from walking the whole tenant in creation order
        /// (ix_requests_created) to skip a sort: it chose that index over the user's (ix_requests_user, ix_requests_user_id)
        /// for "ORDER BY create_ticks", which made queuing n users cost n²/2 row reads again (10,000 users: 7.6 s instead of
        /// 0.9) and every status read of one user a scan of the tenant. The user's few rows are sorted instead.
        /// </summary>
        internal const string UsersOwnOrder = "+create_ticks";

        /// <summary>
        /// A user's oldest Pending request that has not run yet, by address or by object id. Two indexed probes (ix_requests_user, then
        /// ix_requests_user_id), not one query with OR: SQLite answered "state = 'Pending' AND (upn_norm = @upn OR user_id =
        /// @id)" by walking every Pending row, so queuing n users cost n²/2 row reads (10,000 users: 15 s).
        /// </summary>
        private MigrationRequest? FindPending(DbConnection connection, DbTransaction transaction, string upnNorm, Guid? userId) =>
            FindOldest(connection, transaction, upnNorm, userId, PendingCondition, null);

        /// <summary>
        /// A user's oldest request that was stopped part-way and that no worker holds: InProgress with its lease handed back
        /// (Ctrl+C in -Wait, the service stopped) or run out (its worker died), asking for exactly this selection.
        /// </summary>
        private MigrationRequest? FindStopped(DbConnection connection, DbTransaction transaction, string upnNorm, Guid? userId,
            SourceMeetingType source, TargetMeetingType target, DateTime now) =>
            FindOldest(connection, transaction, upnNorm, userId, StoppedCondition, command =>
                {
                    command.Add("@now", Ticks(now));
                    command.Add("@s", source.ToString());
                    command.Add("@t", target.ToString());
                });

        private MigrationRequest? FindOldest(DbConnection connection, DbTransaction transaction, string upnNorm, Guid? userId, string condition,
            Action<DbCommand>? parameters)
        {
            var byAddress = FindOldestBy(connection, transaction, "upn_norm", upnNorm, condition, parameters);
            if (userId == null) return byAddress;
            var byId = FindOldestBy(connection, transaction, "user_id", userId.Value.ToString("D"), condition, parameters);
            if (byAddress == null) return byId;
            if (byId == null) return byAddress;
            // Both: the older one, as the single query's ORDER BY create_ticks chose.
            return byId.CreateDate < byAddress.CreateDate ? byId : byAddress;
        }

        private MigrationRequest? FindOldestBy(DbConnection connection, DbTransaction transaction, string column, string value, string condition,
            Action<DbCommand>? parameters)
        {
            using var find = Command(connection, transaction, OldestOfUserSql(column, condition));
            find.Add("@v", value);
            parameters?.Invoke(find);
            return ReadOne(find);
        }

        /// <summary>The oldest of one user's requests meeting <paramref name="condition"/>, by address or object id (@v).</summary>
        internal static string OldestOfUserSql(string column, string condition) =>
            $"SELECT {RequestColumns} FROM requests WHERE tenant = @tenant AND {column} = @v AND {condition} AND undo_of IS NULL ORDER BY {UsersOwnOrder} LIMIT 1";

        /// <summary>
        /// Queued and not yet run: a request waiting for its retry is Pending too, but a new request replaces it instead. The
        /// unary plus keeps the flag out of index choice: with it, SQLite took ix_requests_old_retry and read the tenant's
        /// whole queue instead of the user's rows (QueryPlanTests).
        /// </summary>
        internal const string PendingCondition = "state = 'Pending' AND +retry_scheduled = 0";
        internal const string StoppedCondition = "state = 'InProgress' AND lease_expires_ticks < @now AND source_type = @s AND target_type = @t";
    }
}
