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
        $lines[3] | Should -BeLikeExactly 'a.very.long.user.principal.n…*' -Because 'a long address is cut, not wrapped'
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
            'CreateDate', 'ModifiedDate', 'DueTime', 'NextRetryTime', 'CorrelationId')
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
