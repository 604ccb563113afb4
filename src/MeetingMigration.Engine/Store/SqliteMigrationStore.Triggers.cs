using System;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    public sealed partial class SqliteMigrationStore
    {
        // Trigger state shares the settings table (no schema change); the prefix keeps it apart from the tenant settings.
        private const string TriggerKeyPrefix = "Trigger:";

        public Task<string?> GetTriggerStateAsync(string name, CancellationToken cancellationToken)
        {
            var key = TriggerKey(name);
            var json = Read(connection =>
            {
                using var command = Command(connection, null, "SELECT json FROM settings WHERE name = $n");
                command.Parameters.AddWithValue("$n", key);
                return command.ExecuteScalar() as string;
            }, cancellationToken);
            return Task.FromResult(json);
        }

        public Task<bool> SaveTriggerStateAsync(string name, string? expected, string state, CancellationToken cancellationToken)
        {
            if (state == null) throw new ArgumentNullException(nameof(state));
            var key = TriggerKey(name);
            var saved = Write((connection, transaction) =>
            {
                // Compare and swap inside the write transaction: BEGIN IMMEDIATE already excludes other writers.
                using var read = Command(connection, transaction, "SELECT json FROM settings WHERE name = $n");
                read.Parameters.AddWithValue("$n", key);
                var current = read.ExecuteScalar() as string;
                if (!string.Equals(current, expected, StringComparison.Ordinal)) return false;
                using var write = Command(connection, transaction,
                    "INSERT INTO settings (name, json) VALUES ($n, $j) ON CONFLICT(name) DO UPDATE SET json = excluded.json");
                write.Parameters.AddWithValue("$n", key);
                write.Parameters.AddWithValue("$j", state);
                write.ExecuteNonQuery();
                return true;
            }, cancellationToken);
            return Task.FromResult(saved);
        }

        private static string TriggerKey(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A trigger name is required.", nameof(name));
            return TriggerKeyPrefix + name;
        }
    }
}
