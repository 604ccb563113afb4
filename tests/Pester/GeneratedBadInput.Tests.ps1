#Requires -Version 7.0
# Issue 10's proof "bad input generated from the cmdlets' own metadata": every parameter of every cmdlet in
# ExpectedCmdlets.ps1, read from Get-Command (sets, types, mandatory), is called with hostile values (GeneratedBadInput.ps1)
# while the other parameters of its set hold valid values. Each call either succeeds where the rules say that value is
# legitimate, or fails with a specific ErrorId, a message of at most 1,000 characters with no raw control or bidi
# character, and the store exactly as it was. The default run tries each parameter in one of its sets with a third of its
# values; MM_BADINPUT_ALL=1 tries every value in every set the parameter belongs to.

BeforeDiscovery {
    $script:Commands = . "$PSScriptRoot/ExpectedCmdlets.ps1"
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    . "$PSScriptRoot/GeneratedBadInput.ps1"
    Import-Module $ModuleManifest -Force
    $script:All = $env:MM_BADINPUT_ALL -eq '1'
    $script:Stats = @{ Commands = 0; Parameters = [System.Collections.Generic.HashSet[string]]::new(); Calls = 0; Accepted = 0; BinderRaw = 0; Refused = [System.Collections.Generic.SortedDictionary[string, int]]::new() }

    # A Graph endpoint on a port nothing listens on: cmdlets that need Graph fail at once (GraphUnreachable) instead of
    # waiting. Sign-ins that would go to login.microsoftonline.com go through a proxy that refuses, for the same reason.
    $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:PreviousProxy = [System.Net.Http.HttpClient]::DefaultProxy
    [System.Net.Http.HttpClient]::DefaultProxy = [System.Net.WebProxy]::new("http://127.0.0.1:$port", $true)

    $script:Work = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'cwd')
    $script:Context = @{
        UnreachableGraph = "http://127.0.0.1:$port/v1.0"
        MissingFile      = Join-Path $TestDrive 'missing.pfx'
        StorePath        = $null
        BridgeId         = $null
    }

    # A store with a user queued, a bridge with a number, an enabled conferencing user and a profile, connected without
    # Graph (cmdlets that need Graph say NotConnected; Connect's own Graph sets use the unreachable endpoint); used until
    # a call legitimately changes it.
    function New-MmSeededStore {
        $Context.StorePath = Join-Path $TestDrive ("store-{0}.db" -f [guid]::NewGuid().ToString('N'))
        Connect-MmWorkingStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $bridge = New-CsOnlineDialInConferencingBridge -Name Main 3>$null
        $Context.BridgeId = $bridge.Identity
        Register-CsOnlineDialInConferencingServiceNumber -Identity +14255550100 -BridgeName Main 3>$null
        Enable-CsOnlineDialInConferencingUser -Identity ashaw@contoso.com -ServiceNumber +14255550100 -ConferenceId 4715832 3>$null | Out-Null
        Set-MeetingMigrationConferencingProfile -Identity ashaw@contoso.com -JoinUrl https://meet.contoso.com/a/B 3>$null
    }
    function Connect-MmWorkingStore {
        # Disconnect first: a Connect with Graph parameters that succeeded must not leave Graph connected.
        Disconnect-MeetingMigration
        Connect-MeetingMigration -StorePath $Context.StorePath
    }
    # Every byte SQLite keeps (the file and its write-ahead log; -shm is an index rebuilt from them): any write, even one
    # the Get cmdlets would not show, changes it. Cheap enough for every call; the Get-based snapshot is taken per parameter.
    function Get-MmStoreFingerprint {
        # Connect and Disconnect close the store, which checkpoints its log: compare what it holds instead of its bytes.
        if ($Command -in 'Connect-MeetingMigration', 'Disconnect-MeetingMigration') { return Get-MmFullSnapshot }
        $sha = [System.Security.Cryptography.SHA256]::Create()
        try {
            (@($Context.StorePath, "$($Context.StorePath)-wal") | Where-Object { Test-Path -LiteralPath $_ } | ForEach-Object {
                [Convert]::ToHexString($sha.ComputeHash([System.IO.File]::ReadAllBytes($_))) }) -join '/'
        }
        finally { $sha.Dispose() }
    }
    # Everything the store holds, read back through the Get cmdlets.
    function Get-MmFullSnapshot {
        (Get-MmStoreSnapshot) + "`n# bridges`n" + ((Get-CsOnlineDialInConferencingBridge | ConvertTo-MmText) -join "`n") +
            "`n# users`n" + ((Get-CsOnlineDialInConferencingUser | ConvertTo-MmText) -join "`n") +
            "`n# profile`n" + ((Get-MeetingMigrationConferencingProfile -Identity ashaw@contoso.com | ConvertTo-MmText) -join "`n")
    }

    # Calls $Command once for each bad value of each parameter; returns the violations as lines.
    function Invoke-MmGeneratedBadInput {
        param([string] $Command)
        $metadata = Get-Command $Command
        $violations = [System.Collections.Generic.List[string]]::new()
        $Stats.Commands++
        $confirmable = $metadata.Parameters.ContainsKey('Confirm')
        $sets = @($metadata.ParameterSets | Sort-Object { -not $_.IsDefault }, Name)
        $tried = [System.Collections.Generic.HashSet[string]]::new()
        foreach ($set in $sets) {
            foreach ($setParameter in $set.Parameters | Where-Object { $_.Name -notin $MmCommonParameters }) {
                $parameter = $metadata.Parameters[$setParameter.Name]
                if (-not $All -and -not $tried.Add($parameter.Name)) { continue }
                $null = $Stats.Parameters.Add("${Command}:$($parameter.Name)")
                # The rest of the call: the set's other mandatory parameters, valid; a Connect always names its store.
                $baseline = @{}
                foreach ($other in $set.Parameters | Where-Object { $_.IsMandatory -and $_.Name -ne $parameter.Name }) {
                    $baseline[$other.Name] = Get-MmValidValue $Command $metadata.Parameters[$other.Name] $Context
                    if ($other.Name -eq 'Instance') { $baseline.Instance = & ($Command -replace '^Set-', 'Get-') }
                }
                if ($Command -eq 'Connect-MeetingMigration' -and $parameter.Name -ne 'StorePath') { $baseline.StorePath = $Context.StorePath }
                # -Force answers ShouldContinue's questions (which would wait on the console) unless -Force is under test.
                if ($metadata.Parameters.ContainsKey('Force') -and $parameter.Name -ne 'Force') { $baseline.Force = $true }
                $logicalBefore = Get-MmFullSnapshot
                $storeBefore = $Context.StorePath
                # A set is chosen by its mandatory parameters; a switch that is the set's only mark must be present.
                # Default run: a third of the values per parameter, which third fixed by the parameter's name (a sum of its
                # characters, the same on every machine and run), so every kind is tried on some parameters; MM_BADINPUT_ALL=1: all.
                $offset = ([int[]][char[]]"${Command}:$($parameter.Name)" | Measure-Object -Sum).Sum
                $index = 0
                foreach ($value in Get-MmBadValues $parameter) {
                    if (-not $All -and ($index++ + $offset) % 3 -ne 0) { continue }
                    $arguments = $baseline.Clone()
                    $arguments[$parameter.Name] = $value.Value
                    if ($confirmable) { $arguments.Confirm = $false }
                    $label = "$Command -$($parameter.Name) [$($set.Name)] $($value.Kind)"
                    $before = Get-MmStoreFingerprint
                    $run = Invoke-MmCapture { $ConfirmPreference = 'None'; & $Command @arguments 3>$null 6>$null | Out-Null }
                    $Stats.Calls++
                    if ($Command -in 'Connect-MeetingMigration', 'Disconnect-MeetingMigration') { Connect-MmWorkingStore }
                    $after = Get-MmStoreFingerprint
                    if ($run.Errors.Count -eq 0) {
                        $Stats.Accepted++
                        $mandatory = $setParameter.IsMandatory
                        if (-not (Test-MmAcceptable $Command $parameter $mandatory $value.Kind)) { $violations.Add("$label was accepted") }
                        if ($after -ne $before) { New-MmSeededStore }
                        continue
                    }
                    foreach ($e in $run.Errors) {
                        $id = ($e.FullyQualifiedErrorId -split ',')[0]
                        $Stats.Refused[$id] = 1 + ($Stats.Refused.ContainsKey($id) ? $Stats.Refused[$id] : 0)
                        $problem = Get-MmRefusalProblem $e $OwnErrorIds
                        $text = Get-MmErrorMessage $e
                        if ($e.Exception -is [System.Management.Automation.ParameterBindingException] -and ($text.Length -gt 1000 -or $text -match '[\p{Cc}\p{Cf}]')) { $Stats.BinderRaw++ }
                        if ($problem) { $violations.Add("${label}: $problem") }
                    }
                    if ($after -ne $before) { $violations.Add("$label was refused but changed the store"); New-MmSeededStore }
                }
                # The same store throughout (no value was accepted with a change): its contents as the Get cmdlets show them.
                if ($Context.StorePath -eq $storeBefore -and (Get-MmFullSnapshot) -ne $logicalBefore) {
                    $violations.Add("$Command -$($parameter.Name) [$($set.Name)]: the store's contents changed though its bytes did not")
                }
            }
        }
        $violations
    }

    Push-Location $Work
    New-MmSeededStore
    # Read after the store is seeded: the module loads its engine with the first cmdlet that needs it, so read first, in a
    # pwsh where no other test file ran before, the engine was not loaded yet.
    $script:OwnErrorIds = Get-MmSpecificErrorIds
}

AfterAll {
    Pop-Location
    if ($PreviousProxy) { [System.Net.Http.HttpClient]::DefaultProxy = $PreviousProxy }
    Disconnect-MeetingMigration
}

Describe 'Bad input generated from the cmdlets'' metadata' {
    It '<_>: every parameter refuses bad values with a specific ErrorId, a short inert message and the store unchanged' -ForEach $Commands {
        $violations = @(Invoke-MmGeneratedBadInput -Command $_)
        $violations | Should -HaveCount 0 -Because ("every call must be legitimate or a clean refusal:`n" + ($violations -join "`n"))
    }

    It 'covered every cmdlet and parameter (counts)' {
        $expected = . "$PSScriptRoot/ExpectedCmdlets.ps1"
        $Stats.Commands | Should -Be $expected.Count
        foreach ($command in $expected) {
            foreach ($name in (Get-Command $command).Parameters.Keys | Where-Object { $_ -notin $MmCommonParameters }) {
                $Stats.Parameters.Contains("${command}:$name") | Should -BeTrue -Because "$command -$name must have been tried"
            }
        }
        $refused = ($Stats.Refused.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', '
        $refusedTotal = ($Stats.Refused.Values | Measure-Object -Sum).Sum
        Write-Host ("Generated bad input ({0}): {1} cmdlets, {2} parameters, {3} calls, {4} accepted, {5} refused: {6}; PowerShell binder messages quoting the value raw: {7}" -f
            ($All ? 'every set' : 'default'), $Stats.Commands, $Stats.Parameters.Count, $Stats.Calls, $Stats.Accepted, $refusedTotal, $refused, $Stats.BinderRaw)
        $Stats.Calls | Should -BeGreaterThan 0
    }
}
