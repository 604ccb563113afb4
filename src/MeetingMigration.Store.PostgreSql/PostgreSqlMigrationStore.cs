using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Linq;
using System.Threading;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Npgsql;

namespace MeetingMigration.Store.PostgreSql
{
    /// <summary>
    /// The store on a PostgreSQL server, for several workers on several machines sharing one queue. The queries are the
    /// engine's (<see cref="RelationalMigrationStore"/>); what is PostgreSQL's own is how writers exclude each other: an
    /// exclusive write takes a transaction-scoped advisory lock on the tenant (released by commit, rollback, or the server
    /// when the connection dies, so a dead worker never leaves it held), and the lease query locks the row it takes with
    /// FOR UPDATE SKIP LOCKED.
    /// </summary>
    public sealed class PostgreSqlMigrationStore : RelationalMigrationStore, IBulkEnqueueStore, IKnownUserNames
    {
        private readonly PooledConnections _connections;
        private readonly bool _ownsConnections;
        /// <summary>Per tenant, shared by the instances over one data source (ForTenant): see <see cref="WriteGate"/>.</summary>
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _exclusiveGates;
        /// <summary>The clock this store (and the tenants' stores over its data source) reads, when it is the server's.</summary>
        private ServerClock? _serverClock;

        private PostgreSqlMigrationStore(PooledConnections connections, bool owns, ConcurrentDictionary<string, SemaphoreSlim> exclusiveGates,
            string location, string tenant, IClock clock)
            : base(location, tenant, clock)
        {
            _connections = connections;
            _ownsConnections = owns;
            _exclusiveGates = exclusiveGates;
        }

        /// <summary>The store a connection string designates, its syntax checked without connecting: see MigrationStores.DescribeServer.</summary>
        public static string Describe(string connectionString) => StoreConnectionString.Describe(StoreConnectionString.Parse(connectionString));

        /// <summary>
        /// Connects, and creates or upgrades the schema. password: used when the connection string has none (from a
        /// SecureString or the environment, so it is never typed into a command line). The connection string is checked here:
        /// a wrong one is InvalidStoreConnectionString, a server that cannot be reached StoreUnavailable; neither message
        /// repeats the password.
        /// </summary>
        public static PostgreSqlMigrationStore Open(string connectionString, string? password = null, string? tenant = null, IClock? clock = null)
        {
            var builder = StoreConnectionString.Parse(connectionString);
            if (string.IsNullOrEmpty(builder.Password) && !string.IsNullOrEmpty(password)) builder.Password = password;
            var location = StoreConnectionString.Describe(builder);
            var key = TenantKey.Normalize(tenant);
            var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
            // Without a clock given (a test's), the server's time: workers on several machines judge leases alike.
            var serverClock = clock == null ? new ServerClock(dataSource) : null;
            var store = new PostgreSqlMigrationStore(new PooledConnections(dataSource), owns: true, new ConcurrentDictionary<string, SemaphoreSlim>(), location, key, clock ?? serverClock!)
            {
                _serverClock = serverClock,
            };
            try
            {
                using var connection = dataSource.OpenConnection();
                var searchPath = SearchPathOf(connection, builder);
                if (searchPath != null) CreateSchemaOfSearchPath(connection, searchPath);
                else RefuseServerSearchPathHidingTheStore(connection);
                var found = StoreSchema.Upgrade(connection, PostgreSqlDialect.Instance, location);
                serverClock?.Start();
                store.NoteUpgrade(found);
                return store;
            }
            catch (Exception e) when (e is NpgsqlException || e is TimeoutException)
            {
                store.Dispose();
                throw CannotBeOpened(location, e, builder.Password);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>See MigrationStores.CheckServerEmpty: one connection, reads only, nothing created.</summary>
        public static void CheckEmpty(string connectionString, string? password = null)
        {
            var builder = StoreConnectionString.Parse(connectionString);
            if (string.IsNullOrEmpty(builder.Password) && !string.IsNullOrEmpty(password)) builder.Password = password;
            var location = StoreConnectionString.Describe(builder);
            try
            {
                using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Open();
                // Where a store opened on this connection string would be: the first schema of its search path (see Open).
                var searchPath = SearchPathOf(connection, builder);
                var schema = searchPath != null ? SchemasOf(searchPath).FirstOrDefault() : FirstSchemaOfServerPath(connection);
                if (schema == null || SchemasHoldingAStore(connection, new[] { schema }).Count == 0) return;
                foreach (var table in CopiedTableNames)
                {
                    var qualified = $"\"{schema.Replace("\"", "\"\"")}\".{table}";
                    using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
                    exists.Parameters.AddWithValue("name", qualified);
                    if (!(exists.ExecuteScalar() is true)) continue;
                    using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {qualified}", connection);
                    var rows = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                    if (rows > 0) throw DestinationNotEmpty(location, rows, table);
                }
            }
            catch (Exception e) when (e is NpgsqlException || e is TimeoutException)
            {
                throw CannotBeOpened(location, e, builder.Password);
            }
        }

        private static string? FirstSchemaOfServerPath(NpgsqlConnection connection) => ServerSchemas(connection).FirstOrDefault();

        /// <summary>The schemas of the connection's search path that exist, in order: where the server makes and finds tables.</summary>
        private static string[] ServerSchemas(NpgsqlConnection connection)
        {
            using var command = new NpgsqlCommand("SELECT current_schemas(false)", connection);
            return command.ExecuteScalar() as string[] ?? Array.Empty<string>();
        }

        /// <summary>StoreUnavailable for a store the server did not let us open, its password kept out of the message.</summary>
        private static MeetingMigrationException CannotBeOpened(string location, Exception e, string? password) =>
            new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.ResourceBusy,
                $"The store at {QuotedValue.Of(location)} cannot be opened: {QuotedValue.Inert(StoreConnectionString.Redact(ServerText(e), password), 200)}.",
                location, OpenFailureAdvice(e), e);

        /// <summary>
        /// "Search Path=meetingmigration" keeps the store's tables in a schema of their own (one database for several
        /// deployments, or beside other applications): that schema is created when missing, so the connection string is
        /// all a new deployment needs. Named as the server reads the search path: an unquoted name in lower case (the server
        /// folds A–Z), a quoted one as it is. Found by an outside probe: "Search Path=MeetingMigration" created the schema
        /// "MeetingMigration", the server then looked in meetingmigration, and no table could be created.
        /// A path of several schemas whose first does not hold the store while a later one does is refused: the first was
        /// created and a new, empty store opened in it, while the server, reading the same path, found the store's tables in
        /// the later one (an outside re-probe: a session on such a string worked on an empty queue).
        /// </summary>
        private static void CreateSchemaOfSearchPath(NpgsqlConnection connection, string? searchPath)
        {
            if (string.IsNullOrWhiteSpace(searchPath)) return;
            var schemas = SchemasOf(searchPath!);
            if (schemas.Count == 0) return;
            RefuseServersOwnSchema(schemas[0], searchPath!, "The connection string's Search Path lists");
            if (schemas.Count > 1)
            {
                var stores = SchemasHoldingAStore(connection, schemas);
                if (stores.Count > 0 && !stores.Contains(schemas[0]))
                    throw new MeetingMigrationException(ErrorIds.InvalidStoreConnectionString, ErrorKind.InvalidArgument,
                        $"The connection string's Search Path lists {QuotedValue.Of(searchPath)}: the store's tables are in schema {QuotedValue.Of(stores[0])}, " +
                        $"but the first schema, {QuotedValue.Of(schemas[0])}, is where a new, empty store would be made.",
                        searchPath, $"Give the store's schema alone (Search Path={stores[0]}), or first.");
            }
            // Created only when missing: CREATE SCHEMA IF NOT EXISTS asks for the right to create in the database even where the
            // schema exists, which a role given only the store's schema does not have (found writing a test of the above).
            using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_namespace WHERE nspname = @name", connection))
            {
                exists.Parameters.AddWithValue("name", schemas[0]);
                if (exists.ExecuteScalar() != null) return;
            }
            using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{schemas[0].Replace("\"", "\"\"")}\"", connection);
            command.ExecuteNonQuery();
        }

        /// <summary>
        /// The server's error as one line: its code and text, without the statement position Npgsql appends on lines of its
        /// own (an outside probe saw "…permission denied for schema x\n\nPOSITION: 14" in the message).
        /// </summary>
        /// <summary>
        /// What to do about a store that cannot be opened, by the server's answer: a right the role lacks (42501), or a search
        /// path naming no schema it may create in (3F000), is not fixed by checking the server and the password, which was the
        /// advice for every failure (an outside probe).
        /// </summary>
        private static string OpenFailureAdvice(Exception e) => (e as PostgresException)?.SqlState switch
        {
            "42501" => "The role in the connection string lacks a right the store needs: grant the rights docs/deployment.md lists " +
                       "(\"The rights the store's role needs\"), or connect as the store's owner.",
            // A statement_timeout too short for making or upgrading the store (outside probe Y: Connect said to check that the
            // server runs and the password, where Start and the service said what it was).
            "57014" => StoreFailures.StatementTimeoutAdvice + ".",
            "3F000" => "No schema of the search path can be used: name the store's schema in the connection string (Search Path=...) " +
                       "and grant the role USAGE on it (and CREATE to create the store), as docs/deployment.md says.",
            _ => "Check that the PostgreSQL server is running and reachable, and the database, user and password in the connection string.",
        };

        private static string ServerText(Exception e) => e is PostgresException server ? $"{server.SqlState}: {server.MessageText}" : e.Message;

        /// <summary>Of <paramref name="schemas"/>, those that hold a store's tables.</summary>
        private static List<string> SchemasHoldingAStore(NpgsqlConnection connection, IReadOnlyCollection<string> schemas)
        {
            using var holding = new NpgsqlCommand(
                "SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ANY(@names) " +
                "AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'schema_version') " +
                "AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'journal')", connection);
            holding.Parameters.AddWithValue("names", schemas.ToArray());
            var stores = new List<string>();
            using (var reader = holding.ExecuteReader())
                while (reader.Read()) stores.Add(reader.GetString(0));
            return stores;
        }

        /// <summary>
        /// A search path whose first schema is one of PostgreSQL's own (names beginning with pg_, and information_schema) is
        /// refused before anything is made. Found by an outside probe: Search Path=pg_catalog was refused by the server as a
        /// missing right (42501), and the advice was to grant rights; pg_temp as an "unacceptable schema name"; and
        /// information_schema was taken, a store made among the server's catalog views, which pg_dump leaves out of a backup.
        /// </summary>
        private static void RefuseServersOwnSchema(string first, string path, string whose)
        {
            if (!first.StartsWith("pg_", StringComparison.Ordinal) && first != "information_schema") return;
            throw new MeetingMigrationException(ErrorIds.InvalidStoreConnectionString, ErrorKind.InvalidArgument,
                $"{whose} {QuotedValue.Of(path)}: its first schema, {QuotedValue.Of(first)}, is PostgreSQL's own (names beginning with pg_, and " +
                "information_schema), where the store's tables cannot be made or would be left out of a backup.",
                path, "Give the store a schema of its own, first in the path (Search Path=meetingmigration; it is created when missing), or leave Search Path out to use the role's default.");
        }

        /// <summary>
        /// A search path the connection string does not set, set on the server's side (PGOPTIONS in the environment, the
        /// role's or the database's default): held to the same rule, nothing created. The server creates tables in the first
        /// schema of the path that exists (current_schemas), so a store in a later one is refused as above (an outside probe:
        /// with PGOPTIONS or ALTER ROLE … SET search_path naming an empty schema first, a new, empty store was opened in it).
        /// </summary>
        private static void RefuseServerSearchPathHidingTheStore(NpgsqlConnection connection)
        {
            var schemas = ServerSchemas(connection);
            if (schemas.Length > 0)
                RefuseServersOwnSchema(schemas[0], string.Join(", ", schemas), "The server's search path for this connection, set outside the connection string, is");
            if (schemas.Length < 2) return;
            var stores = SchemasHoldingAStore(connection, schemas);
            if (stores.Count == 0 || stores.Contains(schemas[0])) return;
            var path = string.Join(", ", schemas);
            throw new MeetingMigrationException(ErrorIds.InvalidStoreConnectionString, ErrorKind.InvalidArgument,
                $"The server's search path for this connection, {QuotedValue.Of(path)}, set outside the connection string (PGOPTIONS, or the role's or " +
                $"the database's default), finds the store's tables in schema {QuotedValue.Of(stores[0])}, but the first schema, {QuotedValue.Of(schemas[0])}, " +
                "is where a new, empty store would be made.",
                path, $"Name the store's schema in the connection string (Search Path={stores[0]}).");
        }

        /// <summary>
        /// The search path the connection string sets: "Search Path", or "-c search_path=…" in Options, which Npgsql passes
        /// to the server as it is (an outside re-probe: set that way, a path whose first schema was empty opened a new, empty
        /// store, past the check below). Read back from the server then, as the server parsed it.
        /// </summary>
        private static string? SearchPathOf(NpgsqlConnection connection, NpgsqlConnectionStringBuilder builder)
        {
            if (!string.IsNullOrWhiteSpace(builder.SearchPath)) return builder.SearchPath;
            if (builder.Options == null || builder.Options.IndexOf("search_path", StringComparison.OrdinalIgnoreCase) < 0) return null;
            using var command = new NpgsqlCommand("SELECT current_setting('search_path')", connection);
            return command.ExecuteScalar() as string;
        }

        /// <summary>The schemas a search path names, as the server reads them, in order ($user left out).</summary>
        private static List<string> SchemasOf(string searchPath) =>
            searchPath.Split(',').Select(SchemaAsTheServerReadsIt).Where(name => name.Length > 0 && name != "$user").ToList();

        /// <summary>One name of a search path as the server reads it: quoted, as written; unquoted, A–Z folded to lower case.</summary>
        private static string SchemaAsTheServerReadsIt(string name)
        {
            name = name.Trim();
            return name.Length > 1 && name[0] == '"' && name[name.Length - 1] == '"'
                ? name.Substring(1, name.Length - 2).Replace("\"\"", "\"")
                : new string(name.Select(c => c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c).ToArray());
        }

        public override RelationalMigrationStore ForTenant(string tenant) =>
            new PostgreSqlMigrationStore(_connections, owns: false, _exclusiveGates, Location, TenantKey.Normalize(tenant), Clock);

        protected override DbConnection OpenConnection() => _connections.Open();

        protected override DbTransaction BeginWrite(DbConnection connection, bool exclusive)
        {
            var transaction = ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.ReadCommitted);
            if (exclusive)
            {
                // One exclusive writer per tenant at a time, across every machine: what SQLite's BEGIN IMMEDIATE gives the
                // embedded store. Under READ COMMITTED each later statement reads what the previous holder committed.
                using var command = new NpgsqlCommand(
                    $"SELECT pg_advisory_xact_lock({PostgreSqlDialect.LockSpace}, hashtext(current_schema() || '/tenant/' || @tenant))",
                    (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
                command.Parameters.AddWithValue("tenant", Tenant);
                command.ExecuteNonQuery();
            }
            return transaction;
        }

        protected override string LockFoundRow => "FOR UPDATE OF r SKIP LOCKED";

        /// <summary>
        /// A tenant's exclusive writers of this process queue here before taking a connection: they would wait for each
        /// other on the advisory lock anyway, and a few hundred of them waiting there held as many connections and server
        /// backends (opening one more then timed out on a busy machine). Fenced single-statement writes do not queue.
        /// </summary>
        protected override SemaphoreSlim? WriteGate(bool exclusive) =>
            exclusive ? _exclusiveGates.GetOrAdd(Tenant, _ => new SemaphoreSlim(1, 1)) : null;

        public override void Dispose()
        {
            CloseKeptConnections();
            if (_ownsConnections) _serverClock?.Dispose();
            if (_ownsConnections) _connections.Dispose();
        }
    }
}
