#Requires -Version 7.0
# Get-CsMeetingMigrationDetail as an admin uses it, after a real migration against the sandbox run as its own process:
# one row per meeting with its blocks, outcome and Graph request-id; pipeline binding from status records; Export-Csv;
# bad input with stable ErrorIds. Its parameters are in Contract.Tests.ps1, its help in Help.Tests.ps1.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Import-Module $SandboxModule -Force
    $ns = 'MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationDetailCommand'

    $sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 20 -Seed 4 -Configuration $BuildConfiguration
    $upn = (Import-Csv $sandbox.UsersFile)[0].UserPrincipalName
    $path = Connect-MmFreshStore
    try {
        Connect-MeetingMigration -StorePath $path -GraphEndpoint $sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'test-token' -AsPlainText -Force)
        $status = Start-CsExMeetingMigration -Identity $upn -SourceMeetingType Teams -Wait -ProgressAction SilentlyContinue -ErrorAction Stop
    }
    finally {
        Disconnect-MeetingMigration
        Stop-MmSandbox $sandbox
        Connect-MeetingMigration -StorePath $path
    }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Get-CsMeetingMigrationDetail after a migration' {
    It 'lists one Updated row per updated meeting, each with its blocks summarised and the request-id of Graph''s answer' {
        $status.InvitesUpdate | Should -BeGreaterThan 0 -Because 'the seeded mailbox has Teams meetings to refresh'
        $updated = @(Get-CsMeetingMigrationDetail -Identity $upn -Outcome Updated)
        $updated.Count | Should -Be $status.InvitesUpdate
        # Event ids are case-sensitive: two may differ only in case.
        @($updated.EventId | Sort-Object -CaseSensitive -Unique).Count | Should -Be $updated.Count
        foreach ($row in $updated) {
            $row.CorrelationId | Should -Be $status.CorrelationId
            $row.UserPrincipalName | Should -BeExactly $upn.ToLowerInvariant()
            $row.MeetingType | Should -Be ([MeetingMigration.MeetingKind]::Teams)
            $row.MeetingType | Should -BeOfType [MeetingMigration.MeetingKind]
            $row.Outcome | Should -BeOfType [MeetingMigration.MeetingOutcome]
            $row.Outcome | Should -Be ([MeetingMigration.MeetingOutcome]::Updated)
            $row.GraphRequestId | Should -Match '^\S+$'
            $row.OldBlock | Should -BeLikeExactly 'Teams; join *'
            $row.NewBlock | Should -BeLikeExactly 'Teams; join *'
            $row.Subject | Should -Not -BeNullOrEmpty
            $row.Start | Should -BeOfType [datetimeoffset]
            $row.Time | Should -BeOfType [datetimeoffset]
            $row.OldBlockText | Should -BeNullOrEmpty -Because 'the full text comes with -IncludeBlockText only'
        }
        @($updated.GraphRequestId | Sort-Object -Unique).Count | Should -Be $updated.Count -Because 'each write has its own request-id'
    }

    It '-Outcome takes the enum as well as its name, and Outcome compares with either' {
        $byEnum = @(Get-CsMeetingMigrationDetail -Identity $upn -Outcome ([MeetingMigration.MeetingOutcome]::Updated))
        $byEnum.Count | Should -Be $status.InvitesUpdate
        @(Get-CsMeetingMigrationDetail -Identity $upn | Where-Object Outcome -EQ ([MeetingMigration.MeetingOutcome]::Updated)).Count | Should -Be $status.InvitesUpdate
        @(Get-CsMeetingMigrationDetail -Identity $upn | Where-Object Outcome -EQ 'Updated').Count | Should -Be $status.InvitesUpdate
        $status.State | Should -Be ([MeetingMigration.MigrationState]::Succeeded)
    }

    It 'shows no Attempting row once the write''s answer is journaled' {
        @(Get-CsMeetingMigrationDetail -Identity $upn -Outcome Attempting).Count | Should -Be 0
    }

    It '-IncludeBlockText adds the full blocks, which differ' {
        $row = Get-CsMeetingMigrationDetail -Identity $upn -Outcome Updated -IncludeBlockText | Select-Object -First 1
        $row.OldBlockText | Should -Not -BeNullOrEmpty
        $row.NewBlockText | Should -Not -BeNullOrEmpty
        $row.NewBlockText | Should -Not -BeExactly $row.OldBlockText
    }

    It 'binds a status record''s UserPrincipalName and CorrelationId from the pipeline' {
        $piped = @(Get-CsMeetingMigrationStatus -Identity $upn | Get-CsMeetingMigrationDetail)
        $direct = @(Get-CsMeetingMigrationDetail -Identity $upn -CorrelationId $status.CorrelationId)
        $piped.Count | Should -BeGreaterThan 0
        Assert-MmSequence ($piped | ForEach-Object { "$($_.EventId)|$($_.Outcome)" }) ($direct | ForEach-Object { "$($_.EventId)|$($_.Outcome)" })
        @(Get-CsMeetingMigrationDetail -CorrelationId ([guid]::NewGuid())).Count | Should -Be 0
    }

    It 'lists the request of a piped row that carries only its CorrelationId, as Stop- and Undo- take it (outside probe AO)' {
        $direct = @(Get-CsMeetingMigrationDetail -CorrelationId $status.CorrelationId)
        $direct.Count | Should -BeGreaterThan 0
        $run = Invoke-MmCapture { [pscustomobject]@{ CorrelationId = $status.CorrelationId } | Get-CsMeetingMigrationDetail }
        $run.Errors.Count | Should -Be 0
        @($run.Output).Count | Should -Be $direct.Count
        # A CSV row with an empty user cell beside it too (outside probe AP).
        $run = Invoke-MmCapture { [pscustomobject]@{ UserPrincipalName = ''; CorrelationId = "$($status.CorrelationId)" } | Get-CsMeetingMigrationDetail }
        $run.Errors.Count | Should -Be 0
        @($run.Output).Count | Should -Be $direct.Count
    }

    It 'refuses a piped row whose CorrelationId is no GUID, that row only, instead of listing every request of its user' {
        $rows = @(
            [pscustomobject]@{ UserPrincipalName = $upn; CorrelationId = 'not-a-guid' }
            [pscustomobject]@{ UserPrincipalName = $upn; CorrelationId = '' }
            [pscustomobject]@{ UserPrincipalName = $upn; CorrelationId = "$($status.CorrelationId)" }
        )
        $run = Invoke-MmCapture { $rows | Get-CsMeetingMigrationDetail }
        $run.Terminated | Should -BeFalse
        @($run.Errors).Count | Should -Be 2
        $run.Errors[0].Exception.Message | Should -BeLike "*'not-a-guid' is not a CorrelationId*"
        $direct = @(Get-CsMeetingMigrationDetail -Identity $upn -CorrelationId $status.CorrelationId)
        @($run.Output).Count | Should -Be $direct.Count -Because 'only the good row listed its request'
    }

    It 'pipes to Export-Csv: every row and every column comes back from Import-Csv' {
        $csv = Join-Path $TestDrive 'detail.csv'
        Get-CsMeetingMigrationDetail -Identity $upn | Export-Csv -Path $csv -NoTypeInformation
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be @(Get-CsMeetingMigrationDetail -Identity $upn).Count
        Assert-MmSequence ($rows[0].PSObject.Properties.Name) @('UserPrincipalName', 'CorrelationId', 'EventId', 'Subject', 'Start', 'MeetingType', 'Outcome',
            'Reason', 'Time', 'GraphRequestId', 'OldBlock', 'NewBlock', 'OldBlockText', 'NewBlockText')
        @($rows | Where-Object Outcome -EQ 'Updated' | Where-Object { -not $_.GraphRequestId }).Count | Should -Be 0
    }

    It 'lists nothing, without error, for a user with no journal' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationDetail -Identity nobody@contoso.com }
        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 0
    }
}

Describe 'Get-CsMeetingMigrationDetail refuses bad input' {
    It 'a malformed -Identity is InvalidIdentity, non-terminating, and the next piped user still runs' {
        $run = Invoke-MmCapture { 'not-an-address', $upn | Get-CsMeetingMigrationDetail -Outcome Updated }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
        $e.TargetObject | Should -BeExactly 'not-an-address'
        $run.Output.Count | Should -Be $status.InvitesUpdate
    }

    It 'an -Outcome outside [MeetingMigration.MeetingOutcome] is refused before anything is read' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationDetail -Identity $upn -Outcome Deleted }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,$ns"
        $run.Terminated | Should -BeTrue
    }
}

Describe 'Undo-CsMeetingMigration on the migrated store (the store alone; the undo itself: UndoTests.cs, Undo.Tests.ps1)' {
    BeforeAll {
        $undoNs = 'MeetingMigration.PowerShell.Cmdlets.UndoCsMeetingMigrationCommand'
    }

    It '-WhatIf, from a status record piped in, queues nothing' {
        $before = Get-MmStoreSnapshot
        $null = Get-CsMeetingMigrationStatus -Identity $upn | Undo-CsMeetingMigration -WhatIf
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-WhatIf in a pwsh console lists one line per meeting it would restore' {
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
Undo-CsMeetingMigration -CorrelationId $($status.CorrelationId) -WhatIf
"@
        $perMeeting = @($lines | Where-Object { $_ -like "What if:*Restore the block shown before request $($status.CorrelationId)*" })
        $perMeeting.Count | Should -Be $status.InvitesUpdate -Because ($lines -join "`n")
        @($lines | Where-Object { $_ -like "What if:*Queue an undo of request $($status.CorrelationId): restore the earlier block of $($status.InvitesUpdate) meeting(s)*" }).Count | Should -Be 1
    }

    It 'refuses <Name> with <ErrorId> and queues nothing' -ForEach @(
        @{ Name = 'an unknown CorrelationId'; ErrorId = 'RequestNotFound'; Run = { Undo-CsMeetingMigration -CorrelationId ([guid]::NewGuid()) -Confirm:$false } }
        @{ Name = 'a user with no request'; ErrorId = 'RequestNotFound'; Run = { Undo-CsMeetingMigration -Identity nobody@contoso.com -Confirm:$false } }
        @{ Name = 'a malformed address'; ErrorId = 'InvalidIdentity'; Run = { Undo-CsMeetingMigration -Identity 'not-an-address' -Confirm:$false } }
        @{ Name = '-Wait without a Graph connection'; ErrorId = 'NotConnected'; Run = { Undo-CsMeetingMigration -CorrelationId $status.CorrelationId -Wait -Confirm:$false } }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture $Run
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$undoNs"
        $run.Terminated | Should -BeFalse
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'queues an undo request visible in status (Trigger Undo-CsMeetingMigration) that a Start does not merge into but replaces, saying so, and undoing it is refused' {
        $undo = Undo-CsMeetingMigration -CorrelationId $status.CorrelationId -PassThru -Confirm:$false
        "$($undo.State)" | Should -BeExactly 'Pending'
        $undo.Trigger | Should -BeExactly 'Undo-CsMeetingMigration'
        # A migration of one kind leaves the undo to run: the undo leaves it the meetings it writes (an outside re-probe found
        # a Teams-only Start ending an undo, the other meetings left as they were). -WhatIf says what the real run does.
        $whatIf = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
Start-CsExMeetingMigration -Identity $upn -SourceMeetingType Teams -WhatIf
Start-CsExMeetingMigration -Identity $upn -WhatIf
Register-CsMeetingMigrationUserMove -Identity $upn -Target Teams -WhatIf
Undo-CsMeetingMigration -CorrelationId $($status.CorrelationId) -WhatIf
Undo-CsMeetingMigration -Identity $upn -WhatIf 2>&1 | ForEach-Object { "ERR `$(`$_.FullyQualifiedErrorId) `$(`$_.Exception.Message)" }
"@
        # Asked again, the undo is the one queued (-WhatIf said "Queue"); one of the other scope waits for it to end.
        @($whatIf | Where-Object { $_ -like "What if:*Run the undo of request $($status.CorrelationId) queued already (request $($undo.CorrelationId)): restore the earlier block of*" }).Count |
            Should -Be 1 -Because ($whatIf -join "`n")
        @($whatIf | Where-Object { $_ -like "ERR UndoNotPossible,$undoNs The undo $($undo.CorrelationId) of request $($status.CorrelationId) for $upn is queued and not finished*" }).Count |
            Should -Be 1 -Because ($whatIf -join "`n")
        @($whatIf | Where-Object { $_ -like "What if:*Queue Teams meetings*" -and $_ -notlike "*replaces the undo*" }).Count | Should -Be 1 -Because ($whatIf -join "`n")
        @($whatIf | Where-Object { $_ -like "What if:*Record a move to Teams*" -and $_ -notlike "*replaces the undo*" }).Count | Should -Be 1 -Because ($whatIf -join "`n")
        @($whatIf | Where-Object { $_ -like "What if:*Queue All meetings*; it replaces the undo $($undo.CorrelationId), queued and not finished*" }).Count | Should -Be 1 -Because ($whatIf -join "`n")
        $teamsOnly = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -SourceMeetingType Teams -PassThru -Verbose 4>&1 }
        @($teamsOnly.Warnings -like '*undo*').Count | Should -Be 0 -Because ($teamsOnly.Warnings -join "`n")
        $verbose = @($teamsOnly.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $teamsOnly = [pscustomobject]@{ Output = @($teamsOnly.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) }
        @($verbose -like "*: the undo $($undo.CorrelationId), not finished, runs on: it leaves to request $($teamsOnly.Output[0].CorrelationId) the meetings that migration writes (SourceMeetingType Teams)*").Count |
            Should -Be 1 -Because ($verbose -join "`n")
        "$((Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undo.CorrelationId).State)" | Should -BeExactly 'Pending'
        # A migration of every kind queued after an unfinished undo replaces it: run after the migration, the undo would take
        # back what it writes (an outside re-probe found one that did, handed back while the credentials were refused). Here
        # it is merged into the Teams-only one, which then selects every meeting.
        $start = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -PassThru }
        $start.Errors.Count | Should -Be 0 -Because ($start.Errors -join '; ')
        $start.Output[0].CorrelationId | Should -Be $teamsOnly.Output[0].CorrelationId
        ($start.Warnings -join "`n") | Should -BeLikeExactly "*the undo $($undo.CorrelationId), queued before and not finished, was replaced by request $($start.Output[0].CorrelationId)*"
        $pending = @(Get-CsMeetingMigrationStatus -Identity $upn -State Pending)
        $pending.Count | Should -Be 1 -Because 'an undo and a migration are never merged'
        $pending[0].Trigger | Should -Not -BeLike '*Undo-CsMeetingMigration*'
        $replaced = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undo.CorrelationId
        "$($replaced.State)" | Should -BeExactly 'Failed'
        $replaced.LastMessage | Should -BeLikeExactly "*It was replaced by request $($start.Output[0].CorrelationId), a migration queued after it*"
        $run = Invoke-MmCapture { Undo-CsMeetingMigration -CorrelationId $undo.CorrelationId -Confirm:$false }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "UndoNotPossible,$undoNs"
    }

    # Found by an outside probe: a status record saved with Export-Csv holds its CorrelationId as text after Import-Csv, and
    # PowerShell passed the whole row, as text, to -Identity (InvalidIdentity) instead.
    It 'takes a status record saved with Export-Csv and read back with Import-Csv: its CorrelationId column binds' {
        # The test before left a migration of the user Pending, which an undo must wait for (next test). It had replaced an
        # undo: stopping it says so, and how to run the undo again (an outside probe: nothing warned).
        $stop = Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity $upn -State Pending | Stop-CsMeetingMigration -Confirm:$false }
        @($stop.Warnings -like "*: the undo *, which request * had replaced, will not run: run it again if it is still wanted (Undo-CsMeetingMigration -CorrelationId $($status.CorrelationId)).").Count |
            Should -Be 1 -Because ($stop.Warnings -join "`n")
        $csv = Join-Path $TestDrive 'finished.csv'
        $status | Export-Csv $csv
        $run = Invoke-MmCapture { Import-Csv $csv | Undo-CsMeetingMigration -PassThru -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $undo = @($run.Output)
        $undo.Count | Should -Be 1
        $undo[0].Trigger | Should -BeExactly 'Undo-CsMeetingMigration'
        $undo[0].UserPrincipalName | Should -BeExactly $upn
        Stop-CsMeetingMigration -CorrelationId $undo[0].CorrelationId -Confirm:$false
    }

    # Found by an outside probe: with a migration of the user still Pending, Undo -Identity queued an undo that restored
    # nothing ("0 meeting(s) restored", Succeeded), and the migration then ran after it.
    It 'refuses, by -Identity and by -CorrelationId, while a migration of the user is still to run, naming it; queues once it is stopped' {
        $queued = Start-CsExMeetingMigration -Identity $upn -PassThru -WarningAction SilentlyContinue
        "$($queued.State)" | Should -BeExactly 'Pending'
        $before = Get-MmStoreSnapshot

        foreach ($run in @(
                (Invoke-MmCapture { Undo-CsMeetingMigration -Identity $upn -Confirm:$false }),
                (Invoke-MmCapture { Undo-CsMeetingMigration -CorrelationId $status.CorrelationId -Confirm:$false }))) {
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeExactly "UndoNotPossible,$undoNs"
            $e.Exception.Message | Should -BeLike "*$($queued.CorrelationId)*is Pending*would write its blocks again after the undo*"
            $e.ErrorDetails.RecommendedAction | Should -BeLike "Stop-CsMeetingMigration -CorrelationId $($queued.CorrelationId)*"
        }
        Get-MmStoreSnapshot | Should -BeExactly $before

        Stop-CsMeetingMigration -CorrelationId $queued.CorrelationId -Confirm:$false
        $undo = Undo-CsMeetingMigration -Identity $upn -PassThru -Confirm:$false
        $undo.Trigger | Should -BeExactly 'Undo-CsMeetingMigration'
        Stop-CsMeetingMigration -CorrelationId $undo.CorrelationId -Confirm:$false
    }

    # Found by an outside probe: answering No to the confirmation (Undo is ConfirmImpact High, so it asks by default) was
    # taken as -WhatIf, and one more question followed per meeting, whose answers did nothing.
    It 'asks once in a pwsh console; answered No, it asks nothing more and queues nothing' {
        $before = Get-MmStoreSnapshot
        $start = [System.Diagnostics.ProcessStartInfo]::new((Get-MmPwshPath))
        foreach ($a in @('-NoProfile', '-Command', "Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$path'; Undo-CsMeetingMigration -CorrelationId $($status.CorrelationId)")) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $pwsh = [System.Diagnostics.Process]::Start($start)
        1..40 | ForEach-Object { $pwsh.StandardInput.WriteLine('N') }
        $pwsh.StandardInput.Close()
        $output = $pwsh.StandardOutput.ReadToEndAsync()
        $errors = $pwsh.StandardError.ReadToEndAsync()
        $pwsh.WaitForExit(60000) | Should -BeTrue
        $text = $output.Result + $errors.Result

        ([regex]::Matches($text, 'Are you sure you want to perform this action\?')).Count | Should -Be 1 -Because $text
        $text | Should -BeLike "*Queue an undo of request*" -Because "the one question is the undo's"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}
