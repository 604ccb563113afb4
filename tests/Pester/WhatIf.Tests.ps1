#Requires -Version 7.0
# -WhatIf and $WhatIfPreference change nothing, for every state-changing cmdlet; without them the same command does.
# The commands run in a runspace of their own (New-MmRunspace): its host has no console, so the dozens of "What if:" lines
# ShouldProcess writes stay off the test run's console. One test runs a command in a separate pwsh to read its "What if:"
# line as an admin sees it.

BeforeDiscovery {
    $script:Commands = @(
        @{ Command = 'Start-CsExMeetingMigration -Identity ashaw@contoso.com' }
        @{ Command = 'Start-CsExMeetingMigration -Identity newuser@contoso.com -TargetMeetingType Teams' }
        @{ Command = "'a@contoso.com','sip:b@contoso.com' | Start-CsExMeetingMigration" }
        @{ Command = "@([pscustomobject]@{UserPrincipalName='a@contoso.com'}) | Start-CsExMeetingMigration -PassThru" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -Identity Global -UserRetryLimit 3' }
        @{ Command = 'Get-CsTenantMigrationConfiguration | ForEach-Object { $_.MeetingMigrationEnabled = $false; $_ } | Set-CsTenantMigrationConfiguration' }
        @{ Command = 'Get-CsTenantMigrationConfiguration | ForEach-Object { $_.UserRetryLimit = 3; $_ } | Set-CsTenantMigrationConfiguration' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength 6 -MaskPstnNumbersType NoMasking' }
        @{ Command = 'Get-CsOnlineDialInConferencingTenantSettings | ForEach-Object { $_.PinLength = 10; $_ } | Set-CsOnlineDialInConferencingTenantSettings' }
        @{ Command = 'Remove-CsOnlineDialInConferencingTenantSettings -Force' }
        @{ Command = 'Stop-CsMeetingMigration -Identity ashaw@contoso.com' }
        @{ Command = 'Get-CsMeetingMigrationStatus -State Pending | Stop-CsMeetingMigration' }
    )
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $session = New-MmRunspace

    # A fresh store in the session, with something in every table, so a merge, an update or a reset would all show.
    function Initialize-Store {
        $path = Join-Path $TestDrive ("store-{0}.db" -f [guid]::NewGuid().ToString('N'))
        $seed = Invoke-MmRunspace $session ('Connect-MeetingMigration -StorePath $path; ' +
            'Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue; ' +
            'Set-CsOnlineDialInConferencingTenantSettings -PinLength 8') @{ path = $path }
        $seed.Errors.Count | Should -Be 0 -Because "seeding the store failed: $($seed.Errors -join '; ')"
    }

    function Get-SessionSnapshot {
        $snapshot = Invoke-MmRunspace $session 'Get-MmStoreSnapshot'
        $snapshot.Errors.Count | Should -Be 0 -Because "$($snapshot.Errors -join '; ')"
        $snapshot.Output -join "`n"
    }
}

AfterAll {
    if ($session) { $session.Dispose() }
    Disconnect-MeetingMigration
}

Describe '<Command>' -ForEach $Commands {
    BeforeEach {
        Initialize-Store
        $before = Get-SessionSnapshot
    }

    It 'with -WhatIf returns nothing, writes no error and changes nothing' {
        $run = Invoke-MmRunspace $session "$Command -WhatIf"
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Output.Count | Should -Be 0
        Get-SessionSnapshot | Should -BeExactly $before
    }

    It 'with $WhatIfPreference = $true returns nothing, writes no error and changes nothing' {
        $run = Invoke-MmRunspace $session "`$WhatIfPreference = `$true`n$Command"
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Output.Count | Should -Be 0
        Get-SessionSnapshot | Should -BeExactly $before
    }

    It 'without -WhatIf changes the store' {
        $run = Invoke-MmRunspace $session "$Command -Confirm:`$false -WarningAction SilentlyContinue"
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Get-SessionSnapshot | Should -Not -BeExactly $before
    }
}

Describe '-WhatIf:$false' {
    BeforeEach { Initialize-Store }

    It 'overrides $WhatIfPreference = $true: the user is queued' {
        $run = Invoke-MmRunspace $session ("`$WhatIfPreference = `$true`n" +
            'Start-CsExMeetingMigration -Identity other@contoso.com -WhatIf:$false -WarningAction SilentlyContinue')
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $found = Invoke-MmRunspace $session 'Get-CsMeetingMigrationStatus -Identity other@contoso.com'
        $found.Output.Count | Should -Be 1
        "$($found.Output[0].State)" | Should -BeExactly 'Pending'
    }
}

Describe '-WhatIf in a pwsh console' {
    It 'Start-CsExMeetingMigration -WhatIf prints one "What if:" line naming the user and the migration, and queues nothing' {
        $path = Join-Path $TestDrive 'console.db'
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
Start-CsExMeetingMigration -Identity ashaw@contoso.com -TargetMeetingType Teams -WhatIf
'count=' + @(Get-CsMeetingMigrationStatus).Count
"@
        $LASTEXITCODE | Should -Be 0
        Assert-MmSequence $lines @(
            'What if: Performing the operation "Queue All meetings for migration (AllToTeams)" on target "ashaw@contoso.com".'
            'count=0'
        )
    }

    # Found by outside probe X: a line for a user with a Pending request said "Queue Teams meetings", and the run widened the
    # Pending SfB request to All instead.
    It 'Start-CsExMeetingMigration -WhatIf for a user with a Pending request names the request it would be merged into and what it would select' {
        $path = Join-Path $TestDrive 'merge-preview.db'
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
`$pending = Start-CsExMeetingMigration -Identity ashaw@contoso.com -SourceMeetingType SfB -PassThru -WarningAction SilentlyContinue
'id=' + `$pending.CorrelationId
Start-CsExMeetingMigration -Identity ashaw@contoso.com -SourceMeetingType Teams -WhatIf
(Get-CsMeetingMigrationStatus | ForEach-Object { "`$(`$_.SourceMeetingType)" }) -join ','
"@
        $LASTEXITCODE | Should -Be 0
        $id = ($lines[0] -replace '^id=', '')
        Assert-MmSequence $lines @(
            "id=$id"
            "What if: Performing the operation ""Queue Teams meetings for migration (ToSameType); merged into the Pending request $id (SfB meetings, ToSameType), which then selects All meetings (ToSameType)"" on target ""ashaw@contoso.com""."
            'SfB'
        )
    }

    # Found by an outside probe of bulk scripting: by CorrelationId (a status record piped in) the line named the GUID alone.
    It 'Stop-CsMeetingMigration -WhatIf on piped status records names each user and what would happen' {
        $path = Join-Path $TestDrive 'console-stop.db'
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
`$id = (Get-CsMeetingMigrationStatus).CorrelationId
Get-CsMeetingMigrationStatus | Stop-CsMeetingMigration -WhatIf
'pending=' + @(Get-CsMeetingMigrationStatus -State Pending).Count
"@
        $LASTEXITCODE | Should -Be 0
        $id = ([regex]::Match(($lines -join "`n"), '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')).Value
        Assert-MmSequence $lines @(
            "What if: Performing the operation ""Remove the Pending request from the queue"" on target ""ashaw@contoso.com ($id)""."
            'pending=1'
        )
    }
}
