using System;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        // Trigger state shares the settings table (no schema change); the prefix keeps it apart from the tenant settings.
        private const string TriggerKeyPrefix = "Trigger:";

        public Task<string?> GetTriggerStateAsync(string name, CancellationToken cancellationToken)
        {
            var key = TriggerKey(name);
            var json = Read(connection =>
            {
                using var command = Command(connection, null, "SELECT json FROM settings WHERE tenant = @tenant AND name = @n");
                command.Add("@n", key);
                return command.ExecuteScalar() as string;
            }, cancellationToken);
            return Task.FromResult(json);
        }

        public Task<bool> SaveTriggerStateAsync(string name, string? expected, string state, CancellationToken cancellationToken)
        {
            if (state == null) throw new ArgumentNullException(nameof(state));
            var key = TriggerKey(name);
            return WriteAsync((connection, transaction) =>
            {
                // Compare and swap inside the write transaction: BEGIN IMMEDIATE already excludes other writers.
                using var read = Command(connection, transaction, "SELECT json FROM settings WHERE tenant = @tenant AND name = @n");
                read.Add("@n", key);
                var current = read.ExecuteScalar() as string;
                if (!string.Equals(current, expected, StringComparison.Ordinal)) return false;
                using var write = Command(connection, transaction,
                    "INSERT INTO settings (tenant, name, json) VALUES (@tenant, @n, @j) ON CONFLICT(tenant, name) DO UPDATE SET json = excluded.json");
                write.Add("@n", key);
                write.Add("@j", state);
                write.ExecuteNonQuery();
                return true;
            }, cancellationToken);
        }

        private static string TriggerKey(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A trigger name is required.", nameof(name));
            return TriggerKeyPrefix + name;
        }
    }
}
