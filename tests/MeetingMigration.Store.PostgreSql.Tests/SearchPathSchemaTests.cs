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
    /// The schema a connection string's Search Path names is created as the server reads that name. Found by an outside
    /// probe: "Search Path=MeetingMigration" (capitals, unquoted) created the schema "MeetingMigration", the server then looked
    /// in meetingmigration, the store could create no table, and an empty schema was left behind.
    /// </summary>
    public sealed class SearchPathSchemaTests
    {
        [Theory]
        [InlineData("MeetingMigration_{0}", "meetingmigration_{0}")] // unquoted: the server folds it to lower case
        [InlineData("\"MeetingMigration_{0}\"", "MeetingMigration_{0}")] // quoted: kept as written
        public void A_store_opens_in_the_schema_its_search_path_names_whatever_its_case(string given, string expected)
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            var schema = string.Format(expected, unique);
            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = string.Format(given, unique) }.ConnectionString;
            try
            {
                using (var store = PostgreSqlMigrationStore.Open(connectionString, null, null, null))
                {
                    var queued = store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();
                    Assert.Equal(MigrationState.Pending, queued.Request.State);
                }
                Assert.Equal(1L, PostgresServer.Scalar(server, $"SELECT COUNT(*) FROM \"{schema}\".requests"));
                Assert.Equal(1L, PostgresServer.Scalar(server, $"SELECT COUNT(*) FROM pg_namespace WHERE lower(nspname) = lower('{schema}')"));
            }
            finally
            {
                PostgresServer.DropSchemas(schema, string.Format(given, unique).Trim('"'));
            }
        }

        /// <summary>
        /// Found by an outside re-probe: "Search Path=new, old" with the store in old and new missing created new and opened an
        /// empty store in it, while the server found old's tables through the same path: a session worked on an empty queue.
        /// Refused now, nothing created, the store's schema named; the store's schema first, or a path where no schema holds
        /// a store yet (a new deployment beside public), opens as before.
        /// </summary>
        [Fact]
        public void A_search_path_whose_first_schema_is_not_the_stores_while_a_later_one_is_is_refused_and_creates_nothing()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            var (old, fresh, other) = ($"mm_old_{unique}", $"mm_new_{unique}", $"mm_other_{unique}");
            string With(string path) => new NpgsqlConnectionStringBuilder(server) { SearchPath = path }.ConnectionString;
            try
            {
                using (var store = PostgreSqlMigrationStore.Open(With(old), null, null, null))
                    store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();

                var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(With($"{fresh}, {old}"), null, null, null));

                Assert.Equal(ErrorIds.InvalidStoreConnectionString, refused.ErrorId);
                Assert.Contains($"the store's tables are in schema '{old}'", refused.Message);
                Assert.Equal(0L, PostgresServer.Scalar(server, $"SELECT COUNT(*) FROM pg_namespace WHERE nspname = '{fresh}'"));
                // The same path set through Options, which Npgsql hands to the server as it is (an outside re-probe).
                var throughOptions = new NpgsqlConnectionStringBuilder(server) { Options = $"-c search_path={fresh},{old}" }.ConnectionString;
                Assert.Equal(ErrorIds.InvalidStoreConnectionString,
                    Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(throughOptions, null, null, null)).ErrorId);
                Assert.Equal(0L, PostgresServer.Scalar(server, $"SELECT COUNT(*) FROM pg_namespace WHERE nspname = '{fresh}'"));
                using (var first = PostgreSqlMigrationStore.Open(With($"{old}, public"), null, null, null))
                    Assert.Single(first.QueryAsync(new MigrationStatusQuery(), default).GetAwaiter().GetResult());
                using (PostgreSqlMigrationStore.Open(With($"{other}, public"), null, null, null)) { }
                Assert.Equal(0L, PostgresServer.Scalar(With(other), "SELECT COUNT(*) FROM requests"));
            }
            finally
            {
                PostgresServer.DropSchemas(old, fresh, other);
            }
        }

        /// <summary>
        /// Found by an outside probe: a search path set on the server's side (here the role's default; PGOPTIONS alike) naming an
        /// empty schema before the store's opened a new, empty store in the empty one. Refused now, nothing created in it; the
        /// connection string's own Search Path still decides where it gives one.
        /// </summary>
        [Fact]
        public void A_search_path_set_outside_the_connection_string_is_held_to_the_same_rule()
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
            var unique = Guid.NewGuid().ToString("N").Substring(0, 12);
            var (old, empty, role) = ($"mm_old_{unique}", $"mm_empty_{unique}", $"mm_role_{unique}");
            var asRole = new NpgsqlConnectionStringBuilder(server) { Username = role, Password = "role-" + unique }.ConnectionString;
            try
            {
                using (var store = PostgreSqlMigrationStore.Open(new NpgsqlConnectionStringBuilder(server) { SearchPath = old }.ConnectionString, null, null, null))
                    store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse("ashaw@contoso.com"), SourceMeetingType.All, TargetMeetingType.Current), default).GetAwaiter().GetResult();
                PostgresServer.Scalar(server, $"CREATE SCHEMA \"{empty}\"");
                PostgresServer.Scalar(server, $"CREATE ROLE \"{role}\" LOGIN PASSWORD 'role-{unique}'");
                foreach (var schema in new[] { old, empty })
                {
                    PostgresServer.Scalar(server, $"GRANT ALL ON SCHEMA \"{schema}\" TO \"{role}\"");
                    PostgresServer.Scalar(server, $"GRANT ALL ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{role}\"");
                    PostgresServer.Scalar(server, $"GRANT ALL ON ALL SEQUENCES IN SCHEMA \"{schema}\" TO \"{role}\"");
                }
                PostgresServer.Scalar(server, $"ALTER ROLE \"{role}\" SET search_path = \"{empty}\", \"{old}\"");

                var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(asRole, null, null, null));

                Assert.Equal(ErrorIds.InvalidStoreConnectionString, refused.ErrorId);
                Assert.Contains($"finds the store's tables in schema '{old}', but the first schema, '{empty}'", refused.Message);
                Assert.Equal(0L, PostgresServer.Scalar(server, $"SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{empty}'"));
                var named = new NpgsqlConnectionStringBuilder(asRole) { SearchPath = old }.ConnectionString;
                using (var store = PostgreSqlMigrationStore.Open(named, null, null, null))
                    Assert.Single(store.QueryAsync(new MigrationStatusQuery(), default).GetAwaiter().GetResult());
            }
            finally
            {
                PostgresServer.DropSchemas(old, empty);
                PostgresServer.DropRole(role);
            }
        }

        /// <summary>
        /// Found by an outside probe: Search Path=pg_catalog was refused by the server as a missing right (42501) with the advice to
        /// grant rights, pg_temp as an "unacceptable schema name", and information_schema opened a store among the server's catalog
        /// views, which pg_dump leaves out of a backup. A first schema of PostgreSQL's own is refused, naming it, and nothing is made.
        /// </summary>
        [Theory]
        [InlineData("Search Path=pg_catalog")]
        [InlineData("Search Path=PG_TEMP")]
        [InlineData("Search Path=information_schema, public")]
        [InlineData("Options=-c search_path=information_schema")]
        public void A_search_path_beginning_with_a_schema_of_postgresqls_own_is_refused_and_makes_no_table(string setting)
        {
            var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);

            var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(server + ";" + setting, null, null, null));

            Assert.Equal(ErrorIds.InvalidStoreConnectionString, refused.ErrorId);
            Assert.Contains("is PostgreSQL's own", refused.Message);
            Assert.Matches("its first schema, '(pg_catalog|pg_temp|information_schema)'", refused.Message);
            Assert.Contains("Search Path=meetingmigration", refused.RecommendedAction);
            Assert.Equal(0L, PostgresServer.Scalar(server,
                "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'schema_version' AND n.nspname IN ('pg_catalog', 'information_schema')"));
        }
    }
}
