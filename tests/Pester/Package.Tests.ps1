# Packaging (issue 11): the built module, published to a local PSResourceGet repository as build.ps1 -Task Package does,
# installs with Install-PSResource and loads by name in a new pwsh. The new pwsh gets a home folder of its own, so the
# repository it registers and the module it installs (CurrentUser scope) never touch this machine's user.
BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:Built = Split-Path -Parent (Resolve-Path $ModuleManifest)
    $script:Version = (Import-PowerShellDataFile $ModuleManifest).ModuleVersion
}

Describe 'The MeetingMigration package' {
    It 'installs from a local repository with Install-PSResource and Import-Module MeetingMigration loads it by name' {
        $newHome = New-Item -ItemType Directory (Join-Path $TestDrive "home")
        $repository = New-Item -ItemType Directory (Join-Path $TestDrive 'repository')
        $script = Join-Path $TestDrive 'install.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $Module, [string] $Repository)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name LocalTest -Uri $Repository -Trusted
Publish-PSResource -Path $Module -Repository LocalTest
Install-PSResource -Name MeetingMigration -Repository LocalTest -Scope CurrentUser -TrustRepository
$loaded = Import-Module MeetingMigration -PassThru
"base=$($loaded.ModuleBase)"
"version=$($loaded.Version)"
"cmdlets=$((Get-Command -Module MeetingMigration).Count)"
"store=$((Get-MeetingMigrationConnection).StoreKind)"
'@
        $before = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; PSModulePath = $env:PSModulePath }
        try {
            $env:HOME = $newHome.FullName
            $env:XDG_DATA_HOME = $null; $env:XDG_CONFIG_HOME = $null
            # Only the new home's modules and PowerShell's own: the built module must be found where Install-PSResource put it.
            $env:PSModulePath = $null
            $output = Invoke-MmPwsh -File $script -Arguments $Built, $repository.FullName
        } finally {
            foreach ($name in $before.Keys) { Set-Item "env:$name" -Value $before[$name] -ErrorAction SilentlyContinue; if ($null -eq $before[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } }
        }
        $text = $output -join "`n"
        $LASTEXITCODE | Should -Be 0 -Because $text
        Get-ChildItem $repository -Filter "MeetingMigration.$Version.nupkg" | Should -Not -BeNullOrEmpty -Because 'Publish-PSResource makes the nupkg'
        $text | Should -Match ([regex]::Escape("base=$($newHome.FullName)")) -Because 'the module must be the installed copy, under the new home'
        $text | Should -Match "version=$([regex]::Escape($Version))"
        $text | Should -Match "cmdlets=$((Import-PowerShellDataFile $ModuleManifest).CmdletsToExport.Count)"
        $text | Should -Match 'store=Embedded'
    }
}
