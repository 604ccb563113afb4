using System.Management.Automation;
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
        public string? StorePath { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            // Sign in first and switch the session only when everything worked: a failed Connect leaves the session as it was.
            ConnectGraph();
            var path = StorePath != null ? GetUnresolvedProviderPathFromPSPath(StorePath) : ModuleSession.DefaultStorePath();
            try
            {
                Terminating(() => { Session.UseStore(path); return true; }, StorePath);
            }
            catch
            {
                _graph?.Dispose();
                throw;
            }
            if (_graph != null) Session.UseGraph(_graph);
            WriteVerbose($"Using the store at {Session.StorePath}.");
            if (PassThru) WriteObject(MeetingMigrationConnection.From(Session));
        }

        /// <summary>The Graph connection made from this call's parameters, signed in; null for a store-only Connect.</summary>
        private Engine.Auth.GraphConnection? _graph;

        /// <summary>Connects to Microsoft Graph when Graph parameters were given (see the Graph part of this class).</summary>
        partial void ConnectGraph();
    }
}
