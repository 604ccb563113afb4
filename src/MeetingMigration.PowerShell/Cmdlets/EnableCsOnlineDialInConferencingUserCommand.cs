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
    /// <para type="synopsis">Turns a user's audio conferencing on, with Microsoft as the provider; their meetings are migrated to the new dial-in details.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "CsOnlineDialInConferencingUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class EnableCsOnlineDialInConferencingUserCommand : MeetingMigrationCmdlet
    {
        /// <summary>The user's UPN or SIP address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>Makes Microsoft the provider of a user on a third-party or self-managed one.</summary>
        [Parameter]
        public SwitchParameter ReplaceProvider { get; set; }

        // The conference ID and numbers bind from a piped row's columns too: a CSV of users to enable with their IDs and
        // numbers had those cells dropped without a word, and each user got a random ID and the bridge's default number,
        // which the migration then mailed to their attendees (outside probe AR). An empty cell is a value not given.

        /// <summary>The conference ID to give (4 to 20 digits, unique); a random one when the user has none.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? ConferenceId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? ServiceNumber { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? TollFreeServiceNumber { get; set; }

        /// <summary>Returns the user as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The values typed on the command line (bound before the first input object), told apart from a row's.</summary>
        private HashSet<string> _typed = new HashSet<string>();

        protected override void BeginProcessing()
        {
            _typed = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            var conferenceId = Given(ConferenceId);
            var serviceNumber = Given(ServiceNumber);
            var tollFree = Given(TollFreeServiceNumber);
            // Value by value, which came with the input object and which were typed: with -ReplaceProvider, an input's values
            // that are the replaced provider's own (a piped Get object carries them) are not taken; typed ones are the
            // admin's (outside probes AS, AT; AU: one typed value made every piped one count as typed).
            var fromInput = EnableValues.None;
            if (MyInvocation.ExpectingInput)
            {
                if (conferenceId != null && !_typed.Contains(nameof(ConferenceId))) fromInput |= EnableValues.ConferenceId;
                if (serviceNumber != null && !_typed.Contains(nameof(ServiceNumber))) fromInput |= EnableValues.ServiceNumber;
                if (tollFree != null && !_typed.Contains(nameof(TollFreeServiceNumber))) fromInput |= EnableValues.TollFreeServiceNumber;
            }
            if (!Checked(() =>
            {
                var parsed = ConferencingAdmin.ParseUser(Identity);
                ConferencingAdmin.CheckUpdate(new DialInUserUpdate { ConferenceId = conferenceId, ServiceNumber = serviceNumber, TollFreeServiceNumber = tollFree });
                return parsed;
            }, Identity, out UserIdentity user)) return;
            if (!NonTerminating(token => Session.Admin.RequireInDirectoryAsync(user, token), Identity)) return;
            if (fromInput != EnableValues.None)
            {
                // Read first so -WhatIf, -Confirm and -Verbose name the values the change will apply (the engine applies the
                // same rule inside its transaction).
                DialInUser? stored = null;
                if (!NonTerminating(async token => stored = await Session.Conferencing.GetUserAsync(user, token).ConfigureAwait(false), Identity)) return;
                var kept = ConferencingAdmin.InputForMicrosoft(stored, new DialInUserUpdate
                    { ConferenceId = conferenceId, ServiceNumber = serviceNumber, TollFreeServiceNumber = tollFree }, fromInput);
                (conferenceId, serviceNumber, tollFree) = (kept.ConferenceId, kept.ServiceNumber, kept.TollFreeServiceNumber);
            }

            var details = new List<string> { ReplaceProvider ? "Microsoft as the provider" : "Microsoft's audio conferencing" };
            if (conferenceId != null) details.Add($"conference ID {conferenceId}");
            if (serviceNumber != null) details.Add($"ServiceNumber {serviceNumber}");
            if (tollFree != null) details.Add($"TollFreeServiceNumber {tollFree}");
            ConferencingChange? change = null;
            bool Enable(bool whatIf) => NonTerminating(async token => change = await Session.Conferencing.EnableUserAsync(user, ReplaceProvider, conferenceId,
                serviceNumber, tollFree, token, fromInput, whatIf).ConfigureAwait(false), Identity);
            // -WhatIf and the question check the change as the run does (outside probe BB-F1: a conference ID another user
            // holds was previewed, and the run refused it).
            if (MayAsk(ConfirmImpact.Medium) && !Enable(whatIf: true)) return;
            if (!Confirmed(user.Value, $"Enable audio conferencing ({string.Join(", ", details)}){UndosATriggerWouldReplace(user, Identity)}")) return;
            if (!Enable(whatIf: false)) return;
            ConferencingChangeReport.Write(this, user.Value, change!);
            if (PassThru) WriteObject(DialInUserOutput(change!.Users[0]));
        }

        private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
