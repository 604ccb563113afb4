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
    /// <summary>Set-CsOnlineDialInConferencingUserDefaultNumber: who moves, and when their meetings are queued.</summary>
    public sealed class ReplaceUserDefaultNumberTests : IDisposable
    {
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();

        public ReplaceUserDefaultNumberTests()
        {
            _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550101", "+14255550199" }, new[] { "+18005550100", "+18005550199" })
                .GetAwaiter().GetResult();
            _bed.BridgeAsync("Europe", new[] { "+442079460018" }).GetAwaiter().GetResult();
            _bed.UserAsync("ashaw@contoso.com", "Main").GetAwaiter().GetResult();                             // on the defaults
            _bed.UserAsync("bob@contoso.com", "Main", toll: "+14255550100").GetAwaiter().GetResult();         // the default, as own
            _bed.UserAsync("carol@contoso.com", "Main", toll: "+14255550101").GetAwaiter().GetResult();       // another number
            _bed.UserAsync("erin@contoso.com", "Europe").GetAwaiter().GetResult();                            // another bridge
        }

        public void Dispose() => _bed.Dispose();

        [Fact]
        public async Task With_RescheduleMeetings_everyone_who_showed_the_number_moves_and_is_queued()
        {
            var change = await _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+14255550199", ServiceNumberType.Toll, Named("Main"), true, None);

            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com" }, await _bed.QueuedUsersAsync());
            foreach (var request in await _bed.QueuedAsync())
            {
                Assert.Equal(TriggerNames.DefaultNumberReplaced, request.Trigger);
                Assert.Equal(MigrationType.ToSameType, request.MigrationType);
                Assert.Equal(_bed.Clock.UtcNow + TimeSpan.FromMinutes(5), request.NotBefore);
            }
            Assert.Equal(2, change.Queued.Count);
            Assert.Equal("+14255550199", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Equal("+14255550199", await _bed.ShownTollAsync("bob@contoso.com"));
            Assert.Equal("+14255550101", await _bed.ShownTollAsync("carol@contoso.com"));
            Assert.Equal("+442079460018", await _bed.ShownTollAsync("erin@contoso.com"));
            // The bridge's own default is Set-CsOnlineDialInConferencingBridge's business.
            Assert.Equal("+14255550100", (await _bed.GetBridgeAsync("Main")).DefaultServiceNumber);
        }

        [Fact]
        public async Task Without_RescheduleMeetings_the_users_move_and_nothing_is_queued()
        {
            var change = await _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+14255550199", ServiceNumberType.Toll, Named("Main"), false, None);

            Assert.Empty(await _bed.QueuedAsync());
            Assert.Empty(change.Triggers);
            Assert.Null(change.NotQueuedBecause);
            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com" }, change.Users.Select(u => u.UserPrincipalName).OrderBy(u => u));
            Assert.Equal("+14255550199", await _bed.ShownTollAsync("ashaw@contoso.com"));
        }

        [Fact]
        public async Task Toll_free_numbers_are_replaced_in_place_and_toll_numbers_are_left_alone()
        {
            await _bed.Admin.ReplaceUserDefaultNumberAsync("18005550100", "18005550199", ServiceNumberType.TollFree, Named("Main"), true, None);

            var ashaw = await _bed.GetUserAsync("ashaw@contoso.com");
            Assert.Equal(new[] { "+18005550199" }, ashaw.TollFreeServiceNumbers);
            Assert.Null(ashaw.ServiceNumber);
            Assert.Equal("+14255550101", (await _bed.GetUserAsync("carol@contoso.com")).ServiceNumber);
            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com", "carol@contoso.com" }, await _bed.QueuedUsersAsync());
        }

        [Fact]
        public async Task A_profile_on_no_bridge_showing_the_number_moves_too_but_only_for_the_type_given()
        {
            await _bed.Admin.SetUserAsync(UserIdentity.Parse("frank@contoso.com"), new DialInUserUpdate
            {
                JoinUrl = "https://meet.contoso.com/frank/K7", ServiceNumber = "+14255550101", TollFreeServiceNumbers = new[] { "+14255550100" },
            }, true, None);

            await _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550101", "+14255550199", ServiceNumberType.Toll, Named("Main"), true, None);
            await _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+14255550199", ServiceNumberType.Toll, Named("Main"), false, None);

            var frank = await _bed.GetUserAsync("frank@contoso.com");
            Assert.Equal("+14255550199", frank.ServiceNumber);
            // Their toll-free list named +14255550100, but only toll numbers were replaced.
            Assert.Equal(new[] { "+14255550100" }, frank.TollFreeServiceNumbers);
            Assert.Equal(new[] { "carol@contoso.com", "frank@contoso.com" }, await _bed.QueuedUsersAsync());
        }

        [Fact]
        public async Task Both_numbers_must_be_numbers_of_that_type_on_the_bridge()
        {
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+18005550100",
                () => _bed.Admin.ReplaceUserDefaultNumberAsync("+18005550100", "+14255550199", ServiceNumberType.Toll, Named("Main"), true, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+442079460018",
                () => _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+442079460018", ServiceNumberType.Toll, Named("Main"), true, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+14255550100",
                () => _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+18005550199", ServiceNumberType.TollFree, Named("Main"), true, None));
            await _bed.RefusedAsync(ErrorIds.BridgeNotFound, "Nowhere",
                () => _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+14255550199", ServiceNumberType.Toll, Named("Nowhere"), true, None));
        }

        [Fact]
        public async Task The_same_number_twice_is_ConflictingParameters()
        {
            await _bed.RefusedAsync(ErrorIds.ConflictingParameters, "tel:+1 425 555 0100",
                () => _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "tel:+1 425 555 0100", ServiceNumberType.Toll, Named("Main"), true, None));
        }
    }
}
