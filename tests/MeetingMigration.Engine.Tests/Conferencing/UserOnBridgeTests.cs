using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;
using Xunit;
using static MeetingMigration.Engine.Tests.Conferencing.ConferencingTestBed;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>A user's numbers belong to their bridge: checked when given, dropped when the user moves to another bridge.</summary>
    public sealed class UserOnBridgeTests : IDisposable
    {
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();

        public UserOnBridgeTests()
        {
            _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550101" }, new[] { "+18005550100", "+18005550101" }).GetAwaiter().GetResult();
            _bed.BridgeAsync("Europe", new[] { "+442079460018" }, new[] { "+448005550100" }).GetAwaiter().GetResult();
        }

        public void Dispose() => _bed.Dispose();

        private static DialInUserUpdate Update(string? bridge = null, string? toll = null, string? tollFree = null) =>
            new DialInUserUpdate { Bridge = bridge == null ? new BridgeReference() : Named(bridge), ServiceNumber = toll, TollFreeServiceNumber = tollFree };

        /// <summary>A blank name named no bridge and was taken as "no move": Set changed nothing and said nothing, Get listed every user (outside probe L).</summary>
        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\t")]
        public async Task A_blank_bridge_name_is_BridgeNotFound_for_Set_and_for_Gets_filter(string blank)
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            await _bed.UserAsync("bob@contoso.com", "Europe");

            await _bed.RefusedAsync(ErrorIds.BridgeNotFound, blank,
                () => _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), Update(bridge: blank), false, None));
            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _bed.Admin.GetUsersAsync(Named(blank), null, None));
            Assert.Equal(ErrorIds.BridgeNotFound, error.ErrorId);
            Assert.Equal(2, (await _bed.Admin.GetUsersAsync(new BridgeReference(), null, None)).Count);
        }

        [Fact]
        public async Task A_users_number_must_be_a_number_of_that_type_on_their_bridge()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            var ashaw = UserIdentity.Parse("ashaw@contoso.com");

            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+442079460018",
                () => _bed.Admin.SetUserAsync(ashaw, Update(toll: "+44 20 7946 0018"), false, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+18005550100",
                () => _bed.Admin.SetUserAsync(ashaw, Update(toll: "+18005550100"), false, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+14255550101",
                () => _bed.Admin.SetUserAsync(ashaw, Update(tollFree: "+14255550101"), false, None));
            // A new user is checked against the bridge they are put on.
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+14255550101",
                () => _bed.UserAsync("bob@contoso.com", "Europe", toll: "+14255550101"));

            await _bed.Admin.SetUserAsync(ashaw, Update(toll: "14255550101", tollFree: "tel:+18005550101"), false, None);
            Assert.Equal("+14255550101", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Equal(new[] { "+18005550101" }, await _bed.ShownTollFreeAsync("ashaw@contoso.com"));
        }

        [Fact]
        public async Task An_admins_number_for_a_user_on_no_bridge_must_be_one_a_bridge_of_the_tenant_lists()
        {
            // A Skype conferencing profile (or an import) carries its own bridge's numbers: no bridge of ours lists them.
            await _bed.UserAsync("bob@contoso.com", bridge: null, toll: "+14255550199");
            Assert.Null((await _bed.GetUserAsync("bob@contoso.com")).BridgeId);
            var bob = UserIdentity.Parse("bob@contoso.com");
            DialInUserUpdate Admin(string? toll = null, string? tollFree = null) =>
                new DialInUserUpdate { ServiceNumber = toll, TollFreeServiceNumber = tollFree, NumbersOfTenantBridges = true };

            var error = await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+14255559999",
                () => _bed.Admin.SetUserAsync(bob, Admin(toll: "+1 425 555 9999"), false, None));
            Assert.Contains("any of the tenant's bridges", error.Message);
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+18005550999",
                () => _bed.Admin.SetUserAsync(bob, Admin(tollFree: "+18005550999"), false, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+18005550100",  // a bridge's toll-free number given as the toll number
                () => _bed.Admin.SetUserAsync(bob, Admin(toll: "+18005550100"), false, None));

            await _bed.Admin.SetUserAsync(bob, Admin(toll: "+442079460018", tollFree: "+18005550101"), false, None);
            Assert.Equal("+442079460018", await _bed.ShownTollAsync("bob@contoso.com"));
            Assert.Equal(new[] { "+18005550101" }, await _bed.ShownTollFreeAsync("bob@contoso.com"));
        }

        [Fact]
        public async Task Enabling_a_user_on_no_bridge_checks_the_numbers_given_against_the_default_bridge_they_join()
        {
            var erin = UserIdentity.Parse("erin@contoso.com");

            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+19999999998",
                () => _bed.Admin.EnableUserAsync(erin, false, null, "+19999999998", "+18889999999", None));
            // Europe's number is a tenant's number, but not one of Main, the default bridge erin joins.
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+442079460018",
                () => _bed.Admin.EnableUserAsync(erin, false, null, "+442079460018", null, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+448005550100",
                () => _bed.Admin.EnableUserAsync(erin, false, null, null, "+448005550100", None));

            await _bed.Admin.EnableUserAsync(erin, false, null, "+14255550101", "+18005550101", None);
            var user = await _bed.GetUserAsync("erin@contoso.com");
            Assert.Equal((await _bed.GetBridgeAsync("Main")).Identity, user.BridgeId);
            Assert.Equal("+14255550101", user.ServiceNumber);
            Assert.Equal(new[] { "+18005550101" }, user.TollFreeServiceNumbers);
        }

        [Fact]
        public async Task A_user_on_no_bridge_who_joins_one_keeps_only_the_numbers_it_lists()
        {
            // Imported from on-premises: numbers no bridge of ours lists, no bridge, disabled (dis) or enabled (en).
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("dis@contoso.com"),
                new DialInUserUpdate { Enabled = false, ServiceNumber = "+14255558889", TollFreeServiceNumber = "+18005558889" }, true, None);
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("en@contoso.com"),
                new DialInUserUpdate { Enabled = true, ServiceNumber = "+14255558890", TollFreeServiceNumber = "+18005550100" }, true, None);
            await _bed.SwitchesAsync(true, true);

            // Enable puts them on the default bridge (Main): their numbers it lacks give way to its defaults.
            await _bed.Admin.EnableUserAsync(UserIdentity.Parse("dis@contoso.com"), false, null, null, null, None);
            var dis = await _bed.GetUserAsync("dis@contoso.com");
            Assert.Equal((await _bed.GetBridgeAsync("Main")).Identity, dis.BridgeId);
            Assert.Null(dis.ServiceNumber);
            Assert.Empty(dis.TollFreeServiceNumbers);
            Assert.Equal("+14255550100", await _bed.ShownTollAsync("dis@contoso.com"));

            // Already enabled: the move alone changes what invitations show, so it is queued.
            var en = await _bed.Admin.EnableUserAsync(UserIdentity.Parse("en@contoso.com"), false, null, null, null, None);
            var user = await _bed.GetUserAsync("en@contoso.com");
            Assert.Null(user.ServiceNumber);
            Assert.Equal(new[] { "+18005550100" }, user.TollFreeServiceNumbers); // Main lists it as toll-free: kept
            Assert.Contains(TriggerNames.BridgeChanged, en.Triggers);
            Assert.Contains("en@contoso.com", await _bed.QueuedUsersAsync());
        }

        [Fact]
        public async Task Unregistering_the_number_of_a_user_on_no_bridge_puts_them_on_its_bridge_without_the_numbers_it_lacks()
        {
            // One of Europe's toll numbers and Main's toll-free number, given to a user on no bridge (both are tenant numbers).
            await _bed.Admin.RegisterServiceNumberAsync("+442079460019", Named("Europe"), ServiceNumberType.Toll, null, null, null, None);
            await _bed.UserAsync("mix@contoso.com", bridge: null, toll: "+442079460019", tollFree: "+18005550100");

            await _bed.Admin.UnregisterServiceNumberAsync("+442079460019", Named("Europe"), false, None);

            var user = await _bed.GetUserAsync("mix@contoso.com");
            Assert.Equal((await _bed.GetBridgeAsync("Europe")).Identity, user.BridgeId);
            Assert.Null(user.ServiceNumber);
            Assert.Empty(user.TollFreeServiceNumbers);                          // Main's number is not Europe's
            Assert.Equal("+442079460018", await _bed.ShownTollAsync("mix@contoso.com"));
            Assert.Equal(new[] { "+448005550100" }, await _bed.ShownTollFreeAsync("mix@contoso.com"));
        }

        [Fact]
        public async Task A_user_on_no_bridge_may_be_given_their_own_number_again()
        {
            await _bed.UserAsync("bob@contoso.com", bridge: null, toll: "+14255558888", tollFree: "+18005558888");

            // An idempotent script setting what the user already has (an on-premises number no bridge lists) is not refused.
            var change = await _bed.Admin.SetUserAsync(UserIdentity.Parse("bob@contoso.com"),
                new DialInUserUpdate { ServiceNumber = "+1 425 555 8888", TollFreeServiceNumber = "+18005558888", NumbersOfTenantBridges = true }, false, None);

            Assert.Empty(change.Triggers);
            Assert.Equal("+14255558888", (await _bed.GetUserAsync("bob@contoso.com")).ServiceNumber);
        }

        [Fact]
        public async Task Moving_a_user_drops_the_numbers_the_new_bridge_lacks_and_queues_BridgeChanged()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101", tollFree: "+18005550101");

            var change = await _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), Update(bridge: "Europe"), false, None);

            var user = await _bed.GetUserAsync("ashaw@contoso.com");
            Assert.Equal((await _bed.GetBridgeAsync("Europe")).Identity, user.BridgeId);
            Assert.Null(user.ServiceNumber);
            Assert.Empty(user.TollFreeServiceNumbers);
            Assert.Equal("+442079460018", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Equal(new[] { "+448005550100" }, await _bed.ShownTollFreeAsync("ashaw@contoso.com"));

            Assert.Equal(new[] { TriggerNames.BridgeChanged }, change.Triggers);
            var queued = Assert.Single(await _bed.QueuedAsync());
            Assert.Equal("ashaw@contoso.com", queued.UserPrincipalName);
            Assert.Equal(TriggerNames.BridgeChanged, queued.Trigger);
            Assert.Equal(MigrationType.ToSameType, queued.MigrationType);
            Assert.Equal(MigrationState.Pending, queued.State);
            Assert.Equal(_bed.Clock.UtcNow + TimeSpan.FromMinutes(5), queued.NotBefore);
        }

        [Fact]
        public async Task Moving_with_a_number_of_the_new_bridge_keeps_it_and_the_first_placement_queues_nothing()
        {
            var first = await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101");
            Assert.Empty(first.Triggers);
            Assert.Empty(await _bed.QueuedAsync());

            await _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), Update(bridge: "Europe", toll: "+442079460018"), false, None);

            Assert.Equal("+442079460018", (await _bed.GetUserAsync("ashaw@contoso.com")).ServiceNumber);
            Assert.Equal("BridgeChanged, ServiceNumberChanged", Assert.Single(await _bed.QueuedAsync()).Trigger);
        }

        [Fact]
        public async Task With_AutomaticallyMigrateUserMeetings_off_the_move_happens_and_nothing_is_queued()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101");
            await _bed.SwitchesAsync(meetingMigrationEnabled: true, automaticallyMigrateUserMeetings: false);

            var change = await _bed.Admin.SetUserAsync(UserIdentity.Parse("ashaw@contoso.com"), Update(bridge: "Europe"), false, None);

            Assert.Equal("AutomaticallyMigrateUserMeetings is false", change.NotQueuedBecause);
            Assert.Empty(change.Queued);
            Assert.Empty(await _bed.QueuedAsync());
            Assert.Equal("+442079460018", await _bed.ShownTollAsync("ashaw@contoso.com"));
        }
    }
}
