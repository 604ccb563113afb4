using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// The conferencing data inside one write transaction of the store: what a change reads, what it saves and the
    /// migrations it queues are committed together or not at all, so a rule checked here (a unique conference ID, a number
    /// on its bridge) still holds when the change lands, and no trigger is lost or queued for a change that did not happen.
    /// Returned objects are copies: change them, then Save them.
    /// </summary>
    public interface IConferencingEdit
    {
        TenantMigrationConfiguration Configuration { get; }
        DialInConferencingTenantSettings DialInSettings { get; }

        DialInUser? FindUser(string userPrincipalName);
        /// <summary>The user holding this conference ID (digits only), if any.</summary>
        DialInUser? FindUserByConferenceId(string conferenceId);
        /// <summary>Users on the bridge whose own toll or toll-free number is this one (E.164).</summary>
        IReadOnlyList<DialInUser> UsersWithNumber(string number);
        /// <summary>Users on the bridge with no number of their own of this type: they show the bridge's default.</summary>
        IReadOnlyList<DialInUser> UsersOnBridgeDefault(Guid bridgeId, ServiceNumberType type);

        IReadOnlyList<ConferencingBridge> Bridges();
        ConferencingBridge? FindBridge(Guid identity);
        ConferencingBridge? FindBridge(string name);

        void Save(DialInUser user);
        void Save(ConferencingBridge bridge);
        /// <summary>Queues (or merges into the user's Pending request) in the same transaction.</summary>
        EnqueueResult Enqueue(EnqueueRequest request);
        /// <summary>The user's Pending request, if they have one: it will read the change when it runs.</summary>
        MigrationRequest? FindPendingRequest(string userPrincipalName, Guid? userId);
    }
}
