#Requires -Version 7.0
# The management shell (mmshell.dll), run as a child process with its output redirected.

BeforeAll {
    $repo = Resolve-Path "$PSScriptRoot/../.."
    $mmshell = Get-ChildItem "$repo/src/MeetingMigration.Shell/bin/*/net10.0/mmshell.dll" -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $mmshell) { throw 'mmshell.dll is not built: run dotnet build MeetingMigration.sln first.' }

    function Invoke-MmShell {
        param([string] $Store, [string[]] $Arguments)
        $previous = $env:MEETINGMIGRATION_STORE_PATH
        $env:MEETINGMIGRATION_STORE_PATH = $Store
        try {
            $stdout = & dotnet $mmshell.FullName @Arguments 2>$null
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = @($stdout | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ }) ; Text = ($stdout -join "`n") }
        }
        finally {
            $env:MEETINGMIGRATION_STORE_PATH = $previous
        }
    }
}

Describe 'mmshell' {
    BeforeEach {
        $store = Join-Path $TestDrive ("shell-{0}.db" -f [guid]::NewGuid().ToString('N'))
    }

    It '-Command prints the MMS-like summary table without escape sequences' {
        $r = Invoke-MmShell -Store $store -Arguments '-Command', 'Get-CsMeetingMigrationStatus -SummaryOnly'
        $r.ExitCode | Should -Be 0
        $r.Text | Should -Not -Match "`e"
        $r.Lines | Should -Be @(
            'State      UserCount'
            '-----      ---------'
            'Pending            0'
            'InProgress         0'
            'Failed             0'
            'Succeeded          0'
        )
    }

    It '-File runs a script' {
        $script = Join-Path $TestDrive 'queue.ps1'
        "Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue`nGet-CsMeetingMigrationStatus -SummaryOnly" | Set-Content $script
        $r = Invoke-MmShell -Store $store -Arguments '-File', $script
        $r.ExitCode | Should -Be 0
        $r.Lines | Should -Contain 'Pending            1'
    }

    It 'exits 1 when a command fails' {
        $r = Invoke-MmShell -Store $store -Arguments '-Command', "Start-CsExMeetingMigration -Identity 'a@@b'"
        $r.ExitCode | Should -Be 1
    }
}
