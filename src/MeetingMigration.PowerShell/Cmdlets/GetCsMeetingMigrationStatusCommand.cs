using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Model;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the status of meeting migrations, per user or as a summary per state.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CsMeetingMigrationStatus", DefaultParameterSetName = "Default")]
    [OutputType(typeof(MeetingMigrationStatus), typeof(StateSummary))]
    public sealed class GetCsMeetingMigrationStatusCommand : MeetingMigrationCmdlet
    {
        /// <summary>The user: UPN, SIP address (sip: optional) or object id.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("UserId")]
        public string? Identity { get; set; }

        /// <summary>Only requests created at or after this time (inclusive).</summary>
        [Parameter]
        public DateTime? StartTime { get; set; }

        /// <summary>Only requests created at or before this time (inclusive).</summary>
        [Parameter]
        public DateTime? EndTime { get; set; }

        [Parameter]
        public MigrationState? State { get; set; }

        [Parameter]
        public MigrationType? MigrationType { get; set; }

        /// <summary>One row per state with the number of users in it.</summary>
        [Parameter]
        public SwitchParameter SummaryOnly { get; set; }

        protected override void ProcessRecord()
        {
            var query = new MigrationStatusQuery
            {
                StartTime = StartTime,
                EndTime = EndTime,
                State = State,
                MigrationType = MigrationType,
            };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Identity)))
                query.Identity = Terminating(() => UserIdentity.Parse(Identity), Identity);

            if (SummaryOnly)
            {
                foreach (var row in Terminating(token => Session.Admin.GetSummaryAsync(query, token), null)) WriteObject(row);
                return;
            }
            var requests = Terminating(token => Session.Admin.GetStatusAsync(query, token), Identity);
            foreach (var request in requests) WriteObject(new MeetingMigrationStatus(request));
            var waiting = requests.Count(r => r.State == MigrationState.Pending);
            if (waiting > 0 && !Terminating(token => Session.Admin.GetTenantMigrationConfigurationAsync(token), null).MeetingMigrationEnabled)
                WriteWarning($"Meeting migration is turned off for the tenant: {waiting} Pending request(s) wait until Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true.");
        }
    }
}
