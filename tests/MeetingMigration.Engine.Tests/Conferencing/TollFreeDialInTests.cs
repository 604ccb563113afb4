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
        public void A_user_stored_before_the_setting_existed_allows_toll_free_dial_in()
        {
            var old = System.Text.Json.JsonSerializer.Deserialize<DialInUser>("{\"UserPrincipalName\":\"ashaw@contoso.com\",\"TollFreeServiceNumbers\":[\"+18005550100\"]}")!;

            Assert.True(old.AllowTollFreeDialIn);
        }
    }
}
