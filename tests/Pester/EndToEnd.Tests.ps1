#Requires -Version 7.0
# The module against the sandbox Exchange Online running as its own process, over real HTTP, in real pwsh: what an
# admin sees, and the README's demo as a newcomer runs it.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $SandboxModule -Force

    # The output and exit code of a script run in a pwsh of its own.
    function Invoke-MmScript {
        param([Parameter(Mandatory)] [string] $ScriptPath, [string[]] $Arguments = @())
        $lines = @(Invoke-MmPwsh -File $ScriptPath -Arguments $Arguments)
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = $lines; Text = ($lines -join "`n") }
    }

    function Get-MmSandboxFolders { @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'meetingmigration-sandbox-*' | ForEach-Object FullName) }
}

Describe 'Start-CsExMeetingMigration -WhatIf against Exchange Online over HTTP' {
    BeforeAll {
        $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 20 -Seed 4 -Configuration $BuildConfiguration
        $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
        $script:Expected = @(Get-Content -Raw $Sandbox.ExpectationsFile | ConvertFrom-Json |
            Where-Object { $_.mailbox -eq $Upn -and $_.outcome -eq 'migrate' -and $_.kind -eq 'teams' } | ForEach-Object subject | Sort-Object -Unique)
        $script:Store = Join-Path $TestDrive 'whatif.db'
        $script:Script = Join-Path $TestDrive 'whatif.ps1'
        Set-Content -Path $Script -Value @'
param($Manifest, $Store, $Graph, $Upn)
Import-Module $Manifest
Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Graph -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
Start-CsExMeetingMigration -Identity $Upn -SourceMeetingType Teams -WhatIf
'@
        $script:Run = Invoke-MmScript -ScriptPath $Script -Arguments @($ModuleManifest, $Store, $Sandbox.GraphUrl, $Upn)
        $script:WhatIfLines = @($Run.Lines | Where-Object { $_.StartsWith('What if:') })
    }
    AfterAll { if ($Sandbox) { Stop-MmSandbox $Sandbox } }

    It 'runs without error' {
        $Run.ExitCode | Should -Be 0 -Because $Run.Text
        $Expected.Count | Should -BeGreaterThan 0 -Because 'the seeded mailbox must have Teams meetings to migrate'
    }

    It 'says what it would queue' {
        @($WhatIfLines | Where-Object { $_ -like '*Queue Teams meetings for migration*' }).Count | Should -Be 1 -Because $Run.Text
    }

    It 'lists every meeting that would change, and nothing else, one line each' {
        $perMeeting = @($WhatIfLines | Where-Object { $_ -like '*Refresh the Teams dial-in details*' })
        $listed = @($perMeeting | ForEach-Object { if ($_ -match " / '(.+)' \(\d{4}-\d\d-\d\d \d\d:\d\dZ\)") { $Matches[1] } } | Sort-Object -Unique)
        ($listed -join "`n") | Should -BeExactly ($Expected -join "`n")
        $perMeeting | ForEach-Object { $_ | Should -BeLike "*$Upn / '*" }
    }

    It 'writes nothing to Exchange and queues nothing' {
        $stats = Invoke-MmSandboxControl -Sandbox $Sandbox -Path stats
        ($stats.mailboxes | Measure-Object writes -Sum).Sum | Should -Be 0
        (Invoke-MmSandboxControl -Sandbox $Sandbox -Path notifications).count | Should -Be 0
        Import-Module $ModuleManifest
        Connect-MeetingMigration -StorePath $Store
        try { @(Get-CsMeetingMigrationStatus).Count | Should -Be 0 } finally { Disconnect-MeetingMigration }
    }
}

Describe 'Ctrl+C during Start-CsExMeetingMigration -Wait, then Start -Wait again' {
    BeforeAll {
        # Graph slowed to 300 ms a call, so the stop lands part-way through the user's meetings.
        $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 60 -Seed 5 -Configuration $BuildConfiguration
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{ latencyMs = 300; jitterMs = 0; seed = 1 }
        $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
        $script:Store = Join-Path $TestDrive 'ctrl-c.db'
        $token = ConvertTo-SecureString 'tok' -AsPlainText -Force
        function Get-MmWrites { ((Invoke-MmSandboxControl -Sandbox $Sandbox -Path stats).mailboxes | Measure-Object writes -Sum).Sum }

        # The session pressing Ctrl+C: a runspace of its own, stopped as the console stops a pipeline (StopProcessing).
        $runspace = New-MmRunspace
        try {
            $null = Invoke-MmRunspace $runspace 'Connect-MeetingMigration -StorePath $s -GraphEndpoint $g -AccessToken $t' @{ s = $Store; g = $Sandbox.GraphUrl; t = $token } -GlobalScope
            $session = [powershell]::Create()
            $session.Runspace = $runspace
            $null = $session.AddScript('Start-CsExMeetingMigration -Identity $args[0] -Wait').AddArgument($Upn)
            $running = $session.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-MmWrites) -lt 3 -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $script:FinishedBeforeStop = $running.IsCompleted
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $session.Stop()
            $script:StopSeconds = $clock.Elapsed.TotalSeconds
            $script:WritesAtStop = Get-MmWrites
            Start-Sleep -Milliseconds 1500
            $script:WritesLater = Get-MmWrites
            $session.Dispose()
        } finally { $runspace.Dispose() }

        Import-Module $ModuleManifest -Force
        Connect-MeetingMigration -StorePath $Store
        $script:AfterStop = @(Get-CsMeetingMigrationStatus -Identity $Upn)
        # What -WhatIf says of the stopped request (outside probe X: "Queue All meetings…", for a run that resumes it).
        $script:WhatIf = Invoke-MmPwsh "Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$Store' | Out-Null; Start-CsExMeetingMigration -Identity '$Upn' -WhatIf -WarningAction SilentlyContinue"
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{}
        Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Sandbox.GraphUrl -AccessToken $token
        # Some of the generated meetings fail on purpose (no Skype profile, two blocks): the end state is read below.
        $script:Verbose = @(Start-CsExMeetingMigration -Identity $Upn -Wait -ErrorAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $script:AfterRerun = @(Get-CsMeetingMigrationStatus -Identity $Upn)
        Disconnect-MeetingMigration
        $script:Updates = @((Invoke-MmSandboxControl -Sandbox $Sandbox -Path "notifications?organizer=$Upn&kind=update").value | ForEach-Object { "$($_.eventId)|$($_.recipient)" })
    }
    AfterAll { Stop-MmSandbox $Sandbox }

    It 'stops within seconds, part-way, and nothing more is written once it has stopped' {
        $FinishedBeforeStop | Should -BeFalse -Because 'the stop must land while meetings are being migrated'
        $StopSeconds | Should -BeLessThan 10
        $WritesLater | Should -Be $WritesAtStop
    }

    It 'leaves the request InProgress, held by no worker, and says so and how it resumes' {
        $AfterStop.Count | Should -Be 1
        $AfterStop[0].State | Should -Be 'InProgress'
        $AfterStop[0].LastMessage | Should -Match '^Stopped part-way at .*Start-CsExMeetingMigration -Identity'
    }

    It 'says under -WhatIf that Start would resume that request, naming it' {
        $WhatIf | Should -Contain ("What if: Performing the operation ""Queue All meetings for migration (ToSameType); resumes the request " +
            "$($AfterStop[0].CorrelationId), stopped part-way (its journal skips what it did)"" on target ""$Upn"".")
    }

    It 'resumes that request when Start -Wait runs again: one status row, the same CorrelationId, ended' {
        $Verbose -join "`n" | Should -Match 'stopped part-way'
        $AfterRerun.Count | Should -Be 1
        $AfterRerun[0].CorrelationId | Should -Be $AfterStop[0].CorrelationId
        $AfterRerun[0].State | Should -BeIn @('Succeeded', 'Failed')
        $AfterRerun[0].SucceededMeeting | Should -BeGreaterThan 0
    }

    It 'sends each attendee one update per meeting, across the stop and the resumed run' {
        $Updates.Count | Should -BeGreaterThan 0
        # Event ids are case-sensitive, and two may differ only in case: the grouping must be too.
        @($Updates | Group-Object -CaseSensitive | Where-Object Count -gt 1 | ForEach-Object Name) | Should -BeNullOrEmpty
    }
}

Describe 'Ctrl+C during Undo-CsMeetingMigration -Wait, then Start-CsExMeetingMigration -SourceMeetingType Teams -Wait' {
    # Found by an outside probe: the stopped undo's status said Start-CsExMeetingMigration would resume it; Start ran the
    # undo to its end and then migrated the user again, so every attendee got two more updates and the undo was taken back.
    # Found by outside re-probes: a migration replacing an undo stopped inside a restore left that restore Attempting for
    # good, its update uncounted; and a migration of one kind (these meetings are all Teams meetings) replaced the whole
    # undo. The undo is stopped here while a restore's answer is held, so it stops inside that restore.
    BeforeAll {
        $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 60 -Seed 5 -Configuration $BuildConfiguration
        $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
        $script:Store = Join-Path $TestDrive 'undo-ctrl-c.db'
        $token = ConvertTo-SecureString 'tok' -AsPlainText -Force
        function Get-MmWrites { ((Invoke-MmSandboxControl -Sandbox $Sandbox -Path stats).mailboxes | Measure-Object writes -Sum).Sum }

        Import-Module $ModuleManifest -Force
        Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Sandbox.GraphUrl -AccessToken $token
        # Some of the generated meetings fail on purpose (two blocks), so the run ends Failed with no retry: it is undone all the same.
        Start-CsExMeetingMigration -Identity $Upn -SourceMeetingType Teams -Wait -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $script:Migration = Get-CsMeetingMigrationStatus -Identity $Upn
        Disconnect-MeetingMigration
        $writesBefore = Get-MmWrites
        # Each write's answer is held long enough for a -WhatIf in a pwsh process of its own to look at the running undo.
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{ latencyMs = 300; jitterMs = 0; seed = 1; writeAnswerDelayMs = 20000 }

        $runspace = New-MmRunspace
        try {
            $null = Invoke-MmRunspace $runspace 'Connect-MeetingMigration -StorePath $s -GraphEndpoint $g -AccessToken $t' @{ s = $Store; g = $Sandbox.GraphUrl; t = $token } -GlobalScope
            $session = [powershell]::Create()
            $session.Runspace = $runspace
            $null = $session.AddScript('Undo-CsMeetingMigration -CorrelationId $args[0] -Wait -Confirm:$false').AddArgument($Migration.CorrelationId)
            $running = $session.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-MmWrites) -lt $writesBefore + 2 -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            # A write is counted as it arrives: past its 300 ms latency it is applied, and its answer is held for 20 s.
            Start-Sleep -Milliseconds 1200
            $whatIfRunning = @(Invoke-MmPwsh -Command ("Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$Store' -GraphEndpoint '$($Sandbox.GraphUrl)' " +
                "-AccessToken (ConvertTo-SecureString tok -AsPlainText -Force); Start-CsExMeetingMigration -Identity '$Upn' -WhatIf; " +
                # Set's -WhatIf checks the change as the run does (outside probe AZ-F5), so the user needs audio conferencing
                # to be shown one; a first profile is a baseline and queues nothing.
                "Set-MeetingMigrationConferencingProfile -Identity '$Upn' -JoinUrl 'https://meet.contoso.com/undo/K7' | Out-Null; " +
                "Set-CsOnlineDialInConferencingUser -Identity '$Upn' -ResetConferenceId -WhatIf"))
            $script:WhatIfWhileRunning = $whatIfRunning -join "`n"
            $script:FinishedBeforeStop = $running.IsCompleted
            $session.Stop()
            $session.Dispose()
        } finally { $runspace.Dispose() }
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{}

        Connect-MeetingMigration -StorePath $Store
        $script:StoppedUndo = @(Get-CsMeetingMigrationStatus -Identity $Upn -State InProgress)
        $script:InDoubt = @(Get-CsMeetingMigrationDetail -CorrelationId $StoppedUndo[0].CorrelationId -Outcome Attempting)
        $whatIf = @(Invoke-MmPwsh -Command ("Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$Store' -GraphEndpoint '$($Sandbox.GraphUrl)' " +
            "-AccessToken (ConvertTo-SecureString tok -AsPlainText -Force); Start-CsExMeetingMigration -Identity '$Upn' -SourceMeetingType Teams -WhatIf; " +
            "Set-CsOnlineDialInConferencingUser -Identity '$Upn' -ResetConferenceId -WhatIf; Disable-CsOnlineDialInConferencingUser -Identity '$Upn' -WhatIf"))
        $script:WhatIfText = $whatIf -join "`n"
        Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Sandbox.GraphUrl -AccessToken $token
        Start-CsExMeetingMigration -Identity $Upn -SourceMeetingType Teams -Wait -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $script:Rerun = Get-CsMeetingMigrationStatus -Identity $Upn | Where-Object { $_.CorrelationId -notin $Migration.CorrelationId, $StoppedUndo[0].CorrelationId }
        $script:Warnings = @($warned | ForEach-Object Message)
        $script:UndoAfter = Get-CsMeetingMigrationStatus -Identity $Upn | Where-Object CorrelationId -EQ $StoppedUndo[0].CorrelationId
        $script:SettledRow = Get-CsMeetingMigrationDetail -CorrelationId $StoppedUndo[0].CorrelationId | Where-Object EventId -CEQ $InDoubt[0].EventId | Select-Object -Last 1
        Disconnect-MeetingMigration
        $script:Updates = @((Invoke-MmSandboxControl -Sandbox $Sandbox -Path "notifications?organizer=$Upn&kind=update").value | ForEach-Object { "$($_.eventId)|$($_.recipient)" })
    }
    AfterAll { Stop-MmSandbox $Sandbox }

    It 'leaves the undo InProgress, held by no worker, saying that running the undo again resumes it' {
        $Migration.SucceededMeeting | Should -BeGreaterThan 2 -Because 'the migration must update meetings for the undo to restore'
        $FinishedBeforeStop | Should -BeFalse -Because 'the stop must land while meetings are being restored'
        $StoppedUndo.Count | Should -Be 1
        $StoppedUndo[0].LastMessage | Should -BeLikeExactly "Stopped part-way at *Undo-CsMeetingMigration -CorrelationId $($Migration.CorrelationId) -Wait, resumes it*"
        $StoppedUndo[0].LastMessage | Should -Not -BeLike '*Start-CsExMeetingMigration -Identity*resumes it*'
    }

    It 'stopped inside a restore that was applied: one Attempting row, whose update went out' {
        $InDoubt.Count | Should -Be 1 -Because 'the stop must land while a restore''s answer is held'
    }

    It '-WhatIf while the undo runs: Start of every kind and a dial-in change''s migration would stop it before its next meeting' {
        $lines = $WhatIfWhileRunning -split "`n"
        $running = "the undo $($StoppedUndo[0].CorrelationId), running (it stops before its next meeting, a series it has put back finished first;"
        @($lines | Where-Object { $_ -like "What if:*Queue*; it replaces $running this migration writes again what it restored)*" }).Count | Should -Be 1 -Because $WhatIfWhileRunning
        @($lines | Where-Object { $_ -like "*Set audio conferencing: new conference ID; the migration it queues, if any, replaces $running*" }).Count | Should -Be 1 -Because $WhatIfWhileRunning
    }

    It '-WhatIf: a Teams-only Start leaves the undo to run; a dial-in change''s migration would resume it first and stop it there' {
        $lines = $WhatIfText -split "`n"
        @($lines | Where-Object { $_ -like 'What if:*Queue Teams meetings*' -and $_ -notlike '*the undo*' }).Count | Should -Be 1 -Because $WhatIfText
        $stopped = "the undo $($StoppedUndo[0].CorrelationId), stopped inside a restore (resumed first, it stops before its next meeting, a series it has put back finished first;"
        @($lines | Where-Object { $_ -like "*Set audio conferencing: new conference ID; the migration it queues, if any, replaces $stopped*" }).Count | Should -Be 1 -Because $WhatIfText
        @($lines | Where-Object { $_ -like "*Disable audio conferencing*replaces $stopped*" }).Count | Should -Be 1 -Because $WhatIfText
    }

    It 'Start -Wait resumes the undo first, which settles the restore it stopped in and leaves the Teams meetings to the migration' {
        @($Warnings | Where-Object { $_ -like '*replaced*' }).Count | Should -Be 0 -Because ($Warnings -join "`n")
        $Rerun.CorrelationId | Should -Not -Be $StoppedUndo[0].CorrelationId
        $UndoAfter.State | Should -Be 'Succeeded' -Because $UndoAfter.LastMessage
        $UndoAfter.LastMessage | Should -BeLikeExactly "*left to request $($Rerun.CorrelationId), queued after this undo for the meetings of the kind it selects*"
        "$($SettledRow.Outcome)" | Should -BeExactly 'Restored' -Because $SettledRow.Reason
        $UndoAfter.InvitesUpdate | Should -Be $UndoAfter.SucceededMeeting
        $Rerun.InvitesUpdate | Should -Be $UndoAfter.InvitesUpdate -Because 'the migration writes again exactly what the undo put back'
    }

    It 'mails again only the meetings the undo had restored: none gets two updates, none more than three' {
        $counts = @($Updates | Group-Object -CaseSensitive | ForEach-Object Count)
        $counts.Count | Should -BeGreaterThan 0
        @($counts | Where-Object { $_ -eq 2 -or $_ -gt 3 }).Count | Should -Be 0 -Because 'one update each, and two more (restored, migrated again) for what the undo had restored'
        @($counts | Where-Object { $_ -eq 1 }).Count | Should -BeGreaterThan 0 -Because 'meetings the undo had not restored yet get no further update'
    }
}

Describe "The README's main job (the demo)" {
    BeforeAll {
        $script:FoldersBefore = Get-MmSandboxFolders
        $demo = Join-Path $PSScriptRoot '../../src/MeetingMigration.Demo/Invoke-MeetingMigrationDemo.ps1'
        $script:Run = Invoke-MmScript -ScriptPath $demo -Arguments @('-Users', '21', '-MeetingsPerUser', '5', '-Configuration', $Configuration)
    }

    It 'exits 0: every organizer ended as a correct migration ends, the deliberate failures included' {
        $Run.ExitCode | Should -Be 0 -Because $Run.Text
        $Run.Text | Should -Match 'Every organizer ended as expected: \d+ Succeeded; [1-9]\d* Failed and [1-9]\d* waiting for a retry, on purpose'
    }

    It "shows MMS's summary table with all four states" {
        $Run.Text | Should -Match '(?m)^State\s+UserCount\s*$'
        foreach ($state in 'Pending', 'InProgress', 'Failed', 'Succeeded') { $Run.Text | Should -Match "(?m)^$state\s+\d+\s*$" }
        $Run.Text | Should -Match '(?m)^InProgress\s+0\s*$'
        # Pending: only the users whose attempt failed and who wait for their automatic retry (on-premises mailboxes).
        $Run.Text -match '(?m)^Pending\s+(\d+)\s*$' | Should -BeTrue
        $pending = [int]$Matches[1]
        $Run.Text -match 'Failed and (\d+) waiting for a retry' | Should -BeTrue -Because $Run.Text
        $pending | Should -Be ([int]$Matches[1])
    }

    It 'lists the users waiting for a retry with their retry''s time and reason' {
        $Run.Text | Should -Match '(?m)^UserId\s+RetryCount\s+NextRetryTime\s+LastMessage\s*$'
        # The reason wraps in the table; the row starts with the user and no retry made yet.
        $Run.Text | Should -Match '(?m)^[^\s@]+@[^\s@]+\s+0\s+\S'
    }

    It 'shows the failed users with the seed document''s Format-Table UserId,LastErrorMessage' {
        $Run.Text | Should -Match '(?m)^UserId\s+LastErrorMessage\s*$'
        # The user, as MMS shows it (the object id is UserObjectId).
        $Run.Text | Should -Match '(?m)^[^\s@]+@[^\s@]+\s+\S'
        $Run.Text | Should -Not -Match '(?m)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} \S'
    }

    It 'leaves no sandbox process and no temporary folder behind' {
        $Run.Text -match 'Sandbox Exchange Online at http://127\.0\.0\.1:(\d+)/v1\.0' | Should -BeTrue -Because $Run.Text
        $port = [int]$Matches[1]
        $listening = [Net.Sockets.TcpClient]::new()
        try {
            { $listening.Connect('127.0.0.1', $port) } | Should -Throw -Because "the sandbox on port $port must be stopped"
        } finally { $listening.Dispose() }
        $left = @(Get-MmSandboxFolders | Where-Object { $_ -notin $FoldersBefore })
        $left.Count | Should -Be 0 -Because ($left -join ', ')
    }

    It 'prints no progress records as lines when its output is redirected' {
        $Run.ExitCode | Should -Be 0 -Because 'a demo that did not run shows no progress either'
        @($Run.Lines | Where-Object { $_ -match 'meetings found so far' }).Count | Should -Be 0
    }
}
