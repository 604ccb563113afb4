using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MeetingMigration.Engine.Store
{
    public sealed partial class SqliteMigrationStore
    {
        private const string JournalColumns =
            "id, correlation_id, upn_norm, event_id, subject, start_ticks, meeting_kind, old_block, new_block, new_block_hash, outcome, reason, time_ticks, request_id";

        /// <summary>Completes once the row is committed; rows appended at the same moment share one transaction.</summary>
        public Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken) => _journal.AppendAsync(entry, cancellationToken);

        private void WriteJournalBatch(IReadOnlyList<JournalEntry> entries) =>
            Write((connection, transaction) =>
            {
                using var command = Command(connection, transaction,
                    $"INSERT INTO journal ({JournalColumns.Substring(4)}) VALUES ($c, $u, $e, $s, $st, $k, $ob, $nb, $h, $o, $r, $t, $rq)");
                var parameters = new[] { "$c", "$u", "$e", "$s", "$st", "$k", "$ob", "$nb", "$h", "$o", "$r", "$t", "$rq" };
                foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
                foreach (var entry in entries)
                {
                    var values = new object[]
                    {
                        entry.CorrelationId.ToString("D"),
                        entry.UserPrincipalName.ToLowerInvariant(),
                        entry.EventId,
                        entry.Subject ?? "",
                        entry.Start.HasValue ? (object)Ticks(entry.Start.Value) : DBNull.Value,
                        entry.MeetingKind ?? "",
                        entry.OldBlock ?? "",
                        entry.NewBlock ?? "",
                        entry.NewBlockHash ?? "",
                        entry.Outcome.ToString(),
                        entry.Reason ?? "",
                        Ticks(entry.Time == default ? _clock.UtcNow : entry.Time),
                        (object?)entry.GraphRequestId ?? DBNull.Value,
                    };
                    for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
                    command.ExecuteNonQuery();
                }
                return 0;
            }, CancellationToken.None);

        public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            var rows = Read<IReadOnlyList<JournalEntry>>(connection =>
            {
                using var command = Command(connection, null, $"SELECT {JournalColumns} FROM journal WHERE correlation_id = $c ORDER BY id");
                command.Parameters.AddWithValue("$c", correlationId.ToString("D"));
                return ReadJournal(command);
            }, cancellationToken);
            return Task.FromResult(rows);
        }

        public Task<IReadOnlyDictionary<string, JournalEntry>> GetLatestJournalByEventAsync(string userPrincipalName, CancellationToken cancellationToken)
        {
            var latest = Read<IReadOnlyDictionary<string, JournalEntry>>(connection =>
            {
                using var command = Command(connection, null,
                    $"SELECT {JournalColumns} FROM journal WHERE upn_norm = $u AND id IN (SELECT MAX(id) FROM journal WHERE upn_norm = $u GROUP BY event_id)");
                command.Parameters.AddWithValue("$u", userPrincipalName.ToLowerInvariant());
                var map = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
                foreach (var entry in ReadJournal(command)) map[entry.EventId] = entry;
                return map;
            }, cancellationToken);
            return Task.FromResult(latest);
        }

        private static IReadOnlyList<JournalEntry> ReadJournal(SqliteCommand command)
        {
            var rows = new List<JournalEntry>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(MapJournal(reader));
            return rows;
        }

        private static JournalEntry MapJournal(SqliteDataReader reader) => new JournalEntry
        {
            Id = reader.GetInt64(0),
            CorrelationId = Guid.Parse(reader.GetString(1)),
            UserPrincipalName = reader.GetString(2),
            EventId = reader.GetString(3),
            Subject = reader.GetString(4),
            Start = reader.IsDBNull(5) ? (DateTime?)null : FromTicks(reader.GetInt64(5)),
            MeetingKind = reader.GetString(6),
            OldBlock = reader.GetString(7),
            NewBlock = reader.GetString(8),
            NewBlockHash = reader.GetString(9),
            Outcome = (MeetingOutcome)Enum.Parse(typeof(MeetingOutcome), reader.GetString(10)),
            Reason = reader.GetString(11),
            Time = FromTicks(reader.GetInt64(12)),
            GraphRequestId = reader.IsDBNull(13) ? null : reader.GetString(13),
        };
    }
}
