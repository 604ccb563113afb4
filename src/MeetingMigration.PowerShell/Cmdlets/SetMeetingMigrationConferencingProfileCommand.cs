using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Records an organizer's Skype for Business conferencing coordinates (meet URL, conference ID,
    /// dial-in numbers), which Skype meetings migrated with -TargetMeetingType Current receive.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "MeetingMigrationConferencingProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ConferencingProfile))]
    public sealed class SetMeetingMigrationConferencingProfileCommand : MeetingMigrationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("UserPrincipalName", "SipAddress")]
        public string Identity { get; set; } = "";

        /// <summary>The organizer's Skype for Business meeting link, e.g. https://meet.contoso.com/ashaw/K7L2P9QZ.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("MeetUrl")]
        public string JoinUrl { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ConferenceId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceNumber")]
        public string? TollNumber { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TollFreeServiceNumber")]
        public string[]? TollFreeNumber { get; set; }

        /// <summary>The "find a local number" page.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? DialInUrl { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!UserIdentity.TryParse(Identity, out var user, out var problem) || user!.Kind != UserIdentityKind.Address)
            {
                WriteError(ErrorMapper.Create(ErrorIds.InvalidIdentity, ErrorKind.InvalidArgument,
                    $"'{Identity}' is not a valid organizer address: {(problem.Length > 0 ? problem : "give the UPN or SIP address, not an object id.")}",
                    Identity, "Give the organizer's UPN (ashaw@contoso.com) or SIP address."));
                return;
            }
            var profile = new ConferencingProfile
            {
                UserPrincipalName = user.Value,
                JoinUrl = JoinUrl,
                ConferenceId = string.IsNullOrWhiteSpace(ConferenceId) ? null : ConferenceId!.Trim(),
                TollNumber = string.IsNullOrWhiteSpace(TollNumber) ? null : TollNumber!.Trim(),
                TollFreeNumbers = (TollFreeNumber ?? new string[0]).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList(),
                DialInUrl = string.IsNullOrWhiteSpace(DialInUrl) ? null : DialInUrl!.Trim(),
            };
            if (!ShouldProcess(user.Value, $"Set Skype for Business conferencing profile (join link {profile.JoinUrl})")) return;
            if (NonTerminating(token => Session.Admin.SetConferencingProfileAsync(profile, token), Identity) && PassThru) WriteObject(profile);
        }
    }
}
