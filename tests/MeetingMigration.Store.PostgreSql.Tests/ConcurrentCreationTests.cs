using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// Opening a new store while another session holds its schema's lock (one making the store, as sessions started at one
    /// moment do). Found by outside probe V: sessions connecting at once to a new, empty database warned that the store "was
    /// upgraded from schema version 7 to 12" and that older services must be stopped, where there were none. One of them was
    /// making the store a step per transaction, and another, taking the schema lock between two steps, found it part-made
    /// and finished it as an upgrade.
    /// </summary>
    public sealed class ConcurrentCreationTests
    {
        [Fact]
        public Task Sessions_opening_a_new_store_together_make_it_once_and_report_no_upgrade() =>
            WithSchemaLockHeldAsync("mm_create_", async (server, schema, connectionString, held) =>
            {
                // Three sessions start to open the store while the lock is held, so that they all wait for it and then take
                // it one after another.
                var opening = Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgreSqlMigrationStore.Open(connectionString))).ToArray();
                await WaitForLockWaitersAsync(server, schema, opening.Length);
                await held.CommitAsync();

                var stores = await Task.WhenAll(opening);
                try
                {
                    Assert.All(stores, store => Assert.Null(store.Upgraded?.Notice));
                    Assert.Equal((long)StoreSchema.CurrentVersion, Convert.ToInt64(PostgresServer.Scalar(connectionString, "SELECT version FROM schema_version")));
                }
                finally
                {
                    foreach (var store in stores) store.Dispose();
                }
            });

        /// <summary>
        /// Outside probe Y: a statement_timeout that cancels the store's making (here: while it waits for the schema lock) made
        /// Connect say to check that the server runs and the password; it says to raise the timeout.
        /// </summary>
        [Fact]
        public Task A_statement_timeout_cancelling_the_store_s_opening_is_said_with_what_to_raise() =>
            WithSchemaLockHeldAsync("mm_timeout_", (server, schema, connectionString, held) =>
            {
                var refused = Assert.Throws<MeetingMigrationException>(() =>
                    PostgreSqlMigrationStore.Open(new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c statement_timeout=300" }.ConnectionString));

                Assert.Equal(ErrorIds.StoreUnavailable, refused.ErrorId);
                Assert.Contains("57014", refused.Message);
                Assert.StartsWith("Raise or remove the statement_timeout", refused.RecommendedAction);
                return Task.CompletedTask;
            });

        /// <summary>
        /// Runs <paramref name="test"/> (server, schema, the schema's connection string, the holder's transaction) on a new,
        /// empty schema whose lock another session holds until that transaction ends; the schema is dropped after.
        /// </summary>
        private static async Task WithSchemaLockHeldAsync(string prefix, Func<string, string, string, NpgsqlTransaction, Task> test)
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var schema = prefix + Guid.NewGuid().ToString("N").Substring(0, 12);
            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            PostgresServer.Scalar(server, $"CREATE SCHEMA {schema}");
            try
            {
                await using var holder = new NpgsqlConnection(connectionString);
                await holder.OpenAsync();
                await using var held = await holder.BeginTransactionAsync();
                await using (var lockIt = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgreSqlDialect.LockSpace}, hashtext(current_schema() || '/schema'))", holder, held))
                    await lockIt.ExecuteScalarAsync();
                await test(server, schema, connectionString, held);
            }
            finally
            {
                PostgresServer.DropSchemas(schema);
            }
        }

        /// <summary>Until that many sessions wait for the schema's lock (pg_locks, not granted).</summary>
        private static async Task WaitForLockWaitersAsync(string server, string schema, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            // This schema's lock only (its two keys: the store's lock space, and the hash of the schema's name as an oid).
            var waiting = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
                          $"AND classid = {PostgreSqlDialect.LockSpace} AND objid::bigint = (hashtext('{schema}/schema')::bigint & 4294967295)";
            while (Convert.ToInt64(PostgresServer.Scalar(server, waiting)) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the {count} sessions opening {schema} never waited for its lock");
                await Task.Delay(20);
            }
        }
    }
}
