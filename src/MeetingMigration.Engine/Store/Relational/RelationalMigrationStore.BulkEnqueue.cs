using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
// A user's request the queue's rules act on; Plain: a Pending migration with no retry waiting, which a new request merges into.
using ActedOnRow = (MeetingMigration.Engine.Model.MigrationRequest Request, bool Plain);

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore : IBulkEnqueueStore
    {
        /// <summary>New Pending requests inserted, or merged requests updated, by one command (a fixed count, so its text, and its prepared form, repeat).</summary>
        internal const int RowsWrittenAtOnce = 100;

        /// <summary>
        /// A request of a user that queuing another one for them may merge into, resume, replace or run an undo ahead of:
        /// Pending (a waiting retry included), InProgress (running, or stopped part-way), a waiting retry written the old
        /// way (Failed), and any undo (a Failed undo's series is finished ahead of a migration). What Enqueue's looks read
        /// (FindPending, FindStopped, SupersedeScheduledRetries, FailedUndoLeftToFinish) are all among these rows: a user
        /// with none (only finished migrations) gets a new Pending request and nothing else, as a user new to the store does,
        /// and one whose only such row is a Pending migration without a retry waiting has the request merged into it and
        /// nothing else.
        /// </summary>
        private const string QueueActsOn = "(state IN ('Pending', 'InProgress') OR retry_scheduled = 1 OR undo_of IS NOT NULL)";

        /// <summary>Users looked up by one statement: an IN list of at most this many values.</summary>
        private const int UsersLookedUpAtOnce = 500;

        public Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken)
        {
            if (requests.Count == 0) return Task.FromResult<IReadOnlyList<EnqueueResult>>(new EnqueueResult[0]);
            // The same per-request logic as EnqueueAsync, inside one write transaction: a later request for a user sees the
            // Pending row an earlier one of this batch created and merges into it, as two separate calls would.
            // Its statements are kept prepared for the batch (WithBatchCommands): the same few for every user.
            return WriteAsync<IReadOnlyList<EnqueueResult>>((connection, transaction) => WithBatchCommands(connection, () =>
            {
                // Most of a bulk run's users take one of two plain courses: a user with no request the queue's rules act on
                // (none Pending or running, no waiting retry, no undo: at most finished migrations) gets a new Pending row,
                // and one whose only such request is a Pending migration has the request merged into it; every other look of
                // Enqueue finds nothing for them. Those requests are found for the whole batch by one read and written many
                // to a statement; the rest, and a user's second line in the batch, take Enqueue's path one by one, after the
                // rows before them are written (in input order, so a user's later line merges into the row written for an
                // earlier one). On PostgreSQL each statement is a round trip: five per user made 10,000 users from Import-Csv
                // take 20 s (14 times SQLite's), two pipelines at once 70 s each, queued on the tenant's lock (outside probe
                // V), and the same CSV queued again 50 s. The write lock held for the batch keeps any other writer from
                // changing those users' requests meanwhile.
                var (byAddress, byObjectId) = RequestsTheQueueActsOn(connection, transaction, requests);
                var seenAddresses = new HashSet<string>(StringComparer.Ordinal);
                var seenObjectIds = new HashSet<string>(StringComparer.Ordinal);
                // The requests this batch merged into: what was read of them before the batch is out of date. A user named by
                // address and by object id in one batch (not connected: the two are not known to be one user) reaches the
                // same request by each; merged twice from that read, one merge was lost (outside probe X: SQLite kept the
                // later one, PostgreSQL the earlier, -PassThru showing the other).
                var mergedInto = new HashSet<Guid>();
                var queued = new List<EnqueueResult>(requests.Count);
                var created = new List<(MigrationRequest, string)>();
                var merged = new List<MigrationRequest>();
                foreach (var request in requests)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (upn, upnNorm) = QueuedAddress(request);
                    var objectId = request.UserId?.ToString("D");
                    // Both forms marked seen (a non-short-circuit &): a later line naming the user either way takes Enqueue's path.
                    var firstInBatch = seenAddresses.Add(upnNorm) & (objectId == null || seenObjectIds.Add(objectId));
                    var acted = firstInBatch ? ActedOn(byAddress, byObjectId, upnNorm, objectId) : null;
                    if (acted is { Count: 0 })
                    {
                        var pending = NewPending(request, upn, Clock.UtcNow);
                        created.Add((pending, upnNorm));
                        queued.Add(new EnqueueResult(pending, merged: false));
                        if (created.Count == RowsWrittenAtOnce) Flush();
                    }
                    else if (acted is { Count: 1 } && acted[0].Plain && mergedInto.Add(acted[0].Request.CorrelationId))
                    {
                        var earlier = acted[0].Request;
                        MergeInto(earlier, request, Clock.UtcNow);
                        merged.Add(earlier);
                        queued.Add(new EnqueueResult(earlier, merged: true));
                        if (merged.Count == RowsWrittenAtOnce) Flush();
                    }
                    else
                    {
                        Flush();
                        var result = Enqueue(connection, transaction, request);
                        if (result.Merged) mergedInto.Add(result.Request.CorrelationId);
                        queued.Add(result);
                    }
                }
                Flush();
                return (IReadOnlyList<EnqueueResult>)queued;

                void Flush()
                {
                    if (created.Count > 0) InsertPending(connection, transaction, created);
                    if (merged.Count > 0) UpdateMerged(connection, transaction, merged);
                    created.Clear();
                    merged.Clear();
                }
            }), cancellationToken);
        }

        /// <summary>The user's requests the queue acts on, found by address or object id, each once.</summary>
        private static List<ActedOnRow> ActedOn(Dictionary<string, List<ActedOnRow>> byAddress, Dictionary<string, List<ActedOnRow>> byObjectId,
            string upnNorm, string? objectId)
        {
            var rows = new List<ActedOnRow>();
            if (byAddress.TryGetValue(upnNorm, out var found)) rows.AddRange(found);
            if (objectId != null && byObjectId.TryGetValue(objectId, out found))
                rows.AddRange(found.Where(row => !rows.Any(r => r.Request.CorrelationId == row.Request.CorrelationId)));
            return rows;
        }

        /// <summary>
        /// The batch's users' requests that Enqueue's looks find (<see cref="QueueActsOn"/>), by address and by object id, read
        /// through the user's indexes.
        /// </summary>
        private (Dictionary<string, List<ActedOnRow>> ByAddress, Dictionary<string, List<ActedOnRow>> ByObjectId) RequestsTheQueueActsOn(
            DbConnection connection, DbTransaction transaction, IReadOnlyList<EnqueueRequest> requests)
        {
            var byAddress = new Dictionary<string, List<ActedOnRow>>(StringComparer.Ordinal);
            var byObjectId = new Dictionary<string, List<ActedOnRow>>(StringComparer.Ordinal);
            Look("upn_norm", requests.Select(r => QueuedAddress(r).UpnNorm), byAddress);
            Look("user_id", requests.Where(r => r.UserId != null).Select(r => r.UserId!.Value.ToString("D")), byObjectId);
            return (byAddress, byObjectId);

            void Look(string column, IEnumerable<string> values, Dictionary<string, List<ActedOnRow>> found)
            {
                var all = values.Distinct(StringComparer.Ordinal).ToList();
                for (int start = 0; start < all.Count; start += UsersLookedUpAtOnce)
                {
                    var chunk = all.GetRange(start, Math.Min(UsersLookedUpAtOnce, all.Count - start));
                    var sql = new StringBuilder($"SELECT {RequestColumns}, {column}, undo_of FROM requests WHERE tenant = @tenant AND {column} IN (");
                    for (int i = 0; i < chunk.Count; i++) sql.Append(i == 0 ? "@v" : ", @v").Append(i.ToString(CultureInfo.InvariantCulture));
                    using var command = Command(connection, transaction, sql.Append(") AND ").Append(QueueActsOn).ToString());
                    for (int i = 0; i < chunk.Count; i++) command.Add("@v" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        var request = Map(reader);
                        var key = reader.GetString(19);
                        var plain = request.State == MigrationState.Pending && !request.RetryScheduled && reader.IsDBNull(20);
                        if (!found.TryGetValue(key, out var rows)) found.Add(key, rows = new List<ActedOnRow>());
                        rows.Add((request, plain));
                    }
                }
            }
        }
    }
}
