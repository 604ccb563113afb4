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
            "id, correlation_id, upn_norm, event_id, subject, start_ticks, meeting_kind, old_block, new_block, new_block_hash, outcome, reason, time_ticks";

        public Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            Write((connection, transaction) =>
            {
                using var command = Command(connection, transaction,
                    $"INSERT INTO journal ({JournalColumns.Substring(4)}) VALUES ($c, $u, $e, $s, $st, $k, $ob, $nb, $h, $o, $r, $t)");
                command.Parameters.AddWithValue("$c", entry.CorrelationId.ToString("D"));
                command.Parameters.AddWithValue("$u", entry.UserPrincipalName.ToLowerInvariant());
                command.Parameters.AddWithValue("$e", entry.EventId);
                command.Parameters.AddWithValue("$s", entry.Subject ?? "");
                command.Parameters.AddWithValue("$st", entry.Start.HasValue ? (object)Ticks(entry.Start.Value) : DBNull.Value);
                command.Parameters.AddWithValue("$k", entry.MeetingKind ?? "");
                command.Parameters.AddWithValue("$ob", entry.OldBlock ?? "");
                command.Parameters.AddWithValue("$nb", entry.NewBlock ?? "");
                command.Parameters.AddWithValue("$h", entry.NewBlockHash ?? "");
                command.Parameters.AddWithValue("$o", entry.Outcome.ToString());
                command.Parameters.AddWithValue("$r", entry.Reason ?? "");
                command.Parameters.AddWithValue("$t", Ticks(entry.Time == default ? _clock.UtcNow : entry.Time));
                command.ExecuteNonQuery();
                return 0;
            }, cancellationToken);
            return Task.CompletedTask;
        }

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
            while (reader.Read())
            {
                rows.Add(new JournalEntry
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
                });
            }
            return rows;
        }
    }
}
