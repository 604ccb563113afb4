using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Data.Common;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        private const string RequestColumns =
            "correlation_id, create_ticks, modified_ticks, user_id, upn, source_type, target_type, migration_type, state, retry_count, " +
            "total_meeting, succeeded_meeting, failed_meeting, invites_update, last_message, not_before_ticks, trigger_name, retry_scheduled, queued_for";

        /// <summary>Who holds an InProgress request and until when, read after <see cref="RequestColumns"/> by status queries.</summary>
        private const string HoldColumns = "lease_owner, lease_expires_ticks";
        private const int HoldOrdinal = 19;

        public Task<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken) =>
            WriteAsync((connection, transaction) => Enqueue(connection, transaction, request), cancellationToken);

        /// <summary>Queues a request, or merges it into the user's Pending (or stopped) one, inside the caller's write transaction.</summary>
        private EnqueueResult Enqueue(DbConnection connection, DbTransaction transaction, EnqueueRequest request)
        {
                var now = Clock.UtcNow;
                var (upn, upnNorm) = QueuedAddress(request);

                // A user's Pending request absorbs a second one, so the user is not migrated (and mailed) twice. So does a
                // request of the user's that was stopped part-way (Ctrl+C in -Wait, the service stopped, its worker died) and
                // asks for the same meetings: it is resumed, its journal lets the run skip what was done, and its status ends
                // as the run does instead of staying InProgress beside a new one. An automatic trigger queues its own (it
                // waits out its settle window), and so does a different selection (the stopped run's journal describes
                // another plan).
                var earlier = FindPending(connection, transaction, upnNorm, request.UserId)
                    ?? (request.Settle ? null : FindStopped(connection, transaction, upnNorm, request.UserId, request.Source, request.Target, now));

                if (earlier != null)
                {
                    MergeInto(earlier, request, now);
                    UpdateMerged(connection, transaction, new[] { earlier });
                    return SupersedeScheduledRetries(connection, transaction, upnNorm, new EnqueueResult(earlier, merged: true));
                }

                var created = NewPending(request, upn, now);
                InsertPending(connection, transaction, new[] { (created, upnNorm) });
                return SupersedeScheduledRetries(connection, transaction, upnNorm, new EnqueueResult(created, merged: false));
        }

        /// <summary>What a request merged into the user's earlier one (Pending, or stopped with the same selection) makes of it.</summary>
        private static void MergeInto(MigrationRequest earlier, EnqueueRequest request, DateTime now)
        {
            var notBefore = request.NotBefore ?? now;
            var (source, target) = MigrationTypes.Merge(earlier.SourceMeetingType, earlier.TargetMeetingType, request.Source, request.Target);
            var askedByAdmin = Triggers.TriggerNames.Includes(earlier.Trigger, Triggers.TriggerNames.Manual);
            // A move recorded back to Skype for Business Online before the request ran corrects an earlier move to
            // Teams: the conversion that move asked for is dropped, unless an admin asked for the request (found by
            // an outside probe: the corrected user's Skype meetings were converted all the same).
            if (target == TargetMeetingType.Teams && request.Target == TargetMeetingType.Current
                && Triggers.TriggerNames.Includes(request.Trigger, Triggers.TriggerNames.MovedToSkypeForBusinessOnline) && !askedByAdmin)
                target = TargetMeetingType.Current;
            earlier.SourceMeetingType = source;
            earlier.TargetMeetingType = target;
            earlier.MigrationType = MigrationTypes.From(source, target);
            earlier.ModifiedDate = now;
            // An admin's request pulls the run forward; an automatic trigger pushes it back to the end of its settle
            // window, so a burst of changes makes one migration with the final coordinates. Not once an admin asked
            // for the request (Start-CsExMeetingMigration is never held back by the settle window): it runs as asked
            // and reads the coordinates of that moment, and a change after it has begun queues a request of its own.
            if (request.Settle ? notBefore > earlier.NotBefore && !askedByAdmin : notBefore < earlier.NotBefore) earlier.NotBefore = notBefore;
            if (earlier.UserId == null && request.UserId != null) earlier.UserId = request.UserId;
            earlier.Trigger = Triggers.TriggerNames.Combine(earlier.Trigger, request.Trigger);
        }

        /// <summary>Writes what <see cref="MergeInto"/> made of requests, in one statement.</summary>
        private void UpdateMerged(DbConnection connection, DbTransaction transaction, IReadOnlyList<MigrationRequest> merged)
        {
            using var update = Command(connection, transaction, UpdateMergedSql(merged.Count));
            for (int i = 0; i < merged.Count; i++)
            {
                var earlier = merged[i];
                var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                update.Add("@c" + n, earlier.CorrelationId.ToString("D"));
                update.Add("@s" + n, earlier.SourceMeetingType.ToString());
                update.Add("@t" + n, earlier.TargetMeetingType.ToString());
                update.Add("@m" + n, earlier.MigrationType.ToString());
                update.Add("@now" + n, Ticks(earlier.ModifiedDate));
                update.Add("@nb" + n, Ticks(earlier.NotBefore));
                update.Add("@id" + n, earlier.UserId?.ToString("D"));
                update.Add("@trigger" + n, earlier.Trigger);
            }
            update.ExecuteNonQuery();
        }

        /// <summary>
        /// The UPDATE of <paramref name="rows"/> merged requests, their values numbered from 0; the same text for the same count.
        /// One statement with the rows as a table (UPDATE … FROM, SQLite 3.33 and PostgreSQL alike), not one statement per
        /// row sent together: SQLite binds every parameter of a command to each of its statements, so 100 statements of 8
        /// values each made 80,000 bindings a command, and queuing 10,000 Pending users again took 1.6 s instead of 0.9.
        /// </summary>
        private static string UpdateMergedSql(int rows) => Numbered(UpdateMergedSqls, rows,
            "WITH merged (c, s, t, m, modified, due, id, tr) AS (VALUES ", ", ", "(@c{0}, @s{0}, @t{0}, @m{0}, @now{0}, @nb{0}, @id{0}, @trigger{0})",
            ") UPDATE requests SET source_type = merged.s, target_type = merged.t, migration_type = merged.m, modified_ticks = merged.modified, " +
            "not_before_ticks = merged.due, user_id = merged.id, trigger_name = merged.tr FROM merged WHERE requests.correlation_id = merged.c AND requests.tenant = @tenant");

        private static readonly string?[] UpdateMergedSqls = new string?[RowsWrittenAtOnce + 1];

        /// <summary>The address a request is queued under, as shown, and the lower-case form users are matched by.</summary>
        private static (string Upn, string UpnNorm) QueuedAddress(EnqueueRequest request)
        {
            // An object id as the GUID's own form: '{ID}' in braces or capitals is the same user, shown the same way
            // until the worker resolves their address (an outside probe saw the braces in the UPN column).
            var upn = request.UserPrincipalName ?? (request.User.Kind == UserIdentityKind.ObjectId ? request.User.Value : request.User.Original.Trim());
            if (upn.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) upn = upn.Substring(4);
            return (upn, upn.ToLowerInvariant());
        }

        /// <summary>The Pending request a new request of a user becomes when it merges into none of theirs.</summary>
        private static MigrationRequest NewPending(EnqueueRequest request, string upn, DateTime now) => new MigrationRequest
        {
            CorrelationId = Guid.NewGuid(),
            CreateDate = now,
            ModifiedDate = now,
            UserId = request.UserId,
            UserPrincipalName = upn,
            SourceMeetingType = request.Source,
            TargetMeetingType = request.Target,
            MigrationType = MigrationTypes.From(request.Source, request.Target),
            State = MigrationState.Pending,
            NotBefore = request.NotBefore ?? now,
            Trigger = request.Trigger,
        };

        /// <summary>Inserts new Pending requests (<see cref="NewPending"/>), each with its matching form, in one statement.</summary>
        private void InsertPending(DbConnection connection, DbTransaction transaction, IReadOnlyList<(MigrationRequest Request, string UpnNorm)> rows)
        {
            using var insert = Command(connection, transaction, InsertPendingSql(rows.Count));
            for (int i = 0; i < rows.Count; i++)
            {
                var (created, upnNorm) = rows[i];
                var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                insert.Add("@c" + n, created.CorrelationId.ToString("D"));
                insert.Add("@now" + n, Ticks(created.CreateDate));
                insert.Add("@id" + n, created.UserId?.ToString("D"));
                insert.Add("@upn" + n, created.UserPrincipalName);
                insert.Add("@s" + n, created.SourceMeetingType.ToString());
                insert.Add("@t" + n, created.TargetMeetingType.ToString());
                insert.Add("@m" + n, created.MigrationType.ToString());
                insert.Add("@nb" + n, Ticks(created.NotBefore));
                insert.Add("@trigger" + n, created.Trigger);
                insert.Add("@norm" + n, upnNorm);
            }
            insert.ExecuteNonQuery();
        }

        /// <summary>The INSERT of <paramref name="rows"/> new Pending requests, one VALUES row each, numbered from 0; the same text for the same count.</summary>
        private static string InsertPendingSql(int rows) => Numbered(InsertPendingSqls, rows, $"INSERT INTO requests ({RequestColumns}, upn_norm, tenant) VALUES ", ", ",
            "(@c{0}, @now{0}, @now{0}, @id{0}, @upn{0}, @s{0}, @t{0}, @m{0}, 'Pending', 0, 0, 0, 0, 0, '', @nb{0}, @trigger{0}, 0, NULL, @norm{0}, @tenant)");

        /// <summary>
        /// <paramref name="head"/>, then <paramref name="part"/> for each of <paramref name="rows"/> rows ({0} its number) joined by
        /// <paramref name="separator"/>, then <paramref name="tail"/>; made once for each count up to the array's length (kept
        /// there: the same text is the same prepared statement).
        /// </summary>
        private static string Numbered(string?[] made, int rows, string head, string separator, string part, string tail = "")
        {
            if (rows < made.Length && made[rows] is { } known) return known;
            var sql = new StringBuilder(head);
            for (int i = 0; i < rows; i++) sql.Append(i == 0 ? "" : separator).Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, part, i));
            var text = sql.Append(tail).ToString();
            if (rows < made.Length) made[rows] = text;
            return text;
        }

        private static readonly string?[] InsertPendingSqls = new string?[RowsWrittenAtOnce + 1];

        public Task<IReadOnlyList<MigrationRequest>> QueryAsync(MigrationStatusQuery query, CancellationToken cancellationToken)
        {
            return Task.FromResult(Read<IReadOnlyList<MigrationRequest>>(connection =>
            {
                using var command = Command(connection);
                command.CommandText = StatusQuerySql(query, command);
                var found = new List<MigrationRequest>();
                using var reader = command.ExecuteReader();
                while (reader.Read()) found.Add(WithHold(Map(reader), reader, HoldOrdinal));
                return found;
            }, cancellationToken));
        }

        public Task<IReadOnlyList<StateSummary>> SummarizeAsync(MigrationStatusQuery query, CancellationToken cancellationToken)
        {
            return Task.FromResult(Read<IReadOnlyList<StateSummary>>(connection =>
            {
                // Users, not requests: a user with a history of requests counts once, in the state of their latest request.
                // A -State filter applies to that latest state, not to the history: a user Failed before and Pending now is not
                // counted as Failed (found by an outside probe: -SummaryOnly said Failed 0, -SummaryOnly -State Failed 6).
                var counts = new Dictionary<string, int>();
                using var command = Command(connection);
                command.CommandText = SummarySql(query, command);
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read()) counts[reader.GetString(0)] = Int(reader, 1);
                }
                var rows = new List<StateSummary>();
                foreach (MigrationState state in Enum.GetValues(typeof(MigrationState)))
                {
                    counts.TryGetValue(state.ToString(), out var count);
                    rows.Add(new StateSummary(state, count));
                }
                return rows;
            }, cancellationToken));
        }

        /// <summary>
        /// Each user's latest request found by numbering their requests newest first, one pass: a NOT EXISTS over the
        /// selection compared every request with every other (found by an outside soak: 0.8 ms at 200 requests, 1 s at
        /// 22,800, four times slower for twice as many). ix_requests_latest holds the requests in that order with their
        /// state, so the numbering reads the index alone and sorts nothing: 425 → 78 ms at 100,000 requests (an outside
        /// probe of a bulk migration). A -State filter applies to each user's latest state.
        /// </summary>
        internal static string SummarySql(MigrationStatusQuery query, DbCommand command)
        {
            var latestState = "";
            if (query.State != null)
            {
                latestState = " AND r.state = @latestState";
                command.Add("@latestState", query.State.Value.ToString());
            }
            return $@"WITH selected AS (SELECT state, ROW_NUMBER() OVER (PARTITION BY upn_norm ORDER BY create_ticks DESC, correlation_id DESC) AS newest
                                         FROM requests WHERE {Filter(query, command, byState: false)})
                       SELECT state, COUNT(*) FROM selected r
                       WHERE r.newest = 1{latestState}
                       GROUP BY state";
        }

        /// <summary>
        /// A status query, its parameters bound to <paramref name="command"/>. One user's requests are read through the
        /// user's index and sorted (UsersOwnOrder); all of them in creation order.
        /// </summary>
        internal static string StatusQuerySql(MigrationStatusQuery query, DbCommand command) =>
            $"SELECT {RequestColumns}, {HoldColumns} FROM requests WHERE {Filter(query, command)} ORDER BY {(query.Identity != null ? UsersOwnOrder : "create_ticks")}, correlation_id";

        /// <summary>
        /// The WHERE clause for a status query; both time bounds are inclusive and apply to the creation time. Without
        /// <paramref name="byState"/> the state is left to the caller (the summary applies it to each user's latest request).
        /// </summary>
        private static string Filter(MigrationStatusQuery query, DbCommand command, bool byState = true)
        {
            var sql = new StringBuilder("tenant = @tenant");
            if (query.Identity != null)
            {
                if (query.Identity.Kind == UserIdentityKind.ObjectId)
                {
                    sql.Append(" AND user_id = @id");
                    command.Add("@id", query.Identity.Value);
                }
                else
                {
                    sql.Append(" AND upn_norm = @upn");
                    command.Add("@upn", query.Identity.Value);
                }
            }
            if (query.StartTime != null)
            {
                sql.Append(" AND create_ticks >= @start");
                command.Add("@start", Ticks(query.StartTime.Value));
            }
            if (query.EndTime != null)
            {
                sql.Append(" AND create_ticks <= @end");
                command.Add("@end", Ticks(query.EndTime.Value));
            }
            if (byState && query.State != null)
            {
                // As Map reads a row: a retry an older process wrote the old way (Failed with retry_scheduled) is Pending.
                // Read, not rewritten: adopting such rows here made an older service still running count no retry for
                // them, so a user's retries never ran out while anyone read the status (outside re-probe).
                sql.Append(query.State == MigrationState.Pending ? " AND (state = @state OR (" + OldStyleRetry + "))"
                    : query.State == MigrationState.Failed ? " AND state = @state AND retry_scheduled = 0"
                    : " AND state = @state");
                command.Add("@state", query.State.Value.ToString());
            }
            if (query.MigrationType != null)
            {
                sql.Append(" AND migration_type = @type");
                command.Add("@type", query.MigrationType.Value.ToString());
            }
            return sql.ToString();
        }

        public Task<MigrationRequest?> GetAsync(Guid correlationId, CancellationToken cancellationToken)
        {
            var row = Read(connection =>
            {
                // With its lease, as status shows it: who runs an InProgress request, and until when.
                using var command = Command(connection, null, $"SELECT {RequestColumns}, {HoldColumns} FROM requests WHERE correlation_id = @c AND tenant = @tenant");
                command.Add("@c", correlationId.ToString("D"));
                using var reader = command.ExecuteReader();
                return reader.Read() ? WithHold(Map(reader), reader, HoldOrdinal) : null;
            }, cancellationToken);
            return Task.FromResult(row);
        }

        /// <summary>
        /// The journal rows of the requests retention removes, found through the request index. The tenant is the requests'
        /// (a correlation id is one request's, in one tenant): with it on the journal too, SQLite read every journal row of the
        /// tenant through the user index to test its request (found by an outside soak: the first status call of a session,
        /// which purges, read the whole 3.4 GB store, 5.7 s).
        /// </summary>
        internal const string PurgeJournalSql =
            "DELETE FROM journal WHERE correlation_id IN (SELECT correlation_id FROM requests WHERE tenant = @tenant AND create_ticks < @t AND state IN ('Succeeded','Failed') AND retry_scheduled = 0)";

        public Task<int> PurgeAsync(DateTime createdBefore, CancellationToken cancellationToken)
        {
            return WriteAsync((connection, transaction) =>
            {
                using (var journal = Command(connection, transaction, PurgeJournalSql))
                {
                    journal.Add("@t", Ticks(createdBefore));
                    journal.ExecuteNonQuery();
                }
                // Only finished requests go: a request still queued or running is never lost to retention.
                using var requests = Command(connection, transaction,
                    "DELETE FROM requests WHERE tenant = @tenant AND create_ticks < @t AND state IN ('Succeeded','Failed') AND retry_scheduled = 0");
                requests.Add("@t", Ticks(createdBefore));
                return requests.ExecuteNonQuery();
            }, cancellationToken);
        }

        private static MigrationRequest? ReadOne(DbCommand command)
        {
            using var reader = command.ExecuteReader();
            return reader.Read() ? Map(reader) : null;
        }

        private static IReadOnlyList<MigrationRequest> ReadAll(DbCommand command)
        {
            var rows = new List<MigrationRequest>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(Map(reader));
            return rows;
        }

        /// <summary>
        /// Adds the lease read at <paramref name="ordinal"/> (<see cref="HoldColumns"/>). A released lease (no owner) and a
        /// request that is not InProgress (a finished worker may leave its last lease's columns behind) show no holder.
        /// </summary>
        private static MigrationRequest WithHold(MigrationRequest request, DbDataReader reader, int ordinal)
        {
            if (request.State != MigrationState.InProgress || reader.IsDBNull(ordinal)) return request;
            request.HeldBy = reader.GetString(ordinal);
            request.HeldUntil = FromTicks(Long(reader, ordinal + 1));
            return request;
        }

        /// <summary>
        /// A request row. One written by a process older than schema 9 that was still running when the store was upgraded
        /// (a rolling upgrade: found by an outside probe) records a failed attempt with a retry to come as Failed with
        /// retry_scheduled set: read as what it means now, Pending for its retry (the next lease adopts it in the store).
        /// </summary>
        private static MigrationRequest Map(DbDataReader reader) => WithOldRetryRead(new MigrationRequest
        {
            CorrelationId = Guid.Parse(reader.GetString(0)),
            CreateDate = FromTicks(Long(reader, 1)),
            ModifiedDate = FromTicks(Long(reader, 2)),
            UserId = reader.IsDBNull(3) ? (Guid?)null : Guid.Parse(reader.GetString(3)),
            UserPrincipalName = reader.GetString(4),
            SourceMeetingType = (SourceMeetingType)Enum.Parse(typeof(SourceMeetingType), reader.GetString(5)),
            TargetMeetingType = (TargetMeetingType)Enum.Parse(typeof(TargetMeetingType), reader.GetString(6)),
            MigrationType = (MigrationType)Enum.Parse(typeof(MigrationType), reader.GetString(7)),
            State = (MigrationState)Enum.Parse(typeof(MigrationState), reader.GetString(8)),
            RetryCount = Int(reader, 9),
            TotalMeeting = Int(reader, 10),
            SucceededMeeting = Int(reader, 11),
            FailedMeeting = Int(reader, 12),
            InvitesUpdate = Int(reader, 13),
            LastMessage = reader.GetString(14),
            NotBefore = FromTicks(Long(reader, 15)),
            Trigger = reader.GetString(16),
            RetryScheduled = Long(reader, 17) != 0,
            QueuedFor = reader.IsDBNull(18) ? (Guid?)null : Guid.Parse(reader.GetString(18)),
        });

        private static MigrationRequest WithOldRetryRead(MigrationRequest request)
        {
            if (request.State == MigrationState.Failed && request.RetryScheduled) request.State = MigrationState.Pending;
            return request;
        }
    }
}
