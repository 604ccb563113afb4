using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Data.Common;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// Queue management: taking a request out of the queue, and a new request replacing a scheduled retry. A request waiting
    /// for its retry is Pending with retry_scheduled set; it becomes Failed when its retry is cancelled or replaced.
    /// </summary>
    public abstract partial class RelationalMigrationStore
    {
        public Task<CancelResult> CancelAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            return WriteAsync((connection, transaction) =>
            {
                // Read and change in the same write transaction: a worker leasing the request meanwhile waits for it, so
                // either the cancel wins (the worker finds nothing) or the lease did (we see InProgress and refuse).
                MigrationRequest? request;
                using (var find = Command(connection, transaction, $"SELECT {RequestColumns} FROM requests WHERE correlation_id = @c AND tenant = @tenant"))
                {
                    find.Add("@c", correlationId.ToString("D"));
                    request = ReadOne(find);
                }
                if (request == null) return new CancelResult(CancelOutcome.NotFound, null);
                // Pending again after it ran part-way (handed back while Graph could not be reached): it has updated meetings, so
                // it is kept, as a request waiting for its retry is. Found by an outside probe: Stop deleted such a request,
                // and its user's undo then said there was nothing to undo while the journal showed the meeting updated.
                var ranPartWay = request.State == MigrationState.Pending && !request.RetryScheduled && HasJournal(connection, transaction, correlationId);
                switch (request.State)
                {
                    case MigrationState.Pending when !request.RetryScheduled && !ranPartWay && request.QueuedFor is Guid migration:
                        // An undo the store queued ahead of a migration, taken out before it ran: kept, Failed, so the migration's
                        // lease does not queue it again (QueueFinishingUndoBeforeRunning looks for one of any state).
                        SaveStopped(connection, transaction, request, Undo.FinishingUndo.StoppedNote(migration));
                        return new CancelResult(CancelOutcome.Removed, request);
                    case MigrationState.Pending when !request.RetryScheduled && !ranPartWay:
                        using (var delete = Command(connection, transaction,
                            "DELETE FROM requests WHERE correlation_id = @c AND tenant = @tenant AND state = 'Pending' AND retry_scheduled = 0"))
                        {
                            delete.Add("@c", correlationId.ToString("D"));
                            delete.ExecuteNonQuery();
                        }
                        var noted = NoteStopInUndosReplacedBy(connection, transaction, request);
                        // The undo the store queued ahead of it to finish a Failed undo's series goes with it, if it has not run:
                        // it was queued for this migration, not asked for.
                        // One that has run part-way (stopped inside its work, handed back, or waiting for its retry) is kept: it
                        // finishes what it began.
                        var (removed, kept) = (new List<Guid>(), new List<Guid>());
                        using (var finishing = Command(connection, transaction,
                            "SELECT correlation_id, CASE WHEN state = 'Pending' AND retry_scheduled = 0 AND NOT EXISTS " +
                            "(SELECT 1 FROM journal j WHERE j.tenant = @tenant AND j.correlation_id = requests.correlation_id) THEN 1 ELSE 0 END " +
                            "FROM requests WHERE tenant = @tenant AND queued_for = @c AND state IN ('Pending', 'InProgress')"))
                        {
                            finishing.Add("@c", correlationId.ToString("D"));
                            using var reader = finishing.ExecuteReader();
                            while (reader.Read()) (Long(reader, 1) == 1 ? removed : kept).Add(Guid.Parse(reader.GetString(0)));
                        }
                        foreach (var undo in removed)
                        {
                            using var remove = Command(connection, transaction, "DELETE FROM requests WHERE correlation_id = @c AND tenant = @tenant");
                            remove.Add("@c", undo.ToString("D"));
                            remove.ExecuteNonQuery();
                        }
                        return new CancelResult(CancelOutcome.Removed, request) { NotedUndos = noted, RemovedFinishingUndos = removed, KeptFinishingUndos = kept };
                    case MigrationState.Pending:
                        // A failed attempt waiting for its retry, or one that ran part-way: it has a journal, so it is kept,
                        // Failed, and does not run again.
                        // Part-way: the stop is said first, since the hand-back's message ends "queued again … resumes where it
                        // stopped", which is no longer so (outside re-probe); that message follows as what came before. An undo
                        // that put meetings back says what it leaves, and what finishes it (an undo is not undone).
                        var undoLeaves = UndoStoppedLeaves(connection, transaction, request);
                        SaveStopped(connection, transaction, request, ranPartWay
                            ? (undoLeaves != null
                                ? $"It was stopped (Stop-CsMeetingMigration) after it had run part-way: {undoLeaves} Before that: {request.LastMessage.Replace(RetryBroughtForwardNote, "")}"
                                : $"It was stopped (Stop-CsMeetingMigration) after it had run part-way: the meetings it updated keep their new block (Undo-CsMeetingMigration -CorrelationId {correlationId:D} takes them back), the others were not migrated. Before that: {request.LastMessage}")
                            : AppendNote(request.LastMessage, "Its retry was cancelled (Stop-CsMeetingMigration)." +
                                                              (undoLeaves != null ? " " + char.ToUpperInvariant(undoLeaves[0]) + undoLeaves.Substring(1) : "")));
                        return new CancelResult(ranPartWay ? CancelOutcome.StoppedPartWay : CancelOutcome.RetryCancelled, request);
                    case MigrationState.InProgress:
                        return new CancelResult(CancelOutcome.Running, request);
                    default:
                        return new CancelResult(CancelOutcome.Finished, request);
                }
            }, cancellationToken);
        }

        /// <summary>
        /// A new request for a user replaces the scheduled retries of their failed migrations: the new one reads the whole
        /// calendar again, so a retry running as well would only repeat its work (Get-CsMeetingMigrationStatus -State Failed |
        /// Start-CsExMeetingMigration retries each failed user once, not twice). A new migration also replaces the waiting
        /// retry of the user's undo (<paramref name="undoScope"/> null): run after it, that retry took back what the new
        /// migration wrote and mailed everyone twice (outside re-probe). A new undo (its scope given) replaces the waiting retry
        /// of an undo of the same scope, so two undos do not run side by side. Runs in the enqueue's transaction.
        /// </summary>
        /// <returns>
        /// <paramref name="result"/>, with the requests whose retry was replaced (each with whether it is an undo) and, for a
        /// new migration (<paramref name="undoScope"/> null), the user's undos that were Pending without a retry (queued, or
        /// handed back while Graph was unreachable or refused the credentials), which end Failed too. Such an undo due later
        /// than the migration ran after it and took back what it wrote (an outside re-probe: an undo handed back for refused
        /// credentials reverted a newer migration and mailed everyone again); one due sooner would be followed by it anyway.
        /// </returns>
        private EnqueueResult SupersedeScheduledRetries(DbConnection connection, DbTransaction transaction, string upnNorm, EnqueueResult result,
            string? undoScope = null)
        {
            // By address, then by object id: each statement reads the user's rows through the user's index. One statement
            // with "upn_norm = @u OR user_id = @id" read every Failed request of the tenant instead (ix_requests_runnable),
            // on every enqueue: re-queuing n failed users cost n² row reads. One look finds both kinds of rows a new request
            // replaces; the updates run only for the kinds found (usually none), so an enqueue costs one read per column.
            var replaced = new List<(Guid, bool)>();
            var undos = new List<Guid>();
            var leftRunning = new List<Guid>();
            var replacement = result.Request.CorrelationId;
            // A migration of one kind (-SourceMeetingType Teams or SfB, the MovedToTeams trigger) reads only that kind's
            // meetings: it replaces only retries of that same selection, and leaves the user's undos to run, each leaving to it
            // the meetings it writes (Undo/LaterMigrations). An outside re-probe: a Teams-only Start ended an undo, and the
            // Skype meetings the undo had put back, or had yet to, kept what they showed for good.
            var oneKind = undoScope == null && result.Request.SourceMeetingType != SourceMeetingType.All;
            var retries = undoScope != null ? UndoRetriesOfUserWhere : oneKind ? (Func<string, string>)MigrationRetriesOfUserOfOneKindWhere : RetriesOfUserWhere;
            Supersede("upn_norm", upnNorm);
            if (result.Request.UserId is { } userId) Supersede("user_id", userId.ToString("D"));
            result.ReplacedRetries = replaced;
            result.ReplacedUndos = undos.Distinct().ToList();
            result.UndosLeftToStopOrShare = leftRunning.Distinct().ToList();
            if (undoScope == null && leftRunning.Count == 0 && NeedsFinishedSeries(result.Request)) result.FinishingUndo = QueueFinishingUndo(connection, transaction, upnNorm, result.Request);
            return result;

            void Supersede(string column, string value)
            {
                var found = false;
                var foundUndos = new List<Guid>();
                var undoRetries = new List<Guid>();
                var sql = undoScope != null ? "SELECT correlation_id, undo_of, retry_scheduled, 0 FROM requests " + retries(column)
                    : oneKind ? FoundByMigrationOfOneKindSql(column) : ReplacedByMigrationSql(column);
                using (var find = Command(connection, transaction, sql))
                {
                    Bind(find);
                    if (undoScope == null && !oneKind) find.Add("@now", Ticks(Clock.UtcNow));
                    using var reader = find.ExecuteReader();
                    while (reader.Read())
                    {
                        var id = Guid.Parse(reader.GetString(0));
                        var isUndo = !reader.IsDBNull(1);
                        if (undoScope == null && isUndo && (oneKind || (reader.GetInt64(2) == 0 && reader.GetInt64(3) == 0)))
                            leftRunning.Add(id); // see EnqueueResult.UndosLeftToStopOrShare
                        else if (undoScope == null && isUndo && reader.GetInt64(2) != 0)
                            undoRetries.Add(id); // below: brought forward if it put meetings back, replaced if not
                        else if (reader.GetInt64(2) != 0)
                        {
                            replaced.Add((id, isUndo));
                            found = true;
                        }
                        else
                        {
                            undos.Add(id);
                            foundUndos.Add(id);
                        }
                    }
                }
                // An undo waiting for its retry that has put meetings back is not ended: among them may be a series whose
                // occurrences moved since it has not reached (Graph failed listing them), and the migration would write the
                // series as put back and those occurrences as the undone migration left them (an outside probe). It runs first
                // instead, finishes such a series, and stops before its next meeting (UndoProcessor). One that has put nothing
                // back is replaced with the other retries.
                foreach (var undo in undoRetries)
                {
                    using var restored = Command(connection, transaction, $"SELECT 1 FROM journal j WHERE {RestoredSomething("@undo")}");
                    restored.Add("@undo", undo.ToString("D"));
                    if (restored.ExecuteScalar() != null) leftRunning.Add(undo);
                    else
                    {
                        replaced.Add((undo, true));
                        found = true;
                    }
                }
                if (found) Update(retries(column), $" {RetryReplacedBy(replacement)}.");
                // The undos left to run first that wait (for their retry, or for Graph after being handed back) are made due
                // no later than the migration, so the queue (due time, then time queued) runs the older undo first: due
                // later, they ran after it, finding the series they had put back written again. The store's clock, read
                // again here, is past the migration's own due time.
                if (undoScope == null && !oneKind)
                {
                    var dueBy = Clock.UtcNow < result.Request.NotBefore ? Clock.UtcNow : result.Request.NotBefore;
                    foreach (var undo in leftRunning)
                        BringForward(connection, transaction, undo, dueBy,
                            $" {Undo.UndoReplacement.ByMigration(replacement)}: it runs now, to finish a series it put back, and stops before its next meeting.");
                }
                if (foundUndos.Count > 0)
                {
                    Update(PendingUndosOfUserWhere(column), $" {Undo.UndoReplacement.ByMigration(replacement)}, and will not run (whatever is said before this): run after that migration, it would take back what the migration writes.");
                    foreach (var undo in foundUndos) KeepWhatItDid(connection, transaction, undo);
                }

                void Update(string where, string note)
                {
                    using var command = Command(connection, transaction, SupersedeSql + where);
                    Bind(command);
                    command.Add("@now", Ticks(Clock.UtcNow));
                    command.Add("@note", note);
                    command.ExecuteNonQuery();
                }

                void Bind(DbCommand c)
                {
                    if (undoScope != null) c.Add("@scope", undoScope);
                    if (oneKind) c.Add("@source", result.Request.SourceMeetingType.ToString());
                    c.Add("@c", replacement.ToString("D"));
                    c.Add("@v", value);
                }
            }
        }

        /// <summary>
        /// The rows a new migration replaces, in one look through the user's index: its migrations' and undos' waiting retries,
        /// and its unfinished undos (<see cref="UnfinishedUndo"/>, the last column 1); and its other undos still to end (a
        /// worker runs them, or one stopped inside a restore), which stop on their own before their next write.
        /// </summary>
        internal static string ReplacedByMigrationSql(string column) =>
            $"SELECT correlation_id, undo_of, retry_scheduled, CASE WHEN {UnfinishedUndo} THEN 1 ELSE 0 END FROM requests WHERE tenant = @tenant AND {column} = @v " +
            "AND correlation_id <> @c AND ((state IN ('Pending', 'Failed') AND +retry_scheduled = 1) OR (undo_of IS NOT NULL AND state IN ('Pending', 'InProgress')))";

        /// <summary>
        /// The rows a new migration of one kind (@source) finds, in one look through the user's index: the waiting retries of
        /// the user's migrations of that kind, which it replaces, and the user's undos still to end, which leave it the
        /// meetings it writes.
        /// </summary>
        internal static string FoundByMigrationOfOneKindSql(string column) =>
            $"SELECT correlation_id, undo_of, retry_scheduled, 0 FROM requests WHERE tenant = @tenant AND {column} = @v AND correlation_id <> @c " +
            "AND ((state IN ('Pending', 'Failed') AND +retry_scheduled = 1 AND undo_of IS NULL AND source_type = @source) " +
            "OR (undo_of IS NOT NULL AND state IN ('Pending', 'InProgress')))";

        /// <summary>
        /// An undo that no worker is running and that would run after a new migration: Pending without a retry (queued, or
        /// handed back while the connection was down), or stopped part-way (InProgress with its lease handed back or run out:
        /// Ctrl+C in Undo -Wait, a stopped or dead worker). A stopped one was resumed to its end by the migration's -Wait, or
        /// by the service before it, and the migration then wrote every meeting again: the undo taken back, every attendee
        /// mailed twice (an outside probe). The unary plus keeps both flags out of index choice (the user's index is read).
        /// Not one stopped inside a restore (an Attempting row with nothing after it): whether that restore went out only the
        /// meeting's marker says, which the store cannot read. It is resumed before the migration (it is older in the queue, and
        /// a -Wait session resumes it first), finds the migration before its next write and settles that restore from the
        /// marker (UndoProcessor). Ended here, the restore stayed Attempting for good and its update uncounted (an outside
        /// re-probe). Nor one that put meetings back already (<see cref="RestoredSomething"/>; stopped, or Pending again after
        /// it was handed back while Graph was unreachable, or waiting for its retry, which is brought forward): resumed first, it finishes the
        /// series among them (their occurrences moved since) before it stops; ended here, the migration wrote a series it had
        /// put back as put back and its moved occurrences as the undone migration left them, each of its kind (an outside
        /// probe found that series split by a replacing migration while the undo ran). Nor one queued while an earlier undo of
        /// the user that put meetings back ended Failed (<see cref="PutBackByAFailedUndo"/>): it finishes that undo's series
        /// (UndoProcessor), so it runs first too; ended here, the series stayed split (an outside probe: the admin ran the undo
        /// again, as the Failed one's status says, and a Start queued then replaced it).
        /// </summary>
        private static readonly string UnfinishedUndo = "(((state = 'Pending' AND +retry_scheduled = 0) OR (state = 'InProgress' AND +lease_expires_ticks < @now " +
            $"AND NOT EXISTS (SELECT 1 FROM journal j WHERE {UnsettledAttemptsOf("requests.correlation_id")}))) " +
            $"AND NOT EXISTS (SELECT 1 FROM journal j WHERE {RestoredSomething("requests.correlation_id")}) " +
            $"AND NOT EXISTS ({PutBackByAFailedUndo}))";

        /// <summary>
        /// A meeting of the user (of the undo row being looked at, <c>requests</c>) whose latest journal row is a restore by
        /// another undo that ended Failed: that undo may have left a series it put back without its occurrences moved since,
        /// which the next undo of the user finishes (UndoProcessor's SeriesOfUnfinishedUndosAsync, and the request scope's
        /// "put back already by another undo"). Through the user's journal index.
        /// </summary>
        private const string PutBackByAFailedUndo =
            "SELECT 1 FROM journal f JOIN requests u ON u.tenant = f.tenant AND u.correlation_id = f.correlation_id " +
            "WHERE f.tenant = @tenant AND f.upn_norm = requests.upn_norm AND f.outcome IN ('Restored', 'AlreadyUpdated') " +
            "AND u.undo_of IS NOT NULL AND u.state = 'Failed' AND u.correlation_id <> requests.correlation_id " +
            "AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.tenant = @tenant AND k.upn_norm = f.upn_norm AND k.event_id = f.event_id AND k.id > f.id)";

        /// <summary>
        /// A migration that writes each meeting in the kind it shows: a series a Failed undo left of two kinds stays so. Of
        /// one kind too: it writes the one of the two (a Skype-only one refreshed the master put back, after which nothing
        /// showed the Failed undo's restore as the master's latest write, and a later migration split the series unsaid; a
        /// Teams-only one rewrote the moved occurrence: outside probe K). Not one to Teams, which writes such a series as a
        /// Teams meeting anyway; an undo finishing it first would only mail the occurrences' attendees once more.
        /// </summary>
        internal static bool NeedsFinishedSeries(MigrationRequest migration) => migration.TargetMeetingType == TargetMeetingType.Current;

        /// <summary>
        /// A migration that writes each meeting in the kind it shows (<see cref="NeedsFinishedSeries"/>) with no undo of the user
        /// left to run first, queued while an undo of the user that put
        /// meetings back has ended Failed (its retries used up, or stopped): a series that undo put back may keep occurrences
        /// moved since that still show the block it was taking back, and the migration writes each meeting in the kind it shows,
        /// a series of two kinds (an outside probe: Start, and a dial-in change's own trigger, did so; the admin was told to stop
        /// the migration, run the undo again and queue the migration again, which is what this does). An undo is queued ahead of
        /// the migration (due no later, queued a tick before it) that finishes those series and nothing else (UndoProcessor),
        /// taken out of the queue with the migration (CancelAsync). Null when there is nothing an undo left put back.
        /// </summary>
        private (Guid Undo, Guid FailedUndo)? QueueFinishingUndo(DbConnection connection, DbTransaction transaction, string upnNorm, MigrationRequest migration) =>
            FailedUndoLeftToFinish(connection, transaction, upnNorm, migration.CorrelationId) is Guid failed
                ? (InsertFinishingUndo(connection, transaction, upnNorm, migration, failed), failed)
                : ((Guid, Guid)?)null;

        /// <summary>The undo of <see cref="QueueFinishingUndo"/>, for a Failed undo found already; returns its id.</summary>
        private Guid InsertFinishingUndo(DbConnection connection, DbTransaction transaction, string upnNorm, MigrationRequest migration, Guid failed)
        {
            var now = Clock.UtcNow;
            var undo = Guid.NewGuid();
            using var insert = Command(connection, transaction,
                "INSERT INTO requests (correlation_id, create_ticks, modified_ticks, user_id, upn, upn_norm, source_type, target_type, migration_type, " +
                "state, not_before_ticks, trigger_name, undo_of, queued_for, last_message, tenant) " +
                "VALUES (@c, @created, @now, @id, @upn, @u, @s, @t, @m, 'Pending', @due, @trigger, '', @for, @message, @tenant)");
            insert.Add("@c", undo.ToString("D"));
            insert.Add("@created", Ticks(migration.CreateDate) - 1);
            insert.Add("@now", Ticks(now));
            insert.Add("@id", migration.UserId?.ToString("D"));
            insert.Add("@upn", migration.UserPrincipalName);
            insert.Add("@u", upnNorm);
            insert.Add("@s", SourceMeetingType.All.ToString());
            insert.Add("@t", TargetMeetingType.Current.ToString());
            insert.Add("@m", MigrationType.ToSameType.ToString());
            insert.Add("@due", Ticks(now < migration.NotBefore ? now : migration.NotBefore));
            insert.Add("@trigger", Triggers.TriggerNames.Undo);
            insert.Add("@for", migration.CorrelationId.ToString("D"));
            insert.Add("@message", Undo.FinishingUndo.QueuedNote(failed, migration.CorrelationId));
            insert.ExecuteNonQuery();
            return undo;
        }

        /// <summary>
        /// The undo of the user (@u) that ended Failed and whose restore is the latest row of one of their meetings, the one
        /// queued last: <see cref="PutBackByAFailedUndo"/> for a user, or whose restore it announced and never saw the end of
        /// (Attempting: whether it went out, only the meeting's marker says, which the undo queued ahead settles). Not where an
        /// undo queued after it (of every migration, or of its scope) succeeded, or the migration replaced that undo, or such an
        /// undo, and it stopped with nothing failed (@replaced and @failed: the words of its message, <see cref="ReplacedByPattern"/>):
        /// either finished every series the user's Failed undos put back before it ended (UndoProcessor), and the migration
        /// writes them next. From the user's Failed requests (their index), then each one's
        /// journal rows: a user with no Failed undo, nearly every one, costs one index probe (it runs on every lease of a
        /// migration of every kind, <see cref="TryLeaseNextAsync"/>).
        /// </summary>
        internal const string FailedUndoThatPutBackSql =
            "SELECT u.correlation_id FROM requests u WHERE u.tenant = @tenant AND u.upn_norm = @u AND u.state = 'Failed' AND u.undo_of IS NOT NULL " +
            "AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.tenant = @tenant AND r.upn_norm = @u AND r.state IN ('Succeeded', 'Failed') " +
            "AND r.create_ticks >= u.create_ticks AND (r.undo_of = '' OR r.undo_of = u.undo_of) " +
            "AND (r.state = 'Succeeded' OR (r.last_message LIKE @replaced AND r.last_message NOT LIKE @failed))) " +
            "AND EXISTS (SELECT 1 FROM journal f WHERE f.tenant = @tenant AND f.correlation_id = u.correlation_id AND f.outcome IN ('Restored', 'AlreadyUpdated', 'Attempting') " +
            "AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.tenant = @tenant AND k.upn_norm = f.upn_norm AND k.event_id = f.event_id AND k.id > f.id)) " +
            $"ORDER BY {UsersOwnOrder} DESC LIMIT 1";

        public Task<Guid?> GetFailedUndoLeftToFinishAsync(string userPrincipalName, CancellationToken cancellationToken) =>
            Task.FromResult(Read(connection => FailedUndoLeftToFinish(connection, null, userPrincipalName.ToLowerInvariant(), Guid.Empty), cancellationToken));

        /// <summary><see cref="FailedUndoThatPutBackSql"/> for the user, as <paramref name="migration"/> (to be) queued sees it.</summary>
        private Guid? FailedUndoLeftToFinish(DbConnection connection, DbTransaction? transaction, string upnNorm, Guid migration)
        {
            using var find = Command(connection, transaction, FailedUndoThatPutBackSql);
            find.Add("@u", upnNorm);
            find.Add("@replaced", ReplacedByPattern(migration));
            find.Add("@failed", "%" + Undo.UndoProcessor.NotRestoredWords + "%");
            return find.ExecuteScalar() is string id ? Guid.Parse(id) : (Guid?)null;
        }

        /// <summary>The LIKE pattern of an undo's message that says <paramref name="migration"/> replaced it and it stopped (UndoProcessor).</summary>
        private static string ReplacedByPattern(Guid migration) => "%" + Undo.UndoReplacement.ByMigration(migration) + ", and stopped there%";

        /// <summary>Whether the store queued an undo ahead of the migration @c (of the user @u) already, through the user's index.</summary>
        internal const string FinishingUndoQueuedSql =
            "SELECT 1 FROM requests WHERE tenant = @tenant AND upn_norm = @u AND state IN ('Pending', 'InProgress', 'Succeeded', 'Failed') AND queued_for = @c LIMIT 1";

        /// <summary>A journal row of <paramref name="request"/> (an undo) that put a meeting's earlier block back, or found it back.</summary>
        internal static string RestoredSomething(string request) =>
            $"j.correlation_id = {request} AND j.tenant = @tenant AND j.outcome IN ('Restored', 'AlreadyUpdated')";

        /// <summary>
        /// Cancels the scheduled retries of one user's failed requests, found by address or object id (@v); they end Failed.
        /// 'Failed' too: a retry written the old way by a process older than schema 9 (AdoptOldRetriesSql).
        /// The unary plus keeps the retry flag out of index choice (SQLite's idiom; a no-op in PostgreSQL): it goes through
        /// the user's index, not ix_requests_runnable, which would read every request the tenant has queued.
        /// </summary>
        internal static string SupersedeRetriesSql(string column) => SupersedeSql + RetriesOfUserWhere(column);

        /// <summary>The statement that ends a user's unfinished undos a new migration replaces (<see cref="PendingUndosOfUserWhere"/>).</summary>
        internal static string SupersedePendingUndosSql(string column) => SupersedeSql + PendingUndosOfUserWhere(column);

        private const string SupersedeSql =
            // A stopped undo's lease is cleared with it, so a worker still holding on past its lease (a hung process) cannot
            // save over its end: its saves are fenced by the owner.
            "UPDATE requests SET state = 'Failed', retry_scheduled = 0, modified_ticks = @now, " +
            "lease_owner = CASE WHEN state = 'InProgress' THEN NULL ELSE lease_owner END, " +
            "lease_expires_ticks = CASE WHEN state = 'InProgress' THEN 0 ELSE lease_expires_ticks END, " +
            // The note starts with a space to follow a message; a request that never ran has none (an outside re-probe saw
            // a queued undo's message start with that space).
            "last_message = CASE WHEN last_message = '' THEN substr(@note, 2) ELSE last_message || @note END ";

        private static string RetriesOfUserWhere(string column) =>
            $"WHERE tenant = @tenant AND {column} = @v AND state IN ('Pending', 'Failed') AND +retry_scheduled = 1 AND correlation_id <> @c";

        /// <summary>A migration of one kind replaces the waiting retries of the user's migrations of that same kind (@source) only.</summary>
        private static string MigrationRetriesOfUserOfOneKindWhere(string column) => RetriesOfUserWhere(column) + " AND undo_of IS NULL AND source_type = @source";

        /// <summary>The user's unfinished undos (<see cref="UnfinishedUndo"/>).</summary>
        private static string PendingUndosOfUserWhere(string column) =>
            $"WHERE tenant = @tenant AND {column} = @v AND {UnfinishedUndo} AND undo_of IS NOT NULL AND correlation_id <> @c";

        /// <summary>As <see cref="RetriesOfUserWhere"/>, for the retries of the user's undos of one scope (@scope).</summary>
        private static string UndoRetriesOfUserWhere(string column) => RetriesOfUserWhere(column) + " AND undo_of = @scope";

        /// <summary>
        /// A replaced undo that was stopped part-way ends with the counts its journal gives and says what it had put back:
        /// an attempt's counts are saved only when it ends, so it showed 0 of 0 meetings and no update though it had mailed
        /// attendees (an outside probe). A queued one has no journal and keeps its zeros. None stopped inside a restore is
        /// replaced here (<see cref="UnfinishedUndo"/>), so every update it sent is journaled.
        /// </summary>
        private void KeepWhatItDid(DbConnection connection, DbTransaction transaction, Guid undo)
        {
            var counts = CountJournal(connection, transaction, undo);
            if (counts.Total == 0) return;
            var note = counts.Updates == 0 ? ""
                : " Before it was replaced it had put back the earlier block of " + counts.Updates + " meeting(s), an update to their attendees each" +
                  "; the new migration writes again those it put back.";
            SaveJournalCounts(connection, transaction, undo, counts, note, onlyIfFailed: false);
        }

        /// <summary>
        /// What an undo stopped after putting meetings back leaves, and what finishes it: null for a migration, or an undo
        /// that put nothing back. Found by looking at the stop of such an undo: it was told, as a migration, that its meetings
        /// "keep their new block (Undo-CsMeetingMigration -CorrelationId &lt;the undo&gt; takes them back)", which is refused,
        /// and nothing of a series it had put back without its moved occurrences.
        /// </summary>
        private string? UndoStoppedLeaves(DbConnection connection, DbTransaction transaction, MigrationRequest request)
        {
            string? undoOf;
            using (var scope = Command(connection, transaction, "SELECT undo_of FROM requests WHERE correlation_id = @c AND tenant = @tenant"))
            {
                scope.Add("@c", request.CorrelationId.ToString("D"));
                undoOf = scope.ExecuteScalar() as string;
            }
            if (undoOf == null) return null;
            using (var restored = Command(connection, transaction, "SELECT 1 FROM journal WHERE correlation_id = @c AND outcome = @restored LIMIT 1"))
            {
                restored.Add("@c", request.CorrelationId.ToString("D"));
                restored.Add("@restored", MeetingOutcome.Restored.ToString());
                if (restored.ExecuteScalar() == null) return null;
            }
            var again = undoOf.Length == 0
                ? $"Undo-CsMeetingMigration -Identity {Errors.QuotedValue.Of(request.UserPrincipalName)}"
                : $"Undo-CsMeetingMigration -CorrelationId {undoOf}";
            return "the meetings it put back keep their earlier block, the others keep the migration's; a series it put back may still have occurrences " +
                   $"moved since that show the block it was taking back: {again} queues an undo that finishes them (unless a migration has written them since, " +
                   "whose write that undo takes back instead); a migration of every kind queued while none is queued has an undo queued ahead of it that " +
                   "finishes them and nothing else, and then writes each such series in one kind.";
        }

        /// <summary>A request taken out of the queue that is kept, Failed, with no retry to come and <paramref name="message"/> as its message.</summary>
        private void SaveStopped(DbConnection connection, DbTransaction transaction, MigrationRequest request, string message)
        {
            (request.State, request.RetryScheduled, request.LastMessage, request.ModifiedDate) = (MigrationState.Failed, false, message, Clock.UtcNow);
            using var update = Command(connection, transaction,
                "UPDATE requests SET state = 'Failed', retry_scheduled = 0, last_message = @m, modified_ticks = @now WHERE correlation_id = @c AND tenant = @tenant");
            update.Add("@m", request.LastMessage);
            update.Add("@now", Ticks(request.ModifiedDate));
            update.Add("@c", request.CorrelationId.ToString("D"));
            update.ExecuteNonQuery();
        }

        private bool HasJournal(DbConnection connection, DbTransaction transaction, Guid correlationId)
        {
            using var find = Command(connection, transaction, "SELECT 1 FROM journal WHERE correlation_id = @c LIMIT 1");
            find.Add("@c", correlationId.ToString("D"));
            return find.ExecuteScalar() != null;
        }

        /// <summary>
        /// A migration taken out of the queue before it ran: the undos it had replaced name a request that is gone now, and
        /// said they would not run because of it. Their message says the migration was stopped and how to run the undo again
        /// (an outside probe: the undo stayed Failed naming a request no status could show). They are not queued again
        /// by themselves: the admin who stopped the migration decides. So do the finished undos that left it meetings (a
        /// migration of one kind, Undo/LaterMigrations): those keep the undone migration's block. An undo still running
        /// when the migration is stopped no longer finds it, and restores the meetings it has not reached.
        /// </summary>
        private IReadOnlyList<(Guid Undo, UndoStopNote Note, string RunAgain)> NoteStopInUndosReplacedBy(DbConnection connection, DbTransaction transaction, MigrationRequest migration)
        {
            var noted = new List<(Guid, UndoStopNote, string)>();
            var replacedBy = Undo.UndoReplacement.ByMigration(migration.CorrelationId);
            var retryReplacedBy = RetryReplacedBy(migration.CorrelationId);
            var leftTo = Undo.UndoReplacement.LeftTo(migration.CorrelationId);
            var queuedAgain = Undo.UndoReplacement.QueuedAgain(migration.CorrelationId);
            var undos = new List<(string Id, string UndoOf, string Message)>();
            using (var find = Command(connection, transaction,
                       "SELECT correlation_id, undo_of, last_message FROM requests WHERE tenant = @tenant AND undo_of IS NOT NULL " +
                       "AND ((state = 'Failed' AND (last_message LIKE @replaced OR last_message LIKE @retry)) " +
                       "OR (state IN ('Succeeded', 'Failed') AND (last_message LIKE @left OR last_message LIKE @again)))"))
            {
                find.Add("@replaced", "%" + replacedBy + "%");
                find.Add("@retry", "%" + retryReplacedBy + "%");
                find.Add("@left", "%" + leftTo + "%");
                find.Add("@again", "%" + queuedAgain + "%");
                using var reader = find.ExecuteReader();
                while (reader.Read()) undos.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
            foreach (var (id, undoOf, message) in undos)
            {
                var kind = message.Contains(replacedBy) || message.Contains(retryReplacedBy) ? UndoStopNote.Replaced
                    : message.Contains(leftTo) ? UndoStopNote.LeftMeetings : UndoStopNote.QueuedAgain;
                var again = kind == UndoStopNote.QueuedAgain
                    ? $"Start-CsExMeetingMigration -Identity {migration.UserPrincipalName} -SourceMeetingType {migration.SourceMeetingType} -TargetMeetingType {migration.TargetMeetingType}"
                    : undoOf.Length == 0 ? $"Undo-CsMeetingMigration -Identity {migration.UserPrincipalName}" : $"Undo-CsMeetingMigration -CorrelationId {undoOf}";
                var stopped = $"Request {migration.CorrelationId:D} was then stopped (Stop-CsMeetingMigration) before it ran, and is gone: ";
                var note = kind switch
                {
                    UndoStopNote.Replaced => stopped + $"run the undo again if it is still wanted ({again}).",
                    UndoStopNote.LeftMeetings => stopped + $"the meetings left to it keep the block this undo was to take back; run the undo again to restore them ({again}).",
                    _ => stopped + $"the meetings it was queued for keep the block this undo put back; queue it again if it is still wanted ({again}).",
                };
                using var update = Command(connection, transaction, "UPDATE requests SET last_message = @m, modified_ticks = @now WHERE correlation_id = @c AND tenant = @tenant");
                update.Add("@m", AppendNote(message, note));
                update.Add("@now", Ticks(Clock.UtcNow));
                update.Add("@c", id);
                update.ExecuteNonQuery();
                noted.Add((Guid.Parse(id), kind, again));
            }
            return noted;
        }

        /// <summary>What a request whose waiting retry a new one replaced says of it (<see cref="SupersedeScheduledRetries"/>).</summary>
        private static string RetryReplacedBy(Guid replacement) => $"Its retry was replaced by request {replacement:D}";

        private static string AppendNote(string message, string note) => string.IsNullOrEmpty(message) ? note : message.TrimEnd() + " " + note;
    }
}
