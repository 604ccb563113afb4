using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>What Connect-MeetingMigration -PassThru returns: where the session points, never a secret.</summary>
    public sealed class MeetingMigrationConnection
    {
        public string StorePath { get; private set; } = "";
        /// <summary>Connect-MeetingMigration -StorePath, MEETINGMIGRATION_STORE_PATH, or default.</summary>
        public string StoreSource { get; private set; } = "";
        /// <summary>False before the first cmdlet that needs the store, and after Disconnect-MeetingMigration.</summary>
        public bool IsStoreOpen { get; private set; }
        public bool IsGraphConnected { get; private set; }
        public string? TenantId { get; private set; }
        public string? ClientId { get; private set; }
        public string? GraphEndpoint { get; private set; }
        public string? AuthenticationMode { get; private set; }

        internal static MeetingMigrationConnection From(ModuleSession session) => new MeetingMigrationConnection
        {
            StorePath = session.EffectiveStorePath,
            StoreSource = session.StoreSource,
            IsStoreOpen = session.IsStoreOpen,
            IsGraphConnected = session.Graph != null,
            TenantId = session.Graph?.Options.TenantId,
            ClientId = session.Graph?.Options.ClientId,
            GraphEndpoint = session.Graph?.Options.GraphEndpoint,
            AuthenticationMode = session.Graph?.Options.Mode.ToString(),
        };
    }
}
