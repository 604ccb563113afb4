using System;
using System.Collections.Generic;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Changes a user's audio conferencing (conference ID, bridge, dial-in numbers); a change their invitations show queues a migration of their meetings.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CsOnlineDialInConferencingUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class SetCsOnlineDialInConferencingUserCommand : MeetingMigrationCmdlet
    {
        /// <summary>The user's UPN or SIP address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>A conference ID of 4 to 20 digits no other user holds.</summary>
        [Parameter]
        [OneValue]
        public string? ConferenceId { get; set; }

        /// <summary>Gives the user a new, random conference ID.</summary>
        [Parameter]
        public SwitchParameter ResetConferenceId { get; set; }

        /// <summary>Moves the user to this bridge.</summary>
        [Parameter]
        [GuidFromText(GuidMeaning.BridgeId)]
        public Guid BridgeId { get; set; }

        /// <summary>Moves the user to the bridge of this name.</summary>
        [Parameter]
        [OneValue]
        public string? BridgeName { get; set; }

        /// <summary>The user's toll number (on their bridge); an empty string gives them the bridge's default.</summary>
        [Parameter]
        [OneValue]
        public string? ServiceNumber { get; set; }

        /// <summary>The user's toll-free number (on their bridge); an empty string gives them the bridge's default.</summary>
        [Parameter]
        [OneValue]
        public string? TollFreeServiceNumber { get; set; }

        [Parameter, BooleanText]
        public bool AllowPstnOnlyMeetings { get; set; }

        /// <summary>Whether the user's invitations show toll-free numbers; a change queues a migration (TollFreeDialInChanged).</summary>
        [Parameter, BooleanText]
        public bool AllowTollFreeDialIn { get; set; }

        /// <summary>Does not ask for confirmation ($ConfirmPreference); an explicit -Confirm still asks, -WhatIf still only shows.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Returns the user as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private int _pipedWithoutSettings;

        /// <summary>
        /// Rows of a file piped in with their values in columns change nothing (only the identity binds from an input, as
        /// Microsoft's cmdlet has it): said once, with the cmdlet that applies rows, as Set-CsOnlineDialInConferencingBridge
        /// says it for bridges (outside probe AW-F5: it was silent).
        /// </summary>
        private readonly PipelinePreview _previews = new PipelinePreview(createIfMissing: false);

        /// <summary>A row's own error comes after the gathered -WhatIf rows before it, which the run applies before it (PipelinePreview).</summary>
        protected override void OnItemFailing() => _previews.Show(Session.Conferencing, NonTerminating, WriteError, WhatIfLine);

        /// <summary>The gathered -WhatIf rows when an error PowerShell made terminating ended the pipeline before its end (BK-F1).</summary>
        protected override void OnDisposing()
        {
            if (_previews.Pending && !StopRequested) _previews.ShowAfterPipelineEnded(Session.Conferencing, Host?.UI);
        }

        private bool WhatIfLine(string target, string action) => ShouldProcessUnlessForced(Force, target, action);

        protected override void EndProcessing()
        {
            _previews.Show(Session.Conferencing, NonTerminating, WriteError, WhatIfLine);
            if (_pipedWithoutSettings > 0)
                WriteWarning($"{_pipedWithoutSettings} user(s) piped in were left as they are: no setting was given (-ConferenceId, -ResetConferenceId, -BridgeId, " +
                             "-BridgeName, -ServiceNumber, -TollFreeServiceNumber, -AllowPstnOnlyMeetings, -AllowTollFreeDialIn), and a piped object names only " +
                             "which user to change. To apply the values of a file's rows, use Import-CsOnlineDialInConferencingUser <file>.");
            base.EndProcessing();
        }

        protected override void ProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            if (MyInvocation.ExpectingInput && Describe() == NoChange) _pipedWithoutSettings++;
            var update = new DialInUserUpdate
            {
                ConferenceId = TrimmedUnlessBlank(ConferenceId),
                ResetConferenceId = ResetConferenceId,
                Bridge = new BridgeReference { Identity = bound.ContainsKey(nameof(BridgeId)) ? BridgeId : (Guid?)null, Name = BridgeName },
                ServiceNumber = TrimmedUnlessBlank(ServiceNumber),
                TollFreeServiceNumber = TrimmedUnlessBlank(TollFreeServiceNumber),
                AllowPstnOnlyMeetings = bound.ContainsKey(nameof(AllowPstnOnlyMeetings)) ? AllowPstnOnlyMeetings : (bool?)null,
                AllowTollFreeDialIn = bound.ContainsKey(nameof(AllowTollFreeDialIn)) ? AllowTollFreeDialIn : (bool?)null,
                NumbersOfTenantBridges = true,
            };

            // Checked before -WhatIf: a bad value is an error whether or not the change is only shown.
            if (!Checked(() =>
            {
                var parsed = ConferencingAdmin.ParseUser(Identity);
                ConferencingAdmin.CheckUpdate(update);
                return parsed;
            }, Identity, out UserIdentity user)) return;

            // -WhatIf and a question check the change as the run would, so neither shows a change the run refuses (outside
            // probe AZ-F5: -ResetConferenceId for a disabled user was previewed without a word). -WhatIf checks the
            // pipeline's changes together, at its end, each after the ones before it (outside probe BI-F1: a conference ID
            // swap between two rows was refused by -WhatIf and done by the run).
            // Worded when it is shown: the undo it names is looked up then (after the engine's check, for a question).
            string Action() => $"Set audio conferencing: {Describe()}{UndosATriggerWouldReplace(user, Identity)}";
            if (IsWhatIf)
            {
                _previews.Add(user, update, Identity, Action());
                return;
            }
            if (MayAsk(ConfirmImpact.Medium, Force)
                && !NonTerminating(token => Session.Conferencing.SetUserAsync(user, update, createIfMissing: false, token, whatIf: true), Identity))
                return;
            if (!ShouldProcessUnlessForced(Force, user.Value, Action())) return;
            ConferencingChange? change = null;
            if (!NonTerminating(async token => change = await Session.Conferencing.SetUserAsync(user, update, createIfMissing: false, token).ConfigureAwait(false), Identity))
                return;
            ConferencingChangeReport.Write(this, user.Value, change!);
            if (PassThru) WriteObject(DialInUserOutput(change!.Users[0]));
        }

        private const string NoChange = "no change";

        private string Describe()
        {
            var parts = new List<string>();
            foreach (var name in new[] { nameof(ConferenceId), nameof(BridgeId), nameof(BridgeName), nameof(ServiceNumber), nameof(TollFreeServiceNumber), nameof(AllowPstnOnlyMeetings), nameof(AllowTollFreeDialIn) })
            {
                if (MyInvocation.BoundParameters.TryGetValue(name, out var value)) parts.Add($"{name} = {value}");
            }
            if (ResetConferenceId) parts.Add("new conference ID");
            return parts.Count == 0 ? NoChange : string.Join(", ", parts);
        }

        /// <summary>
        /// "" removes the user's own number, as documented; text of blanks or line breaks only is not "": it goes to the
        /// check as typed (InvalidPhoneNumber, InvalidConferenceId quoting it), as the bridge cmdlets' values do. Trimmed, a
        /// number of blanks removed the user's number and queued a migration (outside probe BD-F2: a CSV cell holding a stray
        /// line break), and a conference ID of blanks was refused as '' (BF-F5).
        /// </summary>
        private static string? TrimmedUnlessBlank(string? value) => value == null || value.Trim().Length == 0 ? value : value.Trim();
    }
}
