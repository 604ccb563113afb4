using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore : IBulkEnqueueStore
    {
        /// <summary>New Pending requests inserted by one statement (a fixed count, so its text, and its prepared form, repeat).</summary>
        internal const int InsertPendingRowsAtOnce = 100;

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
                // A user with no request in the store, and none earlier in this batch, has nothing to merge into, resume or
                // replace: every look of Enqueue finds nothing, and the request is a new Pending row. Those are found for the
                // whole batch at once and inserted many rows a statement; the others take Enqueue's path one by one, after
                // the rows before them are written (in input order, so a user's later line merges into the row made for an
                // earlier one). On PostgreSQL each statement is a round trip: five per user made 10,000 users from Import-Csv
                // take 20 s (14 times SQLite's), and two pipelines at once 70 s each, queued on the tenant's lock (outside
                // probe V). The write lock held for the batch keeps any other writer from giving those users a request meanwhile.
                var seen = UsersWithRequests(connection, transaction, requests);
                var queued = new List<EnqueueResult>(requests.Count);
                var fresh = new List<(MigrationRequest, string)>(Math.Min(requests.Count, InsertPendingRowsAtOnce));
                foreach (var request in requests)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (upn, upnNorm) = QueuedAddress(request);
                    // Both forms marked seen whichever way the user is found (a non-short-circuit &).
                    if (seen.Addresses.Add(upnNorm) & (request.UserId is not { } id || seen.ObjectIds.Add(id.ToString("D"))))
                    {
                        var created = NewPending(request, upn, Clock.UtcNow);
                        fresh.Add((created, upnNorm));
                        queued.Add(new EnqueueResult(created, merged: false));
                        if (fresh.Count == InsertPendingRowsAtOnce) Flush();
                    }
                    else
                    {
                        Flush();
                        queued.Add(Enqueue(connection, transaction, request));
                    }
                }
                Flush();
                return (IReadOnlyList<EnqueueResult>)queued;

                void Flush()
                {
                    if (fresh.Count == 0) return;
                    InsertPending(connection, transaction, fresh);
                    fresh.Clear();
                }
            }), cancellationToken);
        }

        /// <summary>The batch's users that have any request in the store (of any state or kind), by address and by object id.</summary>
        private (HashSet<string> Addresses, HashSet<string> ObjectIds) UsersWithRequests(DbConnection connection, DbTransaction transaction,
            IReadOnlyList<EnqueueRequest> requests)
        {
            var addresses = new HashSet<string>(StringComparer.Ordinal);
            var objectIds = new HashSet<string>(StringComparer.Ordinal);
            Look("upn_norm", requests.Select(r => QueuedAddress(r).UpnNorm), addresses);
            Look("user_id", requests.Where(r => r.UserId != null).Select(r => r.UserId!.Value.ToString("D")), objectIds);
            return (addresses, objectIds);

            void Look(string column, IEnumerable<string> values, HashSet<string> found)
            {
                var all = values.Distinct(StringComparer.Ordinal).ToList();
                for (int start = 0; start < all.Count; start += UsersLookedUpAtOnce)
                {
                    var chunk = all.GetRange(start, Math.Min(UsersLookedUpAtOnce, all.Count - start));
                    // Through the user's index (ix_requests_user, ix_requests_user_id), one probe per value.
                    var sql = new StringBuilder($"SELECT DISTINCT {column} FROM requests WHERE tenant = @tenant AND {column} IN (");
                    for (int i = 0; i < chunk.Count; i++) sql.Append(i == 0 ? "@v" : ", @v").Append(i.ToString(CultureInfo.InvariantCulture));
                    using var command = Command(connection, transaction, sql.Append(')').ToString());
                    for (int i = 0; i < chunk.Count; i++) command.Add("@v" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
                    using var reader = command.ExecuteReader();
                    while (reader.Read()) found.Add(reader.GetString(0));
                }
            }
        }
    }
}
