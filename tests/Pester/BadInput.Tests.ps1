#Requires -Version 7.0
# Bad input is refused with a stable ErrorId, the offending value as TargetObject, a message that says what to do, the
# right kind of error (terminating or not; a bad pipeline item does not stop the others), and no change to the store.
# Invoke-MmCapture (TestHelpers.ps1) separates output, non-terminating errors and the terminating error.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'

    # How an InvalidIdentity error tells the admin to name a user.
    function Assert-MmSaysHowToNameAUser {
        param([System.Management.Automation.ErrorRecord] $ErrorRecord)
        $ErrorRecord.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $ErrorRecord.ErrorDetails.RecommendedAction | Should -BeLikeExactly "Give the user's UPN (ashaw@contoso.com)*"
        $ErrorRecord.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }

    function Get-MmQueuedUsers { Get-CsMeetingMigrationStatus | ForEach-Object { "$($_.UserPrincipalName)" } }
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

    It 'an unknown -State is a binder error (CannotConvertArgumentNoMessage) on State listing the valid values' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -State Cancelled }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "CannotConvertArgumentNoMessage,${ns}GetCsMeetingMigrationStatusCommand"
        $e.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $e.Exception.ParameterName | Should -BeExactly 'State'
        foreach ($state in 'Pending', 'InProgress', 'Failed', 'Succeeded') { Get-MmErrorMessage $e | Should -BeLikeExactly "*$state*" }
        $run.Output.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'an EndTime before StartTime is InvalidTimeRange with the EndTime as TargetObject' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -StartTime "10/8/2016" -EndTime "10/1/2016" }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidTimeRange,${ns}GetCsMeetingMigrationStatusCommand"
        $e.TargetObject | Should -BeOfType ([datetime])
        $e.TargetObject | Should -Be ([datetime]::new(2016, 10, 1))
        Get-MmErrorMessage $e | Should -BeLikeExactly '*EndTime*'
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*later than or equal to StartTime*'
        $run.Output.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a -StartTime that is not a date is a binder error (CannotConvertArgumentNoMessage)' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -StartTime "the first of October" }
        $run.Terminated | Should -BeTrue
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "CannotConvertArgumentNoMessage,${ns}GetCsMeetingMigrationStatusCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a malformed -Identity <Name> is a terminating InvalidIdentity with the value as TargetObject' -ForEach @(
        @{ Name = "'not-an-address'"; Value = 'not-an-address' }
        @{ Name = "'a@@b'"; Value = 'a@@b' }
        @{ Name = "'a@b..c'"; Value = 'a@b..c' }
        @{ Name = "'' (empty)"; Value = '' }
        @{ Name = "'   ' (whitespace)"; Value = '   ' }
    ) {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity $Value }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}GetCsMeetingMigrationStatusCommand"
        $e.TargetObject | Should -BeOfType ([string])
        $e.TargetObject | Should -BeExactly $Value
        Assert-MmSaysHowToNameAUser $e
        $run.Output.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a $null -Identity is a terminating InvalidIdentity with a $null TargetObject' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity $null }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}GetCsMeetingMigrationStatusCommand"
        $null -eq $e.TargetObject | Should -BeTrue -Because "the TargetObject should be `$null, not '$($e.TargetObject)'"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'Start-CsExMeetingMigration refuses bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It 'a malformed identity <Name> is a non-terminating InvalidIdentity and queues nothing' -ForEach @(
        @{ Name = "'not-an-address'"; Value = 'not-an-address' }
        @{ Name = "'a@@b'"; Value = 'a@@b' }
        @{ Name = "'a@b..c'"; Value = 'a@b..c' }
        @{ Name = "'@contoso.com'"; Value = '@contoso.com' }
        @{ Name = "'ashaw@'"; Value = 'ashaw@' }
        @{ Name = "'sip:'"; Value = 'sip:' }
        @{ Name = 'with a NUL'; Value = "ashaw$([char]0)@contoso.com" }
        @{ Name = 'with a TAB'; Value = "a$([char]9)b@contoso.com" }
        @{ Name = 'with an ESC'; Value = "a$([char]0x1b)b@contoso.com" }
        @{ Name = "'a<b>@contoso.com'"; Value = 'a<b>@contoso.com' }
    ) {
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $Value }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        $e.TargetObject | Should -BeExactly $Value
        Assert-MmSaysHowToNameAUser $e
        Get-MmErrorMessage $e | Should -Not -MatchExactly '\p{Cc}' -Because 'the message must not carry control characters'
        $run.Output.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'control characters written in PowerShell syntax ("`0", "`t") are InvalidIdentity, shown as U+0000 and \u0000' {
        $run = Invoke-MmCapture {
            Start-CsExMeetingMigration -Identity "ashaw`0@contoso.com"
            Start-CsExMeetingMigration -Identity "a`tb@contoso.com"
        }
        $run.Terminated | Should -BeFalse
        $run.Errors.Count | Should -Be 2
        $run.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand" }
        $run.Errors[0].TargetObject | Should -BeExactly "ashaw$([char]0)@contoso.com"
        $run.Errors[1].TargetObject | Should -BeExactly "a$([char]9)b@contoso.com"
        Get-MmErrorMessage $run.Errors[0] | Should -BeLikeExactly '*U+0000*'
        (Get-MmErrorMessage $run.Errors[0]).Contains('\u0000') | Should -BeTrue -Because 'the message shows the NUL escaped as \u0000'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a 10,000-character identity is InvalidIdentity with a short message that gives its length' {
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity ('a' * 9988 + '@contoso.com') }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        $e.TargetObject | Should -BeOfType ([string])
        $e.TargetObject.Length | Should -Be 10000
        Get-MmErrorMessage $e | Should -BeLikeExactly '*10000 characters*'
        (Get-MmErrorMessage $e).Length | Should -BeLessThan 400
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-Identity <Name> is refused by the binder (<ErrorId>) on Identity' -ForEach @(
        @{ Name = '$null'; Value = $null; ErrorId = 'ParameterArgumentValidationErrorNullNotAllowed' }
        @{ Name = '"" (empty)'; Value = ''; ErrorId = 'ParameterArgumentValidationErrorEmptyStringNotAllowed' }
    ) {
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $Value }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}StartCsExMeetingMigrationCommand"
        $e.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $e.Exception.ParameterName | Should -BeExactly 'Identity'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a whitespace-only identity is a non-terminating InvalidIdentity' {
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity '   ' }
        $run.Terminated | Should -BeFalse
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'an unknown -<Parameter> <Value> is a binder error (CannotConvertArgumentNoMessage)' -ForEach @(
        @{ Parameter = 'SourceMeetingType'; Value = 'Zoom' }
        @{ Parameter = 'TargetMeetingType'; Value = 'SfB' }
    ) {
        $arguments = @{ Identity = 'new@contoso.com'; $Parameter = $Value }
        $run = Invoke-MmCapture { Start-CsExMeetingMigration @arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "CannotConvertArgumentNoMessage,${ns}StartCsExMeetingMigrationCommand"
        $e.Exception.ParameterName | Should -BeExactly $Parameter
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'Start-CsExMeetingMigration with bad items in a pipeline' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
    }

    It 'a bad line writes InvalidIdentity for that line and the other users are still queued' {
        $run = Invoke-MmCapture { 'a@contoso.com', 'a@@b', 'b@contoso.com', "c`0@contoso.com", 'c@contoso.com' | Start-CsExMeetingMigration }
        $run.Terminated | Should -BeFalse
        $run.Errors.Count | Should -Be 2
        $run.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand" }
        $run.Errors[0].TargetObject | Should -BeExactly 'a@@b'
        $run.Errors[1].TargetObject | Should -BeExactly "c$([char]0)@contoso.com"
        Assert-MmSequence -Actual (Get-MmQueuedUsers) -Expected @('ashaw@contoso.com', 'a@contoso.com', 'b@contoso.com', 'c@contoso.com')
    }

    It 'empty and $null lines are binder errors for those lines and the other users are queued' {
        $run = Invoke-MmCapture { 'a@contoso.com', '', $null, 'b@contoso.com' | Start-CsExMeetingMigration }
        $run.Terminated | Should -BeFalse
        Assert-MmSequence -Actual ($run.Errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) `
            -Expected @('ParameterArgumentValidationErrorEmptyStringNotAllowed', 'ParameterArgumentValidationErrorNullNotAllowed')
        Assert-MmSequence -Actual (Get-MmQueuedUsers) -Expected @('ashaw@contoso.com', 'a@contoso.com', 'b@contoso.com')
    }

    It 'an object without an identity property is InvalidIdentity for that object only' {
        $run = Invoke-MmCapture {
            [pscustomobject]@{ UserPrincipalName = 'a@contoso.com' }, [pscustomobject]@{ Name = 'Alex' }, [pscustomobject]@{ Identity = 'b@contoso.com' } |
                Start-CsExMeetingMigration
        }
        $run.Terminated | Should -BeFalse
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        Assert-MmSequence -Actual (Get-MmQueuedUsers) -Expected @('ashaw@contoso.com', 'a@contoso.com', 'b@contoso.com')
    }

    It '-ErrorAction Stop stops the pipeline at the bad line' {
        $run = Invoke-MmCapture { 'a@contoso.com', 'a@@b', 'b@contoso.com' | Start-CsExMeetingMigration -ErrorAction Stop }
        $run.Terminated | Should -BeTrue
        $run.TerminatingError.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand"
        $run.TerminatingError.TargetObject | Should -BeExactly 'a@@b'
        Assert-MmSequence -Actual (Get-MmQueuedUsers) -Expected @('ashaw@contoso.com', 'a@contoso.com')
    }
}

Describe 'Set-CsOnlineDialInConferencingTenantSettings refuses bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It '-PinLength <Value> (outside 4 to 12) is InvalidSettingValue with the value as TargetObject' -ForEach @(
        @{ Value = 3 }, @{ Value = 13 }, @{ Value = 0 }
    ) {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -PinLength $Value }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.TargetObject | Should -BeOfType ([uint32])
        $e.TargetObject | Should -Be $Value
        Get-MmErrorMessage $e | Should -BeLikeExactly '*PinLength*'
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*4 to 12*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a negative -PinLength is a binder error (CannotConvertArgumentNoMessage)' {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -PinLength -1 }
        $run.Terminated | Should -BeTrue
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "CannotConvertArgumentNoMessage,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'an unknown -<Parameter> <Value> is a binder error (CannotConvertArgumentNoMessage) naming the value' -ForEach @(
        @{ Parameter = 'MaskPstnNumbersType'; Value = 'MaskedForEveryone' }
        @{ Parameter = 'EntryExitAnnouncementsType'; Value = 'Beep' }
        @{ Parameter = 'AllowFederatedUsersToDialOutToSelf'; Value = 'Maybe' }
        @{ Parameter = 'AllowFederatedUsersToDialOutToThirdParty'; Value = 'Sometimes' }
    ) {
        $arguments = @{ $Parameter = $Value }
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings @arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "CannotConvertArgumentNoMessage,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $e.Exception.ParameterName | Should -BeExactly $Parameter
        Get-MmErrorMessage $e | Should -BeLikeExactly "*$Value*"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-SendEmailFromOverride $true <Name> is InvalidSettingValue' -ForEach @(
        @{ Name = 'alone'; Arguments = @{} }
        @{ Name = 'with an address but no display name'; Arguments = @{ SendEmailFromAddress = 'admin@contoso.com' } }
        @{ Name = 'with a display name but no address'; Arguments = @{ SendEmailFromDisplayName = 'Conferencing Administrator' } }
        @{ Name = 'with a blank display name'; Arguments = @{ SendEmailFromAddress = 'admin@contoso.com'; SendEmailFromDisplayName = ' ' } }
    ) {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromOverride $true @Arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.TargetObject | Should -BeOfType ([bool])
        $e.TargetObject | Should -BeTrue
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*SendEmailFromAddress and SendEmailFromDisplayName*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a malformed -SendEmailFromAddress ''<Value>'' is InvalidSettingValue with the address as TargetObject' -ForEach @(
        @{ Value = 'not an address' }, @{ Value = 'admin' }, @{ Value = 'admin@@contoso.com' }, @{ Value = 'admin@contoso..com' }
    ) {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress $Value }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.TargetObject | Should -BeExactly $Value
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*alias@domain*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a malformed dial-out domain is InvalidSettingValue with that domain as TargetObject' {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains contoso.com, 'not a domain' }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.TargetObject | Should -BeExactly 'not a domain'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'The settings cmdlets accept only the Global identity' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It '<Command> is a terminating InvalidConfigurationIdentity (ObjectNotFound)' -ForEach @(
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -Identity Tenant1 -PinLength 6'; Class = 'SetCsOnlineDialInConferencingTenantSettingsCommand' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings Tenant1 -AutomaticallyMigrateUserMeetings $false'; Class = 'SetCsOnlineDialInConferencingTenantSettingsCommand' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -Identity Tenant1 -MeetingMigrationEnabled $false'; Class = 'SetCsTenantMigrationConfigurationCommand' }
        @{ Command = 'Set-CsTenantMigrationConfiguration Tenant1 -MeetingMigrationEnabled $false'; Class = 'SetCsTenantMigrationConfigurationCommand' }
    ) {
        $run = Invoke-MmCapture ([scriptblock]::Create($Command))
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConfigurationIdentity,$ns$Class"
        $e.TargetObject | Should -BeExactly 'Tenant1'
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*-Identity Global*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '<Command> is a non-terminating InvalidConfigurationIdentity and outputs nothing' -ForEach @(
        @{ Command = 'Get-CsTenantMigrationConfiguration -Identity Tenant1'; Class = 'GetCsTenantMigrationConfigurationCommand' }
        @{ Command = 'Get-CsOnlineDialInConferencingTenantSettings -Identity Tenant1'; Class = 'GetCsOnlineDialInConferencingTenantSettingsCommand' }
        @{ Command = 'Remove-CsOnlineDialInConferencingTenantSettings -Identity Tenant1 -Force -Confirm:$false'; Class = 'RemoveCsOnlineDialInConferencingTenantSettingsCommand' }
    ) {
        $run = Invoke-MmCapture ([scriptblock]::Create($Command))
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConfigurationIdentity,$ns$Class"
        $e.TargetObject | Should -BeExactly 'Tenant1'
        $run.Output.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-Identity Global is accepted in any case (global, GLOBAL)' {
        Set-CsOnlineDialInConferencingTenantSettings -Identity global -PinLength 6 -ErrorAction Stop
        $settings = @(Get-CsOnlineDialInConferencingTenantSettings -Identity GLOBAL -ErrorAction Stop)
        $settings.Count | Should -Be 1
        $settings[0].PinLength | Should -BeOfType ([uint32])
        $settings[0].PinLength | Should -Be 6
    }
}

Describe 'Set-CsTenantMigrationConfiguration refuses bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It '-<Parameter> <Value> (out of range) is InvalidSettingValue with the value as TargetObject' -ForEach @(
        @{ Parameter = 'UserRetryLimit'; Value = 101 }
        @{ Parameter = 'StatusRetentionDays'; Value = 0 }
        @{ Parameter = 'HorizonDays'; Value = 1826 }
    ) {
        $arguments = @{ $Parameter = $Value }
        $run = Invoke-MmCapture { Set-CsTenantMigrationConfiguration @arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsTenantMigrationConfigurationCommand"
        $e.TargetObject | Should -BeOfType ([int])
        $e.TargetObject | Should -Be $Value
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-MeetingMigrationEnabled that is not a boolean is a binder error (CannotConvertArgument)' {
        $run = Invoke-MmCapture { Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled 'perhaps' }
        $run.Terminated | Should -BeTrue
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "CannotConvertArgument,${ns}SetCsTenantMigrationConfigurationCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'Connect-MeetingMigration refuses bad input' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It 'an empty -StorePath is a binder error (ParameterArgumentValidationError) and the session keeps its store' {
        $run = Invoke-MmCapture { Connect-MeetingMigration -StorePath '' }
        $run.Terminated | Should -BeTrue
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentValidationError,${ns}ConnectMeetingMigrationCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}
