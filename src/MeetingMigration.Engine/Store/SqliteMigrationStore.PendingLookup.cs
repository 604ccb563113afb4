using System;
using Microsoft.Data.Sqlite;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public sealed partial class SqliteMigrationStore
    {
        /// <summary>
        /// A user's oldest Pending request, by address or by object id. Two indexed probes (ix_requests_user, then
        /// ix_requests_user_id), not one query with OR: SQLite answered "state = 'Pending' AND (upn_norm = $upn OR user_id =
        /// $id)" by walking every Pending row, so queuing n users cost n²/2 row reads (10,000 users: 15 s).
        /// </summary>
        private MigrationRequest? FindPending(SqliteConnection connection, SqliteTransaction transaction, string upnNorm, Guid? userId)
        {
            var byAddress = FindPendingBy(connection, transaction, "upn_norm", upnNorm);
            if (userId == null) return byAddress;
            var byId = FindPendingBy(connection, transaction, "user_id", userId.Value.ToString("D"));
            if (byAddress == null) return byId;
            if (byId == null) return byAddress;
            // Both: the older one, as the single query's ORDER BY create_ticks chose.
            return byId.CreateDate < byAddress.CreateDate ? byId : byAddress;
        }

        private static MigrationRequest? FindPendingBy(SqliteConnection connection, SqliteTransaction transaction, string column, string value)
        {
            using var find = Command(connection, transaction,
                $"SELECT {RequestColumns} FROM requests WHERE {column} = $v AND state = 'Pending' AND undo_of IS NULL ORDER BY create_ticks LIMIT 1");
            find.Parameters.AddWithValue("$v", value);
            return ReadOne(find);
        }
    }
}
