<#
.SYNOPSIS
    Runs the Pester suite (tests/Pester/*.Tests.ps1) against the built module and writes NUnit XML results.
.DESCRIPTION
    build.ps1 -Task Test runs it in a pwsh of its own. Exit code 0 only when every test passed and no container or
    block failed (a test file that cannot even be discovered counts as a failure).
.EXAMPLE
    dotnet pwsh ./tests/Pester/Invoke-PesterSuite.ps1 -PesterPath ~/.nuget/packages/pester/5.9.1/tools/Pester.psd1 -Path ./tests/Pester/Help.Tests.ps1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [string] $ResultPath,
    [string[]] $Path = $PSScriptRoot,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string] $Output = 'Normal'
)
# No $ErrorActionPreference here: the tests inherit this scope's preferences and must run with PowerShell's defaults,
# as an admin's session does.
Import-Module $PesterPath -MinimumVersion 5.0 -ErrorAction Stop
# The tests read it to find the sandbox built in the same configuration as the module.
$env:MEETINGMIGRATION_TEST_CONFIGURATION = $Configuration

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = $Output
$result = Invoke-Pester -Configuration $config
if ($ResultPath) {
    # Written here rather than by Pester's TestResult option: a failure message holding a character XML cannot carry (the
    # escape codes of a child pwsh's coloured error, a NUL) made Pester's writer stop mid-file, and the truncated report
    # lost every later result and CI's summary line with it. Such characters are shown as \xNN instead.
    $unwritable = '[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]'
    foreach ($item in @($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers)) {
        foreach ($record in @($item.ErrorRecord)) {
            foreach ($name in 'DisplayErrorMessage', 'DisplayStackTrace') {
                $property = if ($record) { $record.PSObject.Properties[$name] }
                if ($property -and $property.Value -is [string] -and $property.Value -match $unwritable) {
                    $property.Value = [regex]::Replace($property.Value, $unwritable, { param($m) '\x{0:X2}' -f [int][char]$m.Value })
                }
            }
        }
    }
    New-Item -ItemType Directory -Force -Path (Split-Path $ResultPath) | Out-Null
    $result | Export-NUnitReport -Path $ResultPath
}
if ($result.FailedCount -or $result.FailedBlocksCount -or $result.FailedContainersCount -or -not $result.TotalCount) { exit 1 }
exit 0
