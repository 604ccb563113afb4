using System;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// The rights a store at the current schema version needs: reading and writing its tables, nothing to create. Found by an
    /// outside probe: every open ran CREATE TABLE IF NOT EXISTS, which asks for CREATE on the schema even where the table
    /// exists, so a role given only the tables (as a DBA gives an application that another role upgrades) was refused.
    /// </summary>
    public sealed class StoreRightsTests
    {
        [Fact]
        public void A_role_that_may_only_read_and_write_the_tables_of_an_up_to_date_store_works_with_it()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            var (schema, role) = ($"mm_tables_only_{unique}", $"mm_dml_{unique}");
            var asOwner = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            var asRole = new NpgsqlConnectionStringBuilder(server) { Username = role, Password = "role-" + unique, SearchPath = schema }.ConnectionString;
            try
            {
                using (PostgreSqlMigrationStore.Open(asOwner, null, null, null)) { }
                PostgresServer.Scalar(server, $"CREATE ROLE \"{role}\" LOGIN PASSWORD 'role-{unique}'");
                PostgresServer.Scalar(server, $"GRANT USAGE ON SCHEMA \"{schema}\" TO \"{role}\"");
                // Without the tables' rights: refused with the server's error on one line (Npgsql's "POSITION: n" line left out).
                var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(asRole, null, null, null));
                Assert.Equal(ErrorIds.StoreUnavailable, refused.ErrorId);
                Assert.True(refused.Message.Contains("cannot be opened: 42501: permission denied for table schema_version."), refused.Message);
                Assert.DoesNotContain("POSITION", refused.Message);
                Assert.StartsWith("The role in the connection string lacks a right the store needs: grant the rights docs/deployment.md lists", refused.RecommendedAction);
                // A schema it may use but not create in, holding no store: refused as the server says it, on one line (Npgsql
                // appends the statement's POSITION on lines of its own: an outside probe saw them in the message).
                PostgresServer.Scalar(server, $"CREATE SCHEMA \"{schema}_empty\"");
                PostgresServer.Scalar(server, $"GRANT USAGE ON SCHEMA \"{schema}_empty\" TO \"{role}\"");
                var empty = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(
                    new NpgsqlConnectionStringBuilder(asRole) { SearchPath = schema + "_empty" }.ConnectionString, null, null, null));
                Assert.True(empty.Message.Contains($"cannot be opened: 42501: permission denied for schema {schema}_empty."), empty.Message);
                Assert.DoesNotContain("POSITION", empty.Message);
                PostgresServer.Scalar(server, $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{role}\"");
                PostgresServer.Scalar(server, $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA \"{schema}\" TO \"{role}\"");

                using (var store = PostgreSqlMigrationStore.Open(asRole, null, null, null))
                {
                    var queued = store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();
                    var lease = store.TryLeaseNextAsync("worker-1", TimeSpan.FromMinutes(2), null, default).GetAwaiter().GetResult();
                    Assert.NotNull(lease);
                    store.AppendJournalAsync(new JournalEntry { CorrelationId = lease!.Request.CorrelationId, UserPrincipalName = "ashaw@contoso.com", EventId = "e1", Outcome = MeetingOutcome.Skipped }, default).GetAwaiter().GetResult();
                    Assert.True(store.SaveLeasedAsync(lease, release: true, default).GetAwaiter().GetResult());
                    store.UpdateTenantMigrationConfigurationAsync(configuration => configuration.MeetingMigrationEnabled = false, default).GetAwaiter().GetResult();
                    Assert.Single(store.GetJournalAsync(lease.Request.CorrelationId, default).GetAwaiter().GetResult());
                    Assert.False(store.GetTenantMigrationConfigurationAsync(default).GetAwaiter().GetResult().MeetingMigrationEnabled);
                }
            }
            finally
            {
                PostgresServer.DropSchemas(schema, schema + "_empty");
                PostgresServer.DropRole(role);
            }
        }

        /// <summary>
        /// The version table is looked for where the store's tables go (the first schema of the path), not along the path:
        /// another application's schema_version in a later schema would otherwise be read as the new store's version.
        /// </summary>
        [Fact]
        public void Another_applications_schema_version_later_in_the_path_is_not_the_new_stores()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            var (store, other) = ($"mm_new_{unique}", $"mm_otherapp_{unique}");
            try
            {
                PostgresServer.Scalar(server, $"CREATE SCHEMA \"{other}\"");
                PostgresServer.Scalar(server, $"CREATE TABLE \"{other}\".schema_version (version INTEGER NOT NULL)");
                PostgresServer.Scalar(server, $"INSERT INTO \"{other}\".schema_version VALUES (999)");

                using (var opened = PostgreSqlMigrationStore.Open(new NpgsqlConnectionStringBuilder(server) { SearchPath = $"{store}, {other}" }.ConnectionString, null, null, null))
                    Assert.Empty(opened.QueryAsync(new MigrationStatusQuery(), default).GetAwaiter().GetResult());

                Assert.Equal((long)StoreSchema.CurrentVersion, Convert.ToInt64(PostgresServer.Scalar(server, $"SELECT version FROM \"{store}\".schema_version")));
                Assert.Equal(999L, Convert.ToInt64(PostgresServer.Scalar(server, $"SELECT version FROM \"{other}\".schema_version")));
            }
            finally
            {
                PostgresServer.DropSchemas(store, other);
            }
        }

    }
}
