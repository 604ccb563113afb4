using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// The dial-in details the store holds for an organizer, with their bridge's defaults filled in: what a refreshed
    /// Skype for Business block shows, and what a Teams block shows when the organizer's provider is not Microsoft.
    /// </summary>
    public sealed class StoredCoordinates
    {
        private StoredCoordinates(DialInUser? user, ConferencingBridge? bridge)
        {
            User = user;
            Bridge = bridge;
        }

        public DialInUser? User { get; }
        public ConferencingBridge? Bridge { get; }

        /// <summary>True when the store, not Graph, is the truth for this organizer's Teams dial-in details.</summary>
        public bool OverridesTeams => User != null && User.Provider != ConferencingProvider.Microsoft;

        public static async Task<StoredCoordinates> LoadAsync(IMigrationStore store, string userPrincipalName, CancellationToken cancellationToken)
        {
            var user = await store.GetDialInUserAsync(userPrincipalName, cancellationToken).ConfigureAwait(false);
            ConferencingBridge? bridge = null;
            if (user?.BridgeId != null)
                bridge = (await store.GetBridgesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.Identity == user.BridgeId);
            return new StoredCoordinates(user, bridge);
        }

        /// <summary>The values a block shows; the join link is the caller's (Skype: the stored meet URL; Teams: the meeting's own).</summary>
        public ConferencingCoordinates ToCoordinates(string? joinUrl)
        {
            var user = User!;
            var tollFree = user.TollFreeServiceNumbers.Count > 0
                ? (IReadOnlyList<string>)user.TollFreeServiceNumbers
                : Bridge?.DefaultTollFreeServiceNumber is string bridgeTollFree ? new[] { bridgeTollFree } : new string[0];
            // Audio conferencing turned off: the block keeps the link and loses the dial-in part. Toll-free dial-in not
            // allowed: it loses the toll-free numbers.
            return new ConferencingCoordinates
            {
                JoinUrl = joinUrl,
                ConferenceId = user.Enabled ? user.ConferenceId : null,
                TollNumber = user.Enabled ? user.ServiceNumber ?? Bridge?.DefaultServiceNumber : null,
                TollFreeNumbers = user.Enabled && user.AllowTollFreeDialIn ? tollFree : new string[0],
                DialInUrl = user.Enabled ? user.DialInUrl : null,
            };
        }
    }
}
