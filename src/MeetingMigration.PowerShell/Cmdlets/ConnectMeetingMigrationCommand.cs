using System;
using System.Management.Automation;
using System.Security;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Chooses the store (and, with Graph parameters, the Exchange Online tenant) this session works with.</para>
    /// </summary>
    [OutputType(typeof(MeetingMigrationConnection))]
    public sealed partial class ConnectMeetingMigrationCommand : MeetingMigrationCmdlet
    {
        /// <summary>The store file; created if missing. Default: the MEETINGMIGRATION_STORE_PATH variable, else the user's application-data folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [OneValue]
        public string? StorePath { get; set; }

        /// <summary>
        /// A PostgreSQL server shared by several workers and sessions, as a connection string ("Host=db;Database=mm;Username=mm").
        /// Put the password in -StorePassword or MEETINGMIGRATION_STORE_PASSWORD rather than in the string.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [OneValue]
        public string? StoreConnectionString { get; set; }

        /// <summary>The PostgreSQL password, when the connection string has none.</summary>
        [Parameter]
        [OneValue(Secret = true)]
        public SecureString? StorePassword { get; set; }

        /// <summary>
        /// The tenant whose requests, settings and journal this session uses in a store several tenants share; default: the
        /// MEETINGMIGRATION_STORE_TENANT variable, else the default tenant (a store used for one tenant never needs it).
        /// </summary>
        [Parameter]
        [AllowEmptyString]
        [OneValue]
        public string? StoreTenant { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Connect chooses the store (or keeps the current one); it does not open the default one first.</summary>
        protected override bool UsesStore => false;

        protected override void ProcessRecord()
        {
            try
            {
                Connect();
            }
            catch (Exception e) when (!Stopping && (StorePath != null || StoreConnectionString != null))
            {
                // A Connect that named a store and failed, for whatever reason (its Graph parameters as much as the store),
                // must not leave a session without a store to open the default one at the next cmdlet: found twice by outside
                // probes, the second time with a bad -GraphEndpoint, when a bulk queue landed where no service looked.
                var errorId = LastTerminatingErrorId ?? (e as IContainsErrorRecord)?.ErrorRecord.FullyQualifiedErrorId.Split(',')[0] ?? e.GetType().Name;
                Session.RecordFailedConnect(StorePath != null ? QuotedValue.Of(StorePath) : "the PostgreSQL store of the connection string", errorId);
                throw;
            }
        }

        private void Connect()
        {
            if (StorePath != null && StoreConnectionString != null)
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    "-StorePath (a store file) and -StoreConnectionString (a PostgreSQL server) choose two different stores; give one.",
                    StorePath, "Use -StorePath for the embedded store, or -StoreConnectionString for a server."));
            if (StorePassword != null && StoreConnectionString == null)
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    "-StorePassword is the password of a PostgreSQL store; it needs -StoreConnectionString.",
                    null, "Add -StoreConnectionString, or leave -StorePassword out."));
            // A path no file can have is refused before signing in (and before PowerShell resolves it, which would turn
            // '   ' into a file named by the blanks in the current folder).
            if (StorePath != null) Terminating(() => { StorePathRules.CheckTyped(StorePath); return true; }, StorePath);
            if (StoreTenant != null) Terminating(() => TenantKey.Normalize(StoreTenant), StoreTenant);
            // Sign in first and switch the session only when everything worked: a failed Connect leaves the session as it was.
            ConnectGraph();
            var path = StorePath != null ? ResolveStorePath(StorePath) : null;
            var chosenBy = StoreConnectionString != null ? "Connect-MeetingMigration -StoreConnectionString"
                : StorePath != null ? "Connect-MeetingMigration -StorePath" : null;
            try
            {
                Terminating(() =>
                {
                    Session.UseStore(path, StoreConnectionString, SecureText.Plain(StorePassword), StoreTenant, chosenBy);
                    return true;
                }, StorePath ?? (object?)StoreTenant);
            }
            catch
            {
                _graph?.Dispose();
                throw;
            }
            if (_graph != null) Session.UseGraph(_graph);
            WriteVerbose($"Using the store at {Session.StorePath}" + (Session.StoreTenant.Length > 0 ? $", tenant {Session.StoreTenant}." : "."));
            if (Session.TakeUpgradeNotice() is string upgraded) WriteWarning(upgraded);
            if (PassThru) WriteObject(MeetingMigrationConnection.From(Session));
        }

        /// <summary>The provider path of -StorePath (InvalidStorePath when it is none); the Graph connection made is let go first.</summary>
        private string ResolveStorePath(string typed)
        {
            try
            {
                return StoreProviderPath(typed, "nothing was created");
            }
            catch
            {
                _graph?.Dispose();
                throw;
            }
        }

        /// <summary>The Graph connection made from this call's parameters, signed in; null for a store-only Connect.</summary>
        private Engine.Auth.GraphConnection? _graph;

        /// <summary>Connects to Microsoft Graph when Graph parameters were given (see the Graph part of this class).</summary>
        partial void ConnectGraph();
    }
}
