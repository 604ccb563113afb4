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

    It 'an unknown -State is refused before binding (ParameterArgumentTransformationError) on State listing the valid values' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -State Cancelled }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}GetCsMeetingMigrationStatusCommand"
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

    It 'a -StartTime that is not a date is refused before binding (ParameterArgumentTransformationError), naming the value and the forms taken' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -StartTime "the first of October" }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}GetCsMeetingMigrationStatusCommand"
        Get-MmErrorMessage $e | Should -BeLikeExactly "*'the first of October' is not a date and time*2026-12-31*12/31/2026*"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a -<Parameter> at the end of the calendar with an offset is said to fall outside a [datetime], not to be no date (outside probe AM)' -ForEach @(
        @{ Parameter = 'StartTime'; Value = '9999-12-31T23:59:59-14:00' }
        @{ Parameter = 'EndTime'; Value = '9999-12-31T23:59:59-14:00' }
    ) {
        $arguments = @{ $Parameter = $Value }
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus @arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}GetCsMeetingMigrationStatusCommand"
        Get-MmErrorMessage $e | Should -BeLikeExactly "*'$Value' is a date and time, but in this machine's time zone it falls outside what a ``[datetime``] holds*"
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
        # Wildcards: Get-CsMeetingMigrationStatus reads them as a pattern, so such a request could never be named alone.
        @{ Name = "'*@contoso.com'"; Value = '*@contoso.com' }
        @{ Name = "'a?b@contoso.com'"; Value = 'a?b@contoso.com' }
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

    It 'control characters written in PowerShell syntax ("`0", "`t") are InvalidIdentity, shown as U+0000 and \0' {
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
        (Get-MmErrorMessage $run.Errors[0]).Contains("'ashaw\0@contoso.com'") | Should -BeTrue -Because 'the message quotes the value with the NUL escaped as \0'
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

    It 'an unknown -<Parameter> <Value> is a binder error naming the value and the names it takes' -ForEach @(
        @{ Parameter = 'SourceMeetingType'; Value = 'Zoom'; Names = 'All, SfB or Teams' }
        @{ Parameter = 'TargetMeetingType'; Value = 'SfB'; Names = 'Current or Teams' }
    ) {
        $arguments = @{ Identity = 'new@contoso.com'; $Parameter = $Value }
        $run = Invoke-MmCapture { Start-CsExMeetingMigration @arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}StartCsExMeetingMigrationCommand"
        $e.Exception.ParameterName | Should -BeExactly $Parameter
        $e.Exception.Message | Should -BeLikeExactly "*'$Value' is not a MeetingMigration.$Parameter value: give $Names.*"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    # Found by outside probes: a CSV row whose column held a name the binder could not convert ran with the default; so did
    # an object whose property held a number that is none of the enumeration's, a fraction, or a Boolean.
    It 'a piped row whose <Parameter> is not a name it takes (<Value>) gets an error of its own, is not queued, and the other rows are' -ForEach @(
        @{ Parameter = 'SourceMeetingType'; Value = 'Skype' }
        @{ Parameter = 'TargetMeetingType'; Value = 'Temas' }
        @{ Parameter = 'SourceMeetingType'; Value = 9 }
        @{ Parameter = 'SourceMeetingType'; Value = -1 }
        @{ Parameter = 'SourceMeetingType'; Value = 1.5 }
        @{ Parameter = 'SourceMeetingType'; Value = $true }
        @{ Parameter = 'TargetMeetingType'; Value = 7 }
    ) {
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = 'ok1@contoso.com'; $Parameter = 'Teams' }
            [pscustomobject]@{ UserPrincipalName = 'bad@contoso.com'; $Parameter = $Value }
            [pscustomobject]@{ UserPrincipalName = 'ok2@contoso.com'; $Parameter = 'teams' }
        )
        $run = Invoke-MmCapture { $rows | Start-CsExMeetingMigration -WarningAction SilentlyContinue }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.Message | Should -BeLikeExactly "*'$Value' is not a MeetingMigration.$Parameter value*"
        $queued = @(Get-CsMeetingMigrationStatus | Where-Object UserPrincipalName -In 'ok1@contoso.com', 'bad@contoso.com', 'ok2@contoso.com')
        Assert-MmSequence ($queued.UserPrincipalName | Sort-Object) @('ok1@contoso.com', 'ok2@contoso.com')
        $queued | ForEach-Object { "$($_.$Parameter)" | Should -BeExactly 'Teams' }
    }

    It 'a piped row whose SourceMeetingType is the number of one of its values (2, 2.0) is queued with that value' {
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = 'two@contoso.com'; SourceMeetingType = 2 }
            [pscustomobject]@{ UserPrincipalName = 'twopointzero@contoso.com'; SourceMeetingType = 2.0 }
        )
        $run = Invoke-MmCapture { $rows | Start-CsExMeetingMigration -WarningAction SilentlyContinue }
        $run.Errors | Should -BeNullOrEmpty
        $queued = @(Get-CsMeetingMigrationStatus | Where-Object UserPrincipalName -In 'two@contoso.com', 'twopointzero@contoso.com')
        $queued.Count | Should -Be 2
        $queued | ForEach-Object { "$($_.SourceMeetingType)" | Should -BeExactly 'Teams' }
    }

    # Found by an outside probe of bulk scripting: a row with the column but nothing in it was refused; it means the default.
    It 'a piped row whose SourceMeetingType and TargetMeetingType cells are empty is queued with the defaults (All, Current)' {
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = 'blank@contoso.com'; SourceMeetingType = ''; TargetMeetingType = ' ' }
            [pscustomobject]@{ UserPrincipalName = 'set@contoso.com'; SourceMeetingType = 'SfB'; TargetMeetingType = 'Teams' }
        )
        $run = Invoke-MmCapture { $rows | Start-CsExMeetingMigration -WarningAction SilentlyContinue }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $blank = Get-CsMeetingMigrationStatus -Identity blank@contoso.com
        "$($blank.SourceMeetingType) $($blank.TargetMeetingType)" | Should -BeExactly 'All Current'
        $set = Get-CsMeetingMigrationStatus -Identity set@contoso.com
        "$($set.SourceMeetingType) $($set.TargetMeetingType)" | Should -BeExactly 'SfB Teams' -Because 'the next row does not inherit the empty one'
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

    It 'a negative -PinLength is a binder error naming the value and what to give' {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -PinLength -1 }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.Exception.Message | Should -BeLikeExactly "*'PinLength'*cannot be '-1': it is outside what a UInt32 holds; give a whole number, 0 or more. Nothing was changed."
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'an unknown -<Parameter> <Value> is refused before binding (ParameterArgumentTransformationError) naming the value' -ForEach @(
        @{ Parameter = 'MaskPstnNumbersType'; Value = 'MaskedForEveryone' }
        @{ Parameter = 'EntryExitAnnouncementsType'; Value = 'Beep' }
        @{ Parameter = 'AllowFederatedUsersToDialOutToSelf'; Value = 'Maybe' }
        @{ Parameter = 'AllowFederatedUsersToDialOutToThirdParty'; Value = 'Sometimes' }
    ) {
        $arguments = @{ $Parameter = $Value }
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings @arguments }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $e.Exception.ParameterName | Should -BeExactly $Parameter
        Get-MmErrorMessage $e | Should -BeLikeExactly "*'$Value' is not a MeetingMigration.* value: give *"
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

    It '-MsftInternalProcessingMode <Name> is InvalidSettingValue with the value escaped (it was PowerShell''s pattern error, the value raw)' -ForEach @(
        @{ Name = 'with ESC and a colour'; Value = "ada$([char]27)[31mRED"; Shown = "'ada\u001B[31mRED'" }
        @{ Name = 'with NUL and U+202E'; Value = "a$([char]0)b$([char]0x202E)c"; Shown = "'a\0b\u202Ec'" }
        @{ Name = 'of 65 characters'; Value = ('x' * 65); Shown = "'$('x' * 65)'" }
    ) {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -MsftInternalProcessingMode $Value -PinLength 6 }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $e.TargetObject | Should -BeExactly $Value
        Get-MmErrorMessage $e | Should -BeExactly "MsftInternalProcessingMode cannot be ${Shown}: it takes at most 64 letters, digits, '-' and '_'. Nothing was changed."
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly 'Leave MsftInternalProcessingMode out*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-MsftInternalProcessingMode with short printable text is accepted and ignored' {
        Set-CsOnlineDialInConferencingTenantSettings -MsftInternalProcessingMode 'Internal_Mode-1' -PinLength 7
        (Get-CsOnlineDialInConferencingTenantSettings).PinLength | Should -Be 7
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

    It '-MeetingMigrationEnabled text that is not a Boolean is refused naming it and what to give (ParameterArgumentTransformationError)' {
        $run = Invoke-MmCapture { Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled 'perhaps' }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}SetCsTenantMigrationConfigurationCommand"
        $e.Exception.Message | Should -BeLike "*'perhaps' is not a Boolean: give `$true or `$false (True, False, 1 or 0 from a file). Nothing was changed.*"
        Get-MmStoreSnapshot | Should -BeExactly $before

        # Outside probe AA: a list got the binder's message, which names nothing to give.
        $list = Invoke-MmCapture { Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled @('True', 'False') }
        $e = Get-MmSingleError $list
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}SetCsTenantMigrationConfigurationCommand"
        $e.Exception.Message | Should -BeLike "*2 values were given ('True', 'False'); this parameter takes one*"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    # Found by outside probe Z: a settings script passing a CSV cell or a splat ('False') failed with the binder's
    # CannotConvertArgument, which names nothing to give; Microsoft's parameters are typed Object and take it.
    It 'Boolean parameters take the text a file holds: -<Parameter> <Text>' -ForEach @(
        @{ Command = 'Set-CsTenantMigrationConfiguration'; Parameter = 'MeetingMigrationEnabled'; Text = 'False'; Read = { (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled }; Expected = $false }
        @{ Command = 'Set-CsTenantMigrationConfiguration'; Parameter = 'MeetingMigrationEnabled'; Text = ' true '; Read = { (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled }; Expected = $true }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'AutomaticallyMigrateUserMeetings'; Text = '0'; Read = { (Get-CsOnlineDialInConferencingTenantSettings).AutomaticallyMigrateUserMeetings }; Expected = $false }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'EnableNameRecording'; Text = 'FALSE'; Read = { (Get-CsOnlineDialInConferencingTenantSettings).EnableNameRecording }; Expected = $false }
    ) {
        $arguments = @{ $Parameter = $Text; Confirm = $false; Force = $true }
        $run = Invoke-MmCapture { & $Command @arguments }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        & $Read | Should -Be $Expected
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

# Issue 10: every refusal has its own ErrorId (not UnexpectedError or a .NET exception's), quotes the value shortened and
# inert (no control, bidi or invisible character reaches the console), and changes nothing.
# Outside probe BK-F2: GUID, enumeration, Boolean and number parameters refused a list of one (a GUID as text included) with
# PowerShell's bare "Specified method is not supported" or "'System.Object[]' is not a …", as text parameters did until
# BI-F3; a list of several named 'System.Object[]' instead of its values.
Describe 'A parameter of one value of any type takes a list of one as its item' {
    BeforeEach {
        $null = Connect-MmFreshStore
        $script:bridge = New-CsOnlineDialInConferencingBridge -Name Main
    }

    It 'a bridge''s GUID, as a GUID or text, typed or piped; an enumeration; a Boolean; a number; a list inside a list' {
        $g = $bridge.Identity
        (Get-CsOnlineDialInConferencingBridge -Identity @($g) -ErrorAction Stop).Name | Should -BeExactly 'Main'
        (Get-CsOnlineDialInConferencingBridge -Identity @("$g") -ErrorAction Stop).Name | Should -BeExactly 'Main'
        ([pscustomobject]@{ Identity = @($g) } | Get-CsOnlineDialInConferencingBridge -ErrorAction Stop).Name | Should -BeExactly 'Main'
        @(Get-CsMeetingMigrationStatus -State @('Pending') -ErrorAction Stop).Count | Should -Be 0
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled @('False') -ErrorAction Stop
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeFalse
        Set-CsOnlineDialInConferencingBridge -Identity @(, @("$g")) -NewName @(, @('Renamed')) -ErrorAction Stop
        (Get-CsOnlineDialInConferencingBridge -Identity $g).Name | Should -BeExactly 'Renamed'
        $run = Invoke-MmCapture { Stop-CsMeetingMigration -CorrelationId @('00000000-0000-4000-8000-000000000001') -Confirm:$false }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeLikeExactly 'RequestNotFound,*'
        Set-CsTenantMigrationConfiguration -UserRetryLimit @(4) -RetryWindow @('02:00:00') -ErrorAction Stop
        (Get-CsTenantMigrationConfiguration).UserRetryLimit | Should -Be 4
        @(Get-CsMeetingMigrationStatus -StartTime @('2026-12-01') -ErrorAction Stop).Count | Should -Be 0
    }

    It '<Command> with a list of two is ParameterArgumentTransformationError naming both values' -ForEach @(
        @{ Command = 'Get-CsOnlineDialInConferencingBridge -Identity @(''0f8fad5b-d9cb-469f-a165-70867728950e'', ''1f8fad5b-d9cb-469f-a165-70867728950e'')'; Shown = "2 values were given ('0f8fad5b-d9cb-469f-a165-70867728950e', '1f8fad5b-d9cb-469f-a165-70867728950e')" }
        @{ Command = 'Get-CsMeetingMigrationStatus -State @(''Pending'', ''Failed'')'; Shown = "2 values were given ('Pending', 'Failed')" }
        @{ Command = 'Stop-CsMeetingMigration -CorrelationId @(''00000000-0000-4000-8000-000000000001'', ''x'') -Confirm:$false'; Shown = "2 values were given ('00000000-0000-4000-8000-000000000001', 'x')" }
        # Outside probe BM-F1: numbers and time spans said "cannot be a Object[]", dates gave the binder's bare refusal.
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit @(3, 4)'; Shown = "2 values were given ('3', '4')" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -RetryWindow @(''01:00:00'', ''02:00:00'')'; Shown = "2 values were given ('01:00:00', '02:00:00')" }
        @{ Command = 'Get-CsMeetingMigrationStatus -StartTime @(''2026-12-01'', ''2026-12-02'')'; Shown = "2 values were given ('2026-12-01', '2026-12-02')" }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { & ([scriptblock]::Create($Command)) }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.Message | Should -BeLikeExactly "*$Shown*"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    # Outside probe BN: odd objects got PowerShell's conversion text, an [ordered]@{} became the nil GUID, a secret's list
    # was refused in words that could have named its values, a list inside a list of numbers and -Instance's list of one.
    It '<Command> is refused in the module''s words: <Says>' -ForEach @(
        @{ Command = 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled @{ a = 1 }'; Says = 'is not a Boolean: give $true or $false' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled ([DBNull]::Value)'; Says = 'The value $null is not a Boolean' }
        @{ Command = 'Get-CsMeetingMigrationStatus -StartTime '''''; Says = "'' is not a date and time" }
        @{ Command = 'Get-CsMeetingMigrationStatus -EndTime @{ a = 1 }'; Says = '(Hashtable) is not a date and time' }
        @{ Command = 'Get-CsOnlineDialInConferencingBridge -Identity ([ordered]@{})'; Says = "is not a bridge's Identity" }
        @{ Command = 'Connect-MeetingMigration -StorePath (Join-Path $TestDrive never.db) -StorePassword @(''p@ss1'', ''p@ss2'')'; Says = 'A list of values was given (not shown: this parameter takes a secret)' }
        # Outside probe BP-F1: an object holding the secret was printed by PowerShell's refusal; BP-F2, BP-F3, BP-F4.
        @{ Command = 'Connect-MeetingMigration -StorePath (Join-Path $TestDrive never.db) -StorePassword ([pscustomobject]@{ password = ''p@ss1'' })'; Says = 'The value is an object of type PSCustomObject, not a SecureString (not shown' }
        @{ Command = 'Connect-MeetingMigration -StorePath (Join-Path $TestDrive never.db) -StorePassword ''p@ss1'''; Says = 'The value is text, not a SecureString' }
        @{ Command = 'Get-CsOnlineDialInConferencingBridge -Identity ([pscustomobject]@{ Name = ''x'' })'; Says = "is not a bridge's Identity" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled 2'; Says = "The value '2' is not a Boolean" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled ([double]::NaN)'; Says = "The value 'NaN' is not a Boolean" }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { & ([scriptblock]::Create($Command)) }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.Message | Should -BeLikeExactly "*$([WildcardPattern]::Escape($Says))*"
        $e.Exception.Message | Should -Not -BeLike '*p@ss*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a list inside a list of numbers is read as its items, and -Instance takes a list of one object' {
        Register-CsOnlineDialInConferencingServiceNumber +14255550100 -BridgeName Main -ErrorAction Stop
        Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type TollFree -ErrorAction Stop
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollFreeNumber @(, @('+18005550100')) -ErrorAction Stop
        Assert-MmSequence (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).TollFreeServiceNumbers @('+18005550100')
        $settings = Get-CsTenantMigrationConfiguration
        $settings.UserRetryLimit = 5
        Set-CsTenantMigrationConfiguration -Instance @($settings) -ErrorAction Stop
        (Get-CsTenantMigrationConfiguration).UserRetryLimit | Should -Be 5
    }

    It 'a list that holds itself is refused, not unwrapped for ever' {
        $self = [object[]]::new(1)
        $self[0] = $self
        $run = Invoke-MmCapture { Set-CsTenantMigrationConfiguration -UserRetryLimit $self }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.Message | Should -BeLikeExactly '*a list nested too deep to read*'
    }
}

Describe 'Bad input is refused with a specific ErrorId, a short inert message and the store unchanged' {
    BeforeAll {
        # Everything the store holds, the conferencing data included.
        function Get-MmFullSnapshot {
            (Get-MmStoreSnapshot) + "`n# bridges`n" + ((Get-CsOnlineDialInConferencingBridge | ConvertTo-MmText) -join "`n") +
                "`n# users`n" + ((Get-CsOnlineDialInConferencingUser | ConvertTo-MmText) -join "`n")
        }
        # A message an admin can read safely: bounded, and no character that could split, forge or reorder it.
        function Assert-MmInertMessage {
            param([System.Management.Automation.ErrorRecord] $ErrorRecord, [int] $MaxLength = 400)
            $message = Get-MmErrorMessage $ErrorRecord
            $message.Length | Should -BeLessOrEqual $MaxLength -Because "the message was: $($message.Substring(0, [Math]::Min(200, $message.Length)))"
            $message | Should -Not -MatchExactly '[\p{Cc}\p{Cf}\u2028\u2029]' -Because 'control, bidi and invisible characters are shown escaped'
            $ErrorRecord.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty -Because 'every error says what to do'
        }
        # A value as hostile as a script can type: a bidi override, CR, LF, NUL, and 100,000 characters.
        $script:Poison = "x$([char]0x202E)y`r`n`0" + ('a' * 100000)
        $script:PoisonLength = $Poison.Length
    }

    BeforeEach {
        # Store-only: a Connect that (wrongly) succeeded with Graph parameters must not make the next test ask Graph.
        Disconnect-MeetingMigration
        $script:StorePath = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        New-CsOnlineDialInConferencingBridge -Name Main 3>$null | Out-Null
        Register-CsOnlineDialInConferencingServiceNumber -Identity +14255550100 -BridgeName Main 3>$null
        Enable-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -ServiceNumber +14255550100 -ConferenceId 4715832 3>$null | Out-Null
        $before = Get-MmFullSnapshot
    }

    It '<Command> with a 100,000-character value holding U+202E, CR, LF and NUL is <ErrorId>, quoting it shortened and escaped' -ForEach @(
        @{ Command = 'Start-CsExMeetingMigration -Identity'; ErrorId = 'InvalidIdentity'; Run = { Start-CsExMeetingMigration -Identity $Poison } }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity'; ErrorId = 'InvalidIdentity'; Run = { Get-CsMeetingMigrationStatus -Identity $Poison } }
        @{ Command = 'Set-MeetingMigrationConferencingProfile -Identity'; ErrorId = 'InvalidIdentity'; Run = { Set-MeetingMigrationConferencingProfile -Identity $Poison -JoinUrl https://meet.contoso.com/a/B } }
        @{ Command = 'Set-CsOnlineDialInConferencingUser -ConferenceId'; ErrorId = 'InvalidConferenceId'; Run = { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -ConferenceId $Poison } }
        @{ Command = 'Register-CsOnlineDialInConferencingServiceNumber -Identity'; ErrorId = 'InvalidPhoneNumber'; Run = { Register-CsOnlineDialInConferencingServiceNumber -Identity $Poison -BridgeName Main } }
        @{ Command = 'Get-CsTenantMigrationConfiguration -Identity'; ErrorId = 'InvalidConfigurationIdentity'; Run = { Get-CsTenantMigrationConfiguration -Identity $Poison } }
        @{ Command = 'Get-CsTenantMigrationConfiguration -Filter'; ErrorId = 'InvalidConfigurationIdentity'; Run = { Get-CsTenantMigrationConfiguration -Filter ('[' + $Poison) } }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress'; ErrorId = 'InvalidSettingValue'; Run = { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress $Poison } }
        @{ Command = 'Connect-MeetingMigration -StorePath'; ErrorId = 'InvalidStorePath'; Run = { Connect-MeetingMigration -StorePath $Poison } }
        @{ Command = 'Connect-MeetingMigration -TenantId (with -AccessToken)'; ErrorId = 'InvalidConnectionParameters'; Run = { Connect-MeetingMigration -AccessToken (ConvertTo-SecureString t -AsPlainText -Force) -GraphEndpoint http://127.0.0.1:9/v1.0 -TenantId $Poison } }
        @{ Command = 'Connect-MeetingMigration -CertificateThumbprint'; ErrorId = 'InvalidConnectionParameters'; Run = { Connect-MeetingMigration -TenantId contoso.onmicrosoft.com -ClientId ([guid]::NewGuid()) -CertificateThumbprint $Poison } }
    ) {
        $run = Invoke-MmCapture $Run
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly "$ErrorId,*"
        Assert-MmInertMessage $e
        Get-MmErrorMessage $e | Should -BeLikeExactly '*characters)*' -Because 'a shortened value gives its length'
        Get-MmErrorMessage $e | Should -BeLikeExactly '*x\u202Ey\r\n\0aaa*' -Because 'the value is shown with its control and bidi characters escaped'
        $run.Output.Count | Should -Be 0
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It 'a certificate thumbprint that is in no store is InvalidConnectionParameters (ObjectNotFound), not a CryptographicException' {
        $run = Invoke-MmCapture { Connect-MeetingMigration -TenantId contoso.onmicrosoft.com -ClientId ([guid]::NewGuid()) -CertificateThumbprint ('AB' * 20) }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConnectionParameters,${ns}ConnectMeetingMigrationCommand"
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $e.TargetObject | Should -BeExactly ('AB' * 20)
        Assert-MmInertMessage $e
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It 'an empty -ClientSecret is InvalidConnectionParameters naming the parameter, not MSAL''s ArgumentNullException' {
        $run = Invoke-MmCapture { Connect-MeetingMigration -TenantId contoso.onmicrosoft.com -ClientId ([guid]::NewGuid()) -ClientSecret ([securestring]::new()) }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConnectionParameters,${ns}ConnectMeetingMigrationCommand"
        Get-MmErrorMessage $e | Should -BeLikeExactly '*-ClientSecret is empty*'
        Assert-MmInertMessage $e
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It 'a NUL in -CertificatePath is InvalidConnectionParameters with the path shown escaped' {
        $run = Invoke-MmCapture { Connect-MeetingMigration -TenantId contoso.onmicrosoft.com -ClientId ([guid]::NewGuid()) -CertificatePath "cert`0.pfx" }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConnectionParameters,${ns}ConnectMeetingMigrationCommand"
        $e.TargetObject | Should -BeExactly "cert$([char]0).pfx"
        Get-MmErrorMessage $e | Should -BeLikeExactly "*'cert\0.pfx'*"
        Assert-MmInertMessage $e
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It '<Command> -Filter ''['' is a non-terminating InvalidConfigurationIdentity, not WildcardPattern''s RuntimeException' -ForEach @(
        @{ Command = 'Get-CsTenantMigrationConfiguration'; Type = 'GetCsTenantMigrationConfigurationCommand' }
        @{ Command = 'Get-CsOnlineDialInConferencingTenantSettings'; Type = 'GetCsOnlineDialInConferencingTenantSettingsCommand' }
    ) {
        $run = Invoke-MmCapture { & $Command -Filter '[' }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConfigurationIdentity,${ns}$Type"
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $e.TargetObject | Should -BeExactly '['
        Assert-MmInertMessage $e
        $run.Output.Count | Should -Be 0
        # A pattern that is readable still filters.
        @(& $Command -Filter 'Glob*').Count | Should -Be 1
        @(& $Command -Filter '[Gg]lobal').Count | Should -Be 1
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It '-StorePath <Name> is a terminating InvalidStorePath, creates nothing and the session keeps its store' -ForEach @(
        @{ Name = 'of blanks'; Path = '   '; Says = '*empty or blank*' }
        @{ Name = 'of a tab'; Path = "`t"; Says = '*empty or blank*' }
        @{ Name = 'naming a folder'; Path = '.'; Says = '*is a folder*' }
        @{ Name = 'ending in a separator'; Path = 'sub/'; Says = '*names no file*' }
        @{ Name = 'of 100,000 characters'; Path = 'a' * 100000; Says = '*at most 4096*' }
        @{ Name = 'with a NUL'; Path = "store`0.db"; Says = '*U+0000*' }
        @{ Name = 'with a right-to-left override'; Path = "store$([char]0x202E)bd.exe"; Says = '*U+202E*' }
    ) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        Push-Location $folder
        try {
            $run = Invoke-MmCapture { Connect-MeetingMigration -StorePath $Path }
            # A path refused once resolved names the file it resolved to ('.' is this folder).
            $resolved = if ($Path.Length -lt 4096 -and $Path -notmatch '[\p{Cc}\p{Cf}]' -and $Path.Trim()) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path) } else { $Path }
        }
        finally { Pop-Location }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidStorePath,${ns}ConnectMeetingMigrationCommand"
        $e.TargetObject | Should -BeIn @($Path, $resolved)
        Get-MmErrorMessage $e | Should -BeLikeExactly $Says
        Assert-MmInertMessage $e
        @(Get-ChildItem -Force -LiteralPath $folder).Count | Should -Be 0 -Because 'nothing is created for a refused path'
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It '-StorePath naming <Name> is a terminating InvalidStorePath and the file keeps its mode and content' -ForEach @(
        @{ Name = 'a text file (../../etc/passwd made /etc/passwd owner-only)'; Kind = 'text'; Says = '*not a SQLite database, so not a MeetingMigration store; nothing was changed*' }
        @{ Name = "another program's SQLite database"; Kind = 'sqlite'; Says = "*without the store's tables (another program's)*" }
    ) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        $file = Join-Path $folder 'existing'
        if ($Kind -eq 'text') { Set-Content -LiteralPath $file -Value 'root:x:0:0:root:/root:/bin/bash' -NoNewline }
        else {
            # A SQLite file of another program: the same bytes as one with a table of its own, made by the store's SQLite.
            $sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | Select-Object -First 1
            $connection = [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @("Data Source=$file;Pooling=False"))
            $connection.Open()
            $command = $connection.CreateCommand(); $command.CommandText = 'CREATE TABLE history (url TEXT)'; [void]$command.ExecuteNonQuery()
            $connection.Dispose()
        }
        if (-not $IsWindows) { [System.IO.File]::SetUnixFileMode($file, [System.IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead') }
        $bytes = [System.IO.File]::ReadAllBytes($file)

        $run = Invoke-MmCapture { Connect-MeetingMigration -StorePath $file }

        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidStorePath,${ns}ConnectMeetingMigrationCommand"
        Get-MmErrorMessage $e | Should -BeLikeExactly $Says
        [System.IO.File]::ReadAllBytes($file) | Should -Be $bytes
        if (-not $IsWindows) { [System.IO.File]::GetUnixFileMode($file) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead') }
        @(Get-ChildItem -Force -LiteralPath $folder).Name | Should -Be @('existing') -Because 'no -wal, -shm or -journal beside it'
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It '-TenantId <Value> given with -AccessToken is InvalidConnectionParameters, as in the other modes' -ForEach @(
        @{ Value = 'not a tenant' }
        @{ Value = 'contoso' }
        @{ Value = 'contoso.com/../x' }
    ) {
        $run = Invoke-MmCapture { Connect-MeetingMigration -AccessToken (ConvertTo-SecureString t -AsPlainText -Force) -GraphEndpoint http://127.0.0.1:9/v1.0 -TenantId $Value }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConnectionParameters,${ns}ConnectMeetingMigrationCommand"
        $e.TargetObject | Should -BeExactly $Value
        Assert-MmInertMessage $e
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It 'a look-alike identity <Name> is InvalidIdentity naming the character, and is not queued' -ForEach @(
        @{ Name = 'with a Cyrillic а'; Value = "$([char]0x430)dmin@contoso.com"; Says = '*U+0430*Cyrillic*' }
        @{ Name = 'with a Greek ο in the domain'; Value = "admin@c$([char]0x3BF)ntoso.com"; Says = '*U+03BF*Greek*' }
        @{ Name = 'with a fullwidth ａ'; Value = "$([char]0xFF41)dmin@contoso.com"; Says = '*U+FF41*' }
        @{ Name = 'with an Arabic-Indic digit'; Value = "admin$([char]0x663)@contoso.com"; Says = '*U+0663*ASCII digits*' }
        @{ Name = 'with a zero-width space'; Value = "ad$([char]0x200B)min@contoso.com"; Says = '*U+200B*' }
    ) {
        $run = Invoke-MmCapture {
            Start-CsExMeetingMigration -Identity $Value
            Set-CsOnlineDialInConferencingUser -Identity $Value -ConferenceId 5550123
        }
        $run.Errors.Count | Should -Be 2
        $run.Errors | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidIdentity,*'
            $_.TargetObject | Should -BeExactly $Value
            Get-MmErrorMessage $_ | Should -BeLikeExactly $Says
            Assert-MmInertMessage $_
        }
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    It '<Name> with digits other than ASCII is <ErrorId>' -ForEach @(
        @{ Name = 'a fullwidth tel: number'; ErrorId = 'InvalidPhoneNumber'; Run = { Register-CsOnlineDialInConferencingServiceNumber -Identity "tel:+$(-join (1,4,2,5,5,5,5,0,1,0,1 | ForEach-Object { [char](0xFF10 + $_) }))" -BridgeName Main } }
        @{ Name = 'an Arabic-Indic service number'; ErrorId = 'InvalidPhoneNumber'; Run = { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -ServiceNumber "+$(-join (1,4,2,5,5,5,5,0,1,0,1 | ForEach-Object { [char](0x660 + $_) }))" } }
        @{ Name = 'an Arabic-Indic conference ID'; ErrorId = 'InvalidConferenceId'; Run = { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -ConferenceId (-join (4,7,1,5,8,3,3 | ForEach-Object { [char](0x660 + $_) })) } }
        @{ Name = 'a fullwidth profile conference ID'; ErrorId = 'InvalidConferenceId'; Run = { Set-MeetingMigrationConferencingProfile -Identity ashaw@contoso.com -JoinUrl https://meet.contoso.com/a/B -ConferenceId (-join (4,7,1,5,8,3,3 | ForEach-Object { [char](0xFF10 + $_) })) } }
    ) {
        $run = Invoke-MmCapture $Run
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly "$ErrorId,*"
        Assert-MmInertMessage $e
        Get-MmFullSnapshot | Should -BeExactly $before
    }
    # Outside probe L: links every attendee gets were taken with line breaks, tabs, direction marks and a password in them,
    # and a blank -BridgeName named no bridge and was silently ignored (Get listed every user).
    It '<Name> is <ErrorId> naming the value, and changes nothing' -ForEach @(
        @{ Name = 'a profile JoinUrl with a line break'; ErrorId = 'InvalidSettingValue'; Value = "https://meet.contoso.com/a/B`r`nFAKE LINE"; Run = { Set-MeetingMigrationConferencingProfile -Identity ashaw@contoso.com -JoinUrl "https://meet.contoso.com/a/B`r`nFAKE LINE" } }
        @{ Name = 'a profile JoinUrl with a password'; ErrorId = 'InvalidSettingValue'; Value = 'https://user:pass@meet.contoso.com/a/B'; Run = { Set-MeetingMigrationConferencingProfile -Identity ashaw@contoso.com -JoinUrl 'https://user:pass@meet.contoso.com/a/B' } }
        @{ Name = 'a profile DialInUrl with a right-to-left override'; ErrorId = 'InvalidSettingValue'; Value = "https://dialin.contoso.com/a$([char]0x202E)b"; Run = { Set-MeetingMigrationConferencingProfile -Identity ashaw@contoso.com -JoinUrl https://meet.contoso.com/a/B -DialInUrl "https://dialin.contoso.com/a$([char]0x202E)b" } }
        @{ Name = 'an empty -BridgeName of Set'; ErrorId = 'BridgeNotFound'; Value = ''; Run = { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -BridgeName '' } }
        @{ Name = 'a blank -BridgeName of Set'; ErrorId = 'BridgeNotFound'; Value = '   '; Run = { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -BridgeName '   ' } }
        @{ Name = 'a blank -BridgeName of Get'; ErrorId = 'BridgeNotFound'; Value = "`t"; Run = { Get-CsOnlineDialInConferencingUser -BridgeName "`t" } }
    ) {
        $run = Invoke-MmCapture $Run
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly "$ErrorId,*"
        $e.Exception.Target | Should -BeExactly $Value
        Assert-MmInertMessage $e
        $run.Output.Count | Should -Be 0
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    # Outside probe BD-F3: these parameters were converted by PowerShell's binder, whose message put the value raw (an
    # ESC sequence retitled or cleared the terminal, U+202E reordered the line, a 1M-character value was shown twice in full).
    It '<Command> -<Parameter> with a 100,000-character value holding U+202E, CR, LF and NUL is refused naming it shortened and escaped' -ForEach @(
        @{ Command = 'Get-CsMeetingMigrationStatus'; Parameter = 'State'; Run = { Get-CsMeetingMigrationStatus -State $Poison } }
        @{ Command = 'Get-CsMeetingMigrationStatus'; Parameter = 'MigrationType'; Run = { Get-CsMeetingMigrationStatus -MigrationType $Poison } }
        @{ Command = 'Get-CsMeetingMigrationDetail'; Parameter = 'Outcome'; Run = { Get-CsMeetingMigrationDetail -Outcome Updated, $Poison } }
        @{ Command = 'Get-CsTenantMigrationConfiguration'; Parameter = 'Tenant'; Run = { Get-CsTenantMigrationConfiguration -Tenant $Poison } }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'Tenant'; Run = { Set-CsOnlineDialInConferencingTenantSettings -Tenant $Poison -EnableNameRecording $false } }
        @{ Command = 'Remove-CsOnlineDialInConferencingTenantSettings'; Parameter = 'Tenant'; Run = { Remove-CsOnlineDialInConferencingTenantSettings -Tenant $Poison -Force } }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'MaskPstnNumbersType'; Run = { Set-CsOnlineDialInConferencingTenantSettings -MaskPstnNumbersType $Poison -Force } }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'AllowFederatedUsersToDialOutToSelf'; Run = { Set-CsOnlineDialInConferencingTenantSettings -AllowFederatedUsersToDialOutToSelf $Poison -Force } }
        @{ Command = 'Set-CsOnlineDialInConferencingUser'; Parameter = 'BridgeId'; Run = { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -BridgeId $Poison -Force } }
        @{ Command = 'Get-CsOnlineDialInConferencingUser'; Parameter = 'BridgeId'; Run = { Get-CsOnlineDialInConferencingUser -BridgeId $Poison } }
        @{ Command = 'Register-CsOnlineDialInConferencingServiceNumber'; Parameter = 'BridgeId'; Run = { Register-CsOnlineDialInConferencingServiceNumber -Identity +14255550199 -BridgeId $Poison } }
        @{ Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber'; Parameter = 'NumberType'; Run = { Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550100 -ToNumber +14255550199 -BridgeName Main -NumberType $Poison } }
        @{ Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber'; Parameter = 'BridgeId'; Run = { Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550100 -ToNumber +14255550199 -BridgeId $Poison } }
    ) {
        $run = Invoke-MmCapture $Run
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.ParameterName | Should -BeExactly $Parameter
        $message = Get-MmErrorMessage $e
        $message.Length | Should -BeLessOrEqual 600
        $message | Should -Not -MatchExactly '[\p{Cc}\p{Cf}\u2028\u2029]'
        $message | Should -BeLikeExactly "*x\u202Ey\r\n\0aaa*($PoisonLength characters)*"
        $message | Should -BeLikeExactly '*: give *' -Because 'the refusal says what to give instead'
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    # Outside probe BD-F2: the cmdlet trimmed "`r`n" to "", which removes the user's own number, and queued a migration.
    It 'Set-CsOnlineDialInConferencingUser -<Parameter> of blanks or a line break (<Label>) is InvalidPhoneNumber; only an empty string removes a number' -ForEach @(
        @{ Parameter = 'ServiceNumber'; Label = 'CR LF'; Value = "`r`n" }
        @{ Parameter = 'ServiceNumber'; Label = 'spaces'; Value = '   ' }
        @{ Parameter = 'TollFreeServiceNumber'; Label = 'tab'; Value = "`t" }
    ) {
        $arguments = @{ $Parameter = $Value }
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com @arguments -Force }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidPhoneNumber,*'
        Get-MmErrorMessage $e | Should -BeLikeExactly "$Parameter '$($Value.Replace("`r", '\r').Replace("`n", '\n').Replace("`t", '\t'))' is not a phone number*"
        Get-MmFullSnapshot | Should -BeExactly $before
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ServiceNumber | Should -BeExactly '+14255550100'
    }

    # Outside probe BD-F5: the sign was read as a separator, and +2147483648 was registered.
    It 'a number with a sign or a separator at an end (<Value>) is InvalidPhoneNumber' -ForEach @(
        @{ Value = '-4255550199' }
        @{ Value = '+-14255550199' }
        @{ Value = '14255550199-' }
        @{ Value = '.14255550199' }
    ) {
        $run = Invoke-MmCapture { Register-CsOnlineDialInConferencingServiceNumber -Identity $Value -BridgeName Main }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidPhoneNumber,*'
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    # Outside probe BD-F6: a blank CSV cell (empty, or spaces) is the default; a tab or a line break is no blank cell.
    It 'Start-CsExMeetingMigration -SourceMeetingType <Label> is refused; spaces are a blank cell, the default' -ForEach @(
        @{ Label = 'CR LF'; Value = "`r`n" }
        @{ Label = 'a tab'; Value = "`t" }
    ) {
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity bob@contoso.com -SourceMeetingType $Value }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        Get-MmErrorMessage $e | Should -BeLikeExactly '*is not a MeetingMigration.SourceMeetingType value: give All, SfB or Teams*'
        Get-MmFullSnapshot | Should -BeExactly $before

        Start-CsExMeetingMigration -Identity bob@contoso.com -SourceMeetingType '   ' 3>$null
        (Get-CsMeetingMigrationStatus -Identity bob@contoso.com).SourceMeetingType | Should -Be ([MeetingMigration.SourceMeetingType]::All)
    }

    # Outside probe BD-F7: PowerShell made the object text, and a bridge was named "System.Collections.Hashtable".
    It '<Command> -<Parameter> given <Label> is refused naming what it was, and nothing is stored' -ForEach @(
        @{ Command = 'New-CsOnlineDialInConferencingBridge'; Parameter = 'Name'; Label = 'a hashtable'; Kind = 'a Hashtable'; Run = { New-CsOnlineDialInConferencingBridge -Name @{ Name = 'x' } } }
        @{ Command = 'New-CsOnlineDialInConferencingBridge'; Parameter = 'Region'; Label = 'a folder'; Kind = 'a DirectoryInfo'; Run = { New-CsOnlineDialInConferencingBridge -Name Other -Region (Get-Item $TestDrive) } }
        @{ Command = 'Set-CsOnlineDialInConferencingBridge'; Parameter = 'NewName'; Label = 'a date'; Kind = 'a DateTime'; Run = { Set-CsOnlineDialInConferencingBridge -Name Main -NewName ([datetime]::MinValue) } }
        @{ Command = 'Register-CsOnlineDialInConferencingServiceNumber'; Parameter = 'City'; Label = 'an object'; Kind = 'an object'; Run = { Register-CsOnlineDialInConferencingServiceNumber -Identity +14255550199 -BridgeName Main -City ([pscustomobject]@{ City = 'Oslo' }) } }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'SendEmailFromDisplayName'; Label = 'an object'; Kind = 'an object'; Run = { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromDisplayName ([pscustomobject]@{ A = 1 }) -Force } }
    ) {
        $run = Invoke-MmCapture $Run
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.ParameterName | Should -BeExactly $Parameter
        Get-MmErrorMessage $e | Should -BeLikeExactly "* is $Kind made text, not a text value: give the text itself*"
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    # Outside probe BD-F12: Copy-MeetingMigrationStore showed PowerShell's bare DriveNotFound, and SQLite's "file is not a
    # database" as StoreUnavailable, where Connect-MeetingMigration says InvalidStorePath with a reason and advice.
    It 'Copy-MeetingMigrationStore -StorePath <Name> is InvalidStorePath as Connect says it, and the file is left as it was' -ForEach @(
        @{ Name = 'on no drive'; Typed = 'javascript:alert(1)'; Says = "The store path 'javascript:alert(1)' cannot be used: it is not a file system path (*); nothing was copied." }
        @{ Name = 'of a file that is no store'; Typed = 'notes.txt'; Says = "The store path '*notes.txt' cannot be used: it is a file that is not a SQLite database, so not a MeetingMigration store; nothing was changed." }
    ) {
        $notes = Join-Path $TestDrive 'notes.txt'
        Set-Content $notes 'root:x:0:0'
        Push-Location $TestDrive
        try { $run = Invoke-MmCapture { Copy-MeetingMigrationStore -StorePath $Typed -DestinationConnectionString 'Host=127.0.0.1;Port=1;Database=x;Username=u;Timeout=2' } }
        finally { Pop-Location }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidStorePath,${ns}CopyMeetingMigrationStoreCommand"
        Get-MmErrorMessage $e | Should -BeLike $Says
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-Content $notes | Should -BeExactly 'root:x:0:0'
    }

    It 'free text still takes text and numbers: a bridge named 2026 in region EMEA' {
        (New-CsOnlineDialInConferencingBridge -Name 2026 -Region EMEA 3>$null).Name | Should -BeExactly '2026'
    }

    # Outside probe BF-F2: the check refused a one-element array for some parameters and not others, and an e-mail
    # address object (as Exchange gives PrimarySmtpAddress), whose text is the address.
    It 'free text takes a one-element array as its element, and an object whose text is what it means (an e-mail address)' {
        (New-CsOnlineDialInConferencingBridge -Name Other -Region @('EMEA') 3>$null).Region | Should -BeExactly 'EMEA'
        Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress ([System.Net.Mail.MailAddress]'conf@contoso.com') -SendEmailFromDisplayName @('Conferencing') -Force 3>$null
        (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromAddress | Should -BeExactly 'conf@contoso.com'
        (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromDisplayName | Should -BeExactly 'Conferencing'
        $run = Invoke-MmCapture { New-CsOnlineDialInConferencingBridge -Name Third -Region @(@{ A = 1 }) }
        Get-MmErrorMessage (Get-MmSingleError $run) | Should -BeLikeExactly "*'System.Collections.Hashtable' is a Hashtable made text*"
    }

    # Outside probe BF-F1: through -Instance (a settings object edited, or a CSV row) the same objects were stored as
    # their type's text, and an object emptied the display name without a word.
    It 'Set-CsOnlineDialInConferencingTenantSettings -Instance whose SendEmailFromDisplayName is <Label> is InvalidSettingValue, and nothing changes' -ForEach @(
        @{ Label = 'an object (a CSV row edited)'; Row = $true; Value = { [pscustomobject]@{ A = 1 } }; Shown = "'@{A=1}', an object made text: give the text itself" }
        @{ Label = 'a hashtable (a CSV row edited)'; Row = $true; Value = { @{ a = 1 } }; Shown = "'System.Collections.Hashtable', a Hashtable made text: give the text itself" }
        @{ Label = 'a date (a CSV row edited)'; Row = $true; Value = { [datetime]::new(2026, 1, 1) }; Shown = "'*', a DateTime made text: give the text itself" }
        @{ Label = 'a hashtable (a Get object edited: its text property made it text)'; Row = $false; Value = { @{ a = 1 } }; Shown = "'System.Collections.Hashtable': that is the text PowerShell makes of a whole object, not a value of it" }
    ) {
        Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromDisplayName 'Contoso Audio' -Force 3>$null
        $before = Get-MmFullSnapshot
        $instance = Get-CsOnlineDialInConferencingTenantSettings
        if ($Row) { $instance = $instance | ConvertTo-Csv | ConvertFrom-Csv }
        $instance.SendEmailFromDisplayName = & $Value
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -Instance $instance -Force }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidSettingValue,*'
        Get-MmErrorMessage $e | Should -BeLike "SendEmailFromDisplayName cannot be $Shown. Nothing was changed."
        Get-MmFullSnapshot | Should -BeExactly $before
        (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromDisplayName | Should -BeExactly 'Contoso Audio'
    }

    # Outside probe BI-F2: the check for an object's text refused names that only look like one.
    It 'a display name that only looks like an object''s text (<Name>) is taken, typed and through -Instance' -ForEach @(
        @{ Name = 'Microsoft.Teams' }, @{ Name = 'System.Audio' }, @{ Name = '@{Contoso}' }
    ) {
        Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromDisplayName $Name -Force 3>$null
        (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromDisplayName | Should -BeExactly $Name
        $instance = Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-Csv | ConvertFrom-Csv
        $instance.SendEmailFromDisplayName = "$Name 2"
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -Instance $instance -Force }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromDisplayName | Should -BeExactly "$Name 2"
    }

    # Outside probe BF-F5: the value was trimmed before the check, which quoted blanks as ''.
    It 'Set-CsOnlineDialInConferencingUser -ConferenceId of blanks is InvalidConferenceId quoting them as typed' {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -ConferenceId '   ' -Force }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidConferenceId,*'
        Get-MmErrorMessage $e | Should -BeLikeExactly "*'   '*"
        Get-MmFullSnapshot | Should -BeExactly $before
    }

    # Outside probe BF-F4: a folder was "There is no store at", where Connect says what it is.
    It 'Copy-MeetingMigrationStore -StorePath of a folder is InvalidStorePath saying it is a folder, as Connect does' {
        $folder = Join-Path $TestDrive 'stores'
        $null = New-Item -ItemType Directory $folder -Force
        $copy = Get-MmSingleError (Invoke-MmCapture { Copy-MeetingMigrationStore -StorePath $folder -DestinationConnectionString 'Host=127.0.0.1;Port=1;Database=x;Username=u;Timeout=2' })
        $connect = Get-MmSingleError (Invoke-MmCapture { Connect-MeetingMigration -StorePath $folder })
        $copy.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidStorePath,*'
        Get-MmErrorMessage $copy | Should -BeExactly (Get-MmErrorMessage $connect)
        Get-MmErrorMessage $copy | Should -BeLikeExactly '*folder*'
    }
}

Describe 'An unreachable Graph endpoint' {
    AfterAll {
        Disconnect-MeetingMigration
    }

    It 'fails Start-CsExMeetingMigration -Wait within seconds as GraphUnreachable naming the endpoint, and queues nothing' {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $endpoint = "http://127.0.0.1:$port/v1.0"
        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'unreachable.db') -GraphEndpoint $endpoint -AccessToken (ConvertTo-SecureString x -AsPlainText -Force)
        $before = Get-MmStoreSnapshot
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity a@contoso.com -Wait }
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15 -Because 'a refused connection is not retried like a busy server'
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "GraphUnreachable,${ns}StartCsExMeetingMigrationCommand"
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
        # The item it stopped is the target (a script's $ErrorVariable tells which rows failed); the endpoint is in the message.
        $e.TargetObject | Should -BeExactly 'a@contoso.com'
        $e.Exception.Target | Should -BeExactly $endpoint
        Get-MmErrorMessage $e | Should -BeLikeExactly "*'$endpoint'*"
        # Until outside probe P the message did not say so, while a busy Graph queues the user unchecked.
        Get-MmErrorMessage $e | Should -BeLikeExactly '*. Nothing was queued for this user by this command; a request of theirs queued before stays as it was.'
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*-GraphEndpoint*'
        Get-MmStoreSnapshot | Should -BeExactly $before
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0

        # Piped users, queued without -Wait (each is looked up in the directory first): one error per user, targeting it.
        $piped = Invoke-MmCapture { 'g1@contoso.com', 'g2@contoso.com' | Start-CsExMeetingMigration }
        Assert-MmSequence ($piped.Errors | ForEach-Object { "$(($_.FullyQualifiedErrorId -split ',')[0]) $($_.TargetObject)" }) @(
            'GraphUnreachable g1@contoso.com', 'GraphUnreachable g2@contoso.com')
        $piped.Errors | ForEach-Object { Get-MmErrorMessage $_ | Should -BeLikeExactly '*. Nothing was queued for this user by this command; a request of theirs queued before stays as it was.' }
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
    }

    # Outside probe BD-F4: each user was a "not checked" warning and the command succeeded ($? true, no error to catch).
    It 'fails Find-CsMeetingMigrationStaleMeeting -All once as GraphUnreachable, and each -Identity as its own error' {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $endpoint = "http://127.0.0.1:$port/v1.0"
        $store = Join-Path $TestDrive 'unreachable-find.db'
        # Queued store-only (the test before left a Graph connection, which a store-only Connect keeps): -All checks them.
        Disconnect-MeetingMigration
        Connect-MeetingMigration -StorePath $store
        'f1@contoso.com', 'f2@contoso.com' | Start-CsExMeetingMigration 3>$null
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 2
        Connect-MeetingMigration -StorePath $store -GraphEndpoint $endpoint -AccessToken (ConvertTo-SecureString x -AsPlainText -Force)

        $all = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting -All 3>&1 }
        $all.Terminated | Should -BeTrue
        (Get-MmSingleError $all).FullyQualifiedErrorId | Should -BeExactly "GraphUnreachable,${ns}FindCsMeetingMigrationStaleMeetingCommand"
        @($all.Output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 0

        $each = Invoke-MmCapture { 'f1@contoso.com', 'f2@contoso.com' | Find-CsMeetingMigrationStaleMeeting 3>&1 }
        Assert-MmSequence ($each.Errors | ForEach-Object { "$(($_.FullyQualifiedErrorId -split ',')[0]) $($_.TargetObject)" }) @(
            'GraphUnreachable f1@contoso.com', 'GraphUnreachable f2@contoso.com')
        @($each.Output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 0
    }
}
