using System;
using System.Collections.Generic;
using System.Data.Common;
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
            command.CommandText = JournalQuerySql(query, command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return MapJournal(reader);
            }
        }

        /// <summary>
        /// The audit's query, its parameters bound to <paramref name="command"/>. One user's rows are found through an index
        /// each way they can be: by the UPN the journal keeps (ix_journal_user_event) and by their requests' ids
        /// (ix_journal_request), united; "upn_norm = @u OR correlation_id IN (...)" in one WHERE made SQLite read the
        /// tenant's whole journal for every user asked about. A request id names one request, of one tenant, so the rows
        /// found by it need no tenant test of their own (which would steer SQLite back to the tenant's scan).
        /// </summary>
        internal static string JournalQuerySql(JournalQuery query, DbCommand command)
        {
            // A request's row for a meeting is shown only while nothing of the same request followed it: its latest word on
            // the meeting. An Attempting row that is the latest is a write whose fate the journal does not know (the attempt
            // died; the next one settles it). A meeting that a resumed or retried request handled again shows once, as it
            // ended (found by an outside probe: a meeting failed by a killed attempt and again by its resumption was listed
            // twice, beside status counting it once). The (upn_norm, event_id, id) index answers this per row.
            var rest = new StringBuilder(" AND NOT EXISTS (SELECT 1 FROM journal n WHERE n.tenant = j.tenant AND n.upn_norm = j.upn_norm AND n.event_id = j.event_id " +
                                         "AND n.id > j.id AND n.correlation_id = j.correlation_id)");
            if (query.CorrelationId != null)
            {
                rest.Append(" AND j.correlation_id = @c");
                command.Add("@c", query.CorrelationId.Value.ToString("D"));
            }
            if (query.Outcomes != null && query.Outcomes.Count > 0)
            {
                var names = query.Outcomes.Distinct().Select((o, i) => (Name: "@o" + i, Value: o.ToString())).ToList();
                rest.Append(" AND j.outcome IN (").Append(string.Join(", ", names.Select(n => n.Name))).Append(')');
                foreach (var (name, value) in names) command.Add(name, value);
            }
            var select = $"SELECT {JournalRow} FROM journal j WHERE ";
            if (query.Identity == null) return select + "j.tenant = @tenant" + rest + " ORDER BY j.id";
            if (query.Identity.Kind == UserIdentityKind.ObjectId)
            {
                command.Add("@id", query.Identity.Value);
                return select + "j.correlation_id IN (SELECT correlation_id FROM requests WHERE tenant = @tenant AND user_id = @id)" + rest + " ORDER BY j.id";
            }
            // The journal keeps the UPN the directory returned; the request keeps the address it was queued with.
            command.Add("@u", query.Identity.Value.ToLowerInvariant());
            return select + "j.tenant = @tenant AND j.upn_norm = @u" + rest +
                   " UNION " + select + "j.correlation_id IN (SELECT correlation_id FROM requests WHERE tenant = @tenant AND upn_norm = @u)" + rest +
                   " ORDER BY id";
        }
    }
}
