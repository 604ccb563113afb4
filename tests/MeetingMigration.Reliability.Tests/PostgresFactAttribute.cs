using Xunit;

namespace MeetingMigration.Reliability.Tests;

/// <summary>
/// A proof on a PostgreSQL store: it needs the server named by MEETINGMIGRATION_TEST_POSTGRES (.ci/run starts one) and
/// reports itself skipped, with the reason, where none was given.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MEETINGMIGRATION_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(Variable)))
            Skip = $"No PostgreSQL server: set {Variable} to a connection string of a server where throwaway schemas may be created (.ci/run starts one).";
    }
}
