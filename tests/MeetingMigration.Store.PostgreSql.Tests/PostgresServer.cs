using System;
using Npgsql;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>The PostgreSQL server the tests may use: a connection string in MEETINGMIGRATION_TEST_POSTGRES, or none.</summary>
    internal static class PostgresServer
    {
        public const string Variable = "MEETINGMIGRATION_TEST_POSTGRES";

        public static string? ConnectionString => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)) ? null : Environment.GetEnvironmentVariable(Variable);

        /// <summary>Why a test cannot run here, or null when it can.</summary>
        public static string? SkipReason => ConnectionString == null
            ? $"No PostgreSQL server: set {Variable} to a connection string of a server where throwaway schemas may be created (.ci/run starts one)."
            : null;

        /// <summary>One statement on the server (as whoever the connection string names), its first value.</summary>
        public static object? Scalar(string connectionString, string sql)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }

        /// <summary>Drops a test's throwaway role, if it was made, with what it owns.</summary>
        public static void DropRole(string role)
        {
            if (!Equals(Scalar(ConnectionString!, $"SELECT COUNT(*) FROM pg_roles WHERE rolname = '{role}'"), 1L)) return;
            Scalar(ConnectionString!, $"DROP OWNED BY \"{role}\"");
            Scalar(ConnectionString!, $"DROP ROLE \"{role}\"");
        }

        /// <summary>Drops a test's throwaway schemas, with whatever they hold.</summary>
        public static void DropSchemas(params string[] schemas)
        {
            foreach (var schema in schemas) Scalar(ConnectionString!, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    // The linked test files say [Fact] and [Theory]; in this namespace those names bind to these (a type of the enclosing
    // namespace wins over the imported Xunit one), so each test reports skipped, with the reason, where no server was given.
    internal sealed class FactAttribute : Xunit.FactAttribute
    {
        public FactAttribute() => Skip = PostgresServer.SkipReason!;
    }

    internal sealed class TheoryAttribute : Xunit.TheoryAttribute
    {
        public TheoryAttribute() => Skip = PostgresServer.SkipReason!;
    }
}
