using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using System.Data.Common;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        private const string JournalColumns =
            "id, correlation_id, upn_norm, event_id, subject, start_ticks, meeting_kind, old_block, new_block, new_block_hash, outcome, reason, time_ticks, request_id";

        /// <summary>
        /// A journal row as <see cref="MapJournal"/> reads it, from the table aliased <c>j</c>, its blocks as they were written:
        /// an Updated row kept without them (<see cref="JournalEntry.BlocksOnAttemptingRow"/>) takes them from its request's
        /// latest Attempting row for the meeting with the same fingerprint (found through ix_journal_user_event), and an
        /// AlreadyUpdated row kept with one block shows it as both. Rows written before either had both blocks, and show them.
        /// </summary>
        internal static readonly string JournalRow =
            "j.id, j.correlation_id, j.upn_norm, j.event_id, j.subject, j.start_ticks, j.meeting_kind, " +
            $"CASE WHEN j.outcome = 'Updated' AND j.new_block = '' THEN {FromAttemptingRow("old_block")} ELSE j.old_block END, " +
            $"CASE WHEN j.outcome = 'Updated' AND j.new_block = '' THEN {FromAttemptingRow("new_block")} " +
            "WHEN j.outcome = 'AlreadyUpdated' AND j.new_block = '' THEN j.old_block ELSE j.new_block END, " +
            $"{Fingerprint}, j.outcome, j.reason, j.time_ticks, j.request_id";

        /// <summary>
        /// Written before the fingerprint of an Updated row that keeps no blocks (they are on its Attempting row). A process
        /// that does not know the format (older than 2026-12-05 afternoon, still running when the store was upgraded) reads
        /// the row's blocks as empty: without the mark, its undo found the meeting showing the fingerprinted block and put
        /// back the empty one, deleting the join details and mailing every attendee. With it, no block's fingerprint matches
        /// and that undo refuses the meeting as changed: nothing is written. Every read here takes the mark off.
        /// </summary>
        internal const string KeptOnAttemptingRow = "@";

        /// <summary>The row's fingerprint as written, without the <see cref="KeptOnAttemptingRow"/> mark.</summary>
        private const string Fingerprint =
            $"CASE WHEN j.new_block_hash LIKE '{KeptOnAttemptingRow}%' THEN SUBSTR(j.new_block_hash, 2) ELSE j.new_block_hash END";

        private static string FromAttemptingRow(string column) =>
            $"COALESCE((SELECT a.{column} FROM journal a WHERE a.tenant = j.tenant AND a.upn_norm = j.upn_norm AND a.event_id = j.event_id " +
            $"AND a.id < j.id AND a.correlation_id = j.correlation_id AND a.outcome = 'Attempting' AND a.new_block_hash = {Fingerprint} " +
            "ORDER BY a.id DESC LIMIT 1), '')";

        /// <summary>
        /// The blocks a row is written with: each kept once. An Updated row that follows its own Attempting row keeps none
        /// (read back from that row); an AlreadyUpdated row, whose old and new block are the same, keeps the old one.
        /// </summary>
        private static (string Old, string New, string Hash) StoredBlocks(JournalEntry entry) => entry switch
        {
            { Outcome: MeetingOutcome.Updated, BlocksOnAttemptingRow: true } => ("", "", KeptOnAttemptingRow + entry.NewBlockHash),
            { Outcome: MeetingOutcome.AlreadyUpdated } when entry.OldBlock == entry.NewBlock => (entry.OldBlock ?? "", "", entry.NewBlockHash ?? ""),
            _ => (entry.OldBlock ?? "", entry.NewBlock ?? "", entry.NewBlockHash ?? ""),
        };

        /// <summary>Completes once the row is committed; rows appended at the same moment share one transaction.</summary>
        public Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken) => _journal.AppendAsync(entry, cancellationToken);

        /// <summary>
        /// Writes a batch of journal rows in one transaction; false for a row refused by its lease fence. A row written under a
        /// lease (LeaseOwner set) is written only while that lease still holds the request: a worker whose lease ran out and was
        /// taken over cannot journal an Attempting row, so it never sends the PATCH that row announces (issue 12, fencing).
        /// </summary>
        /// <remarks>The group commit runs one batch at a time per store, so the statements below are never used by two threads.</remarks>
        private IReadOnlyList<bool> WriteJournalBatch(IReadOnlyList<JournalEntry> entries)
        {
            var gate = WriteGate(false);
            gate?.Wait();
            try
            {
                lock (_journalWriterGate)
                    return WithKept(ref _journalStatements, () => new JournalStatements(this),
                        statements => Committed(statements.Connection, BeginWrite(statements.Connection, exclusive: false), (_, transaction) => statements.Write(entries, transaction)));
            }
            finally
            {
                gate?.Release();
            }
        }

        private readonly object _journalWriterGate = new object();
        private JournalStatements? _journalStatements;

        /// <summary>A connection with the journal's two inserts, each prepared when a row first needs it.</summary>
        private sealed class JournalStatements : IDisposable
        {
            private const string Values = "@c, @u, @e, @s, @st, @k, @ob, @nb, @h, @o, @r, @t, @rq, @tenant";
            private static readonly string Columns = JournalColumns.Substring(4) + ", tenant";
            private readonly RelationalMigrationStore _store;
            private DbCommand? _plain, _fenced;
            private DbParameter[] _plainValues = Array.Empty<DbParameter>(), _fencedValues = Array.Empty<DbParameter>();
            private DbParameter? _owner, _fence;

            public JournalStatements(RelationalMigrationStore store)
            {
                _store = store;
                Connection = store.OpenConnection();
            }

            public DbConnection Connection { get; }

            public bool[] Write(IReadOnlyList<JournalEntry> entries, DbTransaction transaction)
            {
                var written = new bool[entries.Count];
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    var isFenced = entry.LeaseOwner != null;
                    var command = isFenced ? Fenced() : Plain();
                    command.Transaction = transaction;
                    var values = isFenced ? _fencedValues : _plainValues;
                    values[0].Value = entry.CorrelationId.ToString("D");
                    values[1].Value = entry.UserPrincipalName.ToLowerInvariant();
                    values[2].Value = entry.EventId;
                    values[3].Value = entry.Subject ?? "";
                    values[4].Value = entry.Start.HasValue ? (object)Ticks(entry.Start.Value) : DBNull.Value;
                    values[5].Value = entry.MeetingKind ?? "";
                    var (oldBlock, newBlock, hash) = StoredBlocks(entry);
                    values[6].Value = oldBlock;
                    values[7].Value = newBlock;
                    values[8].Value = hash;
                    values[9].Value = entry.Outcome.ToString();
                    values[10].Value = entry.Reason ?? "";
                    values[11].Value = Ticks(entry.Time == default ? _store.Clock.UtcNow : entry.Time);
                    values[12].Value = (object?)entry.GraphRequestId ?? DBNull.Value;
                    if (isFenced)
                    {
                        _owner!.Value = entry.LeaseOwner;
                        _fence!.Value = entry.LeaseFence;
                    }
                    written[i] = command.ExecuteNonQuery() == 1;
                }
                return written;
            }

            private DbCommand Plain()
            {
                if (_plain != null) return _plain;
                _plain = _store.NewCommand(Connection, null, $"INSERT INTO journal ({Columns}) VALUES ({Values})");
                _plainValues = JournalParameters(_plain);
                return _plain;
            }

            private DbCommand Fenced()
            {
                if (_fenced != null) return _fenced;
                _fenced = _store.NewCommand(Connection, null,
                    $"INSERT INTO journal ({Columns}) SELECT {Values} WHERE EXISTS (SELECT 1 FROM requests WHERE correlation_id = @c AND tenant = @tenant " +
                    "AND state = 'InProgress' AND lease_owner = @w AND lease_fence = @f)");
                _fencedValues = JournalParameters(_fenced);
                _owner = _fenced.Add("@w", "");
                _fence = _fenced.AddLong("@f", 0);
                return _fenced;
            }

            public void Dispose()
            {
                _plain?.Dispose();
                _fenced?.Dispose();
                Connection.Dispose();
            }
        }

        /// <summary>The thirteen value parameters of a journal insert, in column order (the tenant is bound already).</summary>
        private static DbParameter[] JournalParameters(DbCommand command) => new[]
        {
            command.Add("@c", ""), command.Add("@u", ""), command.Add("@e", ""), command.Add("@s", ""), command.AddLong("@st", null),
            command.Add("@k", ""), command.Add("@ob", ""), command.Add("@nb", ""), command.Add("@h", ""), command.Add("@o", ""),
            command.Add("@r", ""), command.AddLong("@t", 0), command.Add("@rq", null),
        };

        public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            var rows = Read<IReadOnlyList<JournalEntry>>(connection =>
            {
                using var command = Command(connection, null, $"SELECT {JournalRow} FROM journal j WHERE j.correlation_id = @c AND j.tenant = @tenant ORDER BY j.id");
                command.Add("@c", correlationId.ToString("D"));
                return ReadJournal(command);
            }, cancellationToken);
            return Task.FromResult(rows);
        }

        public Task<JournalCounts> CountJournalAsync(Guid correlationId, CancellationToken cancellationToken) =>
            Task.FromResult(Read(connection => CountJournal(connection, null, correlationId), cancellationToken));

        public Task RecountFailedAsync(Guid correlationId, string note, CancellationToken cancellationToken) =>
            WriteAsync((connection, transaction) =>
                SaveJournalCounts(connection, transaction, correlationId, CountJournal(connection, transaction, correlationId), note, onlyIfFailed: true),
                cancellationToken);

        /// <summary>Sets a request's counts to <paramref name="counts"/> (its journal's) and adds <paramref name="note"/> to its message.</summary>
        private int SaveJournalCounts(DbConnection connection, DbTransaction transaction, Guid correlationId, JournalCounts counts, string note, bool onlyIfFailed)
        {
            using var command = Command(connection, transaction,
                "UPDATE requests SET total_meeting = @t, succeeded_meeting = @s, failed_meeting = @f, invites_update = @i, last_message = last_message || @note " +
                "WHERE correlation_id = @c AND tenant = @tenant" + (onlyIfFailed ? " AND state = 'Failed'" : ""));
            command.Add("@t", counts.Total);
            command.Add("@s", counts.Succeeded);
            command.Add("@f", counts.Failed);
            command.Add("@i", counts.Updates);
            command.Add("@note", note);
            command.Add("@c", correlationId.ToString("D"));
            return command.ExecuteNonQuery();
        }

        /// <summary>What the request's journal says it did so far, read on the caller's connection (and transaction, if any).</summary>
        private JournalCounts CountJournal(DbConnection connection, DbTransaction? transaction, Guid correlationId)
        {
            int succeeded = 0, failed = 0, retryable = 0, updates;
            // Each meeting by its last row other than Attempting (whose PATCH may or may not have gone out).
            using (var byOutcome = Command(connection, transaction,
                "SELECT j.outcome, COUNT(*) FROM journal j JOIN (SELECT MAX(id) AS id FROM journal WHERE tenant = @tenant AND correlation_id = @c " +
                "AND outcome <> 'Attempting' GROUP BY event_id) latest ON j.id = latest.id GROUP BY j.outcome"))
            {
                byOutcome.Add("@c", correlationId.ToString("D"));
                using var reader = byOutcome.ExecuteReader();
                while (reader.Read())
                {
                    var n = Int(reader, 1);
                    switch (reader.GetString(0))
                    {
                        case nameof(MeetingOutcome.Updated):
                        case nameof(MeetingOutcome.AlreadyUpdated):
                        case nameof(MeetingOutcome.Restored):
                            succeeded += n;
                            break;
                        case nameof(MeetingOutcome.Failed):
                            failed += n;
                            retryable += n;
                            break;
                        case nameof(MeetingOutcome.Refused):
                            failed += n;
                            break;
                    }
                }
            }
            using (var sent = Command(connection, transaction,
                "SELECT COUNT(DISTINCT event_id) FROM journal WHERE tenant = @tenant AND correlation_id = @c AND outcome IN ('Updated', 'Restored')"))
            {
                sent.Add("@c", correlationId.ToString("D"));
                updates = Convert.ToInt32(sent.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            return new JournalCounts(succeeded, failed, retryable, updates);
        }

        /// <summary>
        /// Request @c's Attempting rows (table aliased j) that no later row of the request follows for their meeting: the
        /// request's rows through ix_journal_request, the later-row check through ix_journal_user_event.
        /// </summary>
        private static readonly string UnsettledAttempts = UnsettledAttemptsOf("@c");

        /// <summary>As <see cref="UnsettledAttempts"/>, of the request <paramref name="request"/> names (a parameter, or a column of an outer query).</summary>
        private static string UnsettledAttemptsOf(string request) =>
            $"j.correlation_id = {request} AND j.tenant = @tenant AND j.outcome = 'Attempting' " +
            "AND NOT EXISTS (SELECT 1 FROM journal later WHERE later.tenant = j.tenant AND later.upn_norm = j.upn_norm " +
            "AND later.event_id = j.event_id AND later.id > j.id AND later.correlation_id = j.correlation_id)";

        public Task<IReadOnlyList<JournalEntry>> GetUnsettledAttemptsAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            var rows = Read<IReadOnlyList<JournalEntry>>(connection =>
            {
                using var command = Command(connection, null, $"SELECT {JournalRow} FROM journal j WHERE {UnsettledAttempts} ORDER BY j.id");
                command.Add("@c", correlationId.ToString("D"));
                return ReadJournal(command);
            }, cancellationToken);
            return Task.FromResult(rows);
        }

        public Task<IReadOnlyDictionary<string, JournalEntry>> GetLatestJournalByEventAsync(string userPrincipalName, CancellationToken cancellationToken) =>
            Task.FromResult(LatestRowPerEvent(userPrincipalName, null, cancellationToken));

        /// <summary>The user's latest journal row per event, of any outcome or of the one given.</summary>
        private IReadOnlyDictionary<string, JournalEntry> LatestRowPerEvent(string userPrincipalName, MeetingOutcome? outcome, CancellationToken cancellationToken) =>
            Read<IReadOnlyDictionary<string, JournalEntry>>(connection =>
            {
                using var command = Command(connection, null,
                    $"SELECT {JournalRow} FROM journal j WHERE j.tenant = @tenant AND j.upn_norm = @u AND j.id IN " +
                    $"(SELECT MAX(id) FROM journal WHERE tenant = @tenant AND upn_norm = @u{(outcome != null ? " AND outcome = @o" : "")} GROUP BY event_id)");
                command.Add("@u", userPrincipalName.ToLowerInvariant());
                if (outcome != null) command.Add("@o", outcome.Value.ToString());
                var map = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
                foreach (var entry in ReadJournal(command)) map[entry.EventId] = entry;
                return map;
            }, cancellationToken);

        private static IReadOnlyList<JournalEntry> ReadJournal(DbCommand command)
        {
            var rows = new List<JournalEntry>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(MapJournal(reader));
            return rows;
        }

        private static JournalEntry MapJournal(DbDataReader reader) => new JournalEntry
        {
            Id = Long(reader, 0),
            CorrelationId = Guid.Parse(reader.GetString(1)),
            UserPrincipalName = reader.GetString(2),
            EventId = reader.GetString(3),
            Subject = reader.GetString(4),
            Start = reader.IsDBNull(5) ? (DateTime?)null : FromTicks(Long(reader, 5)),
            MeetingKind = reader.GetString(6),
            OldBlock = reader.GetString(7),
            NewBlock = reader.GetString(8),
            NewBlockHash = reader.GetString(9),
            Outcome = (MeetingOutcome)Enum.Parse(typeof(MeetingOutcome), reader.GetString(10)),
            Reason = reader.GetString(11),
            Time = FromTicks(Long(reader, 12)),
            GraphRequestId = reader.IsDBNull(13) ? null : reader.GetString(13),
        };
    }
}
