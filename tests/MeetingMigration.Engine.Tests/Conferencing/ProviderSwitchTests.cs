using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>
    /// Microsoft becoming a user's audio-conferencing provider, and audio conferencing turned on or off by an import. Found by
    /// an outside probe (2026-12-04): the third party's conference ID, numbers and dial-in page were kept, with no bridge,
    /// so the migration that followed wrote the third party's numbers into the invitations as Microsoft's.
    /// </summary>
    public sealed class ProviderSwitchTests : IDisposable
    {
        private const string Upn = "acp@contoso.com";
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();

        public void Dispose() => _bed.Dispose();

        private static UserIdentity User => UserIdentity.Parse(Upn);

        /// <summary>A default bridge, another bridge, and a user on a third-party provider with its own ID, number and page.</summary>
        private async Task<ConferencingBridge> ThirdPartyUserAsync()
        {
            var main = await _bed.BridgeAsync("Main", new[] { "+14255550100" }, new[] { "+18005550100" });
            await _bed.BridgeAsync("Other", new[] { "+442075550100" });
            await _bed.Admin.SetUserAsync(User, new DialInUserUpdate
            {
                Provider = ConferencingProvider.ThirdParty, ProviderName = "PGi", ConferenceId = "9999999",
                ServiceNumber = "+13125550100", TollFreeServiceNumber = "+18885550100", DialInUrl = "https://pgi.example/local",
                JoinUrl = "https://meet.contoso.com/acp/K7",
            }, createIfMissing: true, None);
            Assert.True(main.IsDefault);
            return main;
        }

        private async Task AssertOnMicrosoftsDefaultsAsync(ConferencingBridge main)
        {
            var user = await _bed.GetUserAsync(Upn);
            Assert.Equal(ConferencingProvider.Microsoft, user.Provider);
            Assert.Null(user.ProviderName);
            Assert.Equal(main.Identity, user.BridgeId);
            Assert.NotNull(user.ConferenceId);
            Assert.NotEqual("9999999", user.ConferenceId);
            Assert.Null(user.ServiceNumber);
            Assert.Empty(user.TollFreeServiceNumbers);
            Assert.Null(user.DialInUrl);
            Assert.Equal("https://meet.contoso.com/acp/K7", user.JoinUrl); // the meeting link is not the provider's
            // What the invitations will show: the bridge's numbers, not the third party's.
            Assert.Equal("+14255550100", await _bed.ShownTollAsync(Upn));
            Assert.Equal(new[] { "+18005550100" }, await _bed.ShownTollFreeAsync(Upn));
            var queued = Assert.Single(await _bed.QueuedAsync());
            Assert.Contains(TriggerNames.ProviderSwitchedToMicrosoft, queued.Trigger);
        }

        [Fact]
        public async Task Enable_with_ReplaceProvider_gives_the_user_Microsofts_details_on_the_default_bridge()
        {
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.EnableUserAsync(User, replaceProvider: true, null, null, null, None);

            await AssertOnMicrosoftsDefaultsAsync(main);
        }

        [Fact]
        public async Task Enable_with_ReplaceProvider_does_not_take_the_third_partys_own_details_given_with_it()
        {
            // Get-CsOnlineDialInConferencingUser | Enable-CsOnlineDialInConferencingUser -ReplaceProvider binds the user's
            // conference ID and number from the object: they are the third party's, not Microsoft's.
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.EnableUserAsync(User, replaceProvider: true, "9999999", "+1 312 555 0100", "+18885550100", None,
                EnableValues.ConferenceId | EnableValues.ServiceNumber | EnableValues.TollFreeServiceNumber);

            await AssertOnMicrosoftsDefaultsAsync(main);
        }

        [Fact]
        public async Task Enable_with_ReplaceProvider_drops_the_third_partys_values_that_came_with_the_input_and_keeps_a_typed_one()
        {
            // A piped Get object's number and a typed conference ID (outside probe AU: one typed value kept every piped one).
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.EnableUserAsync(User, replaceProvider: true, "1234567", "+13125550100", null, None, EnableValues.ServiceNumber);

            var user = await _bed.GetUserAsync(Upn);
            Assert.Equal((ConferencingProvider.Microsoft, main.Identity, "1234567", (string?)null), (user.Provider, user.BridgeId, user.ConferenceId, user.ServiceNumber));
        }

        [Fact]
        public async Task Enable_with_ReplaceProvider_takes_a_typed_conference_ID_even_when_it_is_the_third_partys()
        {
            // Typed, the value is the admin's choice (outside probe AT: it was dropped silently while the preview named it).
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.EnableUserAsync(User, replaceProvider: true, "9999999", null, null, None);

            var user = await _bed.GetUserAsync(Upn);
            Assert.Equal((ConferencingProvider.Microsoft, main.Identity, "9999999"), (user.Provider, user.BridgeId, user.ConferenceId));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("1234567")]
        public async Task Enable_with_ReplaceProvider_names_the_switch_alone_whether_the_conference_ID_is_given_or_assigned(string? conferenceId)
        {
            // Outside probe AT-F5: a given ID added ConferenceIdChanged beside the switch, an assigned one did not.
            await ThirdPartyUserAsync();

            await _bed.Admin.EnableUserAsync(User, replaceProvider: true, conferenceId, "+14255550100", null, None);

            Assert.Equal(TriggerNames.ProviderSwitchedToMicrosoft, Assert.Single(await _bed.QueuedAsync()).Trigger);
        }

        [Fact]
        public async Task A_row_switching_to_Microsoft_with_its_own_ID_and_bridge_names_the_switch_alone()
        {
            await ThirdPartyUserAsync();
            var other = await _bed.GetBridgeAsync("Other");

            var change = await _bed.Admin.SetUserAsync(User, new DialInUserUpdate
            {
                Provider = ConferencingProvider.Microsoft, ConferenceId = "7654321", Bridge = new BridgeReference { Name = "Other" },
                ServiceNumber = "+442075550100",
            }, createIfMissing: false, None);

            Assert.Equal((other.Identity, "7654321"), (Assert.Single(change.Users).BridgeId, Assert.Single(change.Users).ConferenceId));
            Assert.Equal(TriggerNames.ProviderSwitchedToMicrosoft, Assert.Single(await _bed.QueuedAsync()).Trigger);
        }

        [Fact]
        public async Task An_exported_row_with_its_Provider_edited_to_Microsoft_does_not_keep_the_third_partys_details()
        {
            // The row carries the third party's ID, numbers and page, as Export-Csv of Get wrote them (outside probe AT).
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.SetUserAsync(User, new DialInUserUpdate
            {
                Provider = ConferencingProvider.Microsoft, ConferenceId = "9999999", ServiceNumber = "+13125550100",
                TollFreeServiceNumbers = new[] { "+18885550100" }, DialInUrl = "https://pgi.example/local",
            }, createIfMissing: false, None);

            await AssertOnMicrosoftsDefaultsAsync(main);
        }

        [Fact]
        public async Task Enable_with_ReplaceProvider_keeps_the_details_given_with_it()
        {
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.EnableUserAsync(User, replaceProvider: true, "1234567", "+14255550100", null, None);

            var user = await _bed.GetUserAsync(Upn);
            Assert.Equal((ConferencingProvider.Microsoft, main.Identity, "1234567", "+14255550100"), (user.Provider, user.BridgeId, user.ConferenceId, user.ServiceNumber));
        }

        [Fact]
        public async Task An_import_row_making_Microsoft_the_provider_does_the_same()
        {
            var main = await ThirdPartyUserAsync();

            await _bed.Admin.SetUserAsync(User, new DialInUserUpdate { Provider = ConferencingProvider.Microsoft }, createIfMissing: false, None);

            await AssertOnMicrosoftsDefaultsAsync(main);
        }

        [Fact]
        public async Task A_user_enabled_for_the_first_time_joins_the_default_bridge()
        {
            var main = await _bed.BridgeAsync("Main", new[] { "+14255550100" });

            await _bed.Admin.EnableUserAsync(UserIdentity.Parse("new@contoso.com"), replaceProvider: false, null, null, null, None);

            var user = await _bed.GetUserAsync("new@contoso.com");
            Assert.Equal(main.Identity, user.BridgeId);
            Assert.Equal("+14255550100", await _bed.ShownTollAsync("new@contoso.com"));
        }

        [Fact]
        public async Task An_import_row_disabling_a_user_releases_the_conference_ID_and_one_enabling_them_gives_a_new_one()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100" });
            await _bed.Admin.EnableUserAsync(UserIdentity.Parse("c@contoso.com"), replaceProvider: false, "3333333", null, null, None);

            await _bed.Admin.SetUserAsync(UserIdentity.Parse("c@contoso.com"), new DialInUserUpdate { Enabled = false }, createIfMissing: false, None);

            Assert.Null((await _bed.GetUserAsync("c@contoso.com")).ConferenceId);
            // Released: another user may take it, as after Disable-CsOnlineDialInConferencingUser.
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("b@contoso.com"), new DialInUserUpdate { ConferenceId = "3333333" }, createIfMissing: true, None);

            await _bed.Admin.SetUserAsync(UserIdentity.Parse("c@contoso.com"), new DialInUserUpdate { Enabled = true }, createIfMissing: false, None);

            var again = await _bed.GetUserAsync("c@contoso.com");
            Assert.NotNull(again.ConferenceId);
            Assert.NotEqual("3333333", again.ConferenceId);
        }
    
        [Theory]
        [InlineData("https://dialin.teams.microsoft.com/t?id=4715832", "https://dialin.teams.microsoft.com/t?id=8675309")]
        [InlineData("https://dialin.example/local?lang=en&id=4715832", "https://dialin.example/local?lang=en&id=8675309")]
        [InlineData("https://dialin.example/local?id=47158321", "https://dialin.example/local?id=47158321")]   // another number
        [InlineData("https://dialin.example/local", "https://dialin.example/local")]
        [InlineData("https://dialin.example/find?id=4715832#top", "https://dialin.example/find?id=8675309#top")]   // outside probe Q
        [InlineData("https://dialin.example/find/4715832", "https://dialin.example/find/8675309")]
        [InlineData("https://dialin.example/find/4715832/?lang=en#numbers", "https://dialin.example/find/8675309/?lang=en#numbers")]
        [InlineData("https://4715832.dialin.example/find", "https://4715832.dialin.example/find")]   // the host is not the page's path
        public async Task A_dial_in_page_naming_the_conference_ID_names_the_new_one_when_it_changes(string page, string expected)
        {
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("d@contoso.com"), new DialInUserUpdate { ConferenceId = "4715832", DialInUrl = page }, createIfMissing: true, None);

            await _bed.Admin.SetUserAsync(UserIdentity.Parse("d@contoso.com"), new DialInUserUpdate { ConferenceId = "8675309" }, createIfMissing: false, None);

            Assert.Equal(expected, (await _bed.GetUserAsync("d@contoso.com")).DialInUrl);
        }

        // Found by outside probe O: Disable released the ID, Enable gave a new one, and the page kept naming the released
        // ID (by then another user's) beside the new ID in every migrated invitation.
        [Theory]
        [InlineData(false, "https://dialin.teams.microsoft.com/t?id={0}", "https://dialin.teams.microsoft.com/t?id={1}")]
        [InlineData(true, "https://dialin.example/local?lang=en&id={0}", "https://dialin.example/local?lang=en&id={1}")]
        [InlineData(false, "https://dialin.example/local?id=abc", "https://dialin.example/local?id=abc")]   // not an ID
        [InlineData(true, "https://dialin.example/local", "https://dialin.example/local")]
        [InlineData(false, "https://dialin.example/find?id={0}#top", "https://dialin.example/find?id={1}#top")]   // outside probe Q
        [InlineData(false, "https://dialin.example/find/{0}/", "https://dialin.example/find/{1}/")]   // outside probe R: the ID as a path segment
        [InlineData(true, "https://dialin.example/c/{0}/details?lang=en", "https://dialin.example/c/{1}/details?lang=en")]
        [InlineData(false, "https://dialin.example/local?id=1234567", "https://dialin.example/local?id=1234567")]   // outside probe R: not the user's ID
        [InlineData(true, "https://dialin.example/local?id=0{0}", "https://dialin.example/local?id=0{0}")]
        public async Task A_dial_in_page_names_the_new_conference_ID_when_a_disabled_user_is_enabled_again(bool byImportRows, string page, string expected)
        {
            var user = UserIdentity.Parse("e@contoso.com");
            await _bed.Admin.SetUserAsync(user, new DialInUserUpdate { ConferenceId = "4445556", DialInUrl = string.Format(page, "4445556") }, createIfMissing: true, None);
            if (byImportRows) await _bed.Admin.SetUserAsync(user, new DialInUserUpdate { Enabled = false }, createIfMissing: false, None);
            else await _bed.Admin.DisableUserAsync(user, None);
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("f@contoso.com"), new DialInUserUpdate { ConferenceId = "4445556" }, createIfMissing: true, None);

            if (byImportRows) await _bed.Admin.SetUserAsync(user, new DialInUserUpdate { Enabled = true }, createIfMissing: false, None);
            else await _bed.Admin.EnableUserAsync(user, replaceProvider: false, null, null, null, None);

            var enabled = await _bed.GetUserAsync("e@contoso.com");
            Assert.NotEqual("4445556", enabled.ConferenceId);
            Assert.Equal(string.Format(expected, "4445556", enabled.ConferenceId), enabled.DialInUrl);
        }

        // Outside probe Q: an import row that enables a disabled user again and carries the page it was exported with (no
        // conference ID in the row) stored a page naming the released ID.
        [Fact]
        public async Task An_import_row_enabling_a_user_with_the_page_it_was_exported_with_names_the_new_ID()
        {
            var user = UserIdentity.Parse("g@contoso.com");
            const string page = "https://dialin.teams.microsoft.com/t?id=4445556";
            await _bed.Admin.SetUserAsync(user, new DialInUserUpdate { ConferenceId = "4445556", DialInUrl = page }, createIfMissing: true, None);
            await _bed.Admin.DisableUserAsync(user, None);

            await _bed.Admin.SetUserAsync(user, new DialInUserUpdate { Enabled = true, DialInUrl = page }, createIfMissing: false, None);

            var enabled = await _bed.GetUserAsync("g@contoso.com");
            Assert.Equal($"https://dialin.teams.microsoft.com/t?id={enabled.ConferenceId}", enabled.DialInUrl);

            // A row giving the page with the ID it names is taken as given.
            await _bed.Admin.SetUserAsync(user, new DialInUserUpdate { ConferenceId = "7000001", DialInUrl = "https://dialin.example/p?id=7000001" }, createIfMissing: false, None);
            Assert.Equal("https://dialin.example/p?id=7000001", (await _bed.GetUserAsync("g@contoso.com")).DialInUrl);
        }
}
}
