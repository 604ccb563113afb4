using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>What Connect-MeetingMigration -PassThru returns: where the session points, never a secret.</summary>
    public sealed class MeetingMigrationConnection
    {
        /// <summary>The store file, or the PostgreSQL server as postgresql://user@host:port/database (never its password).</summary>
        public string StorePath { get; private set; } = "";
        /// <summary>Embedded (a SQLite file) or PostgreSQL.</summary>
        public string StoreKind { get; private set; } = "";
        /// <summary>The tenant whose requests, settings and journal the session sees in the store; empty: the default tenant.</summary>
        public string StoreTenant { get; private set; } = "";
        /// <summary>Connect-MeetingMigration -StorePath or -StoreConnectionString, MEETINGMIGRATION_STORE_PATH or _CONNECTION, or default.</summary>
        public string StoreSource { get; private set; } = "";
        /// <summary>False before the first cmdlet that needs the store, and after Disconnect-MeetingMigration.</summary>
        public bool IsStoreOpen { get; private set; }
        /// <summary>
        /// Why the session has no store: its last Connect-MeetingMigration failed while none was open, and store cmdlets
        /// refuse (StoreNotConnected) until a Connect succeeds or Disconnect-MeetingMigration; null otherwise.
        /// </summary>
        public string? StoreError { get; private set; }
        public bool IsGraphConnected { get; private set; }
        public string? TenantId { get; private set; }
        public string? ClientId { get; private set; }
        public string? GraphEndpoint { get; private set; }
        public string? AuthenticationMode { get; private set; }

        internal static MeetingMigrationConnection From(ModuleSession session) => new MeetingMigrationConnection
        {
            StorePath = session.EffectiveStorePath,
            StoreKind = session.StoreKind,
            StoreTenant = session.StoreTenant,
            StoreSource = session.StoreSource,
            IsStoreOpen = session.IsStoreOpen,
            StoreError = session.FailedConnect,
            IsGraphConnected = session.Graph != null,
            TenantId = session.Graph?.Options.TenantId,
            ClientId = session.Graph?.Options.ClientId,
            GraphEndpoint = session.Graph?.Options.GraphEndpoint,
            AuthenticationMode = session.Graph?.Options.Mode.ToString(),
        };
    }
}
