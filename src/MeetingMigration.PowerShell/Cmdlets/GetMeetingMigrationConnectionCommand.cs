using System.Management.Automation;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows which store and which Graph tenant this session uses; never a secret.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MeetingMigrationConnection")]
    [OutputType(typeof(MeetingMigrationConnection))]
    public sealed class GetMeetingMigrationConnectionCommand : MeetingMigrationCmdlet
    {
        /// <summary>Describing the store must not open it: IsStoreOpen tells whether a cmdlet has.</summary>
        protected override bool UsesStore => false;

        protected override void ProcessRecord() => WriteObject(MeetingMigrationConnection.From(Session));
    }
}
