using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists, per meeting, what migrations and undos did: blocks before and after, outcome, reason, time and Graph request-id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CsMeetingMigrationDetail")]
    [OutputType(typeof(MeetingMigrationDetail))]
    public sealed class GetCsMeetingMigrationDetailCommand : MeetingMigrationCmdlet
    {
        /// <summary>The organizer: UPN, SIP address (sip: optional) or object id. Omitted: every user. Aliases as Start-CsExMeetingMigration's.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress", "UserId")]
        [ArgumentCompleter(typeof(UserIdentityCompleter))]
        [OneValue(Pipeable = true)]
        public string? Identity { get; set; }

        /// <summary>
        /// Only this request (a status record piped in binds its CorrelationId). Text that is no GUID is refused for its row
        /// (GuidFromText): the binder skipped a value it could not convert, and the row listed every request of its user
        /// (outside probe AN).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [GuidFromText]
        [ArgumentCompleter(typeof(CorrelationIdCompleter))]
        public Guid? CorrelationId { get; set; }

        /// <summary>Only these outcomes: [MeetingMigration.MeetingOutcome] values or their names.</summary>
        [Parameter]
        [EnumName(typeof(MeetingOutcome), Many = true)]
        public MeetingOutcome[]? Outcome { get; set; }

        /// <summary>Adds the blocks' full text (OldBlockText, NewBlockText).</summary>
        [Parameter]
        public SwitchParameter IncludeBlockText { get; set; }

        protected override void ProcessRecord()
        {
            var query = new JournalQuery
            {
                CorrelationId = CorrelationId,
                Outcomes = Outcome?.Select(o => o.ToEngine()).ToList(),
            };
            var identityGiven = !string.IsNullOrEmpty(Identity) || MyInvocation.BoundParameters.ContainsKey(nameof(Identity));
            // A piped row with a CorrelationId and no user property binds to -Identity too, as a whole made text; its
            // CorrelationId names the request, as it does for Stop- and Undo- (it was refused: outside probe AO).
            // An empty user cell beside a CorrelationId (a CSV row) is no user either (outside probe AP).
            if (identityGiven && MyInvocation.ExpectingInput && CorrelationId.HasValue && (UserIdentity.IsWholeObjectText(Identity) || string.IsNullOrWhiteSpace(Identity)))
                identityGiven = false;
            if (identityGiven)
            {
                if (!Checked(() => UserIdentity.Parse(Identity), Identity, out UserIdentity user)) return;
                query.Identity = user;
            }
            // Streamed on the pipeline thread: each row is read when the previous one has gone down the pipeline, so
            // Export-Csv of a whole tenant's journal holds one row at a time. Ctrl+C stops at the next row.
            try
            {
                foreach (var entry in Session.Admin.ReadDetails(query, CancellationToken))
                    WriteObject(new MeetingMigrationDetail(entry, IncludeBlockText));
            }
            catch (EngineError e)
            {
                WriteError(ErrorMapper.ToErrorRecord(e, (object?)Identity ?? CorrelationId));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
