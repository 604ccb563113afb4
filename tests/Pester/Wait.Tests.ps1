# Start-CsExMeetingMigration -Wait with many users (issue 11): users piped in are queued as the pipeline streams and run
# concurrently, each result written once as it ends; the cmdlet returns when the last one has.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $ModuleManifest -Force
    Import-Module $SandboxModule -Force
    $script:Sandbox = Start-MmSandbox -Users 6 -MeetingsPerUser 8 -Seed 12 -Configuration $BuildConfiguration
    $script:Users = @((Import-Csv $Sandbox.UsersFile).UserPrincipalName)
    # Every Graph call takes 150 ms: one user's run lasts seconds, far longer than queuing the next user.
    Invoke-RestMethod -Method Put -Uri "$($Sandbox.RootUrl.TrimEnd('/'))/sandbox/faults" -ContentType 'application/json' -Body (@{ latencyMs = 150; jitterMs = 0; seed = 3 } | ConvertTo-Json) | Out-Null
}

AfterAll {
    Disconnect-MeetingMigration
    if ($Sandbox) { Stop-MmSandbox $Sandbox }
}

Describe 'Start-CsExMeetingMigration -Wait with users from the pipeline' {
    BeforeAll {
        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'wait.db') -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
        $script:Run = Invoke-MmCapture { $Users | Start-CsExMeetingMigration -Wait -PassThru -ProgressAction SilentlyContinue }
        $script:Statuses = @($Run.Output | Where-Object { $_ -is [MeetingMigration.PowerShell.Output.MeetingMigrationStatus] })
        $script:Details = @(Get-CsMeetingMigrationDetail)
    }

    It 'writes one result per user, each once, and every request has ended' {
        @($Statuses.UserPrincipalName | Sort-Object) | Should -Be @($Users | Sort-Object)
        @($Statuses.CorrelationId | Select-Object -Unique).Count | Should -Be $Users.Count
        foreach ($status in Get-CsMeetingMigrationStatus) {
            # An attempt that failed with a retry to come has ended too: Pending for the retry, with its time.
            if ("$($status.State)" -eq 'Pending') { $status.NextRetryTime | Should -Not -BeNullOrEmpty }
            else { $status.State | Should -BeIn 'Succeeded', 'Failed' }
        }
        $Details.Count | Should -BeGreaterThan 0
    }

    # Found by an outside probe: a failure with no retry said "No retries are left" (none had been used) and advised to
    # "let the scheduled retry run".
    It 'reports each failed user as MigrationFailed whose retry sentence and advice agree with the request' {
        $failed = @($Run.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'MigrationFailed,*' })
        $failed.Count | Should -BeGreaterThan 0 -Because 'the generated tenant has users that fail on purpose'
        foreach ($e in $failed) {
            $status = Get-CsMeetingMigrationStatus -Identity $e.TargetObject.UserPrincipalName
            if ($status.NextRetryTime) {
                $e.Exception.Message | Should -BeLikeExactly '* Retry * is scheduled for *'
                $e.ErrorDetails.RecommendedAction | Should -BeExactly 'Fix the cause named above; the scheduled retry then runs. To retry now, run Start-CsExMeetingMigration again: its new request replaces the scheduled retry.'
            }
            else {
                $e.Exception.Message | Should -BeLikeExactly '*No retry is scheduled*'
                $e.Exception.Message | Should -Not -BeLikeExactly '*No retry is scheduled*No retry is scheduled*'
                $e.Exception.Message | Should -Not -BeLikeExactly '*retries are left*'
                $e.ErrorDetails.RecommendedAction | Should -BeExactly 'Fix the cause named above, then run Start-CsExMeetingMigration again.'
            }
        }
    }

    It 'ran the users at the same time, not one after another' {
        # Each user's span of journaled writes; in a one-after-another run no two spans overlap.
        $spans = foreach ($group in $Details | Group-Object UserPrincipalName) {
            $times = @($group.Group.Time | Sort-Object)
            [pscustomobject]@{ User = $group.Name; From = $times[0]; To = $times[-1] }
        }
        @($spans).Count | Should -BeGreaterThan 1
        $overlaps = 0
        foreach ($a in $spans) { foreach ($b in $spans) { if ($a.User -lt $b.User -and $a.From -le $b.To -and $b.From -le $a.To) { $overlaps++ } } }
        $overlaps | Should -BeGreaterThan 0 -Because "users' writes should interleave: $($spans | Out-String)"
    }

    It 'sends each attendee of a migrated meeting one update, as a single-user run does' {
        @($Details | Where-Object Outcome -eq 'Updated' | Group-Object -CaseSensitive { "$($_.UserPrincipalName)/$($_.EventId)" } | Where-Object Count -gt 1).Count | Should -Be 0
    }
}

# Found by outside probe Q: Find-CsMeetingMigrationStaleMeeting -All | Start-CsExMeetingMigration -Wait names an organizer
# once per stale meeting, and every line after the first queued a request of its own (the first was running, nothing
# Pending to merge into): 12 requests for 5 organizers, each reading the calendar again.
Describe 'Start-CsExMeetingMigration -Wait given the same user more than once' {
    BeforeAll {
        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'repeat.db') -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
        $script:Repeated = $Users[0], $Users[0].ToUpperInvariant(), "sip:$($Users[0])", $Users[1], $Users[0]
        $script:RepeatRun = Invoke-MmCapture { $Repeated | Start-CsExMeetingMigration -Wait -PassThru -Verbose -ProgressAction SilentlyContinue 4>&1 }
    }

    It 'queues and runs one request per user, and says the repeats were not queued again' {
        $requests = @(Get-CsMeetingMigrationStatus)
        @($requests.UserPrincipalName | Sort-Object) | Should -Be @($Users[0], $Users[1] | Sort-Object)
        $statuses = @($RepeatRun.Output | Where-Object { $_ -is [MeetingMigration.PowerShell.Output.MeetingMigrationStatus] })
        @($statuses.CorrelationId | Select-Object -Unique).Count | Should -Be 2
        @($RepeatRun.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like '*this command runs a request for the user already (-Wait); not queued again.' }).Count | Should -Be 3
    }

    # Found by outside probe R: the same user given again with another target (Current, then Teams) queued a second request
    # after the first had started, and the meeting's attendees got a refresh and then the conversion: two updates.
    It 'refuses the same user given again with another selection of the same meetings (ConflictingSelection), and runs one request' {
        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'selection.db') -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
        $lines = [pscustomobject]@{ UserPrincipalName = $Users[2]; TargetMeetingType = 'Current' }, [pscustomobject]@{ UserPrincipalName = $Users[2]; TargetMeetingType = 'Teams' }
        $run = Invoke-MmCapture { $lines | Start-CsExMeetingMigration -Wait -PassThru -ProgressAction SilentlyContinue }
        $conflicts = @($run.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'ConflictingSelection,*' })
        $conflicts.Count | Should -Be 1 -Because ($run.Errors -join '; ')
        $conflicts[0].TargetObject | Should -BeExactly $Users[2]
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 1
        @(Get-CsMeetingMigrationDetail | Where-Object Outcome -eq 'Updated' | Group-Object -CaseSensitive EventId | Where-Object Count -gt 1).Count | Should -Be 0
    }
}

# Found by an outside probe: SIGTERM (timeout, systemd, docker stop, CI runners) ended a pwsh in -Wait without Ctrl+C's stop
# path, so its worker kept the lease and the request stayed InProgress, unresumable until the lease ran out (2 minutes).
Describe 'Start-CsExMeetingMigration -Wait stopped with SIGTERM' -Skip:$IsWindows {
    BeforeAll {
        $script:Store = Join-Path $TestDrive 'sigterm.db'
        $script:User = $Users[0]
        $faults = "$($Sandbox.RootUrl.TrimEnd('/'))/sandbox/faults"
        # Slow enough that the signal lands mid-request.
        Invoke-RestMethod -Method Put -Uri $faults -ContentType 'application/json' -Body (@{ latencyMs = 2000; jitterMs = 0; seed = 3 } | ConvertTo-Json) | Out-Null
        try {
            $start = [System.Diagnostics.ProcessStartInfo]::new((Get-MmPwshPath))
            $command = "Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$Store' -GraphEndpoint '$($Sandbox.GraphUrl)' -AccessToken (ConvertTo-SecureString tok -AsPlainText -Force); Start-CsExMeetingMigration -Identity '$User' -Wait"
            foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $command)) { $start.ArgumentList.Add($a) }
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $pwsh = [System.Diagnostics.Process]::Start($start)
            $null = $pwsh.StandardOutput.ReadToEndAsync(); $null = $pwsh.StandardError.ReadToEndAsync()
            # Wait until its worker holds the request, then signal it.
            $deadline = (Get-Date).AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 300
                $held = Invoke-MmPwsh "Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$Store' | Out-Null; (Get-CsMeetingMigrationStatus).HeldBy"
            } until (($held -join '') -like '*:session' -or (Get-Date) -gt $deadline -or $pwsh.HasExited)
            & /bin/kill -TERM $pwsh.Id
            $pwsh.WaitForExit(60000) | Out-Null
            $script:ExitCode = $pwsh.ExitCode
            $script:Status = Invoke-MmPwsh "Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$Store' | Out-Null; Get-CsMeetingMigrationStatus | ForEach-Object { `"`$(`$_.State)|`$(`$_.HeldBy)|`$(`$_.LastMessage)`" }"
        } finally {
            Invoke-RestMethod -Method Put -Uri $faults -ContentType 'application/json' -Body (@{ latencyMs = 150; jitterMs = 0; seed = 3 } | ConvertTo-Json) | Out-Null
        }
    }

    It 'ends the process as terminated (exit code 143) after its worker handed the lease back: the request says it was stopped, and nobody holds it' {
        $ExitCode | Should -Be 143
        $line = @($Status)[0]
        $line | Should -BeLike 'InProgress||Stopped part-way at *' -Because ($Status -join "`n")
    }
}
