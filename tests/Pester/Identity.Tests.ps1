#Requires -Version 7.0
# -Identity as an admin types it (issue 11): tab completion offers the users the store knows (through TabExpansion2, as
# the console asks), and -CorrelationId the store's requests, the Get cmdlets take wildcard patterns as Get- cmdlets do, and a string piped to
# Get-CsMeetingMigrationStatus binds as it does for Start-CsExMeetingMigration.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Tab completion of -Identity' {
    BeforeAll {
        $null = Connect-MmFreshStore
        'ashaw@contoso.com', 'adele@contoso.com', 'bob@fabrikam.com', "o'brien@contoso.com" | Start-CsExMeetingMigration -WarningAction SilentlyContinue
        # A user known only for audio conferencing is known to the store too.
        Enable-CsOnlineDialInConferencingUser -Identity alex@contoso.com -Confirm:$false -WarningAction SilentlyContinue | Out-Null
    }

    It '<Command> -Identity a<Tab> offers the store''s users starting with a, in order, and no file names' -ForEach @(
        @{ Command = 'Get-CsMeetingMigrationStatus' }
        @{ Command = 'Start-CsExMeetingMigration' }
        @{ Command = 'Get-CsOnlineDialInConferencingUser' }
        @{ Command = 'Stop-CsMeetingMigration' }
        @{ Command = 'Undo-CsMeetingMigration' }
        @{ Command = 'Get-CsMeetingMigrationDetail' }
    ) {
        $offered = Get-MmCompletion "$Command -Identity a"
        Assert-MmSequence -Actual $offered.CompletionText -Expected @('adele@contoso.com', 'alex@contoso.com', 'ashaw@contoso.com')
        $offered | ForEach-Object { $_.ResultType | Should -Be ([System.Management.Automation.CompletionResultType]::ParameterValue) }
    }

    It 'the positional identity and the -UserId alias complete too, without regard to case' {
        Assert-MmSequence -Actual (Get-MmCompletion 'Get-CsMeetingMigrationStatus AS').CompletionText -Expected @('ashaw@contoso.com')
        Assert-MmSequence -Actual (Get-MmCompletion 'Get-CsMeetingMigrationStatus -UserId b').CompletionText -Expected @('bob@fabrikam.com')
    }

    It 'a sip: prefix is kept, and an address with an apostrophe is offered quoted' {
        Assert-MmSequence -Actual (Get-MmCompletion 'Get-CsMeetingMigrationStatus -Identity sip:b').CompletionText -Expected @('sip:bob@fabrikam.com')
        Assert-MmSequence -Actual (Get-MmCompletion 'Get-CsMeetingMigrationStatus -Identity o').CompletionText -Expected @("'o''brien@contoso.com'")
    }

    It 'nothing matching offers nothing (not the current folder''s files)' {
        New-Item -ItemType File -Path (Join-Path $TestDrive 'zz-file.txt') -Force | Out-Null
        Push-Location $TestDrive
        try { @(Get-MmCompletion 'Get-CsMeetingMigrationStatus -Identity zz').Count | Should -Be 0 }
        finally { Pop-Location }
    }
}

Describe 'Tab completion of -CorrelationId' {
    BeforeAll {
        $null = Connect-MmFreshStore
        $queued = foreach ($upn in 'ashaw@contoso.com', 'bob@contoso.com', 'carol@contoso.com') {
            Start-CsExMeetingMigration $upn -PassThru -WarningAction SilentlyContinue
            Start-Sleep -Milliseconds 20   # distinct creation times, so "newest first" is one order
        }
    }

    It 'Get-CsMeetingMigrationDetail -CorrelationId <Tab> offers every request, newest first, with its user and state as the tooltip' {
        $offered = @(Get-MmCompletion 'Get-CsMeetingMigrationDetail -CorrelationId ')
        Assert-MmSequence -Actual $offered.CompletionText -Expected @($queued[2], $queued[1], $queued[0] | ForEach-Object { "$($_.CorrelationId)" })
        $offered[0].ToolTip | Should -BeLike 'carol@contoso.com, Pending, created *'
        $offered | ForEach-Object { $_.ResultType | Should -Be ([System.Management.Automation.CompletionResultType]::ParameterValue) }
    }

    It 'the start of an id, in either case, offers the requests whose id starts so' {
        $id = "$($queued[1].CorrelationId)"
        $start = $id.Substring(0, 8).ToUpperInvariant()
        $expected = @($queued | Where-Object { "$($_.CorrelationId)".StartsWith($start, 'OrdinalIgnoreCase') } | Sort-Object CreateDate -Descending | ForEach-Object { "$($_.CorrelationId)" })
        Assert-MmSequence -Actual (Get-MmCompletion "Stop-CsMeetingMigration -CorrelationId $start").CompletionText -Expected $expected
        $expected | Should -Contain $id
    }

    It 'Stop offers what it can take out of the queue (Pending here); Undo only finished requests (none here)' {
        @(Get-MmCompletion 'Stop-CsMeetingMigration -CorrelationId ').Count | Should -Be 3
        @(Get-MmCompletion 'Undo-CsMeetingMigration -CorrelationId ').Count | Should -Be 0
    }
}

Describe 'Wildcards in -Identity' {
    BeforeAll {
        $null = Connect-MmFreshStore
        'ashaw@contoso.com', 'adele@contoso.com', 'bob@fabrikam.com' | Start-CsExMeetingMigration -WarningAction SilentlyContinue
    }

    It 'Get-CsMeetingMigrationStatus <Pattern> returns <Expected>' -ForEach @(
        @{ Pattern = '*@contoso.com'; Expected = @('ashaw@contoso.com', 'adele@contoso.com') }
        @{ Pattern = 'A*'; Expected = @('ashaw@contoso.com', 'adele@contoso.com') }
        @{ Pattern = 'sip:b*'; Expected = @('bob@fabrikam.com') }
        @{ Pattern = '?shaw@contoso.com'; Expected = @('ashaw@contoso.com') }
        @{ Pattern = '[ab]*@*'; Expected = @('ashaw@contoso.com', 'adele@contoso.com', 'bob@fabrikam.com') }
        @{ Pattern = '*'; Expected = @('ashaw@contoso.com', 'adele@contoso.com', 'bob@fabrikam.com') }
    ) {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity $Pattern }
        $run.Errors.Count | Should -Be 0
        Assert-MmSequence -Actual $run.Output.UserPrincipalName -Expected $Expected
    }

    It 'a pattern matching nobody returns nothing and no error, as Get- cmdlets do' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity 'nobody*' }
        $run.Output.Count | Should -Be 0
        $run.Errors.Count | Should -Be 0
    }

    It 'a pattern combines with the other filters and with -SummaryOnly (each user once)' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -TargetMeetingType Teams -WarningAction SilentlyContinue
        Assert-MmSequence -Actual (Get-CsMeetingMigrationStatus '*@contoso.com' -MigrationType AllToTeams).UserPrincipalName -Expected @('ashaw@contoso.com')
        $summary = Get-CsMeetingMigrationStatus '*@contoso.com' -SummaryOnly
        Assert-MmSequence -Actual $summary.State -Expected @('Pending', 'InProgress', 'Failed', 'Succeeded')
        Assert-MmSequence -Actual $summary.UserCount -Expected @(2, 0, 0, 0)
    }

    # Outside probe AO: each piped line gave four rows of its own, which said nothing of the line, and counted a user twice.
    It '-SummaryOnly over piped identities is one summary after the last line, each user once' {
        $run = Invoke-MmCapture { 'ashaw@contoso.com', 'a@@b', 'ashaw@contoso.com', '*@contoso.com' | Get-CsMeetingMigrationStatus -SummaryOnly }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly 'InvalidIdentity,MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationStatusCommand'
        Assert-MmSequence -Actual $run.Output.State -Expected @('Pending', 'InProgress', 'Failed', 'Succeeded')
        Assert-MmSequence -Actual $run.Output.UserCount -Expected (Get-CsMeetingMigrationStatus '*@contoso.com' -SummaryOnly).UserCount -Because 'ashaw is among them, counted once'
    }

    It '-SummaryOnly over an empty pipeline, or over lines none of which is usable, is the summary of no request' -ForEach @(
        @{ Name = 'empty'; Lines = @() }, @{ Name = 'all bad'; Lines = @('a@@b', $null) }
    ) {
        $run = Invoke-MmCapture { $Lines | Get-CsMeetingMigrationStatus -SummaryOnly }
        Assert-MmSequence -Actual $run.Output.State -Expected @('Pending', 'InProgress', 'Failed', 'Succeeded')
        Assert-MmSequence -Actual $run.Output.UserCount -Expected @(0, 0, 0, 0)
    }

    It 'Get-CsOnlineDialInConferencingUser takes a pattern too' {
        $null = Connect-MmFreshStore
        'alex@contoso.com', 'bea@fabrikam.com' | ForEach-Object { Enable-CsOnlineDialInConferencingUser -Identity $_ -Confirm:$false -WarningAction SilentlyContinue | Out-Null }
        Assert-MmSequence -Actual (Get-CsOnlineDialInConferencingUser '*@fabrikam.com').UserPrincipalName -Expected @('bea@fabrikam.com')
        (Invoke-MmCapture { Get-CsOnlineDialInConferencingUser 'zed*' }).Errors.Count | Should -Be 0
    }

    It 'the parameters say so (SupportsWildcards, which Get-Help shows)' {
        foreach ($command in 'Get-CsMeetingMigrationStatus', 'Get-CsOnlineDialInConferencingUser') {
            $attributes = (Get-Command $command -Module MeetingMigration).Parameters['Identity'].Attributes
            @($attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1 -Because $command
        }
    }
}

Describe 'Piping identities into Get-CsMeetingMigrationStatus' {
    BeforeAll {
        $null = Connect-MmFreshStore
        'ashaw@contoso.com', 'bob@contoso.com', 'carol@contoso.com' | Start-CsExMeetingMigration -WarningAction SilentlyContinue
    }

    It 'strings bind by value, one lookup each, in input order' {
        Assert-MmSequence -Actual ('carol@contoso.com', 'ashaw@contoso.com' | Get-CsMeetingMigrationStatus).UserPrincipalName -Expected @('carol@contoso.com', 'ashaw@contoso.com')
    }

    It 'Import-Csv rows bind by property name (UserId)' {
        $csv = Join-Path $TestDrive 'ids.csv'
        "UserId`nbob@contoso.com" | Set-Content $csv
        Assert-MmSequence -Actual (Import-Csv $csv | Get-CsMeetingMigrationStatus).UserPrincipalName -Expected @('bob@contoso.com')
    }

    It 'status records piped back select their own user (Get | Where | Get)' {
        $records = Get-CsMeetingMigrationStatus | Where-Object UserPrincipalName -like 'b*' | Get-CsMeetingMigrationStatus
        Assert-MmSequence -Actual $records.UserPrincipalName -Expected @('bob@contoso.com')
    }

    It 'a bad piped string is a non-terminating InvalidIdentity for that string, and the next one is still looked up' {
        $run = Invoke-MmCapture { 'a@@b', 'bob@contoso.com' | Get-CsMeetingMigrationStatus }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly 'InvalidIdentity,MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationStatusCommand'
        $e.TargetObject | Should -BeExactly 'a@@b'
        Assert-MmSequence -Actual $run.Output.UserPrincipalName -Expected @('bob@contoso.com')
    }

    # Outside probe AO: a piped $null (a row without the property) listed every request, and a Stop- after it stopped them all.
    It 'a piped $null is an error for that line, not every user''s requests' {
        $run = Invoke-MmCapture { 'bob@contoso.com', $null | Get-CsMeetingMigrationStatus }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly 'InvalidIdentity,MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationStatusCommand'
        Assert-MmSequence -Actual $run.Output.UserPrincipalName -Expected @('bob@contoso.com')
    }

    It 'a bad -Identity argument (not piped) is still a terminating error' {
        (Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity 'a@@b' }).Terminated | Should -BeTrue
    }

    # Outside probe AN: a piped line that read as an unusable pattern ended the pipeline; the users after it were never looked up.
    It 'a piped pattern that cannot be used (<Name>) is an error for that line, and the next one is still looked up' -ForEach @(
        @{ Name = 'an unclosed ['; Value = 'a[@contoso.com'; Said = "it is not a valid wildcard pattern (a '[' opens a set of characters that ']' must close" }
        @{ Name = 'ESC and ]'; Value = "bad$([char]27)]0;t$([char]7)*"; Said = 'it holds control, bidi or invisible characters' }
    ) {
        $run = Invoke-MmCapture { $Value, 'bob@contoso.com' | Get-CsMeetingMigrationStatus }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly 'InvalidIdentity,MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationStatusCommand'
        $e.TargetObject | Should -BeExactly $Value
        $e.Exception.Message | Should -Match ("^The -Identity pattern '.*' cannot be used: " + [regex]::Escape($Said))
        Assert-MmSequence -Actual $run.Output.UserPrincipalName -Expected @('bob@contoso.com')
        (Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity $Value }).Terminated | Should -BeTrue -Because 'given as an argument it ends the command'
    }

    It 'the turned-off warning is written once for the whole pipeline' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false
        try {
            $run = Invoke-MmCapture { 'ashaw@contoso.com', 'bob@contoso.com' | Get-CsMeetingMigrationStatus }
            $run.Warnings.Count | Should -Be 1
            $run.Warnings[0] | Should -BeLikeExactly '*turned off*2 Pending request(s)*'
        }
        finally { Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true }
    }

    # Found by outside probe S: -SummaryOnly, README's first status command, said nothing while the table warned.
    It 'the turned-off warning is written by -SummaryOnly too, counting the users waiting' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false
        try {
            $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -SummaryOnly }
            $pending = @($run.Output | Where-Object { "$($_.State)" -eq 'Pending' })
            $pending.Count | Should -Be 1 -Because 'the users queued above are Pending'
            $run.Warnings.Count | Should -Be 1
            $run.Warnings[0] | Should -BeLikeExactly "*turned off*$($pending[0].UserCount) Pending request(s)*"
        }
        finally { Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true }
    }
}
