#Requires -Version 7.0
# Users' audio conferencing, moves and imports: Get/Set/Enable/Disable-CsOnlineDialInConferencingUser,
# Register-CsMeetingMigrationUserMove, Import-CsOnlineDialInConferencingUser (their contracts are in Contract.Tests.ps1):
# pipeline binding, -WhatIf, bad input, and the migrations their changes
# trigger as the admin sees them in Get-CsMeetingMigrationStatus.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'

    # The store snapshot (requests and settings) plus every user's audio conferencing.
    function Get-MmUserSnapshot {
        (Get-MmStoreSnapshot) + "`n# Get-CsOnlineDialInConferencingUser`n" + ((Get-CsOnlineDialInConferencingUser | ConvertTo-MmText) -join "`n")
    }

    # A user with audio conferencing and nothing queued (a first profile is a baseline).
    function New-MmUser {
        param([string] $Upn, [string] $ConferenceId)
        Set-MeetingMigrationConferencingProfile $Upn -JoinUrl "https://meet.contoso.com/$($Upn.Split('@')[0])/K7" -ConferenceId $ConferenceId -ErrorAction Stop
    }

    function New-MmCsv {
        param([string[]] $Lines)
        $path = Join-Path $TestDrive ("import-{0}.csv" -f [guid]::NewGuid().ToString('N'))
        Set-Content -Path $path -Value $Lines -Encoding utf8
        $path
    }


    function Get-MmTriggerDelay { (Get-CsTenantMigrationConfiguration).TriggerDelay }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Pipeline binding and aliases' {
    BeforeEach {
        $null = Connect-MmFreshStore
        New-MmUser ashaw@contoso.com 1111111
        New-MmUser bob@contoso.com 2222222
    }

    It 'Get takes addresses by value and objects by UserPrincipalName or SipAddress, in any case' {
        $byValue = @('ASHAW@contoso.com', 'sip:bob@contoso.com' | Get-CsOnlineDialInConferencingUser)
        Assert-MmSequence ($byValue | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'bob@contoso.com')
        $byName = @([pscustomobject]@{ UserPrincipalName = 'ashaw@contoso.com' }, [pscustomobject]@{ SipAddress = 'sip:bob@contoso.com' } | Get-CsOnlineDialInConferencingUser)
        Assert-MmSequence ($byName | ForEach-Object ConferenceId) @('1111111', '2222222')
        (Get-CsOnlineDialInConferencingUser -SipAddress sip:bob@contoso.com).ConferenceId | Should -BeExactly '2222222'
        (Get-CsOnlineDialInConferencingUser -UserPrincipalName ashaw@contoso.com).ConferenceId | Should -BeExactly '1111111'
    }

    It 'Get without -Identity lists every user by UPN, as DialInUser objects' {
        $all = @(Get-CsOnlineDialInConferencingUser)
        Assert-MmSequence ($all | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'bob@contoso.com')
        $all[0].GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.DialInUser'
    }

    It 'Get -ResultSize returns at most that many users, for all piped identities together, and warns once that more match' {
        New-MmUser carol@contoso.com 3333333
        $first = @(Get-CsOnlineDialInConferencingUser -ResultSize 2 -WarningVariable warned -WarningAction SilentlyContinue)
        Assert-MmSequence ($first | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'bob@contoso.com')
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -BeLike '*first 2 user(s)*more match*'

        $piped = @('ashaw@contoso.com', 'bob@contoso.com', 'carol@contoso.com' | Get-CsOnlineDialInConferencingUser -ResultSize 1 -WarningVariable again -WarningAction SilentlyContinue)
        Assert-MmSequence ($piped | ForEach-Object UserPrincipalName) @('ashaw@contoso.com')
        $again.Count | Should -Be 1

        @(Get-CsOnlineDialInConferencingUser -ResultSize 3 -WarningVariable none).Count | Should -Be 3
        $none.Count | Should -Be 0
        { Get-CsOnlineDialInConferencingUser -ResultSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,MeetingMigration.PowerShell.Cmdlets.GetCsOnlineDialInConferencingUserCommand'
    }

    It 'Get output names the user Identity as well, as Microsoft''s objects do' {
        (Get-CsOnlineDialInConferencingUser bob@contoso.com).Identity | Should -BeExactly 'bob@contoso.com'
    }

    It 'Get -ServiceNumber selects the users whose own number it is, compared in E.164' {
        Set-CsOnlineDialInConferencingUser bob@contoso.com -ServiceNumber '+1 (425) 555-0100' -WarningAction SilentlyContinue
        $found = @(Get-CsOnlineDialInConferencingUser -ServiceNumber 'tel:14255550100')
        Assert-MmSequence ($found | ForEach-Object UserPrincipalName) @('bob@contoso.com')
        $found[0].ServiceNumber | Should -BeExactly '+14255550100'
        @(Get-CsOnlineDialInConferencingUser -ServiceNumber '+1 425 555 0199').Count | Should -Be 0
    }

    It 'Get output piped to Set binds only the identity: the objects'' own conference IDs are not applied back' {
        $run = Invoke-MmCapture { Get-CsOnlineDialInConferencingUser | Set-CsOnlineDialInConferencingUser -ResetConferenceId -PassThru }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Assert-MmSequence ($run.Output | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'bob@contoso.com')
        $run.Output | ForEach-Object { $_.GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.DialInUser' }
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ConferenceId | Should -Not -BeExactly '1111111'
        (Get-CsOnlineDialInConferencingUser bob@contoso.com).ConferenceId | Should -Not -BeExactly '2222222'
        Assert-MmSequence (Get-CsMeetingMigrationStatus | ForEach-Object UserPrincipalName | Sort-MmOrdinal) @('ashaw@contoso.com', 'bob@contoso.com')
    }

    It 'CSV rows piped to Set with their values in columns change nothing, and one warning says so and names the import' {
        # Outside probe AW-F5: silent (only -Verbose said "no change").
        $before = Get-MmUserSnapshot
        $run = Invoke-MmCapture { "UserPrincipalName,ConferenceId`nashaw@contoso.com,7777777`nbob@contoso.com,8888888" | ConvertFrom-Csv | Set-CsOnlineDialInConferencingUser }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly '2 user(s) piped in were left as they are: no setting was given*Import-CsOnlineDialInConferencingUser <file>.'
        Get-MmUserSnapshot | Should -BeExactly $before

        # With a setting typed, no warning.
        $run = Invoke-MmCapture { 'ashaw@contoso.com' | Set-CsOnlineDialInConferencingUser -AllowPstnOnlyMeetings $true }
        $run.Warnings.Count | Should -Be 0
    }

    It 'Register takes Identity and Target by property name from CSV rows' {
        $rows = @([pscustomobject]@{ UserPrincipalName = 'carol@contoso.com'; Target = 'Teams' }, [pscustomobject]@{ SipAddress = 'sip:dave@contoso.com'; Target = 'SkypeForBusinessOnline' })
        $run = Invoke-MmCapture { $rows | Register-CsMeetingMigrationUserMove -PassThru }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Assert-MmSequence ($run.Output | ForEach-Object { "$($_.UserPrincipalName)=$($_.Home)" }) @('carol@contoso.com=Teams', 'dave@contoso.com=SkypeForBusinessOnline')
    }

    It 'Register: a Target cell that is not a name fails that row, naming the value; the other rows go on' {
        # Mandatory and bound by property name, a cell the binder could not convert was reported as a missing Target.
        $rows = @([pscustomobject]@{ UserPrincipalName = 'carol@contoso.com'; Target = 'Temas' }, [pscustomobject]@{ UserPrincipalName = 'dave@contoso.com'; Target = 'teams' })
        $run = Invoke-MmCapture { $rows | Register-CsMeetingMigrationUserMove -PassThru }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,MeetingMigration.PowerShell.Cmdlets.RegisterCsMeetingMigrationUserMoveCommand'
        # Offered only what a move takes: SkypeForBusinessServer is a MeetingHome, but a move there is refused (outside probe AR).
        $e.Exception.Message | Should -BeLikeExactly "*'Temas' is not a MeetingMigration.MeetingHome value: give SkypeForBusinessOnline or Teams. Nothing was done for this input."
        Assert-MmSequence ($run.Output | ForEach-Object { "$($_.UserPrincipalName)=$($_.Home)" }) @('dave@contoso.com=Teams')
        # A CSV's empty last field is $null: the same error in the module's words, naming what to give.
        $run = Invoke-MmCapture { "UserPrincipalName,Target`nerin@contoso.com," | ConvertFrom-Csv | Register-CsMeetingMigrationUserMove }
        (Get-MmSingleError $run).Exception.Message | Should -BeLikeExactly "*'' is not a MeetingMigration.MeetingHome value: give SkypeForBusinessOnline or Teams.*"
        @(Get-CsOnlineDialInConferencingUser carol@contoso.com -ErrorAction SilentlyContinue | Where-Object Home).Count | Should -Be 0
    }

    It 'Import reads back an Export-Csv of Get: users on a bridge (BridgeId and BridgeName of one bridge), toll-free numbers left as stored with a warning' {
        # Outside probe AR: every row of the module's own export failed (both bridge columns refused; the toll-free column,
        # holding the list's type name, refused as not a phone number).
        $bridge = New-CsOnlineDialInConferencingBridge -Name Main
        '+14255550100' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main
        Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type TollFree
        Enable-CsOnlineDialInConferencingUser carol@contoso.com -ConferenceId 3333333 -WarningAction SilentlyContinue
        Set-CsOnlineDialInConferencingUser carol@contoso.com -TollFreeServiceNumber +18005550100 -WarningAction SilentlyContinue
        $file = Join-Path $TestDrive 'users-export.csv'
        Get-CsOnlineDialInConferencingUser | Export-Csv $file
        Set-CsOnlineDialInConferencingUser carol@contoso.com -ConferenceId 4444444 -WarningAction SilentlyContinue
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 5555555 -WarningAction SilentlyContinue

        $run = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser $file }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Output[0].Failed | Should -Be 0
        (Get-CsOnlineDialInConferencingUser carol@contoso.com).ConferenceId | Should -BeExactly '3333333'
        (Get-CsOnlineDialInConferencingUser carol@contoso.com).BridgeId | Should -Be $bridge.Identity
        Assert-MmSequence (Get-CsOnlineDialInConferencingUser carol@contoso.com).TollFreeServiceNumbers @('+18005550100')
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ConferenceId | Should -BeExactly '1111111'
        # The only warning: the export's UserId and ReleasedConferenceId columns are not reported as unknown (outside probe AS).
        Assert-MmSequence $run.Warnings @('TollFreeServiceNumbers (3 row(s)) was left as it is: the file holds its type name, not its values (Export-Csv cannot write lists). Write the numbers separated by semicolons to import them.')
    }

    It 'Enable takes each row''s ConferenceId, ServiceNumber and TollFreeServiceNumber columns; an empty cell is not given' {
        # Outside probe AR: the cells were dropped without a word, and each user got a random ID and the default number.
        New-CsOnlineDialInConferencingBridge -Name Main | Out-Null
        '+14255550100', '+14255550101' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main
        Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type TollFree
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = 'e1@contoso.com'; ConferenceId = '5550001'; ServiceNumber = '+1 425 555 0101'; TollFreeServiceNumber = '+18005550100' }
            [pscustomobject]@{ UserPrincipalName = 'e2@contoso.com'; ConferenceId = ''; ServiceNumber = ''; TollFreeServiceNumber = '' }
            [pscustomobject]@{ UserPrincipalName = 'e3@contoso.com'; ConferenceId = '12ab'; ServiceNumber = '+1 425 555 0101'; TollFreeServiceNumber = '' }
        )
        $run = Invoke-MmCapture { $rows | Enable-CsOnlineDialInConferencingUser -PassThru -WarningAction SilentlyContinue }
        $run.Terminated | Should -BeFalse
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly 'InvalidConferenceId,MeetingMigration.PowerShell.Cmdlets.EnableCsOnlineDialInConferencingUserCommand'
        Assert-MmSequence ($run.Output | ForEach-Object UserPrincipalName) @('e1@contoso.com', 'e2@contoso.com')
        $run.Output[0].ConferenceId | Should -BeExactly '5550001'
        $run.Output[0].ServiceNumber | Should -BeExactly '+14255550101'
        Assert-MmSequence $run.Output[0].TollFreeServiceNumbers @('+18005550100')
        $run.Output[1].ConferenceId | Should -Match '^\d{7}$'
        $run.Output[1].ServiceNumber | Should -BeNullOrEmpty
        @(Get-CsOnlineDialInConferencingUser e3@contoso.com -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'Import takes a path relative to the current location and returns one summary' {
        $file = New-MmCsv @('UserPrincipalName,ConferenceId', 'carol@contoso.com,3333333')
        Push-Location (Split-Path $file)
        try { $summary = @(Import-CsOnlineDialInConferencingUser ".\$(Split-Path $file -Leaf)") }
        finally { Pop-Location }
        $summary.Count | Should -Be 1
        $summary[0].GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.DialInUserImportSummary'
        $summary[0].Created | Should -Be 1
        (Get-CsOnlineDialInConferencingUser carol@contoso.com).ConferenceId | Should -BeExactly '3333333'
    }
}

Describe '-WhatIf changes nothing; the same command without it does' {
    BeforeAll {
        $session = New-MmRunspace
        $define = Invoke-MmRunspace $session "function global:Get-MmUserSnapshot { $((Get-Command Get-MmUserSnapshot).Definition) }" -GlobalScope
        $define.Errors.Count | Should -Be 0 -Because "$($define.Errors -join '; ')"
    }

    AfterAll {
        $session.Dispose()
    }

    BeforeEach {
        $path = Join-Path $TestDrive ("whatif-{0}.db" -f [guid]::NewGuid().ToString('N'))
        $csv = New-MmCsv @('UserPrincipalName,ConferenceId', 'ashaw@contoso.com,7777777', 'newuser@contoso.com,8888888')
        $seed = Invoke-MmRunspace $session ('Connect-MeetingMigration -StorePath $path; ' +
            'Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 1111111; ' +
            'Start-CsExMeetingMigration -Identity other@contoso.com -WarningAction SilentlyContinue') @{ path = $path }
        $seed.Errors.Count | Should -Be 0 -Because "$($seed.Errors -join '; ')"
        $before = (Invoke-MmRunspace $session 'Get-MmUserSnapshot').Output -join "`n"
    }

    It '<Command>' -ForEach @(
        @{ Command = 'Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ResetConferenceId' }
        @{ Command = 'Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 4715832 -Force' }
        @{ Command = 'Enable-CsOnlineDialInConferencingUser newuser@contoso.com' }
        @{ Command = 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com -Force' }
        @{ Command = 'Register-CsMeetingMigrationUserMove ashaw@contoso.com -Target Teams' }
        @{ Command = 'Import-CsOnlineDialInConferencingUser $csv' }
    ) {
        $whatIf = Invoke-MmRunspace $session "$Command -WhatIf; Get-MmUserSnapshot" @{ csv = $csv }
        $whatIf.Errors.Count | Should -Be 0 -Because "$($whatIf.Errors -join '; ')"
        # Import -WhatIf returns the summary of what it would do; the others return nothing.
        $snapshot = @($whatIf.Output | Where-Object { $_ -is [string] }) -join "`n"
        $snapshot | Should -BeExactly $before
        @($whatIf.Output | Where-Object { $_ -isnot [string] -and $_.GetType().FullName -ne 'MeetingMigration.PowerShell.Output.DialInUserImportSummary' }).Count | Should -Be 0

        $real = Invoke-MmRunspace $session "$Command -Confirm:`$false -WarningAction SilentlyContinue | Out-Null; Get-MmUserSnapshot" @{ csv = $csv }
        $real.Errors.Count | Should -Be 0 -Because "$($real.Errors -join '; ')"
        ($real.Output -join "`n") | Should -Not -BeExactly $before
    }

    It 'Import -WhatIf still checks every row: the same errors as the import, and a summary marked WhatIf' {
        $file = New-MmCsv @('UserPrincipalName,ConferenceId', 'x1@contoso.com,12ab', 'x2@contoso.com,1111111', 'x3@contoso.com,5555555')
        $run = Invoke-MmRunspace $session 'Import-CsOnlineDialInConferencingUser $file -WhatIf' @{ file = $file }
        Assert-MmSequence ($run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId)@$($_.Exception.Row)" }) @(
            "InvalidConferenceId,${ns}ImportCsOnlineDialInConferencingUserCommand@1", "ConferenceIdInUse,${ns}ImportCsOnlineDialInConferencingUserCommand@2")
        $summary = @($run.Output)
        $summary.Count | Should -Be 1
        $summary[0].WhatIf | Should -BeTrue
        $summary[0].Created | Should -Be 1
        $summary[0].Failed | Should -Be 2
        ((Invoke-MmRunspace $session 'Get-MmUserSnapshot').Output -join "`n") | Should -BeExactly $before
    }
}

Describe 'Confirmation in a host that cannot prompt, and progress' {
    BeforeAll {
        $session = New-MmRunspace
    }

    AfterAll {
        $session.Dispose()
    }

    BeforeEach {
        $path = Join-Path $TestDrive ("confirm-{0}.db" -f [guid]::NewGuid().ToString('N'))
        $seed = Invoke-MmRunspace $session ('Connect-MeetingMigration -StorePath $path; ' +
            'Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -ConferenceId 1111111') @{ path = $path }
        $seed.Errors.Count | Should -Be 0 -Because "$($seed.Errors -join '; ')"
    }

    It 'Disable asks its second question unless -Force: without it nothing is disabled, with it the user is' {
        $asked = Invoke-MmRunspace $session 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com -Confirm:$false'
        ($asked.Errors | ForEach-Object FullyQualifiedErrorId) -join ' ' | Should -BeLikeExactly 'ConfirmationRequired,*'
        (Invoke-MmRunspace $session '(Get-CsOnlineDialInConferencingUser ashaw@contoso.com).Enabled').Output | Should -Be $true

        $forced = Invoke-MmRunspace $session 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com -Confirm:$false -Force -PassThru'
        $forced.Errors.Count | Should -Be 0 -Because "$($forced.Errors -join '; ')"
        $forced.Output[0].Enabled | Should -BeFalse
    }

    It 'Set -Force skips the question $ConfirmPreference = ''Medium'' asks; without -Force it is asked and nothing changes' {
        $asked = Invoke-MmRunspace $session '$ConfirmPreference = ''Medium''; Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 4715832'
        ($asked.Errors | ForEach-Object FullyQualifiedErrorId) -join ' ' | Should -BeLikeExactly 'ConfirmationRequired,*'
        $asked.Errors[0].ErrorDetails.RecommendedAction | Should -BeLikeExactly 'Add -Force to run it without asking*'
        (Invoke-MmRunspace $session '(Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ConferenceId').Output | Should -BeExactly '1111111'

        $forced = Invoke-MmRunspace $session '$ConfirmPreference = ''Medium''; Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 4715832 -Force -PassThru'
        $forced.Errors.Count | Should -Be 0 -Because "$($forced.Errors -join '; ')"
        $forced.Output[0].ConferenceId | Should -BeExactly '4715832'
    }

    # Found by outside probe O: a script run with its standard input closed (cron, systemd, a CI step) met PowerShell's
    # console prompt, which failed with "Object reference not set to an instance of an object.".
    It 'a script whose standard input is closed gets ConfirmationRequired naming the remedy from <Command>, and nothing changes' -ForEach @(
        # Outside probe Z: the first question named -Confirm:$false, and a script that added it met the second.
        @{ Command = 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com'; Remedy = 'Add -Force to run it without asking*' }
        @{ Command = 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com -Confirm:$false'; Remedy = 'Add -Force*' }
        # Outside probe AW-F7: with -Force given, the advice was to add it.
        @{ Command = 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com -Force -Confirm'; Remedy = 'Leave out -Confirm: with -Force alone it runs without asking*' }
    ) {
        $script = Join-Path $TestDrive 'closed-stdin.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
try { $Command } catch { "`$(`$_.FullyQualifiedErrorId)|`$(`$_.Exception.Message)|`$(`$_.ErrorDetails.RecommendedAction)" }
"(Enabled `$((Get-CsOnlineDialInConferencingUser ashaw@contoso.com).Enabled))"
"@
        # Not -NonInteractive: the console host prompts and reads its answer from a standard input at its end.
        $start = [Diagnostics.ProcessStartInfo]::new((Get-MmPwshPath))
        foreach ($argument in '-NoProfile', '-File', $script) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $process.StandardInput.Close()
        $stderr = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit(60000) | Should -BeTrue
        # The prompt's last line has no line break, so the caught error follows it on the same line.
        $lines = @($output -split "`r?`n" | Where-Object { $_ -match 'ConfirmationRequired,|^\(Enabled|Object reference' } | ForEach-Object { $_ -replace '^.*(?=ConfirmationRequired,)', '' })
        $lines | Should -HaveCount 2 -Because "$output $($stderr.Result)"
        # (Not $remedy: PowerShell's names ignore case, so that overwrote the expected $Remedy and compared it with itself.)
        $id, $message, $given = $lines[0] -split '\|'
        $id | Should -BeLikeExactly 'ConfirmationRequired,*'
        $message | Should -BeLikeExactly '*This session cannot be asked (its standard input is closed, so no answer can be read); nothing was changed.'
        $given | Should -BeLikeExactly $Remedy
        $lines[1] | Should -BeExactly '(Enabled True)'
    }

    It 'Import writes progress after each batch of 500 rows, then closes it' {
        $file = New-MmCsv (@('UserPrincipalName,ConferenceId') + (1..1200 | ForEach-Object { "user$_@contoso.com,$(2000000 + $_)" }))
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $session
            $null = $ps.AddCommand('Import-CsOnlineDialInConferencingUser').AddParameter('Path', $file)
            $summary = @($ps.Invoke())
            $ps.Streams.Error.Count | Should -Be 0 -Because "$($ps.Streams.Error -join '; ')"
            $progress = @($ps.Streams.Progress | Where-Object ActivityId -EQ 7302)
        }
        finally { $ps.Dispose() }
        $summary[0].Created | Should -Be 1200
        Assert-MmSequence ($progress | ForEach-Object { "$($_.RecordType) $($_.PercentComplete) $($_.StatusDescription)" }) @(
            'Processing 41 500 of 1200 rows, 0 not imported', 'Processing 83 1000 of 1200 rows, 0 not imported', 'Processing 100 1200 of 1200 rows, 0 not imported', 'Completed -1 Done')
    }
}

Describe 'Bad input: a specific ErrorId, the offending value, what to do, and nothing changed' {
    BeforeEach {
        $null = Connect-MmFreshStore
        New-MmUser ashaw@contoso.com 1111111
        New-MmUser holder@contoso.com 7777777
        $before = Get-MmUserSnapshot
    }

    It 'Set-CsOnlineDialInConferencingUser <Arguments> is <ErrorId> on ''<Target>''' -ForEach @(
        @{ Arguments = 'ashaw@contoso.com -ConferenceId 12ab'; ErrorId = 'InvalidConferenceId'; Target = '12ab' }
        @{ Arguments = 'ashaw@contoso.com -ConferenceId 1234567 -ResetConferenceId'; ErrorId = 'ConflictingParameters'; Target = '1234567' }
        @{ Arguments = 'ashaw@contoso.com -BridgeId 0f8fad5b-d9cb-469f-a165-70867728950e -BridgeName Main'; ErrorId = 'ConflictingParameters'; Target = 'Main' }
        @{ Arguments = 'ashaw@contoso.com -ConferenceId 7777777'; ErrorId = 'ConferenceIdInUse'; Target = '7777777' }
        @{ Arguments = "ashaw@contoso.com -ServiceNumber 'call me'"; ErrorId = 'InvalidPhoneNumber'; Target = 'call me' }
        @{ Arguments = "ashaw@contoso.com -TollFreeServiceNumber '+1 800 CALL NOW'"; ErrorId = 'InvalidPhoneNumber'; Target = '+1 800 CALL NOW' }
        @{ Arguments = 'ashaw@contoso.com -BridgeName Nowhere'; ErrorId = 'BridgeNotFound'; Target = 'Nowhere' }
        @{ Arguments = 'ashaw@contoso.com -BridgeId 0f8fad5b-d9cb-469f-a165-70867728950e'; ErrorId = 'BridgeNotFound'; Target = '0f8fad5b-d9cb-469f-a165-70867728950e' }
        @{ Arguments = 'nobody@contoso.com -ResetConferenceId'; ErrorId = 'ConferencingUserNotFound'; Target = 'nobody@contoso.com' }
        @{ Arguments = '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21 -ResetConferenceId'; ErrorId = 'InvalidIdentity'; Target = '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21' }
        @{ Arguments = 'not-an-address -ResetConferenceId'; ErrorId = 'InvalidIdentity'; Target = 'not-an-address' }
    ) {
        $run = Invoke-MmCapture { Invoke-Expression "Set-CsOnlineDialInConferencingUser $Arguments" }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}SetCsOnlineDialInConferencingUserCommand"
        "$($e.TargetObject)" | Should -BeExactly $Target
        Get-MmErrorMessage $e | Should -BeLikeExactly "*$Target*"
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    It 'Set-CsOnlineDialInConferencingUser <Arguments> is <ErrorId> on ''<Target>'', checked before -WhatIf too' -ForEach @(
        # A disabled user has no conference ID (outside probes AY-F3, AZ-F5), and -WhatIf says what the run would refuse.
        @{ Arguments = 'off@contoso.com -ResetConferenceId'; ErrorId = 'InvalidSettingValue'; Target = 'off@contoso.com' }
        @{ Arguments = 'off@contoso.com -ResetConferenceId -WhatIf'; ErrorId = 'InvalidSettingValue'; Target = 'off@contoso.com' }
        @{ Arguments = 'off@contoso.com -ConferenceId 4444444 -WhatIf'; ErrorId = 'InvalidSettingValue'; Target = '4444444' }
        @{ Arguments = 'ashaw@contoso.com -ConferenceId 7777777 -WhatIf'; ErrorId = 'ConferenceIdInUse'; Target = '7777777' }
        # Outside probe BB-F3: a disabled user's own released ID did nothing, silently, while -WhatIf said it would set it.
        @{ Arguments = 'off@contoso.com -ConferenceId 3333333'; ErrorId = 'InvalidSettingValue'; Target = '3333333' }
        @{ Arguments = 'off@contoso.com -ConferenceId 3333333 -WhatIf'; ErrorId = 'InvalidSettingValue'; Target = '3333333' }
        # Outside probe BK-F3: another user's ID was ConferenceIdInUse, "give another one", and a free one was then refused.
        @{ Arguments = 'off@contoso.com -ConferenceId 7777777'; ErrorId = 'InvalidSettingValue'; Target = '7777777' }
        @{ Arguments = 'off@contoso.com -ConferenceId 7777777 -WhatIf'; ErrorId = 'InvalidSettingValue'; Target = '7777777' }
    ) {
        New-MmUser off@contoso.com 3333333
        $null = Disable-CsOnlineDialInConferencingUser off@contoso.com -Force -Confirm:$false -WarningAction SilentlyContinue
        $disabled = Get-MmUserSnapshot
        $run = Invoke-MmCapture { Invoke-Expression "Set-CsOnlineDialInConferencingUser $Arguments" }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}SetCsOnlineDialInConferencingUserCommand"
        "$($e.TargetObject)" | Should -BeExactly $Target
        Get-MmUserSnapshot | Should -BeExactly $disabled
    }

    It 'Set-CsOnlineDialInConferencingUser <Arguments> is ParameterArgumentTransformationError naming <Shown>' -ForEach @(
        # A parameter of one value refused a list of any length with PowerShell's bare "Specified method is not supported"
        # (outside probe BI-F3); an empty list would have been '' (the bridge's default number).
        @{ Arguments = "ashaw@contoso.com -ServiceNumber @('+14255550100', '+14255550101')"; Shown = "2 values were given ('+14255550100', '+14255550101'); this parameter takes one" }
        @{ Arguments = 'ashaw@contoso.com -TollFreeServiceNumber @()'; Shown = 'An empty list is no value' }
        @{ Arguments = "ashaw@contoso.com -ConferenceId @('1', '2', '3', '4') -WhatIf"; Shown = "4 values were given ('1', '2', '3', …)" }
        @{ Arguments = "-Identity @('ashaw@contoso.com', 'holder@contoso.com') -ResetConferenceId"; Shown = 'To act on each of them, pipe them to the command' }
    ) {
        # Not Invoke-Expression: a binding error would name it as the command.
        $run = Invoke-MmCapture { & ([scriptblock]::Create("Set-CsOnlineDialInConferencingUser $Arguments")) }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}SetCsOnlineDialInConferencingUserCommand"
        $e.Exception.Message | Should -BeLikeExactly "*$Shown*"
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    It 'a list of one is its value: a Get object''s toll-free numbers copied to another user, a conference ID, an identity' {
        $null = New-CsOnlineDialInConferencingBridge -Name Main
        Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type TollFree
        Register-CsOnlineDialInConferencingServiceNumber +18005550199 -BridgeName Main -Type TollFree
        foreach ($upn in 'ashaw@contoso.com', 'holder@contoso.com') { Set-CsOnlineDialInConferencingUser $upn -BridgeName Main -WarningAction SilentlyContinue }
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -TollFreeServiceNumber +18005550199 -WarningAction SilentlyContinue
        $source = Get-CsOnlineDialInConferencingUser ashaw@contoso.com
        $source.TollFreeServiceNumbers.Count | Should -Be 1

        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser -Identity @('holder@contoso.com') -TollFreeServiceNumber $source.TollFreeServiceNumbers -ConferenceId @('8888888') -WarningAction SilentlyContinue }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $copy = Get-CsOnlineDialInConferencingUser holder@contoso.com
        Assert-MmSequence $copy.TollFreeServiceNumbers @('+18005550199')
        $copy.ConferenceId | Should -BeExactly '8888888'
    }

    It 'Enable -WhatIf of a conference ID another user holds is the run''s ConferenceIdInUse, and nothing changes' {
        # Outside probe BB-F1: the preview named the ID and the run refused it.
        $run = Invoke-MmCapture { Enable-CsOnlineDialInConferencingUser newuser@contoso.com -ConferenceId 7777777 -WhatIf }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "ConferenceIdInUse,${ns}EnableCsOnlineDialInConferencingUserCommand"
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    It 'a bad user in a pipeline is its own error and the other users are still changed' {
        $run = Invoke-MmCapture { 'ashaw@contoso.com', 'not-an-address', 'holder@contoso.com' | Set-CsOnlineDialInConferencingUser -ResetConferenceId }
        (Get-MmSingleError $run).TargetObject | Should -BeExactly 'not-an-address'
        Assert-MmSequence (Get-CsMeetingMigrationStatus | ForEach-Object UserPrincipalName | Sort-MmOrdinal) @('ashaw@contoso.com', 'holder@contoso.com')
    }

    It 'Get-CsOnlineDialInConferencingUser <Arguments> is the <Kind> error <ErrorId> on ''<Target>''' -ForEach @(
        @{ Arguments = 'nobody@contoso.com'; ErrorId = 'ConferencingUserNotFound'; Target = 'nobody@contoso.com'; Kind = 'non-terminating' }
        @{ Arguments = '-BridgeName Nowhere'; ErrorId = 'BridgeNotFound'; Target = 'Nowhere'; Kind = 'terminating' }
        @{ Arguments = "-ServiceNumber 'call me'"; ErrorId = 'InvalidPhoneNumber'; Target = 'call me'; Kind = 'terminating' }
        @{ Arguments = '-BridgeId 0f8fad5b-d9cb-469f-a165-70867728950e -BridgeName Main'; ErrorId = 'ConflictingParameters'; Target = 'Main'; Kind = 'terminating' }
    ) {
        $run = Invoke-MmCapture { Invoke-Expression "Get-CsOnlineDialInConferencingUser $Arguments" }
        $run.Terminated | Should -Be ($Kind -eq 'terminating')
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}GetCsOnlineDialInConferencingUserCommand"
        "$($e.TargetObject)" | Should -BeExactly $Target
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $run.Output.Count | Should -Be 0
    }

    It '<Command> is <ErrorId> on ''<Target>''' -ForEach @(
        @{ Command = 'Enable-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 12ab'; ErrorId = 'InvalidConferenceId'; Target = '12ab'; Class = 'EnableCsOnlineDialInConferencingUserCommand' }
        @{ Command = 'Enable-CsOnlineDialInConferencingUser newuser@contoso.com -ConferenceId 7777777'; ErrorId = 'ConferenceIdInUse'; Target = '7777777'; Class = 'EnableCsOnlineDialInConferencingUserCommand' }
        @{ Command = 'Disable-CsOnlineDialInConferencingUser nobody@contoso.com -Force -Confirm:$false'; ErrorId = 'ConferencingUserNotFound'; Target = 'nobody@contoso.com'; Class = 'DisableCsOnlineDialInConferencingUserCommand' }
        @{ Command = 'Register-CsMeetingMigrationUserMove ashaw@contoso.com -Target SkypeForBusinessServer'; ErrorId = 'InvalidSettingValue'; Target = 'SkypeForBusinessServer'; Class = 'RegisterCsMeetingMigrationUserMoveCommand' }
        @{ Command = 'Register-CsMeetingMigrationUserMove 5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21 -Target Teams'; ErrorId = 'InvalidIdentity'; Target = '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'; Class = 'RegisterCsMeetingMigrationUserMoveCommand' }
    ) {
        $run = Invoke-MmCapture { Invoke-Expression $Command }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$ns$Class"
        "$($e.TargetObject)" | Should -BeExactly $Target
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    It 'Enable refuses a user on a third-party provider without -ReplaceProvider (ThirdPartyProvider), and takes them over with it' {
        $file = New-MmCsv @('UserPrincipalName,Provider,ProviderName,ConferenceId', 'acp@contoso.com,ThirdParty,Acme,5555555')
        $null = Import-CsOnlineDialInConferencingUser $file
        $before = Get-MmUserSnapshot

        $run = Invoke-MmCapture { Enable-CsOnlineDialInConferencingUser acp@contoso.com }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ThirdPartyProvider,${ns}EnableCsOnlineDialInConferencingUserCommand"
        $e.TargetObject | Should -BeExactly 'acp@contoso.com'
        Get-MmErrorMessage $e | Should -BeLikeExactly '*Acme*'
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*-ReplaceProvider*'
        Get-MmUserSnapshot | Should -BeExactly $before

        $user = Enable-CsOnlineDialInConferencingUser acp@contoso.com -ReplaceProvider -PassThru
        "$($user.Provider)" | Should -BeExactly 'Microsoft'
        (Get-CsMeetingMigrationStatus -Identity acp@contoso.com).Trigger | Should -BeExactly 'ProviderSwitchedToMicrosoft'
    }

    It 'Enable -ReplaceProvider: a piped Get object''s third-party conference ID is not taken and the preview does not name it; a typed one is taken' {
        # Outside probes AS (the piped ID was kept as Microsoft's) and AT (the fix dropped a typed ID, and the preview named the dropped one).
        $file = New-MmCsv @('UserPrincipalName,Provider,ProviderName,ConferenceId', 'acp@contoso.com,ThirdParty,Acme,5555555', 'acq@contoso.com,ThirdParty,Acme,6666666')
        $null = Import-CsOnlineDialInConferencingUser $file

        $run = Invoke-MmCapture { Get-CsOnlineDialInConferencingUser acp@contoso.com | Enable-CsOnlineDialInConferencingUser -ReplaceProvider -PassThru -Verbose -WarningAction SilentlyContinue 4>&1 }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $verbose = @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $user = @($run.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $user.Count | Should -Be 1
        $user[0].ConferenceId | Should -Not -BeExactly '5555555'
        $user[0].ConferenceId | Should -Match '^\d{7}$'
        ($verbose -join "`n") | Should -BeLike '*Enable audio conferencing (Microsoft as the provider)*'
        ($verbose -join "`n") | Should -Not -BeLike '*5555555*'
        (Get-CsMeetingMigrationStatus -Identity acp@contoso.com).Trigger | Should -BeExactly 'ProviderSwitchedToMicrosoft'

        $user = Enable-CsOnlineDialInConferencingUser acq@contoso.com -ReplaceProvider -ConferenceId 6666666 -PassThru -WarningAction SilentlyContinue
        $user.ConferenceId | Should -BeExactly '6666666'
        # Outside probe AT-F5: a given ID added ConferenceIdChanged beside the switch, an assigned one did not.
        (Get-CsMeetingMigrationStatus -Identity acq@contoso.com).Trigger | Should -BeExactly 'ProviderSwitchedToMicrosoft'
    }

    It 'a Get object saved before the switch and piped to Enable later does not give the user the replaced provider''s ID back' {
        # Outside probe AU-F2's theme: nothing remembered which values were the replaced provider's.
        $file = New-MmCsv @('UserPrincipalName,Provider,ProviderName,ConferenceId', 'acr@contoso.com,ThirdParty,Acme,5555577')
        $null = Import-CsOnlineDialInConferencingUser $file
        $saved = Get-CsOnlineDialInConferencingUser acr@contoso.com
        $switched = Enable-CsOnlineDialInConferencingUser acr@contoso.com -ReplaceProvider -PassThru -WarningAction SilentlyContinue

        $run = Invoke-MmCapture { $saved | Enable-CsOnlineDialInConferencingUser -PassThru -WarningAction SilentlyContinue }

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        (Get-CsOnlineDialInConferencingUser acr@contoso.com).ConferenceId | Should -BeExactly $switched.ConferenceId
        "$((Get-CsOnlineDialInConferencingUser acr@contoso.com).ProviderName)" | Should -BeExactly ''
    }

    It 'Enable -ReplaceProvider with a piped Get object and a typed number: the piped third-party ID is still not taken, the typed number is' {
        # Outside probe AU: one typed value made every piped value count as typed.
        New-CsOnlineDialInConferencingBridge -Name Main | Out-Null
        Register-CsOnlineDialInConferencingServiceNumber +14255550100 -BridgeName Main
        $file = New-MmCsv @('UserPrincipalName,Provider,ProviderName,ConferenceId', 'acr@contoso.com,ThirdParty,Acme,8888888')
        $null = Import-CsOnlineDialInConferencingUser $file
        $run = Invoke-MmCapture { Get-CsOnlineDialInConferencingUser acr@contoso.com | Enable-CsOnlineDialInConferencingUser -ReplaceProvider -ServiceNumber '+1 425 555 0100' -PassThru -WarningAction SilentlyContinue }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Output[0].ConferenceId | Should -Not -BeExactly '8888888'
        $run.Output[0].ServiceNumber | Should -BeExactly '+14255550100'
    }

    It 'Import of a missing file is one terminating InvalidImportFile naming it, and nothing changes' {
        $missing = Join-Path $TestDrive 'no-such-file.csv'
        $run = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser $missing }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidImportFile,${ns}ImportCsOnlineDialInConferencingUserCommand"
        $e.TargetObject | Should -BeExactly $missing
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    It 'Import of a path <Name> is InvalidImportFile in the module''s words, without .NET''s (outside probe AM)' -ForEach @(
        @{ Name = 'with NUL'; Path = "ad$([char]0)a.csv"; Reason = 'its path contains the character U+0000, which a file path cannot hold.' }
        @{ Name = 'with U+202E'; Path = "ad$([char]0x202E)vsc.csv"; Reason = 'its path contains the character U+202E, which a file path cannot hold.' }
        @{ Name = 'of 100,000 characters'; Path = ('x' * 100000); Reason = 'its path is 1000?? characters long; a file path has at most 4096.' }
    ) {
        $run = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser $Path }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidImportFile,${ns}ImportCsOnlineDialInConferencingUserCommand"
        $message = Get-MmErrorMessage $e
        $message | Should -BeLike "The file '* cannot be opened: $Reason Nothing was imported."
        $message | Should -Not -BeLikeExactly '*(Parameter*'
        $message.Length | Should -BeLessThan 400
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    # Outside probe BD-F1/F9/F10: a named pipe and /dev/zero were read for ever without a word; a folder was "you may not
    # read it" (run as root); -WhatIf announced the import of a UTF-16 file and only then refused it. Run in a pwsh of its
    # own, stopped after a minute, so a regression fails here instead of hanging the suite.
    It 'Import of a named pipe, a device, a folder, or (with -WhatIf) a UTF-16 file is InvalidImportFile at once, before any What if line' {
        $fifo = Join-Path $TestDrive 'rows.csv'
        & mkfifo $fifo
        $LASTEXITCODE | Should -Be 0
        $utf16 = Join-Path $TestDrive 'utf16.csv'
        [System.IO.File]::WriteAllText($utf16, "UserPrincipalName,ConferenceId`r`ncarol@contoso.com,3333333`r`n", [System.Text.Encoding]::Unicode)
        $folder = Join-Path $TestDrive 'exports.csv'
        $null = New-Item -ItemType Directory $folder
        $module = (Resolve-Path "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1").Path
        $script = Join-Path $TestDrive 'import-special.ps1'
        Set-Content $script @"
Import-Module '$module'
Connect-MeetingMigration -StorePath '$(Join-Path $TestDrive 'special.db')'
foreach (`$path in '$fifo', '/dev/zero', '$folder') {
    try { Import-CsOnlineDialInConferencingUser `$path } catch { "`$(`$_.FullyQualifiedErrorId) `$(`$_.Exception.Message)" }
}
try { Import-CsOnlineDialInConferencingUser '$utf16' -WhatIf } catch { "`$(`$_.FullyQualifiedErrorId) `$(`$_.Exception.Message)" }
"@
        $start = [System.Diagnostics.ProcessStartInfo]::new((Get-MmPwshPath), @('-NoProfile', '-NonInteractive', '-File', $script))
        $start.RedirectStandardOutput = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $reading = $process.StandardOutput.ReadToEndAsync()
        $ended = $process.WaitForExit(60000)
        if (-not $ended) { $process.Kill($true) }
        $ended | Should -BeTrue -Because 'no import may wait for ever on a file that is not one'
        $lines = @($reading.Result -split "`r?`n" | Where-Object { $_ })
        $id = 'InvalidImportFile,MeetingMigration.PowerShell.Cmdlets.ImportCsOnlineDialInConferencingUserCommand'
        Assert-MmSequence $lines @(
            "$id The file '$fifo' cannot be opened: it is a named pipe, not a regular file (the import reads its file twice: to check and count the rows, then to import them). Nothing was imported."
            "$id The file '/dev/zero' cannot be opened: it is a character device, not a regular file (the import reads its file twice: to check and count the rows, then to import them). Nothing was imported."
            "$id The file '$folder' cannot be opened: it is a folder. Nothing was imported."
            "$id The file '$utf16' is not UTF-8 text; nothing was imported."
        )
    }

    It 'Import of a file without a UserPrincipalName column is one terminating InvalidImportFile, and nothing changes' {
        $file = New-MmCsv @('Name,ConferenceId', 'carol@contoso.com,3333333')
        $run = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser $file }
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidImportFile,${ns}ImportCsOnlineDialInConferencingUserCommand"
        Get-MmErrorMessage $e | Should -BeLikeExactly '*UserPrincipalName*'
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-MmUserSnapshot | Should -BeExactly $before
    }

    It 'Import writes one non-terminating error per bad row (ErrorId, row, column, value) and applies the others' {
        $file = New-MmCsv @(
            'UserPrincipalName,ConferenceId,ServiceNumber,Enabled'
            'carol@contoso.com,3333333,,'
            'dave@contoso.com,12ab,,'
            'erin@contoso.com,4444444,call me,'
            'frank@contoso.com,5555555,,perhaps'
            'grace@contoso.com,6666666,"+1 (425) 555-0100",yes')
        $run = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser $file }

        $run.Terminated | Should -BeFalse
        Assert-MmSequence ($run.Errors | ForEach-Object { "$(($_.FullyQualifiedErrorId -split ',')[0]) row $($_.Exception.Row) $($_.Exception.Column) '$($_.TargetObject)'" }) @(
            "InvalidConferenceId row 2 ConferenceId '12ab'", "InvalidPhoneNumber row 3 ServiceNumber 'call me'", "InvalidImportRow row 4 Enabled 'perhaps'")
        $run.Errors | ForEach-Object { $_.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty }
        (Get-MmErrorMessage $run.Errors[0]) | Should -BeLikeExactly 'Row 2 (line 3) was not imported (column ConferenceId)*'
        $summary = @($run.Output)
        $summary.Count | Should -Be 1
        ($summary[0] | Select-Object Rows, Created, Updated, Unchanged, Failed, Queued | ConvertTo-MmText) | Should -BeExactly 'Rows=5; Created=2; Updated=0; Unchanged=0; Failed=3; Queued=0'
        Assert-MmSequence (Get-CsOnlineDialInConferencingUser | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'carol@contoso.com', 'grace@contoso.com', 'holder@contoso.com')
        (Get-CsOnlineDialInConferencingUser grace@contoso.com).ServiceNumber | Should -BeExactly '+14255550100'
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
    }
}

Describe 'Triggers as the admin sees them in Get-CsMeetingMigrationStatus' {
    BeforeEach {
        $null = Connect-MmFreshStore
        New-MmUser ashaw@contoso.com 1111111
    }

    It 'Set -ResetConferenceId queues one Pending ToSameType request, Trigger ConferenceIdReset, due TriggerDelay from now' {
        $delay = Get-MmTriggerDelay
        $from = [datetime]::UtcNow
        $verbose = @(Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ResetConferenceId -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $to = [datetime]::UtcNow

        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        "$($status[0].State)" | Should -BeExactly 'Pending'
        $status[0].Trigger | Should -BeExactly 'ConferenceIdReset'
        "$($status[0].MigrationType)" | Should -BeExactly 'ToSameType'
        $status[0].UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        $due = $status[0].DueTime.ToUniversalTime()
        $due | Should -BeGreaterOrEqual ($from + $delay - [timespan]::FromSeconds(1))
        $due | Should -BeLessOrEqual ($to + $delay + [timespan]::FromSeconds(1))
        # -Verbose tells the same: the trigger, the request and its due time.
        $said = $verbose | Where-Object { $_ -like "*$($status[0].CorrelationId)*" }
        @($said).Count | Should -Be 1
        $said | Should -BeLikeExactly '*ConferenceIdReset*'
        $said | Should -BeLikeExactly "*$($due.ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)) UTC*"
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ConferenceId | Should -Not -BeExactly '1111111'
    }

    It 'Set -AllowTollFreeDialIn $false (Microsoft''s parameter) queues TollFreeDialInChanged and Get shows it; the same value again queues nothing more' {
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).AllowTollFreeDialIn | Should -BeTrue
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -AllowTollFreeDialIn $false
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -AllowTollFreeDialIn $false

        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).AllowTollFreeDialIn | Should -BeFalse
        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        $status[0].Trigger | Should -BeExactly 'TollFreeDialInChanged'
        "$($status[0].MigrationType)" | Should -BeExactly 'ToSameType'
    }

    It 'three changes in a row make one request listing the three triggers, due TriggerDelay after the last' {
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ResetConferenceId
        $first = (Get-CsMeetingMigrationStatus).DueTime
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 4715832
        $from = [datetime]::UtcNow
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ServiceNumber '+1 425 555 0100'

        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        $status[0].Trigger | Should -BeExactly 'ConferenceIdReset, ConferenceIdChanged, ServiceNumberChanged'
        "$($status[0].State)" | Should -BeExactly 'Pending'
        $status[0].DueTime | Should -BeGreaterOrEqual $first
        $status[0].DueTime.ToUniversalTime() | Should -BeGreaterOrEqual ($from + (Get-MmTriggerDelay) - [timespan]::FromSeconds(1))
    }

    It 'a change invitations do not show (AllowPstnOnlyMeetings) queues nothing and says so with -Verbose' {
        $verbose = @(Set-CsOnlineDialInConferencingUser ashaw@contoso.com -AllowPstnOnlyMeetings $true -Verbose 4>&1 | ForEach-Object Message)
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        ($verbose -join "`n") | Should -BeLikeExactly '*no change that queues a meeting migration*none was queued*'
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).AllowPstnOnlyMeetings | Should -BeTrue
    }

    # Found by an outside probe: the warning said the invitations keep the old details, while the user's Pending request,
    # queued before the switch was turned off, reads the change when it runs.
    It 'with AutomaticallyMigrateUserMeetings $false a change for a user with a Pending request says that request will show it' {
        Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 4715832
        $pending = @(Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com)
        $pending.Count | Should -Be 1
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false

        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ResetConferenceId }

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly "*ConferenceIdReset queued no meeting migration of its own (AutomaticallyMigrateUserMeetings is false), but the Pending request $($pending[0].CorrelationId)*reads the new details when it runs*"
        $run.Warnings[0] | Should -Not -BeLikeExactly '*keep the old*'
        Assert-MmSequence (Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com).Trigger @('ConferenceIdChanged')
    }

    It 'with AutomaticallyMigrateUserMeetings $false a conference-ID change queues nothing and warns, while a move to Teams still queues' {
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false

        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ConferenceId 4715832 }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ConferenceId | Should -BeExactly '4715832'
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly '*ConferenceIdChanged*'
        $run.Warnings[0] | Should -BeLikeExactly '*AutomaticallyMigrateUserMeetings*'
        $run.Warnings[0] | Should -BeLikeExactly '*invitations keep the old*'
        $run.Warnings[0] | Should -BeLikeExactly '*Start-CsExMeetingMigration -Identity ashaw@contoso.com*'

        $move = Invoke-MmCapture { Register-CsMeetingMigrationUserMove ashaw@contoso.com -Target Teams }
        $move.Errors.Count | Should -Be 0 -Because "$($move.Errors -join '; ')"
        # Only the conversion's own warning (its Join button): the move's migration is not held back.
        $move.Warnings.Count | Should -Be 1
        $move.Warnings[0] | Should -BeLikeExactly '*Join button*'
        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        "$($status[0].MigrationType)" | Should -BeExactly 'SfbToTeams'
        $status[0].Trigger | Should -BeExactly 'MovedToTeams'
        "$($status[0].State)" | Should -BeExactly 'Pending'
    }

    It 'with MeetingMigrationEnabled $false nothing queues: not a change, not a move, not an import; each warns' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false
        $file = New-MmCsv @('UserPrincipalName,ConferenceId', 'ashaw@contoso.com,5555555')

        $set = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ResetConferenceId }
        $move = Invoke-MmCapture { Register-CsMeetingMigrationUserMove ashaw@contoso.com -Target Teams }
        $import = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser $file }

        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        foreach ($run in $set, $move, $import) {
            $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
            ($run.Warnings -join "`n") | Should -BeLikeExactly '*MeetingMigrationEnabled*-MeetingMigrationEnabled $true*'
        }
        $import.Output[0].NotQueued | Should -Be 1
        Assert-MmSequence $import.Output[0].NotQueuedUsers @('ashaw@contoso.com')
        ($import.Warnings -join "`n") | Should -BeLikeExactly '*1 changed user(s) (ashaw@contoso.com)*'
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).Home | Should -Be 'Teams'
        (Get-CsOnlineDialInConferencingUser ashaw@contoso.com).ConferenceId | Should -BeExactly '5555555'
    }

    It 'Register -Target SkypeForBusinessOnline queues a ToSameType refresh; recording the same home again queues nothing more' {
        Register-CsMeetingMigrationUserMove ashaw@contoso.com -Target SkypeForBusinessOnline
        Register-CsMeetingMigrationUserMove ashaw@contoso.com -Target SkypeForBusinessOnline
        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        $status[0].Trigger | Should -BeExactly 'MovedToSkypeForBusinessOnline'
        "$($status[0].MigrationType)" | Should -BeExactly 'ToSameType'
    }

    It 'Enable of a new user queues AudioConferencingEnabled and gives a conference ID; Disable releases it and adds AudioConferencingDisabled' {
        $enabled = Enable-CsOnlineDialInConferencingUser carol@contoso.com -ServiceNumber '+1 425 555 0100' -PassThru
        $enabled.Enabled | Should -BeTrue
        $enabled.ConferenceId | Should -MatchExactly '^\d{7,}$'
        $enabled.ServiceNumber | Should -BeExactly '+14255550100'
        (Get-CsMeetingMigrationStatus -Identity carol@contoso.com).Trigger | Should -BeExactly 'AudioConferencingEnabled'

        $disabled = Disable-CsOnlineDialInConferencingUser carol@contoso.com -Confirm:$false -Force -PassThru
        $disabled.Enabled | Should -BeFalse
        $disabled.ConferenceId | Should -BeNullOrEmpty
        $status = @(Get-CsMeetingMigrationStatus -Identity carol@contoso.com)
        $status.Count | Should -Be 1
        $status[0].Trigger | Should -BeExactly 'AudioConferencingEnabled, AudioConferencingDisabled'
    }

    It 'Import queues a changed existing user as Set would, and a new user not at all' {
        $file = New-MmCsv @('UserPrincipalName,ConferenceId', 'ashaw@contoso.com,4715832', 'carol@contoso.com,3333333')
        $summary = Import-CsOnlineDialInConferencingUser $file
        ($summary | Select-Object Rows, Created, Updated, Queued | ConvertTo-MmText) | Should -BeExactly 'Rows=2; Created=1; Updated=1; Queued=1'
        $status = @(Get-CsMeetingMigrationStatus)
        $status.Count | Should -Be 1
        $status[0].UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        $status[0].Trigger | Should -BeExactly 'ConferenceIdChanged'
    }
}

# Outside probe BO-F2: a conference ID reset for a user on one of the tenant's (Microsoft's) bridges reached their Skype
# for Business meetings only (Teams meetings show what Microsoft's service gives), and nothing said so.
Describe 'A change of what Teams meetings show, for a user whose audio conferencing is Microsoft''s' {
    BeforeEach {
        $null = Connect-MmFreshStore
        $null = New-CsOnlineDialInConferencingBridge -Name Main
        Register-CsOnlineDialInConferencingServiceNumber +14255550100 -BridgeName Main
        Enable-CsOnlineDialInConferencingUser carol@contoso.com -ConferenceId 3333333 -WarningAction SilentlyContinue
        New-MmUser ashaw@contoso.com 1111111
    }

    It 'warns that Teams meetings follow Microsoft''s record, for a user on a bridge and not for a Skype profile''s user' {
        $onBridge = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser carol@contoso.com -ResetConferenceId }
        $profile = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser ashaw@contoso.com -ResetConferenceId }

        $onBridge.Errors.Count | Should -Be 0
        @($onBridge.Warnings | Where-Object { $_ -like "carol@contoso.com: their audio conferencing is Microsoft's*their Teams meetings only once Microsoft's record shows it too*" }).Count | Should -Be 1
        @($profile.Warnings | Where-Object { $_ -like "*Microsoft's record*" }).Count | Should -Be 0
        @(Get-CsMeetingMigrationStatus -Identity carol@contoso.com).Count | Should -Be 1
    }
}
