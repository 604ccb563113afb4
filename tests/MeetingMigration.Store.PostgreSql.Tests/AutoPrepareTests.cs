using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Npgsql's automatic preparation (Max Auto Prepare, a setting an administrator may put in the store's connection
    /// string for speed) sends a reused command's old parameter values once it has prepared the statement, whatever was
    /// bound in their place after Parameters.Clear(). The store reused commands so: with the setting, 10,000 users piped
    /// into Start became 30 requests, each user merged into another's, without an error; the batch's INSERT of new users
    /// failed on a duplicate key. Found testing PostgreSQL's bulk queueing.
    /// </summary>
    public sealed class AutoPrepareTests
    {
        [Fact]
        public async Task With_automatic_preparation_every_user_is_queued_as_themselves_and_queued_again_into_their_own_request()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = "mm_autoprep_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, MaxAutoPrepare = 10, AutoPrepareMinUsages = 2 }.ConnectionString;
            try
            {
                using var store = PostgreSqlMigrationStore.Open(connectionString);
                var users = Enumerable.Range(1, 300).Select(n => $"user{n}@contoso.com").ToArray();
                EnqueueRequest[] Requests() => users.Select(u => new EnqueueRequest(UserIdentity.Parse(u), SourceMeetingType.All, TargetMeetingType.Current)).ToArray();

                var first = await store.EnqueueManyAsync(Requests(), default);
                var again = await store.EnqueueManyAsync(Requests(), default);
                foreach (var user in users.Take(20)) await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(user), SourceMeetingType.All, TargetMeetingType.Current), default);

                Assert.Equal(users, first.Select(r => r.Request.UserPrincipalName));
                Assert.Equal(users, again.Select(r => r.Request.UserPrincipalName));
                Assert.All(again, r => Assert.True(r.Merged));
                Assert.Equal(first.Select(r => r.Request.CorrelationId), again.Select(r => r.Request.CorrelationId));
                var stored = await store.QueryAsync(new MigrationStatusQuery(), default);
                Assert.Equal(users.OrderBy(u => u, StringComparer.Ordinal), stored.Select(r => r.UserPrincipalName).OrderBy(u => u, StringComparer.Ordinal));
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }
    }
}
