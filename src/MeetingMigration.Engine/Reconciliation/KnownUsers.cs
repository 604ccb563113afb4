using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>
    /// The users a reconciliation of "everyone" checks: every user whose audio conferencing the store holds (the truth
    /// for Skype for Business meetings and third-party bridges) and every user with a migration request (whose blocks
    /// MeetingMigration wrote, so a later change elsewhere leaves them stale). Not the whole directory: listing every
    /// mailbox would spend Exchange's budget on users who never had a block written by anyone MeetingMigration knows of.
    /// </summary>
    public static class KnownUsers
    {
        /// <summary>Each user once, ordered by their normalized identity (the order a capped pass walks).</summary>
        public static async Task<IReadOnlyList<UserIdentity>> ListAsync(IMigrationStore store, CancellationToken cancellationToken)
        {
            var byAddress = new SortedDictionary<string, UserIdentity>(StringComparer.Ordinal);
            var idsOfAddresses = new HashSet<Guid>();
            var byObjectId = new SortedDictionary<string, UserIdentity>(StringComparer.Ordinal);

            void Add(string? upn, Guid? id)
            {
                UserIdentity? parsed = null;
                if (upn != null) UserIdentity.TryParse(upn, out parsed, out _);
                if (parsed != null && parsed.Kind == UserIdentityKind.Address)
                {
                    byAddress[parsed.Value] = parsed;
                    if (id != null) idsOfAddresses.Add(id.Value);
                    return;
                }
                // A request queued by object id before the user was looked up has the id where the UPN goes.
                UserIdentity? byId = parsed;
                if (id != null) UserIdentity.TryParse(id.Value.ToString("D"), out byId, out _); // not the nil GUID an older store may hold
                if (byId != null) byObjectId[byId.Value] = byId;
            }

            foreach (var user in await store.GetDialInUsersAsync(cancellationToken).ConfigureAwait(false))
                Add(user.UserPrincipalName, user.UserId);
            foreach (var request in await store.QueryAsync(new MigrationStatusQuery(), cancellationToken).ConfigureAwait(false))
                Add(request.UserPrincipalName, request.UserId);

            // A user known by address and, elsewhere, by object id only is checked once, by address.
            return byAddress.Values
                .Concat(byObjectId.Values.Where(u => !idsOfAddresses.Contains(u.ObjectId)))
                .OrderBy(u => u.Value, StringComparer.Ordinal)
                .ToList();
        }
    }
}
