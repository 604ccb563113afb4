using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>Where a user's mailbox lives; on-premises mailboxes refuse Graph calendar calls.</summary>
public enum MailboxLocation { Cloud, OnPremises }

/// <summary>Audio-conferencing coordinates of a user (what Teams puts into new meetings' dial-in section).</summary>
public sealed record ConferencingSettings(string? ConferenceId, string? TollNumber, IReadOnlyList<string> TollFreeNumbers, string? DialInUrl);

/// <summary>A license as Graph's assignedLicenses shows it.</summary>
public sealed record UserLicense(Guid SkuId, IReadOnlyList<Guid> DisabledPlans);

/// <summary>A service plan as Graph's assignedPlans shows it; removal keeps the row with status "Deleted", as Entra does.</summary>
public sealed record UserServicePlan(DateTimeOffset AssignedDateTime, string CapabilityStatus, string Service, Guid ServicePlanId);

/// <summary>A directory user together with its mailbox settings. Mutated only under <see cref="SandboxState"/>'s lock.</summary>
public sealed class UserRecord
{
    public Guid Id { get; init; }
    public string UserPrincipalName
    {
        get => _userPrincipalName;
        internal set
        {
            _userPrincipalName = value;
            Key = value.ToLowerInvariant();
        }
    }
    private string _userPrincipalName = "";
    public string DisplayName { get; internal set; } = "";
    public string Mail { get; internal set; } = "";
    public MailboxLocation MailboxLocation { get; internal set; }
    public ConferencingSettings? Conferencing { get; internal set; }
    /// <summary>Emulates an application access policy that excludes this mailbox (403 ErrorAccessDenied).</summary>
    public bool AccessDenied { get; internal set; }
    public List<UserLicense> AssignedLicenses { get; } = new();
    public List<UserServicePlan> AssignedPlans { get; } = new();
    /// <summary>Tenant-wide change counter value of the last change; drives /users/delta.</summary>
    internal long Version { get; set; }
    /// <summary>Lower-case UPN: the mailbox key. Kept, not recomputed: every stored item of the mailbox shares this string.</summary>
    internal string Key { get; private set; } = "";
}
