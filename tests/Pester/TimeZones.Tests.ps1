#Requires -Version 7.0
# Dates across time zones (issue 11): status times are local DateTimes (Kind Local) and -StartTime/-EndTime without a
# zone are the session's local time, so a bound copied from the table selects what the table showed. Each case runs in a
# child pwsh whose zone is set by TZ (America/Los_Angeles, Asia/Kolkata: a negative offset with DST, and a half-hour
# positive one), all against one store, as two admins in two countries would share the service's store.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $manifest = (Resolve-Path $ModuleManifest).Path
    $store = Join-Path $TestDrive 'zones.db'

    # Runs a script in a child pwsh with TZ set, connected to the shared store; returns the JSON object it printed last.
    function Invoke-MmInZone {
        param([Parameter(Mandatory)] [string] $Zone, [Parameter(Mandatory)] [string] $Script)
        $command = "`$ErrorActionPreference = 'Stop'; Import-Module '$manifest'; Connect-MeetingMigration -StorePath '$store'`n$Script"
        $saved = $env:TZ
        try {
            $env:TZ = $Zone
            $lines = @(Invoke-MmPwsh $command)
        }
        finally {
            $env:TZ = $saved
        }
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        $lines[-1] | ConvertFrom-Json -DateKind String
    }
}

Describe 'Status times and -StartTime/-EndTime in America/Los_Angeles and Asia/Kolkata' {
    BeforeAll {
        # Queued in Los Angeles; everything below reads it back in both zones.
        $la = Invoke-MmInZone 'America/Los_Angeles' @'
$r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru -WarningAction SilentlyContinue
[pscustomobject]@{
    Zone = [TimeZoneInfo]::Local.Id
    Kind = "$($r.CreateDate.Kind)"
    DueKind = "$($r.DueTime.Kind)"
    Local = $r.CreateDate.ToString('o')
    Utc = $r.CreateDate.ToUniversalTime().ToString('o')
    Offset = [TimeZoneInfo]::Local.GetUtcOffset($r.CreateDate).ToString()
    Wall = $r.CreateDate.ToString('yyyy-MM-dd HH:mm:ss.fffffff')
} | ConvertTo-Json -Compress
'@
        $created = [DateTimeOffset]::Parse($la.Utc, [cultureinfo]::InvariantCulture)
    }

    It 'the zone really is set in the child process (TZ)' {
        $la.Zone | Should -BeExactly 'America/Los_Angeles'
    }

    It 'CreateDate and DueTime are local times (Kind Local) in Los Angeles, the creation instant at the zone''s offset' {
        $la.Kind | Should -BeExactly 'Local'
        $la.DueKind | Should -BeExactly 'Local'
        $la.Offset | Should -BeIn @('-08:00:00', '-07:00:00')
        $la.Local | Should -BeLikeExactly "*$($la.Offset.Substring(0, 6))"
        [DateTimeOffset]::Parse($la.Local, [cultureinfo]::InvariantCulture) | Should -Be $created -Because 'the local time is the same instant'
    }

    It 'in Kolkata the same request shows the same instant at +05:30, and bounds in Kolkata wall-clock time select it' {
        $in = Invoke-MmInZone 'Asia/Kolkata' @"
`$r = Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com
`$wall = `$r.CreateDate.ToString('yyyy-MM-dd HH:mm:ss.fffffff')
[pscustomobject]@{
    Zone = [TimeZoneInfo]::Local.Id
    Kind = "`$(`$r.CreateDate.Kind)"
    Local = `$r.CreateDate.ToString('o')
    Utc = `$r.CreateDate.ToUniversalTime().ToString('o')
    AtWall = @(Get-CsMeetingMigrationStatus -StartTime `$wall -EndTime `$wall).Count
    AfterWall = @(Get-CsMeetingMigrationStatus -StartTime ([datetime]`$wall).AddTicks(1)).Count
    FromObject = @(Get-CsMeetingMigrationStatus -StartTime `$r.CreateDate -EndTime `$r.CreateDate).Count
    # Los Angeles' wall-clock text read here names an instant 13.5 or 14.5 hours earlier.
    LaWallAsEnd = @(Get-CsMeetingMigrationStatus -EndTime '$($la.Wall)').Count
    LaWallAsStart = @(Get-CsMeetingMigrationStatus -StartTime '$($la.Wall)').Count
    # With its offset written out, Los Angeles' time means the same instant in any zone.
    LaWithOffset = @(Get-CsMeetingMigrationStatus -StartTime '$($la.Local)' -EndTime '$($la.Local)').Count
} | ConvertTo-Json -Compress
"@
        $in.Zone | Should -BeExactly 'Asia/Kolkata'
        $in.Kind | Should -BeExactly 'Local'
        $in.Local | Should -BeLikeExactly '*+05:30'
        [DateTimeOffset]::Parse($in.Utc, [cultureinfo]::InvariantCulture) | Should -Be $created
        $in.AtWall | Should -Be 1 -Because 'a bound without a zone is the session''s local time, inclusive to the tick'
        $in.AfterWall | Should -Be 0
        $in.FromObject | Should -Be 1 -Because 'a CreateDate passed back as a bound is the same instant'
        $in.LaWallAsEnd | Should -Be 0 -Because 'Los Angeles'' wall clock read in Kolkata is hours before the creation'
        $in.LaWallAsStart | Should -Be 1
        $in.LaWithOffset | Should -Be 1
    }

    It 'in Los Angeles, bounds in Los Angeles wall-clock time select it and Kolkata''s wall clock (hours later) does not' {
        $kolkataWall = $created.ToOffset([TimeSpan]::FromMinutes(330)).ToString('yyyy-MM-dd HH:mm:ss.fffffff', [cultureinfo]::InvariantCulture)
        $back = Invoke-MmInZone 'America/Los_Angeles' @"
[pscustomobject]@{
    AtWall = @(Get-CsMeetingMigrationStatus -StartTime '$($la.Wall)' -EndTime '$($la.Wall)').Count
    KolkataWallAsStart = @(Get-CsMeetingMigrationStatus -StartTime '$kolkataWall').Count
    KolkataWallAsEnd = @(Get-CsMeetingMigrationStatus -EndTime '$kolkataWall').Count
    UtcBound = @(Get-CsMeetingMigrationStatus -StartTime '$($la.Utc)' -EndTime '$($la.Utc)').Count
} | ConvertTo-Json -Compress
"@
        $back.AtWall | Should -Be 1
        $back.KolkataWallAsStart | Should -Be 0 -Because 'Kolkata''s wall clock read in Los Angeles is hours after the creation'
        $back.KolkataWallAsEnd | Should -Be 1
        $back.UtcBound | Should -Be 1 -Because 'a time ending in Z is UTC in any zone'
    }
}
