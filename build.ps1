<#
.SYNOPSIS
    The one entry point: builds, tests, packages the MeetingMigration module and runs the demo, in the pinned pwsh.
.DESCRIPTION
    Run through the local tool manifest (.config/dotnet-tools.json pins PowerShell 7.6.10), on a machine with only the
    .NET SDK:
        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
    Pester 5.9.1 is restored from NuGet by the build (tests/MeetingMigration.Tests downloads it); nothing comes from the
    PowerShell Gallery.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build     # the solution; the importable module in out/MeetingMigration (help included)
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test      # xUnit (engine, sandbox, service, hosting) then Pester (the module); one summary line
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package   # out/package/MeetingMigration.<version>.nupkg, checked by installing it
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo      # a sandbox Exchange Online, a seeded tenant, a migration, MMS's tables
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Where Test writes its results: xunit/*.trx and pester/pester.xml (NUnit XML).
    [string] $ResultsDirectory = (Join-Path $PSScriptRoot 'TestResults'),
    # Test: run only the Pester suite (after a build), for a quick loop on module behaviour.
    [switch] $PesterOnly
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$module = Join-Path $root 'out/MeetingMigration'
$pesterVersion = '5.9.1'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE) { throw "dotnet $($args[0]) failed ($LASTEXITCODE)." }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'MeetingMigration.sln') -c $Configuration -nologo
    Test-ModuleManifest (Join-Path $module 'MeetingMigration.psd1') | Out-Null
}

# The command that starts this same pwsh again: the pinned tool runs as `dotnet pwsh.dll`, an installed pwsh as itself.
function Get-PwshCommand {
    $current = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($current) -eq 'dotnet') { return @($current, (Join-Path $PSHOME 'pwsh.dll')) }
    @($current)
}

# Pester as the build restored it: the NuGet package carries the module in tools/.
function Find-Pester {
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $manifest = Join-Path $packages.Trim() "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $pesterVersion was not restored ($manifest). Run: dotnet pwsh ./build.ps1 -Task Build" }
    $manifest
}

# The PostgreSQL store tests need a server. When none is given (MEETINGMIGRATION_TEST_POSTGRES) and the machine has
# PostgreSQL installed, a throwaway one is started for the run (.ci/postgres.sh, which installs nothing when run so);
# otherwise those tests report themselves skipped with the reason. Returns the folder to stop, or nothing.
function Start-TestPostgres {
    if ($env:MEETINGMIGRATION_TEST_POSTGRES -or -not (Get-Command bash -CommandType Application -ErrorAction SilentlyContinue)) { return }
    $started = @(& bash (Join-Path $root '.ci/postgres.sh') start)
    if ($LASTEXITCODE -or $started.Count -ne 2) { return }
    $env:MEETINGMIGRATION_TEST_POSTGRES = $started[0]
    $started[1]
}

function Stop-TestPostgres([string] $Folder) {
    if (-not $Folder) { return }
    & bash (Join-Path $root '.ci/postgres.sh') stop $Folder
    $env:MEETINGMIGRATION_TEST_POSTGRES = $null
}

function Invoke-Test {
    if (Test-Path $ResultsDirectory) { Remove-Item -Recurse -Force $ResultsDirectory }
    $postgres = Start-TestPostgres
    try { Invoke-TestSuites } finally { Stop-TestPostgres $postgres }
}

function Invoke-TestSuites {
    $failed = $false
    if (-not $PesterOnly) {
        Invoke-Build
        & dotnet test (Join-Path $root 'MeetingMigration.sln') -c $Configuration --no-build --nologo `
            --logger trx --results-directory (Join-Path $ResultsDirectory 'xunit')
        if ($LASTEXITCODE) { $failed = $true }
    }
    # A pwsh of its own: the suite imports the built module, which must not be loaded into this build session, and
    # starts from default preferences rather than this script's.
    $pwsh = @(Get-PwshCommand)
    $pwshArguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'),
        '-PesterPath', (Find-Pester), '-ResultPath', (Join-Path $ResultsDirectory 'pester/pester.xml'), '-Configuration', $Configuration)
    & $pwsh[0] @pwshArguments
    if ($LASTEXITCODE) { $failed = $true }
    Write-TestSummary
    if ($failed) { throw 'Tests failed.' }
}

# One line for xUnit and Pester together, counted from the result files themselves.
function Write-TestSummary {
    $xunit = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem -Path (Join-Path $ResultsDirectory 'xunit') -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -Raw -LiteralPath $trx.FullName)).TestRun.ResultSummary.Counters
        $xunit.Passed += [int]$counters.passed
        $xunit.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $xunit.Skipped += [int]$counters.notExecuted
    }
    $pester = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $pesterXml = Join-Path $ResultsDirectory 'pester/pester.xml'
    if (Test-Path $pesterXml) {
        foreach ($case in ([xml](Get-Content -Raw -LiteralPath $pesterXml)).SelectNodes('//test-case')) {
            switch ($case.result) { 'Success' { $pester.Passed++ } { $_ -in 'Failure', 'Error' } { $pester.Failed++ } default { $pester.Skipped++ } }
        }
    } else {
        $pester.Failed++ # no Pester results at all is a failure, never a green run
    }
    # The failed tests by name, with the first line of their message, printed last so that the tail of a CI log (often
    # all that is kept of it) says what failed.
    foreach ($name in Get-FailedTest) { "FAILED: $name" }
    $line = { param($c) "$($c.Passed) passed, $($c.Failed) failed" + $(if ($c.Skipped) { ", $($c.Skipped) skipped" }) }
    if ($PesterOnly) { "Pester: $(& $line $pester)." } else { "xUnit: $(& $line $xunit). Pester: $(& $line $pester)." }
}

function Get-FailedTest {
    foreach ($trx in Get-ChildItem -Path (Join-Path $ResultsDirectory 'xunit') -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $run = [xml](Get-Content -Raw -LiteralPath $trx.FullName)
        foreach ($result in $run.SelectNodes("//*[local-name()='UnitTestResult'][@outcome!='Passed' and @outcome!='NotExecuted']")) {
            $message = $result.SelectSingleNode(".//*[local-name()='Message']")
            "$($result.testName): $(if ($message) { ($message.InnerText -split '\r?\n')[0] })"
        }
    }
    $pesterXml = Join-Path $ResultsDirectory 'pester/pester.xml'
    if (-not (Test-Path $pesterXml)) { return }
    foreach ($case in ([xml](Get-Content -Raw -LiteralPath $pesterXml)).SelectNodes("//test-case[@result='Failure' or @result='Error']")) {
        $message = $case.SelectSingleNode('failure/message')
        "$($case.name): $(if ($message) { ($message.InnerText -split '\r?\n')[0] })"
    }
}

function Invoke-Package {
    Invoke-Build
    $packages = Join-Path $root 'out/package'
    if (Test-Path $packages) { Remove-Item -Recurse -Force $packages }
    New-Item -ItemType Directory -Force $packages | Out-Null
    # Publishing needs a registered repository: a throwaway local one, unregistered again whatever happens, so the
    # user's PSResourceGet configuration is left as it was.
    $repository = 'MeetingMigrationBuild-' + [guid]::NewGuid().ToString('N')
    $check = Join-Path ([IO.Path]::GetTempPath()) $repository
    Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
    try {
        Publish-PSResource -Path $module -Repository $repository
        # Proof that it installs: what Install-PSResource does, into a folder of our own rather than the user's modules.
        New-Item -ItemType Directory -Path $check | Out-Null
        Save-PSResource -Name MeetingMigration -Repository $repository -Path $check -TrustRepository
        $installed = Get-ChildItem -Path $check -Filter MeetingMigration.psd1 -Recurse | Select-Object -First 1
        if (-not $installed) { throw "The package did not install: no MeetingMigration.psd1 under $check." }
        Test-ModuleManifest $installed.FullName | Out-Null
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
        if (Test-Path $check) { Remove-Item -Recurse -Force $check }
    }
    Get-ChildItem $packages -Filter 'MeetingMigration.*.nupkg'
}

function Invoke-Demo {
    Invoke-Build
    & (Join-Path $root 'src/MeetingMigration.Demo/Invoke-MeetingMigrationDemo.ps1') -Configuration $Configuration
    exit $LASTEXITCODE
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
}
