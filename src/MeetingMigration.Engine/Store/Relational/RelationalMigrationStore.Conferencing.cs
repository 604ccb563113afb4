using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Data.Common;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Configuration;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore
    {
        public Task<DialInUser?> GetDialInUserAsync(string userPrincipalName, CancellationToken cancellationToken) =>
            Task.FromResult(Read(connection => new ConferencingEdit(this, connection, null).FindUser(userPrincipalName), cancellationToken));

        public Task<IReadOnlyList<DialInUser>> GetDialInUsersAsync(CancellationToken cancellationToken) =>
            Task.FromResult(Read(connection => ConferencingEdit.Users(Command(connection, null, "SELECT json FROM dialin_users WHERE tenant = @tenant ORDER BY upn_norm")), cancellationToken));

        public Task<IReadOnlyList<ConferencingBridge>> GetBridgesAsync(CancellationToken cancellationToken) =>
            Task.FromResult(Read(connection => new ConferencingEdit(this, connection, null).Bridges(), cancellationToken));

        public Task<T> EditConferencingAsync<T>(Func<IConferencingEdit, T> edit, CancellationToken cancellationToken) =>
            WriteAsync((connection, transaction) => edit(new ConferencingEdit(this, connection, transaction)), cancellationToken);

        /// <summary>The conferencing tables through one connection (and, for changes, its write transaction).</summary>
        private sealed class ConferencingEdit : IConferencingEdit
        {
            private readonly RelationalMigrationStore _store;
            private readonly DbConnection _connection;
            private readonly DbTransaction? _transaction;
            private TenantMigrationConfiguration? _configuration;
            private DialInConferencingTenantSettings? _dialIn;

            public ConferencingEdit(RelationalMigrationStore store, DbConnection connection, DbTransaction? transaction)
            {
                _store = store;
                _connection = connection;
                _transaction = transaction;
            }

            public TenantMigrationConfiguration Configuration =>
                _configuration ??= ReadSettingIn<TenantMigrationConfiguration>(TenantMigrationKey) ?? new TenantMigrationConfiguration();

            public DialInConferencingTenantSettings DialInSettings =>
                _dialIn ??= ReadSettingIn<DialInConferencingTenantSettings>(DialInKey) ?? new DialInConferencingTenantSettings();

            public DialInUser? FindUser(string userPrincipalName)
            {
                using var command = _store.Command(_connection, _transaction, "SELECT json FROM dialin_users WHERE tenant = @tenant AND upn_norm = @u");
                command.Add("@u", Normalize(userPrincipalName));
                return Users(command).FirstOrDefault();
            }

            public DialInUser? FindUserByConferenceId(string conferenceId)
            {
                using var command = _store.Command(_connection, _transaction, "SELECT json FROM dialin_users WHERE tenant = @tenant AND conference_id = @c LIMIT 1");
                command.Add("@c", conferenceId);
                return Users(command).FirstOrDefault();
            }

            public IReadOnlyList<DialInUser> UsersWithNumber(string number)
            {
                using var command = _store.Command(_connection, _transaction,
                    "SELECT json FROM dialin_users WHERE tenant = @tenant AND (service_number = @n OR toll_free LIKE @like) ORDER BY upn_norm");
                command.Add("@n", number);
                command.Add("@like", "%;" + number + ";%");
                return Users(command);
            }

            public IReadOnlyList<DialInUser> UsersOnBridgeDefault(Guid bridgeId, ServiceNumberType type)
            {
                using var command = _store.Command(_connection, _transaction,
                    type == ServiceNumberType.Toll
                        ? "SELECT json FROM dialin_users WHERE tenant = @tenant AND bridge_id = @b AND service_number IS NULL ORDER BY upn_norm"
                        : "SELECT json FROM dialin_users WHERE tenant = @tenant AND bridge_id = @b AND toll_free = '' ORDER BY upn_norm");
                command.Add("@b", bridgeId.ToString("D"));
                return Users(command);
            }

            public IReadOnlyList<ConferencingBridge> Bridges()
            {
                using var command = _store.Command(_connection, _transaction, "SELECT json FROM bridges WHERE tenant = @tenant ORDER BY name_norm");
                var bridges = new List<ConferencingBridge>();
                using var reader = command.ExecuteReader();
                while (reader.Read()) bridges.Add(JsonSerializer.Deserialize<ConferencingBridge>(reader.GetString(0), Json)!);
                return bridges;
            }

            public ConferencingBridge? FindBridge(Guid identity) => Bridges().FirstOrDefault(b => b.Identity == identity);

            public ConferencingBridge? FindBridge(string name) =>
                Bridges().FirstOrDefault(b => ConferencingBridge.SameName(b.Name, name));

            public void Save(DialInUser user)
            {
                using var command = _store.Command(_connection, RequireTransaction(),
                    "INSERT INTO dialin_users (tenant, upn_norm, upn, conference_id, bridge_id, service_number, toll_free, json) VALUES (@tenant, @u, @upn, @c, @b, @n, @tf, @j) " +
                    "ON CONFLICT(tenant, upn_norm) DO UPDATE SET upn = excluded.upn, conference_id = excluded.conference_id, bridge_id = excluded.bridge_id, " +
                    "service_number = excluded.service_number, toll_free = excluded.toll_free, json = excluded.json");
                command.Add("@upn", user.UserPrincipalName.Trim());
                command.Add("@u", Normalize(user.UserPrincipalName));
                command.Add("@c", user.ConferenceId);
                command.Add("@b", user.BridgeId?.ToString("D"));
                command.Add("@n", user.ServiceNumber);
                command.Add("@tf", user.TollFreeServiceNumbers.Count == 0 ? "" : ";" + string.Join(";", user.TollFreeServiceNumbers) + ";");
                command.Add("@j", JsonSerializer.Serialize(user, Json));
                command.ExecuteNonQuery();
            }

            public void Save(ConferencingBridge bridge)
            {
                using var command = _store.Command(_connection, RequireTransaction(),
                    "INSERT INTO bridges (tenant, id, name_norm, json) VALUES (@tenant, @id, @n, @j) " +
                    "ON CONFLICT(tenant, id) DO UPDATE SET name_norm = excluded.name_norm, json = excluded.json");
                command.Add("@id", bridge.Identity.ToString("D"));
                command.Add("@n", bridge.Name.Trim().ToLowerInvariant());
                command.Add("@j", JsonSerializer.Serialize(bridge, Json));
                command.ExecuteNonQuery();
            }

            public EnqueueResult Enqueue(EnqueueRequest request) => _store.Enqueue(_connection, RequireTransaction(), request);

            public Model.MigrationRequest? FindPendingRequest(string userPrincipalName, Guid? userId) =>
                _store.FindPending(_connection, RequireTransaction(), Normalize(userPrincipalName), userId);

            internal static IReadOnlyList<DialInUser> Users(DbCommand command)
            {
                var users = new List<DialInUser>();
                using (command)
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read()) users.Add(JsonSerializer.Deserialize<DialInUser>(reader.GetString(0), Json)!);
                }
                return users;
            }

            private T? ReadSettingIn<T>(string name) where T : class
            {
                using var command = _store.Command(_connection, _transaction, "SELECT json FROM settings WHERE tenant = @tenant AND name = @n");
                command.Add("@n", name);
                return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json, Json) : null;
            }

            private DbTransaction RequireTransaction() =>
                _transaction ?? throw new InvalidOperationException("Conferencing data is changed only through EditConferencingAsync.");

            private static string Normalize(string userPrincipalName)
            {
                var upn = userPrincipalName.Trim();
                if (upn.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) upn = upn.Substring(4);
                return upn.ToLowerInvariant();
            }
        }
    }
}
