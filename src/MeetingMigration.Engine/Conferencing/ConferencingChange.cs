using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>What a change of conferencing data did: the users as saved, the causes it found, the migrations it queued.</summary>
    public sealed class ConferencingChange
    {
        public List<DialInUser> Users { get; } = new List<DialInUser>();
        /// <summary>The triggers the change amounts to (TriggerNames), in the order found; empty when nothing that invitations show changed.</summary>
        public List<string> Triggers { get; } = new List<string>();
        /// <summary>Requests queued or merged into, one per affected user.</summary>
        public List<MigrationRequest> Queued { get; } = new List<MigrationRequest>();
        /// <summary>
        /// Undos of the queued users that their new request replaced (an undo queued and not finished, handed back, or
        /// waiting for its retry): each (undo, the request that replaced it, the user). Said by the cmdlet, as Start says it.
        /// </summary>
        public List<(System.Guid Undo, System.Guid ReplacedBy, string User)> ReplacedUndos { get; } = new List<(System.Guid, System.Guid, string)>();
        /// <summary>
        /// Undos of the queued users that their new request does not end (Store.EnqueueResult.UndosLeftToStopOrShare): each
        /// (undo, the request queued). Said by the cmdlet, as Start says it.
        /// </summary>
        public List<(System.Guid Undo, MigrationRequest By)> UndosLeftToStopOrShare { get; } = new List<(System.Guid, MigrationRequest)>();
        /// <summary>
        /// Undos the store queued ahead of the queued users' new request to finish what an undo that ended Failed put back
        /// (Store.EnqueueResult.FinishingUndo): each (that undo, the Failed one, the request queued). Said by the cmdlet, as Start says it.
        /// </summary>
        public List<(System.Guid Undo, System.Guid FailedUndo, MigrationRequest For)> FinishingUndos { get; } = new List<(System.Guid, System.Guid, MigrationRequest)>();
        /// <summary>Migrations of the queued users whose waiting retry their new request replaced: each (request, the one queued). Said with -Verbose, as Start says it.</summary>
        public List<(System.Guid Replaced, MigrationRequest By)> ReplacedMigrationRetries { get; } = new List<(System.Guid, MigrationRequest)>();
        /// <summary>Why triggers queued nothing (a switch is off); null when they queued or there were none.</summary>
        public string? NotQueuedBecause { get; set; }
        /// <summary>
        /// With <see cref="NotQueuedBecause"/>: the user's Pending request queued before, which reads the change when it runs
        /// (once migration is on again), so their invitations do get the new details; null when they have none.
        /// </summary>
        public MigrationRequest? AlreadyPending { get; set; }
        /// <summary>
        /// Unregister: the queued users of the bridge who show no number of the unregistered one's type now (its last such
        /// number, or its default with no other left), whose invitations will show no way to dial in. Said by the cmdlet:
        /// moving a bridge's numbers to another left its users without any, in silence (outside probe BH-F5).
        /// </summary>
        public List<DialInUser> LeftWithoutNumber { get; } = new List<DialInUser>();
        /// <summary>The type of number <see cref="LeftWithoutNumber"/> lack, in words ("toll", "toll-free").</summary>
        public string? LeftWithoutNumberKind { get; set; }
        /// <summary>The bridge as saved, for a change of a bridge or of its numbers; null for a change of users only.</summary>
        public ConferencingBridge? Bridge { get; set; }
    }

    /// <summary>Which bridge a command names: by identity or by name (at most one of them).</summary>
    public sealed class BridgeReference
    {
        public System.Guid? Identity { get; set; }
        public string? Name { get; set; }
        public bool IsEmpty => Identity == null && string.IsNullOrWhiteSpace(Name);
        public override string ToString() => Identity?.ToString("D") ?? Name ?? "";
    }

    /// <summary>
    /// Enable's values that came with an input object (a piped Get object, a row) rather than typed: with -ReplaceProvider
    /// those equal to the replaced provider's own are not taken, value by value (outside probes AS, AT, AU).
    /// </summary>
    [Flags]
    public enum EnableValues
    {
        None = 0,
        ConferenceId = 1,
        ServiceNumber = 2,
        TollFreeServiceNumber = 4,
    }

    /// <summary>Set-CsOnlineDialInConferencingUser's parameters: null leaves a value as it is.</summary>
    public sealed class DialInUserUpdate
    {
        /// <summary>A copy, for a rule that leaves some values of an update out without changing the caller's.</summary>
        internal DialInUserUpdate Copy() => (DialInUserUpdate)MemberwiseClone();

        public string? ConferenceId { get; set; }
        public bool ResetConferenceId { get; set; }
        public BridgeReference Bridge { get; set; } = new BridgeReference();
        public string? ServiceNumber { get; set; }
        /// <summary>One toll-free number (Microsoft's parameter); replaces the user's list.</summary>
        public string? TollFreeServiceNumber { get; set; }
        /// <summary>Several toll-free numbers (from a Skype for Business export); replaces the user's list.</summary>
        public IReadOnlyList<string>? TollFreeServiceNumbers { get; set; }
        public bool? AllowPstnOnlyMeetings { get; set; }
        public bool? AllowTollFreeDialIn { get; set; }
        public string? JoinUrl { get; set; }
        public string? DialInUrl { get; set; }
        public ConferencingProvider? Provider { get; set; }
        public string? ProviderName { get; set; }
        public bool? Enabled { get; set; }
        public MeetingHome? Home { get; set; }
        /// <summary>
        /// An admin's own command (Set- and Enable-CsOnlineDialInConferencingUser): a number given for a Microsoft user on no
        /// bridge must still be a number of one of the tenant's bridges, when it has any. The conferencing profile cmdlet and
        /// imports leave it unset: they carry an on-premises or third-party bridge's numbers, which no bridge of ours lists.
        /// </summary>
        public bool NumbersOfTenantBridges { get; set; }
    }
}
