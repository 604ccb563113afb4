using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>The audit's read of the journal: streamed row by row, so exporting a whole tenant's history holds one row.</summary>
    public abstract partial class RelationalMigrationStore
    {
        public IEnumerable<JournalEntry> ReadJournal(JournalQuery query, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = OpenConnection();
            using var command = Command(connection);
            var sql = new StringBuilder($"SELECT {Prefixed("j.")} FROM journal j WHERE j.tenant = @tenant AND ");
            // An Attempting row is shown only while nothing followed it: a write whose fate the journal does not know (the
            // attempt died; the next one settles it). The (upn_norm, event_id, id) index answers this per row.
            sql.Append("(j.outcome <> 'Attempting' OR NOT EXISTS (SELECT 1 FROM journal n WHERE n.tenant = j.tenant AND n.upn_norm = j.upn_norm AND n.event_id = j.event_id " +
                       "AND n.id > j.id AND n.correlation_id = j.correlation_id))");
            if (query.Identity != null)
            {
                if (query.Identity.Kind == UserIdentityKind.ObjectId)
                {
                    sql.Append(" AND j.correlation_id IN (SELECT correlation_id FROM requests WHERE tenant = @tenant AND user_id = @id)");
                    command.Add("@id", query.Identity.Value);
                }
                else
                {
                    // The journal keeps the UPN the directory returned; the request keeps the address it was queued with.
                    sql.Append(" AND (j.upn_norm = @u OR j.correlation_id IN (SELECT correlation_id FROM requests WHERE tenant = @tenant AND upn_norm = @u))");
                    command.Add("@u", query.Identity.Value.ToLowerInvariant());
                }
            }
            if (query.CorrelationId != null)
            {
                sql.Append(" AND j.correlation_id = @c");
                command.Add("@c", query.CorrelationId.Value.ToString("D"));
            }
            if (query.Outcomes != null && query.Outcomes.Count > 0)
            {
                var names = query.Outcomes.Distinct().Select((o, i) => (Name: "@o" + i, Value: o.ToString())).ToList();
                sql.Append(" AND j.outcome IN (").Append(string.Join(", ", names.Select(n => n.Name))).Append(')');
                foreach (var (name, value) in names) command.Add(name, value);
            }
            sql.Append(" ORDER BY j.id");
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return MapJournal(reader);
            }
        }

        private static string Prefixed(string alias) => string.Join(", ", JournalColumns.Split(',').Select(c => alias + c.Trim()));
    }
}
