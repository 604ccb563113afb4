using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Model;
using StateSummary = MeetingMigration.PowerShell.Output.StateSummary;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the status of meeting migrations, per user or as a summary per state.</para>
    /// </summary>
    // SupportsShouldProcess as in Microsoft's module (MOD 2.6.0 declares it, so scripts pass -Confirm:$false or -WhatIf to
    // it; an outside probe found them refused with NamedParameterNotFound). It only reads, so neither changes anything.
    [Cmdlet(VerbsCommon.Get, "CsMeetingMigrationStatus", DefaultParameterSetName = "Default", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MeetingMigrationStatus), typeof(StateSummary))]
    public sealed class GetCsMeetingMigrationStatusCommand : MeetingMigrationCmdlet
    {
        private int _waiting;

        /// <summary>
        /// -SummaryOnly over piped identities: every piped line's requests, summarized once in EndProcessing, each user once.
        /// A summary per line gave four rows per line that said nothing of which line they were for (outside probe AO).
        /// </summary>
        private List<MigrationRequest>? _piped;

        /// <summary>
        /// The user: UPN, SIP address (sip: optional) or object id; or a wildcard pattern over UPNs ("*@contoso.com"). Its
        /// aliases are Start-CsExMeetingMigration's, so the users.csv a Start took binds here too by its UserPrincipalName
        /// column (it was taken whole, as text, and refused; found by an outside probe).
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress", "UserId")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserIdentityCompleter))]
        [OneValue(Pipeable = true)]
        public string? Identity { get; set; }

        /// <summary>Only requests created at or after this time (inclusive).</summary>
        [Parameter]
        [InvariantDateTime(nameof(StartTime))]
        public DateTime? StartTime { get; set; }

        /// <summary>Only requests created at or before this time (inclusive).</summary>
        [Parameter]
        [InvariantDateTime(nameof(EndTime))]
        public DateTime? EndTime { get; set; }

        /// <summary>Only requests in this state: a [MeetingMigration.MigrationState] or its name.</summary>
        [Parameter]
        [EnumName(typeof(MigrationState), NullAsNotGiven = true)]
        public MigrationState? State { get; set; }

        /// <summary>Only requests of this type: a [MeetingMigration.MigrationType] or its name.</summary>
        [Parameter]
        [EnumName(typeof(MigrationType), NullAsNotGiven = true)]
        public MigrationType? MigrationType { get; set; }

        /// <summary>One row per state with the number of users in it.</summary>
        [Parameter]
        public SwitchParameter SummaryOnly { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            foreach (var parameter in new[] { nameof(StartTime), nameof(EndTime) })
                if (InvariantDateTimeAttribute.TakeNote(parameter) is string note && MyInvocation.BoundParameters.ContainsKey(parameter))
                    WriteWarning(note);
        }

        protected override void ProcessRecord()
        {
            var query = new MigrationStatusQuery
            {
                StartTime = StartTime,
                EndTime = EndTime,
                State = State?.ToEngine(),
                MigrationType = MigrationType?.ToEngine(),
            };
            // A bad line of a piped list is an error for that line only, as for Start; a bad -Identity argument stops. A
            // pattern too: a damaged piped line that read as an unusable pattern ended the pipeline (outside probe AN).
            // Bound, even to $null: a piped $null (a row without the property) is a bad line, not "every user" (outside probe AO).
            var bound = MyInvocation.BoundParameters.ContainsKey(nameof(Identity));
            var given = bound ? Identity : null;
            IdentityPattern? pattern;
            if (!MyInvocation.ExpectingInput) pattern = Terminating(() => IdentityPattern.From(given), Identity);
            else if (!Checked(() => IdentityPattern.From(given), Identity, out pattern)) return;
            if (pattern == null && bound)
            {
                if (!MyInvocation.ExpectingInput) query.Identity = Terminating(() => UserIdentity.Parse(Identity), Identity);
                else if (Checked(() => UserIdentity.Parse(Identity), Identity, out UserIdentity parsed)) query.Identity = parsed;
                else return;
            }

            if (SummaryOnly && MyInvocation.ExpectingInput)
            {
                IEnumerable<MigrationRequest> lineRequests = Terminating(token => Session.Admin.GetStatusAsync(query, token), Identity);
                (_piped ??= new List<MigrationRequest>()).AddRange(pattern == null ? lineRequests : pattern.Select(lineRequests, r => r.UserPrincipalName));
                return;
            }
            if (SummaryOnly)
            {
                var rows = pattern == null
                    ? Terminating(token => Session.Admin.GetSummaryAsync(query, token), null).Select(row => new StateSummary(row)).ToList()
                    : Summarize(pattern.Select(Terminating(token => Session.Admin.GetStatusAsync(query, token), Identity), r => r.UserPrincipalName));
                foreach (var row in rows)
                {
                    // The summary is README's first status command: it says migration is off as the table does (outside probe S).
                    if (row.State == MigrationState.Pending) _waiting += row.UserCount;
                    WriteObject(row);
                }
                return;
            }
            IEnumerable<MigrationRequest> requests = Terminating(token => Session.Admin.GetStatusAsync(query, token), Identity);
            if (pattern != null) requests = pattern.Select(requests, r => r.UserPrincipalName);
            foreach (var request in requests)
            {
                if (request.State == Engine.Model.MigrationState.Pending) _waiting++;
                WriteObject(new MeetingMigrationStatus(request));
            }
        }

        /// <summary>Once per call, however many identities were piped in.</summary>
        protected override void EndProcessing()
        {
            // Four rows for any piped input, none of it usable or nothing piped included: the summary of no request, as
            // for a user without one (it gave no rows: outside probe AP).
            if (SummaryOnly && MyInvocation.ExpectingInput)
            {
                foreach (var row in Summarize(_piped ?? new List<MigrationRequest>()))
                {
                    if (row.State == MigrationState.Pending) _waiting += row.UserCount;
                    WriteObject(row);
                }
            }
            if (_waiting > 0 && !Terminating(token => Session.Admin.GetTenantMigrationConfigurationAsync(token), null).MeetingMigrationEnabled)
                // "of those shown": with -Identity or a filter the count is of the rows listed, not the tenant's (outside probe BO-F3).
                WriteWarning($"Meeting migration is turned off for the tenant: {_waiting} Pending request(s) of those shown wait until Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true.");
        }

        /// <summary>-SummaryOnly over a pattern: as the store counts, each user once, in the state of their latest request.</summary>
        private static IReadOnlyList<StateSummary> Summarize(IEnumerable<MigrationRequest> requests)
        {
            var latest = new Dictionary<string, MigrationRequest>(StringComparer.OrdinalIgnoreCase);
            foreach (var request in requests) latest[request.UserPrincipalName] = request; // oldest first, so the last one wins
            return ((Engine.Model.MigrationState[])Enum.GetValues(typeof(Engine.Model.MigrationState)))
                .Select(state => new StateSummary(state.ToPublic(), latest.Values.Count(r => r.State == state)))
                .ToList();
        }
    }
}
