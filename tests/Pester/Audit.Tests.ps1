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
        @($updated.EventId | Sort-Object -Unique).Count | Should -Be $updated.Count
        foreach ($row in $updated) {
            $row.CorrelationId | Should -Be $status.CorrelationId
            $row.UserPrincipalName | Should -BeExactly $upn.ToLowerInvariant()
            $row.MeetingType | Should -BeExactly 'Teams'
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

    It 'an -Outcome outside its set is refused by PowerShell before anything is read' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationDetail -Identity $upn -Outcome Deleted }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentValidationError,$ns"
        $run.Terminated | Should -BeTrue
    }
}
