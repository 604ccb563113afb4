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
                using var connection = new NpgsqlConnection(server);
                connection.Open();
                using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                drop.ExecuteNonQuery();
            }
        }
    }
}
