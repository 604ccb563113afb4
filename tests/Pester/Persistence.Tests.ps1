#Requires -Version 7.0
# The store outlives a session, and sessions writing at the same time lose nothing.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $manifest = "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1"
    Import-Module $manifest -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Persistence' {
    It 'requests and settings survive a new runspace' {
        $path = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Set-CsOnlineDialInConferencingTenantSettings -PinLength 9
        $before = Get-MmStoreSnapshot
        Disconnect-MeetingMigration

        # A fresh runspace imports the module and reads the same file.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($manifest, $path)
                Import-Module $manifest -Force
                Connect-MeetingMigration -StorePath $path
                (Get-CsMeetingMigrationStatus).UserPrincipalName
                (Get-CsOnlineDialInConferencingTenantSettings).PinLength
                Disconnect-MeetingMigration
            }).AddArgument($manifest).AddArgument($path)
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $out[0] | Should -Be 'ashaw@contoso.com'
            $out[1] | Should -Be 9
        }
        finally {
            $ps.Dispose()
        }

        Connect-MeetingMigration -StorePath $path
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'Concurrency' {
    It 'two runspaces queueing 50 users each at once lose nothing and never see "database is locked"' {
        $path = Connect-MmFreshStore
        $results = 'a', 'b' | ForEach-Object -ThrottleLimit 2 -Parallel {
            $prefix = $_
            Import-Module $using:manifest -Force
            Connect-MeetingMigration -StorePath $using:path
            $errors = @()
            foreach ($i in 1..50) {
                Start-CsExMeetingMigration -Identity "$prefix$i@contoso.com" -ErrorVariable +errors -ErrorAction SilentlyContinue 3>$null
            }
            Disconnect-MeetingMigration
            [pscustomobject]@{ Prefix = $prefix; Errors = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) }
        }
        foreach ($r in $results) {
            $r.Errors | Should -BeNullOrEmpty -Because "session $($r.Prefix) wrote no error"
        }
        $users = (Get-CsMeetingMigrationStatus).UserPrincipalName
        $users.Count | Should -Be 100
        @($users | Sort-Object -Unique).Count | Should -Be 100
        (Get-CsMeetingMigrationStatus -SummaryOnly | Where-Object State -eq 'Pending').UserCount | Should -Be 100
    }
}
