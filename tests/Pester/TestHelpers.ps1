# Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll). Requires Pester 5 and PowerShell 7.

$script:ModuleManifest = Join-Path $PSScriptRoot '../../out/MeetingMigration/MeetingMigration.psd1'
# The sandbox (src/MeetingMigration.Sandbox/SandboxProcess.psm1) is started from the build configuration the suite runs
# against; Invoke-PesterSuite.ps1 sets it.
$script:BuildConfiguration = if ($env:MEETINGMIGRATION_TEST_CONFIGURATION) { $env:MEETINGMIGRATION_TEST_CONFIGURATION } else { 'Release' }
$script:SandboxModule = Join-Path $PSScriptRoot '../../src/MeetingMigration.Sandbox/SandboxProcess.psm1'

function Format-MmValue {
    param($Value)
    if ($null -eq $Value) { return '<null>' }
    if ($Value -is [datetime]) { return $Value.ToString('o', [cultureinfo]::InvariantCulture) }
    if ($Value -is [string]) { return $Value }
    if ($Value -is [System.Collections.IEnumerable]) { return '{' + ((@($Value) | ForEach-Object { Format-MmValue $_ }) -join ',') + '}' }
    return [string]::Format([cultureinfo]::InvariantCulture, '{0}', $Value)
}

function ConvertTo-MmText {
    param([Parameter(ValueFromPipeline)] $InputObject)
    process { ($InputObject.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, (Format-MmValue $_.Value) }) -join '; ' }
}

# Everything the store holds, read back through the Get cmdlets; equal snapshots mean nothing changed.
function Get-MmStoreSnapshot {
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($command in 'Get-CsMeetingMigrationStatus', 'Get-CsTenantMigrationConfiguration', 'Get-CsOnlineDialInConferencingTenantSettings') {
        $lines.Add("# $command")
        & $command | ConvertTo-MmText | ForEach-Object { $lines.Add($_) }
    }
    $lines -join "`n"
}

# A fresh, empty store for the current test.
function Connect-MmFreshStore {
    $path = Join-Path $TestDrive ("store-{0}.db" -f [guid]::NewGuid().ToString('N'))
    Connect-MeetingMigration -StorePath $path
    $path
}

# The pwsh executable of this very PowerShell (the NuGet tool's apphost under `dotnet pwsh`).
function Get-MmPwshPath {
    Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

# Runs a command, or a script file with arguments, in a new pwsh process (its own console host, its own process) and
# returns its output lines (standard error merged in as text). $LASTEXITCODE is left as the process set it.
function Invoke-MmPwsh {
    [CmdletBinding(DefaultParameterSetName = 'Command')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Command')] [string] $Command,
        [Parameter(Mandatory, ParameterSetName = 'File')] [string] $File,
        [Parameter(ParameterSetName = 'File')] [string[]] $Arguments = @(),
        [string] $WorkingDirectory = $PWD
    )
    $launch = if ($File) { @('-File', $File) + $Arguments } else { @('-EncodedCommand', [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Command))) }
    Push-Location $WorkingDirectory
    try { & (Get-MmPwshPath) -NoProfile -NonInteractive @launch 2>&1 | ForEach-Object { "$_" } }
    finally { Pop-Location }
}

# A runspace of its own in this process, as jobs, ForEach-Object -Parallel and hosting applications use the module: the
# module imported, these helpers loaded and, with -StorePath, connected to that store. It has no console host, so
# ShouldProcess's "What if:" lines are not shown. Close it with $runspace.Dispose().
function New-MmRunspace {
    param([string] $StorePath)
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $setup = Invoke-MmRunspace $runspace '. $helpers; Import-Module $ModuleManifest -Force -ErrorAction Stop; if ($storePath) { Connect-MeetingMigration -StorePath $storePath }' @{
        helpers = Join-Path $PSScriptRoot 'TestHelpers.ps1'; storePath = $StorePath
    } -GlobalScope
    if ($setup.Errors.Count -gt 0) {
        $runspace.Dispose()
        throw "The runspace could not be set up: $($setup.Errors -join '; ')"
    }
    $runspace
}

# Runs a script, as written, in a runspace made by New-MmRunspace (in a scope of its own unless -GlobalScope, after setting
# the given variables), the way the C# tests' ModuleRunspace.Run did: output, non-terminating errors, the terminating error
# (if one stopped it) and warnings come back apart.
function Invoke-MmRunspace {
    param([Parameter(Mandatory)] [runspace] $Runspace, [Parameter(Mandatory)] [string] $Script, [hashtable] $Variables = @{}, [switch] $GlobalScope)
    foreach ($name in $Variables.Keys) { $Runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
    $ps = [powershell]::Create()
    try {
        $ps.Runspace = $Runspace
        $null = $ps.AddScript($Script, -not $GlobalScope)
        $terminating = $null
        $output = @()
        try {
            $output = @($ps.Invoke() | Where-Object { $null -ne $_ })
        }
        catch {
            # Invoke() wraps the script's own error in a MethodInvocationException ("Exception calling Invoke...").
            $inner = $_.Exception
            if ($inner -is [System.Management.Automation.MethodInvocationException] -and $null -ne $inner.InnerException) { $inner = $inner.InnerException }
            while ($null -ne $inner -and $inner -isnot [System.Management.Automation.IContainsErrorRecord]) { $inner = $inner.InnerException }
            $terminating = if ($null -ne $inner) { $inner.ErrorRecord } else { $_ }
        }
        $nonTerminating = @($ps.Streams.Error)
        [pscustomobject]@{
            Output               = $output
            NonTerminatingErrors = $nonTerminating
            TerminatingError     = $terminating
            Terminated           = $null -ne $terminating
            Errors               = @($nonTerminating) + @($terminating | Where-Object { $_ })
            Warnings             = @($ps.Streams.Warning | ForEach-Object Message)
        }
    }
    finally {
        $ps.Dispose()
    }
}

# $null is no item, a collection its items, anything else one item; each item as its string.
function ConvertTo-MmStringArray {
    param($Value)
    if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) { return , [string[]]@($Value | ForEach-Object { [string]$_ }) }
    if ($null -eq $Value) { return , [string[]]@() }
    , [string[]]@([string]$Value)
}

# Asserts that two sequences hold the same items in the same order (Should -Be does not compare arrays in Pester 5).
# An expected empty sequence is asserted as a count of 0.
function Assert-MmSequence {
    param($Actual, $Expected, [string] $Because = '')
    $actualItems = ConvertTo-MmStringArray $Actual
    $expectedItems = ConvertTo-MmStringArray $Expected
    if ($expectedItems.Count -eq 0) {
        $actualItems.Count | Should -Be 0 -Because "$Because (got: $($actualItems -join ', '))"
    }
    else {
        ($actualItems -join "`n") | Should -BeExactly ($expectedItems -join "`n") -Because $Because
        $actualItems.Count | Should -Be $expectedItems.Count -Because $Because
    }
}

# Runs a script block the way the C# tests' ModuleRunspace.Run did: output, non-terminating errors, warnings and the
# terminating error (if one stopped it) are captured apart, so a test can tell them apart and the console stays quiet.
function Invoke-MmCapture {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    # As in a fresh runspace: a non-terminating error stays non-terminating even if the caller runs with 'Stop'.
    $ErrorActionPreference = 'Continue'
    $mmCaptureOutput = [System.Collections.Generic.List[object]]::new()
    $mmCaptureErrors = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $mmCaptureWarnings = [System.Collections.Generic.List[string]]::new()
    $mmCaptureTerminating = $null
    try {
        & $ScriptBlock 2>&1 3>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $mmCaptureErrors.Add($_) }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) { $mmCaptureWarnings.Add($_.Message) }
            elseif ($null -ne $_) { $mmCaptureOutput.Add($_) }
        }
    }
    catch {
        $mmCaptureTerminating = $_
    }
    $all = @($mmCaptureErrors) + @($mmCaptureTerminating | Where-Object { $_ })
    [pscustomobject]@{
        Output               = $mmCaptureOutput.ToArray()
        NonTerminatingErrors = $mmCaptureErrors.ToArray()
        TerminatingError     = $mmCaptureTerminating
        Terminated           = $null -ne $mmCaptureTerminating
        Errors               = $all
        Warnings             = $mmCaptureWarnings.ToArray()
    }
}

# The text shown to the admin for an error: ErrorDetails.Message when set, else the exception's message.
function Get-MmErrorMessage {
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)
    if ($null -ne $ErrorRecord.ErrorDetails -and $null -ne $ErrorRecord.ErrorDetails.Message) { return $ErrorRecord.ErrorDetails.Message }
    $ErrorRecord.Exception.Message
}

# The one error of an Invoke-MmCapture run; fails (listing them) when there is not exactly one.
function Get-MmSingleError {
    param($Run)
    $ids = @($Run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
    $ids.Count | Should -Be 1 -Because "exactly one error was expected, got: $($ids -join ' | ')"
    $Run.Errors[0]
}

# Ordinal sort (as the C# contract tests compared). Pipeline input, so that an empty collection is no item
# (@($empty.Name) would be one $null).
function Sort-MmOrdinal { $copy = [string[]]@($input); [array]::Sort($copy, [System.StringComparer]::Ordinal); , $copy }

# What Tab offers at the end of the line.
function Get-MmCompletion {
    param([Parameter(Mandatory)] [string] $Line)
    (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
}
