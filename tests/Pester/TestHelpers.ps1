# Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll). Requires Pester 5 and PowerShell 7.

$script:ModuleManifest = Join-Path $PSScriptRoot '../../out/MeetingMigration/MeetingMigration.psd1'

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
