# Starts and stops the sandbox Exchange Online as a process of its own, for the demo and the Pester suite. The sandbox
# is a test double: nothing in the shipped module imports this file.

function Get-MmDotnetHost {
    # The dotnet host running this pwsh when it is the pinned local tool (dotnet pwsh), else the SDK's host on PATH.
    if ($env:DOTNET_HOST_PATH -and (Test-Path $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    $current = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($current) -eq 'dotnet') { return $current }
    $onPath = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $onPath) { throw 'The .NET SDK (dotnet) was not found on PATH; the sandbox needs it.' }
    $onPath.Source
}

<#
.SYNOPSIS
    Starts the sandbox on a free port of 127.0.0.1 with a generated tenant (none with -Users 0: seed it through
    Invoke-MmSandboxControl -Path tenant), and waits until it listens.
.OUTPUTS
    An object with GraphUrl, RootUrl, Folder (a temporary folder of its own), UsersFile (users.csv: UserPrincipalName,
    ExpectedState, ExpectedReason...), SkypeProfilesFile (skype-profiles.csv), ExpectationsFile (expectations.json) and
    Process. Pass it to Stop-MmSandbox, which stops the process and deletes the folder.
#>
function Start-MmSandbox {
    [CmdletBinding()]
    param(
        [ValidateRange(0, 100000)] [int] $Users = 25,
        [ValidateRange(1, 10000)] [int] $MeetingsPerUser = 12,
        [ValidateRange(0, [int]::MaxValue)] [int] $Seed = 1,
        [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 60
    )
    $assembly = Join-Path $PSScriptRoot "bin/$Configuration/net10.0/MeetingMigration.Sandbox.dll"
    if (-not (Test-Path $assembly)) { throw "The sandbox is not built ($assembly). Run: dotnet pwsh ./build.ps1 -Task Build" }

    $folder = Join-Path ([IO.Path]::GetTempPath()) ("meetingmigration-sandbox-{0}" -f [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    $ready = Join-Path $folder 'ready.json'
    $start = [Diagnostics.ProcessStartInfo]::new((Get-MmDotnetHost))
    $arguments = @($assembly, '--port', '0', '--ready-file', $ready, '--exit-with-process', $PID)
    if ($Users) {
        $arguments += @('--generate-users', $Users, '--meetings-per-user', $MeetingsPerUser, '--seed', $Seed, '--export-dir', (Join-Path $folder 'export'))
    }
    foreach ($argument in $arguments) {
        $start.ArgumentList.Add([string]$argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    # Drained in the background so a chatty sandbox never blocks on a full pipe; kept for the error message.
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (Test-Path $ready)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $why = if ($process.HasExited) { "exited with code $($process.ExitCode)" } else { "did not listen within $TimeoutSeconds s" }
            if (-not $process.HasExited) { $process.Kill($true); $process.WaitForExit() }
            Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
            throw "The sandbox $why.`n$($stdout.Result)$($stderr.Result)"
        }
        Start-Sleep -Milliseconds 100
    }
    $endpoints = Get-Content -Raw $ready | ConvertFrom-Json
    $export = Join-Path $folder 'export'
    [pscustomobject]@{
        PSTypeName        = 'MeetingMigration.Sandbox'
        GraphUrl          = $endpoints.graphUrl
        RootUrl           = $endpoints.rootUrl
        Folder            = $folder
        UsersFile         = Join-Path $export 'users.csv'
        SkypeProfilesFile = Join-Path $export 'skype-profiles.csv'
        ExpectationsFile  = Join-Path $export 'expectations.json'
        Process           = $process
    }
}

<#
.SYNOPSIS
    Calls one of the sandbox's /sandbox/* controls (stats, notifications, faults...), see docs/sandbox.md.
#>
function Invoke-MmSandboxControl {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Sandbox,
        [Parameter(Mandatory)] [string] $Path,
        [ValidateSet('Get', 'Post', 'Put', 'Delete')] [string] $Method = 'Get',
        [object] $Body
    )
    $parameters = @{ Uri = ($Sandbox.RootUrl.TrimEnd('/') + '/sandbox/' + $Path.TrimStart('/')); Method = $Method }
    if ($PSBoundParameters.ContainsKey('Body')) { $parameters.Body = ($Body | ConvertTo-Json -Depth 5 -Compress); $parameters.ContentType = 'application/json' }
    Invoke-RestMethod @parameters
}

<#
.SYNOPSIS
    Stops a sandbox started by Start-MmSandbox and deletes its folder. Safe to call twice.
#>
function Stop-MmSandbox {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [psobject] $Sandbox)
    process {
        # A second call finds the Process object disposed, which Kill refuses: it is stopped already.
        if ($Sandbox.PSObject.Properties['Stopped']) { return }
        $process = $Sandbox.Process
        if (-not $process.HasExited) {
            # In-memory state only: nothing to flush, so a kill is as good as a shutdown and cannot hang.
            $process.Kill($true)
            $process.WaitForExit()
        }
        $process.Dispose()
        $Sandbox | Add-Member -NotePropertyName Stopped -NotePropertyValue $true -Force
        if (Test-Path $Sandbox.Folder) { Remove-Item -Recurse -Force $Sandbox.Folder }
    }
}

Export-ModuleMember -Function Start-MmSandbox, Stop-MmSandbox, Invoke-MmSandboxControl
