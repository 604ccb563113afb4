#Requires -Version 7.0
# What the build lays out, and what the shipped parts depend on: the module folder, the root manifest, the sandbox kept
# out of everything that ships.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    $script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:ModuleFolder = Join-Path $Root 'out/MeetingMigration'
}

Describe 'What ships does not depend on the sandbox' {
    It '<Project> has no reference to MeetingMigration.Sandbox' -ForEach @(
        Get-ChildItem (Join-Path $PSScriptRoot '../../src') -Filter *.csproj -Recurse |
            Where-Object Name -NE 'MeetingMigration.Sandbox.csproj' | ForEach-Object { @{ Project = $_.Name; Path = $_.FullName } }
    ) {
        ([xml](Get-Content -Raw $Path)).SelectNodes('//ProjectReference') | ForEach-Object Include | Should -Not -Match 'Sandbox'
    }

    It 'the module folder holds no sandbox or web server assembly' {
        $files = @(Get-ChildItem $ModuleFolder -Recurse -Filter *.dll | ForEach-Object Name)
        $files.Count | Should -BeGreaterThan 2
        @($files | Where-Object { $_ -like 'MeetingMigration.Sandbox*' -or $_ -like 'Microsoft.AspNetCore*' }).Count | Should -Be 0
    }
}

Describe 'The root manifest' {
    It 'is the laid-out manifest, naming its files from the repository root' {
        $source = Get-Content -Raw (Join-Path $Root 'MeetingMigration.psd1')
        $laidOut = Get-Content -Raw (Join-Path $ModuleFolder 'MeetingMigration.psd1')
        $source | Should -Match "RootModule\s*=\s*'out/MeetingMigration/MeetingMigration.dll'"
        $laidOut | Should -BeExactly ($source -replace "'out/MeetingMigration/", "'")
    }

    It 'imports from the repository root after a build, with every cmdlet' {
        # The store goes in the test drive, which Pester removes afterwards (in the temp folder, a file was left per run).
        $store = Join-Path $TestDrive 'root-import.db'
        $lines = Invoke-MmPwsh -WorkingDirectory $Root "Import-Module ./MeetingMigration.psd1; (Get-Module MeetingMigration).ExportedCmdlets.Count; Connect-MeetingMigration -StorePath '$store' -PassThru | Out-Null; 'connected'"
        $run = [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $lines -join "`n" }
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $expected = (Import-PowerShellDataFile (Join-Path $Root 'MeetingMigration.psd1')).CmdletsToExport.Count
        $run.Text | Should -Match "(?m)^$expected$"
        $run.Text | Should -Match '(?m)^connected$'
    }
}
