#Requires -Version 7.0
# The module under the culture an admin's machine gives pwsh (LANG or LC_ALL). Thai, Saudi and Persian sessions count
# years in other calendars and a Finnish one writes times with dots; a format string alone follows them. Under th-TH
# the calendar window was asked for in the year 2569, so a migration found none of the user's meetings and succeeded
# with nothing done (found reviewing the shipped code with .NET's culture analyzers, which the build now enforces).

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $SandboxModule -Force
    $script:Sandbox = Start-MmSandbox -Users 1 -MeetingsPerUser 20 -Seed 4 -Configuration $BuildConfiguration
    $script:Upn = (Import-Csv $Sandbox.UsersFile)[0].UserPrincipalName
    $script:Expected = @(Get-Content -Raw $Sandbox.ExpectationsFile | ConvertFrom-Json |
        Where-Object { $_.mailbox -eq $Upn -and $_.outcome -eq 'migrate' -and $_.kind -eq 'teams' } | ForEach-Object subject | Sort-Object -Unique)
    $script:Script = Join-Path $TestDrive 'culture.ps1'
    Set-Content -Path $Script -Value @'
param($Manifest, $Store, $Graph, $Upn, [switch] $Wait)
"culture: $([cultureinfo]::CurrentCulture.Name)"
Import-Module $Manifest
Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Graph -AccessToken (ConvertTo-SecureString 'tok' -AsPlainText -Force)
if ($Wait) {
    $done = Start-CsExMeetingMigration -Identity $Upn -SourceMeetingType Teams -Wait -ProgressAction SilentlyContinue
    "result: $($done.State) $($done.SucceededMeeting)"
    Get-CsMeetingMigrationDetail -CorrelationId $done.CorrelationId | ForEach-Object { "detail: $($_.Outcome) $($_.Subject)" }
}
else { Start-CsExMeetingMigration -Identity $Upn -SourceMeetingType Teams -WhatIf }
'@

    $script:StatusScript = Join-Path $TestDrive 'status.ps1'
    Set-Content -Path $StatusScript -Value @'
param($Manifest, $Store, $Start, $End)
Import-Module $Manifest
Connect-MeetingMigration -StorePath $Store
"count: $(@(Get-CsMeetingMigrationStatus -StartTime $Start -EndTime $End).Count)"
'@

    # A script's output in a pwsh whose culture comes from LC_ALL, as a shell on that machine gives it.
    function Invoke-UnderLocale([string] $Locale, [string] $Store, [switch] $Wait) {
        Invoke-ScriptUnderLocale $Locale $Script (@($ModuleManifest, $Store, $Sandbox.GraphUrl, $Upn) + $(if ($Wait) { '-Wait' } else { @() }))
    }

    function Invoke-ScriptUnderLocale([string] $Locale, [string] $File, [string[]] $Arguments) {
        $saved = $env:LC_ALL
        $env:LC_ALL = $Locale
        try { @(Invoke-MmPwsh -File $File -Arguments $Arguments) }
        finally { $env:LC_ALL = $saved }
    }
}

AfterAll { if ($Sandbox) { Stop-MmSandbox $Sandbox } }

Describe 'The module in a session of another culture' {
    It 'lists every meeting that would change under <_>' -ForEach 'th_TH.UTF-8', 'ar_SA.UTF-8', 'fa_IR.UTF-8', 'fi_FI.UTF-8', 'tr_TR.UTF-8' {
        $Expected.Count | Should -BeGreaterThan 0 -Because 'the seeded mailbox must have Teams meetings to migrate'
        $lines = Invoke-UnderLocale $_ (Join-Path $TestDrive "whatif-$_.db")

        $lines | Should -Contain "culture: $(($_ -split '\.')[0] -replace '_', '-')" -Because 'the session must run in that culture'
        $listed = @($lines | Where-Object { $_ -like 'What if:*Refresh the Teams dial-in details*' } |
            ForEach-Object { if ($_ -match " / '(.+)' \(\d{4}-\d\d-\d\d \d\d:\d\dZ\)") { $Matches[1] } } | Sort-Object -Unique)
        ($listed -join "`n") | Should -BeExactly ($Expected -join "`n") -Because ($lines -join "`n")
    }

    It 'migrates every such meeting under th_TH.UTF-8' {
        $lines = Invoke-UnderLocale 'th_TH.UTF-8' (Join-Path $TestDrive 'wait.db') -Wait

        $lines | Should -Contain "result: Succeeded $($Expected.Count)" -Because ($lines -join "`n")
        $updated = @($lines | Where-Object { $_ -like 'detail: Updated *' } | ForEach-Object { $_.Substring('detail: Updated '.Length) } | Sort-Object -Unique)
        ($updated -join "`n") | Should -BeExactly ($Expected -join "`n")
    }

    It 'reads -StartTime and -EndTime text the same way under <_> (invariant: ISO 8601, month/day/year)' -ForEach 'th_TH.UTF-8', 'fa_IR.UTF-8', 'ar_SA.UTF-8', 'de_DE.UTF-8' {
        # The binder read them in the session's culture: "2026-12-31" was the Thai year 2026 (1483), "10/1/2016" the
        # Persian 2016, "12/6/2026" the 12th of June in German (an outside probe of cultures).
        $store = Join-Path $TestDrive 'wait.db'
        Test-Path $store | Should -BeTrue -Because 'the migration above left its request in this store'
        $invariant = [cultureinfo]::InvariantCulture
        $yesterday = (Get-Date).AddDays(-1).ToString('yyyy-MM-dd', $invariant)
        $tomorrow = (Get-Date).AddDays(1).ToString('M/d/yyyy', $invariant)

        $around = Invoke-ScriptUnderLocale $_ $StatusScript @($ModuleManifest, $store, $yesterday, $tomorrow)
        $in2016 = Invoke-ScriptUnderLocale $_ $StatusScript @($ModuleManifest, $store, '10/1/2016', '10/8/2016')

        $around | Should -Contain 'count: 1' -Because ($around -join "`n")
        $in2016 | Should -Contain 'count: 0' -Because ($in2016 -join "`n")
    }

    # Found by outside probe R: slash dates stay month/day/year in every culture (Microsoft's own "10/1/2016"), so an en-GB
    # admin's "08/12/2026" (8 December to them) is 12 August, silently. Still read so, with a warning naming both readings.
    It 'warns under <Locale> when the session''s culture reads <Text> as another date, and reads it as before' -ForEach @(
        @{ Locale = 'en_GB.UTF-8'; Text = '08/12/2026'; Warned = "-StartTime '08/12/2026' is read as PowerShell reads text in every culture: 2026-08-12 (12 August 2026). This session's culture (en-GB) would read it as 2026-12-08 (8 December 2026); if that is the date you meant, give `"2026-12-08`" (ISO 8601, year first)." }
        @{ Locale = 'th_TH.UTF-8'; Text = '10/1/2016'; Warned = "-StartTime '10/1/2016' is read as PowerShell reads text in every culture: 2016-10-01 (1 October 2016). This session's culture (th-TH) would read it as 1473-01-10 (10 January 1473)*" }
        @{ Locale = 'en_US.UTF-8'; Text = '08/12/2026'; Warned = $null }
        @{ Locale = 'en_GB.UTF-8'; Text = '2026-08-12'; Warned = $null }
        @{ Locale = 'th_TH.UTF-8'; Text = '2026-08-12'; Warned = $null }
        @{ Locale = 'en_GB.UTF-8'; Text = '12/31/2026'; Warned = $null }
    ) {
        $store = Join-Path $TestDrive 'wait.db'
        $warning = Join-Path $TestDrive 'warning.ps1'
        Set-Content -Path $warning -Value @'
param($Manifest, $Store, $Start)
Import-Module $Manifest
Connect-MeetingMigration -StorePath $Store
$rows = @(Get-CsMeetingMigrationStatus -StartTime $Start -WarningVariable warned -WarningAction SilentlyContinue)
"count: $($rows.Count)"
"invariant count: $(@(Get-CsMeetingMigrationStatus -StartTime ([datetime]::Parse($Start, [cultureinfo]::InvariantCulture))).Count)"
$warned | ForEach-Object { "warning: $_" }
'@
        $lines = Invoke-ScriptUnderLocale $Locale $warning @($ModuleManifest, $store, $Text)

        $count = @($lines | Where-Object { $_ -like 'count: *' })
        $count.Count | Should -Be 1 -Because ($lines -join "`n")
        $lines | Should -Contain "invariant $($count[0])" -Because 'the text is read as the invariant culture reads it'
        $warnings = @($lines | Where-Object { $_ -like 'warning: *' } | ForEach-Object { $_.Substring('warning: '.Length) })
        if ($Warned) { $warnings.Count | Should -Be 1; $warnings[0] | Should -BeLike $Warned }
        else { $warnings | Should -BeNullOrEmpty }
    }

    # Found by outside probe P: a German admin's "08.12.2026" (8 December) was read month first, as 12 August, and the
    # filter listed other requests, silently; a day over 12 was "not a date". Refused on every machine, both readings named.
    It 'refuses a date written with dots under <_>, naming both readings and the ISO form' -ForEach 'de_DE.UTF-8', 'en_US.UTF-8' {
        $store = Join-Path $TestDrive 'wait.db'
        $refusal = Join-Path $TestDrive 'refusal.ps1'
        Set-Content -Path $refusal -Value @'
param($Manifest, $Store, $Start, $End)
Import-Module $Manifest
Connect-MeetingMigration -StorePath $Store
try { "count: $(@(Get-CsMeetingMigrationStatus -StartTime $Start -EndTime $End).Count)" } catch { "refused: $($_.FullyQualifiedErrorId) $($_.Exception.Message)" }
'@
        $ambiguous = Invoke-ScriptUnderLocale $_ $refusal @($ModuleManifest, $store, '08.12.2026', '12/31/2026')
        $dayOver12 = Invoke-ScriptUnderLocale $_ $refusal @($ModuleManifest, $store, '2026-01-01', '13.12.2026')
        $dashes = Invoke-ScriptUnderLocale $_ $refusal @($ModuleManifest, $store, '8-12-26', '2026-12-31')

        ($ambiguous -join "`n") | Should -BeLike "refused: ParameterArgumentTransformationError,*'08.12.2026' gives day and month in digits parted by dots, dashes or spaces*(day first it is 2026-12-08, but PowerShell's invariant reading takes it month first, as 2026-08-12)*Give it as `"2026-12-08`"*"
        ($dayOver12 -join "`n") | Should -BeLike "*'13.12.2026' gives day and month*(day first it is 2026-12-13)*"
        ($dashes -join "`n") | Should -BeLike "refused: *'8-12-26' gives day and month*(day first it is 2026-12-08, but *as 2026-08-12)*"
        @($ambiguous + $dayOver12 + $dashes) -like 'count:*' | Should -BeNullOrEmpty
    }
}
