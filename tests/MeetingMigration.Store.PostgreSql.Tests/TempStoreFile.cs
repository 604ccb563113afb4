using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Store.PostgreSql;
using Npgsql;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>
    /// The PostgreSQL counterpart of the embedded store's TempStoreFile: one throwaway schema per test (created on first
    /// use, dropped with everything in it on Dispose); every store opened through it works in that schema.
    /// </summary>
    public sealed class TempStoreFile : IDisposable
    {
        private readonly List<RelationalMigrationStore> _opened = new List<RelationalMigrationStore>();
        private readonly string _schema = "mmtest_" + Guid.NewGuid().ToString("N");
        private bool _created;

        /// <summary>The connection string of this test's schema (what -StoreConnectionString would be given).</summary>
        public string ConnectionString
        {
            get
            {
                var server = PostgresServer.ConnectionString ?? throw new InvalidOperationException(PostgresServer.SkipReason);
                if (!_created)
                {
                    Execute(server, $"CREATE SCHEMA {_schema}");
                    _created = true;
                }
                return new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ConnectionString;
            }
        }

        public PostgreSqlMigrationStore Open(IClock? clock = null) => Open(clock, null);

        public PostgreSqlMigrationStore Open(IClock? clock, string? tenant)
        {
            var store = PostgreSqlMigrationStore.Open(ConnectionString, null, tenant, clock);
            lock (_opened) _opened.Add(store);
            return store;
        }

        /// <summary>One value read straight from the test's schema, as a process that does not know the engine's formats reads it.</summary>
        public object? Scalar(string sql)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }

        public void Dispose()
        {
            lock (_opened)
            {
                foreach (var store in _opened) store.Dispose();
            }
            if (_created) Execute(PostgresServer.ConnectionString!, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }

        private static void Execute(string connectionString, string sql)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
