using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Records an organizer's Skype for Business conferencing coordinates (meet URL, conference ID,
    /// dial-in numbers), which Skype meetings migrated with -TargetMeetingType Current receive.</para>
    /// A thin alias over the organizer's audio conferencing (Set-CsOnlineDialInConferencingUser) that takes a Skype for
    /// Business Server export as it is and creates the record when missing; changing a recorded conference ID or number
    /// triggers a migration like the Cs cmdlet does.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "MeetingMigrationConferencingProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class SetMeetingMigrationConferencingProfileCommand : MeetingMigrationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue]
        public string Identity { get; set; } = "";

        /// <summary>The organizer's Skype for Business meeting link, e.g. https://meet.contoso.com/ashaw/K7L2P9QZ.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("MeetUrl")]
        [OneValue]
        public string JoinUrl { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? ConferenceId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceNumber")]
        [OneValue]
        public string? TollNumber { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TollFreeServiceNumber", "TollFreeServiceNumbers")]
        [ListFromText]
        public string[]? TollFreeNumber { get; set; }

        /// <summary>The "find a local number" page.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? DialInUrl { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private int _tollFreeLeftAsItIs;

        private readonly PipelinePreview _previews = new PipelinePreview(createIfMissing: true);

        /// <summary>A row's own error comes after the gathered -WhatIf rows before it, which the run applies before it (PipelinePreview).</summary>
        protected override void OnItemFailing() => _previews.Show(Session.Conferencing, NonTerminating, WriteError, WhatIfLine);

        /// <summary>The gathered -WhatIf rows when an error PowerShell made terminating ended the pipeline before its end (BK-F1).</summary>
        protected override void OnDisposing()
        {
            if (_previews.Pending && !StopRequested) _previews.ShowAfterPipelineEnded(Session.Conferencing, Host?.UI);
        }

        private bool WhatIfLine(string target, string action) => Confirmed(target, action);

        protected override void EndProcessing()
        {
            _previews.Show(Session.Conferencing, NonTerminating, WriteError, WhatIfLine);
            if (_tollFreeLeftAsItIs > 0)
                WriteWarning(ExportedListText.LeftAsItIs($"TollFreeNumber ({_tollFreeLeftAsItIs} row(s))",
                    "Write the numbers separated by semicolons to set them, or export with ConvertTo-Json, which keeps lists."));
            base.EndProcessing();
        }

        protected override void ProcessRecord()
        {
            if (!UserIdentity.TryParse(Identity, out var user, out var problem) || user!.Kind != UserIdentityKind.Address)
            {
                OnItemFailing();
                WriteError(ErrorMapper.Create(ErrorIds.InvalidIdentity, ErrorKind.InvalidArgument,
                    $"{QuotedValue.Of(Identity)} is not a valid organizer address: {(problem.Length > 0 ? problem : "give the UPN or SIP address, not an object id.")}",
                    Identity, "Give the organizer's UPN (ashaw@contoso.com) or SIP address."));
                return;
            }
            // A row of Export-Csv holds the numbers' list type name (TollFreeServiceNumbers of Get-CsOnlineDialInConferencingUser):
            // the numbers stay as stored, and the pipeline's end says so once (outside probe AR: the column was not read at all).
            var listTypeName = TollFreeNumber != null && TollFreeNumber.Length == 1 && ExportedListText.IsTypeName(TollFreeNumber[0]);
            if (listTypeName) _tollFreeLeftAsItIs++;
            var update = new DialInUserUpdate
            {
                // Surrounding white space is trimmed, as of the other values (DialInUrl was, JoinUrl was refused for it).
                JoinUrl = string.IsNullOrWhiteSpace(JoinUrl) ? JoinUrl : JoinUrl.Trim(),
                ConferenceId = string.IsNullOrWhiteSpace(ConferenceId) ? null : ConferenceId!.Trim(),
                ServiceNumber = string.IsNullOrWhiteSpace(TollNumber) ? null : TollNumber!.Trim(),
                // Empty or blank (a CSV cell left blank) leaves the stored numbers as they are, as TollNumber's does and as the
                // import's empty cell does: it removed every toll-free number and queued a migration (outside probe BH-F2).
                // Separators alone (';') come as themselves (ListFromText) and are refused as no phone number below.
                TollFreeServiceNumbers = TollFreeNumber == null || listTypeName || TollFreeNumber.All(string.IsNullOrWhiteSpace) ? null
                    : TollFreeNumber.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList(),
                DialInUrl = string.IsNullOrWhiteSpace(DialInUrl) ? null : DialInUrl!.Trim(),
            };
            // Checked before -WhatIf, whose text shows the link: a bad value is an error whether or not the change is only shown.
            if (!Checked(() =>
                {
                    // The numbers by the names this cmdlet gives them: the engine's check names its own (ServiceNumber,
                    // TollFreeServiceNumber), which no parameter here is called (outside probe AO).
                    if (update.ServiceNumber != null) PhoneNumber.Normalize(update.ServiceNumber, nameof(TollNumber));
                    foreach (var number in update.TollFreeServiceNumbers ?? new List<string>()) PhoneNumber.Normalize(number, nameof(TollFreeNumber));
                    ConferencingAdmin.CheckUpdate(update);
                    return true;
                }, Identity, out bool _)) return;
            // -WhatIf and a question check the change as the run would (a conference ID another user holds, a disabled
            // user's ID, a number no bridge lists), as Set-CsOnlineDialInConferencingUser's do (outside probe BH-F3);
            // -WhatIf checks the pipeline's changes together, at its end, each after the ones before it (BI-F1).
            var action = $"Set Skype for Business conferencing profile (join link {update.JoinUrl})";
            if (IsWhatIf)
            {
                _previews.Add(user, update, Identity, action);
                return;
            }
            if (MayAsk(ConfirmImpact.Medium)
                && !NonTerminating(token => Session.Conferencing.SetUserAsync(user, update, createIfMissing: true, token, whatIf: true), Identity))
                return;
            if (!Confirmed(user.Value, action)) return;
            ConferencingChange? change = null;
            if (!NonTerminating(async token => change = await Session.Conferencing.SetUserAsync(user, update, createIfMissing: true, token).ConfigureAwait(false), Identity))
                return;
            // The same account of triggers as Set-CsOnlineDialInConferencingUser: a held-back change is a warning.
            ConferencingChangeReport.Write(this, user.Value, change!);
            if (PassThru) WriteObject(DialInUserOutput(change!.Users[0]));
        }
    }
}
