#Requires -Version 7.0
# Set-/Get-MeetingMigrationConferencingProfile: the Skype for Business coordinates Skype meetings are migrated to.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Set-MeetingMigrationConferencingProfile' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'a profile piped in as an exported row (MeetUrl, ServiceNumber...) is saved and read back by SIP address in any case' {
        $set = Invoke-MmCapture {
            [pscustomobject]@{ UserPrincipalName='ashaw@contoso.com'; MeetUrl='https://meet.contoso.com/ashaw/K7L2P9QZ'; ConferenceId='4417123'; ServiceNumber='+1 425 555 0100'; TollFreeNumber=@('+1 800 555 0100'); DialInUrl='https://dialin.contoso.com' } | Set-MeetingMigrationConferencingProfile
        }
        $set.Errors.Count | Should -Be 0 -Because "$($set.Errors -join '; ')"
        $set.Output.Count | Should -Be 0

        # The profile is the organizer's dial-in user: the same object Get-CsOnlineDialInConferencingUser shows, numbers in E.164.
        $profile = Get-MeetingMigrationConferencingProfile sip:ASHAW@contoso.com
        @($profile).Count | Should -Be 1
        $profile.GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.DialInUser'
        $profile.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        $profile.JoinUrl | Should -BeExactly 'https://meet.contoso.com/ashaw/K7L2P9QZ'
        $profile.ConferenceId | Should -BeExactly '4417123'
        $profile.ServiceNumber | Should -BeExactly '+14255550100'
        Assert-MmSequence $profile.TollFreeServiceNumbers @('+18005550100')
        $profile.DialInUrl | Should -BeExactly 'https://dialin.contoso.com'
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com | ConvertTo-MmText) | Should -BeExactly ($profile | ConvertTo-MmText)
        # A first profile is a baseline: nothing is queued for it.
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
    }

    It 'profiles exported from Get-CsOnlineDialInConferencingUser come back: from JSON with their toll-free numbers, from CSV keeping the stored ones with a warning' {
        # Outside probe AR: the plural TollFreeServiceNumbers column was not read at all, silently.
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 4417123 -TollFreeNumber '+1 800 555 0101', '+1 800 555 0102'
        $json = Get-CsOnlineDialInConferencingUser | ConvertTo-Json -Depth 4
        $csv = Join-Path $TestDrive 'profiles.csv'
        Get-CsOnlineDialInConferencingUser | Export-Csv $csv
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollFreeNumber '+1 800 555 0103'

        $run = Invoke-MmCapture { $json | ConvertFrom-Json | Set-MeetingMigrationConferencingProfile }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 0
        Assert-MmSequence (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).TollFreeServiceNumbers @('+18005550101', '+18005550102')

        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollFreeNumber '+1 800 555 0103'
        $run = Invoke-MmCapture { Import-Csv $csv | Set-MeetingMigrationConferencingProfile }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Assert-MmSequence $run.Warnings @('TollFreeNumber (1 row(s)) was left as it is: the file holds its type name, not its values (Export-Csv cannot write lists). Write the numbers separated by semicolons to set them, or export with ConvertTo-Json, which keeps lists.')
        Assert-MmSequence (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).TollFreeServiceNumbers @('+18005550103')
        (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).ConferenceId | Should -BeExactly '4417123'
    }

    It 'a TollFreeNumber cell lists several numbers, separated by semicolons or commas' {
        $set = Invoke-MmCapture {
            [pscustomobject]@{ UserPrincipalName = 'ashaw@contoso.com'; JoinUrl = 'https://meet.contoso.com/ashaw/K7'; TollFreeNumber = '+1 800 555 0100; +1 888 555 0100' },
            [pscustomobject]@{ UserPrincipalName = 'bob@contoso.com'; JoinUrl = 'https://meet.contoso.com/bob/K7'; TollFreeNumber = '+18775550100,+18665550100' } | Set-MeetingMigrationConferencingProfile
        }
        $set.Errors.Count | Should -Be 0 -Because "$($set.Errors -join '; ')"
        Assert-MmSequence (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).TollFreeServiceNumbers @('+18005550100', '+18885550100')
        Assert-MmSequence (Get-MeetingMigrationConferencingProfile bob@contoso.com).TollFreeServiceNumbers @('+18775550100', '+18665550100')
    }

    It 'changing a recorded conference ID queues the organizer as Set-CsOnlineDialInConferencingUser does' {
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 4417123
        $user = Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 4417999 -PassThru
        $user.GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.DialInUser'
        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        $status[0].Trigger | Should -BeExactly 'ConferenceIdChanged'
    }

    It 'a bad value (<Arguments>) is refused as <ErrorId> naming the value, and nothing is saved' -ForEach @(
        @{ Arguments = '-JoinUrl http://meet.contoso.com/ashaw/K7'; Offending = 'http://meet.contoso.com/ashaw/K7'; ErrorId = 'InvalidSettingValue' }
        @{ Arguments = '-JoinUrl https://meet.contoso.com/a -ConferenceId 12ab'; Offending = '12ab'; ErrorId = 'InvalidConferenceId' }
        @{ Arguments = "-JoinUrl https://meet.contoso.com/a -TollNumber 'call me'"; Offending = 'call me'; ErrorId = 'InvalidPhoneNumber' }
        @{ Arguments = '-JoinUrl https://meet.contoso.com/a -DialInUrl not-a-url'; Offending = 'not-a-url'; ErrorId = 'InvalidSettingValue' }
    ) {
        $result = Invoke-MmCapture { Invoke-Expression "Set-MeetingMigrationConferencingProfile ashaw@contoso.com $Arguments" }

        $result.Errors.Count | Should -Be 1 -Because "$($result.Errors -join '; ')"
        $result.Errors[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}SetMeetingMigrationConferencingProfileCommand"
        $result.Errors[0].TargetObject | Should -BeExactly $Offending
        $result.Errors[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-MeetingMigrationConferencingProfile ashaw@contoso.com).Count | Should -Be 0
    }

    # Outside probe AO: the errors named the engine's ServiceNumber, which is no parameter of this cmdlet.
    It 'a bad -<Parameter> is named as the parameter the admin typed' -ForEach @(
        @{ Parameter = 'TollNumber'; Value = 'abc' }, @{ Parameter = 'TollFreeNumber'; Value = '+1 800 55x' }
    ) {
        $arguments = @{ JoinUrl = 'https://meet.contoso.com/a'; $Parameter = $Value }
        $result = Invoke-MmCapture { Set-MeetingMigrationConferencingProfile ashaw@contoso.com @arguments }
        $e = Get-MmSingleError $result
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidPhoneNumber,${ns}SetMeetingMigrationConferencingProfileCommand"
        $e.Exception.Message | Should -BeLikeExactly "$Parameter '$Value'*"
    }

    # Outside probe BH-F2: a blank TollFreeNumber (typed, or a CSV cell left blank) removed every toll-free number and
    # queued a migration; ';' did the same. Blank now leaves the numbers as stored, as a blank -TollNumber does and as the
    # import's empty cell does; separators alone are no phone number.
    It 'a -TollFreeNumber of <Label> <Does>' -ForEach @(
        @{ Label = 'blanks'; Value = '   '; Does = 'leaves the stored numbers and queues nothing'; ErrorId = $null }
        @{ Label = 'an empty string (a CSV cell left blank)'; Value = ''; Does = 'leaves the stored numbers and queues nothing'; ErrorId = $null }
        @{ Label = 'separators alone'; Value = ' ; '; Does = 'is InvalidPhoneNumber and changes nothing'; ErrorId = 'InvalidPhoneNumber' }
        @{ Label = 'a comma'; Value = ','; Does = 'is InvalidPhoneNumber and changes nothing'; ErrorId = 'InvalidPhoneNumber' }
    ) {
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollNumber +14255550100 -TollFreeNumber +18005550100
        $run = Invoke-MmCapture { [pscustomobject]@{ UserPrincipalName = 'ashaw@contoso.com'; JoinUrl = 'https://meet.contoso.com/ashaw/K7'; TollNumber = '  '; TollFreeNumber = $Value } | Set-MeetingMigrationConferencingProfile }
        if ($ErrorId) {
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}SetMeetingMigrationConferencingProfileCommand"
            $e.Exception.Message | Should -BeLikeExactly "TollFreeNumber '$($Value.Trim())'*"
        }
        else {
            $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        }
        $profile = Get-MeetingMigrationConferencingProfile ashaw@contoso.com
        Assert-MmSequence $profile.TollFreeServiceNumbers @('+18005550100')
        $profile.ServiceNumber | Should -BeExactly '+14255550100'
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
    }

    # Outside probe BH-F3: -WhatIf checked the values but not the change, so it previewed what the run then refused.
    It '-WhatIf checks the change as the run does: a conference ID another user holds is ConferenceIdInUse there too' {
        Set-MeetingMigrationConferencingProfile bob@contoso.com -JoinUrl https://meet.contoso.com/bob/K7 -ConferenceId 4417123
        $preview = Invoke-MmCapture { Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 4417123 -WhatIf }
        $run = Invoke-MmCapture { Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 4417123 }
        (Get-MmSingleError $preview).FullyQualifiedErrorId | Should -BeExactly "ConferenceIdInUse,${ns}SetMeetingMigrationConferencingProfileCommand"
        Get-MmErrorMessage (Get-MmSingleError $preview) | Should -BeExactly (Get-MmErrorMessage (Get-MmSingleError $run))
        @(Get-MeetingMigrationConferencingProfile ashaw@contoso.com).Count | Should -Be 0
    }

    # Outside probe BI-F1: -WhatIf checked each piped row against the store as it is, so a swap of conference IDs between
    # two rows (the run does it) was refused, and two rows taking one ID (the run refuses the second) both passed.
    It '-WhatIf of a pipeline checks each row after the ones before it, as the run does' {
        $db = Join-Path $TestDrive 'whatif-pipeline.db'
        $module = (Resolve-Path "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1").Path
        $lines = Invoke-MmPwsh @"
Import-Module '$module'
Connect-MeetingMigration -StorePath '$db'
Set-MeetingMigrationConferencingProfile a@contoso.com -JoinUrl https://meet.contoso.com/a/K7 -ConferenceId 1111111
Set-MeetingMigrationConferencingProfile b@contoso.com -JoinUrl https://meet.contoso.com/b/K7 -ConferenceId 2222222
`$swap = [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; ConferenceId = '3333333' },
    [pscustomobject]@{ UserPrincipalName = 'b@contoso.com'; ConferenceId = '1111111' }
`$clash = [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; ConferenceId = '4444444' },
    [pscustomobject]@{ UserPrincipalName = 'b@contoso.com'; ConferenceId = '4444444' }
foreach (`$rows in @{ swap = `$swap; clash = `$clash }.GetEnumerator() | Sort-Object Name) {
    `$rows.Value | Set-MeetingMigrationConferencingProfile -JoinUrl https://meet.contoso.com/x/K7 -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue
    "`$(`$rows.Name): " + ((`$failed | ForEach-Object { "`$((`$_.FullyQualifiedErrorId -split ',')[0]) `$(`$_.TargetObject)" }) -join '; ')
}
# Set-CsOnlineDialInConferencingUser takes one -ConferenceId for the whole pipeline: the second user cannot have it too.
'a@contoso.com', 'b@contoso.com' | Set-CsOnlineDialInConferencingUser -ConferenceId 5555555 -Force -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue
'set: ' + ((`$failed | ForEach-Object { "`$((`$_.FullyQualifiedErrorId -split ',')[0]) `$(`$_.TargetObject)" }) -join '; ')
# Outside probe BJ-F2: a row's error ending the pipeline (-ErrorAction Stop) left the rows before it, which the run
# applies, without their line.
'stop:'
try {
    [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; ConferenceId = '6666666' },
    [pscustomobject]@{ UserPrincipalName = 'b@contoso.com'; TollNumber = 'abc' } |
        Set-MeetingMigrationConferencingProfile -JoinUrl https://meet.contoso.com/x/K7 -WhatIf -ErrorAction Stop
}
catch { 'stopped: ' + (`$_.FullyQualifiedErrorId -split ',')[0] }
# Outside probe BK-F1: so did a row PowerShell's binder refuses (a UserPrincipalName of two values), which the cmdlet never
# sees, and an upstream command's error: shown on the host as the pipeline ends, a refused row as an error line.
'binder:'
try {
    [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; ConferenceId = '7777777' },
    [pscustomobject]@{ UserPrincipalName = 'b@contoso.com'; ConferenceId = '7777777' },
    [pscustomobject]@{ UserPrincipalName = @('b@contoso.com', 'c@contoso.com') } |
        Set-MeetingMigrationConferencingProfile -JoinUrl https://meet.contoso.com/x/K7 -WhatIf -ErrorAction Stop
}
catch { 'stopped: ' + (`$_.FullyQualifiedErrorId -split ',')[0] }
'upstream:'
try { & { 'a@contoso.com'; throw 'upstream failed' } | Set-CsOnlineDialInConferencingUser -ConferenceId 8888888 -Force -WhatIf }
catch { 'stopped: ' + `$_.Exception.Message }
'ids: ' + ((Get-CsOnlineDialInConferencingUser | ForEach-Object { "`$(`$_.UserPrincipalName)=`$(`$_.ConferenceId)" }) -join ' ')
'queued: ' + @(Get-CsMeetingMigrationStatus).Count
"@
        $text = $lines -join "`n"
        $lines | Should -Contain 'swap: ' -Because $text
        $lines | Should -Contain 'clash: ConferenceIdInUse 4444444' -Because $text
        $lines | Should -Contain 'set: ConferenceIdInUse 5555555' -Because $text
        @($lines | Where-Object { $_ -like 'What if:*' }).Count | Should -Be 7 -Because $text
        $stop = [array]::IndexOf($lines, 'stop:')
        $lines[$stop + 1] | Should -BeLikeExactly 'What if:*on target "a@contoso.com".' -Because $text
        $lines[$stop + 2] | Should -BeExactly 'stopped: InvalidPhoneNumber' -Because $text
        $binder = [array]::IndexOf($lines, 'binder:')
        $upstream = [array]::IndexOf($lines, 'upstream:')
        # The refusal is an error line: stderr, which the pipe does not keep in order with stdout, so its place is not pinned.
        $binderLines = @($lines[($binder + 1)..($upstream - 1)] | Where-Object { $_ -notlike "'b@contoso.com' would be refused*" })
        Assert-MmSequence $binderLines @('What if: Performing the operation "Set Skype for Business conferencing profile (join link https://meet.contoso.com/x/K7)" on target "a@contoso.com".', 'stopped: ParameterArgumentTransformationError')
        @($lines | Where-Object { $_ -like "'b@contoso.com' would be refused (ConferenceIdInUse):*7777777*" }).Count | Should -Be 1 -Because $text
        $lines[$upstream + 1] | Should -BeExactly 'What if: Performing the operation "Set audio conferencing: ConferenceId = 8888888" on target "a@contoso.com".' -Because $text
        $lines[$upstream + 2] | Should -BeExactly 'stopped: upstream failed' -Because $text
        $lines | Should -Contain 'ids: a@contoso.com=1111111 b@contoso.com=2222222'
        $lines | Should -Contain 'queued: 0'
    }

    It '-WhatIf saves nothing' {
        $result = Invoke-MmCapture { Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -WhatIf }
        $result.Errors.Count | Should -Be 0 -Because "$($result.Errors -join '; ')"
        @(Get-MeetingMigrationConferencingProfile ashaw@contoso.com).Count | Should -Be 0

        # The same command without -WhatIf does save.
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7
        (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).JoinUrl | Should -BeExactly 'https://meet.contoso.com/ashaw/K7'
    }

    It 'an object id is refused as InvalidIdentity, because a profile belongs to an address' {
        $result = Invoke-MmCapture { Set-MeetingMigrationConferencingProfile 5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21 -JoinUrl https://meet.contoso.com/a }
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}SetMeetingMigrationConferencingProfileCommand"
        $result.Errors[0].TargetObject | Should -BeExactly '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'
    }

    # Outside probe AM: Get's InvalidIdentity for an object id did not end the command, every other bad -Identity did.
    It 'Get with a bad -Identity ends the command, an object id as any other (InvalidIdentity)' -ForEach @(
        @{ Value = '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21' }, @{ Value = '{5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21}' }, @{ Value = 'a@@b' }
    ) {
        $result = Invoke-MmCapture { Get-MeetingMigrationConferencingProfile $Value }
        $result.Terminated | Should -BeTrue
        $e = Get-MmSingleError $result
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}GetMeetingMigrationConferencingProfileCommand"
        $e.TargetObject | Should -BeExactly $Value
    }

    It 'Get with bad identities piped writes an error for each and goes on with the next' {
        Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K8
        $result = Invoke-MmCapture { '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21', 'a@@b', 'ashaw@contoso.com' | Get-MeetingMigrationConferencingProfile }
        $result.Terminated | Should -BeFalse
        @($result.Errors | ForEach-Object FullyQualifiedErrorId) | Should -Be @("InvalidIdentity,${ns}GetMeetingMigrationConferencingProfileCommand", "InvalidIdentity,${ns}GetMeetingMigrationConferencingProfileCommand")
        @($result.Output).Count | Should -Be 1
        $result.Output[0].JoinUrl | Should -BeExactly 'https://meet.contoso.com/ashaw/K8'
    }
}
