using System;
using System.Collections.Generic;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Removes a dial-in service number from its bridge and queues the meeting migration of every user
    /// whose invitations show it.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "CsOnlineDialInConferencingServiceNumber", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class UnregisterCsOnlineDialInConferencingServiceNumberCommand : MeetingMigrationCmdlet
    {
        private bool _yesToAll;
        private bool _noToAll;

        /// <summary>The number, in any form Register accepts. Binds by value and by property name (Number), so a bridge's ServiceNumbers can be piped in.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Number")]
        [OneValue(Pipeable = true)]
        public string Identity { get; set; } = "";

        /// <summary>The bridge the number must be on; without a bridge, the bridge that has it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [GuidFromText(GuidMeaning.BridgeId, EmptyAsNull = true)]
        public Guid? BridgeId { get; set; }

        /// <summary>
        /// The bridge the number must be on, by name; also a row's BridgeName column. Binds by property name as BridgeId does,
        /// in the same (only) parameter set, as Microsoft's syntax has them: in a set of its own the binder never read the
        /// column of a piped row, and a row naming its bridge by name unregistered the number from whichever bridge held it
        /// (outside probe AR). Given with BridgeId, both must name the same bridge. A row whose bridge columns are all empty
        /// is refused: naming its bridge with nothing must not become "whichever bridge holds the number" (outside probe AS);
        /// one empty beside one filled is the filled one (a file whose rows name their bridge either way, outside probe AT).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [OneValue]
        public string? BridgeName { get; set; }

        /// <summary>Removes the number even when it is the bridge's default and users show it (they are queued).</summary>
        [Parameter]
        public SwitchParameter RemoveDefaultServiceNumber { get; set; }

        /// <summary>Skips the second question ("Unregister the number?"); it does not skip -Confirm's.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Numbers -WhatIf showed as unregistered: the run refuses a repeat.</summary>
        private readonly HashSet<string> _previewed = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// A number given twice in one -WhatIf pipeline gets the error the run gives the second row (outside probe AW-F8), in
        /// the run's words (AX-F9): not on the bridge it names, or on any when it names none.
        /// </summary>
        private bool FirstInThisPipeline(ConferencingChange change, BridgeReference reference)
        {
            var number = PhoneNumber.Normalize(Identity, nameof(Identity));
            if (!_previewed.Add(number))
            {
                WriteError(ErrorMapper.ToErrorRecord(ConferencingAdmin.NumberNotOnBridge(number, reference.IsEmpty ? null : change.Bridge!.Name, Identity), Identity));
                return false;
            }
            return true;
        }

        protected override void ProcessRecord()
        {
            if (!PhoneNumberInput.Check(this, Identity, nameof(Identity))) return;
            var nameGiven = !string.IsNullOrWhiteSpace(BridgeName);
            if ((MyInvocation.BoundParameters.ContainsKey(nameof(BridgeName)) || MyInvocation.BoundParameters.ContainsKey(nameof(BridgeId)))
                && BridgeId == null && !nameGiven)
            {
                WriteError(ErrorMapper.Create(ErrorIds.BridgeNotFound, ErrorKind.ObjectNotFound,
                    $"The bridge given for {Identity} is empty, so it names no bridge; {Identity} was left registered.", BridgeName ?? "",
                    "Give the bridge's name or Identity (Get-CsOnlineDialInConferencingBridge lists them), or leave the bridge out to unregister the number from the bridge that holds it."));
                return;
            }
            var reference = new BridgeReference { Identity = BridgeId, Name = nameGiven ? BridgeName : null };
            ConferencingChange? change = null;
            bool Unregister(bool whatIf) => NonTerminating(async token => change = await Session.Conferencing.UnregisterServiceNumberAsync(Identity, reference,
                RemoveDefaultServiceNumber, token, whatIf).ConfigureAwait(false), Identity);

            // -WhatIf and a question check the row as the run would (the number is on that bridge, a default in use needs
            // -RemoveDefaultServiceNumber) and say which bridge and how many users: a CSV checked with -WhatIf showed rows
            // the run refuses as good (outside probe AS-F4), and -Confirm asked about a number on no bridge (AW-F7).
            // Without -Force the second question is asked too, even after -Confirm:$false (outside probe AX-F7).
            if ((!Force || MayAsk(ConfirmImpact.High, Force)) && !Unregister(whatIf: true)) return;
            if (IsWhatIf && !FirstInThisPipeline(change!, reference)) return;
            var where = change != null ? $"the bridge {QuotedValue.Of(change.Bridge!.Name)}" : reference.IsEmpty ? "its bridge" : $"the bridge {QuotedValue.Of(reference.ToString())}";
            if (!ShouldProcessUnlessForced(Force, Identity, $"Unregister service number from {where}{Queues(change)}")) return;
            if (!ShouldContinueUnlessForced(Force, SecondQuestion(change), "Unregister the service number?", ref _yesToAll, ref _noToAll, Identity)) return;
            if (!Unregister(whatIf: false)) return;

            var number = PhoneNumber.Normalize(Identity, nameof(Identity));
            WriteVerbose($"Unregistered {number} from the bridge {QuotedValue.Of(change!.Bridge!.Name)}" +
                         (change.Users.Count == 0 ? "; no user showed it, so nothing was queued." : $"; {change.Users.Count} user(s) showed it."));
            QueuedMigrationReport.Write(this, change, $"Unregistering {number}");
            if (change.LeftWithoutNumber.Count > 0)
                WriteWarning($"{change.LeftWithoutNumber.Count} user(s) of the bridge {QuotedValue.Of(change.Bridge.Name)} now show no {change.LeftWithoutNumberKind} number, as it has " +
                             $"none left: {QueuedMigrationReport.Names(change.LeftWithoutNumber)}. Their queued migration writes invitations without one: before it runs, " +
                             "register a number on this bridge, or move them to a bridge that has numbers (Set-CsOnlineDialInConferencingUser -BridgeName).");
        }

        /// <summary>The second question, in the checked change's terms (outside probe AX-F7: it said users are queued when none showed the number).</summary>
        private string SecondQuestion(ConferencingChange? checkedChange)
        {
            if (checkedChange == null)
                return $"Users whose invitations show {Identity} are queued for meeting migration, and their attendees get updated invitations.";
            var where = $"{Identity} on the bridge {QuotedValue.Of(checkedChange.Bridge!.Name)}";
            var count = checkedChange.Users.Count;
            return count == 0 ? $"No user shows {where}, so nothing is queued."
                : checkedChange.NotQueuedBecause != null ? $"{count} user(s) show {where}; they are not queued because {checkedChange.NotQueuedBecause}, so their invitations keep it."
                : $"{count} user(s) whose invitations show {where} are queued for meeting migration, and their attendees get updated invitations.";
        }

        /// <summary>What the question says of the queue: in general before the run, exactly after -WhatIf's check.</summary>
        private static string Queues(ConferencingChange? checkedChange) =>
            checkedChange == null ? " and queue the meeting migration of the users who show it"
            : checkedChange.Users.Count == 0 ? " (no user shows it, so nothing is queued)"
            : checkedChange.NotQueuedBecause != null ? $"; the {checkedChange.Users.Count} user(s) who show it are not queued because {checkedChange.NotQueuedBecause}"
            : $" and queue the meeting migration of the {checkedChange.Users.Count} user(s) who show it";
    }
}
