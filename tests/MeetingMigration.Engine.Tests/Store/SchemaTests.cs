using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Microsoft.Data.Sqlite;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    public sealed class SchemaTests : IDisposable
    {
        /// <summary>The version-1 schema as the first release shipped it, written out here rather than taken from the engine.</summary>
        private const string Version1Ddl = @"
            CREATE TABLE requests (
                correlation_id TEXT PRIMARY KEY,
                create_ticks INTEGER NOT NULL,
                modified_ticks INTEGER NOT NULL,
                user_id TEXT NULL,
                upn TEXT NOT NULL,
                upn_norm TEXT NOT NULL,
                source_type TEXT NOT NULL,
                target_type TEXT NOT NULL,
                migration_type TEXT NOT NULL,
                state TEXT NOT NULL,
                retry_count INTEGER NOT NULL DEFAULT 0,
                total_meeting INTEGER NOT NULL DEFAULT 0,
                succeeded_meeting INTEGER NOT NULL DEFAULT 0,
                failed_meeting INTEGER NOT NULL DEFAULT 0,
                invites_update INTEGER NOT NULL DEFAULT 0,
                last_message TEXT NOT NULL DEFAULT '',
                not_before_ticks INTEGER NOT NULL,
                trigger_name TEXT NOT NULL DEFAULT '');
            CREATE INDEX ix_requests_user ON requests(upn_norm, state);
            CREATE INDEX ix_requests_created ON requests(create_ticks);
            CREATE TABLE settings (name TEXT PRIMARY KEY, json TEXT NOT NULL);
            PRAGMA user_version = 1;";

        private readonly TempStoreFile _file = new TempStoreFile();

        public void Dispose() => _file.Dispose();

        private long Scalar(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar());
        }

        private void Execute(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        [Fact]
        public void A_new_file_gets_the_current_schema_version_in_wal_mode()
        {
            _file.Open(new ManualClock());

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.True(StoreSchema.CurrentVersion >= 2);
            using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)command.ExecuteScalar()!);
        }

        [Fact]
        public void Opening_a_current_store_again_changes_nothing()
        {
            _file.Open(new ManualClock());
            _file.Open(new ManualClock());

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        }

        [Fact]
        public void A_file_with_a_newer_schema_is_refused_and_left_alone()
        {
            var newer = StoreSchema.CurrentVersion + 1;
            Execute($"CREATE TABLE future (x INTEGER); PRAGMA user_version = {newer};");

            var error = Assert.Throws<MeetingMigrationException>(() => SqliteMigrationStore.Open(_file.Path, new ManualClock()));

            Assert.Equal(ErrorIds.StoreSchemaTooNew, error.ErrorId);
            Assert.Equal(newer, Scalar("PRAGMA user_version"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'requests'"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'")); // the file is left as it was
        }

        /// <summary>
        /// Found by an outside probe of a rolling upgrade: nothing said the store was upgraded, after which older modules and
        /// services refuse it, while an older service that was already running goes on with the older format.
        /// </summary>
        [Fact]
        public async Task Opening_an_older_file_says_it_was_upgraded_and_names_the_workers_holding_requests()
        {
            var clock = new ManualClock();
            using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                connection.Open();
                StoreSchema.Upgrade(connection, SqliteDialect.Instance, _file.Path, 10);
            }
            var created = clock.UtcNow.Ticks;
            var held = clock.UtcNow.AddMinutes(1).Ticks;
            Execute("INSERT INTO requests (correlation_id, create_ticks, modified_ticks, upn, upn_norm, source_type, target_type, migration_type, state, " +
                    "retry_count, last_message, not_before_ticks, retry_scheduled, tenant, lease_owner, lease_expires_ticks) VALUES " +
                    $"('{Guid.NewGuid():D}', {created}, {created}, 'ada@contoso.com', 'ada@contoso.com', 'All', 'Current', 'ToSameType', 'InProgress', " +
                    $"0, '', {created}, 0, '', 'old-host:4711:1', {held})");

            var upgraded = _file.Open(clock).Upgraded;
            var again = _file.Open(clock).Upgraded;

            Assert.NotNull(upgraded);
            Assert.Equal((10, StoreSchema.CurrentVersion), (upgraded!.From, upgraded.To));
            Assert.Equal(new[] { "old-host:4711:1" }, upgraded.RunningWorkers);
            Assert.Contains($"was upgraded from schema version 10 to {StoreSchema.CurrentVersion}", upgraded.Notice);
            Assert.Contains("Running requests now: old-host:4711:1", upgraded.Notice);
            Assert.Null(again);
        }

        [Fact]
        public void A_new_store_is_not_an_upgrade() => Assert.Null(_file.Open(new ManualClock()).Upgraded);

        /// <summary>Copy-MeetingMigrationStore -WhatIf: an older file is looked at, not upgraded (an outside probe: it was).</summary>
        [Fact]
        public void A_peek_at_an_older_file_reads_its_version_and_rows_and_changes_nothing()
        {
            using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                connection.Open();
                StoreSchema.Upgrade(connection, SqliteDialect.Instance, _file.Path, 8);
            }
            var now = new ManualClock().UtcNow.Ticks;
            Execute("INSERT INTO requests (correlation_id, create_ticks, modified_ticks, upn, upn_norm, source_type, target_type, migration_type, state, " +
                    $"retry_count, last_message, not_before_ticks, retry_scheduled, tenant) VALUES ('{Guid.NewGuid():D}', {now}, {now}, 'ada@contoso.com', " +
                    "'ada@contoso.com', 'All', 'Current', 'ToSameType', 'Succeeded', 0, '', 0, 0, '')");
            var before = System.IO.File.ReadAllBytes(_file.Path);

            var peek = StoreFilePeek.Of(_file.Path);

            Assert.Equal(8, peek.Version);
            Assert.Equal(1, peek.Rows["requests"]);
            Assert.Equal(0, peek.Rows["journal"]);
            Assert.Equal(before, System.IO.File.ReadAllBytes(_file.Path));
            Assert.Equal(8, Scalar("PRAGMA user_version"));
        }

        [Fact]
        public async Task A_version_1_file_is_upgraded_keeping_its_rows()
        {
            var created = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            var id = Guid.NewGuid();
            Execute(Version1Ddl);
            Execute("INSERT INTO requests (correlation_id, create_ticks, modified_ticks, user_id, upn, upn_norm, source_type, target_type, " +
                    "migration_type, state, retry_count, total_meeting, succeeded_meeting, failed_meeting, invites_update, last_message, not_before_ticks, trigger_name) " +
                    $"VALUES ('{id:D}', {created.Ticks}, {created.Ticks}, NULL, 'Old.User@Contoso.com', 'old.user@contoso.com', 'SfB', 'Teams', 'SfbToTeams', " +
                    $"'Succeeded', 2, 5, 4, 1, 4, 'one failed', {created.Ticks}, 'Start-CsExMeetingMigration');" +
                    "INSERT INTO settings (name, json) VALUES ('TenantMigrationConfiguration', '{\"UserRetryLimit\":5}');");
            Execute($"INSERT INTO requests (correlation_id, create_ticks, modified_ticks, upn, upn_norm, source_type, target_type, migration_type, state, not_before_ticks) " +
                    $"VALUES ('{Guid.NewGuid():D}', {created.Ticks}, {created.Ticks}, 'p@contoso.com', 'p@contoso.com', 'All', 'Current', 'ToSameType', 'Pending', {created.Ticks});");

            var clock = new ManualClock(created.AddDays(1));
            var store = _file.Open(clock);

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            var old = await store.GetAsync(id, None);
            Assert.NotNull(old);
            Assert.Equal("Old.User@Contoso.com", old!.UserPrincipalName);
            Assert.Equal(MigrationState.Succeeded, old.State);
            Assert.Equal(MigrationType.SfbToTeams, old.MigrationType);
            Assert.Equal(2, old.RetryCount);
            Assert.Equal(5, old.TotalMeeting);
            Assert.Equal(4, old.InvitesUpdate);
            Assert.Equal("one failed", old.LastMessage);
            Assert.Equal(created, old.CreateDate);
            Assert.False(old.RetryScheduled);
            Assert.Equal(5, (await store.GetTenantMigrationConfigurationAsync(None)).UserRetryLimit);
            Assert.Equal(2, (await store.QueryAsync(new MigrationStatusQuery(), None)).Count);

            // The upgraded file works with everything version 2 added.
            var lease = await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(1), null, None);
            Assert.Equal("p@contoso.com", lease!.Request.UserPrincipalName);
            await store.AppendJournalAsync(new JournalEntry { CorrelationId = id, UserPrincipalName = "old.user@contoso.com", EventId = "e1" }, None);
            Assert.Single(await store.GetJournalAsync(id, None));
        }
    

        [Fact]
        public async Task A_version_5_file_is_upgraded_to_tenants_keeping_settings_conferencing_journal_and_queue_in_the_default_tenant()
        {
            using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                connection.Open();
                StoreSchema.Upgrade(connection, SqliteDialect.Instance, _file.Path, 5);
            }
            var id = Guid.NewGuid();
            var bridge = Guid.NewGuid();
            var ticks = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc).Ticks;
            Execute("INSERT INTO settings (name, json) VALUES ('TenantMigrationConfiguration', '{\"UserRetryLimit\":7}');" +
                    $"INSERT INTO bridges (id, name_norm, json) VALUES ('{bridge:D}', 'main', '{{\"Identity\":\"{bridge:D}\",\"Name\":\"Main\",\"IsDefault\":true}}');" +
                    $"INSERT INTO dialin_users (upn_norm, conference_id, bridge_id, service_number, toll_free, json) VALUES ('ada@contoso.com', '4715832', '{bridge:D}', NULL, '', " +
                    "'{\"UserPrincipalName\":\"Ada@Contoso.com\",\"ConferenceId\":\"4715832\"}');" +
                    "INSERT INTO requests (correlation_id, create_ticks, modified_ticks, upn, upn_norm, source_type, target_type, migration_type, state, not_before_ticks) " +
                    $"VALUES ('{id:D}', {ticks}, {ticks}, 'ada@contoso.com', 'ada@contoso.com', 'All', 'Current', 'ToSameType', 'Pending', {ticks});" +
                    "INSERT INTO journal (correlation_id, upn_norm, event_id, subject, meeting_kind, old_block, new_block, new_block_hash, outcome, reason, time_ticks) " +
                    $"VALUES ('{id:D}', 'ada@contoso.com', 'e1', 'Weekly', 'Teams', 'old', 'new', 'h', 'Updated', '', {ticks});");

            var store = _file.Open(new ManualClock());

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.Equal(7, (await store.GetTenantMigrationConfigurationAsync(None)).UserRetryLimit);
            Assert.Equal("Main", Assert.Single(await store.GetBridgesAsync(None)).Name);
            Assert.Equal("4715832", (await store.GetDialInUserAsync("ada@contoso.com", None))!.ConferenceId);
            Assert.Equal(new[] { "Ada@Contoso.com" }, await store.GetUserNamesAsync("ad", 5, None)); // the address as the profile wrote it
            Assert.Equal(MigrationState.Pending, (await store.GetAsync(id, None))!.State);
            Assert.Equal("Weekly", Assert.Single(await store.GetJournalAsync(id, None)).Subject);
            // None of it belongs to a named tenant.
            var other = store.ForTenant("contoso.onmicrosoft.com");
            Assert.Null(await other.GetAsync(id, None));
            Assert.Empty(await other.GetBridgesAsync(None));
            Assert.NotEqual(7, (await other.GetTenantMigrationConfigurationAsync(None)).UserRetryLimit);
        }

        /// <summary>
        /// Until schema 9 a request waiting for its retry was Failed with retry_scheduled set. Upgraded, it is Pending for the
        /// retry (due when it was), runs when due, and a Failed request with no retry left stays Failed.
        /// </summary>
        /// <summary>
        /// Found by an outside probe of a rolling upgrade: a service older than the journal's blocks-kept-once format, still
        /// running after a newer session upgraded the store, undid a newer migration by putting back the empty block it read
        /// on the Updated row: every meeting lost its join details and every attendee was mailed. Step 11 marks those rows'
        /// fingerprints, which no block matches, so such a process refuses the meeting; every read here takes the mark off.
        /// </summary>
        [Fact]
        public async Task A_version_10_files_updated_rows_without_blocks_get_a_fingerprint_no_block_matches_and_read_as_before()
        {
            using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                connection.Open();
                StoreSchema.Upgrade(connection, SqliteDialect.Instance, _file.Path, 10);
            }
            var request = Guid.NewGuid();
            var now = new ManualClock().UtcNow.Ticks;
            string Row(string eventId, string oldBlock, string newBlock, string hash, string outcome) =>
                $"('{request:D}', 'ada@contoso.com', '{eventId}', 'Weekly', NULL, 'Teams', '{oldBlock}', '{newBlock}', '{hash}', '{outcome}', '', {now}, NULL, '')";
            Execute("INSERT INTO requests (correlation_id, create_ticks, modified_ticks, upn, upn_norm, source_type, target_type, migration_type, state, " +
                    $"retry_count, last_message, not_before_ticks, retry_scheduled, tenant) VALUES ('{request:D}', {now}, {now}, 'ada@contoso.com', " +
                    $"'ada@contoso.com', 'All', 'Current', 'ToSameType', 'Succeeded', 0, '', {now}, 0, '')");
            Execute("INSERT INTO journal (correlation_id, upn_norm, event_id, subject, start_ticks, meeting_kind, old_block, new_block, new_block_hash, " +
                    "outcome, reason, time_ticks, request_id, tenant) VALUES " +
                    Row("kept-once", "<old-1/>", "<new-1/>", "h1", "Attempting") + ", " + Row("kept-once", "", "", "h1", "Updated") + ", " +
                    Row("kept-whole", "<old-2/>", "<new-2/>", "h2", "Updated"));

            var store = _file.Open();

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.Equal(1, Scalar("SELECT COUNT(*) FROM journal WHERE outcome = 'Updated' AND new_block_hash = '@h1'"));
            Assert.Equal(1, Scalar("SELECT COUNT(*) FROM journal WHERE outcome = 'Updated' AND new_block_hash = 'h2'"));
            var expected = new[] { ("kept-once", "<old-1/>", "<new-1/>", "h1"), ("kept-whole", "<old-2/>", "<new-2/>", "h2") };
            Assert.Equal(expected, (await store.GetJournalAsync(request, None)).Where(r => r.Outcome == MeetingOutcome.Updated)
                .Select(r => (r.EventId, r.OldBlock, r.NewBlock, r.NewBlockHash)).OrderBy(r => r.EventId));
            Assert.Equal(expected, (await store.GetUndoTargetsAsync("ada@contoso.com", request, None))
                .Select(r => (r.EventId, r.OldBlock, r.NewBlock, r.NewBlockHash)).OrderBy(r => r.EventId));
        }

        [Fact]
        public async Task A_version_8_file_shows_requests_waiting_for_their_retry_as_Pending_and_still_runs_them_when_due()
        {
            using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
            {
                connection.Open();
                StoreSchema.Upgrade(connection, SqliteDialect.Instance, _file.Path, 8);
            }
            var clock = new ManualClock();
            var retrying = Guid.NewGuid();
            var final = Guid.NewGuid();
            var created = clock.UtcNow.AddHours(-1).Ticks;
            var due = clock.UtcNow.AddMinutes(5);
            Execute("INSERT INTO requests (correlation_id, create_ticks, modified_ticks, upn, upn_norm, source_type, target_type, migration_type, state, " +
                    "retry_count, last_message, not_before_ticks, retry_scheduled, tenant) VALUES " +
                    $"('{retrying:D}', {created}, {created}, 'ada@contoso.com', 'ada@contoso.com', 'All', 'Current', 'ToSameType', 'Failed', 1, 'throttled', {due.Ticks}, 1, ''), " +
                    $"('{final:D}', {created}, {created}, 'bo@contoso.com', 'bo@contoso.com', 'All', 'Current', 'ToSameType', 'Failed', 9, 'no mailbox', {due.Ticks}, 0, '')");

            var store = _file.Open(clock);

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_requests_retry'"));
            var waiting = (await store.GetAsync(retrying, None))!;
            Assert.Equal(MigrationState.Pending, waiting.State);
            Assert.True(waiting.AwaitingRetry);
            Assert.Equal(due, waiting.NotBefore);
            Assert.Equal(MigrationState.Failed, (await store.GetAsync(final, None))!.State);
            Assert.Equal(new[] { retrying }, (await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Pending }, None)).Select(r => r.CorrelationId));

            Assert.Null(await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(1), null, None));
            clock.Advance(TimeSpan.FromMinutes(5));
            var lease = await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(1), null, None);
            Assert.Equal(retrying, lease!.Request.CorrelationId);
            Assert.True(lease.CountedRetry);
            Assert.Equal(2, lease.Request.RetryCount);
        }

        /// <summary>
        /// Found by an outside probe of a rolling upgrade: a service older than schema 9, running when the store was upgraded
        /// (it checks the version only when it opens the store), goes on writing a failed attempt's retry as Failed with
        /// retry_scheduled set. Read as Pending for its retry, it wakes the queue, is adopted by the next lease and runs when
        /// due; a Stop or a new request of the user ends it as they end any waiting retry.
        /// </summary>
        [Fact]
        public async Task A_retry_an_older_process_writes_after_the_upgrade_shows_Pending_wakes_the_queue_and_runs_when_due()
        {
            var clock = new ManualClock();
            var store = _file.Open(clock);
            var written = await store.Enqueue("old@contoso.com");
            var stopped = await store.Enqueue("stop@contoso.com");
            var replaced = await store.Enqueue("new@contoso.com");
            var due = clock.UtcNow.AddMinutes(3);
            foreach (var id in new[] { written.Request.CorrelationId, stopped.Request.CorrelationId, replaced.Request.CorrelationId })
                Execute($"UPDATE requests SET state = 'Failed', retry_scheduled = 1, last_message = 'throttled', not_before_ticks = {due.Ticks} WHERE correlation_id = '{id:D}'");

            var shown = (await store.GetAsync(written.Request.CorrelationId, None))!;
            Assert.True(shown.AwaitingRetry);
            Assert.Equal(TimeSpan.FromMinutes(3), await store.TimeUntilNextDueAsync(None));
            Assert.Equal(CancelOutcome.RetryCancelled, (await store.CancelAsync(stopped.Request.CorrelationId, None)).Outcome);
            await store.Enqueue("new@contoso.com");
            Assert.Equal((MigrationState.Failed, false), ((await store.GetAsync(replaced.Request.CorrelationId, None))!.State, (await store.GetAsync(replaced.Request.CorrelationId, None))!.RetryScheduled));

            // -State reads it as Pending, so -State Pending finds it and -State Failed does not (outside re-probe: Stop's
            // example, -State Pending | Stop-CsMeetingMigration, stopped nothing until a newer worker leased). A read does not
            // rewrite it: that made an older service still running count no retry, so the user's retries never ran out.
            Assert.Contains(written.Request.CorrelationId, (await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Pending }, None)).Select(r => r.CorrelationId));
            Assert.DoesNotContain(written.Request.CorrelationId, (await store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Failed }, None)).Select(r => r.CorrelationId));
            Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM requests WHERE correlation_id = '{written.Request.CorrelationId:D}' AND state = 'Failed'"));
            Assert.Equal(written.Request.CorrelationId, Assert.Single(await store.QueryAsync(new MigrationStatusQuery(), None), r => r.AwaitingRetry).CorrelationId);
            var leasedNow = await store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(1), null, None);
            Assert.NotEqual(written.Request.CorrelationId, leasedNow?.Request.CorrelationId); // the new request, due now; the retry is not due
            Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM requests WHERE correlation_id = '{written.Request.CorrelationId:D}' AND state = 'Pending' AND retry_scheduled = 1"));
            clock.Advance(TimeSpan.FromMinutes(3));
            var lease = await store.TryLeaseNextAsync("w2", TimeSpan.FromMinutes(1), written.Request.CorrelationId, None);
            Assert.True(lease!.CountedRetry);
            Assert.Equal(1, lease.Request.RetryCount);
        }

        [Fact]
        public async Task Several_stores_opening_a_new_file_at_once_all_succeed_and_upgrade_it_once()
        {
            using var start = new System.Threading.ManualResetEventSlim(false);
            var opens = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.Wait();
                var store = _file.Open(new ManualClock());
                return store.Enqueue($"u{Guid.NewGuid():N}@contoso.com");
            })).ToArray();
            start.Set();
            await Task.WhenAll(opens);

            Assert.Equal(StoreSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.Equal(8, Scalar("SELECT COUNT(*) FROM requests"));
        }
    }
}
