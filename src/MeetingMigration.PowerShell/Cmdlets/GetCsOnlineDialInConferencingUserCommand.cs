using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows users' audio conferencing (conference ID, bridge, dial-in numbers, provider): one user, or all of them filtered by bridge or number.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CsOnlineDialInConferencingUser")]
    [OutputType(typeof(Output.DialInUser))]
    public sealed class GetCsOnlineDialInConferencingUserCommand : MeetingMigrationCmdlet
    {
        private IReadOnlyList<DialInUser>? _filtered;
        private int _written;
        private bool _warnedOfMore;

        /// <summary>The user's UPN or SIP address, or a wildcard pattern over UPNs; left out, every user is listed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(UserIdentityCompleter))]
        [OneValue(Pipeable = true)]
        public string? Identity { get; set; }

        /// <summary>Only users on this bridge.</summary>
        [Parameter]
        [GuidFromText(GuidMeaning.BridgeId)]
        public Guid BridgeId { get; set; }

        /// <summary>Only users on the bridge of this name.</summary>
        [Parameter]
        [OneValue]
        public string? BridgeName { get; set; }

        /// <summary>Only users whose own toll or toll-free number is this one.</summary>
        [Parameter]
        [OneValue]
        public string? ServiceNumber { get; set; }

        /// <summary>At most this many users are written, for all piped identities together; a warning says when more match.</summary>
        [Parameter]
        [StrictValue(typeof(int))]
        [ValidateRange(1, int.MaxValue)]
        public int ResultSize { get; set; } = int.MaxValue;

        private bool Filtered => MyInvocation.BoundParameters.ContainsKey(nameof(BridgeId)) || BridgeName != null || ServiceNumber != null;

        protected override void ProcessRecord()
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Identity)))
            {
                Write(FilteredUsers());
                return;
            }

            // A pattern lists the matching users, and none matching is no error (as Get-Process "x*").
            if (!Checked(() => IdentityPattern.From(Identity), Identity, out IdentityPattern? pattern)) return;
            if (pattern != null)
            {
                Write(pattern.Select(FilteredUsers(), u => u.UserPrincipalName));
                return;
            }

            if (!Checked(() => ConferencingAdmin.ParseUser(Identity), Identity, out Engine.Model.UserIdentity identity)) return;

            DialInUser? found = null;
            if (!NonTerminating(async token => found = await Session.Conferencing.GetUserAsync(identity, token).ConfigureAwait(false), Identity)) return;
            if (found == null)
            {
                WriteError(ErrorMapper.Create(ErrorIds.ConferencingUserNotFound, ErrorKind.ObjectNotFound,
                    $"{identity.Value} has no audio conferencing data in the store.", Identity,
                    "Run Get-CsOnlineDialInConferencingUser without -Identity to list the users the store has; Enable-CsOnlineDialInConferencingUser " +
                    "or Import-CsOnlineDialInConferencingUser adds one."));
                return;
            }
            // With filters, a user who does not match them is not an error: they are simply not selected.
            if (!Filtered || FilteredUsers().Any(u => string.Equals(u.UserPrincipalName, found.UserPrincipalName, StringComparison.OrdinalIgnoreCase)))
                Write(new[] { found });
        }

        /// <summary>Writes users until ResultSize is reached; says once that more were left out.</summary>
        private void Write(IEnumerable<DialInUser> users)
        {
            foreach (var user in users)
            {
                if (_written >= ResultSize)
                {
                    if (!_warnedOfMore) WriteWarning($"Only the first {ResultSize} user(s) were returned (-ResultSize); more match. Raise -ResultSize to see them.");
                    _warnedOfMore = true;
                    return;
                }
                WriteObject(DialInUserOutput(user));
                _written++;
            }
        }

        /// <summary>The filters do not come from the pipeline: read the selection once for all piped identities.</summary>
        private IReadOnlyList<DialInUser> FilteredUsers()
        {
            if (_filtered != null) return _filtered;
            var bridge = new BridgeReference
            {
                Identity = MyInvocation.BoundParameters.ContainsKey(nameof(BridgeId)) ? BridgeId : (Guid?)null,
                Name = BridgeName,
            };
            var target = ServiceNumber ?? BridgeName ?? (object?)bridge.Identity;
            return _filtered = Terminating(token => Session.Conferencing.GetUsersAsync(bridge, ServiceNumber, token), target);
        }
    }
}
