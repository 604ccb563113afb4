using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>EnqueueManyAsync (one transaction per batch) and the Pending lookup by address or object id it relies on.</summary>
    public sealed class BulkEnqueueTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private readonly ManualClock _clock = new ManualClock();

        public void Dispose() => _file.Dispose();

        private static EnqueueRequest Request(string user, Guid? id = null) =>
            new EnqueueRequest(UserIdentity.Parse(user), SourceMeetingType.All, TargetMeetingType.Current) { UserId = id };

        [Fact]
        public async Task A_batch_queues_each_user_in_order_and_merges_a_user_named_twice()
        {
            var store = _file.Open(_clock);
            var results = await store.EnqueueManyAsync(new[] { Request("a@contoso.com"), Request("b@contoso.com"), Request("sip:A@contoso.com") }, None);

            Assert.Equal(new[] { false, false, true }, results.Select(r => r.Merged));
            Assert.Equal(results[0].Request.CorrelationId, results[2].Request.CorrelationId);
            var all = await store.QueryAsync(new MigrationStatusQuery(), None);
            // The manual clock gives the batch one creation time, so the stored order is not asserted here.
            Assert.Equal(new[] { "a@contoso.com", "b@contoso.com" }, all.Select(r => r.UserPrincipalName).OrderBy(u => u, StringComparer.Ordinal));
        }

        /// <summary>
        /// A batch inserts the requests of users the store has never seen many rows a statement, and sends the others through
        /// the one-at-a-time path (outside probe V: five round trips per user on PostgreSQL). What it queues must be what the
        /// same requests queued one at a time give: users new to the store (more than one insert's worth, some named again
        /// after their row was written, by another spelling or object id) among users with a Pending request (merged into by another selection, by an automatic trigger), a waiting retry,
        /// a finished request, a failed one (named twice), a stopped one, one known by object id, and one whose undo put a meeting back and failed.
        /// </summary>
        [Fact]
        public async Task A_batch_queues_what_the_same_requests_queue_one_at_a_time()
        {
            var objectId = Guid.Parse("6d2f4c1e-9a53-4a8e-b1a4-0c3f5e7d9b21");
            var newObjectId = Guid.Parse("1b7e0f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
            var knownId = Guid.Parse("2c8f1a3b-4d5e-4f60-9b1c-2d3e4f5a6b7c");
            var known2Id = Guid.Parse("3d9a2b4c-5e6f-4a71-8c2d-3e4f5a6b7c8d");
            var requests = Enumerable.Range(1, 250).Select(n => Request($"f{n}@contoso.com")).ToList();
            requests.Insert(120, Request("F5@contoso.com"));
            requests.Insert(230, Request("sip:f200@contoso.com"));
            requests.Insert(10, Request("pending@contoso.com"));
            requests.Insert(60, Request("RETRY@contoso.com"));
            requests.Insert(140, Request("done@contoso.com"));
            requests.Insert(150, Request("stopped@contoso.com"));
            requests.Insert(170, Request("ada@contoso.com", objectId));
            requests.Insert(180, Request("grace@contoso.com", newObjectId));
            requests.Insert(240, Request(newObjectId.ToString("B"), newObjectId));
            requests.Insert(100, Request("failed@contoso.com"));
            requests.Insert(101, Request("FAILED@contoso.com"));
            requests.Insert(190, Request("undone@contoso.com"));
            requests.Insert(30, new EnqueueRequest(UserIdentity.Parse("teams@contoso.com"), SourceMeetingType.Teams, TargetMeetingType.Current));
            // A user the store knows by address and object id, named both ways (not connected: the request by object id
            // carries no address), after the line by address merged into their request (outside probe X); and one whose
            // line by address took the one-at-a-time path (an undo of theirs is on record by address) before the line by
            // object id, which finds only their Pending request.
            requests.Insert(40, new EnqueueRequest(UserIdentity.Parse("known@contoso.com"), SourceMeetingType.Teams, TargetMeetingType.Current));
            requests.Insert(45, new EnqueueRequest(UserIdentity.Parse(knownId.ToString("B")), SourceMeetingType.SfB, TargetMeetingType.Teams) { UserId = knownId });
            requests.Insert(50, new EnqueueRequest(UserIdentity.Parse("known2@contoso.com"), SourceMeetingType.Teams, TargetMeetingType.Teams));
            requests.Insert(60, new EnqueueRequest(UserIdentity.Parse(known2Id.ToString("B")), SourceMeetingType.SfB, TargetMeetingType.Current) { UserId = known2Id });
            requests.Insert(200, new EnqueueRequest(UserIdentity.Parse("settled@contoso.com"), SourceMeetingType.SfB, TargetMeetingType.Teams) { Settle = true, NotBefore = new DateTime(2030, 3, 4, 9, 30, 0, DateTimeKind.Utc), Trigger = MeetingMigration.Engine.Triggers.TriggerNames.MovedToTeams });
            requests.Add(Request("f250@contoso.com"));

            var batchClock = new ManualClock();
            var batch = await Arranged(_file.Open(batchClock, "batch"), batchClock);
            var batchResults = await batch.Store.EnqueueManyAsync(requests, None);
            var singleClock = new ManualClock();
            var single = await Arranged(_file.Open(singleClock, "single"), singleClock);
            var singleResults = new List<EnqueueResult>();
            foreach (var request in requests) singleResults.Add(await single.Store.EnqueueAsync(request, None));

            Assert.Equal(Describe(singleResults, single.Labels), Describe(batchResults, batch.Labels));
            Assert.Equal(await Stored(single.Store, single.Labels), await Stored(batch.Store, batch.Labels));
            // The fourteen arranged, f1 to f250, grace (by a new object id), new ones for the finished, failed and undone users
            // and the waiting retry's, and the undo queued ahead of the undone user's.
            Assert.Equal(14 + 250 + 1 + 4 + 1, (await batch.Store.QueryAsync(new MigrationStatusQuery(), None)).Count);

            async Task<(RelationalMigrationStore Store, Dictionary<Guid, string> Labels)> Arranged(RelationalMigrationStore store, ManualClock clock)
            {
                var labels = new Dictionary<Guid, string>();
                labels[(await store.Enqueue("pending@contoso.com")).Request.CorrelationId] = "pending";
                labels[(await store.Enqueue("known@contoso.com", SourceMeetingType.SfB, userId: knownId)).Request.CorrelationId] = "known both ways";
                var earlierOfKnown2 = (await store.Enqueue("known2@contoso.com")).Request.CorrelationId;
                await store.Finish(earlierOfKnown2, MigrationState.Succeeded);
                labels[earlierOfKnown2] = "known2's earlier";
                labels[(await store.EnqueueUndoAsync("known2@contoso.com", null, earlierOfKnown2, MigrationType.ToSameType, None)).Request.CorrelationId] = "known2's undo";
                labels[(await store.Enqueue("known2@contoso.com", SourceMeetingType.SfB, userId: known2Id)).Request.CorrelationId] = "known both ways 2";
                labels[(await store.Enqueue("teams@contoso.com", SourceMeetingType.SfB)).Request.CorrelationId] = "pending SfB";
                labels[(await store.Enqueue("settled@contoso.com", notBefore: clock.UtcNow.AddMinutes(20))).Request.CorrelationId] = "pending later";
                var retry = (await store.Enqueue("retry@contoso.com")).Request.CorrelationId;
                await store.Finish(retry, MigrationState.Failed, retryScheduled: true, notBefore: clock.UtcNow.AddHours(1));
                labels[retry] = "retry";
                var done = (await store.Enqueue("done@contoso.com")).Request.CorrelationId;
                await store.Finish(done, MigrationState.Succeeded);
                labels[done] = "done";
                var stopped = (await store.Enqueue("stopped@contoso.com")).Request.CorrelationId;
                Assert.NotNull(await store.TryLeaseNextAsync("gone", TimeSpan.FromMinutes(5), stopped, None));
                labels[stopped] = "stopped";
                labels[(await store.Enqueue(objectId.ToString("B"), userId: objectId)).Request.CorrelationId] = "by object id";
                var failed = (await store.Enqueue("failed@contoso.com")).Request.CorrelationId;
                await store.Finish(failed, MigrationState.Failed);
                labels[failed] = "failed";
                var undone = (await store.Enqueue("undone@contoso.com")).Request.CorrelationId;
                await store.Finish(undone, MigrationState.Succeeded);
                labels[undone] = "undone";
                // Its undo put a meeting back and ended Failed: a migration queued now gets an undo ahead of it that finishes
                // that undo's series.
                var undo = (await store.EnqueueUndoAsync("undone@contoso.com", null, undone, MigrationType.ToSameType, None)).Request.CorrelationId;
                await store.AppendJournalAsync(new JournalEntry { CorrelationId = undo, UserPrincipalName = "undone@contoso.com", EventId = "e1", Outcome = MeetingOutcome.Restored }, None);
                await store.Finish(undo, MigrationState.Failed);
                labels[undo] = "undo";
                clock.Advance(TimeSpan.FromMinutes(10)); // the stopped request's lease has run out
                return (store, labels);
            }

            // Each result as the request it names (an arranged one by its label, a new one by the order it first appeared).
            static string[] Describe(IReadOnlyList<EnqueueResult> results, Dictionary<Guid, string> labels)
            {
                var names = new Dictionary<Guid, string>(labels);
                return results.Select(r =>
                {
                    if (!names.TryGetValue(r.Request.CorrelationId, out var name)) names[r.Request.CorrelationId] = name = $"new {names.Count - labels.Count}";
                    return $"{name}: {r.Request.UserPrincipalName} {r.Request.State} {r.Request.SourceMeetingType}/{r.Request.TargetMeetingType} merged {r.Merged} " +
                           $"resumed {r.Resumed} replaced [{string.Join(", ", r.ReplacedRetries.Select(x => names.GetValueOrDefault(x.CorrelationId, "?")))}] " +
                           $"finishing undo {(r.FinishingUndo is { } f ? names.GetValueOrDefault(f.FailedUndo, "?") : "none")}";
                }).ToArray();
            }

            static async Task<string[]> Stored(RelationalMigrationStore store, Dictionary<Guid, string> labels) =>
                (await store.QueryAsync(new MigrationStatusQuery(), None))
                .Select(r => $"{(labels.TryGetValue(r.CorrelationId, out var l) ? l : "new")}: {r.UserPrincipalName} {r.UserId} {r.State} {r.SourceMeetingType}/{r.TargetMeetingType} " +
                             $"retry {r.RetryScheduled} {r.CreateDate:O} {r.ModifiedDate:O} {r.NotBefore:O} {r.Trigger} " +
                             $"'{System.Text.RegularExpressions.Regex.Replace(r.LastMessage ?? "", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", m => labels.GetValueOrDefault(Guid.Parse(m.Value), "new"))}'")
                .OrderBy(x => x, StringComparer.Ordinal).ToArray();
        }

        [Fact]
        public async Task A_request_with_a_known_object_id_merges_into_the_pending_request_of_that_id_whatever_its_address()
        {
            var store = _file.Open(_clock);
            var id = Guid.NewGuid();
            var first = await store.Enqueue(id.ToString("B"), userId: id);
            var second = (await store.EnqueueManyAsync(new[] { Request("ada@contoso.com", id) }, None)).Single();

            Assert.True(second.Merged);
            Assert.Equal(first.Request.CorrelationId, second.Request.CorrelationId);
        }

        [Fact]
        public async Task A_finished_request_is_not_merged_into()
        {
            var store = _file.Open(_clock);
            var first = await store.Enqueue("ada@contoso.com");
            await store.Finish(first.Request.CorrelationId, MigrationState.Succeeded);

            var again = (await store.EnqueueManyAsync(new[] { Request("ada@contoso.com") }, None)).Single();

            Assert.False(again.Merged);
            Assert.NotEqual(first.Request.CorrelationId, again.Request.CorrelationId);
        }

        [Fact]
        public async Task StartManyAsync_refuses_each_user_on_its_own_when_migration_is_off_and_writes_nothing()
        {
            var store = _file.Open(_clock);
            await store.UpdateTenantMigrationConfigurationAsync(c => c.MeetingMigrationEnabled = false, None);
            var admin = new MigrationAdmin(store, _clock);

            var outcomes = await admin.StartManyAsync(new[] { Request("a@contoso.com"), Request("b@contoso.com") }, None);

            Assert.All(outcomes, o => Assert.Equal(ErrorIds.MigrationDisabled, o.Refused!.ErrorId));
            Assert.Equal(new object?[] { "a@contoso.com", "b@contoso.com" }, outcomes.Select(o => o.Refused!.Target));
            Assert.Empty(await store.QueryAsync(new MigrationStatusQuery(), None));
        }
    }
}
