using System;

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
