using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;
using Xunit;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>What a row does: a new user is a baseline, a changed one triggers as Set would, a bad one changes nothing.</summary>
    public sealed class ImportRowTests : IDisposable
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private readonly ImportFixture _fixture = new ImportFixture();

        public void Dispose() => _fixture.Dispose();

        private Task Existing(string upn, string conferenceId, string? serviceNumber = null) =>
            _fixture.Admin.SetUserAsync(UserIdentity.Parse(upn), new DialInUserUpdate { ConferenceId = conferenceId, ServiceNumber = serviceNumber }, createIfMissing: true, None);

        [Fact]
        public async Task New_users_are_a_baseline_recorded_with_every_column_and_queue_nothing()
        {
            var path = _fixture.WriteCsv(
                "UserPrincipalName,ConferenceId,ServiceNumber,TollFreeServiceNumber,AllowPstnOnlyMeetings,Provider,ProviderName,Enabled,JoinUrl,DialInUrl,Home",
                "ashaw@contoso.com,4715832,tel:+1 425 555 0100,\"+1 800 555 0100; 18005550101\",yes,ThirdParty,\"Acme, Inc.\",false,https://meet.contoso.com/ashaw/K7,https://dialin.contoso.com,Teams");

            var summary = await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            Assert.Equal((1, 1, 0, 0, 0, 0), (summary.Rows, summary.Created, summary.Updated, summary.Unchanged, summary.Failed, summary.Queued));
            var user = (await _fixture.User("ashaw@contoso.com"))!;
            // Recorded disabled, so the ID is the one they gave up, not a live one (outside probe AY-F3).
            Assert.Equal(((string?)null, "4715832"), (user.ConferenceId, user.ReleasedConferenceId));
            Assert.Equal("+14255550100", user.ServiceNumber);
            Assert.Equal(new[] { "+18005550100", "+18005550101" }, user.TollFreeServiceNumbers);
            Assert.True(user.AllowPstnOnlyMeetings);
            Assert.Equal(ConferencingProvider.ThirdParty, user.Provider);
            Assert.Equal("Acme, Inc.", user.ProviderName);
            Assert.False(user.Enabled);
            Assert.Equal("https://meet.contoso.com/ashaw/K7", user.JoinUrl);
            Assert.Equal("https://dialin.contoso.com", user.DialInUrl);
            Assert.Equal(MeetingHome.Teams, user.Home);
            Assert.Empty(await _fixture.Requests());
        }

        /// <summary>Outside probe BI-F4: a comma between numbers was refused ("lists 2 phone numbers; it takes one").</summary>
        [Fact]
        public async Task Toll_free_numbers_in_one_cell_may_be_separated_by_commas_as_the_profile_cmdlet_reads_them()
        {
            var summary = await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,TollFreeServiceNumbers", "ashaw@contoso.com,\"+1 800 555 0100, 18885550100\""));

            Assert.Empty(_fixture.Errors);
            Assert.Equal(1, summary.Created);
            Assert.Equal(new[] { "+18005550100", "+18885550100" }, (await _fixture.User("ashaw@contoso.com"))!.TollFreeServiceNumbers);
        }

        [Fact]
        public async Task A_changed_user_is_queued_as_Set_would_queue_them_after_TriggerDelay_and_a_matching_one_is_unchanged()
        {
            await Existing("ashaw@contoso.com", "1111111");
            await Existing("bob@contoso.com", "2222222");
            var delay = (await _fixture.Store.GetTenantMigrationConfigurationAsync(None)).TriggerDelay;
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId", "ashaw@contoso.com,3333333", "bob@contoso.com,2222222");

            var summary = await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            Assert.Equal((2, 0, 1, 1, 0, 1), (summary.Rows, summary.Created, summary.Updated, summary.Unchanged, summary.Failed, summary.Queued));
            var request = Assert.Single(await _fixture.Requests());
            Assert.Equal("ashaw@contoso.com", request.UserPrincipalName);
            Assert.Equal(TriggerNames.ConferenceIdChanged, request.Trigger);
            Assert.Equal(MigrationType.ToSameType, request.MigrationType);
            Assert.Equal(MigrationState.Pending, request.State);
            Assert.Equal(_fixture.Clock.UtcNow + delay, request.NotBefore);
            Assert.Equal("3333333", (await _fixture.User("ashaw@contoso.com"))!.ConferenceId);
        }

        [Fact]
        public async Task An_AllowTollFreeDialIn_column_is_read_and_a_change_of_it_queues_TollFreeDialInChanged()
        {
            await Existing("ashaw@contoso.com", "1111111");
            var path = _fixture.WriteCsv("UserPrincipalName,AllowTollFreeDialIn", "ashaw@contoso.com,No");

            var summary = await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            Assert.Equal((1, 1), (summary.Updated, summary.Queued));
            Assert.False((await _fixture.User("ashaw@contoso.com"))!.AllowTollFreeDialIn);
            Assert.Equal(TriggerNames.TollFreeDialInChanged, Assert.Single(await _fixture.Requests()).Trigger);
        }

        [Fact]
        public async Task An_empty_cell_keeps_the_stored_value()
        {
            await Existing("ashaw@contoso.com", "1111111", "+14255550100");
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId,ServiceNumber,JoinUrl", "ashaw@contoso.com,,,https://meet.contoso.com/a");

            var summary = await _fixture.Import(path);

            Assert.Equal(1, summary.Updated);
            var user = (await _fixture.User("ashaw@contoso.com"))!;
            Assert.Equal("1111111", user.ConferenceId);
            Assert.Equal("+14255550100", user.ServiceNumber);
            Assert.Equal("https://meet.contoso.com/a", user.JoinUrl);
            // The meet URL is not one of MMS's triggers; nothing is queued for it.
            Assert.Empty(await _fixture.Requests());
        }

        [Fact]
        public async Task Imported_changes_of_Enabled_and_Home_trigger_as_Disable_and_a_recorded_move_would()
        {
            await Existing("ashaw@contoso.com", "1111111");
            await Existing("bob@contoso.com", "2222222");
            var path = _fixture.WriteCsv("UserPrincipalName,Enabled,Home", "ashaw@contoso.com,False,", "bob@contoso.com,,Teams");

            await _fixture.Import(path);

            Assert.Empty(_fixture.Errors);
            var requests = (await _fixture.Requests()).ToDictionary(r => r.UserPrincipalName);
            Assert.Equal(TriggerNames.AudioConferencingDisabled, requests["ashaw@contoso.com"].Trigger);
            Assert.Equal(MigrationType.ToSameType, requests["ashaw@contoso.com"].MigrationType);
            Assert.Equal(TriggerNames.MovedToTeams, requests["bob@contoso.com"].Trigger);
            Assert.Equal(MigrationType.SfbToTeams, requests["bob@contoso.com"].MigrationType);
        }

        [Fact]
        public async Task With_automatic_migration_off_a_change_is_saved_and_counted_as_not_queued_while_a_move_still_queues()
        {
            await _fixture.Store.SaveDialInSettingsAsync(new DialInConferencingTenantSettings { AutomaticallyMigrateUserMeetings = false }, None);
            await Existing("ashaw@contoso.com", "1111111");
            await Existing("bob@contoso.com", "2222222");
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId,Home", "ashaw@contoso.com,3333333,", "bob@contoso.com,4444444,Teams");

            var summary = await _fixture.Import(path);

            Assert.Equal(2, summary.Updated);
            Assert.Equal(1, summary.NotQueued);
            Assert.Equal(new[] { "ashaw@contoso.com" }, summary.NotQueuedUsers); // the admin can queue exactly them
            Assert.Equal(TriggerPolicy.AutomaticMigrationDisabled, summary.NotQueuedBecause);
            Assert.Equal(1, summary.Queued);
            var request = Assert.Single(await _fixture.Requests());
            Assert.Equal("bob@contoso.com", request.UserPrincipalName);
            Assert.Equal($"{TriggerNames.MovedToTeams}, {TriggerNames.ConferenceIdChanged}", request.Trigger);
            Assert.Equal("3333333", (await _fixture.User("ashaw@contoso.com"))!.ConferenceId);
        }

        [Fact]
        public async Task With_migration_off_for_the_tenant_nothing_is_queued()
        {
            await _fixture.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { MeetingMigrationEnabled = false }, None);
            await Existing("ashaw@contoso.com", "1111111");

            var summary = await _fixture.Import(_fixture.WriteCsv("UserPrincipalName,Home", "ashaw@contoso.com,Teams"));

            Assert.Equal((1, 0, 1), (summary.Updated, summary.Queued, summary.NotQueued));
            Assert.Equal(TriggerPolicy.MigrationDisabled, summary.NotQueuedBecause);
            Assert.Empty(await _fixture.Requests());
        }

        public static IEnumerable<object[]> BadRows()
        {
            // Column header, cell as written, ErrorId, the column reported, the offending value (TargetObject).
            yield return new object[] { "ConferenceId", "12ab", ErrorIds.InvalidConferenceId, "ConferenceId", "12ab" };
            yield return new object[] { "ServiceNumber", "call me", ErrorIds.InvalidPhoneNumber, "ServiceNumber", "call me" };
            yield return new object[] { "TollFreeServiceNumbers", "+18005550100;oops", ErrorIds.InvalidPhoneNumber, "TollFreeServiceNumbers", "oops" };
            // Separators alone hold no number: read as "no numbers", they removed every toll-free number (outside probe BH-F1).
            yield return new object[] { "TollFreeServiceNumber", ";", ErrorIds.InvalidPhoneNumber, "TollFreeServiceNumber", ";" };
            yield return new object[] { "TollFreeServiceNumbers", " ; ", ErrorIds.InvalidPhoneNumber, "TollFreeServiceNumbers", ";" };
            yield return new object[] { "JoinUrl", "http://meet.contoso.com/x", ErrorIds.InvalidSettingValue, "JoinUrl", "http://meet.contoso.com/x" };
            // A link mailed to every attendee: no tab, space, direction mark or password in it (outside probe L).
            yield return new object[] { "JoinUrl", "https://meet.contoso.com/x\ty", ErrorIds.InvalidSettingValue, "JoinUrl", "https://meet.contoso.com/x\ty" };
            yield return new object[] { "DialInUrl", "https://dialin.contoso.com/x\u202Ey", ErrorIds.InvalidSettingValue, "DialInUrl", "https://dialin.contoso.com/x\u202Ey" };
            yield return new object[] { "JoinUrl", "https://user:pass@meet.contoso.com/x", ErrorIds.InvalidSettingValue, "JoinUrl", "https://user:pass@meet.contoso.com/x" };
            yield return new object[] { "BridgeName", "Nowhere", ErrorIds.BridgeNotFound, "BridgeName", "Nowhere" };
            yield return new object[] { "BridgeId", "not-a-guid", ErrorIds.InvalidImportRow, "BridgeId", "not-a-guid" };
            yield return new object[] { "Enabled", "maybe", ErrorIds.InvalidImportRow, "Enabled", "maybe" };
            yield return new object[] { "Provider", "Acme", ErrorIds.InvalidImportRow, "Provider", "Acme" };
            yield return new object[] { "Home", "2", ErrorIds.InvalidImportRow, "Home", "2" };
            yield return new object[] { "ConferenceId", "7777777", ErrorIds.ConferenceIdInUse, "ConferenceId", "7777777" };
        }

        [Theory]
        [MemberData(nameof(BadRows))]
        public async Task A_bad_row_is_reported_with_its_row_column_and_value_changes_nothing_and_the_other_rows_are_applied(
            string column, string cell, string errorId, string reportedColumn, string target)
        {
            await Existing("holder@contoso.com", "7777777");
            var before = await _fixture.User("holder@contoso.com");
            var path = _fixture.WriteCsv($"UserPrincipalName,{column}", "good1@contoso.com,", $"bad@contoso.com,\"{cell}\"", "good2@contoso.com,");

            var summary = await _fixture.Import(path);

            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(2, error.Row);
            Assert.Equal(3, error.Line);
            Assert.Equal(reportedColumn, error.Column);
            Assert.Equal(target, error.Target);
            Assert.Contains("Row 2 (line 3)", error.Message);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            Assert.Equal((3, 2, 1), (summary.Rows, summary.Created, summary.Failed));
            Assert.Null(await _fixture.User("bad@contoso.com"));
            Assert.NotNull(await _fixture.User("good1@contoso.com"));
            Assert.NotNull(await _fixture.User("good2@contoso.com"));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(await _fixture.User("holder@contoso.com")));
            Assert.Empty(await _fixture.Requests());
        }

        [Fact]
        public async Task A_number_that_is_not_on_the_users_bridge_is_refused_with_the_rules_error_and_column()
        {
            var bridge = await _fixture.Admin.NewBridgeAsync("Main", null, None);
            await _fixture.Admin.RegisterServiceNumberAsync("+14255550100", new BridgeReference { Name = "Main" }, ServiceNumberType.Toll, null, null, null, None);
            var path = _fixture.WriteCsv("UserPrincipalName,BridgeName,ServiceNumber",
                "ok@contoso.com,main,+1 425 555 0100",
                "bad@contoso.com,Main,+1 425 555 0199");

            var summary = await _fixture.Import(path);

            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(ErrorIds.ServiceNumberNotOnBridge, error.ErrorId);
            Assert.Equal("ServiceNumber", error.Column);
            Assert.Equal(1, summary.Created);
            Assert.Equal(bridge.Identity, (await _fixture.User("ok@contoso.com"))!.BridgeId);
            Assert.Null(await _fixture.User("bad@contoso.com"));
        }

        [Fact]
        public async Task Rows_that_cannot_be_read_are_InvalidImportRow_without_a_column()
        {
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId",
                "short@contoso.com",
                "long@contoso.com,1234567,extra",
                "\"quoted\"junk@contoso.com,1234568",
                "fine@contoso.com,1234569");

            var summary = await _fixture.Import(path);

            Assert.Equal(new long[] { 1, 2, 3 }, _fixture.Errors.Select(e => e.Row));
            Assert.All(_fixture.Errors, e => Assert.Equal(ErrorIds.InvalidImportRow, e.ErrorId));
            Assert.All(_fixture.Errors, e => Assert.Null(e.Column));
            Assert.Contains("1 field(s) and the header 2", _fixture.Errors[0].Message);
            Assert.Contains("closing quote", _fixture.Errors[2].Message);
            Assert.Equal((4, 1, 3), (summary.Rows, summary.Created, summary.Failed));
            Assert.Equal("fine@contoso.com", Assert.Single(await _fixture.Users()).UserPrincipalName);
        }

        [Fact]
        public async Task An_object_id_or_a_missing_user_is_refused_in_the_user_column()
        {
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId", "5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21,1234567", ",1234568");

            await _fixture.Import(path);

            Assert.Equal(new[] { ErrorIds.InvalidIdentity, ErrorIds.InvalidImportRow }, _fixture.Errors.Select(e => e.ErrorId));
            Assert.All(_fixture.Errors, e => Assert.Equal("UserPrincipalName", e.Column));
            Assert.Equal("5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21", _fixture.Errors[0].Target);
            Assert.Empty(await _fixture.Users());
        }

        [Fact]
        public async Task A_user_on_two_rows_is_applied_once_and_the_second_row_is_refused()
        {
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId", "ashaw@contoso.com,1234567", "sip:ASHAW@contoso.com,7654321");

            var summary = await _fixture.Import(path);

            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(ErrorIds.InvalidImportRow, error.ErrorId);
            Assert.Equal(2, error.Row);
            Assert.Contains("row 1", error.Message);
            Assert.Equal(1, summary.Created);
            Assert.Equal("1234567", (await _fixture.User("ashaw@contoso.com"))!.ConferenceId);
            Assert.Empty(await _fixture.Requests());
        }

        [Fact]
        public async Task Two_new_users_claiming_one_conference_ID_in_a_file_leave_it_to_the_first()
        {
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId", "first@contoso.com,1234567", "second@contoso.com,1234567");

            await _fixture.Import(path);

            var error = Assert.Single(_fixture.Errors);
            Assert.Equal(ErrorIds.ConferenceIdInUse, error.ErrorId);
            Assert.Contains("first@contoso.com", error.Message);
            Assert.Null(await _fixture.User("second@contoso.com"));
        }

        [Fact]
        public async Task WhatIf_reports_the_same_errors_and_counts_as_the_import_and_writes_nothing()
        {
            await Existing("ashaw@contoso.com", "1111111");
            var path = _fixture.WriteCsv("UserPrincipalName,ConferenceId,Enabled",
                "ashaw@contoso.com,2222222,", "new1@contoso.com,3333333,", "new2@contoso.com,3333333,", "bad@contoso.com,,maybe");
            var before = await _fixture.Snapshot();

            var checkedOnly = await _fixture.Import(path, whatIf: true, batchSize: 10);
            var whatIfErrors = _fixture.Errors.Select(e => (e.ErrorId, e.Row, e.Column)).ToList();

            Assert.Equal(before, await _fixture.Snapshot());
            Assert.True(checkedOnly.WhatIf);
            Assert.Equal(new[] { (ErrorIds.ConferenceIdInUse, 3L, (string?)"ConferenceId"), (ErrorIds.InvalidImportRow, 4L, "Enabled") }, whatIfErrors);

            var imported = await _fixture.Import(path, batchSize: 10);

            Assert.Equal(whatIfErrors, _fixture.Errors.Select(e => (e.ErrorId, e.Row, e.Column)));
            Assert.Equal((imported.Rows, imported.Created, imported.Updated, imported.Unchanged, imported.Failed, imported.Queued),
                (checkedOnly.Rows, checkedOnly.Created, checkedOnly.Updated, checkedOnly.Unchanged, checkedOnly.Failed, checkedOnly.Queued));
            Assert.Equal((4, 1, 1, 2, 1), (imported.Rows, imported.Created, imported.Updated, imported.Failed, imported.Queued));
            Assert.NotEqual(before, await _fixture.Snapshot());
        }
    }
}
