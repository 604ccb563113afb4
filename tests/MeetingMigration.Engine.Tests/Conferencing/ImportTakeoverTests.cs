using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>
    /// A takeover file: users on a third-party provider exported, their Provider edited to Microsoft, imported. Imported a
    /// second time (the import's own advice after a failure is to run the file again) it gave the users, Microsoft's by then,
    /// the third party's conference IDs and dial-in pages back (outside probe AU-F2): nothing remembered which values were
    /// the replaced provider's.
    /// </summary>
    public sealed class ImportTakeoverTests : IDisposable
    {
        private const string Header = "UserPrincipalName,Provider,ProviderName,ConferenceId,ServiceNumber,TollFreeServiceNumbers,DialInUrl";
        private readonly ImportFixture _fixture = new ImportFixture();

        public void Dispose() => _fixture.Dispose();

        private async Task<string> ThirdPartyUsersAndTheirTakeoverFileAsync()
        {
            await _fixture.Admin.NewBridgeAsync("Main", null, None);
            await _fixture.Admin.RegisterServiceNumberAsync("+14255550100", new BridgeReference { Name = "Main" }, ServiceNumberType.Toll, null, null, null, None);
            var thirdParty = _fixture.WriteCsv(Header,
                "acp@contoso.com,ThirdParty,Acme,5555555,+13125550100,+18885550100,https://acme.example/local?id=5555555");
            Assert.Equal(1, (await _fixture.Import(thirdParty)).Created);
            return _fixture.WriteCsv(Header,
                "acp@contoso.com,Microsoft,Acme,5555555,+13125550100,+18885550100,https://acme.example/local?id=5555555");
        }

        [Fact]
        public async Task Imported_a_second_time_the_takeover_file_leaves_the_users_as_the_first_import_made_them()
        {
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            var first = await _fixture.Import(takeover);
            Assert.Equal((1, 0), (first.Updated, first.Failed));
            var switched = (await _fixture.User("acp@contoso.com"))!;
            Assert.Equal(ConferencingProvider.Microsoft, switched.Provider);
            Assert.NotEqual("5555555", switched.ConferenceId);
            var before = await _fixture.Snapshot();

            var second = await _fixture.Import(takeover);

            Assert.Empty(_fixture.Errors);
            Assert.Equal((0, 1, 0), (second.Updated, second.Unchanged, second.Failed));
            Assert.Equal(before, await _fixture.Snapshot());
        }

        [Fact]
        public async Task The_switch_keeps_no_provider_name_and_remembers_the_replaced_providers_values()
        {
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();

            await _fixture.Import(takeover);

            var user = (await _fixture.User("acp@contoso.com"))!;
            Assert.Null(user.ProviderName);
            Assert.Equal(("Acme", "5555555", "+13125550100", "https://acme.example/local?id=5555555"),
                (user.ReplacedProvider!.ProviderName, user.ReplacedProvider.ConferenceId, user.ReplacedProvider.ServiceNumber, user.ReplacedProvider.DialInUrl));
            Assert.Equal(new[] { "+18885550100" }, user.ReplacedProvider.TollFreeServiceNumbers);
        }

        [Fact]
        public async Task A_row_giving_a_Microsoft_user_other_values_still_applies_them()
        {
            // Only the replaced provider's own values are left out; a new conference ID in the file is the admin's.
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);

            var summary = await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,Microsoft,,7654321,,,"));

            Assert.Equal(1, summary.Updated);
            Assert.Equal("7654321", (await _fixture.User("acp@contoso.com"))!.ConferenceId);
        }

        [Fact]
        public async Task A_row_that_makes_the_user_third_party_again_takes_the_providers_values()
        {
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);

            // (Numbers left out: the user stays on Microsoft's bridge, whose numbers a user on it must have.)
            await _fixture.Import(_fixture.WriteCsv(Header,
                "acp@contoso.com,ThirdParty,Acme,5555555,,,https://acme.example/local?id=5555555"));

            var user = (await _fixture.User("acp@contoso.com"))!;
            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal((ConferencingProvider.ThirdParty, "Acme", "5555555", "https://acme.example/local?id=5555555"),
                (user.Provider, user.ProviderName, user.ConferenceId, user.DialInUrl));
        }
    }
}
