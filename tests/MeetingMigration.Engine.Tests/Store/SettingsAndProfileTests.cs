using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Store
{
    public sealed class SettingsAndProfileTests : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();

        public void Dispose() => _file.Dispose();

        [Fact]
        public async Task A_conferencing_change_and_the_migration_it_queues_commit_together_or_not_at_all()
        {
            // docs/security.md: the change and its trigger are one write transaction. An edit that fails after both were
            // written inside it leaves neither; one that returns keeps both.
            var store = _file.Open(new ManualClock());
            EnqueueRequest Trigger(string user) => new EnqueueRequest(UserIdentity.Parse(user), SourceMeetingType.All, TargetMeetingType.Current);

            await Assert.ThrowsAsync<InvalidOperationException>(() => store.EditConferencingAsync<int>(edit =>
            {
                edit.Save(new DialInUser { UserPrincipalName = "ada@contoso.com", ConferenceId = "4715832" });
                edit.Enqueue(Trigger("ada@contoso.com"));
                throw new InvalidOperationException("the edit failed after both writes");
            }, None));

            Assert.Null(await store.GetDialInUserAsync("ada@contoso.com", None));
            Assert.Empty(await store.QueryAsync(new MigrationStatusQuery(), None));

            await store.EditConferencingAsync(edit =>
            {
                edit.Save(new DialInUser { UserPrincipalName = "ada@contoso.com", ConferenceId = "4715832" });
                return edit.Enqueue(Trigger("ada@contoso.com"));
            }, None);

            Assert.Equal("4715832", (await store.GetDialInUserAsync("ada@contoso.com", None))!.ConferenceId);
            Assert.Equal("ada@contoso.com", Assert.Single(await store.QueryAsync(new MigrationStatusQuery(), None)).UserPrincipalName);
        }

        [Fact]
        public async Task Unsaved_settings_read_as_the_documented_defaults()
        {
            var store = _file.Open(new ManualClock());

            var tenant = await store.GetTenantMigrationConfigurationAsync(None);
            var dialIn = await store.GetDialInSettingsAsync(None);

            Assert.True(tenant.MeetingMigrationEnabled);
            Assert.Equal(9, tenant.UserRetryLimit);
            Assert.Equal(TimeSpan.FromHours(24), tenant.RetryWindow);
            Assert.Equal(150, tenant.StatusRetentionDays);
            Assert.Equal(5u, dialIn.PinLength);
            Assert.True(dialIn.AutomaticallyMigrateUserMeetings);
        }

        [Fact]
        public async Task Tenant_configuration_round_trips_and_is_seen_by_another_store_instance()
        {
            var store = _file.Open(new ManualClock());
            var saved = new TenantMigrationConfiguration
            {
                MeetingMigrationEnabled = false,
                UserRetryLimit = 3,
                RetryWindow = TimeSpan.FromHours(2),
                StatusRetentionDays = 30,
                TriggerDelay = TimeSpan.FromMinutes(5),
                HorizonDays = 365,
            };

            await store.SaveTenantMigrationConfigurationAsync(saved, None);
            var read = await _file.Open(new ManualClock()).GetTenantMigrationConfigurationAsync(None);

            Assert.False(read.MeetingMigrationEnabled);
            Assert.Equal(3, read.UserRetryLimit);
            Assert.Equal(TimeSpan.FromHours(2), read.RetryWindow);
            Assert.Equal(30, read.StatusRetentionDays);
            Assert.Equal(TimeSpan.FromMinutes(5), read.TriggerDelay);
            Assert.Equal(365, read.HorizonDays);
        }

        [Fact]
        public async Task Dial_in_settings_round_trip()
        {
            var store = _file.Open(new ManualClock());
            var saved = new DialInConferencingTenantSettings
            {
                PinLength = 8,
                AllowedDialOutExternalDomains = new List<string> { "fabrikam.com", "contoso.co.uk" },
                EntryExitAnnouncementsType = EntryExitAnnouncementsType.ToneOnly,
                MaskPstnNumbersType = MaskPstnNumbersType.NoMasking,
                SendEmailFromOverride = true,
                SendEmailFromAddress = "mms@contoso.com",
                SendEmailFromDisplayName = "Meeting Migration",
                AllowFederatedUsersToDialOutToThirdParty = DialOutToFederatedUsers.RequireSameEnterpriseUser,
                AutomaticallyMigrateUserMeetings = false,
            };

            await store.SaveDialInSettingsAsync(saved, None);
            var read = await store.GetDialInSettingsAsync(None);

            Assert.Equal(8u, read.PinLength);
            Assert.Equal(new[] { "fabrikam.com", "contoso.co.uk" }, read.AllowedDialOutExternalDomains);
            Assert.Equal(EntryExitAnnouncementsType.ToneOnly, read.EntryExitAnnouncementsType);
            Assert.Equal(MaskPstnNumbersType.NoMasking, read.MaskPstnNumbersType);
            Assert.True(read.SendEmailFromOverride);
            Assert.Equal("mms@contoso.com", read.SendEmailFromAddress);
            Assert.Equal("Meeting Migration", read.SendEmailFromDisplayName);
            Assert.Equal(DialOutToFederatedUsers.RequireSameEnterpriseUser, read.AllowFederatedUsersToDialOutToThirdParty);
            Assert.False(read.AutomaticallyMigrateUserMeetings);
        }

        [Fact]
        public async Task Each_allowed_dial_out_domain_is_kept_once_whatever_its_case_by_a_save_or_an_update()
        {
            var store = _file.Open(new ManualClock());

            await store.SaveDialInSettingsAsync(new DialInConferencingTenantSettings { AllowedDialOutExternalDomains = new List<string> { "q.com", "Q.com", "r.com", "q.COM" } }, None);
            Assert.Equal(new[] { "q.com", "r.com" }, (await store.GetDialInSettingsAsync(None)).AllowedDialOutExternalDomains);

            var updated = await store.UpdateDialInSettingsAsync(s => s.AllowedDialOutExternalDomains.AddRange(new[] { "R.COM", "s.com", "S.com" }), None);
            Assert.Equal(new[] { "q.com", "r.com", "s.com" }, updated.AllowedDialOutExternalDomains);
            Assert.Equal(new[] { "q.com", "r.com", "s.com" }, (await store.GetDialInSettingsAsync(None)).AllowedDialOutExternalDomains);
        }

        public static IEnumerable<object[]> InvalidTenantConfigurations()
        {
            yield return new object[] { new TenantMigrationConfiguration { UserRetryLimit = -1 } };
            yield return new object[] { new TenantMigrationConfiguration { UserRetryLimit = 101 } };
            yield return new object[] { new TenantMigrationConfiguration { RetryWindow = TimeSpan.FromDays(31) } };
            yield return new object[] { new TenantMigrationConfiguration { StatusRetentionDays = 0 } };
            yield return new object[] { new TenantMigrationConfiguration { HorizonDays = 1826 } };
            yield return new object[] { new TenantMigrationConfiguration { TriggerDelay = TimeSpan.FromMinutes(-1) } };
        }

        [Theory]
        [MemberData(nameof(InvalidTenantConfigurations))]
        public async Task An_invalid_tenant_configuration_is_refused_and_the_stored_one_is_unchanged(TenantMigrationConfiguration invalid)
        {
            var store = _file.Open(new ManualClock());
            await store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { UserRetryLimit = 4, HorizonDays = 90 }, None);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => store.SaveTenantMigrationConfigurationAsync(invalid, None));

            Assert.Equal(ErrorIds.InvalidSettingValue, error.ErrorId);
            var stored = await store.GetTenantMigrationConfigurationAsync(None);
            Assert.Equal(4, stored.UserRetryLimit);
            Assert.Equal(90, stored.HorizonDays);
            Assert.Equal(150, stored.StatusRetentionDays);
        }

        public static IEnumerable<object[]> InvalidDialInSettings()
        {
            yield return new object[] { new DialInConferencingTenantSettings { PinLength = 3 }, (uint)3 };
            yield return new object[] { new DialInConferencingTenantSettings { PinLength = 13 }, (uint)13 };
            yield return new object[] { new DialInConferencingTenantSettings { SendEmailFromAddress = "not-an-address" }, "not-an-address" };
            yield return new object[] { new DialInConferencingTenantSettings { SendEmailFromOverride = true }, true };
            yield return new object[] { new DialInConferencingTenantSettings { AllowedDialOutExternalDomains = new List<string> { "ok.com", "bad domain" } }, "bad domain" };
        }

        [Theory]
        [MemberData(nameof(InvalidDialInSettings))]
        public async Task Invalid_dial_in_settings_are_refused_with_the_value_and_the_stored_ones_are_unchanged(DialInConferencingTenantSettings invalid, object target)
        {
            var store = _file.Open(new ManualClock());
            await store.SaveDialInSettingsAsync(new DialInConferencingTenantSettings { PinLength = 7 }, None);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => store.SaveDialInSettingsAsync(invalid, None));

            Assert.Equal(ErrorIds.InvalidSettingValue, error.ErrorId);
            Assert.Equal(target, error.Target);
            var stored = await store.GetDialInSettingsAsync(None);
            Assert.Equal(7u, stored.PinLength);
            Assert.Empty(stored.AllowedDialOutExternalDomains);
            Assert.False(stored.SendEmailFromOverride);
        }

        [Fact]
        public async Task Dial_in_users_round_trip_by_case_insensitive_upn_with_numbers_in_E164_and_are_replaced_on_save()
        {
            var store = _file.Open(new ManualClock());
            var admin = new ConferencingAdmin(store);
            await admin.SetUserAsync(UserIdentity.Parse("Ada@Contoso.com"), new DialInUserUpdate
            {
                JoinUrl = "https://meet.contoso.com/ada/AB12",
                ConferenceId = "1234567",
                ServiceNumber = "tel:+1 555 0100",
                TollFreeServiceNumbers = new List<string> { "18005550100" },
                DialInUrl = "https://dialin.contoso.com",
            }, createIfMissing: true, None);

            var read = await store.GetDialInUserAsync("ADA@contoso.COM", None);

            Assert.NotNull(read);
            Assert.Equal("https://meet.contoso.com/ada/AB12", read!.JoinUrl);
            Assert.Equal("1234567", read.ConferenceId);
            Assert.Equal("+15550100", read.ServiceNumber);
            Assert.Equal(new[] { "+18005550100" }, read.TollFreeServiceNumbers);
            Assert.Equal("https://dialin.contoso.com", read.DialInUrl);
            Assert.Null(await store.GetDialInUserAsync("bob@contoso.com", None));

            await admin.SetUserAsync(UserIdentity.Parse("ada@contoso.com"), new DialInUserUpdate { JoinUrl = "https://meet.contoso.com/ada/ZZ99" }, createIfMissing: true, None);
            var replaced = await store.GetDialInUserAsync("ada@contoso.com", None);
            Assert.Equal("https://meet.contoso.com/ada/ZZ99", replaced!.JoinUrl);
            Assert.Equal("1234567", replaced.ConferenceId); // a Set changes only what it names
        }
    }
}
