using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;
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
            await _fixture.BridgeAsync("Main", "+14255550100");
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
            var replaced = Assert.Single(user.ReplacedProviders);
            Assert.Equal(("Acme", "5555555", "+13125550100", "https://acme.example/local?id=5555555"),
                (replaced.ProviderName, replaced.ConferenceId, replaced.ServiceNumber, replaced.DialInUrl));
            Assert.Equal(new[] { "+18885550100" }, replaced.TollFreeServiceNumbers);
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

        [Theory]
        [InlineData("acp@contoso.com,ThirdParty,Acme,5555555,+13125550100,+18885550100,https://acme.example/local?id=5555555")]
        [InlineData("acp@contoso.com,ThirdParty,Acme,,,,")]
        [InlineData("acp@contoso.com,ThirdParty,,,,,")]
        public async Task Rolled_back_with_the_export_taken_before_the_takeover_the_user_is_the_providers_again(string row)
        {
            // Outside probe AW-F1: the user stayed on Microsoft's bridge, so the provider's number was refused, and a row
            // without it left a third-party user shown Microsoft's bridge numbers beside the provider's conference ID.
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);
            var before = (await _fixture.Requests()).Count;

            var summary = await _fixture.Import(_fixture.WriteCsv(Header, row));

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(1, summary.Updated);
            var user = (await _fixture.User("acp@contoso.com"))!;
            Assert.Equal((ConferencingProvider.ThirdParty, "Acme", "5555555", "+13125550100", "https://acme.example/local?id=5555555", (Guid?)null),
                (user.Provider, user.ProviderName, user.ConferenceId, user.ServiceNumber, user.DialInUrl, user.BridgeId));
            Assert.Equal(new[] { "+18885550100" }, user.TollFreeServiceNumbers);
            // Queued, named as the switch alone.
            var requests = await _fixture.Requests();
            Assert.Equal(before, requests.Count); // merged into the takeover's pending request
            Assert.Contains(TriggerNames.ProviderSwitchedFromMicrosoft, requests.Single().Trigger);
            Assert.DoesNotContain(TriggerNames.ConferenceIdChanged, requests.Single().Trigger);
        }

        [Fact]
        public async Task After_two_switches_the_first_providers_takeover_file_still_leaves_the_user_as_it_is()
        {
            // Outside probe AW-F2: only the last replaced provider was remembered.
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);
            await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,ThirdParty,Intercall,4444444,,,https://intercall.example/dial"));
            await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,Microsoft,Intercall,4444444,,,https://intercall.example/dial"));
            var user = (await _fixture.User("acp@contoso.com"))!;
            Assert.Equal(new[] { "Acme", "Intercall" }, user.ReplacedProviders.Select(r => r.ProviderName));
            var before = await _fixture.Snapshot();

            var again = await _fixture.Import(takeover);

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(1, again.Unchanged);
            Assert.Equal(before, await _fixture.Snapshot());
        }

        [Fact]
        public async Task Replacing_a_second_provider_does_not_take_the_first_ones_values_from_an_input()
        {
            // A Get object saved in the first provider's days, piped to Enable -ReplaceProvider while the second is replaced.
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);
            await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,ThirdParty,Intercall,4444444,,,https://intercall.example/dial"));

            await _fixture.Admin.EnableUserAsync(UserIdentity.Parse("acp@contoso.com"), replaceProvider: true, "5555555", null, null, None, EnableValues.ConferenceId);

            var user = (await _fixture.User("acp@contoso.com"))!;
            Assert.Equal(ConferencingProvider.Microsoft, user.Provider);
            Assert.DoesNotContain(user.ConferenceId, new[] { "5555555", "4444444" });
        }

        [Fact]
        public async Task Going_back_to_the_first_of_two_replaced_providers_takes_its_values()
        {
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);
            await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,ThirdParty,Intercall,4444444,,,https://intercall.example/dial"));
            await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,Microsoft,,,,,"));

            await _fixture.Import(_fixture.WriteCsv(Header, "acp@contoso.com,ThirdParty,acme,,,,"));

            var user = (await _fixture.User("acp@contoso.com"))!;
            Assert.Equal(("acme", "5555555", "+13125550100"), (user.ProviderName, user.ConferenceId, user.ServiceNumber));
        }

        [Theory]
        [InlineData("UserPrincipalName,ProviderName", "acp@contoso.com,Acme Conferencing")]
        [InlineData("UserPrincipalName,Provider,ProviderName", "acp@contoso.com,Microsoft,Acme Conferencing")]
        [InlineData("UserPrincipalName,Provider,ProviderName", "new@contoso.com,Microsoft,Acme Conferencing")]
        public async Task A_provider_name_for_a_Microsoft_user_is_refused(string header, string row)
        {
            // Outside probe AW-F3: it was stored, and a Microsoft user looked like a third party's in exports.
            var takeover = await ThirdPartyUsersAndTheirTakeoverFileAsync();
            await _fixture.Import(takeover);
            var before = await _fixture.Snapshot();

            var summary = await _fixture.Import(_fixture.WriteCsv(header, row));

            Assert.Equal(1, summary.Failed);
            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(ErrorIds.InvalidSettingValue, error.ErrorId);
            Assert.Contains("ProviderName 'Acme Conferencing'", error.Message);
            Assert.Equal(before, await _fixture.Snapshot());
        }
    }
}
