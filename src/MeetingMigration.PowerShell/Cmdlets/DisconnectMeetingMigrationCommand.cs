using System.Management.Automation;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Ends this session's connection: the store is closed and Graph credentials are forgotten.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "MeetingMigration")]
    public sealed class DisconnectMeetingMigrationCommand : MeetingMigrationCmdlet
    {
        protected override bool UsesStore => false;

        protected override void ProcessRecord()
        {
            Session.Dispose();
            WriteVerbose($"Disconnected. The next MeetingMigration cmdlet opens {Session.EffectiveStorePath} unless Connect-MeetingMigration chooses another store.");
        }
    }
}
