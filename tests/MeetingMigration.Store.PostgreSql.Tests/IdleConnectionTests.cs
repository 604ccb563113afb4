using System;
using System.Threading;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Found by outside probe T: after the PostgreSQL server restarted while a session sat idle, the session's first command
    /// failed with 57P01 (its pooled connection had been closed by the server), and worked when run again. The server
    /// ending the store's idle connections (pg_terminate_backend, what a restart does to them) must not fail the next use.
    /// </summary>
    public sealed class IdleConnectionTests
    {
        [Fact]
        public void A_pooled_connection_the_server_closed_while_idle_does_not_fail_the_next_command()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            var schema = "mm_idle_" + unique;
            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, ApplicationName = "mm-idle-" + unique }.ConnectionString;
            try
            {
                using var store = PostgreSqlMigrationStore.Open(connectionString, null, null, null);
                store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();

                var ended = PostgresServer.Scalar(server, $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'mm-idle-{unique}'");
                Assert.True(Convert.ToInt64(ended) > 0, "the store's idle connection must have been ended by the server");
                Thread.Sleep(PooledConnections.QuietSpell + TimeSpan.FromMilliseconds(300));

                Assert.Single(store.QueryAsync(new MigrationStatusQuery(), default).GetAwaiter().GetResult());
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }
    }
}
