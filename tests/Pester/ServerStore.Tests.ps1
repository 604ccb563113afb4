# The PostgreSQL store through the module (issue 12): Connect-MeetingMigration -StoreConnectionString, tenants kept apart,
# the password never shown. Tests that need a server use the one in MEETINGMIGRATION_TEST_POSTGRES (.ci/run starts one) and
# report themselves skipped, with the reason, where none was given; the checks of bad input need no server and always run.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    $script:Server = $env:MEETINGMIGRATION_TEST_POSTGRES
    $script:NoServer = 'No PostgreSQL server: set MEETINGMIGRATION_TEST_POSTGRES to a connection string (.ci/run starts one).'
    # A schema of its own per test file (the store creates the schema named by Search Path).
    $script:Store = if ($Server) { "$Server;Search Path=mm_pester_$([guid]::NewGuid().ToString('N'))" }
}

AfterAll { Disconnect-MeetingMigration }

Describe 'Connect-MeetingMigration -StoreConnectionString' {
    It 'opens the server store and describes it without the password' {
        if (-not $Server) { Set-ItResult -Skipped -Because $NoServer; return }
        $canary = 'Canary-' + [guid]::NewGuid().ToString('N')
        $verbose = Connect-MeetingMigration -StoreConnectionString $Store -StorePassword (ConvertTo-SecureString $canary -AsPlainText -Force) -Verbose 4>&1
        $c = Get-MeetingMigrationConnection
        $c.StoreKind | Should -Be 'PostgreSQL'
        $c.StorePath | Should -Match '^postgresql://postgres@127\.0\.0\.1:\d+/postgres \(schema mm_pester_'
        $c.StoreSource | Should -Be 'Connect-MeetingMigration -StoreConnectionString'
        $c.StoreTenant | Should -Be ''
        (($c | Format-List * | Out-String) + ($verbose | Out-String)) | Should -Not -Match $canary
    }

    It 'keeps tenants apart: a session of one tenant never sees or counts the other tenant''s requests' {
        if (-not $Server) { Set-ItResult -Skipped -Because $NoServer; return }
        Connect-MeetingMigration -StoreConnectionString $Store -StoreTenant Contoso.onmicrosoft.com
        $a = Start-CsExMeetingMigration -Identity ada@contoso.com -SourceMeetingType All -TargetMeetingType Teams -PassThru -WarningAction SilentlyContinue
        (Get-MeetingMigrationConnection).StoreTenant | Should -Be 'contoso.onmicrosoft.com'

        Connect-MeetingMigration -StoreConnectionString $Store -StoreTenant fabrikam.onmicrosoft.com
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        (Get-CsMeetingMigrationStatus -SummaryOnly | Measure-Object UserCount -Sum).Sum | Should -Be 0
        $b = Start-CsExMeetingMigration -Identity ada@contoso.com -SourceMeetingType All -TargetMeetingType Teams -PassThru -WarningAction SilentlyContinue
        $b.CorrelationId | Should -Not -Be $a.CorrelationId
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false

        Connect-MeetingMigration -StoreConnectionString $Store -StoreTenant contoso.onmicrosoft.com
        @(Get-CsMeetingMigrationStatus).CorrelationId | Should -Be @($a.CorrelationId)
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeTrue
    }

    It 'is the default store when MEETINGMIGRATION_STORE_CONNECTION is set' {
        if (-not $Server) { Set-ItResult -Skipped -Because $NoServer; return }
        $old = $env:MEETINGMIGRATION_STORE_CONNECTION
        $env:MEETINGMIGRATION_STORE_CONNECTION = $Store
        try {
            Disconnect-MeetingMigration
            (Get-MeetingMigrationConnection).StoreSource | Should -Be 'MEETINGMIGRATION_STORE_CONNECTION'
            $null = Get-CsTenantMigrationConfiguration
            (Get-MeetingMigrationConnection).StoreKind | Should -Be 'PostgreSQL'
        } finally {
            $env:MEETINGMIGRATION_STORE_CONNECTION = $old
            Disconnect-MeetingMigration
        }
    }
}

Describe 'Copy-MeetingMigrationStore' {
    It 'copies a store file into an empty server store, once; -WhatIf copies nothing' {
        if (-not $Server) { Set-ItResult -Skipped -Because $NoServer; return }
        $file = Join-Path $TestDrive 'to-copy.db'
        Connect-MeetingMigration -StorePath $file
        $queued = 'ada@contoso.com', 'bob@contoso.com' | Start-CsExMeetingMigration -SourceMeetingType All -TargetMeetingType Teams -PassThru -WarningAction SilentlyContinue
        Set-CsTenantMigrationConfiguration -UserRetryLimit 5
        $target = "$Server;Search Path=mm_copy_$([guid]::NewGuid().ToString('N'))"

        Copy-MeetingMigrationStore -StorePath $file -DestinationConnectionString $target -WhatIf
        $copy = Copy-MeetingMigrationStore -StorePath $file -DestinationConnectionString $target
        $copy.Requests | Should -Be 2
        $copy.Settings | Should -Be 1
        $copy.Source | Should -Be (Get-Item $file).FullName
        $copy.Destination | Should -Match '^postgresql://'
        (Get-MeetingMigrationConnection).StorePath | Should -Be (Get-Item $file).FullName -Because 'the session keeps its store'

        Connect-MeetingMigration -StoreConnectionString $target
        (Get-CsMeetingMigrationStatus | Sort-Object UserPrincipalName).CorrelationId | Should -Be ($queued | Sort-Object UserPrincipalName).CorrelationId
        (Get-CsTenantMigrationConfiguration).UserRetryLimit | Should -Be 5

        # A second copy is refused before it asks, -WhatIf included (outside probe S: -WhatIf said it would copy).
        foreach ($whatIf in $false, $true) {
            $err = $null
            try { Copy-MeetingMigrationStore -StorePath $file -DestinationConnectionString $target -WhatIf:$whatIf } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'StoreNotEmpty,*'
            "$err" | Should -BeLike '*already holds data (1 rows in settings); nothing was copied.'
        }
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 2
    }

    It 'refuses a store file that does not exist, creating nothing' {
        $missing = Join-Path $TestDrive 'missing.db'
        $err = $null
        try { Copy-MeetingMigrationStore -StorePath $missing -DestinationConnectionString 'Host=127.0.0.1;Port=9;Database=x;Username=u' } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidStorePath,*'
        Test-Path $missing | Should -BeFalse
    }
}

Describe 'Bad store choices' {
    It '<Case> is <ErrorId> and leaves the session as it was' -ForEach @(
        @{ Case = 'A string that is not a connection string'; ErrorId = 'InvalidStoreConnectionString'; Run = { Connect-MeetingMigration -StoreConnectionString 'not a connection string' } }
        @{ Case = 'An unknown keyword (holding a password)'; ErrorId = 'InvalidStoreConnectionString'; Run = { Connect-MeetingMigration -StoreConnectionString 'Hots=db;Password=Canary-Secret-1' } }
        # Found by an outside probe: Npgsql names the keyword it does not know, and here that is the password's tail.
        @{ Case = 'A password with a semicolon, unquoted'; ErrorId = 'InvalidStoreConnectionString'; Run = { Connect-MeetingMigration -StoreConnectionString 'Host=db;Password=x;Canary-Secret-1=y' } }
        @{ Case = 'A server that cannot be reached'; ErrorId = 'StoreUnavailable'; Run = { Connect-MeetingMigration -StoreConnectionString 'Host=127.0.0.1;Port=9;Database=x;Username=u;Password=Canary-Secret-1;Timeout=3' } }
        @{ Case = '-StorePath with -StoreConnectionString'; ErrorId = 'ConflictingParameters'; Run = { Connect-MeetingMigration -StorePath (Join-Path $TestDrive 's.db') -StoreConnectionString 'Host=db' } }
        @{ Case = '-StorePassword without -StoreConnectionString'; ErrorId = 'ConflictingParameters'; Run = { Connect-MeetingMigration -StorePassword (ConvertTo-SecureString 'Canary-Secret-1' -AsPlainText -Force) } }
        @{ Case = 'A tenant with a bidi control'; ErrorId = 'InvalidTenantId'; Run = { Connect-MeetingMigration -StorePath (Join-Path $TestDrive 't.db') -StoreTenant "contoso`u{202E}.com" } }
    ) {
        $before = Join-Path $TestDrive 'before.db'
        Connect-MeetingMigration -StorePath $before
        $err = $null
        try { & $Run } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        ($err | Out-String) + $err.Exception.Message | Should -Not -Match 'Canary-Secret-1'
        (Get-MeetingMigrationConnection).StorePath | Should -Be (Get-Item $before).FullName
    }

    It 'names a keyword PostgreSQL does not know when the string holds no password, and not when it does' {
        $typo = $null; try { Connect-MeetingMigration -StoreConnectionString 'Hots=db;Database=x' } catch { $typo = $_ }
        $typo.Exception.Message | Should -BeLike "*hots*"
        $withPassword = $null; try { Connect-MeetingMigration -StoreConnectionString 'Hots=db;Password=p' } catch { $withPassword = $_ }
        $withPassword.Exception.Message | Should -Not -BeLike "*hots*"
        $withPassword.Exception.Message | Should -BeLike "*a password with ';' in it goes in quotes*"
    }
}
