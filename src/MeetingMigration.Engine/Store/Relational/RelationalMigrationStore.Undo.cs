using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>Undo requests (requests.undo_of) and the journal rows they take back.</summary>
    public abstract partial class RelationalMigrationStore
    {
        /// <summary>What an undo's message says once its waiting retry is brought forward (taken out again when it is stopped).</summary>
        internal const string RetryBroughtForwardNote = " It was asked for again, and runs now instead of at its retry.";

        public Task<EnqueueResult> EnqueueUndoAsync(string userPrincipalName, Guid? userId, Guid? undoOf, MigrationType migrationType, CancellationToken cancellationToken)
        {
            return WriteAsync((connection, transaction) =>
            {
                var now = Clock.UtcNow;
                var upnNorm = userPrincipalName.ToLowerInvariant();
                var scope = undoOf?.ToString("D") ?? "";
                // The same undo Pending, stopped part-way with no worker holding it (Ctrl+C in -Wait), or running: that one, not a
                // second (an outside probe: run again while the first ran, a second was queued and ran after it, restoring nothing).
                using (var find = Command(connection, transaction, SameUndoSql))
                {
                    find.Add("@scope", scope);
                    find.Add("@u", upnNorm);
                    var earlier = ReadOne(find);
                    if (earlier != null) return new EnqueueResult(earlier, merged: true) { RunningElsewhere = IsHeld(connection, transaction, earlier.CorrelationId, now) };
                }
                // The same undo waiting for its retry: its retry is brought forward, so it runs now as itself, older in the
                // queue than a migration that ran meanwhile. A new undo replaced it until 2026-12-06, queued after that
                // migration, and took back that migration's writes instead: a series put back by the first was left split and
                // converted meetings kept the undone migration's stale details (an outside probe).
                using (var retry = Command(connection, transaction, SameUndoRetrySql))
                {
                    retry.Add("@scope", scope);
                    retry.Add("@u", upnNorm);
                    if (ReadOne(retry) is { } waiting)
                    {
                        const string note = RetryBroughtForwardNote;
                        BringForward(connection, transaction, waiting.CorrelationId, now, note);
                        (waiting.RetryScheduled, waiting.NotBefore, waiting.ModifiedDate, waiting.LastMessage) = (false, now, now, waiting.LastMessage + note);
                        return new EnqueueResult(waiting, merged: true) { RetryBroughtForward = true };
                    }
                }
                var created = new MigrationRequest
                {
                    CorrelationId = Guid.NewGuid(),
                    CreateDate = now,
                    ModifiedDate = now,
                    UserId = userId,
                    UserPrincipalName = userPrincipalName,
                    MigrationType = migrationType,
                    State = MigrationState.Pending,
                    NotBefore = now,
                    Trigger = Triggers.TriggerNames.Undo,
                };
                using var insert = Command(connection, transaction,
                    "INSERT INTO requests (correlation_id, create_ticks, modified_ticks, user_id, upn, upn_norm, source_type, target_type, migration_type, " +
                    "state, not_before_ticks, trigger_name, undo_of, tenant) VALUES (@c, @now, @now, @id, @upn, @u, @s, @t, @m, 'Pending', @now, @trigger, @scope, @tenant)");
                insert.Add("@c", created.CorrelationId.ToString("D"));
                insert.Add("@now", Ticks(now));
                insert.Add("@id", userId?.ToString("D"));
                insert.Add("@upn", userPrincipalName);
                insert.Add("@u", upnNorm);
                insert.Add("@s", created.SourceMeetingType.ToString());
                insert.Add("@t", created.TargetMeetingType.ToString());
                insert.Add("@m", migrationType.ToString());
                insert.Add("@trigger", created.Trigger);
                insert.Add("@scope", scope);
                insert.ExecuteNonQuery();
                return SupersedeScheduledRetries(connection, transaction, upnNorm, new EnqueueResult(created, merged: false), scope);
            }, cancellationToken);
        }

        /// <summary>
        /// A user's undo of the same scope (@scope), not one the store queued ahead of a migration (it finishes only what a
        /// Failed undo put back), that is Pending and has not run (one waiting for its retry is left to it:
        /// a new undo runs now, as before 2026-12-05 when such an undo showed Failed), or InProgress (stopped part-way, or
        /// running): the oldest, and of two as old the InProgress one (its work is under way). The states are also named in
        /// an IN list, so the user's index (by state) is searched on all three of its columns.
        /// </summary>
        internal static string SameUndoSql =>
            $"SELECT {RequestColumns} FROM requests WHERE tenant = @tenant AND undo_of = @scope AND upn_norm = @u AND state IN ('Pending', 'InProgress') " +
            $"AND ((state = 'Pending' AND +retry_scheduled = 0) OR state = 'InProgress') AND queued_for IS NULL " +
            $"ORDER BY {UsersOwnOrder}, CASE WHEN state = 'InProgress' THEN 0 ELSE 1 END LIMIT 1";

        /// <summary>The user's undo of the same scope (@scope) waiting for its retry, the oldest; not one the store queued ahead of a migration.</summary>
        internal static string SameUndoRetrySql =>
            $"SELECT {RequestColumns} FROM requests WHERE tenant = @tenant AND undo_of = @scope AND upn_norm = @u AND state = 'Pending' AND +retry_scheduled = 1 AND queued_for IS NULL " +
            $"ORDER BY {UsersOwnOrder} LIMIT 1";

        /// <summary>
        /// Makes a Pending request due by <paramref name="due"/>, as queued: one waiting for its retry runs then, no retry
        /// counted; one due later (handed back to wait for Graph) is due then. It keeps its place in the queue by its
        /// creation; <paramref name="note"/> follows its message. Nothing changes for a request already due by then, or not
        /// Pending (running, stopped).
        /// </summary>
        private void BringForward(DbConnection connection, DbTransaction transaction, Guid request, DateTime due, string note)
        {
            using var update = Command(connection, transaction,
                "UPDATE requests SET retry_scheduled = 0, not_before_ticks = @due, modified_ticks = @due, last_message = last_message || @note " +
                "WHERE correlation_id = @c AND tenant = @tenant AND state = 'Pending' AND (retry_scheduled = 1 OR not_before_ticks > @due)");
            update.Add("@due", Ticks(due));
            update.Add("@note", note);
            update.Add("@c", request.ToString("D"));
            update.ExecuteNonQuery();
        }

        /// <summary>An InProgress request whose lease a worker still holds (it is running, or its holder died and the lease runs on).</summary>
        private bool IsHeld(DbConnection connection, DbTransaction transaction, Guid correlationId, DateTime now)
        {
            using var command = Command(connection, transaction, "SELECT lease_expires_ticks FROM requests WHERE correlation_id = @c AND tenant = @tenant AND state = 'InProgress'");
            command.Add("@c", correlationId.ToString("D"));
            var expires = command.ExecuteScalar();
            return expires != null && expires != DBNull.Value && Convert.ToInt64(expires, System.Globalization.CultureInfo.InvariantCulture) >= Ticks(now);
        }

        public Task<string?> GetUndoScopeAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            var scope = Read(connection =>
            {
                using var command = Command(connection, null, "SELECT undo_of FROM requests WHERE correlation_id = @c AND tenant = @tenant");
                command.Add("@c", correlationId.ToString("D"));
                return command.ExecuteScalar() as string;
            }, cancellationToken);
            return Task.FromResult(scope);
        }

        /// <summary>
        /// The request's last Updated row per meeting (a resumed attempt may have confirmed one twice). Grouped once, not
        /// a subquery per row: the journal's request index does not hold the meeting, so a correlated MAX read all the
        /// request's rows for each of them (16,000 meetings: 23 s, now 12 ms).
        /// </summary>
        internal static string UndoTargetsOfRequestSql =>
            $"SELECT {JournalRow} FROM journal j WHERE j.id IN (SELECT MAX(n.id) FROM journal n WHERE n.tenant = @tenant AND n.correlation_id = @c " +
            $"AND n.outcome = 'Updated' GROUP BY n.event_id) {UndoOrder}";

        /// <summary>
        /// Per meeting, the user's latest write: a migration's (Updated) is taken back; an undo's means done, whether it put
        /// the earlier block back (Restored) or found it there (its AlreadyUpdated row, the only one with a fingerprint: an
        /// outside probe's -Identity queued an undo that changed nothing, again and again, after one that found every block
        /// in place).
        /// </summary>
        internal static string UndoTargetsOfUserSql =>
            $"SELECT {JournalRow} FROM journal j WHERE j.tenant = @tenant AND j.upn_norm = @u AND j.outcome = 'Updated' AND j.id = " +
            "(SELECT MAX(n.id) FROM journal n WHERE n.tenant = j.tenant AND n.upn_norm = j.upn_norm AND n.event_id = j.event_id " +
            $"AND (n.outcome IN ('Updated', 'Restored') OR (n.outcome = 'AlreadyUpdated' AND n.new_block_hash <> ''))) {UndoOrder}";

        /// <summary>
        /// The order an undo restores in: the meetings by when they start (a series by its first occurrence), then as
        /// journaled. Not the journal's alone, which the migration's parallel writes make differ from run to run: an undo
        /// run twice on the same calendar restored in another order (tests that stop it part-way failed now and then).
        /// </summary>
        private const string UndoOrder = "ORDER BY COALESCE(j.start_ticks, 0), j.id";

        /// <remarks>Only migrations write Updated rows (an undo's write is Restored or AlreadyUpdated).</remarks>
        public Task<IReadOnlyDictionary<string, JournalEntry>> GetLatestMigrationWritesAsync(string userPrincipalName, CancellationToken cancellationToken) =>
            Task.FromResult(LatestRowPerEvent(userPrincipalName, MeetingOutcome.Updated, cancellationToken));

        public Task<JournalEntry?> GetMigrationWriteQueuedBeforeAsync(string userPrincipalName, string eventId, DateTime queuedBefore, CancellationToken cancellationToken)
        {
            var row = Read<JournalEntry?>(connection =>
            {
                using var command = Command(connection);
                // The meeting's rows through ix_journal_user_event, each request by its key.
                command.CommandText = $"SELECT {JournalRow} FROM journal j WHERE j.tenant = @tenant AND j.upn_norm = @u AND j.event_id = @e AND j.outcome = 'Updated' " +
                                      "AND EXISTS (SELECT 1 FROM requests r WHERE r.tenant = j.tenant AND r.correlation_id = j.correlation_id AND r.create_ticks < @before) " +
                                      "ORDER BY j.id DESC LIMIT 1";
                command.Add("@u", userPrincipalName.ToLowerInvariant());
                command.Add("@e", eventId);
                command.Add("@before", Ticks(queuedBefore));
                return ReadJournal(command).FirstOrDefault();
            }, cancellationToken);
            return Task.FromResult(row);
        }

        public Task<IReadOnlyList<JournalEntry>> GetUndoTargetsAsync(string userPrincipalName, Guid? undoOf, CancellationToken cancellationToken)
        {
            var rows = Read<IReadOnlyList<JournalEntry>>(connection =>
            {
                using var command = Command(connection);
                if (undoOf != null)
                {
                    command.CommandText = UndoTargetsOfRequestSql;
                    command.Add("@c", undoOf.Value.ToString("D"));
                }
                else
                {
                    command.CommandText = UndoTargetsOfUserSql;
                    command.Add("@u", userPrincipalName.ToLowerInvariant());
                }
                return ReadJournal(command);
            }, cancellationToken);
            return Task.FromResult(rows);
        }
    }
}
