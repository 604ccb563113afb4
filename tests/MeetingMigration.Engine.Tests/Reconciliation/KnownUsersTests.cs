using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.Engine.Tests.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Reconciliation
{
    /// <summary>Who "every known user" is: dial-in users and users with requests, each once, in order of address.</summary>
    public sealed class KnownUsersTests
    {
        [Fact]
        public async Task Dial_in_users_and_requested_users_are_listed_once_each_by_address_in_order()
        {
            using var file = new TempStoreFile();
            var store = file.Open();
            var bobId = Guid.NewGuid();
            await store.EditConferencingAsync(edit =>
            {
                edit.Save(new DialInUser { UserPrincipalName = "Carol@Contoso.com", ConferenceId = "1110001" });
                edit.Save(new DialInUser { UserPrincipalName = "bob@contoso.com", UserId = bobId, ConferenceId = "1110002" });
                return true;
            }, StoreTestSupport.None);
            await store.Enqueue("sip:adele@contoso.com");
            await store.Enqueue("carol@contoso.com");                   // also a dial-in user
            await store.Enqueue(bobId.ToString("D"));                    // bob, queued by object id only
            var stranger = Guid.NewGuid();
            await store.Enqueue(stranger.ToString("D"));                 // known by object id only

            var users = await KnownUsers.ListAsync(store, StoreTestSupport.None);

            Assert.Equal(new[] { "adele@contoso.com", "bob@contoso.com", "carol@contoso.com", stranger.ToString("D") }.OrderBy(v => v, StringComparer.Ordinal),
                users.Select(u => u.Value));
        }

        [Fact]
        public async Task An_empty_store_knows_nobody()
        {
            using var file = new TempStoreFile();
            Assert.Empty(await KnownUsers.ListAsync(file.Open(), StoreTestSupport.None));
        }
    }
}
