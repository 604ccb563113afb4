using System;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>-WhatIf and $WhatIfPreference change nothing, for every cmdlet that changes state; run for real, each does.</summary>
    public sealed class WhatIfTests : IDisposable
    {
        private readonly ModuleRunspace _ps = new ModuleRunspace();

        public WhatIfTests()
        {
            // Something in every table, so a merge, an update or a reset would all show.
            _ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com; Set-CsOnlineDialInConferencingTenantSettings -PinLength 8");
        }

        public void Dispose() => _ps.Dispose();

        public static TheoryData<string> StateChangingCommands => new TheoryData<string>
        {
            "Start-CsExMeetingMigration -Identity ashaw@contoso.com",
            "Start-CsExMeetingMigration -Identity newuser@contoso.com -TargetMeetingType Teams",
            "'a@contoso.com','sip:b@contoso.com' | Start-CsExMeetingMigration",
            "@([pscustomobject]@{UserPrincipalName='a@contoso.com'}) | Start-CsExMeetingMigration -PassThru",
            "Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false",
            "Set-CsTenantMigrationConfiguration -Identity Global -UserRetryLimit 3",
            "Get-CsTenantMigrationConfiguration | ForEach-Object { $_.MeetingMigrationEnabled = $false; $_ } | Set-CsTenantMigrationConfiguration",
            "Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false",
            "Set-CsOnlineDialInConferencingTenantSettings -PinLength 6 -MaskPstnNumbersType NoMasking",
            "Get-CsOnlineDialInConferencingTenantSettings | ForEach-Object { $_.PinLength = 10; $_ } | Set-CsOnlineDialInConferencingTenantSettings",
            "Remove-CsOnlineDialInConferencingTenantSettings -Force",
        };

        [Theory]
        [MemberData(nameof(StateChangingCommands))]
        public void WhatIf_changes_nothing(string command)
        {
            var before = _ps.Snapshot();

            var run = _ps.Run(command + " -WhatIf").AssertSuccess();

            Assert.Empty(run.Output);
            Assert.Equal(before, _ps.Snapshot());
        }

        [Theory]
        [MemberData(nameof(StateChangingCommands))]
        public void WhatIfPreference_changes_nothing(string command)
        {
            var before = _ps.Snapshot();

            var run = _ps.Run("$WhatIfPreference = $true\n" + command).AssertSuccess();

            Assert.Empty(run.Output);
            Assert.Equal(before, _ps.Snapshot());
        }

        [Theory]
        [MemberData(nameof(StateChangingCommands))]
        public void Without_WhatIf_the_same_command_changes_the_store(string command)
        {
            var before = _ps.Snapshot();

            _ps.Run(command + " -Confirm:$false").AssertSuccess();

            Assert.NotEqual(before, _ps.Snapshot());
        }

        [Fact]
        public void WhatIfPreference_false_on_the_command_overrides_the_preference()
        {
            _ps.Ok("$WhatIfPreference = $true\nStart-CsExMeetingMigration -Identity other@contoso.com -WhatIf:$false");
            Assert.Single(_ps.Ok("Get-CsMeetingMigrationStatus -Identity other@contoso.com"));
        }
    }
}
