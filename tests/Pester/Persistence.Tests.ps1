#Requires -Version 7.0
# The store outlives a session, each runspace keeps its own connection, and sessions writing to the same store at the same
# time lose nothing: two runspaces of one process (as ForEach-Object -Parallel or a host runs them) and two pwsh processes
# (as two admins' consoles, or a console and the service).

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $manifest = "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1"
    Import-Module $manifest -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')

    # The work each concurrent session does, once all of them are connected: one command per user (not one pipeline), so
    # every enqueue is its own write transaction, interleaved with settings writes and summary reads. Halfway through its
    # users each session waits until every other one is halfway too, so their writes overlap however the machine
    # schedules them (a session released first could otherwise finish before the other began, on a busy machine).
    $concurrentWork = {
        param([string] $Prefix, [int] $Count, [switch] $WithOtherWrites, [scriptblock] $Halfway)
        $started = [datetime]::UtcNow
        $errors = [System.Collections.Generic.List[string]]::new()
        $record = { param($e) foreach ($item in $e) { $errors.Add("$($item.FullyQualifiedErrorId): $item") } }
        try {
            1..$Count | ForEach-Object {
                if ($_ -eq [math]::Ceiling($Count / 2)) { & $Halfway }
                Start-CsExMeetingMigration -Identity "$Prefix$_@contoso.com" -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable e
                & $record $e
            }
            if ($WithOtherWrites) {
                1..10 | ForEach-Object {
                    Set-CsOnlineDialInConferencingTenantSettings -PinLength (4 + $_ % 8) -ErrorAction SilentlyContinue -ErrorVariable e
                    & $record $e
                }
                1..10 | ForEach-Object {
                    $null = Get-CsMeetingMigrationStatus -SummaryOnly -ErrorAction SilentlyContinue -ErrorVariable e
                    & $record $e
                }
            }
        }
        catch {
            $errors.Add("terminating: $($_.FullyQualifiedErrorId): $_")
        }
        [pscustomobject]@{ Session = $Prefix; Errors = $errors.ToArray(); Started = $started; Finished = [datetime]::UtcNow }
    }

    # The sessions really wrote at the same time: each started its work before the other finished (which the halfway wait
    # ensures; this checks that it did).
    function Assert-Overlapped {
        param($Results)
        $lastStart = ($Results.Started | Measure-Object -Maximum).Maximum
        $firstFinish = ($Results.Finished | Measure-Object -Minimum).Minimum
        $lastStart | Should -BeLessThan $firstFinish -Because (
            'the sessions'' work overlapped in time: ' + (($Results | ForEach-Object { "$($_.Session) $($_.Started.ToString('HH:mm:ss.fff'))-$($_.Finished.ToString('HH:mm:ss.fff'))" }) -join ', '))
    }

    # Runs $concurrentWork in two sessions on the store at $StorePath, released together once both have imported the
    # module and connected. Mode 'runspaces': two runspaces of this process (ForEach-Object -Parallel), released by a
    # Barrier; 'processes': two pwsh processes (Start-Job), released by a file both wait for.
    function Invoke-Concurrently {
        param([string] $Mode, [string] $StorePath, [string[]] $Prefixes, [int] $Count, [switch] $WithOtherWrites)
        $work = $concurrentWork.ToString()
        if ($Mode -eq 'runspaces') {
            $barrier = [System.Threading.Barrier]::new($Prefixes.Count)
            $halfwayBarrier = [System.Threading.Barrier]::new($Prefixes.Count)
            try {
                return $Prefixes | ForEach-Object -ThrottleLimit $Prefixes.Count -Parallel {
                    Import-Module $using:manifest -Force
                    Connect-MeetingMigration -StorePath $using:StorePath
                    if (-not ($using:barrier).SignalAndWait([timespan]::FromSeconds(60))) { throw 'the other session did not get ready' }
                    $halfwayAll = $using:halfwayBarrier
                    $halfway = { if (-not $halfwayAll.SignalAndWait([timespan]::FromSeconds(60))) { throw 'the other session did not get halfway' } }
                    & ([scriptblock]::Create($using:work)) -Prefix $_ -Count $using:Count -WithOtherWrites:$using:WithOtherWrites -Halfway $halfway
                    Disconnect-MeetingMigration
                }
            }
            finally {
                $barrier.Dispose()
                $halfwayBarrier.Dispose()
            }
        }

        $go = Join-Path $TestDrive ("go-{0}" -f [guid]::NewGuid().ToString('N'))
        $readyFiles = @(for ($i = 0; $i -lt $Prefixes.Count; $i++) { "$go.$i.ready" })
        $jobs = for ($i = 0; $i -lt $Prefixes.Count; $i++) {
            $prefix = $Prefixes[$i]
            $ready = $readyFiles[$i]
            Start-Job -ArgumentList $manifest, $StorePath, $prefix, $Count, $WithOtherWrites.IsPresent, $work, $ready, $go, $readyFiles -ScriptBlock {
                param($manifest, $storePath, $prefix, $count, $withOtherWrites, $work, $ready, $go, $readyFiles)
                Import-Module $manifest -Force
                Connect-MeetingMigration -StorePath $storePath
                $null = New-Item -ItemType File -Path $ready
                $deadline = [datetime]::UtcNow.AddSeconds(60)
                while (-not (Test-Path $go)) {
                    if ([datetime]::UtcNow -gt $deadline) { throw 'the go signal never came' }
                    Start-Sleep -Milliseconds 5
                }
                $halfway = {
                    $null = New-Item -ItemType File -Path "$ready.half"
                    $deadline = [datetime]::UtcNow.AddSeconds(60)
                    while (@($readyFiles | Where-Object { -not (Test-Path "$_.half") }).Count -gt 0) {
                        if ([datetime]::UtcNow -gt $deadline) { throw 'the other session did not get halfway' }
                        Start-Sleep -Milliseconds 5
                    }
                }
                & ([scriptblock]::Create($work)) -Prefix $prefix -Count $count -WithOtherWrites:$withOtherWrites -Halfway $halfway
                Disconnect-MeetingMigration
            }
        }
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(90)
            while (@($readyFiles | Where-Object { -not (Test-Path $_) }).Count -gt 0) {
                if ([datetime]::UtcNow -gt $deadline) { throw "the sessions did not get ready: $($jobs | Receive-Job -ErrorAction Continue 2>&1)" }
                Start-Sleep -Milliseconds 20
            }
            $null = New-Item -ItemType File -Path $go
            $finished = $jobs | Wait-Job -Timeout 120
            @($finished).Count | Should -Be $Prefixes.Count -Because 'both sessions finish within 120 s'
            $jobErrors = @()
            $results = $jobs | Receive-Job -ErrorVariable jobErrors -ErrorAction SilentlyContinue
            $jobErrors.Count | Should -Be 0 -Because "the sessions wrote no error of their own: $($jobErrors -join '; ')"
            $results
        }
        finally {
            $jobs | Remove-Job -Force
        }
    }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Persistence' {
    It 'requests and settings survive into a new pwsh process, which keeps merging into the Pending requests' {
        $path = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration -Identity bob@contoso.com -TargetMeetingType Teams -WarningAction SilentlyContinue
        Set-CsOnlineDialInConferencingTenantSettings -PinLength 9 -AutomaticallyMigrateUserMeetings $false
        Set-CsTenantMigrationConfiguration -UserRetryLimit 4
        $before = Get-MmStoreSnapshot
        Disconnect-MeetingMigration

        $json = Invoke-MmPwsh @"
`$ErrorActionPreference = 'Stop'
. '$PSScriptRoot/TestHelpers.ps1'
Import-Module '$manifest'
Connect-MeetingMigration -StorePath '$path'
`$snapshot = Get-MmStoreSnapshot
`$counts = @((Get-CsMeetingMigrationStatus -SummaryOnly).UserCount)
`$pin = (Get-CsOnlineDialInConferencingTenantSettings).PinLength
Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
[pscustomobject]@{
    Snapshot = `$snapshot; Counts = `$counts -join ','; PinLength = `$pin; PinLengthType = `$pin.GetType().FullName
    RecordsAfterStart = @(Get-CsMeetingMigrationStatus).Count
} | ConvertTo-Json -Compress
Disconnect-MeetingMigration
"@
        $LASTEXITCODE | Should -Be 0 -Because "the new pwsh process printed: $json"
        $second = $json | ConvertFrom-Json
        $second.Snapshot | Should -BeExactly $before
        $second.Counts | Should -BeExactly '2,0,0,0'
        $second.PinLength | Should -Be 9
        $second.PinLengthType | Should -BeExactly 'System.UInt32'
        $second.RecordsAfterStart | Should -Be 2

        Connect-MeetingMigration -StorePath $path
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 2
    }

    It 'Connect-MeetingMigration switches the runspace to another store and back' {
        $first = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue

        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'other.db')
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0

        Connect-MeetingMigration -StorePath $first
        $records = Get-CsMeetingMigrationStatus
        @($records).Count | Should -Be 1
        $records.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
    }

    It 'a store-only Connect keeps the session''s Graph sign-in; Disconnect drops both' {
        $token = ConvertTo-SecureString 'keep.me.signed.in' -AsPlainText -Force
        try {
            (Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'graph-a.db') -AccessToken $token -GraphEndpoint http://127.0.0.1:9/v1.0 -PassThru).GraphEndpoint |
                Should -Not -BeNullOrEmpty
            $switched = Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'graph-b.db') -PassThru
            $switched.StorePath | Should -BeExactly (Join-Path $TestDrive 'graph-b.db')
            $switched.GraphEndpoint | Should -Not -BeNullOrEmpty
        }
        finally {
            Disconnect-MeetingMigration
        }
        (Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'graph-c.db') -PassThru).GraphEndpoint | Should -BeNullOrEmpty
    }

    It 'each runspace keeps its own connection: connecting another runspace does not move this one' {
        $mine = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue

        $other = New-MmRunspace -StorePath (Join-Path $TestDrive 'runspace-b.db')
        try {
            $run = Invoke-MmRunspace $other 'Start-CsExMeetingMigration -Identity bob@contoso.com -WarningAction SilentlyContinue; (Get-CsMeetingMigrationStatus).UserPrincipalName'
            $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
            Assert-MmSequence $run.Output @('bob@contoso.com')
        }
        finally {
            $other.Dispose()
        }

        (Connect-MeetingMigration -PassThru -StorePath $mine).StorePath | Should -BeExactly $mine
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('ashaw@contoso.com')
    }
}

Describe 'Concurrency between two <Mode>' -ForEach @(@{ Mode = 'runspaces' }, @{ Mode = 'processes' }) {
    It 'queueing 50 users each at once, amid settings writes and summary reads, loses nothing and never errors ("database is locked")' {
        $path = Connect-MmFreshStore

        $results = Invoke-Concurrently -Mode $Mode -StorePath $path -Prefixes 'a', 'b' -Count 50 -WithOtherWrites

        @($results).Count | Should -Be 2
        Assert-Overlapped $results
        foreach ($r in $results) {
            $r.Errors.Count | Should -Be 0 -Because "session $($r.Session) wrote no error, got: $($r.Errors -join '; ')"
        }
        $users = @((Get-CsMeetingMigrationStatus).UserPrincipalName | Sort-Object -CaseSensitive)
        $expected = @(1..50 | ForEach-Object { "a$_@contoso.com"; "b$_@contoso.com" } | Sort-Object -CaseSensitive)
        $users.Count | Should -Be 100
        Assert-MmSequence $users $expected
        Assert-MmSequence (Get-CsMeetingMigrationStatus -SummaryOnly).UserCount @(100, 0, 0, 0)
    }

    It 'queueing the same 40 users at once keeps one Pending request per user' {
        $path = Connect-MmFreshStore

        $results = Invoke-Concurrently -Mode $Mode -StorePath $path -Prefixes 'same', 'same' -Count 40

        @($results).Count | Should -Be 2
        Assert-Overlapped $results
        foreach ($r in $results) {
            $r.Errors.Count | Should -Be 0 -Because "no session wrote an error, got: $($r.Errors -join '; ')"
        }
        $records = Get-CsMeetingMigrationStatus
        @($records).Count | Should -Be 40
        @($records.UserPrincipalName | Sort-Object -Unique).Count | Should -Be 40
        @($records | Where-Object { "$($_.State)" -ne 'Pending' }).Count | Should -Be 0
    }
}
