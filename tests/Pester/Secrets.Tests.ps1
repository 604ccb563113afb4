#Requires -Version 7.0
# Issue 10's secrets promise (docs/security.md): a token, client secret or certificate password never appears in output,
# errors, logs or the store. Each credential the module and the service take holds a canary of its own; every stream is
# captured at Verbose/Debug while the sign-in or the Graph call fails (a sandbox that requires another token, an
# unreachable endpoint, Entra ID behind a proxy that refuses, a wrong certificate password); then the captures, $Error as
# Format-List * -Force and Get-Error show it, the store's bytes (db and -wal) and the service's stdout/stderr at Trace are
# searched for every canary in every form (plain, its random core, percent-encoded, hex, base64/base64url of UTF-8 and
# UTF-16LE at each alignment, UTF-16LE bytes).

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    . "$PSScriptRoot/Secrets.ps1"
    Import-Module $ModuleManifest -Force

    $script:Canaries = @{}
    foreach ($tag in 'token', 'stringtoken', 'secret', 'certpassword', 'wrongcertpassword', 'servicetoken', 'servicesecret', 'servicecertpassword', 'storepassword', 'storestringpassword', 'servicestorepassword') {
        $Canaries[$tag] = New-MmCanary $tag
    }
    # Everything captured, by name; searched by the last test as well as by the test that captured it.
    $script:Captures = [ordered]@{}
    function Add-MmCapture {
        param([string] $Name, [AllowEmptyString()] [string] $Text, [byte[]] $Bytes)
        $Captures[$Name] = @{ Text = $Text; Bytes = $Bytes }
        @(Find-MmCanary -What $Name -Canaries $Canaries -Text $Text -Bytes $Bytes)
    }
    # Runs a block with every stream merged into the output (*>&1) at Verbose and Debug; returns all of it as text.
    function Invoke-MmAllStreams {
        param([scriptblock] $ScriptBlock)
        $records = [System.Collections.Generic.List[object]]::new()
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ErrorActionPreference = 'Continue'
        try { & $ScriptBlock *>&1 | ForEach-Object { $records.Add($_) } }
        catch { $records.Add($_) }
        ($records | ConvertTo-MmFullText) -join "`n"
    }

    $script:ClosedPort = Get-MmClosedPort
    $script:Unreachable = "http://127.0.0.1:$ClosedPort/v1.0"
    # Entra ID sign-ins (client secret, certificate) go through a proxy nothing listens on: they fail here, on this machine.
    $script:PreviousProxy = [System.Net.Http.HttpClient]::DefaultProxy
    [System.Net.Http.HttpClient]::DefaultProxy = [System.Net.WebProxy]::new("http://127.0.0.1:$ClosedPort", $true)
    $script:Sandbox = Start-MmStrictSandbox -RequiredToken ('required-' + [guid]::NewGuid().ToString('N'))
    $script:StorePath = Join-Path $TestDrive 'store.db'
    $script:Tenant = '3b7f0b34-0d5c-4d8a-9d2a-1c1f0b7e5a11'
    $script:App = '8f6c2d1e-4b3a-4c5d-9e8f-7a6b5c4d3e2f'
    $Error.Clear()
}

AfterAll {
    [System.Net.Http.HttpClient]::DefaultProxy = $PreviousProxy
    Disconnect-MeetingMigration
    if ($Sandbox -and -not $Sandbox.Process.HasExited) { $Sandbox.Process.Kill($true); $Sandbox.Process.WaitForExit() }
}

Describe 'Secrets never appear in output, errors, logs or the store' {
    Context 'the module, every stream at Verbose and Debug' {
        It 'an -AccessToken the Graph sandbox refuses (401) is in no stream' {
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StorePath $StorePath -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString $Canaries.token -AsPlainText -Force) -PassThru -Verbose
                Start-CsExMeetingMigration -Identity ashaw@contoso.com -Verbose
                Find-CsMeetingMigrationStaleMeeting -Identity ashaw@contoso.com -Verbose
                Get-CsMeetingMigrationStatus -Verbose
            }
            # The failure happened: the sandbox refused the token.
            $text | Should -Match '401|Unauthorized|AuthenticationFailed|InvalidAuthenticationToken' -Because 'the sandbox must have refused the canary token'
            Add-MmCapture 'access token refused' $text | Should -HaveCount 0
        }

        It 'an -AccessToken for an unreachable Graph endpoint is in no stream' {
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StorePath $StorePath -GraphEndpoint $Unreachable -AccessToken (ConvertTo-SecureString $Canaries.token -AsPlainText -Force) -Verbose
                Find-CsMeetingMigrationStaleMeeting -Identity ashaw@contoso.com -Verbose
            }
            $text | Should -Match 'GraphUnreachable|Connection refused' -Because 'the endpoint must have been tried'
            Add-MmCapture 'access token unreachable' $text | Should -HaveCount 0
        }

        It 'an -AccessToken given as a plain string (refused by the binder: it takes a SecureString) is in no stream of ours' {
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StorePath $StorePath -GraphEndpoint $Unreachable -AccessToken $Canaries.stringtoken -Verbose
            }
            $text | Should -Match 'AccessToken'
            Add-MmCapture 'access token as string' $text | Should -HaveCount 0
        }

        It 'a -ClientSecret whose sign-in cannot reach Entra ID is in no stream' {
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StorePath $StorePath -TenantId $Tenant -ClientId $App -ClientSecret (ConvertTo-SecureString $Canaries.secret -AsPlainText -Force) -GraphEndpoint $Unreachable -Verbose
            }
            $text | Should -Match 'could not be reached|AuthenticationFailed|Unreachable'
            Add-MmCapture 'client secret' $text | Should -HaveCount 0
        }

        It 'a wrong -CertificatePassword for a certificate file is in no stream' {
            $pfx = New-MmPfxFile -Path (Join-Path $TestDrive 'wrong.pfx') -Password ('right-' + [guid]::NewGuid().ToString('N'))
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StorePath $StorePath -TenantId $Tenant -ClientId $App -CertificatePath $pfx -CertificatePassword (ConvertTo-SecureString $Canaries.wrongcertpassword -AsPlainText -Force) -GraphEndpoint $Unreachable -Verbose
            }
            $text | Should -Match 'InvalidConnectionParameters'
            Add-MmCapture 'wrong certificate password' $text | Should -HaveCount 0
        }

        It 'the right -CertificatePassword, whose sign-in cannot reach Entra ID, is in no stream' {
            $pfx = New-MmPfxFile -Path (Join-Path $TestDrive 'right.pfx') -Password $Canaries.certpassword
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StorePath $StorePath -TenantId $Tenant -ClientId $App -CertificatePath $pfx -CertificatePassword (ConvertTo-SecureString $Canaries.certpassword -AsPlainText -Force) -GraphEndpoint $Unreachable -Verbose
            }
            $text | Should -Match 'could not be reached|AuthenticationFailed|Unreachable'
            Add-MmCapture 'certificate password' $text | Should -HaveCount 0
        }

        It 'a PostgreSQL -StorePassword, and a password inside -StoreConnectionString, for a server that cannot be reached are in no stream' {
            $text = Invoke-MmAllStreams {
                Connect-MeetingMigration -StoreConnectionString "Host=127.0.0.1;Port=$ClosedPort;Database=mm;Username=mm;Timeout=3" -StorePassword (ConvertTo-SecureString $Canaries.storepassword -AsPlainText -Force) -Verbose
                Connect-MeetingMigration -StoreConnectionString "Host=127.0.0.1;Port=$ClosedPort;Database=mm;Username=mm;Timeout=3;Password=$($Canaries.storestringpassword)" -Verbose
                Copy-MeetingMigrationStore -StorePath $StorePath -DestinationConnectionString "Host=127.0.0.1;Port=$ClosedPort;Database=mm;Username=mm;Timeout=3" -DestinationPassword (ConvertTo-SecureString $Canaries.storepassword -AsPlainText -Force) -Verbose
                Get-MeetingMigrationConnection | Format-List * | Out-String
            }
            $text | Should -Match 'StoreUnavailable|cannot be opened' -Because 'the store must have been tried and refused'
            Add-MmCapture 'module (PostgreSQL store password)' $text | Should -HaveCount 0
        }

        It '$Error (Format-List * -Force), Get-Error and the store''s bytes hold no canary' {
            $Error.Count | Should -BeGreaterThan 0 -Because 'the failures above left their errors'
            $errors = $Error | Format-List * -Force | Out-String -Width 4096
            $details = ($Error | ConvertTo-MmFullText) -join "`n"
            $getError = $Error | Get-Error | Out-String -Width 4096
            $leaks = @(Add-MmCapture '$Error' "$errors`n$details") + @(Add-MmCapture 'Get-Error' $getError)
            # While connected (the log not yet checkpointed), then closed.
            Disconnect-MeetingMigration
            Connect-MeetingMigration -StorePath $StorePath
            Start-CsExMeetingMigration -Identity bwong@contoso.com 3>$null
            $leaks += Add-MmCapture 'store (open)' -Bytes (Get-MmStoreBytes $StorePath)
            Disconnect-MeetingMigration
            $leaks += Add-MmCapture 'store (closed)' -Bytes (Get-MmStoreBytes $StorePath)
            $leaks | Should -HaveCount 0
        }
    }

    Context 'the service, MeetingMigration__* variables, Logging Trace' {
        BeforeAll {
            $script:Base = @{ PollSeconds = '0.2'; TriggerPollSeconds = '0'; LeaseSeconds = '3' }
            # The attempt of the store's one request, once the service has made it (State neither Pending nor InProgress), else $null.
            function Get-MmAttempt {
                Connect-MeetingMigration -StorePath $ServiceStore
                $status = Get-CsMeetingMigrationStatus | Select-Object -First 1
                Disconnect-MeetingMigration
                # An attempt has ended: Succeeded, Failed, Pending again for its retry (NextRetryTime set), or Pending again
                # with its reason because the connection was down (Graph unreachable, the credentials refused).
                if ($status.State -notin 'Pending', 'InProgress' -or $status.NextRetryTime -or ($status.State -eq 'Pending' -and $status.LastMessage)) { "$($status.State): $($status.LastErrorMessage)" }
            }
            # Runs the service until $Until (a condition on its output so far) holds or it exits; a hang guard of 40 s,
            # not a timing check. Returns its output and exit code.
            function Invoke-MmService {
                param([hashtable] $Settings, [scriptblock] $Until)
                # A fresh store with one request due, for the service to attempt.
                $script:ServiceStore = Join-Path $TestDrive ('service-{0}.db' -f [guid]::NewGuid().ToString('N'))
                Connect-MeetingMigration -StorePath $ServiceStore
                Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
                Disconnect-MeetingMigration
                $all = $Base.Clone(); $all.StorePath = $ServiceStore; foreach ($k in $Settings.Keys) { $all[$k] = $Settings[$k] }
                $service = Start-MmServiceProcess -Settings $all -ClosedPort $ClosedPort
                $guard = [Diagnostics.Stopwatch]::StartNew()
                while (-not $service.Process.HasExited -and $guard.Elapsed.TotalSeconds -lt 40) {
                    if (& $Until) { break }
                    Start-Sleep -Milliseconds 200
                }
                Stop-MmServiceProcess $service
            }
        }

        It 'MeetingMigration__AccessToken, refused by the sandbox, is not in the service''s output nor the store' {
            $run = Invoke-MmService @{ AccessToken = $Canaries.servicetoken; GraphEndpoint = $Sandbox.GraphUrl } { Get-MmAttempt }
            $text = "$($run.Stdout)`n$($run.Stderr)"
            $text | Should -Match 'trce:|dbug:' -Because 'the service must have logged at Trace/Debug'
            $status = Get-MmAttempt
            $status | Should -Match '401|Unauthorized|authent|token' -Because "the service must have attempted the request with the refused token: $status"
            @(Add-MmCapture 'service (access token) stdout/stderr' $text) + @(Add-MmCapture 'service (access token) status' $status) +
                @(Add-MmCapture 'service (access token) store' -Bytes (Get-MmStoreBytes $ServiceStore)) | Should -HaveCount 0
        }

        It 'MeetingMigration__ClientSecret, whose sign-in cannot reach Entra ID, is not in the service''s output nor the store' {
            $run = Invoke-MmService @{ TenantId = $Tenant; ClientId = $App; ClientSecret = $Canaries.servicesecret; GraphEndpoint = $Unreachable } { Get-MmAttempt }
            $text = "$($run.Stdout)`n$($run.Stderr)"
            $status = Get-MmAttempt
            "$text`n$status" | Should -Match 'login\.microsoftonline|could not be reached|Unreachable|sign' -Because "the sign-in must have been tried and failed: $status"
            @(Add-MmCapture 'service (client secret) stdout/stderr' "$text`n$status") +
                @(Add-MmCapture 'service (client secret) store' -Bytes (Get-MmStoreBytes $ServiceStore)) | Should -HaveCount 0
        }

        It 'a wrong MeetingMigration__CertificatePassword is not in the service''s output (exit code 2)' {
            $pfx = New-MmPfxFile -Path (Join-Path $TestDrive 'service-wrong.pfx') -Password ('right-' + [guid]::NewGuid().ToString('N'))
            $run = Invoke-MmService @{ TenantId = $Tenant; ClientId = $App; CertificatePath = $pfx; CertificatePassword = $Canaries.servicecertpassword; GraphEndpoint = $Unreachable } { $false }
            $run.ExitCode | Should -Be 2
            $text = "$($run.Stdout)`n$($run.Stderr)"
            $text | Should -Match 'CertificatePassword'
            Add-MmCapture 'service (wrong certificate password) stdout/stderr' $text | Should -HaveCount 0
        }

        It 'MeetingMigration__StorePassword and a password in StoreConnectionString, for a server that cannot be reached, are not in the service''s output (exit code 1)' {
            $run = Invoke-MmService @{
                StoreConnectionString = "Host=127.0.0.1;Port=$ClosedPort;Database=mm;Username=mm;Timeout=3;Password=$($Canaries.servicestorepassword)"
                StorePassword = $Canaries.servicestorepassword; AccessToken = 'not-a-secret'; GraphEndpoint = $Unreachable
            } { $false }
            $run.ExitCode | Should -Be 1 -Because "a server that cannot be reached may be back in a moment: the service manager starts the service again: $($run.Stderr)"
            $text = "$($run.Stdout)`n$($run.Stderr)"
            $text | Should -Match 'StoreConnectionString' -Because 'the one line names the setting'
            Add-MmCapture 'service (store password) stdout/stderr' $text | Should -HaveCount 0
        }

        It 'the right MeetingMigration__CertificatePassword, whose sign-in cannot reach Entra ID, is not in the service''s output' {
            $pfx = New-MmPfxFile -Path (Join-Path $TestDrive 'service-right.pfx') -Password $Canaries.servicecertpassword
            $run = Invoke-MmService @{ TenantId = $Tenant; ClientId = $App; CertificatePath = $pfx; CertificatePassword = $Canaries.servicecertpassword; GraphEndpoint = $Unreachable } { Get-MmAttempt }
            $text = "$($run.Stdout)`n$($run.Stderr)"
            $status = Get-MmAttempt
            "$text`n$status" | Should -Match 'login\.microsoftonline|could not be reached|Unreachable|sign' -Because "the sign-in must have been tried and failed: $status"
            @(Add-MmCapture 'service (certificate) stdout/stderr' "$text`n$status") +
                @(Add-MmCapture 'service (certificate) store' -Bytes (Get-MmStoreBytes $ServiceStore)) | Should -HaveCount 0
        }
    }

    Context 'a token goes only to the Graph host' {
        # Found by an outside probe: with HTTP_PROXY set, every call to a Graph endpoint on this machine (plain http: the
        # sandbox) went to the proxy with its bearer token in clear text.
        It 'an HTTP_PROXY in the environment does not get the calls to a Graph endpoint on this machine' {
            Import-Module $SandboxModule -Force
            $sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 3 -Seed 5 -Configuration $BuildConfiguration
            $proxy = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $previous = $env:HTTP_PROXY
            try {
                $proxy.Start()
                $user = Import-Csv $sandbox.UsersFile | Select-Object -First 1
                $env:HTTP_PROXY = "http://127.0.0.1:$($proxy.LocalEndpoint.Port)"
                $state = Invoke-MmPwsh ("Import-Module '$ModuleManifest'; Connect-MeetingMigration -StorePath '$(Join-Path $TestDrive 'proxy.db')' -GraphEndpoint '$($sandbox.GraphUrl)' " +
                    "-AccessToken (ConvertTo-SecureString '$($Canaries.token)' -AsPlainText -Force); " +
                    "(Start-CsExMeetingMigration -Identity '$($user.UserPrincipalName)' -Wait -ProgressAction SilentlyContinue -ErrorAction SilentlyContinue).State")
                $proxy.Pending() | Should -BeFalse -Because 'nothing may connect to the proxy'
                @($state)[-1] | Should -BeExactly $user.ExpectedState -Because ($state -join "`n")
            } finally {
                $env:HTTP_PROXY = $previous
                $proxy.Stop()
                Stop-MmSandbox $sandbox
            }
        }
    }

    It 'searched every capture for every canary, and the search finds a planted one' {
        $Captures.Count | Should -BeGreaterOrEqual 14
        # The search itself: each canary planted in each of its forms, as text and as UTF-16LE bytes, is found.
        foreach ($tag in $Canaries.Keys) {
            $forms = Get-MmCanaryForms $Canaries[$tag]
            foreach ($form in $forms.Keys) {
                @(Find-MmCanary -What 'plant' -Canaries @{ $tag = $Canaries[$tag] } -Text "x$($forms[$form])y").Count | Should -BeGreaterThan 0 -Because "$tag as $form"
            }
            $inBase64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("Bearer $($Canaries[$tag])"))
            @(Find-MmCanary -What 'plant' -Canaries @{ $tag = $Canaries[$tag] } -Text $inBase64).Count | Should -BeGreaterThan 0 -Because "$tag inside a base64 header"
            @(Find-MmCanary -What 'plant' -Canaries @{ $tag = $Canaries[$tag] } -Bytes ([Text.Encoding]::Unicode.GetBytes("abc$($Canaries[$tag])"))).Count | Should -BeGreaterThan 0 -Because "$tag as UTF-16LE bytes"
        }
        $all = @($Captures.Keys | ForEach-Object { Find-MmCanary -What $_ -Canaries $Canaries -Text $Captures[$_].Text -Bytes $Captures[$_].Bytes })
        Write-Host ("Secrets: {0} canaries, {1} captures searched ({2}), {3} leaks" -f $Canaries.Count, $Captures.Count, ($Captures.Keys -join ', '), $all.Count)
        $all | Should -HaveCount 0
    }
}
