using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using Xunit;
using static MeetingMigration.Engine.Tests.Conferencing.ConferencingTestBed;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>Creating, naming and changing bridges, and the numbers they own.</summary>
    public sealed class BridgeTests : IDisposable
    {
        private readonly ConferencingTestBed _bed = new ConferencingTestBed();

        public void Dispose() => _bed.Dispose();

        [Fact]
        public async Task The_first_bridge_is_the_default_and_names_are_unique_in_any_case()
        {
            var first = await _bed.Admin.NewBridgeAsync("  Main ", "  NOAM ", None);
            var second = await _bed.Admin.NewBridgeAsync("Europe", " ", None);

            Assert.True(first.IsDefault);
            Assert.Equal("Main", first.Name);
            Assert.Equal("NOAM", first.Region);
            Assert.False(second.IsDefault);
            Assert.Null(second.Region);
            await _bed.RefusedAsync(ErrorIds.BridgeExists, "MAIN", () => _bed.Admin.NewBridgeAsync("MAIN", null, None));
            await _bed.RefusedAsync(ErrorIds.InvalidSettingValue, "   ", () => _bed.Admin.NewBridgeAsync("   ", null, None));
            await _bed.RefusedAsync(ErrorIds.InvalidSettingValue, new string('b', 129), () => _bed.Admin.NewBridgeAsync(new string('b', 129), null, None));
        }

        [Fact]
        public async Task Rename_SetDefault_and_the_default_numbers_change_only_what_is_given()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550101" }, new[] { "+18005550100", "+18005550101" });
            var europe = await _bed.BridgeAsync("Europe", new[] { "+442079460018" });

            var change = await _bed.Admin.SetBridgeAsync(new BridgeReference { Identity = europe.Identity }, "EMEA", null, null, setDefault: true, None);
            Assert.Equal("EMEA", change.Bridge!.Name);
            Assert.True((await _bed.GetBridgeAsync("EMEA")).IsDefault);
            Assert.False((await _bed.GetBridgeAsync("Main")).IsDefault);
            Assert.Equal("+442079460018", (await _bed.GetBridgeAsync("EMEA")).DefaultServiceNumber);

            await _bed.Admin.SetBridgeAsync(Named("main"), null, "+14255550101", "18005550101", false, None);
            var main = await _bed.GetBridgeAsync("Main");
            Assert.Equal("+14255550101", main.DefaultServiceNumber);
            Assert.Equal("+18005550101", main.DefaultTollFreeServiceNumber);
            Assert.Empty(await _bed.QueuedAsync());

            await _bed.RefusedAsync(ErrorIds.BridgeExists, "emea", () => _bed.Admin.SetBridgeAsync(Named("Main"), "emea", null, null, false, None));
            await _bed.RefusedAsync(ErrorIds.InvalidSettingValue, "", () => _bed.Admin.SetBridgeAsync(Named("Main"), "", null, null, false, None));
            await _bed.RefusedAsync(ErrorIds.BridgeNotFound, "Nowhere", () => _bed.Admin.SetBridgeAsync(Named("Nowhere"), null, null, null, true, None));
        }

        [Fact]
        public async Task A_default_number_must_be_a_number_of_that_type_on_that_bridge()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100" }, new[] { "+18005550100" });
            await _bed.BridgeAsync("Europe", new[] { "+442079460018" });

            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+442079460018",
                () => _bed.Admin.SetBridgeAsync(Named("Main"), null, "+442079460018", null, false, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+18005550100",
                () => _bed.Admin.SetBridgeAsync(Named("Main"), null, "+18005550100", null, false, None));
            await _bed.RefusedAsync(ErrorIds.ServiceNumberNotOnBridge, "+14255550100",
                () => _bed.Admin.SetBridgeAsync(Named("Main"), null, null, "+14255550100", false, None));
        }

        [Fact]
        public async Task A_new_default_keeps_what_existing_users_show_queues_nothing_and_applies_to_new_users()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550199" }, new[] { "+18005550100", "+18005550199" });
            await _bed.UserAsync("ashaw@contoso.com", "Main");                                   // on both defaults
            await _bed.UserAsync("bob@contoso.com", "Main", toll: "+14255550199");               // own toll number

            var change = await _bed.Admin.SetBridgeAsync(Named("Main"), null, "+14255550199", "+18005550199", false, None);

            Assert.Empty(change.Queued);
            Assert.Empty(change.Triggers);
            Assert.Empty(await _bed.QueuedAsync());
            // ashaw was on both defaults, bob on the toll-free one: each listed once.
            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com" }, change.Users.Select(u => u.UserPrincipalName));
            Assert.Equal("+14255550100", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Equal(new[] { "+18005550100" }, await _bed.ShownTollFreeAsync("ashaw@contoso.com"));
            Assert.Equal("+14255550199", await _bed.ShownTollAsync("bob@contoso.com"));
            Assert.Equal(new[] { "+18005550100" }, await _bed.ShownTollFreeAsync("bob@contoso.com"));

            await _bed.UserAsync("carol@contoso.com", "Main");
            Assert.Equal("+14255550199", await _bed.ShownTollAsync("carol@contoso.com"));
            Assert.Equal(new[] { "+18005550199" }, await _bed.ShownTollFreeAsync("carol@contoso.com"));
        }

        [Fact]
        public async Task Because_a_new_default_keeps_users_on_the_old_number_unregistering_it_later_still_queues_them()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550199" });
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            await _bed.Admin.SetBridgeAsync(Named("Main"), null, "+14255550199", null, false, None);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+14255550100", Named("Main"), false, None);

            Assert.Equal(new[] { "ashaw@contoso.com" }, await _bed.QueuedUsersAsync());
            Assert.Equal("+14255550199", await _bed.ShownTollAsync("ashaw@contoso.com"));
            Assert.Single(change.Queued);
        }

        /// <summary>
        /// Found by a second outside re-probe: a dial-in change whose migration replaced the user's queued undo said nothing of
        /// it. The change now names the undo it replaced (the cmdlets warn, as Start does).
        /// </summary>
        [Fact]
        public async Task A_change_whose_migration_replaces_the_users_queued_undo_names_it()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100", "+14255550199" });
            await _bed.UserAsync("ashaw@contoso.com", "Main");
            await _bed.Admin.SetBridgeAsync(Named("Main"), null, "+14255550199", null, false, None);
            var undo = await _bed.Store.EnqueueUndoAsync("ashaw@contoso.com", null, null, MigrationType.ToSameType, None);

            var change = await _bed.Admin.UnregisterServiceNumberAsync("+14255550100", Named("Main"), false, None);

            var migration = Assert.Single(change.Queued);
            Assert.Equal(new[] { (undo.Request.CorrelationId, migration.CorrelationId, "ashaw@contoso.com") }, change.ReplacedUndos);
            var replaced = (await _bed.Store.GetAsync(undo.Request.CorrelationId, None))!;
            Assert.Equal(MigrationState.Failed, replaced.State);
            // It never ran, so the note is its whole message, without the space that joins it to one.
            Assert.StartsWith($"It was replaced by request {migration.CorrelationId:D}, a migration queued after it, and will not run", replaced.LastMessage);
        }

        [Fact]
        public async Task A_number_belongs_to_one_bridge()
        {
            await _bed.BridgeAsync("Main", new[] { "+14255550100" });
            await _bed.BridgeAsync("Europe", new[] { "+442079460018" });

            var error = await _bed.RefusedAsync(ErrorIds.ServiceNumberInUse, "14255550100",
                () => _bed.Admin.RegisterServiceNumberAsync("14255550100", Named("Europe"), ServiceNumberType.TollFree, null, null, null, None));
            Assert.Contains("'Main'", error.Message);
            await _bed.RefusedAsync(ErrorIds.ServiceNumberInUse, "+442079460018",
                () => _bed.Admin.RegisterServiceNumberAsync("+442079460018", Named("Europe"), ServiceNumberType.Toll, null, null, null, None));

            // Once unregistered from Main, Europe may have it.
            await _bed.Admin.UnregisterServiceNumberAsync("+14255550100", Named("Main"), false, None);
            var europe = await _bed.Admin.RegisterServiceNumberAsync("+14255550100", Named("Europe"), ServiceNumberType.Toll, " Redmond ", "en-US",
                new[] { "es-ES", " ", "ES-es", "fr-FR" }, None);
            var entry = europe.FindNumber("+14255550100")!;
            Assert.Equal(europe.Identity, entry.BridgeId);
            Assert.Equal("Redmond", entry.City);
            Assert.Equal(new[] { "es-ES", "fr-FR" }, entry.SecondaryLanguages);
            Assert.Empty((await _bed.GetBridgeAsync("Main")).ServiceNumbers);
        }

        [Fact]
        public async Task Naming_one_bridge_both_by_identity_and_by_name_is_taken()
        {
            // A row exported from Get-CsOnlineDialInConferencingUser carries both (outside probe AR: every such row was refused).
            var main = await _bed.BridgeAsync("Main", new[] { "+14255550100" });
            var both = new BridgeReference { Identity = main.Identity, Name = "MAIN" };
            Assert.Equal(main.Identity, (await _bed.Admin.GetBridgeAsync(both, None)).Identity);
            await _bed.Admin.RegisterServiceNumberAsync("+14255550111", both, ServiceNumberType.Toll, null, null, null, None);
            Assert.Contains((await _bed.GetBridgeAsync("Main")).ServiceNumbers, n => n.Number == "+14255550111");
        }

        [Fact]
        public async Task Naming_a_bridge_both_by_identity_and_by_name_is_refused_on_every_path()
        {
            var main = await _bed.BridgeAsync("Main", new[] { "+14255550100" });
            await _bed.BridgeAsync("Europe", new[] { "+442079460018" });
            var twice = new BridgeReference { Identity = main.Identity, Name = "Europe" };

            await _bed.RefusedAsync(ErrorIds.ConflictingParameters, "Europe",
                () => _bed.Admin.RegisterServiceNumberAsync("+14255550111", twice, ServiceNumberType.Toll, null, null, null, None));
            await _bed.RefusedAsync(ErrorIds.ConflictingParameters, "Europe", () => _bed.Admin.SetBridgeAsync(twice, "X", null, null, false, None));
            await _bed.RefusedAsync(ErrorIds.ConflictingParameters, "Europe", () => _bed.Admin.UnregisterServiceNumberAsync("+14255550100", twice, false, None));
            await _bed.RefusedAsync(ErrorIds.ConflictingParameters, "Europe",
                () => _bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "+14255550111", ServiceNumberType.Toll, twice, true, None));
            await Assert.ThrowsAsync<MeetingMigrationException>(() => _bed.Admin.GetBridgeAsync(twice, None));
        }

        [Fact]
        public async Task Get_finds_a_bridge_by_identity_or_name_in_any_case_and_says_BridgeNotFound_otherwise()
        {
            var main = await _bed.BridgeAsync("Main", new[] { "+14255550100" });

            Assert.Equal(main.Identity, (await _bed.Admin.GetBridgeAsync(new BridgeReference { Identity = main.Identity }, None)).Identity);
            Assert.Equal(main.Identity, (await _bed.Admin.GetBridgeAsync(Named(" MAIN "), None)).Identity);
            var missing = Guid.NewGuid();
            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => _bed.Admin.GetBridgeAsync(new BridgeReference { Identity = missing }, None));
            Assert.Equal(ErrorIds.BridgeNotFound, error.ErrorId);
            Assert.Equal(missing.ToString("D"), error.Target);
            Assert.DoesNotContain("nothing was changed", error.Message);

            // Listing the users of a bridge that does not exist is a read too (an outside audit: it said nothing was changed).
            var users = await Assert.ThrowsAsync<MeetingMigrationException>(() => _bed.Admin.GetUsersAsync(Named("Nope"), null, None));
            Assert.Equal(ErrorIds.BridgeNotFound, users.ErrorId);
            Assert.Equal("Nope", users.Target);
            Assert.DoesNotContain("nothing was changed", users.Message);
        }
    }
}
