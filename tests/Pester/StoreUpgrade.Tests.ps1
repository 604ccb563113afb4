#Requires -Version 7.0
# A store an older module left, opened by this one: it is upgraded in place, after which older modules and services refuse
# it, and one already running goes on with the older format until it is restarted. An outside probe of a rolling upgrade
# found that said nowhere, and Copy-MeetingMigrationStore -WhatIf upgrading the file it was only to look at.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $ModuleManifest -Force

    # A store as the previous schema version left it: made by this module, closed (its WAL checkpointed into the file), the
    # column the last step adds (requests.queued_for) dropped and its version (SQLite's user_version) set one lower, with the
    # store's own SQLite, so the file is what the older module wrote.
    function New-MmOlderStore([string] $Path) {
        Connect-MeetingMigration -StorePath $Path
        $null = Start-CsExMeetingMigration -Identity ada@contoso.com -WarningAction SilentlyContinue
        Disconnect-MeetingMigration
        $sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | Select-Object -First 1
        $connection = [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @("Data Source=$Path;Pooling=False"))
        try {
            $connection.Open()
            $command = $connection.CreateCommand(); $command.CommandText = 'PRAGMA user_version'
            $current = [int]$command.ExecuteScalar()
            $current | Should -BeGreaterThan 1 -Because 'the store has a schema version'
            $command.CommandText = "ALTER TABLE requests DROP COLUMN queued_for; PRAGMA user_version = $($current - 1); PRAGMA wal_checkpoint(TRUNCATE)"
            [void]$command.ExecuteNonQuery()
        }
        finally { $connection.Dispose() }
        $current
    }
}

AfterAll { Disconnect-MeetingMigration }

Describe 'Opening a store an older module left' {
    It 'warns once that it was upgraded, from which version to which, and what that means for older services' {
        $path = Join-Path $TestDrive 'older.db'
        $current = New-MmOlderStore $path

        Connect-MeetingMigration -StorePath $path -WarningVariable upgraded -WarningAction SilentlyContinue
        $null = Get-CsMeetingMigrationStatus -WarningVariable later -WarningAction SilentlyContinue

        @($upgraded).Count | Should -Be 1
        "$($upgraded[0])" | Should -BeLikeExactly "The store at '*older.db' was upgraded from schema version $($current - 1) to $current.*older*refuse it*restarted*"
        @($later).Count | Should -Be 0 -Because 'it is said once, by the command that opened the store'
        (Get-CsMeetingMigrationStatus).UserPrincipalName | Should -Be 'ada@contoso.com'
    }
}

Describe 'Copy-MeetingMigrationStore -WhatIf' {
    It 'says what it would copy and that the older file would be upgraded, and changes neither store' {
        $server = $env:MEETINGMIGRATION_TEST_POSTGRES
        if (-not $server) { Set-ItResult -Skipped -Because 'No PostgreSQL server: set MEETINGMIGRATION_TEST_POSTGRES to a connection string (.ci/run starts one).'; return }
        $path = Join-Path $TestDrive 'to-copy.db'
        $current = New-MmOlderStore $path
        $before = (Get-FileHash $path).Hash
        $schema = "mm_whatif_$([guid]::NewGuid().ToString('N'))"

        $text = (Invoke-MmPwsh -Command ("Import-Module '$ModuleManifest'; " +
            "Copy-MeetingMigrationStore -StorePath '$path' -DestinationConnectionString '$server;Search Path=$schema' -WhatIf")) -join "`n"

        $text | Should -BeLikeExactly "*What if:*Copy every tenant's data from *to-copy.db: 0 settings, 0 bridges, 0 dialin_users, 1 requests, 0 journal; the file has schema version $($current - 1), and the copy upgrades it to $current first*"
        $text | Should -BeLikeExactly "*on target `"postgresql://*(schema $schema)`"*"
        (Get-FileHash $path).Hash | Should -Be $before
        Test-Path "$path-wal", "$path-shm" | Should -Be $false, $false
        # Nothing was written there either: the copy itself still finds the destination empty.
        (Copy-MeetingMigrationStore -StorePath $path -DestinationConnectionString "$server;Search Path=$schema" -Confirm:$false -WarningAction SilentlyContinue).Requests | Should -Be 1
    }

    # Found by outside probe S: -WhatIf said it would copy into a server that could not be reached (or a store holding
    # data), and the real run then failed. The destination is connected to, read-only, before anything is asked.
    It 'refuses a destination server that cannot be reached, -WhatIf included, opening neither store' {
        $path = Join-Path $TestDrive 'to-copy-unreachable.db'
        $null = New-MmOlderStore $path
        $before = (Get-FileHash $path).Hash
        foreach ($whatIf in $true, $false) {
            $err = $null
            try { Copy-MeetingMigrationStore -StorePath $path -DestinationConnectionString 'Host=127.0.0.1;Port=9;Database=x;Username=u;Password=hunter2' -WhatIf:$whatIf -Confirm:$false } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'StoreUnavailable,*'
            "$err" | Should -BeLike "The store at 'postgresql://u@127.0.0.1:9/x' cannot be opened:*"
            "$err" | Should -Not -BeLike '*hunter2*'
        }
        (Get-FileHash $path).Hash | Should -Be $before
        Test-Path "$path-wal", "$path-shm" | Should -Be $false, $false
    }

    It 'refuses a destination connection string that cannot be used, before anything is opened' {
        # An outside probe: -WhatIf said it would copy into a connection string no copy could use.
        $path = Join-Path $TestDrive 'to-copy-bad.db'
        $null = New-MmOlderStore $path
        $before = (Get-FileHash $path).Hash
        $err = $null
        try { Copy-MeetingMigrationStore -StorePath $path -DestinationConnectionString 'Host=127.0.0.1;Nonsense=1;Password=hunter2' -WhatIf } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidStoreConnectionString,*'
        "$err" | Should -Not -BeLike '*hunter2*'
        (Get-FileHash $path).Hash | Should -Be $before
        Test-Path "$path-wal", "$path-shm" | Should -Be $false, $false
    }

    It 'copies an older file after upgrading it, and says so' {
        $server = $env:MEETINGMIGRATION_TEST_POSTGRES
        if (-not $server) { Set-ItResult -Skipped -Because 'No PostgreSQL server: set MEETINGMIGRATION_TEST_POSTGRES to a connection string (.ci/run starts one).'; return }
        $path = Join-Path $TestDrive 'older-copied.db'
        $current = New-MmOlderStore $path

        $copy = Copy-MeetingMigrationStore -StorePath $path -DestinationConnectionString "$server;Search Path=mm_upgrade_$([guid]::NewGuid().ToString('N'))" -Confirm:$false -WarningVariable said -WarningAction SilentlyContinue

        $copy.Requests | Should -Be 1
        @($said).Count | Should -Be 1
        "$($said[0])" | Should -BeLikeExactly "The store at '*older-copied.db' was upgraded from schema version $($current - 1) to $current.*"
    }
}
