#Requires -Version 7.0
# Undo-CsMeetingMigration end to end, as an admin runs it through the built module against the sandbox Exchange Online
# running as its own process: migrate an organizer's Skype for Business and Teams meetings, change one of them afterwards
# (as its organizer would in Outlook), undo the migration, and read what every meeting and every attendee got.
# Refusals without Graph (unknown request, -WhatIf, a Pending undo) are in Audit.Tests.ps1; the engine's rules in
# tests/MeetingMigration.Engine.Tests/Undo/UndoTests.cs; the contract in Contract.Tests.ps1.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $ModuleManifest -Force
    Import-Module $SandboxModule -Force
    $ns = 'MeetingMigration.PowerShell.Cmdlets.UndoCsMeetingMigrationCommand'

    # Exchange as the organizer sees it, straight from Graph (not through the module): id -> event (body, attendees).
    # Event ids are case-sensitive and two may differ only in case (Exchange's do too), so no @{}, -eq or -in on them here.
    function Get-MmEvents {
        $page = Invoke-RestMethod -Uri "$($sandbox.GraphUrl)/users/$upn/events?`$top=1000&`$select=id,subject,body,attendees,type" -Headers $headers
        $events = [System.Collections.Generic.Dictionary[string, object]]::new([System.StringComparer]::Ordinal)
        foreach ($e in $page.value) {
            # Graph gives every body in HTML; a plain-text one, as Exchange's conversion. Its own text is read as text.
            if ($e.body.content.Contains('<!-- converted from text -->')) {
                $textHeaders = $headers + @{ Prefer = 'outlook.body-content-type="text"' }
                $e = Invoke-RestMethod -Uri "$($sandbox.GraphUrl)/users/$upn/events/$($e.id)?`$select=id,subject,body,attendees,type" -Headers $textHeaders
            }
            $events[$e.id] = $e
        }
        $events
    }

    # The updates attendees received for this organizer's meetings after a given sequence number: "eventId|recipient" each.
    function Get-MmUpdatesSince {
        param([long] $Sequence)
        $all = (Invoke-MmSandboxControl -Sandbox $sandbox -Path "notifications?organizer=$upn&kind=update").value
        @($all | Where-Object { $_.sequence -gt $Sequence } | ForEach-Object { "$($_.eventId)|$($_.recipient)" })
    }

    function Get-MmLastSequence {
        $all = @((Invoke-MmSandboxControl -Sandbox $sandbox -Path 'notifications').value)
        if ($all.Count) { ($all | Measure-Object sequence -Maximum).Maximum } else { 0 }
    }

    # Stopped in AfterAll, which Pester runs even when this block fails (and the sandbox exits with this process anyway).
    $sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 20 -Seed 4 -Configuration $BuildConfiguration
    $upn = (Import-Csv $sandbox.UsersFile)[0].UserPrincipalName
    $headers = @{ Authorization = 'Bearer test-token' }
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'undo.db') -GraphEndpoint $sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'test-token' -AsPlainText -Force)
    # Their Skype for Business coordinates, as the demo imports them: Skype meetings are migrated too.
    Import-Csv $sandbox.SkypeProfilesFile |
        Select-Object UserPrincipalName, JoinUrl, ConferenceId, TollNumber, DialInUrl, @{ n = 'TollFreeNumber'; e = { $_.TollFreeNumber -split ';' -ne '' } } |
        Set-MeetingMigrationConferencingProfile

    $beforeMigration = Get-MmEvents
    $migration = Start-CsExMeetingMigration -Identity $upn -Wait -ProgressAction SilentlyContinue -ErrorAction Stop
    $migrated = @(Get-CsMeetingMigrationDetail -CorrelationId $migration.CorrelationId -Outcome Updated -IncludeBlockText)
    $migrationUpdates = @(Get-MmUpdatesSince 0)

    # The organizer edits one migrated meeting's new block afterwards: retypes the last digit of a number the block
    # shows (conference ID, phone number), so the block is no longer the one the migration wrote and the undo must
    # leave the meeting alone. Shown means outside markup: not in a tag (a colour, a style) nor in a text body's <link>.
    $visibleDigits = '\d{5,}(?![^<]*>)'
    $edited = $migrated | Where-Object { $_.NewBlockText -match $visibleDigits } | Select-Object -First 1
    $current = (Get-MmEvents)[$edited.EventId]
    $lastDigits = [regex]::Matches($edited.NewBlockText, $visibleDigits) | Select-Object -Last 1
    $changedDigits = $lastDigits.Value.Substring(0, $lastDigits.Length - 1) + [string](([int]"$($lastDigits.Value[-1])" + 1) % 10)
    $editedBlock = $edited.NewBlockText.Remove($lastDigits.Index, $lastDigits.Length).Insert($lastDigits.Index, $changedDigits)
    $editedBody = $current.body.content.Replace($edited.NewBlockText, $editedBlock)
    $patch = @{ body = @{ contentType = $current.body.contentType; content = $editedBody } } | ConvertTo-Json -Depth 3
    $null = Invoke-RestMethod -Method Patch -Uri "$($sandbox.GraphUrl)/users/$upn/events/$($edited.EventId)" -Headers $headers -Body $patch -ContentType 'application/json; charset=utf-8'
    $beforeUndo = Get-MmEvents
    $sequenceBeforeUndo = Get-MmLastSequence

    $undoRun = Invoke-MmCapture { Undo-CsMeetingMigration -CorrelationId $migration.CorrelationId -Wait -PassThru -Confirm:$false -ProgressAction SilentlyContinue }
    $undo = $undoRun.Output | Select-Object -Last 1
    $afterUndo = Get-MmEvents
    $undoUpdates = @(Get-MmUpdatesSince $sequenceBeforeUndo)
    $undoRows = @(Get-CsMeetingMigrationDetail -CorrelationId $undo.CorrelationId)
    $statusRows = @(Get-CsMeetingMigrationStatus -Identity $upn)
}

AfterAll {
    Disconnect-MeetingMigration
    if ($sandbox) { Stop-MmSandbox $sandbox }
}

Describe 'Undo-CsMeetingMigration -Wait against Exchange Online over HTTP' {
    It 'starts from a migration that updated Skype for Business and Teams meetings, then one of them was edited' {
        "$($migration.State)" | Should -BeExactly 'Succeeded'
        $migrated.Count | Should -BeGreaterThan 2
        $migrated.Count | Should -Be $migration.InvitesUpdate
        Assert-MmSequence -Actual ($migrated.MeetingType | Sort-Object -Unique) -Expected @('SkypeForBusiness', 'Teams')
        $edited | Should -Not -BeNullOrEmpty
        $editedBody | Should -Not -BeExactly $current.body.content -Because 'the edit must change the block'
        $beforeUndo[$edited.EventId].body.content | Should -BeExactly $editedBody
        # The edit is one the engine must see: its block fingerprint (what the block says, markup aside) changed.
        $fingerprint = ([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object Assemblies |
            Where-Object { $_.GetName().Name -eq 'MeetingMigration.Engine' } | Select-Object -First 1).GetType('MeetingMigration.Engine.Blocks.BlockFingerprint', $true)
        $fingerprint::Compute($editedBlock) | Should -Not -BeExactly $fingerprint::Compute($edited.NewBlockText) -Because "the edit of '$($lastDigits.Value)' must change what the block says"
    }

    It 'ends Failed, because one meeting was refused, with the MigrationFailed error naming it, and no retry scheduled' {
        $undo | Should -Not -BeNullOrEmpty -Because ($undoRun.Errors -join '; ')
        $undo | Should -BeOfType [MeetingMigration.PowerShell.Output.MeetingMigrationStatus]
        $undo.State | Should -Be ([MeetingMigration.MigrationState]::Failed)
        $undo.NextRetryTime | Should -BeNullOrEmpty -Because 'a retry would be refused the same way'
        $e = Get-MmSingleError $undoRun
        $e.FullyQualifiedErrorId | Should -BeExactly "MigrationFailed,$ns"
        $undoRun.Terminated | Should -BeFalse
        (Get-MmErrorMessage $e).Contains("'$($edited.Subject)'") | Should -BeTrue -Because (Get-MmErrorMessage $e)
    }

    It 'puts back, byte for byte, the block each other migrated meeting showed before the migration' {
        $restored = @($migrated | Where-Object EventId -CNE $edited.EventId)
        $restored.Count | Should -Be ($migrated.Count - 1)
        foreach ($row in $restored) {
            $afterUndo[$row.EventId].body.content | Should -BeExactly $beforeMigration[$row.EventId].body.content -Because "'$($row.Subject)' ($($row.EventId)) must show its earlier block again"
            $afterUndo[$row.EventId].body.content | Should -Not -BeExactly $beforeUndo[$row.EventId].body.content -Because 'the migration had changed it'
        }
    }

    It 'leaves the meeting changed after the migration exactly as its organizer left it' {
        $afterUndo[$edited.EventId].body.content | Should -BeExactly $editedBody
    }

    It 'touches no meeting the migration did not update' {
        $untouched = @($beforeMigration.Keys | Where-Object { $_ -cnotin $migrated.EventId })
        $untouched.Count | Should -BeGreaterThan 0 -Because 'the seeded calendar has meetings out of scope (past, not organizer, cancelled, pasted)'
        foreach ($id in $untouched) { $afterUndo[$id].body.content | Should -BeExactly $beforeMigration[$id].body.content }
    }

    It 'sends each attendee of each restored meeting exactly one more update, and nobody else anything' {
        $restoredIds = @($migrated | Where-Object EventId -CNE $edited.EventId | ForEach-Object EventId)
        # Who got the migration's update of each meeting: its attendees, once each.
        $expected = @($migrationUpdates | Where-Object { ($_ -split '\|')[0] -cin $restoredIds } | Sort-Object -CaseSensitive)
        $expected.Count | Should -BeGreaterThan $restoredIds.Count -Because 'the meetings have attendees'
        @($expected | Sort-Object -CaseSensitive -Unique).Count | Should -Be $expected.Count -Because 'the migration itself sent one update per attendee'
        Assert-MmSequence -Actual ($undoUpdates | Sort-Object -CaseSensitive) -Expected $expected
        # ...and those are each meeting's attendees, as Exchange lists them.
        foreach ($id in $restoredIds) {
            $recipients = @($undoUpdates | Where-Object { $_.StartsWith("$id|", [System.StringComparison]::Ordinal) } | ForEach-Object { ($_ -split '\|')[1].ToLowerInvariant() } | Sort-Object)
            $attendees = @($afterUndo[$id].attendees | ForEach-Object { $_.emailAddress.address.ToLowerInvariant() } | Sort-Object)
            Assert-MmSequence -Actual $recipients -Expected $attendees -Because "every attendee of '$($afterUndo[$id].subject)' gets one update"
        }
    }

    It 'sends nothing about the refused meeting' {
        @($undoUpdates | Where-Object { $_.StartsWith("$($edited.EventId)|", [System.StringComparison]::Ordinal) }).Count | Should -Be 0
    }

    It 'journals one Restored row per restored meeting with Graph''s request-id, and the refusal with its reason' {
        $restoredRows = @($undoRows | Where-Object Outcome -EQ ([MeetingMigration.MeetingOutcome]::Restored))
        Assert-MmSequence -Actual ($restoredRows.EventId | Sort-Object -CaseSensitive) -Expected ($migrated | Where-Object EventId -CNE $edited.EventId | ForEach-Object EventId | Sort-Object -CaseSensitive)
        $restoredRows | ForEach-Object { $_.GraphRequestId | Should -Match '^\S+$' }
        $refused = @($undoRows | Where-Object Outcome -EQ ([MeetingMigration.MeetingOutcome]::Refused))
        $refused.Count | Should -Be 1
        $refused[0].EventId | Should -BeExactly $edited.EventId
        $refused[0].Reason | Should -BeLike "*changed since request $($migration.CorrelationId)*"
        @($undoRows | Where-Object { $_.Outcome -notin 'Restored', 'Refused' }).Count | Should -Be 0 -Because 'no write was left Attempting and nothing else happened'
    }

    It 'is visible in Get-CsMeetingMigrationStatus as a request of its own, beside the migration it undid' {
        $statusRows.Count | Should -Be 2
        $row = $statusRows | Where-Object CorrelationId -EQ $undo.CorrelationId
        $row.Trigger | Should -BeExactly 'Undo-CsMeetingMigration'
        $row.State | Should -Be ([MeetingMigration.MigrationState]::Failed)
        $row.MigrationType | Should -Be $migration.MigrationType
        "$($row.TotalMeeting)/$($row.SucceededMeeting)/$($row.FailedMeeting)/$($row.InvitesUpdate)" |
            Should -BeExactly "$($migrated.Count)/$($migrated.Count - 1)/1/$($migrated.Count - 1)"
        $row.LastMessage | Should -BeLike "Undo of request $($migration.CorrelationId)*"
        $row.LastMessage | Should -Match "'$([regex]::Escape($edited.Subject))'.*changed since request $($migration.CorrelationId)"
        ($statusRows | Where-Object CorrelationId -EQ $migration.CorrelationId).State | Should -Be ([MeetingMigration.MigrationState]::Succeeded)
        @(Get-CsMeetingMigrationStatus -Identity $upn -State Failed).CorrelationId | Should -Be $undo.CorrelationId
    }

    It 'shows the undo in the status table and its meetings in the detail table' {
        # The table's 24-character column cuts a longer address with '…'.
        $shown = if ($upn.Length -gt 24) { $upn.Substring(0, 23) } else { $upn }
        $statusLine = @((Get-CsMeetingMigrationStatus -Identity $upn -State Failed | Format-Table | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.StartsWith($shown) })
        $statusLine.Count | Should -Be 1
        $statusLine[0] | Should -Match "^$([regex]::Escape($shown))\S*\s+Failed\s+\S+\s+$($migrated.Count - 1)/$($migrated.Count)\s+1\s+0\b"
        $detail = @((Get-CsMeetingMigrationDetail -CorrelationId $undo.CorrelationId -Outcome Refused | Format-Table | Out-String -Width 120) -split '\r?\n' | Where-Object { $_.Trim() })
        $detail.Count | Should -Be 3 -Because ($detail -join "`n")
        $detail[2] | Should -Match '^\S+\s+Refused\s+\d{4}-\d\d-\d\d \d\d:\d\d .+ changed since request '
    }

    It 'a second undo of the same request leaves alone what the first put back: it mails nobody and still refuses the changed meeting' {
        $sequence = Get-MmLastSequence
        $before = Get-MmEvents
        $again = Invoke-MmCapture { Undo-CsMeetingMigration -CorrelationId $migration.CorrelationId -Wait -PassThru -Confirm:$false -ProgressAction SilentlyContinue }
        $second = $again.Output | Select-Object -Last 1
        (Get-MmSingleError $again).FullyQualifiedErrorId | Should -BeExactly "MigrationFailed,$ns" -Because 'the changed meeting is refused again'
        # As its plan says ("1 meeting(s) (N more put back already)"): what the first undo put back is not written again,
        # whatever it shows now (an outside probe: a re-run rewrote a meeting its organizer had set back by hand).
        "$($second.TotalMeeting)/$($second.SucceededMeeting)/$($second.FailedMeeting)/$($second.InvitesUpdate)" | Should -BeExactly "1/0/1/0"
        $rows = @(Get-CsMeetingMigrationDetail -CorrelationId $second.CorrelationId)
        $rows.Count | Should -Be 1
        @($rows | Where-Object Outcome -EQ Refused).EventId | Should -BeExactly $edited.EventId
        @(Get-MmUpdatesSince $sequence).Count | Should -Be 0
        $after = Get-MmEvents
        foreach ($id in $before.Keys) { $after[$id].body.content | Should -BeExactly $before[$id].body.content }
    }

    It 'refuses an undo that would restore nothing (NothingToUndo, naming the request or user) and queues nothing' {
        # A user whose calendar has nothing to migrate: the migration succeeds and updates no meeting.
        $idle = 'idle-undo@contoso.test'
        $null = Invoke-MmSandboxControl -Sandbox $sandbox -Path tenant -Method Post -Body @{ users = @(@{ userPrincipalName = $idle; displayName = 'Idle' }) }
        $nothing = Start-CsExMeetingMigration -Identity $idle -Wait -ProgressAction SilentlyContinue -ErrorAction Stop
        "$($nothing.State)/$($nothing.InvitesUpdate)" | Should -BeExactly 'Succeeded/0'
        $before = @(Get-CsMeetingMigrationStatus).Count

        $byRequest = Get-MmSingleError (Invoke-MmCapture { Undo-CsMeetingMigration -CorrelationId $nothing.CorrelationId -Confirm:$false })
        $byUser = Get-MmSingleError (Invoke-MmCapture { Undo-CsMeetingMigration -Identity $idle -Confirm:$false })

        $byRequest.FullyQualifiedErrorId | Should -BeExactly "NothingToUndo,$ns"
        $byRequest.Exception.Message | Should -BeLike "The request $($nothing.CorrelationId) of $idle (Succeeded) updated no meeting*Nothing was queued."
        $byRequest.TargetObject | Should -Be $nothing.CorrelationId
        $byUser.FullyQualifiedErrorId | Should -BeExactly "NothingToUndo,$ns"
        $byUser.Exception.Message | Should -BeLike "'$idle' has no meeting whose block a migration wrote*Nothing was queued."
        $byUser.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-CsMeetingMigrationStatus).Count | Should -Be $before
    }
}

# A -Wait session runs what the queue holds ahead of its own request first: until 2026-12-06 a migration of one kind run
# with -Wait went ahead of an undo queued before it, so the undo took back what it had just written (one more update per
# meeting than queue order sends, and the outside probes' findings of that month all came from that order).
Describe 'Start-CsExMeetingMigration -Wait with an undo of the user queued before its request' {
    BeforeAll {
        $remigration = Start-CsExMeetingMigration -Identity $upn -Wait -ProgressAction SilentlyContinue -ErrorAction Stop -WarningAction SilentlyContinue
        $queuedUndo = Undo-CsMeetingMigration -Identity $upn -PassThru -Confirm:$false -ErrorAction Stop
        $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -SourceMeetingType Teams -Wait -Verbose -ProgressAction SilentlyContinue 4>&1 }
        $teamsOnly = @($run.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Select-Object -Last 1
        $verbose = @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $undoAfter = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $queuedUndo.CorrelationId
        $undoRows = @(Get-CsMeetingMigrationDetail -CorrelationId $queuedUndo.CorrelationId)
        $teamsRows = @(Get-CsMeetingMigrationDetail -CorrelationId $teamsOnly.CorrelationId)
    }

    It 'runs the undo first, in this session, says so, then its own request' {
        "$($remigration.State)" | Should -BeExactly 'Succeeded'
        "$($queuedUndo.State)" | Should -BeExactly 'Pending'
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join "`n")
        $teamsOnly.CorrelationId | Should -Not -Be $queuedUndo.CorrelationId
        "$($teamsOnly.State)" | Should -BeExactly 'Succeeded'
        "$($undoAfter.State)" | Should -BeExactly 'Succeeded' -Because $undoAfter.LastMessage
        $undoAfter.InvitesUpdate | Should -BeGreaterThan 0
        @($verbose | Where-Object { $_ -like "Ran request $($queuedUndo.CorrelationId) of $upn (an undo, queued ahead of this migration) first, as the queue runs them: Succeeded, *" }).Count |
            Should -Be 1 -Because ($verbose -join "`n")
    }

    It 'journals the undo''s writes before any of the migration''s' {
        $undoRows.Count | Should -BeGreaterThan 0
        if ($teamsRows.Count -gt 0) {
            ($undoRows | Measure-Object Time -Maximum).Maximum | Should -BeLessOrEqual ($teamsRows | Measure-Object Time -Minimum).Minimum
        }
        $teamsOnly.InvitesUpdate | Should -Be @($teamsRows | Where-Object Outcome -EQ Updated).Count
    }
}

# Found by outside probes (G, H): an undo that has put meetings back and then waits for its retry (Graph failed part-way)
# was ended by a migration of every kind, or left behind by a second Undo of the same request, and what ran next split a
# series. The undo's retry is brought forward instead: asked for again it runs now as the same request, and a migration of
# every kind runs it first. Graph fails here as a busy Exchange does (503 on every call) from the undo's first restore on.
Describe 'An undo waiting for its retry after putting meetings back' {
    BeforeAll {
        $storePath = Join-Path $TestDrive 'undo.db'
        $token = ConvertTo-SecureString 'test-token' -AsPlainText -Force
        # Runs Undo-CsMeetingMigration -Wait with the given parameters; once its first restore is written, Graph answers
        # 503 to every call (no Retry-After wait), so the undo's attempt ends waiting for its retry. The sandbox counts the
        # writes itself (failAfterWrites): the test flipped the fault on seeing the first update, within an 800 ms window.
        function Invoke-MmUndoUntilRetry {
            param([hashtable] $UndoParameters)
            $null = Invoke-MmSandboxControl -Sandbox $sandbox -Path faults -Method Put -Body @{ failAfterWrites = 1; errorStatuses = @(503); retryAfterSeconds = 0 }
            try { Undo-CsMeetingMigration @UndoParameters -Wait -PassThru -Confirm:$false -ErrorAction SilentlyContinue -ProgressAction SilentlyContinue | Select-Object -Last 1 }
            finally { $null = Invoke-MmSandboxControl -Sandbox $sandbox -Path faults -Method Put -Body @{} }
        }

        # Restored rows of a request: the meetings it put back, each once.
        function Get-MmRestored { param([guid] $CorrelationId) @(Get-CsMeetingMigrationDetail -CorrelationId $CorrelationId -Outcome Restored | Sort-Object EventId -Unique) }

        # Every attendee update for each meeting since a sequence number: "eventId" -> how many each recipient got (distinct).
        function Get-MmUpdateCounts {
            param([long] $Sequence)
            $counts = @{}
            foreach ($group in (Get-MmUpdatesSince $Sequence) | Group-Object) {
                $eventId = $group.Name.Split('|')[0]
                $counts[$eventId] = @($counts[$eventId]) + $group.Count | Where-Object { $null -ne $_ }
            }
            $counts
        }

        Connect-MeetingMigration -StorePath $storePath -GraphEndpoint $sandbox.GraphUrl -AccessToken $token
        # The organizer's meetings migrated again (every kind), so there is something to undo.
        $migrationB = Start-CsExMeetingMigration -Identity $upn -Wait -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $sequenceB = Get-MmLastSequence
        $undoB = Invoke-MmUndoUntilRetry @{ CorrelationId = $migrationB.CorrelationId }
        $waitingB = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undoB.CorrelationId
        $restoredBeforeB = Get-MmRestored $undoB.CorrelationId
        $undoWhatIfB = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$storePath'
Undo-CsMeetingMigration -CorrelationId $($migrationB.CorrelationId) -WhatIf
"@
        function Get-MmUndoCount { @(Get-CsMeetingMigrationStatus -Identity $upn | Where-Object Trigger -EQ 'Undo-CsMeetingMigration').Count }
        $undosBeforeAgainB = Get-MmUndoCount
        $againB = Invoke-MmCapture { Undo-CsMeetingMigration -CorrelationId $migrationB.CorrelationId -Wait -PassThru -Confirm:$false -Verbose -ProgressAction SilentlyContinue 4>&1 }
        $verboseB = @($againB.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $ranB = @($againB.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Select-Object -Last 1
        $undosAfterAgainB = Get-MmUndoCount
        $updatesB = Get-MmUpdateCounts $sequenceB

        # Again, then a migration of every kind while the undo waits for its retry.
        $migrationC = Start-CsExMeetingMigration -Identity $upn -Wait -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $sequenceC = Get-MmLastSequence
        $undoC = Invoke-MmUndoUntilRetry @{ Identity = $upn }
        $waitingC = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undoC.CorrelationId
        $restoredBeforeC = Get-MmRestored $undoC.CorrelationId
        $storeBeforeWhatIfC = Get-MmStoreSnapshot
        $startWhatIfC = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$storePath'
Start-CsExMeetingMigration -Identity $upn -WhatIf
"@
        $storeAfterWhatIfC = Get-MmStoreSnapshot
        $startC = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -Wait -Verbose -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1 }
        $verboseC = @($startC.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $migrationAfterC = @($startC.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Select-Object -Last 1
        $undoAfterC = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undoC.CorrelationId
        $updatesC = Get-MmUpdateCounts $sequenceC

        # An undo that put meetings back ends Failed (no automatic retries), the admin runs it again as its status says, and a
        # migration of every kind is queued then: the undo asked again finishes what the Failed one put back, first.
        $retryLimit = (Get-CsTenantMigrationConfiguration).UserRetryLimit
        Set-CsTenantMigrationConfiguration -UserRetryLimit 0 -Confirm:$false
        try { $undoD = Invoke-MmUndoUntilRetry @{ Identity = $upn } }
        finally { Set-CsTenantMigrationConfiguration -UserRetryLimit $retryLimit -Confirm:$false }
        $failedD = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undoD.CorrelationId
        $restoredByFailedD = Get-MmRestored $undoD.CorrelationId
        $againD = Undo-CsMeetingMigration -Identity $upn -PassThru -Confirm:$false -ErrorAction Stop
        $startWhatIfD = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$storePath'
Start-CsExMeetingMigration -Identity $upn -WhatIf
"@
        $startD = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -Wait -Verbose -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1 }
        $verboseD = @($startD.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $againAfterD = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $againD.CorrelationId

        # Stop-CsMeetingMigration of an undo waiting for its retry after putting meetings back: said before and after.
        $undoE = Invoke-MmUndoUntilRetry @{ Identity = $upn }
        $stopWhatIfE = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$storePath'
Stop-CsMeetingMigration -CorrelationId $($undoE.CorrelationId) -WhatIf
"@
        $stopE = Invoke-MmCapture { Stop-CsMeetingMigration -CorrelationId $undoE.CorrelationId -Confirm:$false }
        $stoppedE = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $undoE.CorrelationId

        # Then a migration of every kind, with no undo queued to run first: the store queues an undo ahead of it that finishes
        # what the stopped (Failed) undo put back, said before and after; stopping the migration takes that undo out with it.
        function Get-MmPendingUndo { @(Get-CsMeetingMigrationStatus -Identity $upn | Where-Object { $_.Trigger -eq 'Undo-CsMeetingMigration' -and "$($_.State)" -eq 'Pending' }) }
        $startWhatIfF = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$storePath'
Start-CsExMeetingMigration -Identity $upn -WhatIf
"@
        $startF = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -PassThru }
        $finishingF = Get-MmPendingUndo
        $stopF = Invoke-MmCapture { Stop-CsMeetingMigration -CorrelationId ($startF.Output | Select-Object -Last 1).CorrelationId -Confirm:$false -Verbose 4>&1 }
        $finishingAfterStopF = Get-MmPendingUndo
        # Queued again, then that undo itself stopped: kept Failed, with a warning, and the migration taken out after it.
        $againF = Start-CsExMeetingMigration -Identity $upn -PassThru -WarningAction SilentlyContinue
        $finishingAgainF = Get-MmPendingUndo
        $stopFinishingF = Invoke-MmCapture { Stop-CsMeetingMigration -CorrelationId $finishingAgainF[0].CorrelationId -Confirm:$false }
        $stoppedFinishingF = Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $finishingAgainF[0].CorrelationId
        Stop-CsMeetingMigration -CorrelationId $againF.CorrelationId -Confirm:$false
        # The same from a dial-in change's trigger; then Start -Wait runs that undo first, and the migration.
        $dialInF = Invoke-MmCapture { Set-CsOnlineDialInConferencingUser -Identity $upn -ConferenceId 7770001 -Force -Verbose 4>&1 }
        $finishingG = Get-MmPendingUndo
        $sequenceG = Get-MmLastSequence
        $startG = Invoke-MmCapture { Start-CsExMeetingMigration -Identity $upn -Wait -Verbose -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1 }
        $verboseG = @($startG.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $migrationG = @($startG.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Select-Object -Last 1
        $finishedG = if ($finishingG.Count -eq 1) { Get-CsMeetingMigrationStatus -Identity $upn | Where-Object CorrelationId -EQ $finishingG[0].CorrelationId }
        $updatesG = Get-MmUpdateCounts $sequenceG
    }

    It 'the undo put meetings back, then waits for its retry (the arrangement)' {
        foreach ($case in @(@{ Undo = $undoB; Waiting = $waitingB; Restored = $restoredBeforeB }, @{ Undo = $undoC; Waiting = $waitingC; Restored = $restoredBeforeC })) {
            "$($case.Waiting.State)" | Should -BeExactly 'Pending' -Because $case.Waiting.LastMessage
            $case.Waiting.NextRetryTime | Should -Not -BeNullOrEmpty -Because $case.Waiting.LastMessage
            $case.Restored.Count | Should -BeGreaterThan 0 -Because 'the undo must have put a meeting back before Graph failed'
        }
    }

    It 'asked for again, the undo is the same request, its retry brought forward, and -WhatIf says so first' {
        @($undoWhatIfB | Where-Object { $_ -like "What if:*Run the undo of request $($migrationB.CorrelationId) waiting for its retry now, instead of at * (request $($undoB.CorrelationId)): restore the earlier block of*" }).Count |
            Should -Be 1 -Because ($undoWhatIfB -join "`n")
        $againB.Errors.Count | Should -Be 0 -Because ($againB.Errors -join "`n")
        $ranB.CorrelationId | Should -Be $undoB.CorrelationId
        "$($ranB.State)" | Should -BeExactly 'Succeeded' -Because $ranB.LastMessage
        @($verboseB -like "*was waiting for its retry (request $($undoB.CorrelationId)); it runs now instead, as that request.").Count | Should -Be 1 -Because ($verboseB -join "`n")
        $undosAfterAgainB | Should -Be $undosBeforeAgainB -Because 'no second undo is queued'
    }

    It 'mails each attendee of a meeting the second undo put back once for it, as its status counts' {
        $restored = Get-MmRestored $undoB.CorrelationId
        $ranB.InvitesUpdate | Should -Be $restored.Count
        foreach ($row in $restored) { @($updatesB[$row.EventId]) | Sort-Object -Unique | Should -Be 1 -Because "attendees of $($row.EventId) get one update for its restore" }
        @($updatesB.Keys | Where-Object { $_ -notin $restored.EventId }).Count | Should -Be 0 -Because 'nothing else was mailed'
    }

    It 'Start -WhatIf says the migration would run the waiting undo first, and changes nothing' {
        @($startWhatIfC | Where-Object { $_ -like "What if:*Queue All meetings*; it replaces the undo $($undoC.CorrelationId), waiting for its retry after putting meetings back (it runs first and stops before its next meeting, a series it has put back finished first; this migration writes again what it restored)*" }).Count |
            Should -Be 1 -Because ($startWhatIfC -join "`n")
        $storeAfterWhatIfC | Should -BeExactly $storeBeforeWhatIfC
    }

    It 'the migration of every kind runs the undo first, as its warning says, then writes again what it restored' {
        @($startC.Warnings -like "*the undo $($undoC.CorrelationId) is running, or has put meetings back*runs first*").Count | Should -Be 1 -Because ($startC.Warnings -join "`n")
        @($verboseC -like "Ran request $($undoC.CorrelationId) of $upn (an undo, queued ahead of this migration) first, as the queue runs them: *").Count | Should -Be 1 -Because ($verboseC -join "`n")
        "$($undoAfterC.State)" | Should -Not -BeIn @('Pending', 'InProgress') -Because $undoAfterC.LastMessage
        "$($migrationAfterC.State)" | Should -BeExactly 'Succeeded' -Because $migrationAfterC.LastMessage
        $migrationAfterC.CorrelationId | Should -Not -Be $undoC.CorrelationId
        # What the undo restored (before and after its retry) the migration wrote again; each write one update per attendee.
        $restored = Get-MmRestored $undoC.CorrelationId
        $rewritten = @(Get-CsMeetingMigrationDetail -CorrelationId $migrationAfterC.CorrelationId -Outcome Updated)
        foreach ($row in $restored) {
            $row.EventId | Should -BeIn $rewritten.EventId
            @($updatesC[$row.EventId]) | Sort-Object -Unique | Should -Be 2 -Because "attendees of $($row.EventId) get its restore and its migration, once each"
        }
        @($updatesC.Keys | Where-Object { $_ -notin $restored.EventId }).Count | Should -Be 0 -Because 'what the undo did not put back the migration leaves as it was'
    }

    It 'an undo asked again after one that put meetings back ended Failed runs before a migration of every kind queued then, as -WhatIf and the warning say' {
        "$($failedD.State)" | Should -BeExactly 'Failed' -Because $failedD.LastMessage
        $restoredByFailedD.Count | Should -BeGreaterThan 0 -Because 'the Failed undo must have put a meeting back'
        $failedD.LastMessage | Should -BeLikeExactly '* No retry is scheduled: UserRetryLimit is 0 (no automatic retries). Fix the cause, then run Undo-CsMeetingMigration again.'
        "$($againD.State)" | Should -BeExactly 'Pending'
        $againD.CorrelationId | Should -Not -Be $undoD.CorrelationId
        @($startWhatIfD | Where-Object { $_ -like "What if:*Queue All meetings*; it replaces the undo $($againD.CorrelationId), queued to finish what the Failed undo $($undoD.CorrelationId) put back (it runs first and stops before its next meeting*" }).Count |
            Should -Be 1 -Because ($startWhatIfD -join "`n")
        @($startD.Warnings -like "*the undo $($againD.CorrelationId) is running, or has put meetings back (or was stopped inside a restore, or finishes what a Failed undo put back) and runs first*").Count |
            Should -Be 1 -Because ($startD.Warnings -join "`n")
        @($verboseD -like "Ran request $($againD.CorrelationId) of $upn (an undo, queued ahead of this migration) first, as the queue runs them: *").Count | Should -Be 1 -Because ($verboseD -join "`n")
        "$($againAfterD.State)" | Should -Not -BeIn @('Pending', 'InProgress') -Because $againAfterD.LastMessage
    }

    It 'Stop-CsMeetingMigration of an undo waiting for its retry after putting meetings back says what it leaves, before and after' {
        "$($undoE.State)" | Should -BeExactly 'Pending'
        (Get-MmRestored $undoE.CorrelationId).Count | Should -BeGreaterThan 0 -Because 'the undo must have put a meeting back'
        @($stopWhatIfE | Where-Object { $_ -like "What if:*Cancel the scheduled retry of the undo, which has put meetings back (it then shows Failed; a series it put back may keep occurrences moved since*" }).Count |
            Should -Be 1 -Because ($stopWhatIfE -join "`n")
        $stopE.Errors.Count | Should -Be 0 -Because ($stopE.Errors -join "`n")
        @($stopE.Warnings -like "${upn}: the undo $($undoE.CorrelationId) had put meetings back; they keep their earlier block*Its status says what finishes them.").Count | Should -Be 1 -Because ($stopE.Warnings -join "`n")
        "$($stoppedE.State)" | Should -BeExactly 'Failed'
        $stoppedE.LastMessage | Should -BeLikeExactly "*Its retry was cancelled (Stop-CsMeetingMigration). The meetings it put back keep their earlier block*Undo-CsMeetingMigration -Identity '$upn' queues an undo that finishes them*"
        $stoppedE.LastMessage | Should -Not -BeLike "*Undo-CsMeetingMigration -CorrelationId $($undoE.CorrelationId)*"
    }

    It 'a migration of every kind queued after that stop, with no undo to run first, has an undo queued ahead of it to finish the series, as -WhatIf and the warnings say' {
        @($startWhatIfF | Where-Object { $_ -like "What if:*Queue All meetings*; the undo $($undoE.CorrelationId) ended Failed after putting meetings back: an undo is queued to run before this migration that puts back the occurrences moved since*so this migration leaves each such series in one kind*" }).Count |
            Should -Be 1 -Because ($startWhatIfF -join "`n")
        $startF.Errors.Count | Should -Be 0 -Because ($startF.Errors -join "`n")
        $migrationF = $startF.Output | Select-Object -Last 1
        $finishingF.Count | Should -Be 1 -Because 'one undo is queued ahead of the migration'
        @($startF.Warnings -like "${upn}: the undo $($undoE.CorrelationId) ended Failed after putting meetings back*the undo $($finishingF[0].CorrelationId), queued to run before the migration $($migrationF.CorrelationId), puts those back and nothing else*Stop-CsMeetingMigration -CorrelationId $($migrationF.CorrelationId) takes both out of the queue.").Count |
            Should -Be 1 -Because ($startF.Warnings -join "`n")
        $finishingF[0].LastMessage | Should -BeLikeExactly "Queued with request $($migrationF.CorrelationId), a migration, to run before it: the undo $($undoE.CorrelationId) ended Failed*"
        @($stopF.Output | Where-Object { "$_" -like "Removed with it the undo $($finishingF[0].CorrelationId), which the store had queued to run before it*" }).Count | Should -Be 1 -Because (@($stopF.Output | ForEach-Object { "$_" }) -join "`n")
        $finishingAfterStopF.Count | Should -Be 0 -Because 'the undo queued for the migration goes with it'
        $finishingAgainF.Count | Should -Be 1
        @($stopFinishingF.Warnings -like "${upn}: the undo $($finishingAgainF[0].CorrelationId) was queued by the store to run before the migration $($againF.CorrelationId)*a series of two kinds*").Count |
            Should -Be 1 -Because ($stopFinishingF.Warnings -join "`n")
        "$($stoppedFinishingF.State)" | Should -BeExactly 'Failed'
        $stoppedFinishingF.LastMessage | Should -BeLikeExactly 'Taken out of the queue (Stop-CsMeetingMigration) before it ran*'
        $dialInF.Errors.Count | Should -Be 0 -Because ($dialInF.Errors -join "`n")
        $finishingG.Count | Should -Be 1 -Because 'the dial-in change queued a migration of every kind, and an undo ahead of it'
        @($dialInF.Warnings -like "${upn}: the undo $($undoE.CorrelationId) ended Failed after putting meetings back*the undo $($finishingG[0].CorrelationId), queued to run before the migration*").Count |
            Should -Be 1 -Because (($dialInF.Warnings + @($dialInF.Output | ForEach-Object { "$_" })) -join "`n")
    }

    # Here the stopped undo put back no series with an occurrence moved since, so that undo finds nothing to put back and the
    # loop over what it restored checks nothing; the engine's FinishingUndoTests run one that does.
    It 'that undo runs first and succeeds, then the migration; anything it restored is written again, one update per attendee per write' {
        @($verboseG -like "Ran request $($finishingG[0].CorrelationId) of $upn (an undo, queued ahead of this migration) first, as the queue runs them: *").Count | Should -Be 1 -Because ($verboseG -join "`n")
        "$($finishedG.State)" | Should -BeExactly 'Succeeded' -Because $finishedG.LastMessage
        $finishedG.LastMessage | Should -BeLikeExactly "Queued before request $($migrationG.CorrelationId) (a migration) to finish what the undo $($undoE.CorrelationId) put back: *"
        "$($migrationG.State)" | Should -BeExactly 'Succeeded' -Because $migrationG.LastMessage
        $restored = @(Get-MmRestored $finishedG.CorrelationId)
        $finishedG.InvitesUpdate | Should -Be $restored.Count
        $rewritten = @(Get-CsMeetingMigrationDetail -CorrelationId $migrationG.CorrelationId -Outcome Updated)
        foreach ($row in $restored) {
            $row.EventId | Should -BeIn $rewritten.EventId
            @($updatesG[$row.EventId]) | Sort-Object -Unique | Should -Be 2 -Because "attendees of $($row.EventId) get its restore and its migration, once each"
        }
    }
}
