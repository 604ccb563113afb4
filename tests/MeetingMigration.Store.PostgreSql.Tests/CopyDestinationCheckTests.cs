using System;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Copy-MeetingMigrationStore looks at its destination before it asks, -WhatIf included, without creating anything there.
    /// Found by outside probe S: -WhatIf said it would copy into a store that held data (or a server it could not reach), and
    /// the copy then failed.
    /// </summary>
    public sealed class CopyDestinationCheckTests
    {
        [Fact]
        public void A_new_schema_is_taken_and_not_created_and_a_store_holding_data_is_StoreNotEmpty()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = "mm_check_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            try
            {
                PostgreSqlMigrationStore.CheckEmpty(connectionString);
                Assert.Equal(0L, PostgresServer.Scalar(server, $"SELECT COUNT(*) FROM pg_namespace WHERE nspname = '{schema}'"));

                using (var store = PostgreSqlMigrationStore.Open(connectionString, null, null, null))
                {
                    PostgreSqlMigrationStore.CheckEmpty(connectionString);   // made, but empty
                    store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();
                }

                var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.CheckEmpty(connectionString));
                Assert.Equal(ErrorIds.StoreNotEmpty, refused.ErrorId);
                Assert.EndsWith("already holds data (1 rows in requests); nothing was copied.", refused.Message);
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }

        [Fact]
        public void A_server_that_cannot_be_reached_is_StoreUnavailable_without_the_password()
        {
            var refused = Assert.Throws<MeetingMigrationException>(() =>
                PostgreSqlMigrationStore.CheckEmpty("Host=127.0.0.1;Port=9;Database=x;Username=u;Timeout=3", "hunter2"));

            Assert.Equal(ErrorIds.StoreUnavailable, refused.ErrorId);
            Assert.StartsWith("The store at 'postgresql://u@127.0.0.1:9/x' cannot be opened:", refused.Message);
            Assert.DoesNotContain("hunter2", refused.ToString());
        }
    }
}
