#Requires -Version 7.0
# Bulk input through the pipeline (issue 11): Start-CsExMeetingMigration queues streamed users in batches (one store
# transaction per batch, Start's BatchSize is 500) and still answers per input object, in input order: -PassThru output,
# errors for bad lines, -ErrorAction Stop, -WhatIf. Speed is measured by the cmdlet benchmark, never asserted here.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'
    # More than two batches, so the tests cross batch boundaries and see a partial last batch flushed at the end.
    $count = 1234
    $users = 1..$count | ForEach-Object { "bulk$_@contoso.com" }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Start-CsExMeetingMigration with many users in one pipeline' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'an Import-Csv of <count> rows queues every user once, in input order' {
        $csv = Join-Path $TestDrive 'bulk.csv'
        $users | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_; Department = 'Sales' } } | Export-Csv -Path $csv -NoTypeInformation
        $run = Invoke-MmCapture { Import-Csv $csv | Start-CsExMeetingMigration -WarningAction SilentlyContinue }
        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 0 -Because 'without -PassThru Start returns nothing'
        $stored = Get-CsMeetingMigrationStatus
        Assert-MmSequence -Actual $stored.UserPrincipalName -Expected $users
        Assert-MmSequence -Actual ($stored.State | Sort-Object -Unique) -Expected @('Pending')
    }

    It '-PassThru returns one record per input object, in input order, each the stored request' {
        $run = Invoke-MmCapture { $users | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue }
        $run.Errors.Count | Should -Be 0
        Assert-MmSequence -Actual $run.Output.UserPrincipalName -Expected $users
        $stored = Get-CsMeetingMigrationStatus
        Assert-MmSequence -Actual $run.Output.CorrelationId -Expected $stored.CorrelationId
    }

    It 'a user named twice in one batch is merged into one request, and both inputs get that request back' {
        $run = Invoke-MmCapture { 'a@contoso.com', 'b@contoso.com', 'A@CONTOSO.COM' | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue }
        $run.Output.Count | Should -Be 3
        $run.Output[2].CorrelationId | Should -Be $run.Output[0].CorrelationId
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 2
    }

    It 'a status record piped back keeps its meeting types, and CSV columns of those names are used (the retry of failed users)' {
        # Found by an outside probe: the types were not taken from the pipeline, so the retry queued All/Current.
        Start-CsExMeetingMigration sfb@contoso.com -SourceMeetingType SfB -TargetMeetingType Teams -WarningAction SilentlyContinue
        $again = Get-CsMeetingMigrationStatus -Identity sfb@contoso.com | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue
        "$($again.SourceMeetingType)/$($again.TargetMeetingType)/$($again.MigrationType)" | Should -BeExactly 'SfB/Teams/SfbToTeams'

        $row = [pscustomobject]@{ UserPrincipalName = 'csv@contoso.com'; SourceMeetingType = 'Teams'; TargetMeetingType = 'Current' }
        $queued = $row | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue
        "$($queued.SourceMeetingType)/$($queued.TargetMeetingType)" | Should -BeExactly 'Teams/Current'
        # A row without them gets the defaults, not the previous row's values.
        $mixed = @($row, [pscustomobject]@{ UserPrincipalName = 'plain@contoso.com' }) | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue
        "$($mixed[1].SourceMeetingType)/$($mixed[1].TargetMeetingType)" | Should -BeExactly 'All/Current'
    }

    It 'the users.csv Start took (a UserPrincipalName column) binds to Get-CsMeetingMigrationStatus and Get-CsMeetingMigrationDetail too' {
        # Found by an outside probe: Get-status took each row whole, as text, and refused it (InvalidIdentity).
        $csv = Join-Path $TestDrive 'users.csv'
        'csv1@contoso.com', 'csv2@contoso.com' | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_; Department = 'Sales' } } | Export-Csv $csv -NoTypeInformation
        Import-Csv $csv | Start-CsExMeetingMigration -WarningAction SilentlyContinue
        $status = Invoke-MmCapture { Import-Csv $csv | Get-CsMeetingMigrationStatus }
        $status.Errors.Count | Should -Be 0 -Because "$($status.Errors -join '; ')"
        Assert-MmSequence -Actual $status.Output.UserPrincipalName -Expected @('csv1@contoso.com', 'csv2@contoso.com')
        $detail = Invoke-MmCapture { Import-Csv $csv | Get-CsMeetingMigrationDetail }
        $detail.Errors.Count | Should -Be 0 -Because "$($detail.Errors -join '; ')"
    }

    It 'Get-CsMeetingMigrationStatus takes <Extra>, as Microsoft''s module does, and answers as without it' -ForEach @(
        @{ Extra = '-WhatIf' }, @{ Extra = '-Confirm:$false' }, @{ Extra = '-Confirm:$false -SummaryOnly' }
    ) {
        # Found by an outside probe: MOD 2.6.0 declares SupportsShouldProcess, and a script passing -Confirm:$false to every
        # cmdlet stopped here with NamedParameterNotFound.
        Start-CsExMeetingMigration whatif-read@contoso.com -WarningAction SilentlyContinue
        $splat = if ($Extra -like '*SummaryOnly*') { @{ SummaryOnly = $true } } else { @{} }
        $plain = Get-CsMeetingMigrationStatus @splat
        $run = Invoke-MmCapture ([scriptblock]::Create("Get-CsMeetingMigrationStatus $Extra"))
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        ($run.Output | ConvertTo-Json -Depth 2 -Compress) | Should -BeExactly ($plain | ConvertTo-Json -Depth 2 -Compress)
        @($run.Output).Count | Should -BeGreaterThan 0
    }

    It 'a user queued by object id and then by the same object id in braces is one request' {
        $id = '0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f'
        $id, "{$id}" | Start-CsExMeetingMigration -WarningAction SilentlyContinue
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 1
    }

    It 'a user queued by object id in braces or capitals shows the id in its own form until resolved' {
        $id = '7a1c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f'
        $queued = "{$($id.ToUpperInvariant())}" | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue
        "$($queued.UserPrincipalName)/$($queued.UserId)/$($queued.UserObjectId)" | Should -BeExactly "$id/$id/$id"
    }

    It 'bad lines far apart each get their own error, in order with the output, and every good line is queued' {
        $lines = [string[]]$users.Clone()
        $lines[3] = 'bad@@one'
        $lines[700] = 'bad@@two'
        $run = Invoke-MmCapture { $lines | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue 2>&1 | ForEach-Object { $_ } }
        Assert-MmSequence -Actual ($run.Errors | ForEach-Object TargetObject) -Expected @('bad@@one', 'bad@@two')
        $run.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,${ns}StartCsExMeetingMigrationCommand" }
        $good = $lines | Where-Object { $_ -notlike 'bad*' }
        Assert-MmSequence -Actual (Get-CsMeetingMigrationStatus).UserPrincipalName -Expected $good
        Assert-MmSequence -Actual $run.Output.UserPrincipalName -Expected $good
    }

    It 'errors and output come back in input order (the lines before a bad one are answered before its error)' {
        $order = [Collections.Generic.List[string]]::new()
        'a@contoso.com', 'b@contoso.com', 'bad@@line', 'c@contoso.com' |
            Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue -ErrorVariable +failed -ErrorAction SilentlyContinue |
            ForEach-Object { $order.Add($_.UserPrincipalName); $order.Add("errors so far: $($failed.Count)") }
        Assert-MmSequence -Actual $order -Expected @('a@contoso.com', 'errors so far: 0', 'b@contoso.com', 'errors so far: 0', 'c@contoso.com', 'errors so far: 1')
    }

    # Found by outside probe P: records come once their batch is committed, and the first batch was 500 users, so a pilot
    # of one queued 500 and a check that threw on the 10th record left 490 queued unseen. Batches start at one user now.
    It 'a pipeline stopped downstream by Select-Object -First 1 queues only the user it took' {
        $first = @($users | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue | Select-Object -First 1)
        $first.UserPrincipalName | Should -BeExactly $users[0]
        Assert-MmSequence -Actual @(Get-CsMeetingMigrationStatus).UserPrincipalName -Expected @($users[0])
    }

    It 'a later command that throws on the 10th record leaves fewer than 20 users queued, those it saw first' {
        $seen = [Collections.Generic.List[string]]::new()
        { $users | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue | ForEach-Object { $seen.Add($_.UserPrincipalName); if ($seen.Count -eq 10) { throw 'stop here' } } } |
            Should -Throw 'stop here'
        $queued = @(Get-CsMeetingMigrationStatus).UserPrincipalName
        $queued.Count | Should -BeLessThan 20
        Assert-MmSequence -Actual $queued -Expected $users[0..($queued.Count - 1)]
        Assert-MmSequence -Actual $seen -Expected $users[0..9]
    }

    It '-ErrorAction Stop on a bad line after 600 good ones keeps those 600 queued and queues nothing after it' {
        $lines = @($users[0..599]) + 'bad@@line' + @($users[600..699])
        $run = Invoke-MmCapture { $lines | Start-CsExMeetingMigration -ErrorAction Stop -WarningAction SilentlyContinue }
        $run.Terminated | Should -BeTrue
        $run.TerminatingError.TargetObject | Should -BeExactly 'bad@@line'
        Assert-MmSequence -Actual (Get-CsMeetingMigrationStatus).UserPrincipalName -Expected $users[0..599]
    }

    # Found by outside probe V: a line the parameter binder refuses never reaches the cmdlet, so with -ErrorAction Stop the
    # pipeline ended with the open batch not queued: 1,011 of 1,199 good lines before the bad one.
    It '-ErrorAction Stop on a line the binder refuses (<Case>) keeps every line before it queued' -ForEach @(
        @{ Case = 'SourceMeetingType Skype'; Bad = { param($u) [pscustomobject]@{ UserPrincipalName = $u; SourceMeetingType = 'Skype' } } }
        @{ Case = 'an empty Identity'; Bad = { param($u) [pscustomobject]@{ UserPrincipalName = '' } } }
    ) {
        $lines = @($users[0..599] | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_ } }) + (& $Bad 'bad@contoso.com') +
            @($users[600..699] | ForEach-Object { [pscustomobject]@{ UserPrincipalName = $_ } })
        $run = Invoke-MmCapture { $lines | Start-CsExMeetingMigration -ErrorAction Stop -WarningAction SilentlyContinue }
        $run.Terminated | Should -BeTrue
        Assert-MmSequence -Actual ((Get-CsMeetingMigrationStatus).UserPrincipalName | Sort-Object) -Expected ($users[0..599] | Sort-Object)
    }

    # Found by outside probe V: without Graph an object id cannot be matched to the user's address, so one user given both
    # ways had two Pending requests, said nowhere. Said once per command now.
    It 'an object id queued without Graph is warned about once: a user also given by address gets a request of its own' {
        $ids = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', '7a2e3d4c-5b6f-4071-9b8c-0d1e2f3a4b5c'
        $run = Invoke-MmCapture { @('ada@contoso.com') + $ids | Start-CsExMeetingMigration }
        $about = @($run.Warnings | Where-Object { "$_" -like '*is an object id*' })
        $about.Count | Should -Be 1
        "$($about[0])" | Should -BeLike "'$($ids[0])' is an object id, which cannot be matched to a user's address without Microsoft Graph:*gets a request of its own*Connect-MeetingMigration*"
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 3
    }

    It 'with meeting migration turned off every user gets its own MigrationDisabled error and nothing is queued' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false
        $run = Invoke-MmCapture { $users[0..599] | Start-CsExMeetingMigration -WarningAction SilentlyContinue }
        $run.Errors.Count | Should -Be 600
        $run.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly "MigrationDisabled,${ns}StartCsExMeetingMigrationCommand" }
        Assert-MmSequence -Actual ($run.Errors | ForEach-Object TargetObject) -Expected $users[0..599]
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
    }

    It 'with meeting migration turned off -WhatIf says MigrationDisabled for each user, as the real run would, not "Queue"' {
        # Found by an outside probe: -WhatIf said "Performing the operation Queue…" while the real run refused every user.
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false
        $run = Invoke-MmCapture { $users[0..2] | Start-CsExMeetingMigration -WhatIf -WarningAction SilentlyContinue 6>&1 }
        $run.Errors.Count | Should -Be 3
        $run.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly "MigrationDisabled,${ns}StartCsExMeetingMigrationCommand" }
        Assert-MmSequence -Actual ($run.Errors | ForEach-Object TargetObject) -Expected $users[0..2]
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        # In a pwsh console, where ShouldProcess writes its "What if:" line: none, only the refusal.
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$(Join-Path $TestDrive 'whatif-off.db')'
Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled `$false -Confirm:`$false
'$($users[0])' | Start-CsExMeetingMigration -WhatIf -WarningAction SilentlyContinue
"@
        @($lines | Where-Object { $_ -like 'What if:*' }).Count | Should -Be 0 -Because ($lines -join "`n")
        ($lines -join "`n") | Should -BeLike '*Meeting migration is turned off for the tenant*' -Because ($lines -join "`n")
    }

    It '-WhatIf over <count> users queues nothing' {
        # In a runspace without a console host, so the "What if:" lines do not flood the test output.
        $path = Join-Path $TestDrive 'whatif.db'
        $session = New-MmRunspace -StorePath $path
        try {
            $run = Invoke-MmRunspace $session '$users | Start-CsExMeetingMigration -WhatIf -WarningAction SilentlyContinue; @(Get-CsMeetingMigrationStatus).Count' @{ users = $users }
            $run.Errors.Count | Should -Be 0
            $run.Output | Should -Be 0
        }
        finally { $session.Dispose() }
    }

    It '-Verbose says per user whether it was queued or merged' {
        $run = Invoke-MmCapture { 'a@contoso.com', 'a@contoso.com' | Start-CsExMeetingMigration -Verbose -WarningAction SilentlyContinue 4>&1 | ForEach-Object { "$_" } }
        # ShouldProcess adds its own "Performing the operation" verbose lines.
        $run = @{ Output = @($run.Output | Where-Object { $_ -notlike 'Performing the operation*' }) }
        $run.Output.Count | Should -Be 2
        $run.Output[0] | Should -BeLikeExactly 'Queued a@contoso.com as request *'
        $run.Output[1] | Should -BeLikeExactly 'a@contoso.com already had a Pending request*merged*'
    }
}

Describe 'Cmdlet calls wait on completion' {
    BeforeAll { $null = Connect-MmFreshStore }

    It 'engine reports posted from other threads are written before the call returns (Import writes its rows'' errors)' {
        # Import-CsOnlineDialInConferencingUser posts each bad row's error from the engine's thread; all of them must
        # arrive on the pipeline thread before the cmdlet ends, not be lost to the completion wake-up.
        $csv = Join-Path $TestDrive 'dialin.csv'
        "UserPrincipalName,ConferenceId`n" + ((1..50 | ForEach-Object { "u$_@contoso.com,notanumber" }) -join "`n") | Set-Content $csv
        $run = Invoke-MmCapture { Import-CsOnlineDialInConferencingUser -Path $csv -Confirm:$false }
        $run.NonTerminatingErrors.Count | Should -Be 50
    }
}
