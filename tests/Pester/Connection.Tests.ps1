# Which store a session uses, and saying so (issue 11): Get-MeetingMigrationConnection, and -Verbose when a cmdlet opens
# the store for a session that had none (a new one, or after Disconnect-MeetingMigration).
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
}

Describe 'Get-MeetingMigrationConnection' {
    It 'shows the chosen store, open, and no Graph connection, without a secret' {
        $path = Join-Path $TestDrive 'chosen.db'
        Connect-MeetingMigration -StorePath $path
        try {
            $c = Get-MeetingMigrationConnection
            $c.StorePath | Should -Be (Get-Item $path).FullName
            $c.StoreSource | Should -Be 'Connect-MeetingMigration -StorePath'
            $c.IsStoreOpen | Should -BeTrue
            $c.IsGraphConnected | Should -BeFalse
            $c.PSObject.Properties.Name | Should -Not -Contain 'AccessToken'
        } finally { Disconnect-MeetingMigration }
    }

    It 'after Disconnect says the store is closed and names the one the next cmdlet opens, which then says so in -Verbose' {
        $default = Join-Path $TestDrive 'default.db'
        $old = $env:MEETINGMIGRATION_STORE_PATH
        $env:MEETINGMIGRATION_STORE_PATH = $default
        try {
            Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'other.db')
            Disconnect-MeetingMigration
            Disconnect-MeetingMigration # twice, as a cleanup block may: still a session that was disconnected

            $c = Get-MeetingMigrationConnection
            $c.IsStoreOpen | Should -BeFalse
            $c.StorePath | Should -Be $default
            $c.StoreSource | Should -Be 'MEETINGMIGRATION_STORE_PATH'
            Test-Path $default | Should -BeFalse -Because 'describing the store does not open it'

            $records = Get-CsTenantMigrationConfiguration -Verbose 4>&1 3>&1
            $verbose = $records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            ($verbose.Message -join "`n") | Should -Match ([regex]::Escape($default))
            # And a warning, since the session had chosen another store: queueing into the default one is likely a mistake.
            $warning = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
            $warning.Count | Should -Be 1
            $warning[0].Message | Should -BeLikeExactly "After Disconnect-MeetingMigration this session uses $default (MEETINGMIGRATION_STORE_PATH).*"
            (Get-MeetingMigrationConnection).IsStoreOpen | Should -BeTrue
            # Opened once: a second cmdlet says nothing more about it.
            $again = Get-CsTenantMigrationConfiguration -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Store:*' }
            @($again).Count | Should -Be 0
        } finally {
            Disconnect-MeetingMigration
            $env:MEETINGMIGRATION_STORE_PATH = $old
        }
    }
}

Describe 'A runspace without a connection of its own' {
    It 'warns, in ForEach-Object -Parallel, that it uses the default store and not the one another runspace connected to' {
        # Found by an outside probe: parallel runspaces queued into the default store, silently.
        $chosen = Join-Path $TestDrive 'chosen-parallel.db'
        $manifest = "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1"
        $old = $env:MEETINGMIGRATION_STORE_PATH
        $env:MEETINGMIGRATION_STORE_PATH = Join-Path $TestDrive 'default-parallel.db'   # the process's default store
        Connect-MeetingMigration -StorePath $chosen
        try {
            $unconnected = @(1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module $using:manifest
                Get-CsTenantMigrationConfiguration 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message
            })
            $unconnected.Count | Should -Be 2
            $unconnected[0] | Should -BeLikeExactly "This runspace has no Connect-MeetingMigration of its own, so it uses $env:MEETINGMIGRATION_STORE_PATH (MEETINGMIGRATION_STORE_PATH), not $((Get-Item $chosen).FullName), which another runspace of this process connected to.*"

            $connected = @(1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module $using:manifest
                Connect-MeetingMigration -StorePath $using:chosen   # what the warning says to do: no warning then
                Get-CsTenantMigrationConfiguration 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message
            })
            $connected.Count | Should -Be 0 -Because ($connected -join "`n")
        } finally {
            Disconnect-MeetingMigration
            $env:MEETINGMIGRATION_STORE_PATH = $old
        }
    }
}

Describe "The engine's messages in the session" {
    BeforeAll {
        Import-Module $SandboxModule -Force
        $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 6 -Seed 4 -Configuration $BuildConfiguration
        $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
    }
    AfterAll { if ($Sandbox) { Stop-MmSandbox $Sandbox } }

    It 'shows what the engine did as Verbose and Debug records of Start -Wait, and nothing without -Verbose' {
        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'engine-log.db') -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
        try {
            $quiet = @(Start-CsExMeetingMigration -Identity $Upn -Wait 4>&1 5>&1 -ErrorAction SilentlyContinue | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -or $_ -is [System.Management.Automation.DebugRecord] })
            $quiet.Count | Should -Be 0

            $records = @(Start-CsExMeetingMigration -Identity $Upn -Wait -Verbose -Debug 4>&1 5>&1 -ErrorAction SilentlyContinue)
            $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
            $debug = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message
            ($verbose -join "`n") | Should -Match ([regex]::Escape($Upn) + ': \d+ meetings, \d+ succeeded') -Because "the attempt's summary is the engine's"
            ($debug -join "`n") | Should -Match 'calendar page of \d+ events read'
        } finally { Disconnect-MeetingMigration }
    }
}

Describe 'Connect-MeetingMigration -AccessToken of an impossible length' {
    It 'is InvalidConnectionParameters saying how long it is, and the session keeps its store' {
        $store = Join-Path $TestDrive 'long-token.db'
        Connect-MeetingMigration -StorePath $store
        try {
            $long = ConvertTo-SecureString ('a' * 20000) -AsPlainText -Force
            $run = Invoke-MmCapture { Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'other.db') -GraphEndpoint 'http://127.0.0.1:9/v1.0' -AccessToken $long }
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameters,*'
            $e.Exception.Message | Should -BeLike '*20000 characters; an access token has at most 16384*'
            (Get-MeetingMigrationConnection).StorePath | Should -Be (Get-Item $store).FullName
        } finally { Disconnect-MeetingMigration }
    }
}

# Found by an outside probe of store failures: after a Connect-MeetingMigration that could not open its store, the next
# cmdlet opened the default store, and a request queued there was one no service saw.
Describe 'After a Connect-MeetingMigration whose store cannot be opened' {
    BeforeEach {
        # The default store of each test is a file of its own, so "nothing was queued there" can be checked.
        $default = Join-Path $TestDrive "default-$([guid]::NewGuid()).db"
        $oldStorePath = $env:MEETINGMIGRATION_STORE_PATH
        $env:MEETINGMIGRATION_STORE_PATH = $default
        Disconnect-MeetingMigration
    }
    AfterEach {
        Disconnect-MeetingMigration
        $env:MEETINGMIGRATION_STORE_PATH = $oldStorePath
    }

    It 'store cmdlets refuse with StoreNotConnected, change nothing, and work again after a Connect that succeeds or a Disconnect' {
        $garbage = Join-Path $TestDrive 'garbage.db'
        [IO.File]::WriteAllBytes($garbage, [byte[]](1..200 | ForEach-Object { 0x5A }))
        $connect = Invoke-MmCapture { Connect-MeetingMigration -StorePath $garbage }
        (Get-MmSingleError $connect).FullyQualifiedErrorId | Should -BeLike 'InvalidStorePath,*'

        $start = Invoke-MmCapture { Start-CsExMeetingMigration -Identity 'ada@contoso.com' }
        $e = Get-MmSingleError $start
        $e.FullyQualifiedErrorId | Should -BeLike 'StoreNotConnected,*'
        $e.Exception.Message | Should -BeLike "*Connect-MeetingMigration to '$garbage' failed (InvalidStorePath)*does not fall back to the default store*"
        $e.ErrorDetails.RecommendedAction | Should -BeLike "*Disconnect-MeetingMigration to use the default store ($default)*"
        Test-Path $default | Should -BeFalse -Because 'nothing was queued anywhere'
        (Get-MeetingMigrationConnection).StoreError | Should -BeLike "Connect-MeetingMigration to '$garbage' failed*"

        Disconnect-MeetingMigration
        (Get-MeetingMigrationConnection).StoreError | Should -BeNullOrEmpty
        Start-CsExMeetingMigration -Identity 'ada@contoso.com'
        (Get-CsMeetingMigrationStatus -Identity 'ada@contoso.com').State | Should -Be 'Pending'
        Test-Path $default | Should -BeTrue

        $connect = Invoke-MmCapture { Connect-MeetingMigration -StorePath $garbage }
        (Get-MmSingleError $connect).FullyQualifiedErrorId | Should -BeLike 'InvalidStorePath,*'
        (Get-CsMeetingMigrationStatus -Identity 'ada@contoso.com').State | Should -Be 'Pending' -Because 'a session with a store open keeps it when a Connect fails'
    }

    It 'so do they after a Connect that named a store and failed on its Graph parameters (a bulk queue landed in the default store)' {
        $wanted = Join-Path $TestDrive 'wanted.db'
        $token = ConvertTo-SecureString 'not-a-real-token' -AsPlainText -Force
        $connect = Invoke-MmCapture { Connect-MeetingMigration -StorePath $wanted -GraphEndpoint 'http://10.0.0.1/v1.0' -AccessToken $token }
        (Get-MmSingleError $connect).FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionParameters,*'

        $start = Invoke-MmCapture { 'ada@contoso.com', 'bob@contoso.com' | Start-CsExMeetingMigration }
        $start.Errors.Count | Should -BeGreaterThan 0
        $start.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'StoreNotConnected,*' }
        $start.Errors[0].Exception.Message | Should -BeLike "*Connect-MeetingMigration to '$wanted' failed (InvalidConnectionParameters)*"
        Test-Path $default | Should -BeFalse
        Test-Path $wanted | Should -BeFalse -Because 'the failed Connect opened nothing'
    }
}

# Found by the same probe: a store failing in use (read-only, disk full, locked, damaged) was UnexpectedError with SQLite's
# bare text and no file named. A damaged file is the one of those a test can make as root.
Describe 'A store that fails while in use' {
    # Outside probe T: in a session connected to Graph as well, a store failure (its PostgreSQL server stopped) was
    # UnexpectedError with the driver's bare text, "report it": Graph's explanation kept any failure as it was.
    It 'is StoreUnavailable naming the store and the cause, with what to do (a file damaged after it was written; <Session>)' -ForEach @(
        @{ Session = 'store only'; Graph = $false }
        @{ Session = 'connected to Graph too'; Graph = $true }
    ) {
        $path = Join-Path $TestDrive "damaged-$Graph.db"
        Connect-MeetingMigration -StorePath $path
        try {
            1..300 | ForEach-Object { "user$_@contoso.com" } | Start-CsExMeetingMigration -WarningAction SilentlyContinue
            Disconnect-MeetingMigration
            $file = [IO.File]::OpenWrite($path)
            try { $file.Position = 8192; $file.Write([byte[]](1..16384 | ForEach-Object { 0x5A }), 0, 16384) } finally { $file.Close() }
            if ($Graph) { Connect-MeetingMigration -StorePath $path -GraphEndpoint 'http://127.0.0.1:9/v1.0' -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force) }
            else { Connect-MeetingMigration -StorePath $path }

            $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus }

            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeLike 'StoreUnavailable,*'
            $e.Exception.Message | Should -BeLike "The store at '$path' is damaged: SQLite Error 11:*"
            $e.ErrorDetails.RecommendedAction | Should -BeLike 'Restore the store from a backup*'
            $e.Exception | Should -BeOfType ([MeetingMigration.MeetingMigrationException])
        } finally { Disconnect-MeetingMigration }
    }
}

# Found by an outside probe: a Graph that kept answering 503 during Start's user look-up gave UnexpectedError with the
# advice to report a bug. Graph failures an admin can act on have ErrorIds of their own.
Describe 'Graph failures during a cmdlet' {
    BeforeAll {
        Import-Module $SandboxModule -Force
        $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 1 -Seed 5 -Configuration $BuildConfiguration
        $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
        $script:Store = Join-Path $TestDrive 'graph-failures.db'
    }
    AfterAll { if ($Sandbox) { Stop-MmSandbox $Sandbox } }
    BeforeEach {
        Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
    }
    AfterEach {
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{ errorRate = 0 }
        Disconnect-MeetingMigration
    }

    # Until outside probe L, Start refused the user with GraphUnavailable and queued nothing, while the message spoke of the
    # request's next retry: a bulk Start during throttling skipped those users. The look-up is a check, not the work.
    It 'a directory look-up that stays busy through its retries queues the user unchecked, with a warning naming the status' {
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{ errorRate = 1.0; errorStatuses = @(503); retryAfterSeconds = 0 }

        Start-CsExMeetingMigration -Identity $Upn -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path faults -Method Put -Body @{ errorRate = 0 }

        $failed.Count | Should -Be 0
        $said = @($warned | Where-Object { "$_" -match 'without being checked in the directory' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -Match '503'
        "$($said[0])" | Should -Not -Match 'retry tries again'
        $queued = @(Get-CsMeetingMigrationStatus -Identity $Upn)
        $queued.Count | Should -Be 1
        $queued[0].State | Should -Be 'Pending'
        "$($said[0])" | Should -Match ([regex]::Escape($queued[0].CorrelationId.ToString()))
    }
}

# Found by an outside probe: with Graph connected, Start refused a user the directory does not have, but Enable and
# Register queued a request for them, which then failed and was retried for a day.
Describe 'With Graph connected, the commands that record a user refuse one the directory does not have' {
    BeforeAll {
        Import-Module $SandboxModule -Force
        $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 1 -Seed 6 -Configuration $BuildConfiguration
        $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
        Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'directory.db') -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
    }
    AfterAll {
        Disconnect-MeetingMigration
        if ($Sandbox) { Stop-MmSandbox $Sandbox }
    }

    It '<Command> of a user not in the directory is UserNotFound and records and queues nothing; a user in it is recorded' -ForEach @(
        @{ Command = 'Enable-CsOnlineDialInConferencingUser'; Action = { param($u) Enable-CsOnlineDialInConferencingUser $u -Confirm:$false -WarningAction SilentlyContinue } }
        @{ Command = 'Register-CsMeetingMigrationUserMove'; Action = { param($u) Register-CsMeetingMigrationUserMove $u -Target Teams -Confirm:$false -WarningAction SilentlyContinue } }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { & $Action 'ghost@contoso.com' }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'UserNotFound,*'
        $e.Exception.Message | Should -BeLikeExactly "*'ghost@contoso.com' exists in the directory; nothing was changed."
        $e.TargetObject | Should -BeExactly 'ghost@contoso.com'
        Get-MmStoreSnapshot | Should -BeExactly $before

        $ok = Invoke-MmCapture { & $Action $Upn }
        $ok.Errors.Count | Should -Be 0 -Because ($ok.Errors -join '; ')
        Get-CsOnlineDialInConferencingUser $Upn | Should -Not -BeNullOrEmpty
    }

    # Found by an outside probe of bulk scripting: with Graph connected, each piped user was looked up one after another
    # (a 1,500-line CSV took 4.5 minutes at 180 ms per call). The look-ups now run several at once; what each line gives
    # (queued, or its error) still comes out in input order, and a bad line's error comes after the lines before it.
    It 'a piped list looked up in the directory several at once still answers line by line in input order' {
        $lines = @($Upn, 'ghost1@contoso.com', 'not an address', $Upn.ToUpperInvariant(), 'ghost2@contoso.com') * 8
        $seen = foreach ($item in (& { $lines | Start-CsExMeetingMigration -PassThru -WarningAction SilentlyContinue } 2>&1)) {
            if ($item -is [System.Management.Automation.ErrorRecord]) { "$($item.FullyQualifiedErrorId.Split(',')[0]) $($item.TargetObject)" }
            else { "queued $($item.UserPrincipalName)" }
        }
        $expected = foreach ($line in $lines) {
            switch -Wildcard ($line) {
                'ghost*' { "UserNotFound $line" }
                'not an address' { "InvalidIdentity $line" }
                default { "queued $Upn" }
            }
        }
        Assert-MmSequence $seen $expected
        @(Get-CsMeetingMigrationStatus -Identity $Upn).Count | Should -Be 1 -Because 'every line of the user merged into one Pending request'
    }
}
