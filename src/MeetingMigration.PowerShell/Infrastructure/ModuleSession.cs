using System;
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
    /// The connection of one PowerShell runspace: which store it uses and, once connected, which Graph tenant. Kept per
    /// runspace (not per process) so parallel runspaces, jobs and test hosts each keep their own connection.
    /// </summary>
    internal sealed class ModuleSession : IDisposable
    {
        /// <summary>Overrides the default store location for every session of the process (containers, CI).</summary>
        public const string StorePathVariable = "MEETINGMIGRATION_STORE_PATH";

        private static readonly ConditionalWeakTable<Runspace, ModuleSession> Sessions = new ConditionalWeakTable<Runspace, ModuleSession>();
        private static readonly object Gate = new object();
        private IMigrationStore? _store;

        public string? StorePath { get; private set; }

        /// <summary>True once this session has opened its store (Connect, or the first cmdlet that needed it).</summary>
        public bool IsStoreOpen => _store != null;

        /// <summary>Where the store's path comes from: Connect-MeetingMigration -StorePath, the environment, or the default.</summary>
        public string StoreSource => _chosen ? "Connect-MeetingMigration -StorePath"
            : string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(StorePathVariable)) ? "default" : StorePathVariable;

        /// <summary>The path the session uses, or would use on first need.</summary>
        public string EffectiveStorePath => StorePath ?? DefaultStorePath();

        private bool _chosen;
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

        /// <summary>The store, opened on first use at the configured or default path.</summary>
        public IMigrationStore Store
        {
            get
            {
                if (_store != null) return _store;
                var path = StorePath ?? DefaultStorePath();
                _store = SqliteMigrationStore.Open(path);
                StorePath = path;
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

        /// <summary>Switches to another store; the new one is opened (and created) now, so a bad path fails at Connect.</summary>
        public void UseStore(string path)
        {
            var store = SqliteMigrationStore.Open(path);
            _store?.Dispose();
            _store = store;
            StorePath = store.Location;
            _chosen = true;
        }

        public void UseGraph(GraphConnection graph)
        {
            Graph?.Dispose();
            Graph = graph;
        }

        public void Dispose()
        {
            _store?.Dispose();
            _store = null;
            StorePath = null;
            _chosen = false;
            Graph?.Dispose();
            Graph = null;
        }
    }
}
