using MeetingMigration.Engine.Store;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// Where a proof's queue lives: the embedded store's file, or a schema of its own on a PostgreSQL server (issue 12: the
/// crash proof on the store several machines share). The services are pointed at it the way an admin would.
/// </summary>
public sealed record ProofStore(string Location, bool IsServer)
{
    public static ProofStore File(string path) => new(path, false);

    /// <summary>A fresh schema (created by the store) on the server, so runs never meet each other's rows.</summary>
    public static ProofStore Server(string connectionString, string name) =>
        new($"{connectionString.TrimEnd(';')};Search Path=mm_proof_{name}_{DateTime.UtcNow:yyyyMMddHHmmss}", true);

    public RelationalMigrationStore Open() => IsServer ? MigrationStores.OpenServer(Location, null, null) : SqliteMigrationStore.Open(Location);

    /// <summary>The service's store setting for this store.</summary>
    public Dictionary<string, string> Configure(Dictionary<string, string> settings)
    {
        if (!IsServer) return settings;
        settings.Remove("StorePath");
        settings["StoreConnectionString"] = Location;
        return settings;
    }

    /// <summary>For the report: the file, or the server without its connection string's secrets.</summary>
    public string Describe() => IsServer ? "a PostgreSQL schema of its own" : "the embedded store";
}
