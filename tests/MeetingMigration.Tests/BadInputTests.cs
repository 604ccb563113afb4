using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>
    /// Bad input is refused with a stable ErrorId, the offending value as TargetObject, a message that says what to do, the
    /// right kind of error (a bad pipeline item does not stop the others), and no change to the store.
    /// </summary>
    public sealed class BadInputTests : IDisposable
    {
        private const string Start = "StartCsExMeetingMigrationCommand";
        private const string GetStatus = "GetCsMeetingMigrationStatusCommand";
        private const string SetDialIn = "SetCsOnlineDialInConferencingTenantSettingsCommand";
        private const string SetMigration = "SetCsTenantMigrationConfigurationCommand";
        private readonly ModuleRunspace _ps = new ModuleRunspace();
        private readonly string _before;

        public BadInputTests()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com");
            _before = _ps.Snapshot();
        }

        public void Dispose() => _ps.Dispose();

        private void AssertStoreUnchanged() => Assert.Equal(_before, _ps.Snapshot());

        private static void AssertSaysHowToNameAUser(ErrorRecord error)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction), $"no RecommendedAction: {error}");
            Assert.StartsWith("Give the user's UPN (ashaw@contoso.com)", error.ErrorDetails!.RecommendedAction);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }

        // ---- Get-CsMeetingMigrationStatus ----

        [Fact]
        public void Unknown_State_is_refused_by_the_binder_listing_the_valid_values()
        {
            var run = _ps.Run("Get-CsMeetingMigrationStatus -State Cancelled");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("CannotConvertArgumentNoMessage", GetStatus);
            Assert.IsType<ParameterBindingException>(error.Exception);
            Assert.Equal("State", ((ParameterBindingException)error.Exception).ParameterName);
            foreach (var state in new[] { "Pending", "InProgress", "Failed", "Succeeded" }) Assert.Contains(state, error.Message());
            Assert.Empty(run.Output);
            AssertStoreUnchanged();
        }

        [Fact]
        public void EndTime_before_StartTime_is_InvalidTimeRange()
        {
            var run = _ps.Run("Get-CsMeetingMigrationStatus -StartTime \"10/8/2016\" -EndTime \"10/1/2016\"");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidTimeRange", GetStatus);
            Assert.Equal(new DateTime(2016, 10, 1), error.TargetObject);
            Assert.Contains("EndTime", error.Message());
            Assert.Contains("later than or equal to StartTime", error.ErrorDetails.RecommendedAction);
            Assert.Empty(run.Output);
            AssertStoreUnchanged();
        }

        [Fact]
        public void A_date_that_is_not_a_date_is_refused_by_the_binder()
        {
            var run = _ps.Run("Get-CsMeetingMigrationStatus -StartTime \"the first of October\"");

            Assert.True(run.Terminated);
            run.SingleError().AssertId("CannotConvertArgumentNoMessage", GetStatus);
            AssertStoreUnchanged();
        }

        [Theory]
        [InlineData("not-an-address")]
        [InlineData("a@@b")]
        [InlineData("a@b..c")]
        [InlineData("")]
        [InlineData("   ")]
        public void Get_with_a_malformed_Identity_is_InvalidIdentity(string identity)
        {
            var run = _ps.Run("Get-CsMeetingMigrationStatus -Identity $id", ("id", identity));

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidIdentity", GetStatus);
            Assert.Equal(identity, error.TargetObject);
            AssertSaysHowToNameAUser(error);
            Assert.Empty(run.Output);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Get_with_a_null_Identity_is_InvalidIdentity()
        {
            var run = _ps.Run("Get-CsMeetingMigrationStatus -Identity $null");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidIdentity", GetStatus);
            Assert.Null(error.TargetObject);
            AssertStoreUnchanged();
        }

        // ---- Start-CsExMeetingMigration ----

        [Theory]
        [InlineData("not-an-address")]
        [InlineData("a@@b")]
        [InlineData("a@b..c")]
        [InlineData("@contoso.com")]
        [InlineData("ashaw@")]
        [InlineData("sip:")]
        [InlineData("ashaw\0@contoso.com")]
        [InlineData("a\tb@contoso.com")]
        [InlineData("a\u001bb@contoso.com")]
        [InlineData("a<b>@contoso.com")]
        public void Start_with_a_malformed_Identity_writes_InvalidIdentity_and_queues_nothing(string identity)
        {
            var run = _ps.Run("Start-CsExMeetingMigration -Identity $id", ("id", identity));

            Assert.False(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidIdentity", Start);
            Assert.Equal(identity, error.TargetObject);
            AssertSaysHowToNameAUser(error);
            Assert.DoesNotContain(error.Message(), char.IsControl);
            Assert.Empty(run.Output);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Start_with_the_control_characters_written_in_PowerShell_syntax()
        {
            var run = _ps.Run("Start-CsExMeetingMigration -Identity \"ashaw`0@contoso.com\"; Start-CsExMeetingMigration -Identity \"a`tb@contoso.com\"");

            Assert.False(run.Terminated);
            Assert.Equal(2, run.Errors.Count);
            Assert.All(run.Errors, e => e.AssertId("InvalidIdentity", Start));
            Assert.Equal(new object[] { "ashaw\0@contoso.com", "a\tb@contoso.com" }, run.Errors.Select(e => e.TargetObject));
            Assert.Contains("U+0000", run.Errors[0].Message());
            Assert.Contains("\\u0000", run.Errors[0].Message());
            AssertStoreUnchanged();
        }

        [Fact]
        public void Start_with_a_10000_character_Identity_is_refused_with_a_short_message()
        {
            var run = _ps.Run("Start-CsExMeetingMigration -Identity ('a' * 9988 + '@contoso.com')");

            Assert.False(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidIdentity", Start);
            Assert.Equal(10000, Assert.IsType<string>(error.TargetObject).Length);
            Assert.Contains("10000 characters", error.Message());
            Assert.True(error.Message().Length < 400, $"message of {error.Message().Length} characters");
            AssertStoreUnchanged();
        }

        [Fact]
        public void Start_with_a_null_Identity_is_refused_by_the_binder()
        {
            var run = _ps.Run("Start-CsExMeetingMigration -Identity $null");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("ParameterArgumentValidationErrorNullNotAllowed", Start);
            Assert.Equal("Identity", ((ParameterBindingException)error.Exception).ParameterName);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Start_with_an_empty_Identity_is_refused_by_the_binder()
        {
            var run = _ps.Run("Start-CsExMeetingMigration -Identity \"\"");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("ParameterArgumentValidationErrorEmptyStringNotAllowed", Start);
            Assert.Equal("Identity", ((ParameterBindingException)error.Exception).ParameterName);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Start_with_whitespace_only_is_InvalidIdentity()
        {
            var run = _ps.Run("Start-CsExMeetingMigration -Identity '   '");

            Assert.False(run.Terminated);
            run.SingleError().AssertId("InvalidIdentity", Start);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Start_with_an_unknown_meeting_type_is_refused_by_the_binder()
        {
            var source = _ps.Run("Start-CsExMeetingMigration -Identity new@contoso.com -SourceMeetingType Zoom");
            Assert.True(source.Terminated);
            source.SingleError().AssertId("CannotConvertArgumentNoMessage", Start);

            var target = _ps.Run("Start-CsExMeetingMigration -Identity new@contoso.com -TargetMeetingType SfB");
            Assert.True(target.Terminated);
            target.SingleError().AssertId("CannotConvertArgumentNoMessage", Start);
            AssertStoreUnchanged();
        }

        [Fact]
        public void A_bad_line_in_a_pipeline_writes_an_error_and_the_other_users_are_queued()
        {
            var run = _ps.Run("'a@contoso.com','a@@b','b@contoso.com',\"c`0@contoso.com\",'c@contoso.com' | Start-CsExMeetingMigration");

            Assert.False(run.Terminated);
            Assert.Equal(2, run.Errors.Count);
            Assert.All(run.Errors, e => e.AssertId("InvalidIdentity", Start));
            Assert.Equal(new object[] { "a@@b", "c\0@contoso.com" }, run.Errors.Select(e => e.TargetObject));
            Assert.Equal(new[] { "ashaw@contoso.com", "a@contoso.com", "b@contoso.com", "c@contoso.com" },
                _ps.Ok("Get-CsMeetingMigrationStatus").Texts("UserPrincipalName"));
        }

        [Fact]
        public void Empty_and_null_lines_in_a_pipeline_are_binder_errors_and_the_others_are_queued()
        {
            var run = _ps.Run("'a@contoso.com','',$null,'b@contoso.com' | Start-CsExMeetingMigration");

            Assert.False(run.Terminated);
            Assert.Equal(new[] { "ParameterArgumentValidationErrorEmptyStringNotAllowed", "ParameterArgumentValidationErrorNullNotAllowed" },
                run.Errors.Select(e => e.ShortId()));
            Assert.Equal(new[] { "ashaw@contoso.com", "a@contoso.com", "b@contoso.com" }, _ps.Ok("Get-CsMeetingMigrationStatus").Texts("UserPrincipalName"));
        }

        [Fact]
        public void An_object_without_an_identity_property_in_a_pipeline_is_an_error_for_that_object_only()
        {
            var run = _ps.Run("@([pscustomobject]@{UserPrincipalName='a@contoso.com'}, [pscustomobject]@{Name='Alex'}, [pscustomobject]@{Identity='b@contoso.com'}) | Start-CsExMeetingMigration");

            Assert.False(run.Terminated);
            run.SingleError().AssertId("InvalidIdentity", Start);
            Assert.Equal(new[] { "ashaw@contoso.com", "a@contoso.com", "b@contoso.com" }, _ps.Ok("Get-CsMeetingMigrationStatus").Texts("UserPrincipalName"));
        }

        [Fact]
        public void ErrorAction_Stop_makes_a_bad_line_stop_the_pipeline()
        {
            var run = _ps.Run("'a@contoso.com','a@@b','b@contoso.com' | Start-CsExMeetingMigration -ErrorAction Stop");

            Assert.True(run.Terminated);
            Assert.Equal("a@@b", run.TerminatingError!.TargetObject);
            Assert.Equal(new[] { "ashaw@contoso.com", "a@contoso.com" }, _ps.Ok("Get-CsMeetingMigrationStatus").Texts("UserPrincipalName"));
        }

        // ---- Set-CsOnlineDialInConferencingTenantSettings ----

        [Theory]
        [InlineData("3", 3u)]
        [InlineData("13", 13u)]
        [InlineData("0", 0u)]
        public void PinLength_out_of_range_is_InvalidSettingValue(string value, uint target)
        {
            var run = _ps.Run("Set-CsOnlineDialInConferencingTenantSettings -PinLength " + value);

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidSettingValue", SetDialIn);
            Assert.Equal(target, error.TargetObject);
            Assert.Contains("PinLength", error.Message());
            Assert.Contains("4 to 12", error.ErrorDetails.RecommendedAction);
            AssertStoreUnchanged();
        }

        [Fact]
        public void A_negative_PinLength_is_refused_by_the_binder()
        {
            var run = _ps.Run("Set-CsOnlineDialInConferencingTenantSettings -PinLength -1");

            Assert.True(run.Terminated);
            run.SingleError().AssertId("CannotConvertArgumentNoMessage", SetDialIn);
            AssertStoreUnchanged();
        }

        [Theory]
        [InlineData("MaskPstnNumbersType", "MaskedForEveryone")]
        [InlineData("EntryExitAnnouncementsType", "Beep")]
        [InlineData("AllowFederatedUsersToDialOutToSelf", "Maybe")]
        [InlineData("AllowFederatedUsersToDialOutToThirdParty", "Sometimes")]
        public void Unknown_enum_values_are_refused_by_the_binder(string parameter, string value)
        {
            var run = _ps.Run($"Set-CsOnlineDialInConferencingTenantSettings -{parameter} {value}");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("CannotConvertArgumentNoMessage", SetDialIn);
            Assert.Equal(parameter, ((ParameterBindingException)error.Exception).ParameterName);
            Assert.Contains(value, error.Message());
            AssertStoreUnchanged();
        }

        [Theory]
        [InlineData("-SendEmailFromOverride $true")]
        [InlineData("-SendEmailFromOverride $true -SendEmailFromAddress admin@contoso.com")]
        [InlineData("-SendEmailFromOverride $true -SendEmailFromDisplayName 'Conferencing Administrator'")]
        [InlineData("-SendEmailFromOverride $true -SendEmailFromAddress admin@contoso.com -SendEmailFromDisplayName ' '")]
        public void SendEmailFromOverride_without_address_and_display_name_is_InvalidSettingValue(string parameters)
        {
            var run = _ps.Run("Set-CsOnlineDialInConferencingTenantSettings " + parameters);

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidSettingValue", SetDialIn);
            Assert.Equal(true, error.TargetObject);
            Assert.Contains("SendEmailFromAddress and SendEmailFromDisplayName", error.ErrorDetails.RecommendedAction);
            AssertStoreUnchanged();
        }

        [Theory]
        [InlineData("not an address")]
        [InlineData("admin")]
        [InlineData("admin@@contoso.com")]
        [InlineData("admin@contoso..com")]
        public void A_malformed_SendEmailFromAddress_is_InvalidSettingValue(string address)
        {
            var run = _ps.Run("Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress $a", ("a", address));

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidSettingValue", SetDialIn);
            Assert.Equal(address, error.TargetObject);
            Assert.Contains("alias@domain", error.ErrorDetails.RecommendedAction);
            AssertStoreUnchanged();
        }

        [Fact]
        public void A_malformed_dial_out_domain_is_InvalidSettingValue()
        {
            var run = _ps.Run("Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains contoso.com,'not a domain'");

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidSettingValue", SetDialIn);
            Assert.Equal("not a domain", error.TargetObject);
            AssertStoreUnchanged();
        }

        [Theory]
        [InlineData("Set-CsOnlineDialInConferencingTenantSettings -Identity Tenant1 -PinLength 6", SetDialIn)]
        [InlineData("Set-CsOnlineDialInConferencingTenantSettings Tenant1 -AutomaticallyMigrateUserMeetings $false", SetDialIn)]
        [InlineData("Set-CsTenantMigrationConfiguration -Identity Tenant1 -MeetingMigrationEnabled $false", SetMigration)]
        [InlineData("Set-CsTenantMigrationConfiguration Tenant1 -MeetingMigrationEnabled $false", SetMigration)]
        public void Identity_other_than_Global_on_the_Set_cmdlets_is_InvalidConfigurationIdentity(string command, string cmdletClass)
        {
            var run = _ps.Run(command);

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidConfigurationIdentity", cmdletClass);
            Assert.Equal("Tenant1", error.TargetObject);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("-Identity Global", error.ErrorDetails.RecommendedAction);
            AssertStoreUnchanged();
        }

        [Theory]
        [InlineData("Get-CsTenantMigrationConfiguration -Identity Tenant1", "GetCsTenantMigrationConfigurationCommand")]
        [InlineData("Get-CsOnlineDialInConferencingTenantSettings -Identity Tenant1", "GetCsOnlineDialInConferencingTenantSettingsCommand")]
        [InlineData("Remove-CsOnlineDialInConferencingTenantSettings -Identity Tenant1 -Force -Confirm:$false", "RemoveCsOnlineDialInConferencingTenantSettingsCommand")]
        public void Identity_other_than_Global_on_the_other_settings_cmdlets_is_a_non_terminating_InvalidConfigurationIdentity(string command, string cmdletClass)
        {
            var run = _ps.Run(command);

            Assert.False(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidConfigurationIdentity", cmdletClass);
            Assert.Equal("Tenant1", error.TargetObject);
            Assert.Empty(run.Output);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Identity_Global_is_accepted_in_any_case()
        {
            _ps.Ok("Set-CsOnlineDialInConferencingTenantSettings -Identity global -PinLength 6");
            Assert.Equal((uint)6, _ps.Ok("Get-CsOnlineDialInConferencingTenantSettings -Identity GLOBAL").Single().Prop("PinLength"));
        }

        // ---- Set-CsTenantMigrationConfiguration ----

        [Theory]
        [InlineData("-UserRetryLimit 101", 101)]
        [InlineData("-StatusRetentionDays 0", 0)]
        [InlineData("-HorizonDays 1826", 1826)]
        public void Migration_settings_out_of_range_are_InvalidSettingValue(string parameters, int target)
        {
            var run = _ps.Run("Set-CsTenantMigrationConfiguration " + parameters);

            Assert.True(run.Terminated);
            var error = run.SingleError();
            error.AssertId("InvalidSettingValue", SetMigration);
            Assert.Equal(target, error.TargetObject);
            AssertStoreUnchanged();
        }

        [Fact]
        public void MeetingMigrationEnabled_that_is_not_a_boolean_is_refused_by_the_binder()
        {
            var run = _ps.Run("Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled 'perhaps'");

            Assert.True(run.Terminated);
            run.SingleError().AssertId("CannotConvertArgument", SetMigration);
            AssertStoreUnchanged();
        }

        [Fact]
        public void Connect_with_an_empty_StorePath_is_refused_by_the_binder()
        {
            var run = _ps.Run("Connect-MeetingMigration -StorePath ''");

            Assert.True(run.Terminated);
            run.SingleError().AssertId("ParameterArgumentValidationError", "ConnectMeetingMigrationCommand");
            AssertStoreUnchanged();
        }
    }
}
