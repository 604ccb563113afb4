using System;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>A -Wait session's look for its user's request queued ahead of its own (SessionRunner), on PostgreSQL.</summary>
    public sealed class QueuedAheadTests
    {
        /// <summary>
        /// An undo's waiting retry brought forward (the same undo asked for again; a migration of every kind queued after one
        /// that has put meetings back), on PostgreSQL: the same request, due now, not counted as a retry.
        /// </summary>
        [Fact]
        public void An_undos_waiting_retry_is_brought_forward()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = "mm_retry_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
                using var store = PostgreSqlMigrationStore.Open(connectionString, null, null, null);
                var undo = store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, default).GetAwaiter().GetResult().Request;
                store.AppendJournalAsync(new JournalEntry { CorrelationId = undo.CorrelationId, UserPrincipalName = "ashaw@contoso.com", EventId = "e1", Outcome = MeetingOutcome.Restored }, default).GetAwaiter().GetResult();
                void WaitForRetry()
                {
                    using var connection = new NpgsqlConnection(connectionString);
                    connection.Open();
                    using var retry = new NpgsqlCommand($"UPDATE requests SET retry_scheduled = 1, not_before_ticks = {DateTime.UtcNow.AddHours(1).Ticks} WHERE correlation_id = '{undo.CorrelationId:D}'", connection);
                    Assert.Equal(1, retry.ExecuteNonQuery());
                }

                WaitForRetry();
                var again = store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, default).GetAwaiter().GetResult();
                Assert.True(again.RetryBroughtForward && again.Request.CorrelationId == undo.CorrelationId);
                Assert.False(store.GetAsync(undo.CorrelationId, default).GetAwaiter().GetResult()!.RetryScheduled);

                WaitForRetry();
                var migration = store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();
                Assert.Equal(new[] { undo.CorrelationId }, migration.UndosLeftToStopOrShare);
                var brought = store.GetAsync(undo.CorrelationId, default).GetAwaiter().GetResult()!;
                Assert.Equal((MigrationState.Pending, false), (brought.State, brought.RetryScheduled));
                Assert.Equal(undo.CorrelationId, store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, default).GetAwaiter().GetResult()!.Request.CorrelationId);
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }

        /// <summary>An undo of ashaw that restored a meeting ("series") and ended Failed.</summary>
        private static MigrationRequest FailedUndoThatPutAMeetingBack(PostgreSqlMigrationStore store, string connectionString)
        {
            var failed = store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, default).GetAwaiter().GetResult().Request;
            store.AppendJournalAsync(new JournalEntry { CorrelationId = failed.CorrelationId, UserPrincipalName = "ashaw@contoso.com", EventId = "series", Outcome = MeetingOutcome.Restored }, default).GetAwaiter().GetResult();
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var fail = new NpgsqlCommand($"UPDATE requests SET state = 'Failed' WHERE correlation_id = '{failed.CorrelationId:D}'", connection);
            Assert.Equal(1, fail.ExecuteNonQuery());
            return failed;
        }

        /// <summary>
        /// An undo queued while an earlier undo of the user that put meetings back has ended Failed (it finishes that undo's
        /// series) is not ended by a migration of every kind, on PostgreSQL; once a later row covers that restore, it is.
        /// </summary>
        [Fact]
        public void An_undo_that_finishes_a_failed_undos_series_is_left_to_run_first()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = "mm_failed_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
                using var store = PostgreSqlMigrationStore.Open(connectionString, null, null, null);
                var failed = FailedUndoThatPutAMeetingBack(store, connectionString);
                EnqueueResult MigrationOfEveryKind() =>
                    store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();

                var again = store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, default).GetAwaiter().GetResult().Request;
                var migration = MigrationOfEveryKind();

                Assert.Empty(migration.ReplacedUndos);
                Assert.Equal(new[] { again.CorrelationId }, migration.UndosLeftToStopOrShare);
                Assert.Equal(MigrationState.Pending, store.GetAsync(again.CorrelationId, default).GetAwaiter().GetResult()!.State);

                // A later row for that meeting (the migration wrote it again): nothing of the Failed undo is left to finish.
                store.AppendJournalAsync(new JournalEntry { CorrelationId = migration.Request.CorrelationId, UserPrincipalName = "ashaw@contoso.com", EventId = "series", Outcome = MeetingOutcome.Updated }, default).GetAwaiter().GetResult();
                var third = store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, default).GetAwaiter().GetResult().Request;
                Assert.Contains(third.CorrelationId, MigrationOfEveryKind().ReplacedUndos);
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }

        /// <summary>
        /// A migration of every kind queued while an undo that put meetings back has ended Failed, with no undo of the user
        /// asked for again, on PostgreSQL: an undo is queued ahead of it for it (leased first), the migration waits for that
        /// undo's retry, and stopping the migration before it ran takes the undo out of the queue with it.
        /// </summary>
        [Fact]
        public void An_undo_queued_ahead_of_a_migration_to_finish_a_failed_undos_series_runs_first_and_goes_with_it()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = "mm_finish_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
                using var store = PostgreSqlMigrationStore.Open(connectionString, null, null, null);
                var failed = FailedUndoThatPutAMeetingBack(store, connectionString);
                EnqueueResult MigrationOfEveryKind() =>
                    store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();

                var migration = MigrationOfEveryKind();

                Assert.Equal(failed.CorrelationId, migration.FinishingUndo!.Value.FailedUndo);
                var lease = store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, default).GetAwaiter().GetResult()!;
                Assert.Equal((migration.FinishingUndo.Value.Undo, (Guid?)migration.Request.CorrelationId, ""), (lease.Request.CorrelationId, lease.Request.QueuedFor, lease.UndoScope));
                (lease.Request.State, lease.Request.RetryScheduled, lease.Request.NotBefore) = (MigrationState.Pending, true, DateTime.UtcNow.AddHours(1));
                Assert.True(store.SaveLeasedAsync(lease, release: true, default).GetAwaiter().GetResult());
                Assert.True(store.GetAsync(migration.Request.CorrelationId, default).GetAwaiter().GetResult()!.NotBefore >= lease.Request.NotBefore);
                Assert.Null(store.TryLeaseNextAsync("w", TimeSpan.FromMinutes(2), null, default).GetAwaiter().GetResult());

                // Its retry cancelled, the finishing undo is Failed with nothing journaled; the next migration's undo goes with it.
                Assert.Equal(CancelOutcome.RetryCancelled, store.CancelAsync(lease.Request.CorrelationId, default).GetAwaiter().GetResult().Outcome);
                Assert.Equal(CancelOutcome.Removed, store.CancelAsync(migration.Request.CorrelationId, default).GetAwaiter().GetResult().Outcome);
                var next = MigrationOfEveryKind();
                var stopped = store.CancelAsync(next.Request.CorrelationId, default).GetAwaiter().GetResult();
                Assert.Equal(new[] { next.FinishingUndo!.Value.Undo }, stopped.RemovedFinishingUndos);
                Assert.Null(store.GetAsync(next.FinishingUndo.Value.Undo, default).GetAwaiter().GetResult());
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }

        [Fact]
        public void The_request_queued_ahead_of_another_of_the_same_user_is_found_and_no_other()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = "mm_ahead_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            try
            {
                using var store = PostgreSqlMigrationStore.Open(new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString, null, null, null);
                var migration = store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult().Request;
                var other = store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("bo@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult().Request;
                var undo = store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, default).GetAwaiter().GetResult().Request;

                Assert.Equal(migration.CorrelationId, store.GetQueuedAheadAsync(undo, default).GetAwaiter().GetResult()?.CorrelationId);
                Assert.Null(store.GetQueuedAheadAsync(migration, default).GetAwaiter().GetResult());
                Assert.Null(store.GetQueuedAheadAsync(other, default).GetAwaiter().GetResult());
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }
    }
}
