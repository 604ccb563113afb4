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
    /// <summary>
    /// A number that goes away queues exactly the users whose invitations showed it (MMS: "bridge phone number
    /// unassigned"), and the bridge's default is protected while users show it.
    /// </summary>
    public sealed class UnregisterServiceNumberTests : IDisposable
    {
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();

        public UnregisterServiceNumberTests()
        {
            _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550101", "+14255550102" }, new[] { "+18005550100", "+18005550101" })
                .GetAwaiter().GetResult();
            _bed.BridgeAsync("Europe", new[] { "+442079460018" }).GetAwaiter().GetResult();
        }

        public void Dispose() => _bed.Dispose();

        [Fact]
        public async Task A_number_users_have_as_their_own_queues_exactly_them_and_they_fall_back_to_the_default()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101");
            await _bed.UserAsync("bob@contoso.com", "Main", toll: "+14255550101", tollFree: "+18005550101");
            await _bed.UserAsync("carol@contoso.com", "Main", toll: "+14255550102");   // another number
            await _bed.UserAsync("dave@contoso.com", "Main");                          // the default
            await _bed.UserAsync("erin@contoso.com", "Europe");                        // another bridge

            var change = await _bed.Admin.UnregisterServiceNumberAsync("1 425 555 0101", null, false, None);

            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com" }, await _bed.QueuedUsersAsync());
            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com" }, change.Users.Select(u => u.UserPrincipalName).OrderBy(u => u));
            foreach (var request in await _bed.QueuedAsync())
            {
                Assert.Equal(TriggerNames.ServiceNumberUnassigned, request.Trigger);
                Assert.Equal(MigrationType.ToSameType, request.MigrationType);
                Assert.Equal(_bed.Clock.UtcNow + TimeSpan.FromMinutes(5), request.NotBefore);
            }
            Assert.Equal("+14255550100", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Equal(new[] { "+18005550101" }, await _bed.ShownTollFreeAsync("bob@contoso.com"));
            Assert.Equal("+14255550102", await _bed.ShownTollAsync("carol@contoso.com"));
            Assert.Null((await _bed.GetBridgeAsync("Main")).FindNumber("+14255550101"));
            Assert.Equal("Main", change.Bridge!.Name);
        }

        [Fact]
        public async Task A_profile_on_no_bridge_that_lists_the_number_is_queued_too()
        {
            // An imported Skype for Business profile: numbers, no bridge.
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("frank@contoso.com"),
                new DialInUserUpdate { JoinUrl = "https://meet.contoso.com/frank/K7", TollFreeServiceNumbers = new[] { "+14255550102" } }, true, None);

            await _bed.Admin.UnregisterServiceNumberAsync("+14255550102", Named("Main"), false, None);

            Assert.Equal(new[] { "frank@contoso.com" }, await _bed.QueuedUsersAsync());
            Assert.Empty((await _bed.GetUserAsync("frank@contoso.com")).TollFreeServiceNumbers);
            // They join the bridge the number was on, and show its defaults rather than no number (outside probe).
            Assert.Equal((await _bed.GetBridgeAsync("Main")).Identity, (await _bed.GetUserAsync("frank@contoso.com")).BridgeId);
            Assert.Equal("+14255550100", await _bed.ShownTollAsync("frank@contoso.com"));
            Assert.Equal(new[] { "+18005550100" }, await _bed.ShownTollFreeAsync("frank@contoso.com"));
        }

        [Fact]
        public async Task The_default_number_users_show_is_refused_without_RemoveDefaultServiceNumber()
        {
            await _bed.UserAsync("dave@contoso.com", "Main");

            var error = await _bed.RefusedAsync(ErrorIds.DefaultServiceNumberInUse, "+1 425 555 0100",
                () => _bed.Admin.UnregisterServiceNumberAsync("+1 425 555 0100", Named("Main"), false, None));
            Assert.Contains("1 user(s)", error.Message);
            Assert.Contains("-RemoveDefaultServiceNumber", error.RecommendedAction);
            await _bed.RefusedAsync(ErrorIds.DefaultServiceNumberInUse, "+18005550100",
                () => _bed.Admin.UnregisterServiceNumberAsync("+18005550100", Named("Main"), false, None));
        }

        [Fact]
        public async Task With_RemoveDefaultServiceNumber_the_next_number_becomes_the_default_and_its_users_are_queued()
        {
            await _bed.UserAsync("dave@contoso.com", "Main");
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550102");

            await _bed.Admin.UnregisterServiceNumberAsync("+14255550100", Named("Main"), removeDefaultServiceNumber: true, None);

            Assert.Equal(new[] { "dave@contoso.com" }, await _bed.QueuedUsersAsync());
            var main = await _bed.GetBridgeAsync("Main");
            Assert.Equal("+14255550101", main.DefaultServiceNumber);
            Assert.Equal("+14255550101", await _bed.ShownTollAsync("dave@contoso.com"));
        }

        [Fact]
        public async Task A_default_no_user_shows_goes_without_the_switch_and_the_last_number_leaves_no_default()
        {
            await _bed.Admin.UnregisterServiceNumberAsync("+18005550100", Named("Main"), false, None);
            Assert.Equal("+18005550101", (await _bed.GetBridgeAsync("Main")).DefaultTollFreeServiceNumber);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+442079460018", Named("Europe"), false, None);
            Assert.Null((await _bed.GetBridgeAsync("Europe")).DefaultServiceNumber);
            Assert.Empty(change.Queued);
            Assert.Empty(await _bed.QueuedAsync());
        }

        /// <summary>
        /// Outside probe BH-F5: moving every number of a bridge to another (the Register page's example) left the bridge's
        /// users with no number to dial, their migrations queued to write that, and nothing said. The change names them.
        /// </summary>
        [Fact]
        public async Task Users_left_with_no_number_of_the_type_are_named_and_those_with_one_left_are_not()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Europe");                             // shows the only toll number
            await _bed.UserAsync("bob@contoso.com", "Main", toll: "+14255550101");            // keeps their own

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+442079460018", Named("Europe"), true, None);

            Assert.Equal(new[] { "ashaw@contoso.com" }, change.LeftWithoutNumber.Select(u => u.UserPrincipalName));
            Assert.Equal("toll", change.LeftWithoutNumberKind);
            Assert.Equal(new[] { "ashaw@contoso.com" }, await _bed.QueuedUsersAsync());

            // A default with another number of its type left: the users fall back to it, and nobody is named.
            change = await _bed.Admin.UnregisterServiceNumberAsync("+14255550100", Named("Main"), true, None);
            Assert.Empty(change.LeftWithoutNumber);
        }

        [Fact]
        public async Task A_number_the_bridge_does_not_have_is_ServiceNumberNotOnBridge()
        {
            var error = await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+442079460018",
                () => _bed.Admin.UnregisterServiceNumberAsync("+442079460018", Named("Main"), false, None));
            Assert.Contains("'Main'", error.Message);
            error = await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+19995550100",
                () => _bed.Admin.UnregisterServiceNumberAsync("+19995550100", null, false, None));
            Assert.Contains("any bridge", error.Message);
            await _bed.RefusedAsync(ErrorIds.BridgeNotFound, "Nowhere",
                () => _bed.Admin.UnregisterServiceNumberAsync("+14255550101", Named("Nowhere"), false, None));
        }

        [Theory]
        [InlineData(false, true, "MeetingMigrationEnabled is false")]
        [InlineData(true, false, "AutomaticallyMigrateUserMeetings is false")]
        public async Task With_a_switch_off_the_number_goes_and_nothing_is_queued(bool meetingMigrationEnabled, bool automaticallyMigrate, string reason)
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101");
            await _bed.SwitchesAsync(meetingMigrationEnabled, automaticallyMigrate);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+14255550101", null, false, None);

            Assert.Equal(reason, change.NotQueuedBecause);
            Assert.Equal(new[] { "ashaw@contoso.com" }, change.Users.Select(u => u.UserPrincipalName));
            Assert.Empty(await _bed.QueuedAsync());
            Assert.Null((await _bed.GetUserAsync("ashaw@contoso.com")).ServiceNumber);
        }

        [Fact]
        public async Task A_later_trigger_for_a_queued_user_merges_into_the_pending_request_and_restarts_its_settle_window()
        {
            await _bed.UserAsync("ashaw@contoso.com", "Main", toll: "+14255550101", tollFree: "+18005550101");
            await _bed.Admin.UnregisterServiceNumberAsync("+14255550101", null, false, None);
            _bed.Clock.Advance(TimeSpan.FromMinutes(3));

            await _bed.Admin.UnregisterServiceNumberAsync("+18005550101", null, false, None);

            var request = Assert.Single(await _bed.QueuedAsync());
            Assert.Equal(TriggerNames.ServiceNumberUnassigned, request.Trigger);
            Assert.Equal(_bed.Clock.UtcNow + TimeSpan.FromMinutes(5), request.NotBefore);
        }
    }
}
