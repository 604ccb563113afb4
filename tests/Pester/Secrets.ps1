# Helpers of Secrets.Tests.ps1 (dot-sourced after TestHelpers.ps1): canary values, the forms a leaked canary could take,
# a search of text and bytes for them, and the sandbox and the service started as processes with the options this proof
# needs (a sandbox that requires one token, a service with chosen MeetingMigration__* variables and Trace logging).

# A canary: a random core (what any copy of the value would carry) between a tag and characters that percent-encoding,
# base64 and hex all change, all visible ASCII so that it passes the bearer-token checks and reaches Graph or MSAL.
function New-MmCanary {
    param([Parameter(Mandatory)] [string] $Tag)
    'mmcanary' + $Tag + [guid]::NewGuid().ToString('N') + '+/='
}

# Every text form a canary could leak in: plain, its random core alone, percent-encoded (as in a form body or a URL),
# hex of its UTF-8 and UTF-16LE bytes (both cases), and base64 / base64url of its UTF-8 and UTF-16LE bytes at each of the
# three alignments it could have inside a longer encoded value ("Bearer <token>", "client_secret=<secret>&..."): the
# characters of the groups that hold only canary bytes, the same whatever precedes or follows it.
function Get-MmCanaryForms {
    param([Parameter(Mandatory)] [string] $Canary)
    $forms = [ordered]@{}
    $forms['plain'] = $Canary
    $forms['core'] = $Canary -replace '[^0-9a-zA-Z]', '' -replace '^mmcanary[a-z]+', ''
    $forms['url-encoded'] = [Uri]::EscapeDataString($Canary)
    $forms['form-encoded'] = [System.Net.WebUtility]::UrlEncode($Canary)
    foreach ($encoding in @(@{ Name = 'utf8'; Bytes = [Text.Encoding]::UTF8.GetBytes($Canary) }, @{ Name = 'utf16le'; Bytes = [Text.Encoding]::Unicode.GetBytes($Canary) })) {
        $bytes = $encoding.Bytes
        $forms["hex-$($encoding.Name)"] = [Convert]::ToHexString($bytes)
        $forms["hex-lower-$($encoding.Name)"] = [Convert]::ToHexString($bytes).ToLowerInvariant()
        $forms["hex-dashed-$($encoding.Name)"] = [BitConverter]::ToString($bytes)
        foreach ($shift in 0, 1, 2) {
            $padded = [byte[]]::new($shift + $bytes.Length)
            [Array]::Copy($bytes, 0, $padded, $shift, $bytes.Length)
            $encoded = [Convert]::ToBase64String($padded)
            $start = [int][Math]::Ceiling($shift / 3) * 4
            $end = [int][Math]::Floor(($shift + $bytes.Length) / 3) * 4
            $inner = $encoded.Substring($start, $end - $start)
            $forms["base64-$($encoding.Name)-$shift"] = $inner
            $forms["base64url-$($encoding.Name)-$shift"] = $inner.Replace('+', '-').Replace('/', '_')
        }
    }
    $forms
}

# The leaks of the canaries in one capture: "<what> holds <canary tag> as <form>". Text is searched as is and
# case-insensitively for the case-free forms; bytes as UTF-8/ASCII text (which finds every text form) and as UTF-16LE.
function Find-MmCanary {
    param(
        [Parameter(Mandatory)] [string] $What,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [hashtable] $Canaries,
        [AllowEmptyString()] [AllowNull()] [string] $Text,
        [byte[]] $Bytes
    )
    $haystacks = @()
    if ($null -ne $Text) { $haystacks += @{ Name = 'text'; Value = $Text } }
    if ($null -ne $Bytes) {
        # Latin-1 maps each byte to one character, so a UTF-8 (ASCII) form is found as text, and UTF-16LE as its own.
        $haystacks += @{ Name = 'bytes'; Value = [Text.Encoding]::Latin1.GetString($Bytes) }
        $haystacks += @{ Name = 'bytes as UTF-16LE'; Value = [Text.Encoding]::Unicode.GetString($Bytes) }
        if ($Bytes.Length -gt 1) { $haystacks += @{ Name = 'bytes as UTF-16LE (odd)'; Value = [Text.Encoding]::Unicode.GetString($Bytes, 1, $Bytes.Length - 1) } }
    }
    foreach ($tag in $Canaries.Keys) {
        $forms = Get-MmCanaryForms $Canaries[$tag]
        foreach ($haystack in $haystacks) {
            foreach ($form in $forms.Keys) {
                $comparison = if ($form -like 'base64*') { [StringComparison]::Ordinal } else { [StringComparison]::OrdinalIgnoreCase }
                if ($haystack.Value.IndexOf($forms[$form], $comparison) -ge 0) { "$What ($($haystack.Name)) holds the $tag canary as $form" }
            }
        }
    }
}

# Everything a record of any stream shows: its text and every property, as Format-List * -Force renders them.
function ConvertTo-MmFullText {
    param([Parameter(ValueFromPipeline)] $InputObject)
    process {
        if ($null -eq $InputObject) { return }
        "$InputObject"
        ($InputObject | Format-List * -Force | Out-String -Width 4096)
        if ($InputObject -is [System.Management.Automation.ErrorRecord]) {
            $InputObject.Exception | Format-List * -Force | Out-String -Width 4096
            $inner = $InputObject.Exception.InnerException
            while ($null -ne $inner) { $inner | Format-List * -Force | Out-String -Width 4096; $inner = $inner.InnerException }
        }
    }
}

# A free port of 127.0.0.1 that nothing listens on afterwards.
function Get-MmClosedPort {
    $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $port
}

# The sandbox as its own process, refusing every Graph call whose bearer token is not $RequiredToken (401); no users.
function Start-MmStrictSandbox {
    param([Parameter(Mandatory)] [string] $RequiredToken)
    $assembly = Join-Path $PSScriptRoot "../../src/MeetingMigration.Sandbox/bin/$BuildConfiguration/net10.0/MeetingMigration.Sandbox.dll"
    $folder = Join-Path $TestDrive ('sandbox-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    $ready = Join-Path $folder 'ready.json'
    $start = [Diagnostics.ProcessStartInfo]::new((Get-MmServiceDotnet))
    foreach ($argument in @($assembly, '--port', '0', '--ready-file', $ready, '--exit-with-process', $PID, '--required-token', $RequiredToken)) { $start.ArgumentList.Add([string]$argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync(); $stderr = $process.StandardError.ReadToEndAsync()
    # A hang guard, not a timing check.
    $guard = [Diagnostics.Stopwatch]::StartNew()
    while (-not (Test-Path $ready)) {
        if ($process.HasExited -or $guard.Elapsed.TotalSeconds -gt 60) { if (-not $process.HasExited) { $process.Kill($true) }; throw "The sandbox did not start: $($stdout.Result)$($stderr.Result)" }
        Start-Sleep -Milliseconds 50
    }
    $endpoints = Get-Content -Raw $ready | ConvertFrom-Json
    [pscustomobject]@{ GraphUrl = $endpoints.graphUrl; RootUrl = $endpoints.rootUrl; Process = $process; Folder = $folder }
}

function Get-MmServiceDotnet {
    if ($env:DOTNET_HOST_PATH -and (Test-Path $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    $current = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($current) -eq 'dotnet') { return $current }
    (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
}

# Starts the built service with exactly these MeetingMigration__* settings (none inherited), Trace logging, and HTTP(S)
# proxied through a closed local port except for 127.0.0.1 (so Entra ID is never reached, the sandbox is).
function Start-MmServiceProcess {
    param([Parameter(Mandatory)] [hashtable] $Settings, [Parameter(Mandatory)] [int] $ClosedPort)
    $dll = Join-Path $PSScriptRoot "../../src/MeetingMigration.Service/bin/$BuildConfiguration/net10.0/MeetingMigration.Service.dll"
    $start = [Diagnostics.ProcessStartInfo]::new((Get-MmServiceDotnet))
    $start.ArgumentList.Add((Resolve-Path $dll).Path)
    $start.WorkingDirectory = Split-Path (Resolve-Path $dll).Path
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($name in @($start.Environment.Keys)) {
        if ($name -like 'MeetingMigration*' -or $name -like '*_proxy' -or $name -like '*_PROXY' -or $name -like 'Logging__*') { $null = $start.Environment.Remove($name) }
    }
    foreach ($name in $Settings.Keys) { $start.Environment["MeetingMigration__$name"] = [string]$Settings[$name] }
    $start.Environment['Logging__LogLevel__Default'] = 'Trace'
    $start.Environment['Logging__LogLevel__Microsoft'] = 'Trace'
    $start.Environment['Logging__LogLevel__System'] = 'Trace'
    $start.Environment['HTTPS_PROXY'] = "http://127.0.0.1:$ClosedPort"
    $start.Environment['HTTP_PROXY'] = "http://127.0.0.1:$ClosedPort"
    $start.Environment['NO_PROXY'] = '127.0.0.1,localhost'
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Stdout = $process.StandardOutput.ReadToEndAsync(); Stderr = $process.StandardError.ReadToEndAsync() }
}

# Stops a service started by Start-MmServiceProcess (if it still runs) and returns everything it wrote.
function Stop-MmServiceProcess {
    param([Parameter(Mandatory)] $Service)
    if (-not $Service.Process.HasExited) { $Service.Process.Kill($true) }
    $Service.Process.WaitForExit()
    [pscustomobject]@{ ExitCode = $Service.Process.ExitCode; Stdout = $Service.Stdout.Result; Stderr = $Service.Stderr.Result }
}

# The bytes of a store and its write-ahead log (whichever exist), one after the other.
function Get-MmStoreBytes {
    param([Parameter(Mandatory)] [string] $Path)
    $stream = [System.IO.MemoryStream]::new()
    foreach ($file in $Path, "$Path-wal", "$Path-shm", "$Path-journal") {
        if (Test-Path -LiteralPath $file) { $bytes = [System.IO.File]::ReadAllBytes($file); $stream.Write($bytes, 0, $bytes.Length) }
    }
    , $stream.ToArray()
}

# A self-signed certificate with its private key as a PFX file protected by $Password.
function New-MmPfxFile {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Password)
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    try {
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=MeetingMigration secrets proof', $rsa,
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
        [System.IO.File]::WriteAllBytes($Path, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $Password))
        $certificate.Dispose()
    }
    finally { $rsa.Dispose() }
    $Path
}
