using System;
using System.Linq;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>The commands of Microsoft's MMS documentation, each run exactly as written against the built module.</summary>
    public sealed class SeedDocumentTests : IDisposable
    {
        private readonly ModuleRunspace _ps = new ModuleRunspace();

        public void Dispose() => _ps.Dispose();

        [Fact]
        public void SummaryOnly_lists_the_four_states_with_zero_counts_on_an_empty_store()
        {
            var rows = _ps.Ok("Get-CsMeetingMigrationStatus -SummaryOnly");

            Assert.Equal(new[] { "Pending", "InProgress", "Failed", "Succeeded" }, rows.Texts("State"));
            Assert.Equal(new[] { "0", "0", "0", "0" }, rows.Texts("UserCount"));
            Assert.All(rows, row => Assert.Contains("MeetingMigration.Engine.Model.StateSummary", row.TypeNames));
            Assert.All(rows, row => Assert.IsType<int>(row.Prop("UserCount")));
        }

        [Fact]
        public void SummaryOnly_counts_users_once_and_changes_nothing()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com; Start-CsExMeetingMigration -Identity ashaw@contoso.com; " +
                   "Start-CsExMeetingMigration -Identity bob@contoso.com");
            var before = _ps.Snapshot();

            var rows = _ps.Ok("Get-CsMeetingMigrationStatus -SummaryOnly");

            Assert.Equal(new[] { "Pending", "InProgress", "Failed", "Succeeded" }, rows.Texts("State"));
            Assert.Equal(new[] { "2", "0", "0", "0" }, rows.Texts("UserCount"));
            Assert.Equal(before, _ps.Snapshot());
        }

        [Fact]
        public void StartTime_EndTime_in_2016_returns_nothing_and_a_range_around_now_returns_todays_records()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");

            var in2016 = _ps.Run("Get-CsMeetingMigrationStatus -StartTime \"10/1/2016\" -EndTime \"10/8/2016\"").AssertSuccess();
            Assert.Empty(in2016.Output);

            var now = _ps.Ok("Get-CsMeetingMigrationStatus -StartTime ([datetime]::Now.AddHours(-1)) -EndTime ([datetime]::Now.AddHours(1))");
            Assert.Equal("ashaw@contoso.com", Assert.Single(now).Text("UserPrincipalName"));

            // Only a start: everything created since; only an end before today: nothing.
            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus -StartTime \"10/1/2016\""));
            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus -EndTime \"10/8/2016\""));
        }

        [Fact]
        public void StartTime_and_EndTime_are_inclusive_on_CreateDate()
        {
            _ps.Ok("$global:r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru");

            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus -StartTime $r.CreateDate -EndTime $r.CreateDate"));
            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus -StartTime $r.CreateDate.AddTicks(1)"));
            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus -EndTime $r.CreateDate.AddTicks(-1)"));
            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus -StartTime $r.CreateDate.AddTicks(-1) -EndTime $r.CreateDate.AddTicks(1)"));
        }

        [Fact]
        public void A_time_without_a_zone_is_local_time()
        {
            _ps.Ok("$global:r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru");
            var created = (DateTime)_ps.Ok("$r.CreateDate").Single().BaseObject;
            Assert.Equal(DateTimeKind.Utc, created.Kind);
            // The exact creation instant written as local wall-clock time, with no zone: both bounds hit it.
            const string local = "$r.CreateDate.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss.fffffff', [cultureinfo]::InvariantCulture)";
            if (!TimeZoneInfo.Local.IsAmbiguousTime(created.ToLocalTime()))
            {
                Assert.Single(_ps.Ok($"Get-CsMeetingMigrationStatus -StartTime ({local}) -EndTime ({local})"));
                Assert.Empty(_ps.Ok($"Get-CsMeetingMigrationStatus -StartTime ([datetime]({local})).AddTicks(1)"));
            }
            else
            {
                // In the hour when clocks go back, the wall-clock time names two instants and .NET takes the later one.
                Assert.Single(_ps.Ok($"Get-CsMeetingMigrationStatus -StartTime ([datetime]({local})).AddHours(-1) -EndTime ({local})"));
            }
        }

        [Theory]
        [InlineData("Get-CsMeetingMigrationStatus -UserId \"ashaw@contoso.com\"")]
        [InlineData("Get-CsMeetingMigrationStatus -Identity \"ashaw@contoso.com\"")]
        [InlineData("Get-CsMeetingMigrationStatus \"ashaw@contoso.com\"")]
        [InlineData("Get-CsMeetingMigrationStatus -Identity \"AShaw@Contoso.COM\"")]
        [InlineData("Get-CsMeetingMigrationStatus -Identity \"sip:ashaw@contoso.com\"")]
        public void Identity_selects_one_users_records(string command)
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com; Start-CsExMeetingMigration -Identity bob@contoso.com");

            var record = Assert.Single(_ps.Ok(command));

            Assert.Equal("ashaw@contoso.com", record.Text("UserPrincipalName"));
            Assert.Equal("ashaw@contoso.com", record.Text("UserId")); // the address until the worker resolves the user
            Assert.Equal("Pending", record.Text("State"));
            Assert.Equal("ToSameType", record.Text("MigrationType"));
            Assert.Equal("", record.Text("LastMessage"));
            foreach (var count in new[] { "RetryCount", "TotalMeeting", "SucceededMeeting", "FailedMeeting", "InvitesUpdate" })
                Assert.Equal(0, record.Prop(count));
            Assert.Contains("MeetingMigration.PowerShell.Output.MeetingMigrationStatus", record.TypeNames);
        }

        [Fact]
        public void Identity_of_a_user_never_queued_returns_nothing_without_error()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus -Identity \"nobody@contoso.com\""));
        }

        [Fact]
        public void Where_State_eq_Failed_returns_nothing_while_nothing_failed()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com; Start-CsExMeetingMigration -Identity bob@contoso.com");

            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus | Where {$_.State -eq \"Failed\"}"));
            Assert.Equal(2, _ps.Ok("Get-CsMeetingMigrationStatus | Where {$_.State -eq \"Pending\"}").Count);
        }

        [Fact]
        public void Records_have_LastMessage_and_its_LastErrorMessage_alias_and_every_documented_property()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");

            Assert.Equal(new[] { "" }, _ps.Ok("Get-CsMeetingMigrationStatus | ForEach-Object { $_.LastErrorMessage }").Select(o => (string)o.BaseObject));
            Assert.Equal(new[] { "" }, _ps.Ok("Get-CsMeetingMigrationStatus | ForEach-Object { $_.LastMessage }").Select(o => (string)o.BaseObject));
            Assert.Equal(new object[] { true, true, true },
                _ps.Ok("$s = Get-CsMeetingMigrationStatus; $null -ne $s.PSObject.Properties['LastErrorMessage']; " +
                       "$null -ne $s.PSObject.Properties['LastMessage']; $s.PSObject.Properties['LastErrorMessage'].MemberType -eq 'AliasProperty'")
                    .Select(o => o.BaseObject));

            // The property set of Microsoft's MeetingMigrationStatusResponse (DOCS sample, MOD format view).
            var record = Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus"));
            foreach (var name in new[] { "CorrelationId", "CreateDate", "FailedMeeting", "InvitesUpdate", "LastMessage", "MigrationType",
                         "ModifiedDate", "RetryCount", "State", "SucceededMeeting", "TotalMeeting", "UserId", "UserPrincipalName" })
                Assert.True(record.Properties[name] != null, $"missing {name}");
            Assert.IsType<Guid>(record.Prop("CorrelationId"));
            Assert.Equal(DateTimeKind.Utc, ((DateTime)record.Prop("CreateDate")!).Kind);
        }

        [Fact]
        public void Get_CsTenantMigrationConfiguration_shows_Global_enabled()
        {
            var configuration = Assert.Single(_ps.Ok("Get-CsTenantMigrationConfiguration"));

            Assert.Equal("Global", configuration.Text("Identity"));
            Assert.Equal(true, configuration.Prop("MeetingMigrationEnabled"));
            Assert.Contains("MeetingMigration.Engine.Configuration.TenantMigrationConfiguration", configuration.TypeNames);
        }

        [Fact]
        public void Set_CsTenantMigrationConfiguration_turns_migration_off_and_on_and_off_refuses_Start()
        {
            Assert.Empty(_ps.Ok("Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false"));
            Assert.Equal(false, _ps.Ok("Get-CsTenantMigrationConfiguration").Single().Prop("MeetingMigrationEnabled"));

            var refused = _ps.Run("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            Assert.False(refused.Terminated);
            var error = refused.SingleError();
            error.AssertId("MigrationDisabled", "StartCsExMeetingMigrationCommand");
            Assert.Equal("ashaw@contoso.com", error.TargetObject);
            Assert.Contains("Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true", error.ErrorDetails.RecommendedAction);
            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus"));

            Assert.Empty(_ps.Ok("Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true"));
            Assert.Equal(true, _ps.Ok("Get-CsTenantMigrationConfiguration").Single().Prop("MeetingMigrationEnabled"));
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus"));
        }

        [Fact]
        public void Set_CsTenantMigrationConfiguration_leaves_the_other_settings_alone()
        {
            var before = ModuleRunspace.Describe(_ps.Ok("Get-CsTenantMigrationConfiguration").Single());
            _ps.Ok("Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false");
            var after = ModuleRunspace.Describe(_ps.Ok("Get-CsTenantMigrationConfiguration").Single());

            Assert.Equal(before.Replace("MeetingMigrationEnabled=True", "MeetingMigrationEnabled=False"), after);
            Assert.NotEqual(before, after);
        }

        [Fact]
        public void AutomaticallyMigrateUserMeetings_turns_off_and_on_and_nothing_else_changes()
        {
            var before = ModuleRunspace.Describe(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single());
            Assert.Contains("AutomaticallyMigrateUserMeetings=True", before);

            Assert.Empty(_ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false"));
            var off = ModuleRunspace.Describe(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single());
            Assert.Equal(before.Replace("AutomaticallyMigrateUserMeetings=True", "AutomaticallyMigrateUserMeetings=False"), off);

            Assert.Empty(_ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $true"));
            Assert.Equal(before, ModuleRunspace.Describe(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single()));

            // The tenant-wide switch is a different one, and Start-CsExMeetingMigration still queues.
            _ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false; Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            Assert.Equal(true, _ps.Ok("Get-CsTenantMigrationConfiguration").Single().Prop("MeetingMigrationEnabled"));
            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus"));
        }

        [Fact]
        public void Dial_in_settings_have_the_twenty_documented_properties_with_their_defaults()
        {
            var settings = Assert.Single(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings"));
            var expected = new (string Name, string Value)[]
            {
                ("Identity", "Global"),
                ("AllowedDialOutExternalDomains", "{}"),
                ("EnableEntryExitNotifications", "True"),
                ("EntryExitAnnouncementsType", "UseNames"),
                ("EnableNameRecording", "True"),
                ("IncludeTollFreeNumberInMeetingInvites", "True"),
                ("MaskPstnNumbersType", "MaskedForExternalUsers"),
                ("PinLength", "5"),
                ("AllowPSTNOnlyMeetingsByDefault", "False"),
                ("AutomaticallySendEmailsToUsers", "True"),
                ("SendEmailFromOverride", "False"),
                ("SendEmailFromAddress", "<null>"),
                ("SendEmailFromDisplayName", "<null>"),
                ("AutomaticallyReplaceAcpProvider", "False"),
                ("UseUniqueConferenceIds", "True"),
                ("AutomaticallyMigrateUserMeetings", "True"),
                ("MigrateServiceNumbersOnCrossForestMove", "False"),
                ("EnableDialOutJoinConfirmation", "False"),
                ("AllowFederatedUsersToDialOutToSelf", "No"),
                ("AllowFederatedUsersToDialOutToThirdParty", "No"),
            };

            Assert.Equal(expected.Select(e => e.Name), settings.Properties.Select(p => p.Name));
            foreach (var (name, value) in expected) Assert.True(value == settings.Text(name), $"{name}: expected {value}, got {settings.Text(name)}");
            Assert.IsType<uint>(settings.Prop("PinLength"));
        }

        [Fact]
        public void Set_dial_in_settings_with_the_documented_examples()
        {
            _ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -EnableEntryExitNotifications $True -EnableNameRecording $True -PinLength 7");
            _ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromOverride $true -SendEmailFromAddress admin@contoso.com -SendEmailFromDisplayName \"Conferencing Administrator\"");
            _ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -EntryExitAnnouncementsType ToneOnly -MaskPstnNumbersType NoMasking -AllowFederatedUsersToDialOutToSelf RequireSameEnterpriseUser -AllowedDialOutExternalDomains fabrikam.com,contoso.com");

            var settings = _ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single();
            Assert.Equal((uint)7, settings.Prop("PinLength"));
            Assert.Equal(true, settings.Prop("SendEmailFromOverride"));
            Assert.Equal("admin@contoso.com", settings.Text("SendEmailFromAddress"));
            Assert.Equal("Conferencing Administrator", settings.Text("SendEmailFromDisplayName"));
            Assert.Equal("ToneOnly", settings.Text("EntryExitAnnouncementsType"));
            Assert.Equal("NoMasking", settings.Text("MaskPstnNumbersType"));
            Assert.Equal("RequireSameEnterpriseUser", settings.Text("AllowFederatedUsersToDialOutToSelf"));
            Assert.Equal("No", settings.Text("AllowFederatedUsersToDialOutToThirdParty"));
            Assert.Equal("{fabrikam.com,contoso.com}", settings.Text("AllowedDialOutExternalDomains"));
        }

        [Fact]
        public void Remove_dial_in_settings_resets_them_to_the_defaults()
        {
            var defaults = ModuleRunspace.Describe(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single());
            _ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -PinLength 9 -AutomaticallyMigrateUserMeetings $false");
            Assert.NotEqual(defaults, ModuleRunspace.Describe(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single()));

            Assert.Empty(_ps.Ok("Remove-CsOnlineDialInConferencingTenantSettings -Force -Confirm:$false"));

            Assert.Equal(defaults, ModuleRunspace.Describe(_ps.Ok("Get-CsOnlineDialInConferencingTenantSettings").Single()));
        }

        [Fact]
        public void Start_queues_a_Pending_request_and_returns_nothing()
        {
            var started = _ps.Run("Start-CsExMeetingMigration -Identity ashaw@contoso.com").AssertSuccess();
            Assert.Empty(started.Output);

            var record = Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus"));
            Assert.Equal("ashaw@contoso.com", record.Text("UserPrincipalName"));
            Assert.Equal("Pending", record.Text("State"));
            Assert.Equal("ToSameType", record.Text("MigrationType"));
            Assert.Equal("All", record.Text("SourceMeetingType"));
            Assert.Equal("Current", record.Text("TargetMeetingType"));
            var created = (DateTime)record.Prop("CreateDate")!;
            Assert.InRange(created, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        }

        [Fact]
        public void A_second_Start_merges_into_the_Pending_request()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            var first = _ps.Ok("Get-CsMeetingMigrationStatus").Single();

            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            var afterSecond = Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus"));
            Assert.Equal(first.Prop("CorrelationId"), afterSecond.Prop("CorrelationId"));
            Assert.Equal(first.Prop("CreateDate"), afterSecond.Prop("CreateDate"));
            Assert.Equal("Pending", afterSecond.Text("State"));

            // A merge widens the request: a Teams target from either call wins.
            _ps.Ok("Start-CsExMeetingMigration -Identity ASHAW@contoso.com -TargetMeetingType Teams");
            var merged = Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus"));
            Assert.Equal(first.Prop("CorrelationId"), merged.Prop("CorrelationId"));
            Assert.Equal("AllToTeams", merged.Text("MigrationType"));
            Assert.Equal("Teams", merged.Text("TargetMeetingType"));
            Assert.Equal(new[] { "1", "0", "0", "0" }, _ps.Ok("Get-CsMeetingMigrationStatus -SummaryOnly").Texts("UserCount"));
        }

        [Fact]
        public void Start_PassThru_returns_the_record()
        {
            var record = Assert.Single(_ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru -SourceMeetingType SfB -TargetMeetingType Teams"));

            Assert.Contains("MeetingMigration.PowerShell.Output.MeetingMigrationStatus", record.TypeNames);
            Assert.Equal("ashaw@contoso.com", record.Text("UserPrincipalName"));
            Assert.Equal("Pending", record.Text("State"));
            Assert.Equal("SfbToTeams", record.Text("MigrationType"));
            var stored = _ps.Ok("Get-CsMeetingMigrationStatus").Single();
            Assert.Equal(stored.Prop("CorrelationId"), record.Prop("CorrelationId"));
            Assert.Equal(ModuleRunspace.Describe(stored), ModuleRunspace.Describe(record));
        }

        [Fact]
        public void Start_positional_and_documented_example()
        {
            _ps.Ok("Start-CsExMeetingMigration user@contoso.com");
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com -TargetMeetingType Teams");

            var records = _ps.Ok("Get-CsMeetingMigrationStatus");
            Assert.Equal(new[] { "user@contoso.com", "ashaw@contoso.com" }, records.Texts("UserPrincipalName"));
            Assert.Equal(new[] { "ToSameType", "AllToTeams" }, records.Texts("MigrationType"));
        }

        [Fact]
        public void Objects_with_UserPrincipalName_or_Identity_pipe_into_Start()
        {
            var run = _ps.Run("@([pscustomobject]@{UserPrincipalName='a@contoso.com'}, [pscustomobject]@{Identity='b@contoso.com'}) | Start-CsExMeetingMigration")
                .AssertSuccess();

            Assert.Empty(run.Output);
            var records = _ps.Ok("Get-CsMeetingMigrationStatus");
            Assert.Equal(new[] { "a@contoso.com", "b@contoso.com" }, records.Texts("UserPrincipalName"));
            Assert.All(records, r => Assert.Equal("Pending", r.Text("State")));
        }

        [Fact]
        public void Strings_pipe_into_Start_and_the_sip_prefix_is_dropped()
        {
            _ps.Ok("'c@contoso.com','sip:d@contoso.com' | Start-CsExMeetingMigration");

            var records = _ps.Ok("Get-CsMeetingMigrationStatus");
            Assert.Equal(new[] { "c@contoso.com", "d@contoso.com" }, records.Texts("UserPrincipalName"));
            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus -Identity d@contoso.com"));
        }

        [Fact]
        public void An_object_id_is_queued_as_the_UserId()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity 0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f");

            var record = Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus -Identity 0F5C3A47-4C9B-4F1E-9A55-1D2B3C4D5E6F"));
            Assert.Equal("0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f", record.Text("UserId"));
        }

        [Fact]
        public void State_and_MigrationType_filter()
        {
            _ps.Ok("Start-CsExMeetingMigration a@contoso.com; Start-CsExMeetingMigration b@contoso.com -TargetMeetingType Teams");

            Assert.Equal(2, _ps.Ok("Get-CsMeetingMigrationStatus -State Pending").Count);
            Assert.Empty(_ps.Ok("Get-CsMeetingMigrationStatus -State Succeeded"));
            Assert.Equal(new[] { "b@contoso.com" }, _ps.Ok("Get-CsMeetingMigrationStatus -MigrationType AllToTeams").Texts("UserPrincipalName"));
            Assert.Equal(new[] { "0", "0", "0", "0" }, _ps.Ok("Get-CsMeetingMigrationStatus -SummaryOnly -State Failed").Texts("UserCount"));
        }

        [Fact]
        public void Connect_PassThru_reports_the_store_and_Disconnect_closes_it()
        {
            var connection = Assert.Single(_ps.Ok("Connect-MeetingMigration -StorePath $p -PassThru", ("p", _ps.StorePath)));
            Assert.Equal(System.IO.Path.GetFullPath(_ps.StorePath), connection.Text("StorePath"));

            _ps.Ok("Disconnect-MeetingMigration");
        }
    }
}
