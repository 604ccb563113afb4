#Requires -Version 7.0
# The cmdlets' public contract, read through Get-Command, and the manifest.

BeforeDiscovery {
    $script:Contracts = @(
        @{
            Name = 'Get-CsMeetingMigrationStatus'; ShouldProcess = $false; Impact = $null; Sets = @('Default')
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStatus', 'MeetingMigration.Engine.Model.StateSummary')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $false; ByValue = $false; ByName = $true; Aliases = @('UserId') }
                @{ Name = 'StartTime'; Type = 'System.Nullable`1[System.DateTime]' }
                @{ Name = 'EndTime'; Type = 'System.Nullable`1[System.DateTime]' }
                @{ Name = 'State'; Type = 'System.Nullable`1[MeetingMigration.Engine.Model.MigrationState]' }
                @{ Name = 'MigrationType'; Type = 'System.Nullable`1[MeetingMigration.Engine.Model.MigrationType]' }
                @{ Name = 'SummaryOnly'; Type = 'System.Management.Automation.SwitchParameter' }
            )
        }
        @{
            Name = 'Start-CsExMeetingMigration'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets')
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStatus')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserId', 'UserPrincipalName') }
                @{ Name = 'SourceMeetingType'; Type = 'MeetingMigration.Engine.Model.SourceMeetingType' }
                @{ Name = 'TargetMeetingType'; Type = 'MeetingMigration.Engine.Model.TargetMeetingType' }
                @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Wait'; Type = 'System.Management.Automation.SwitchParameter' }
            )
        }
        @{
            Name = 'Get-CsTenantMigrationConfiguration'; ShouldProcess = $false; Impact = $null; Sets = @('Filter', 'Identity')
            Output = @('MeetingMigration.Engine.Configuration.TenantMigrationConfiguration')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Filter'; Type = 'System.String'; Set = 'Filter' }
                @{ Name = 'LocalStore'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
            )
        }
        @{
            Name = 'Set-CsTenantMigrationConfiguration'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('Identity', 'Instance')
            Output = @('MeetingMigration.Engine.Configuration.TenantMigrationConfiguration')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Instance'; Type = 'System.Management.Automation.PSObject'; Set = 'Instance'; Mandatory = $true; ByValue = $true }
                @{ Name = 'MeetingMigrationEnabled'; Type = 'System.Boolean' }
                @{ Name = 'UserRetryLimit'; Type = 'System.Int32' }
                @{ Name = 'RetryWindow'; Type = 'System.TimeSpan' }
                @{ Name = 'StatusRetentionDays'; Type = 'System.Int32' }
                @{ Name = 'TriggerDelay'; Type = 'System.TimeSpan' }
                @{ Name = 'HorizonDays'; Type = 'System.Int32' }
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
                @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
            )
        }
        @{
            Name = 'Get-CsOnlineDialInConferencingTenantSettings'; ShouldProcess = $false; Impact = $null; Sets = @('Filter', 'Identity')
            Output = @('MeetingMigration.Engine.Configuration.DialInConferencingTenantSettings')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Filter'; Type = 'System.String'; Set = 'Filter' }
                @{ Name = 'LocalStore'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
            )
        }
        @{
            Name = 'Set-CsOnlineDialInConferencingTenantSettings'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('Identity', 'Instance')
            Output = @('MeetingMigration.Engine.Configuration.DialInConferencingTenantSettings')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Instance'; Type = 'System.Management.Automation.PSObject'; Set = 'Instance'; Mandatory = $true; ByValue = $true }
                @{ Name = 'AllowedDialOutExternalDomains'; Type = 'System.String[]' }
                @{ Name = 'EnableEntryExitNotifications'; Type = 'System.Boolean' }
                @{ Name = 'EntryExitAnnouncementsType'; Type = 'MeetingMigration.Engine.Configuration.EntryExitAnnouncementsType' }
                @{ Name = 'EnableNameRecording'; Type = 'System.Boolean' }
                @{ Name = 'IncludeTollFreeNumberInMeetingInvites'; Type = 'System.Boolean' }
                @{ Name = 'MaskPstnNumbersType'; Type = 'MeetingMigration.Engine.Configuration.MaskPstnNumbersType' }
                @{ Name = 'PinLength'; Type = 'System.UInt32' }
                @{ Name = 'AllowPSTNOnlyMeetingsByDefault'; Type = 'System.Boolean' }
                @{ Name = 'AutomaticallySendEmailsToUsers'; Type = 'System.Boolean' }
                @{ Name = 'SendEmailFromOverride'; Type = 'System.Boolean' }
                @{ Name = 'SendEmailFromAddress'; Type = 'System.String' }
                @{ Name = 'SendEmailFromDisplayName'; Type = 'System.String' }
                @{ Name = 'AutomaticallyReplaceAcpProvider'; Type = 'System.Boolean' }
                @{ Name = 'UseUniqueConferenceIds'; Type = 'System.Boolean' }
                @{ Name = 'AutomaticallyMigrateUserMeetings'; Type = 'System.Boolean' }
                @{ Name = 'MigrateServiceNumbersOnCrossForestMove'; Type = 'System.Boolean' }
                @{ Name = 'EnableDialOutJoinConfirmation'; Type = 'System.Boolean' }
                @{ Name = 'AllowFederatedUsersToDialOutToSelf'; Type = 'MeetingMigration.Engine.Configuration.DialOutToFederatedUsers' }
                @{ Name = 'AllowFederatedUsersToDialOutToThirdParty'; Type = 'MeetingMigration.Engine.Configuration.DialOutToFederatedUsers' }
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
                @{ Name = 'MsftInternalProcessingMode'; Type = 'System.String' }
                @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
            )
        }
        @{
            Name = 'Remove-CsOnlineDialInConferencingTenantSettings'; ShouldProcess = $true; Impact = 'High'; Sets = @('__AllParameterSets')
            Output = @()
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; ByName = $true }
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
            )
        }
        @{
            Name = 'Disconnect-MeetingMigration'; ShouldProcess = $false; Impact = $null; Sets = @('__AllParameterSets')
            Output = @(); Parameters = @()
        }
    )
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $expectedCmdlets = @(
        'Connect-MeetingMigration', 'Disconnect-MeetingMigration', 'Get-CsMeetingMigrationStatus', 'Get-CsOnlineDialInConferencingTenantSettings',
        'Get-CsTenantMigrationConfiguration', 'Get-MeetingMigrationConferencingProfile', 'Remove-CsOnlineDialInConferencingTenantSettings',
        'Set-CsOnlineDialInConferencingTenantSettings', 'Set-CsTenantMigrationConfiguration', 'Set-MeetingMigrationConferencingProfile',
        'Start-CsExMeetingMigration')
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe '<Name>' -ForEach $Contracts {
    BeforeAll {
        $command = Get-Command -Name $Name -Module MeetingMigration
        $metadata = [System.Management.Automation.CommandMetadata]::new($command)
    }

    It 'has exactly the expected parameters' {
        Should -ActualValue @($command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object) -Be @($Parameters.Name | Sort-Object)
    }

    It 'has the parameter sets <Sets>' {
        Should -ActualValue @($command.ParameterSets.Name | Sort-Object) -Be @($Sets | Sort-Object)
    }

    It 'declares ShouldProcess correctly' {
        $metadata.SupportsShouldProcess | Should -Be $ShouldProcess
        if ($ShouldProcess) { "$($metadata.ConfirmImpact)" | Should -Be $Impact }
    }

    It 'declares its output types' {
        Should -ActualValue @($command.OutputType.Name | Sort-Object) -Be @($Output | Sort-Object)
    }

    It 'parameter <_.Name>' -ForEach $Parameters {
        $p = $command.Parameters[$_.Name]
        $p | Should -Not -BeNullOrEmpty
        $p.ParameterType.ToString() | Should -Be $_.Type
        $set = if ($_.Set) { $_.Set } else { '__AllParameterSets' }
        $p.ParameterSets.Keys | Should -Contain $set
        $data = $p.ParameterSets[$set]
        $data.Position | Should -Be $(if ($null -ne $_.Position) { $_.Position } else { [int]::MinValue })
        $data.IsMandatory | Should -Be ([bool]$_.Mandatory)
        $data.ValueFromPipeline | Should -Be ([bool]$_.ByValue)
        $data.ValueFromPipelineByPropertyName | Should -Be ([bool]$_.ByName)
        Should -ActualValue @($p.Aliases | Sort-Object) -Be @($_.Aliases | Where-Object { $_ } | Sort-Object)
    }
}

Describe 'Connect-MeetingMigration' {
    It 'has -StorePath (not empty) and -PassThru in every set' {
        $command = Get-Command Connect-MeetingMigration -Module MeetingMigration
        $command.Parameters['StorePath'].ParameterType | Should -Be ([string])
        $command.Parameters['StorePath'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateNotNullOrEmptyAttribute] }).Count | Should -Be 1
        $command.Parameters['StorePath'].ParameterSets.Keys | Should -Contain '__AllParameterSets'
        $command.Parameters['PassThru'].ParameterType | Should -Be ([switch])
        $command.OutputType.Name | Should -Contain 'MeetingMigration.PowerShell.Output.MeetingMigrationConnection'
    }
}

Describe 'The module' {
    It 'exports exactly the cmdlets listed in the manifest, with no wildcard' {
        $manifest = Import-PowerShellDataFile "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1"
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        @($manifest.CmdletsToExport | Where-Object { $_ -match '[*?]' }).Count | Should -Be 0
        Should -ActualValue @($manifest.CmdletsToExport | Sort-Object) -Be $expectedCmdlets
        Should -ActualValue @((Get-Module MeetingMigration).ExportedCommands.Keys | Sort-Object) -Be $expectedCmdlets
        Should -ActualValue @((Get-Command -Module MeetingMigration).Name | Sort-Object) -Be $expectedCmdlets
        @($manifest.FunctionsToExport).Count | Should -Be 0
        @($manifest.AliasesToExport).Count | Should -Be 0
    }

    It 'passes Test-ModuleManifest' {
        $module = Test-ModuleManifest -Path "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -ErrorAction Stop
        $module.Name | Should -Be 'MeetingMigration'
        Should -ActualValue @($module.ExportedCmdlets.Keys | Sort-Object) -Be $expectedCmdlets
    }

    It 'ships no System.Management.Automation.dll' {
        Get-ChildItem "$PSScriptRoot/../../out/MeetingMigration" -Recurse -Filter 'System.Management.Automation*.dll' | Should -BeNullOrEmpty
    }

    It 'has an alias UserId on Get-CsMeetingMigrationStatus -Identity and UserPrincipalName on Start-CsExMeetingMigration -Identity' {
        (Get-Command Get-CsMeetingMigrationStatus).Parameters['Identity'].Aliases | Should -Contain 'UserId'
        (Get-Command Start-CsExMeetingMigration).Parameters['Identity'].Aliases | Should -Contain 'UserPrincipalName'
    }
}
