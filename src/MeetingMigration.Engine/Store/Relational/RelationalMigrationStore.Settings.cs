using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Configuration;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        private const string TenantMigrationKey = "TenantMigrationConfiguration";
        private const string DialInKey = "DialInConferencingTenantSettings";

        internal static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            Converters = { new JsonStringEnumConverter() },
        };

        public Task<TenantMigrationConfiguration> GetTenantMigrationConfigurationAsync(CancellationToken cancellationToken) =>
            Task.FromResult(ReadSetting<TenantMigrationConfiguration>(TenantMigrationKey, cancellationToken) ?? new TenantMigrationConfiguration());

        public Task SaveTenantMigrationConfigurationAsync(TenantMigrationConfiguration configuration, CancellationToken cancellationToken)
        {
            configuration.Validate();
            return WriteSettingAsync(TenantMigrationKey, configuration, cancellationToken);
        }

        public Task<DialInConferencingTenantSettings> GetDialInSettingsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(ReadSetting<DialInConferencingTenantSettings>(DialInKey, cancellationToken) ?? new DialInConferencingTenantSettings());

        public Task SaveDialInSettingsAsync(DialInConferencingTenantSettings settings, CancellationToken cancellationToken)
        {
            settings.KeepEachDomainOnce();
            settings.Validate();
            return WriteSettingAsync(DialInKey, settings, cancellationToken);
        }

        public Task<TenantMigrationConfiguration> UpdateTenantMigrationConfigurationAsync(Action<TenantMigrationConfiguration> change, CancellationToken cancellationToken) =>
            UpdateSettingAsync(TenantMigrationKey, () => new TenantMigrationConfiguration(), change, c => c.Validate(), cancellationToken);

        public Task<DialInConferencingTenantSettings> UpdateDialInSettingsAsync(Action<DialInConferencingTenantSettings> change, CancellationToken cancellationToken) =>
            UpdateSettingAsync(DialInKey, () => new DialInConferencingTenantSettings(), change, s => { s.KeepEachDomainOnce(); s.Validate(); }, cancellationToken);

        /// <summary>Read-modify-write under the write lock taken up front: no other writer can slip in between.</summary>
        private Task<T> UpdateSettingAsync<T>(string name, Func<T> defaults, Action<T> change, Action<T> validate, CancellationToken cancellationToken) where T : class =>
            WriteAsync((connection, transaction) =>
            {
                T current;
                using (var read = Command(connection, transaction, "SELECT json FROM settings WHERE tenant = @tenant AND name = @n"))
                {
                    read.Add("@n", name);
                    current = read.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json, Json) ?? defaults() : defaults();
                }
                change(current);
                validate(current);
                using var write = Command(connection, transaction,
                    "INSERT INTO settings (tenant, name, json) VALUES (@tenant, @n, @j) ON CONFLICT(tenant, name) DO UPDATE SET json = excluded.json");
                write.Add("@n", name);
                write.Add("@j", JsonSerializer.Serialize(current, Json));
                write.ExecuteNonQuery();
                return current;
            }, cancellationToken);

        private T? ReadSetting<T>(string name, CancellationToken cancellationToken) where T : class =>
            Read(connection =>
            {
                using var command = Command(connection, null, "SELECT json FROM settings WHERE tenant = @tenant AND name = @n");
                command.Add("@n", name);
                var json = command.ExecuteScalar() as string;
                return json == null ? null : JsonSerializer.Deserialize<T>(json, Json);
            }, cancellationToken);

        private Task<int> WriteSettingAsync<T>(string name, T value, CancellationToken cancellationToken) =>
            WriteAsync((connection, transaction) =>
            {
                using var command = Command(connection, transaction,
                    "INSERT INTO settings (tenant, name, json) VALUES (@tenant, @n, @j) ON CONFLICT(tenant, name) DO UPDATE SET json = excluded.json");
                command.Add("@n", name);
                command.Add("@j", JsonSerializer.Serialize(value, Json));
                return command.ExecuteNonQuery();
            }, cancellationToken);
    }
}
