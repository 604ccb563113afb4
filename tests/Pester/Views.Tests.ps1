#Requires -Version 7.0
# The status views (MeetingMigration.Format.ps1xml, issue 11) through Format-Table/Format-List | Out-String at fixed widths,
# as a console of that width shows them: one line per request at 80 and 120 columns, the important columns first.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')

    # The table's lines without the blank ones, each trimmed at the end.
    function Get-MmTableLines {
        param([Parameter(Mandatory)] [int] $Width)
        $text = Get-CsMeetingMigrationStatus | Format-Table | Out-String -Width $Width
        @($text -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ })
    }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'The default status table' {
    BeforeAll {
        $null = Connect-MmFreshStore
        $long = 'a.very.long.user.principal.name.indeed@contoso.onmicrosoft.com'
        'ashaw@contoso.com', $long | Start-CsExMeetingMigration -WarningAction SilentlyContinue
        Start-CsExMeetingMigration bob@contoso.com -TargetMeetingType Teams -WarningAction SilentlyContinue
    }

    It 'at <Width> columns every line fits and each request is one line (header, rule, 3 rows)' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $lines = Get-MmTableLines -Width $Width
        $lines.Count | Should -Be 5 -Because ($lines -join "`n")
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width -Because $_ }
        $lines[2] | Should -Match '^ashaw@contoso\.com\s+Pending\s+ToSameType\s+0/0\s+0\s+0\b'
        $lines[4] | Should -Match '^bob@contoso\.com\s+Pending\s+AllToTeams\s+0/0\s+0\s+0\b'
        $lines[3] | Should -BeLikeExactly 'a.very.long.user.princi…*' -Because 'a long address is cut, not wrapped'
    }

    It 'at 80 columns it shows UserPrincipalName, State, MigrationType, Meetings, Failed, Retries and nothing squeezed' {
        $lines = Get-MmTableLines -Width 80
        $lines[0] | Should -Match '^UserPrincipalName\s+State\s+MigrationType\s+Meetings\s+Failed\s+Retries$'
    }

    It 'at 120 columns it adds Modified (local time) and LastMessage' {
        $lines = Get-MmTableLines -Width 120
        $lines[0] | Should -Match '^UserPrincipalName\s+State\s+MigrationType\s+Meetings\s+Failed\s+Retries\s+Modified\s+LastMessage$'
        $modified = (Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com).ModifiedDate.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
        $lines[2] | Should -BeLikeExactly "* $modified*"
    }

    # Outside probe P: two long addresses looked alike at any width; the help names -AutoSize for whole ones.
    It 'Format-Table -AutoSize shows a long address whole, as the help says' {
        $text = Get-CsMeetingMigrationStatus | Format-Table -AutoSize | Out-String -Width 200
        $text | Should -Match '(?m)^a\.very\.long\.user\.principal\.name\.indeed@contoso\.onmicrosoft\.com\s+Pending\b'
    }

    It 'the seed document''s Format-Table UserId,LastErrorMessage is unaffected (explicit columns)' {
        $text = Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com | Format-Table UserId,LastErrorMessage | Out-String -Width 80
        $text | Should -Match '(?m)^UserId\s+LastErrorMessage\s*$'
        $text | Should -Match '(?m)^ashaw@contoso\.com\s*$'
    }
}

Describe 'The list view of one request' {
    BeforeAll {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration ashaw@contoso.com -WarningAction SilentlyContinue
        $text = Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com | Format-List | Out-String -Width 80
        $names = @($text -split '\r?\n' | Where-Object { $_ -match '^(\w+)\s+: ' } | ForEach-Object { $_ -replace '^(\w+)\s+: .*$', '$1' })
    }

    It 'lists every property of the request, the user first and the correlation id last' {
        Assert-MmSequence -Actual $names -Expected @('UserPrincipalName', 'UserObjectId', 'State', 'MigrationType', 'SourceMeetingType',
            'TargetMeetingType', 'Trigger', 'TotalMeeting', 'SucceededMeeting', 'FailedMeeting', 'InvitesUpdate', 'RetryCount', 'LastMessage',
            'CreateDate', 'ModifiedDate', 'DueTime', 'NextRetryTime', 'HeldBy', 'HeldUntil', 'CorrelationId')
    }

    It 'shows the times with their UTC offset, so they say what they are' {
        $r = Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com
        $expected = $r.CreateDate.ToString('yyyy-MM-dd HH:mm:ss (zzz)', [cultureinfo]::InvariantCulture)
        $text | Should -Match ('(?m)^CreateDate\s+: ' + [regex]::Escape($expected) + '$')
        $text | Should -Match '(?m)^DueTime\s+: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \([+-]\d\d:\d\d\)$'
    }

    It 'every line fits 80 columns' {
        $text -split '\r?\n' | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }
}

# The audit views (Get-CsMeetingMigrationDetail). Journal rows come only from migrations against Graph, so the rows here
# are made with the output type's name (PowerShell picks a view by it) and exactly its properties; Undo.Tests.ps1
# formats real rows from the sandbox.
Describe 'The default detail table' {
    BeforeAll {
        $typeName = 'MeetingMigration.PowerShell.Output.MeetingMigrationDetail'
        function New-MmDetailRow {
            param([string] $User, [MeetingMigration.MeetingOutcome] $Outcome, [string] $Subject, [string] $Reason, $Start, [switch] $WithText)
            [pscustomobject]@{
                PSTypeName = $typeName; UserPrincipalName = $User; CorrelationId = [guid]'5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'
                EventId = 'AAMkAGI2TG93AAA='; Subject = $Subject; Start = $Start; MeetingType = [MeetingMigration.MeetingKind]::Teams
                Outcome = $Outcome; Reason = $Reason; Time = [datetimeoffset]::new(2026, 11, 2, 9, 30, 5, [timespan]::FromHours(-8))
                GraphRequestId = 'b3c1e6a2-0d7f-4c55-9a0e-3f8e2f1d9c77'; OldBlock = 'Teams; join teams.microsoft.com; ID 111 222 333'
                NewBlock = 'Teams; join teams.microsoft.com; ID 444 555 666'
                OldBlockText = if ($WithText) { 'Microsoft Teams meeting Join: https://teams.microsoft.com/l/meetup-join/old' }
                NewBlockText = if ($WithText) { 'Microsoft Teams meeting Join: https://teams.microsoft.com/l/meetup-join/new' }
            }
        }
        $start = [datetimeoffset]::new(2031, 3, 3, 15, 0, 0, [timespan]::FromHours(1))
        $rows = @(
            New-MmDetailRow -User ashaw@contoso.com -Outcome Updated -Subject 'Weekly sync' -Reason '' -Start $start
            New-MmDetailRow -User 'a.very.long.user.principal.name.indeed@contoso.onmicrosoft.com' -Outcome AlreadyUpdated `
                -Subject "A long subject`r`nthat was typed on two lines" -Reason "an earlier attempt wrote this block:`nnothing was sent" -Start $null
            New-MmDetailRow -User bob@contoso.com -Outcome Refused -Subject 'Budget review' `
                -Reason 'changed since request 5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21: its block is no longer the one the migration wrote' -Start $start
        )

        function Get-MmDetailLines {
            param([Parameter(Mandatory)] [int] $Width)
            $text = $rows | Format-Table | Out-String -Width $Width
            @($text -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ })
        }
    }

    It 'is formatted from rows with exactly the properties of MeetingMigrationDetail, in order' {
        Assert-MmSequence -Actual ($rows[0].PSObject.Properties.Name) -Expected ([MeetingMigration.PowerShell.Output.MeetingMigrationDetail].GetProperties().Name)
        $rows[0].PSObject.TypeNames[0] | Should -BeExactly $typeName
    }

    It 'at <Width> columns every line fits and each meeting is one line (header, rule, 3 rows)' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $lines = Get-MmDetailLines -Width $Width
        $lines.Count | Should -Be 5 -Because ($lines -join "`n")
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width -Because $_ }
        $lines[2] | Should -Match '^ashaw@contoso\.com\s+Updated\s+2031-03-0\d \d\d:\d\d Weekly sync$'
        $lines[3] | Should -BeLikeExactly 'a.very.long.user.princi… AlreadyUpdated                  A long subject that w…*' -Because 'long values are cut, line breaks folded, an unknown start left empty'
        $lines[4] | Should -Match '^bob@contoso\.com\s+Refused\s+2031-03-0\d \d\d:\d\d Budget review\b'
    }

    It 'at 80 columns it shows UserPrincipalName, Outcome, Start and Subject, and leaves out only Reason' {
        $lines = Get-MmDetailLines -Width 80
        $lines[0] | Should -Match '^UserPrincipalName\s+Outcome\s+Start\s+Subject$'
    }

    It 'at 120 columns it adds Reason, with its line breaks folded' {
        $lines = Get-MmDetailLines -Width 120
        $lines[0] | Should -Match '^UserPrincipalName\s+Outcome\s+Start\s+Subject\s+Reason$'
        $lines[3] | Should -BeLikeExactly '* an earlier attempt wrote this block: no…'
        $lines[4] | Should -BeLikeExactly '* Budget review          changed since request 5b0e8a8e-*…' -Because 'Reason starts right after Subject and is cut at the edge'
    }

    It 'shows Start in the session''s local time, whatever offset the value carries (one read back from another zone)' {
        $lines = Get-MmDetailLines -Width 120
        $lines[2] | Should -BeLikeExactly "* $($start.ToLocalTime().ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)) *"
    }

    It 'shows Start in ConstrainedLanguage too (the column was blank: ToLocalTime() is a call that language mode refuses)' {
        $runspace = New-MmRunspace
        try {
            $run = Invoke-MmRunspace $runspace '$ExecutionContext.SessionState.LanguageMode = ''ConstrainedLanguage''; $rows | Format-Table | Out-String -Width 120' @{ rows = $rows } -GlobalScope
        } finally { $runspace.Dispose() }

        $lines = @("$($run.Output)" -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ })
        $lines[2] | Should -BeLikeExactly "* $($start.ToLocalTime().ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)) *" -Because ($lines -join "`n")
    }

    It 'explicit columns are unaffected: Format-Table Subject,Outcome,Reason' {
        $text = $rows[2] | Format-Table Subject, Outcome, Reason | Out-String -Width 200
        $text | Should -Match '(?m)^Subject\s+Outcome\s+Reason\s*$'
        $text | Should -Match '(?m)^Budget review\s+Refused\s+changed since request 5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21: its block is no longer the one the migration wrote\s*$'
    }
}

Describe 'The list view of one meeting''s detail' {
    BeforeAll {
        $typeName = 'MeetingMigration.PowerShell.Output.MeetingMigrationDetail'
        function Get-MmListNames {
            param([Parameter(Mandatory)] [string] $Text)
            @($Text -split '\r?\n' | Where-Object { $_ -match '^(\w+)\s+: ' } | ForEach-Object { $_ -replace '^(\w+)\s+: .*$', '$1' })
        }
        $row = [pscustomobject]@{
            PSTypeName = $typeName; UserPrincipalName = 'bob@contoso.com'; CorrelationId = [guid]'5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'
            EventId = 'AAMkAGI2TG93AAA='; Subject = 'Budget review'; Start = [datetimeoffset]::new(2031, 3, 3, 15, 0, 0, [timespan]::FromHours(1))
            MeetingType = [MeetingMigration.MeetingKind]::SkypeForBusiness; Outcome = [MeetingMigration.MeetingOutcome]::Refused
            Reason = 'changed since request 5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21: its block is no longer the one the migration wrote'
            Time = [datetimeoffset]::new(2026, 11, 2, 9, 30, 5, [timespan]::FromHours(-8)); GraphRequestId = $null
            OldBlock = 'SkypeForBusiness; join meet.contoso.com; ID 111222'; NewBlock = 'SkypeForBusiness; join meet.contoso.com; ID 333444'
            OldBlockText = $null; NewBlockText = $null
        }
        $withText = $row.PSObject.Copy()
        $withText.OldBlockText = "Join Skype Meeting`r`nhttps://meet.contoso.com/bob/OLD"
        $withText.NewBlockText = "Join Skype Meeting`r`nhttps://meet.contoso.com/bob/NEW"
        $text = $row | Format-List | Out-String -Width 80
        $fullText = $withText | Format-List | Out-String -Width 80
    }

    It 'lists the meeting and its user first, then outcome and reason, time, blocks and the ids' {
        Assert-MmSequence -Actual (Get-MmListNames $text) -Expected @('UserPrincipalName', 'Subject', 'Start', 'MeetingType', 'Outcome', 'Reason',
            'Time', 'OldBlock', 'NewBlock', 'GraphRequestId', 'EventId', 'CorrelationId')
    }

    It 'adds the blocks'' full text only when -IncludeBlockText filled it' {
        Assert-MmSequence -Actual (Get-MmListNames $fullText) -Expected @('UserPrincipalName', 'Subject', 'Start', 'MeetingType', 'Outcome', 'Reason',
            'Time', 'OldBlock', 'NewBlock', 'GraphRequestId', 'EventId', 'CorrelationId', 'OldBlockText', 'NewBlockText')
        $fullText | Should -Match '(?m)^OldBlockText\s+: Join Skype Meeting\s*$'
    }

    It 'shows Start and Time with their UTC offset' {
        $text | Should -Match ('(?m)^Start\s+: ' + [regex]::Escape($row.Start.ToString('yyyy-MM-dd HH:mm:ss (zzz)', [cultureinfo]::InvariantCulture)) + '$')
        $text | Should -Match '(?m)^Time\s+: 2026-11-02 09:30:05 \(-08:00\)$'
    }

    It 'every line fits 80 columns' {
        $fullText -split '\r?\n' | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }
}

# A meeting's subject and blocks are the organizer's text (or that of whoever sent the invitation they forwarded), not the
# admin's: the views show their control, bidi and invisible characters escaped, as error messages do, and the objects keep
# the text as it is (outside probe AM: a subject rang the bell, set the terminal's title and reversed the rest of its line).
Describe 'Text from a mailbox in the detail and stale-meeting views' {
    BeforeAll {
        $esc = [char]27; $bel = [char]7; $rlo = [char]0x202E
        $subject = "Dup${bel}BEL$([char]0)NUL${esc}]0;pwned${bel}${rlo}evil"
        $shown = 'Dup\u0007BEL\0NUL\u001B]0;pwned\u0007\u202Eevil'
        $row = [pscustomobject]@{
            PSTypeName = 'MeetingMigration.PowerShell.Output.MeetingMigrationDetail'; UserPrincipalName = 'bob@contoso.com'
            CorrelationId = [guid]'5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'; EventId = 'AAMkAGI2TG93AAA='; Subject = $subject
            Start = [datetimeoffset]::new(2031, 3, 3, 15, 0, 0, [timespan]::Zero); MeetingType = [MeetingMigration.MeetingKind]::Teams
            Outcome = [MeetingMigration.MeetingOutcome]::Skipped; Reason = "no block${esc}[31m found`r`nat all"
            Time = [datetimeoffset]::new(2026, 11, 2, 9, 30, 5, [timespan]::Zero); GraphRequestId = $null
            OldBlock = "Teams; join teams.microsoft.com${rlo}; ID 111"; NewBlock = 'Teams; join teams.microsoft.com; ID 444'
            OldBlockText = "Microsoft Teams meeting`r`n`tJoin${esc}[2J here`nMeeting ID: 111"; NewBlockText = $null
        }
        $stale = [pscustomobject]@{
            PSTypeName = 'MeetingMigration.PowerShell.Output.MeetingMigrationStaleMeeting'; UserPrincipalName = 'bob@contoso.com'
            EventId = 'AAMkAGI2TG93AAA='; Subject = $subject; StartUtc = [datetime]::new(2031, 3, 3, 15, 0, 0, [DateTimeKind]::Utc)
            MeetingKind = [MeetingMigration.MeetingKind]::Teams; Action = 'Start-CsExMeetingMigration -Identity bob@contoso.com'
        }
        function Test-MmInert([string] $Text) {
            foreach ($c in $Text.ToCharArray()) {
                if ($c -notin "`r", "`n", "`t" -and ([char]::IsControl($c) -or [char]::GetUnicodeCategory($c) -eq 'Format')) { return $false }
            }
            $true
        }
    }

    It 'the table shows the subject and reason escaped, on one line each' {
        $text = $row | Format-Table | Out-String -Width 300
        Test-MmInert $text | Should -BeTrue -Because 'no control or bidi character reaches the console'
        $text | Should -Match ([regex]::Escape('2031-03-03 15:00 Dup\u0007BEL\0NUL\u00… no block\u001B[31m found at all')) -Because 'the subject column is 22 wide'
    }

    It 'the list shows subject, reason and blocks escaped, the block text with its lines and tab' {
        $text = $row | Format-List | Out-String -Width 300
        Test-MmInert $text | Should -BeTrue -Because $text
        $text | Should -Match ('(?m)^Subject\s+: ' + [regex]::Escape($shown) + '$')
        $text | Should -Match ('(?m)^OldBlock\s+: ' + [regex]::Escape('Teams; join teams.microsoft.com\u202E; ID 111') + '$')
        $text | Should -Match ('(?m)^OldBlockText\s+: Microsoft Teams meeting\r?$')
        $text | Should -Match ('(?m)^\s+\tJoin' + [regex]::Escape('\u001B[2J here') + '\r?$')
        $text | Should -Match ('(?m)^\s+Meeting ID: 111\r?$')
    }

    It 'Find-CsMeetingMigrationStaleMeeting''s view shows the subject escaped' {
        $text = $stale | Format-List | Out-String -Width 300
        Test-MmInert $text | Should -BeTrue -Because $text
        $text | Should -Match ('(?m)^Subject\s+: ' + [regex]::Escape($shown) + '$')
    }

    It 'the objects keep the text as it is, and Select-Object *, Export-Csv and ConvertTo-Json add nothing' {
        $row.Subject | Should -BeExactly $subject
        $row.SubjectShown | Should -BeExactly $shown -Because 'the views read a hidden property'
        @(($row | Select-Object *).PSObject.Properties.Name) | Should -Not -Contain 'SubjectShown'
        ($row | ConvertTo-Csv)[0] | Should -Not -Match 'Shown|Cell'
        ($row | ConvertTo-Json -Compress) | Should -Not -Match 'Shown|Cell'
    }

    It 'is escaped in ConstrainedLanguage too' {
        $runspace = New-MmRunspace
        try {
            $run = Invoke-MmRunspace $runspace '$ExecutionContext.SessionState.LanguageMode = ''ConstrainedLanguage''; $rows | Format-Table | Out-String -Width 300' @{ rows = @($row) } -GlobalScope
        } finally { $runspace.Dispose() }
        "$($run.Output)" | Should -Match ([regex]::Escape(' Dup\u0007BEL\0NUL\u00… no block\u001B[31m found at all'))
        Test-MmInert "$($run.Output)" | Should -BeTrue
    }
}

Describe 'Format-Table -View Reasons of the detail rows' {
    BeforeAll {
        $row = [pscustomobject]@{
            PSTypeName = 'MeetingMigration.PowerShell.Output.MeetingMigrationDetail'; UserPrincipalName = 'bob@contoso.com'
            CorrelationId = [guid]'5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'; EventId = 'AAMkAGI2TG93AAA='; Subject = "Budget$([char]27)]0;t$([char]7) review"
            Start = $null; MeetingType = [MeetingMigration.MeetingKind]::Teams; Outcome = [MeetingMigration.MeetingOutcome]::Refused
            Reason = "changed since request 5b0e8a8e:`r`nits block is no longer the one the migration wrote"
            Time = [datetimeoffset]::new(2026, 11, 2, 9, 30, 5, [timespan]::Zero); GraphRequestId = $null
            OldBlock = 'Teams'; NewBlock = 'Teams'; OldBlockText = $null; NewBlockText = $null
        }
    }

    It 'shows Subject, Outcome and Reason, one line per meeting, the mailbox''s text escaped (the help''s first example)' {
        $lines = @(($row | Format-Table -View Reasons | Out-String -Width 160) -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ })
        $lines[0] | Should -Match '^Subject\s+Outcome\s+Reason$'
        $lines.Count | Should -Be 3
        $lines[2] | Should -BeExactly 'Budget\u001B]0;t\u0007 review  Refused        changed since request 5b0e8a8e: its block is no longer the one the migration wrote'
    }
}
