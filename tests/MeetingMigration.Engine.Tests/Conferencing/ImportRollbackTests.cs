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
    /// A takeover rolled back by an import row that makes the user the provider's again, in the states outside probe AX
    /// found it going wrong: the provider's ID taken meanwhile, the user disabled, their bridge's numbers changed, a
    /// misspelt provider; and third-party users enabled again by a row.
    /// </summary>
    public sealed class ImportRollbackTests : IDisposable
    {
        private const string Header = "UserPrincipalName,Provider,ProviderName,ConferenceId,ServiceNumber,DialInUrl,Enabled";
        private readonly ImportFixture _fixture = new ImportFixture();

        public void Dispose() => _fixture.Dispose();

        private static UserIdentity Acp => UserIdentity.Parse("acp@contoso.com");

        /// <summary>acp on Acme (ID 5555555, a page naming it), taken over by Microsoft: on the default bridge Main with a new ID.</summary>
        private async Task TakenOverAsync()
        {
            await _fixture.BridgeAsync("Main", "+14255550100");
            await Import("acp@contoso.com,ThirdParty,Acme,5555555,+13125550100,https://acme.example/dial?id=5555555,");
            await _fixture.Admin.EnableUserAsync(Acp, replaceProvider: true, null, null, null, None);
        }

        private async Task<DialInUserImportSummary> Import(params string[] rows) => await _fixture.Import(_fixture.WriteCsv(new[] { Header }.Concat(rows)));

        private Task<DialInUser?> Acme() => _fixture.User("acp@contoso.com");

        [Fact]
        public async Task The_providers_ID_taken_meanwhile_refuses_a_row_that_gives_none()
        {
            await TakenOverAsync();
            await Import("other@contoso.com,,,5555555,,,");
            var before = await _fixture.Snapshot();

            var summary = await Import("acp@contoso.com,ThirdParty,Acme,,,,");

            Assert.Equal(1, summary.Failed);
            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(ErrorIds.ConferenceIdInUse, error.ErrorId);
            Assert.Contains("belongs to other@contoso.com", error.Message);
            Assert.Equal(before, await _fixture.Snapshot());
        }

        [Fact]
        public async Task A_row_giving_a_new_ID_takes_it_and_the_given_back_page_names_it()
        {
            await TakenOverAsync();
            await Import("other@contoso.com,,,5555555,,,");

            var summary = await Import("acp@contoso.com,ThirdParty,Acme,8880022,,,");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            var user = (await Acme())!;
            Assert.Equal(("8880022", "https://acme.example/dial?id=8880022", "+13125550100"), (user.ConferenceId, user.DialInUrl, user.ServiceNumber));
        }

        [Fact]
        public async Task A_disabled_user_rolled_back_keeps_the_providers_ID_as_released_and_gets_it_back_when_enabled()
        {
            await TakenOverAsync();
            await _fixture.Admin.DisableUserAsync(Acp, None);

            await Import("acp@contoso.com,ThirdParty,Acme,,,,");
            var disabled = (await Acme())!;
            Assert.Equal((false, (string?)null, "5555555"), (disabled.Enabled, disabled.ConferenceId, disabled.ReleasedConferenceId));

            await Import("acp@contoso.com,,,,,,True");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            var user = (await Acme())!;
            Assert.Equal((true, "5555555", (string?)null), (user.Enabled, user.ConferenceId, user.ReleasedConferenceId));
        }

        [Fact]
        public async Task A_disabled_user_rolled_back_and_enabled_in_one_row_gets_the_providers_ID()
        {
            await TakenOverAsync();
            await _fixture.Admin.DisableUserAsync(Acp, None);

            await Import("acp@contoso.com,ThirdParty,Acme,,,,True");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal((ConferencingProvider.ThirdParty, true, "5555555"), ((await Acme())!.Provider, (await Acme())!.Enabled, (await Acme())!.ConferenceId));
        }

        [Fact]
        public async Task A_third_party_user_enabled_again_by_a_row_gets_their_released_ID_back_or_the_row_is_refused_when_it_is_taken()
        {
            await Import("acp@contoso.com,ThirdParty,Acme,5555555,+13125550100,,", "tp2@contoso.com,ThirdParty,Acme,6666666,+13125550100,,");
            await _fixture.Admin.DisableUserAsync(Acp, None);
            await _fixture.Admin.DisableUserAsync(UserIdentity.Parse("tp2@contoso.com"), None);
            await Import("other@contoso.com,,,6666666,,,");

            var summary = await Import("acp@contoso.com,,,,,,True", "tp2@contoso.com,,,,,,True");

            Assert.Equal((1, 1), (summary.Updated, summary.Failed));
            Assert.Equal("5555555", (await Acme())!.ConferenceId);
            Assert.Equal(ErrorIds.ConferenceIdInUse, Assert.Single(_fixture.Errors).ErrorId);
            Assert.False((await _fixture.User("tp2@contoso.com"))!.Enabled);
        }

        [Fact]
        public async Task A_self_managed_user_goes_back_to_their_bridge_without_a_number_it_no_longer_lists()
        {
            var own = await _fixture.BridgeAsync("Own", "+12065550300", "+12065550301");
            await _fixture.BridgeAsync("Main", "+14255550100");
            await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,Provider,ProviderName,ConferenceId,BridgeName,ServiceNumber",
                "own@contoso.com,SelfManaged,OwnConf,7770002,Own,+12065550301"));
            await _fixture.Admin.EnableUserAsync(UserIdentity.Parse("own@contoso.com"), replaceProvider: true, null, null, null, None);
            await _fixture.Admin.UnregisterServiceNumberAsync("+12065550301", null, false, None);

            await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,Provider", "own@contoso.com,SelfManaged"));

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            var user = (await _fixture.User("own@contoso.com"))!;
            Assert.Equal((ConferencingProvider.SelfManaged, (Guid?)own.Identity, (string?)null, "7770002"), (user.Provider, user.BridgeId, user.ServiceNumber, user.ConferenceId));
        }

        [Theory]
        [InlineData("acp@contoso.com,ThirdParty,Acm,,,,")]
        [InlineData("acp@contoso.com,SelfManaged,Unknown,,,,")]
        public async Task A_row_naming_no_replaced_provider_and_giving_none_of_its_details_is_refused(string row)
        {
            await TakenOverAsync();
            var before = await _fixture.Snapshot();

            var summary = await Import(row);

            Assert.Equal(1, summary.Failed);
            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(ErrorIds.InvalidSettingValue, error.ErrorId);
            Assert.Contains("is not a provider Microsoft replaced for them ('Acme')", error.Message);
            Assert.Equal(before, await _fixture.Snapshot());
        }

        [Fact]
        public async Task A_user_on_no_bridge_whose_record_named_Microsoft_only_by_default_keeps_their_details_when_a_row_names_their_provider()
        {
            // An imported profile (on-premises numbers, no bridge of ours): the row corrects the record; nothing shown changes.
            await Import("prof@contoso.com,,,4444444,+13125550100,https://dial.contoso.com/?id=4444444,");
            var before = (await _fixture.Requests()).Count;

            var summary = await Import("prof@contoso.com,ThirdParty,Acme,,,,");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal((1, 0), (summary.Updated, summary.Queued));
            var user = (await _fixture.User("prof@contoso.com"))!;
            Assert.Equal((ConferencingProvider.ThirdParty, "4444444", "+13125550100"), (user.Provider, user.ConferenceId, user.ServiceNumber));
            Assert.Equal(before, (await _fixture.Requests()).Count);
        }

        [Fact]
        public async Task A_third_party_user_whose_provider_gave_no_ID_is_enabled_without_one_as_the_record_says()
        {
            // Outside probe AY-F1 asked for a refusal; AZ-F4 showed what that broke: users the import records without an ID
            // (a provider that gives none) could not be enabled or rolled back to. Nothing is lost here, so it is taken.
            await Import("acp@contoso.com,ThirdParty,Acme,,+13125550100,,False");

            var summary = await Import("acp@contoso.com,,,,,,True");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(1, summary.Updated);
            Assert.Equal((true, (string?)null), ((await Acme())!.Enabled, (await Acme())!.ConferenceId));
        }

        [Fact]
        public async Task A_takeover_of_a_self_managed_user_who_had_no_ID_is_rolled_back_to_none()
        {
            // Outside probe AZ-F4.
            await _fixture.BridgeAsync("Main");
            await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,Provider,ProviderName,DialInUrl", "own@contoso.com,SelfManaged,OwnConf,https://own.example/dial"));
            var own = UserIdentity.Parse("own@contoso.com");
            await _fixture.Admin.EnableUserAsync(own, replaceProvider: true, null, null, null, None);
            Assert.NotNull((await _fixture.User("own@contoso.com"))!.ConferenceId);

            await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,Provider,ProviderName,DialInUrl", "own@contoso.com,SelfManaged,OwnConf,https://own.example/dial"));

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            var user = (await _fixture.User("own@contoso.com"))!;
            Assert.Equal((ConferencingProvider.SelfManaged, (string?)null, (Guid?)null), (user.Provider, user.ConferenceId, user.BridgeId));
        }

        [Fact]
        public async Task A_row_making_a_bridge_user_self_managed_with_only_a_bridge_is_refused_for_want_of_an_ID()
        {
            // Outside probe AY-F2: the Microsoft ID was dropped and the user left enabled with none.
            await _fixture.BridgeAsync("Main", "+14255550100");
            await _fixture.Admin.EnableUserAsync(Acp, false, null, null, null, None);
            var before = await _fixture.Snapshot();

            var summary = await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,Provider,ProviderName,BridgeName", "acp@contoso.com,SelfManaged,Own,Main"));

            Assert.Equal(1, summary.Failed);
            Assert.Contains("but no conference ID", Assert.Single(_fixture.Errors).Message);
            Assert.Equal(before, await _fixture.Snapshot());
        }

        [Fact]
        public async Task A_disabled_user_gets_no_live_conference_ID_from_Set_or_a_row_and_an_export_edited_to_disable_releases_its_own()
        {
            // Outside probe AY-F3: the ID stayed live (reserved) on a disabled user.
            await Import("acp@contoso.com,,,1111111,,,", "bob@contoso.com,,,2222222,,,");
            await _fixture.Admin.DisableUserAsync(Acp, None);
            var before = await _fixture.Snapshot();

            await _fixture.RefusedByEngine(ErrorIds.InvalidSettingValue,
                () => _fixture.Admin.SetUserAsync(Acp, new DialInUserUpdate { ConferenceId = "3333333" }, false, None));
            var summary = await Import("acp@contoso.com,,,3333333,,,");
            Assert.Equal(1, summary.Failed);
            Assert.Equal(before, await _fixture.Snapshot());

            // bob's export row edited to disable him still names his ID: it is released, as Disable releases it.
            var edited = await Import("bob@contoso.com,,,2222222,,,False");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(1, edited.Updated);
            var bob = (await _fixture.User("bob@contoso.com"))!;
            Assert.Equal((false, (string?)null, "2222222"), (bob.Enabled, bob.ConferenceId, bob.ReleasedConferenceId));
            Assert.Equal(TriggerNames.AudioConferencingDisabled, (await _fixture.Requests()).Single(r => r.UserPrincipalName == "bob@contoso.com").Trigger);
        }

        [Fact]
        public async Task A_disabled_user_rolled_back_to_a_provider_whose_ID_another_user_holds_keeps_it_as_released_and_enabling_asks_for_a_free_one()
        {
            // Outside probe AY-F4 asked for a refusal; AZ-F2 showed it left no way to roll a disabled user back. A released
            // ID is not reserved: the state is the one a disabled user is in when another user takes their ID.
            await TakenOverAsync();
            await _fixture.Admin.DisableUserAsync(Acp, None);
            await Import("other@contoso.com,,,5555555,,,");

            var rolledBack = await Import("acp@contoso.com,ThirdParty,Acme,,,,");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(1, rolledBack.Updated);
            Assert.Equal((false, (string?)null, "5555555"), ((await Acme())!.Enabled, (await Acme())!.ConferenceId, (await Acme())!.ReleasedConferenceId));

            Assert.Equal(1, (await Import("acp@contoso.com,,,,,,True")).Failed);
            Assert.Equal(ErrorIds.ConferenceIdInUse, Assert.Single(_fixture.Errors).ErrorId);

            Assert.Equal(1, (await Import("acp@contoso.com,,,8880033,,,True")).Updated);
            var user = (await Acme())!;
            Assert.Equal((true, "8880033", "https://acme.example/dial?id=8880033"), (user.Enabled, user.ConferenceId, user.DialInUrl));
        }

        [Fact]
        public async Task A_pre_takeover_row_edited_to_disable_the_user_rolls_back_to_the_provider_disabled()
        {
            // Outside probe AZ-F3: refused as "disabled" although the user was enabled, for naming the provider's ID.
            await TakenOverAsync();

            var summary = await Import("acp@contoso.com,ThirdParty,Acme,5555555,+13125550100,https://acme.example/dial?id=5555555,False");

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(1, summary.Updated);
            var user = (await Acme())!;
            Assert.Equal((ConferencingProvider.ThirdParty, false, (string?)null, "5555555"), (user.Provider, user.Enabled, user.ConferenceId, user.ReleasedConferenceId));
        }

        [Fact]
        public async Task A_file_that_disabled_a_user_and_gave_their_ID_to_another_imports_again_unchanged()
        {
            // Outside probe AZ-F1: the second run refused the disabled user's row, their ID being the other user's now.
            await Import("bob@contoso.com,,,2222222,,,", "carol@contoso.com,,,3333333,,,");
            var file = _fixture.WriteCsv(Header, "bob@contoso.com,,,2222222,,,False", "carol@contoso.com,,,2222222,,,");

            var first = await _fixture.Import(file);
            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(2, first.Updated);
            var before = await _fixture.Snapshot();

            var again = await _fixture.Import(file);

            Assert.True(_fixture.Errors.Count == 0, string.Join("; ", _fixture.Errors.Select(e => e.Message)));
            Assert.Equal(2, again.Unchanged);
            Assert.Equal(before, await _fixture.Snapshot());
        }

        [Fact]
        public async Task A_disabled_user_cannot_have_their_conference_ID_reset_and_their_number_changes_queue_nothing()
        {
            // Outside probe AZ-F5 (the refusal named a random ID it had made) and AZ-F6 (a number change was queued).
            await _fixture.BridgeAsync("Main", "+14255550100", "+14255550101");
            await _fixture.Admin.EnableUserAsync(Acp, false, null, null, null, None);
            await _fixture.Admin.DisableUserAsync(Acp, None);
            var queued = (await _fixture.Requests()).Single().Trigger;

            var reset = await Assert.ThrowsAsync<MeetingMigrationException>(() => _fixture.Admin.SetUserAsync(Acp, new DialInUserUpdate { ResetConferenceId = true }, false, None));
            Assert.Equal("acp@contoso.com's audio conferencing is disabled, so they have no conference ID to reset; nothing was changed.", reset.Message);

            var change = await _fixture.Admin.SetUserAsync(Acp, new DialInUserUpdate { ServiceNumber = "+14255550101" }, false, None);

            Assert.Empty(change.Triggers);
            Assert.Equal("+14255550101", (await Acme())!.ServiceNumber);
            Assert.Equal(queued, (await _fixture.Requests()).Single().Trigger);
        }

        [Fact]
        public async Task Enable_with_the_users_own_old_ID_that_another_user_took_meanwhile_is_refused_not_replaced_by_a_random_one()
        {
            // Outside probe BA-F1: a leaver re-hired, their old ID given to someone else meanwhile; Enable named the ID in
            // its preview and saved a random one.
            await Import("ashaw@contoso.com,,,4715832,,,");
            await _fixture.Admin.DisableUserAsync(UserIdentity.Parse("ashaw@contoso.com"), None);
            await Import("newbie@contoso.com,,,4715832,,,");
            var before = await _fixture.Snapshot();

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() =>
                _fixture.Admin.EnableUserAsync(UserIdentity.Parse("ashaw@contoso.com"), false, "4715832", null, null, None));

            Assert.Equal(ErrorIds.ConferenceIdInUse, error.ErrorId);
            Assert.Equal(before, await _fixture.Snapshot());
            // The way to a free ID for a disabled user is Enable's own: Set -ResetConferenceId refuses a disabled user (BH-F6).
            Assert.Equal("Conference IDs are unique in the tenant: give another one, or leave -ConferenceId out and Enable-CsOnlineDialInConferencingUser gives a free one.",
                error.RecommendedAction);
        }

        /// <summary>Outside probe BI-F6: an enabled user was advised Enable without -ConferenceId, which changes nothing for them.</summary>
        [Fact]
        public async Task An_enabled_user_refused_a_held_ID_is_advised_Sets_reset()
        {
            await Import("ashaw@contoso.com,,,4715832,,,");
            await _fixture.Admin.EnableUserAsync(UserIdentity.Parse("ashaw@contoso.com"), false, null, null, null, None);
            await Import("newbie@contoso.com,,,7777777,,,");

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() =>
                _fixture.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), new DialInUserUpdate { ConferenceId = "7777777" }, createIfMissing: false, None));

            Assert.Equal(ErrorIds.ConferenceIdInUse, error.ErrorId);
            Assert.Equal("Conference IDs are unique in the tenant: give another one, or ask for a free one with Set-CsOnlineDialInConferencingUser -ResetConferenceId.", error.RecommendedAction);

            // Outside probe BJ-F3: a user the change would create was told to use Set -ResetConferenceId, which finds no such user.
            error = await Assert.ThrowsAsync<MeetingMigrationException>(() =>
                _fixture.Admin.SetUserAsync(UserIdentity.Parse("newcomer@contoso.com"), new DialInUserUpdate { ConferenceId = "7777777" }, createIfMissing: true, None));
            Assert.Equal("Conference IDs are unique in the tenant: give another one, or leave the conference ID out, and Enable-CsOnlineDialInConferencingUser gives the user a free one.",
                error.RecommendedAction);
        }

        [Fact]
        public async Task Enable_with_the_users_own_old_ID_still_free_gives_it_back()
        {
            await Import("ashaw@contoso.com,,,4715832,,,");
            await _fixture.Admin.DisableUserAsync(UserIdentity.Parse("ashaw@contoso.com"), None);

            await _fixture.Admin.EnableUserAsync(UserIdentity.Parse("ashaw@contoso.com"), false, "4715832", null, null, None);

            Assert.Equal("4715832", (await _fixture.User("ashaw@contoso.com"))!.ConferenceId);
        }

        [Fact]
        public async Task A_conference_ID_given_to_an_enabled_user_who_had_none_queues_ConferenceIdChanged()
        {
            // Outside probe AX-F6: none to an ID was not a change, so the invitations never showed it.
            await Import("acp@contoso.com,ThirdParty,Acme,,+13125550100,,");
            Assert.Null((await Acme())!.ConferenceId);

            var change = await _fixture.Admin.SetUserAsync(Acp, new DialInUserUpdate { ConferenceId = "3330001" }, false, None);

            Assert.Equal(new[] { TriggerNames.ConferenceIdChanged }, change.Triggers);
            Assert.Single(change.Queued);
        }
    }
}
