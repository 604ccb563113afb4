<#
.SYNOPSIS
    Builds, tests and packages the MeetingMigration module (for machines with pwsh).
.EXAMPLE
    ./build.ps1 -Task Build      # lays out out/MeetingMigration, help (en-US, from docs/cmdlets) included
    ./build.ps1 -Task Test       # xUnit suites, then the Pester 5 suite when Pester 5 is installed
    ./build.ps1 -Task Package    # out/package/MeetingMigration.<version>.nupkg, accepted by the PowerShell Gallery
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$module = Join-Path $root 'out/MeetingMigration'

function Invoke-Build {
    dotnet build (Join-Path $root 'MeetingMigration.sln') -c $Configuration -nologo
    if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)." }
    Test-ModuleManifest (Join-Path $module 'MeetingMigration.psd1') | Out-Null
}

function Invoke-Test {
    Invoke-Build
    dotnet test (Join-Path $root 'MeetingMigration.sln') -c $Configuration --no-build
    $failed = $LASTEXITCODE
    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge ([version]'5.0') | Sort-Object Version -Descending | Select-Object -First 1
    if ($pester) {
        Import-Module $pester
        $result = Invoke-Pester -Path (Join-Path $root 'tests/Pester') -PassThru -Output Detailed
        if ($result.FailedCount) { $failed = 1 }
    } else {
        Write-Warning 'Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0): the Pester suite was not run.'
    }
    if ($failed) { throw 'Tests failed.' }
}

function Invoke-Package {
    Invoke-Build
    # Publish-PSResource/Publish-Module need a repository; a local file repository yields the same nupkg the Gallery takes.
    $packages = Join-Path $root 'out/package'
    New-Item -ItemType Directory -Force $packages | Out-Null
    $name = 'MeetingMigrationLocal'
    if (-not (Get-PSResourceRepository -Name $name -ErrorAction SilentlyContinue)) {
        Register-PSResourceRepository -Name $name -Uri $packages -Trusted
    }
    Publish-PSResource -Path $module -Repository $name
    Get-ChildItem $packages -Filter 'MeetingMigration.*.nupkg'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
}
