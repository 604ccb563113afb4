using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Users;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The connection of one PowerShell runspace: which store it uses (the embedded file, or a PostgreSQL server), which
    /// tenant's rows in it, and, once connected, which Graph tenant. Kept per runspace (not per process) so parallel
    /// runspaces, jobs and test hosts each keep their own connection.
    /// </summary>
    internal sealed class ModuleSession : IDisposable
    {
        /// <summary>Overrides the default store location for every session of the process (containers, CI).</summary>
        public const string StorePathVariable = "MEETINGMIGRATION_STORE_PATH";

        private static readonly ConditionalWeakTable<Runspace, ModuleSession> Sessions = new ConditionalWeakTable<Runspace, ModuleSession>();
        private static readonly object Gate = new object();
        private IMigrationStore? _store;
        private string? _chosenBy;
        /// <summary>The store a Connect-MeetingMigration of any runspace of this process chose last; null before one did.</summary>
        private static string? _lastChosenStore;
        /// <summary>This session had a store of its choosing and was disconnected: it falls back to the default now.</summary>
        private bool _disconnected;
        /// <summary>
        /// The store a Connect-MeetingMigration of this session failed to open, and why, while no store was open. Found by an
        /// outside probe: the next cmdlet then opened the default store, and a request queued there was one no service saw.
        /// Cleared by a Connect that succeeds and by Disconnect-MeetingMigration.
        /// </summary>
        private (string Store, string Reason)? _failedConnect;

        /// <summary>The -Tenant values already warned about as not checked, with the store tenant they were not checked against.</summary>
        private readonly HashSet<(string StoreTenant, Guid Tenant)> _uncheckedTenantsWarned = new HashSet<(string StoreTenant, Guid Tenant)>();

        /// <summary>
        /// True the first time this session cannot check <paramref name="tenant"/> against its store tenant: a script that
        /// passes -Tenant to every call in a session without a tenant id gets the warning once, not once per call.
        /// </summary>
        public bool FirstUncheckedTenant(Guid tenant)
        {
            lock (_uncheckedTenantsWarned) return _uncheckedTenantsWarned.Add((StoreTenant, tenant));
        }

        /// <summary>Where the open store is (a file path, or postgresql://user@host:port/database); null before it is opened.</summary>
        public string? StorePath { get; private set; }

        /// <summary>The tenant whose rows the session uses in the store ("" the default tenant; see TenantKey).</summary>
        public string StoreTenant { get; private set; } = DefaultStoreTenant();

        /// <summary>Embedded (SQLite file) or PostgreSQL: the open store's, else the one the session would open.</summary>
        public string StoreKind => _store is SqliteMigrationStore || (_store == null && DefaultConnectionString() == null) ? "Embedded" : "PostgreSQL";

        /// <summary>The failed Connect-MeetingMigration that keeps this session without a store, in words; null when there is none.</summary>
        public string? FailedConnect => _failedConnect is { } f ? $"Connect-MeetingMigration to {f.Store} failed ({f.Reason})" : null;

        /// <summary>True once this session has opened its store (Connect, or the first cmdlet that needed it).</summary>
        public bool IsStoreOpen => _store != null;

        /// <summary>Where the store choice comes from: a Connect-MeetingMigration parameter, an environment variable, or the default.</summary>
        public string StoreSource => _chosenBy
            ?? (DefaultConnectionString() != null ? MigrationStores.ConnectionStringVariable
                : string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(StorePathVariable)) ? "default" : StorePathVariable);

        /// <summary>The store the session uses, or would use on first need (a server store is described once opened).</summary>
        public string EffectiveStorePath => StorePath
            ?? (DefaultConnectionString() != null ? $"PostgreSQL (the connection string in {MigrationStores.ConnectionStringVariable})" : DefaultStorePath());

        public GraphConnection? Graph { get; private set; }
        public IUserDirectory? Directory => Graph?.Gateway;

        public static ModuleSession Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace is running on this thread.");
                lock (Gate) return Sessions.GetValue(runspace, _ => new ModuleSession());
            }
        }

        /// <summary>The store, opened on first use: the server in MEETINGMIGRATION_STORE_CONNECTION, else the default file.</summary>
        public IMigrationStore Store
        {
            get
            {
                if (_store != null) return _store;
                if (_failedConnect != null)
                    throw new Engine.Errors.MeetingMigrationException(Engine.Errors.ErrorIds.StoreNotConnected, Engine.Errors.ErrorKind.InvalidOperation,
                        $"This session is not connected to a store: {FailedConnect}, and it does not fall back to the default store.",
                        null,
                        $"Run Connect-MeetingMigration again once that store can be opened, or Disconnect-MeetingMigration to use the default store ({EffectiveStorePath}).");
                var connection = DefaultConnectionString();
                _store = connection != null
                    ? MigrationStores.OpenServer(connection, null, StoreTenant)
                    : SqliteMigrationStore.Open(DefaultStorePath(), tenant: StoreTenant);
                StorePath = _store.Location;
                _upgradeNotice = _store.Upgraded?.Notice;
                return _store;
            }
        }

        public MigrationAdmin Admin => new MigrationAdmin(Store, directory: Directory);

        public ConferencingAdmin Conferencing => new ConferencingAdmin(Store);

        public static string DefaultStorePath()
        {
            var overridden = Environment.GetEnvironmentVariable(StorePathVariable);
            return string.IsNullOrWhiteSpace(overridden) ? SqliteMigrationStore.DefaultPath : overridden!;
        }

        /// <summary>True when the session would open the default store file and it does not exist yet (completion opens nothing then).</summary>
        public bool DefaultStoreMissing => !IsStoreOpen && DefaultConnectionString() == null && !System.IO.File.Exists(DefaultStorePath());

        private static string? DefaultConnectionString()
        {
            var value = Environment.GetEnvironmentVariable(MigrationStores.ConnectionStringVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        private static string DefaultStoreTenant() => Environment.GetEnvironmentVariable(MigrationStores.TenantVariable) ?? "";

        private string? _upgradeNotice;

        /// <summary>What opening the store did to its schema, said once by the cmdlet that opened it (null: nothing to say).</summary>
        public string? TakeUpgradeNotice() => System.Threading.Interlocked.Exchange(ref _upgradeNotice, null);

        /// <summary>
        /// Switches to another store (opened, and created or upgraded, now, so a bad choice fails at Connect and leaves the
        /// session as it was). path: a store file; connectionString: a PostgreSQL server; neither: the default store.
        /// chosenBy: the parameter that chose it, for StoreSource; null when the default was taken.
        /// </summary>
        public void UseStore(string? path, string? connectionString, string? password, string? tenant, string? chosenBy)
        {
            var key = TenantKey.Normalize(tenant ?? DefaultStoreTenant());
            var connection = connectionString ?? (path == null ? DefaultConnectionString() : null);
            // A store that cannot be opened throws here and leaves the session as it was; Connect-MeetingMigration records
            // the failure (RecordFailedConnect) whatever step of it failed.
            IMigrationStore store = connection != null
                ? MigrationStores.OpenServer(connection, password, key)
                : SqliteMigrationStore.Open(path ?? DefaultStorePath(), tenant: key);
            _store?.Dispose();
            _store = store;
            StorePath = store.Location;
            _upgradeNotice = store.Upgraded?.Notice;
            StoreTenant = key;
            _chosenBy = chosenBy;
            _disconnected = false;
            _failedConnect = null;
            if (chosenBy != null) System.Threading.Volatile.Write(ref _lastChosenStore, store.Location);
        }

        /// <summary>
        /// A warning for a session about to open the default store when that is likely not what the script meant; null
        /// otherwise. Found by an outside probe: ForEach-Object -Parallel runspaces (each a session of its own) and a
        /// session after Disconnect-MeetingMigration queued into the default store, silently, while the script's connected
        /// store and the service never saw those requests.
        /// </summary>
        public string? ImplicitStoreWarning()
        {
            if (_store != null || _chosenBy != null) return null;
            var path = EffectiveStorePath;
            if (_disconnected)
                return $"After Disconnect-MeetingMigration this session uses {path} ({StoreSource}). Run Connect-MeetingMigration -StorePath (or -StoreConnectionString) to use another store.";
            var other = System.Threading.Volatile.Read(ref _lastChosenStore);
            if (other != null && !string.Equals(other, path, StringComparison.Ordinal))
                return $"This runspace has no Connect-MeetingMigration of its own, so it uses {path} ({StoreSource}), not {other}, which another runspace of this process connected to. " +
                       "Runspaces keep their own connection: in ForEach-Object -Parallel, Start-ThreadJob or a job, run Connect-MeetingMigration -StorePath $using:path first.";
            return null;
        }

        /// <summary>
        /// A Connect-MeetingMigration that named a store failed (on the store or any other parameter): a session with a store
        /// open keeps it; one without refuses to open the default one behind the admin's back. The store is named as typed,
        /// never by its connection string (which may hold a password).
        /// </summary>
        public void RecordFailedConnect(string store, string reason)
        {
            if (_store == null) _failedConnect = (store, reason);
        }

        public void UseGraph(GraphConnection graph)
        {
            Graph?.Dispose();
            Graph = graph;
        }

        public void Dispose()
        {
            // A second Disconnect (a cleanup block after an earlier one) keeps saying the session was disconnected.
            _disconnected = _disconnected || _chosenBy != null;
            _failedConnect = null;
            _store?.Dispose();
            _store = null;
            StorePath = null;
            StoreTenant = DefaultStoreTenant();
            _chosenBy = null;
            Graph?.Dispose();
            Graph = null;
        }
    }
}
