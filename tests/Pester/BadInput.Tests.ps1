#Requires -Version 7.0
# Bad input: a stable ErrorId, the offending value as TargetObject, a message that says what to do, the right kind of
# error, and no change to the store.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Get-CsMeetingMigrationStatus refuses bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }
    AfterEach { Get-MmStoreSnapshot | Should -BeExactly $before }

    It 'an unknown -State (binder)' {
        { Get-CsMeetingMigrationStatus -State Cancelled } | Should -Throw -ErrorId "CannotConvertArgumentNoMessage,${ns}GetCsMeetingMigrationStatusCommand"
    }

    It 'an EndTime before StartTime' {
        $e = { Get-CsMeetingMigrationStatus -StartTime "10/8/2016" -EndTime "10/1/2016" } | Should -Throw -ErrorId "InvalidTimeRange,${ns}GetCsMeetingMigrationStatusCommand" -PassThru
        $e.TargetObject | Should -Be ([datetime]'10/1/2016')
        $e.ErrorDetails.RecommendedAction | Should -Match 'later than or equal to StartTime'
    }

    It 'a malformed -Identity <Value>' -ForEach @(
        @{ Value = 'not-an-address' }, @{ Value = 'a@@b' }, @{ Value = 'a@b..c' }, @{ Value = '' }
    ) {
        $e = { Get-CsMeetingMigrationStatus -Identity $Value } | Should -Throw -ErrorId "InvalidIdentity,${ns}GetCsMeetingMigrationStatusCommand" -PassThru
        $e.TargetObject | Should -BeExactly $Value
        $e.ErrorDetails.RecommendedAction | Should -Match 'UPN'
    }
}

Describe 'Start-CsExMeetingMigration refuses bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It 'a malformed identity <Name> is a non-terminating InvalidIdentity' -ForEach @(
        @{ Name = 'not-an-address'; Value = 'not-an-address' }
        @{ Name = 'a@@b'; Value = 'a@@b' }
        @{ Name = 'a@b..c'; Value = 'a@b..c' }
        @{ Name = 'NUL'; Value = "ashaw`0@contoso.com" }
        @{ Name = 'TAB'; Value = "a`tb@contoso.com" }
        @{ Name = '10,000 characters'; Value = ('a' * 9988) + '@contoso.com' }
    ) {
        Start-CsExMeetingMigration -Identity $Value -ErrorVariable err -ErrorAction SilentlyContinue 3>$null | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        $err[0].TargetObject | Should -BeExactly $Value
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'UPN'
        $err[0].Exception.Message.Length | Should -BeLessThan 400
        $err[0].Exception.Message | Should -Not -Match '[\x00-\x1f]'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '$null is refused by the binder' {
        { Start-CsExMeetingMigration -Identity $null } | Should -Throw -ErrorId "ParameterArgumentValidationErrorNullNotAllowed,${ns}StartCsExMeetingMigrationCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'an empty string is refused by the binder' {
        { Start-CsExMeetingMigration -Identity "" } | Should -Throw -ErrorId "ParameterArgumentValidationErrorEmptyStringNotAllowed,${ns}StartCsExMeetingMigrationCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a bad line in a pipeline writes an error and the other users are still queued' {
        'a@contoso.com', 'a@@b', 'b@contoso.com' | Start-CsExMeetingMigration -ErrorVariable err -ErrorAction SilentlyContinue 3>$null
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be 'a@@b'
        (Get-CsMeetingMigrationStatus).UserPrincipalName | Should -Be @('ashaw@contoso.com', 'a@contoso.com', 'b@contoso.com')
    }

    It '-ErrorAction Stop stops at the bad line' {
        { 'a@contoso.com', 'a@@b', 'b@contoso.com' | Start-CsExMeetingMigration -ErrorAction Stop 3>$null } |
            Should -Throw -ErrorId "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        (Get-CsMeetingMigrationStatus).UserPrincipalName | Should -Be @('ashaw@contoso.com', 'a@contoso.com')
    }
}

Describe 'The Set cmdlets refuse bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        $before = Get-MmStoreSnapshot
    }
    AfterEach { Get-MmStoreSnapshot | Should -BeExactly $before }

    It 'PinLength <Value> is InvalidSettingValue' -ForEach @(@{ Value = 3 }, @{ Value = 13 }) {
        $e = { Set-CsOnlineDialInConferencingTenantSettings -PinLength $Value } |
            Should -Throw -ErrorId "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand" -PassThru
        $e.TargetObject | Should -Be $Value
        $e.ErrorDetails.RecommendedAction | Should -Match '4 to 12'
    }

    It 'an unknown -<Parameter> is refused by the binder' -ForEach @(
        @{ Parameter = 'MaskPstnNumbersType'; Value = 'MaskedForEveryone' }
        @{ Parameter = 'EntryExitAnnouncementsType'; Value = 'Beep' }
        @{ Parameter = 'AllowFederatedUsersToDialOutToSelf'; Value = 'Maybe' }
    ) {
        $arguments = @{ $Parameter = $Value }
        { Set-CsOnlineDialInConferencingTenantSettings @arguments } |
            Should -Throw -ErrorId "CannotConvertArgumentNoMessage,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
    }

    It '-SendEmailFromOverride $true without address and display name' {
        $e = { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromOverride $true } |
            Should -Throw -ErrorId "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand" -PassThru
        $e.ErrorDetails.RecommendedAction | Should -Match 'SendEmailFromAddress and SendEmailFromDisplayName'
    }

    It 'a malformed -SendEmailFromAddress' {
        $e = { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress 'not an address' } |
            Should -Throw -ErrorId "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand" -PassThru
        $e.TargetObject | Should -Be 'not an address'
    }

    It '-Identity Tenant1 on <Cmdlet>' -ForEach @(
        @{ Cmdlet = 'Set-CsOnlineDialInConferencingTenantSettings'; Class = 'SetCsOnlineDialInConferencingTenantSettingsCommand'; Arguments = @{ PinLength = 6 } }
        @{ Cmdlet = 'Set-CsTenantMigrationConfiguration'; Class = 'SetCsTenantMigrationConfigurationCommand'; Arguments = @{ MeetingMigrationEnabled = $false } }
    ) {
        $e = { & $Cmdlet -Identity Tenant1 @Arguments } | Should -Throw -ErrorId "InvalidConfigurationIdentity,$ns$Class" -PassThru
        $e.TargetObject | Should -Be 'Tenant1'
        $e.ErrorDetails.RecommendedAction | Should -Match '-Identity Global'
    }
}
