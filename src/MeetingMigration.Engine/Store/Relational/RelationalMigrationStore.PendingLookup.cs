using System;
using System.Data.Common;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        /// <summary>
        /// A user's oldest Pending request, by address or by object id. Two indexed probes (ix_requests_user, then
        /// ix_requests_user_id), not one query with OR: SQLite answered "state = 'Pending' AND (upn_norm = @upn OR user_id =
        /// @id)" by walking every Pending row, so queuing n users cost n²/2 row reads (10,000 users: 15 s).
        /// </summary>
        private MigrationRequest? FindPending(DbConnection connection, DbTransaction transaction, string upnNorm, Guid? userId)
        {
            var byAddress = FindPendingBy(connection, transaction, "upn_norm", upnNorm);
            if (userId == null) return byAddress;
            var byId = FindPendingBy(connection, transaction, "user_id", userId.Value.ToString("D"));
            if (byAddress == null) return byId;
            if (byId == null) return byAddress;
            // Both: the older one, as the single query's ORDER BY create_ticks chose.
            return byId.CreateDate < byAddress.CreateDate ? byId : byAddress;
        }

        private MigrationRequest? FindPendingBy(DbConnection connection, DbTransaction transaction, string column, string value)
        {
            using var find = Command(connection, transaction,
                $"SELECT {RequestColumns} FROM requests WHERE tenant = @tenant AND {column} = @v AND state = 'Pending' AND undo_of IS NULL ORDER BY create_ticks LIMIT 1");
            find.Add("@v", value);
            return ReadOne(find);
        }
    }
}
