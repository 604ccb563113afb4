using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Microsoft.Data.Sqlite;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// What SQLite does with the statements that read one user's requests, asked with EXPLAIN QUERY PLAN on a store with
    /// other users' requests in it. Each must search the user's index. SQLite chose the tenant's creation-order index for
    /// "ORDER BY create_ticks" instead, reading every request of the tenant: queuing 10,000 users took 15 s, not 1.7
    /// (docs/benchmarks/cmdlets.md). A plan, unlike a timing, does not depend on the machine.
    /// </summary>
    public sealed class QueryPlanTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();

        public void Dispose() => _file.Dispose();

        private async Task<SqliteConnection> StoreWithOtherUsersAsync()
        {
            var store = _file.Open(new ManualClock());
            for (var i = 0; i < 200; i++) await store.Enqueue($"user{i}@contoso.com", userId: Guid.NewGuid());
            var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
            connection.Open();
            return connection;
        }

        /// <summary>
        /// The plan's lines. The parameters the statement's builder bound (on <paramref name="bound"/>) are used as they are;
        /// every other one it names gets a value of its kind (@now a number of ticks, the rest text), as the store binds them.
        /// </summary>
        private static List<string> Plan(SqliteConnection connection, string sql, SqliteCommand? bound = null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            if (bound != null)
                foreach (SqliteParameter p in bound.Parameters) command.Parameters.AddWithValue(p.ParameterName, p.Value);
            foreach (var name in Regex.Matches(sql, @"@[a-z]\w*").Select(m => m.Value).Distinct())
                if (!command.Parameters.Contains(name)) command.Parameters.AddWithValue(name, name == "@now" ? (object)0L : "x");
            var lines = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) lines.Add(reader.GetString(3));
            return lines;
        }

        private static void AssertSearches(List<string> plan, string index)
        {
            var text = string.Join(" | ", plan);
            Assert.Contains($"USING INDEX {index} (", text);
            Assert.DoesNotContain("ix_requests_created", text);
            Assert.DoesNotContain("SCAN requests", text);
        }

        [Theory]
        [InlineData("upn_norm", "ix_requests_user")]
        [InlineData("user_id", "ix_requests_user_id")]
        public async Task Finding_a_users_pending_or_stopped_request_searches_the_users_index(string column, string index)
        {
            using var connection = await StoreWithOtherUsersAsync();

            AssertSearches(Plan(connection, RelationalMigrationStore.OldestOfUserSql(column, RelationalMigrationStore.PendingCondition)), index);
            AssertSearches(Plan(connection, RelationalMigrationStore.OldestOfUserSql(column, RelationalMigrationStore.StoppedCondition)), index);
        }

        [Theory]
        [InlineData("upn_norm", "ix_requests_user")]
        [InlineData("user_id", "ix_requests_user_id")]
        public async Task Cancelling_a_users_scheduled_retries_searches_the_users_index(string column, string index)
        {
            using var connection = await StoreWithOtherUsersAsync();

            AssertSearches(Plan(connection, RelationalMigrationStore.SupersedeRetriesSql(column)), index);
            // The one look of a new migration and the end of the user's unfinished undos: the user's rows by either of the
            // user's indexes (by address, ix_requests_latest holds them too, with their state), never the tenant's queue.
            foreach (var sql in new[] { RelationalMigrationStore.ReplacedByMigrationSql(column), RelationalMigrationStore.SupersedePendingUndosSql(column) })
            {
                var look = string.Join(" | ", Plan(connection, sql));
                Assert.Matches($@"SEARCH requests USING (COVERING )?INDEX ({index}|ix_requests_latest) \(tenant=\? AND {column}=\?", look);
                Assert.DoesNotContain("SCAN requests", look);
            }
        }

        [Fact]
        public async Task Finding_a_users_earlier_undo_searches_the_users_index()
        {
            using var connection = await StoreWithOtherUsersAsync();

            AssertSearches(Plan(connection, RelationalMigrationStore.SameUndoSql), "ix_requests_user");
        }

        /// <summary>
        /// The looks made on every lease of a migration of every kind, and on queuing one, for an undo of the user that ended
        /// Failed after putting meetings back (RelationalMigrationStore.QueueFinishingUndo): from the user's requests, never a
        /// scan of the requests or the journal.
        /// </summary>
        [Fact]
        public async Task Looking_for_a_users_failed_undo_that_put_meetings_back_searches_the_users_index()
        {
            using var connection = await StoreWithOtherUsersAsync();

            foreach (var sql in new[] { RelationalMigrationStore.FailedUndoThatPutBackSql, RelationalMigrationStore.FinishingUndoQueuedSql })
            {
                var plan = string.Join(" | ", Plan(connection, sql));
                Assert.Matches(@"SEARCH u?\s?(requests )?.*USING (COVERING )?INDEX ix_requests_user \(", plan);
                Assert.DoesNotContain("SCAN", plan);
                Assert.DoesNotContain("ix_requests_created", plan);
            }
        }

        /// <summary>A -Wait session's look for a request of its user queued ahead of its own, before each run (SessionRunner).</summary>
        [Fact]
        public async Task Finding_a_request_queued_ahead_of_a_sessions_own_searches_the_users_index()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = Plan(connection, RelationalMigrationStore.QueuedAheadSql);
            Assert.Contains("SEARCH r USING INDEX ix_requests_user (", string.Join(" | ", plan));
            Assert.DoesNotContain("ix_requests_created", string.Join(" | ", plan));
            Assert.DoesNotContain("SCAN", string.Join(" | ", plan));
        }

        [Fact]
        public async Task Leasing_one_named_request_finds_it_by_its_key()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = string.Join(" | ", Plan(connection, RelationalMigrationStore.NextRunnableSql(onlyOne: true)));
            Assert.Contains("SEARCH r USING INDEX sqlite_autoindex_requests_1 (correlation_id=?)", plan);
            Assert.DoesNotContain("ix_requests_created", plan);
        }

        [Fact]
        public async Task Leasing_the_next_request_reads_the_runnable_states_not_the_history()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = string.Join(" | ", Plan(connection, RelationalMigrationStore.NextRunnableSql(onlyOne: false)));
            Assert.Contains("SEARCH r USING INDEX ix_requests_runnable (tenant=? AND state=?", plan);
            Assert.DoesNotContain("ix_requests_created", plan);
        }

        /// <summary>
        /// A bulk migration queues every user at once: the lease must read the queue from its head, not all of it and sort it
        /// (79 ms a lease with 100,000 queued), and never the finished failures kept for the history (20 ms with 50,000 kept).
        /// Due retries are Pending, so the same index range holds them.
        /// </summary>
        [Fact]
        public async Task Leasing_reads_the_queue_from_its_head_retries_included_and_never_the_finished_history()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = Plan(connection, RelationalMigrationStore.NextRunnableSql(onlyOne: false));
            var text = string.Join(" | ", plan);
            // Queued and due: the index range up to now, in queue order (no sort of the queue inside the branch).
            Assert.Contains("SEARCH r USING INDEX ix_requests_runnable (tenant=? AND state=? AND not_before_ticks<?)", text);
            Assert.DoesNotContain("'Failed'", RelationalMigrationStore.NextRunnableSql(onlyOne: false));
            Assert.DoesNotContain("SCAN r", plan);
            Assert.DoesNotContain("SCAN requests", plan);
        }

        /// <summary>Every lease first adopts retries an older process wrote the old way: through their own index, never the kept failures.</summary>
        [Fact]
        public async Task Adopting_retries_written_the_old_way_reads_their_index_not_the_history()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = string.Join(" | ", Plan(connection, RelationalMigrationStore.AdoptOldRetriesSql));

            Assert.Contains("USING INDEX ix_requests_old_retry (tenant=? AND state=? AND retry_scheduled=?)", plan);
            Assert.DoesNotContain("SCAN", plan);
        }

        [Fact]
        public async Task Undoing_one_request_groups_its_journal_once_instead_of_a_subquery_per_meeting()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var lines = Plan(connection, RelationalMigrationStore.UndoTargetsOfRequestSql);
            var plan = string.Join(" | ", lines);
            Assert.Contains("USING INDEX ix_journal_request (correlation_id=?)", plan);
            Assert.DoesNotContain("CORRELATED LIST", plan); // a MAX per meeting over all the request's rows: n² (16,000 meetings took 23 s)
            AssertBlocksReadBySeek(lines);
            Assert.DoesNotContain("SCAN journal", plan);
        }

        [Fact]
        public async Task An_updated_rows_blocks_are_read_from_its_attempting_row_with_one_index_seek_each()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var lines = Plan(connection, $"SELECT {RelationalMigrationStore.JournalRow} FROM journal j WHERE j.correlation_id = @c AND j.tenant = @tenant ORDER BY j.id");
            Assert.Equal(2, lines.Count(l => l.StartsWith("CORRELATED SCALAR SUBQUERY", StringComparison.Ordinal))); // old and new block
            AssertBlocksReadBySeek(lines);
            Assert.DoesNotContain(lines, l => l.StartsWith("SCAN", StringComparison.Ordinal));
        }

        /// <summary>
        /// The only correlated lookups a journal read makes are an Updated row's blocks (kept on its Attempting row), each a
        /// seek into the meeting's rows before it, never a read of the request's or the user's journal.
        /// </summary>
        private static void AssertBlocksReadBySeek(List<string> lines)
        {
            foreach (var line in lines.Where(l => l.StartsWith("SEARCH a ", StringComparison.Ordinal)))
                Assert.Equal("SEARCH a USING INDEX ix_journal_user_event (tenant=? AND upn_norm=? AND event_id=? AND id<?)", line);
            Assert.DoesNotContain(lines, l => l.StartsWith("SCAN a", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Retention_finds_the_journal_rows_to_purge_by_their_request_not_by_reading_the_tenants_journal()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = string.Join(" | ", Plan(connection, RelationalMigrationStore.PurgeJournalSql));
            Assert.Matches(@"SEARCH journal USING (COVERING )?INDEX ix_journal_request \(correlation_id=\?\)", plan);
            Assert.DoesNotContain("ix_journal_user_event", plan); // every row of the tenant, each fetched to test its request
            Assert.DoesNotContain("SCAN journal", plan);
        }

        [Fact]
        public async Task Undoing_a_users_meetings_finds_each_meetings_latest_write_by_the_meeting()
        {
            using var connection = await StoreWithOtherUsersAsync();

            var plan = string.Join(" | ", Plan(connection, RelationalMigrationStore.UndoTargetsOfUserSql));
            Assert.Contains("USING INDEX ix_journal_user_event (tenant=? AND upn_norm=? AND event_id=?)", plan);
            Assert.DoesNotContain("SCAN", plan);
        }

        [Theory]
        [InlineData("ada@contoso.com", true)]
        [InlineData("5f1c8a46-2f57-4c1e-9a51-6a4c7b3e2d10", false)] // an object id: the journal keeps no object ids, only the requests do
        public async Task The_audit_of_one_user_reads_that_users_rows_not_the_tenants_journal(string identity, bool byTheJournalsUpnToo)
        {
            using var connection = await StoreWithOtherUsersAsync();
            using var command = connection.CreateCommand();
            var sql = RelationalMigrationStore.JournalQuerySql(new JournalQuery { Identity = UserIdentity.Parse(identity), Outcomes = new[] { MeetingOutcome.Updated } }, command);

            var plan = string.Join(" | ", Plan(connection, sql, command));
            Assert.Contains("USING INDEX ix_journal_request (correlation_id=?)", plan);
            Assert.Equal(byTheJournalsUpnToo, plan.Contains("USING INDEX ix_journal_user_event (tenant=? AND upn_norm=?)"));
            Assert.DoesNotContain("ix_journal_user_event (tenant=?)", plan); // the whole tenant's journal
            Assert.DoesNotContain("SCAN j", plan);
        }

        /// <summary>
        /// -SummaryOnly numbers every user's requests newest first: from an index that holds them in that order with their
        /// state, not by reading the table and sorting it (425 ms at 100,000 requests; 78 ms from the index).
        /// </summary>
        [Theory]
        [InlineData(null)]
        [InlineData(MigrationState.Failed)]
        public async Task The_status_summary_numbers_each_users_requests_from_the_index_alone(MigrationState? state)
        {
            using var connection = await StoreWithOtherUsersAsync();
            using var command = connection.CreateCommand();
            var sql = RelationalMigrationStore.SummarySql(new MigrationStatusQuery { State = state }, command);

            var plan = Plan(connection, sql, command);
            Assert.Contains("SEARCH requests USING COVERING INDEX ix_requests_latest (tenant=?)", plan);
            Assert.DoesNotContain(plan, line => line.Contains("FOR ORDER BY"));
        }

        [Theory]
        [InlineData("ada@contoso.com", "ix_requests_user")]
        [InlineData("5f1c8a46-2f57-4c1e-9a51-6a4c7b3e2d10", "ix_requests_user_id")]
        public async Task A_status_read_of_one_user_searches_the_users_index(string identity, string index)
        {
            using var connection = await StoreWithOtherUsersAsync();
            using var command = connection.CreateCommand();
            var sql = RelationalMigrationStore.StatusQuerySql(new MigrationStatusQuery { Identity = UserIdentity.Parse(identity) }, command);

            AssertSearches(Plan(connection, sql, command), index);
        }
    }
}
