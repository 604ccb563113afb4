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
    /// Microsoft's Set-CsOnlineDialInConferencingUser -AllowTollFreeDialIn (missing until an outside check of the module
    /// against Microsoft's documented parameters): the user's invitations lose or regain their toll-free numbers, which is
    /// a change they show, so it queues a migration.
    /// </summary>
    public sealed class TollFreeDialInTests : IDisposable
    {
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();
        private static readonly UserIdentity Ashaw = UserIdentity.Parse("ashaw@contoso.com");

        public TollFreeDialInTests()
        {
            _bed.BridgeAsync("Main", new[] { "+14255550100" }, new[] { "+18005550100" }).GetAwaiter().GetResult();
        }

        public void Dispose() => _bed.Dispose();

        private Task<ConferencingChange> AllowAsync(bool allow) =>
            _bed.Admin.SetUserAsync(Ashaw, new DialInUserUpdate { AllowTollFreeDialIn = allow }, false, None);

        [Fact]
        public async Task Turning_it_off_drops_the_toll_free_numbers_from_invitations_and_queues_TollFreeDialInChanged()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            Assert.True((await _bed.GetUserAsync("ashaw@contoso.com")).AllowTollFreeDialIn);
            Assert.Equal(new[] { "+18005550100" }, await _bed.ShownTollFreeAsync("ashaw@contoso.com"));

            var change = await AllowAsync(false);

            Assert.False((await _bed.GetUserAsync("ashaw@contoso.com")).AllowTollFreeDialIn);
            Assert.Empty(await _bed.ShownTollFreeAsync("ashaw@contoso.com"));
            Assert.Equal("+14255550100", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Equal(new[] { TriggerNames.TollFreeDialInChanged }, change.Triggers);
            var queued = Assert.Single(await _bed.QueuedAsync());
            Assert.Equal(TriggerNames.TollFreeDialInChanged, queued.Trigger);
            Assert.Equal(MigrationType.ToSameType, queued.MigrationType);
        }

        [Fact]
        public async Task Setting_the_value_it_already_has_queues_nothing_and_turning_it_back_on_restores_the_numbers()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main");

            var same = await AllowAsync(true);
            Assert.Empty(same.Triggers);
            Assert.Empty(await _bed.QueuedAsync());

            await AllowAsync(false);
            await AllowAsync(true);
            Assert.Equal(new[] { "+18005550100" }, await _bed.ShownTollFreeAsync("ashaw@contoso.com"));
            Assert.Equal(TriggerNames.TollFreeDialInChanged, Assert.Single(await _bed.QueuedAsync()).Trigger); // merged into one request
        }

        [Fact]
        public async Task It_is_an_audio_conferencing_trigger_that_AutomaticallyMigrateUserMeetings_off_silences()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            await _bed.SwitchesAsync(meetingMigrationEnabled: true, automaticallyMigrateUserMeetings: false);

            var change = await AllowAsync(false);

            Assert.Equal("AutomaticallyMigrateUserMeetings is false", change.NotQueuedBecause);
            Assert.Empty(await _bed.QueuedAsync());
            Assert.Empty(await _bed.ShownTollFreeAsync("ashaw@contoso.com"));
        }

        [Fact]
        public async Task Unregistering_a_toll_free_number_leaves_out_the_users_who_show_no_toll_free_numbers()
        {
            // Outside probe AW-F9: they were counted as showing it and queued, and their attendees got an update that
            // changed nothing.
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            await _bed.UserAsync("bob@contoso.com", "Main");
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("bob@contoso.com"), new DialInUserUpdate { AllowTollFreeDialIn = false }, false, None);

            // The default, shown by ashaw only: in use by one user.
            var refused = await _bed.RefusedAsync(Engine.Errors.ErrorIds.DefaultServiceNumberInUse, "+18005550100",
                () => _bed.Admin.UnregisterServiceNumberAsync("+18005550100", null, false, None));
            Assert.Contains("and 1 user(s) show it", refused.Message);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+18005550100", null, true, None);

            Assert.Equal(new[] { "ashaw@contoso.com" }, change.Users.Select(u => u.UserPrincipalName));
            Assert.Equal(new[] { "ashaw@contoso.com" }, change.Queued.Select(r => r.UserPrincipalName));
        }

        [Fact]
        public async Task A_user_who_shows_no_toll_free_numbers_loses_their_own_copy_of_one_unregistered_without_being_queued()
        {
            await _bed.Admin.RegisterServiceNumberAsync("+18005550101", ConferencingTestBed.Named("Main"), ServiceNumberType.TollFree, null, null, null, None);
            await _bed.UserAsync("bob@contoso.com", "Main", tollFree: "+18005550101");
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("bob@contoso.com"), new DialInUserUpdate { AllowTollFreeDialIn = false }, false, None);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+18005550101", null, false, None);

            Assert.Empty(change.Users);
            Assert.Empty(change.Queued);
            Assert.Empty((await _bed.GetUserAsync("bob@contoso.com")).TollFreeServiceNumbers);
        }

        [Fact]
        public async Task Unregistering_a_number_leaves_out_disabled_users_whose_invitations_show_no_dial_in()
        {
            // Outside probe AY-F5: they were counted as showing it and queued.
            await _bed.Admin.RegisterServiceNumberAsync("+14255550101", ConferencingTestBed.Named("Main"), ServiceNumberType.Toll, null, null, null, None);
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101");
            await _bed.UserAsync("bob@contoso.com", "Main", toll: "+14255550101");
            await _bed.Admin.DisableUserAsync(UserIdentity.Parse("bob@contoso.com"), None);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+14255550101", null, false, None);

            Assert.Equal(new[] { "ashaw@contoso.com" }, change.Users.Select(u => u.UserPrincipalName));
            Assert.Null((await _bed.GetUserAsync("bob@contoso.com")).ServiceNumber);
        }

        [Fact]
        public void A_user_stored_before_the_setting_existed_allows_toll_free_dial_in()
        {
            var old = System.Text.Json.JsonSerializer.Deserialize<DialInUser>("{\"UserPrincipalName\":\"ashaw@contoso.com\",\"TollFreeServiceNumbers\":[\"+18005550100\"]}")!;

            Assert.True(old.AllowTollFreeDialIn);
        }
    }
}
