using Microsoft.Data.Sqlite;

namespace MeetingMigration.Reliability.Audit;

/// <summary>SQLite's own check of the store file after the run: pages, indexes and free lists consistent.</summary>
public static class StoreIntegrity
{
    public static void Check(string storePath, Findings findings)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var result = Convert.ToString(command.ExecuteScalar());
        if (result != "ok") findings.Add(Findings.Leaked, "store integrity_check: " + result);
        findings.Count("store integrity_check ok", result == "ok" ? 1 : 0);
    }
}
