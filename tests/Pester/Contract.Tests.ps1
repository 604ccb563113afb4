#Requires -Version 7.0
# The cmdlets' public contract, read through Get-Command: a change to a parameter's name, type, position, mandatory
# flag, set, pipeline binding or alias, to ShouldProcess or to the output type fails here first. Then the manifest,
# the module folder, and the sources and pages every cmdlet must have.

BeforeDiscovery {
    $script:Contracts = @(
        @{
            # SupportsShouldProcess as Microsoft's module declares it (MOD 2.6.0): scripts pass -Confirm:$false to it.
            Name = 'Get-CsMeetingMigrationStatus'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('Default'); DefaultSet = 'Default'
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStatus', 'MeetingMigration.PowerShell.Output.StateSummary')
            Parameters = @(
                # Start-CsExMeetingMigration's aliases (ours): a users.csv binds by its UserPrincipalName column.
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $false; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserId', 'UserPrincipalName') }
                @{ Name = 'StartTime'; Type = 'System.Nullable`1[System.DateTime]' }
                @{ Name = 'EndTime'; Type = 'System.Nullable`1[System.DateTime]' }
                @{ Name = 'State'; Type = 'System.Nullable`1[MeetingMigration.MigrationState]' }
                @{ Name = 'MigrationType'; Type = 'System.Nullable`1[MeetingMigration.MigrationType]' }
                @{ Name = 'SummaryOnly'; Type = 'System.Management.Automation.SwitchParameter' }
            )
            # Values in declaration order; Sorted = only the set of names is pinned.
            Enums = @(
                @{ Parameter = 'State'; Values = @('Pending', 'InProgress', 'Failed', 'Succeeded') }
                @{ Parameter = 'MigrationType'; Values = @('AllToTeams', 'SfbToTeams', 'TeamsToTeams', 'ToSameType'); Sorted = $true }
            )
        }
        @{
            Name = 'Start-CsExMeetingMigration'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStatus')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserId', 'UserPrincipalName') }
                # By property name too (ours): a status record piped back keeps its types (the retry of failed users).
                @{ Name = 'SourceMeetingType'; Type = 'MeetingMigration.SourceMeetingType'; ByName = $true }
                @{ Name = 'TargetMeetingType'; Type = 'MeetingMigration.TargetMeetingType'; ByName = $true }
                @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Wait'; Type = 'System.Management.Automation.SwitchParameter' }
            )
            Enums = @(
                @{ Parameter = 'SourceMeetingType'; Values = @('All', 'SfB', 'Teams') }
                @{ Parameter = 'TargetMeetingType'; Values = @('Current', 'Teams') }
            )
        }
        @{
            Name = 'Get-CsTenantMigrationConfiguration'; ShouldProcess = $false; Impact = $null; Sets = @('Filter', 'Identity'); DefaultSet = 'Identity'
            Output = @('MeetingMigration.PowerShell.Output.TenantMigrationConfiguration')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Filter'; Type = 'System.String'; Set = 'Filter' }
                @{ Name = 'LocalStore'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
            )
            Enums = @()
        }
        @{
            Name = 'Set-CsTenantMigrationConfiguration'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('Identity', 'Instance'); DefaultSet = 'Identity'
            Output = @('MeetingMigration.PowerShell.Output.TenantMigrationConfiguration')
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
            Enums = @()
        }
        @{
            Name = 'Get-CsOnlineDialInConferencingTenantSettings'; ShouldProcess = $false; Impact = $null; Sets = @('Filter', 'Identity'); DefaultSet = 'Identity'
            Output = @('MeetingMigration.PowerShell.Output.DialInConferencingTenantSettings')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Filter'; Type = 'System.String'; Set = 'Filter' }
                @{ Name = 'LocalStore'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
            )
            Enums = @()
        }
        @{
            Name = 'Set-CsOnlineDialInConferencingTenantSettings'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('Identity', 'Instance'); DefaultSet = 'Identity'
            Output = @('MeetingMigration.PowerShell.Output.DialInConferencingTenantSettings')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Set = 'Identity' }
                @{ Name = 'Instance'; Type = 'System.Management.Automation.PSObject'; Set = 'Instance'; Mandatory = $true; ByValue = $true }
                @{ Name = 'AllowedDialOutExternalDomains'; Type = 'System.Object' }
                @{ Name = 'EnableEntryExitNotifications'; Type = 'System.Boolean' }
                @{ Name = 'EntryExitAnnouncementsType'; Type = 'MeetingMigration.EntryExitAnnouncementsType' }
                @{ Name = 'EnableNameRecording'; Type = 'System.Boolean' }
                @{ Name = 'IncludeTollFreeNumberInMeetingInvites'; Type = 'System.Boolean' }
                @{ Name = 'MaskPstnNumbersType'; Type = 'MeetingMigration.MaskPstnNumbersType' }
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
                @{ Name = 'AllowFederatedUsersToDialOutToSelf'; Type = 'MeetingMigration.DialOutToFederatedUsers' }
                @{ Name = 'AllowFederatedUsersToDialOutToThirdParty'; Type = 'MeetingMigration.DialOutToFederatedUsers' }
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
                @{ Name = 'MsftInternalProcessingMode'; Type = 'System.String' }
                @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
            )
            Enums = @(
                @{ Parameter = 'MaskPstnNumbersType'; Values = @('MaskedForExternalUsers', 'MaskedForAllUsers', 'NoMasking') }
                @{ Parameter = 'EntryExitAnnouncementsType'; Values = @('UseNames', 'ToneOnly') }
                @{ Parameter = 'AllowFederatedUsersToDialOutToSelf'; Values = @('No', 'Yes', 'RequireSameEnterpriseUser') }
                @{ Parameter = 'AllowFederatedUsersToDialOutToThirdParty'; Values = @('No', 'Yes', 'RequireSameEnterpriseUser') }
            )
        }
        @{
            Name = 'Remove-CsOnlineDialInConferencingTenantSettings'; ShouldProcess = $true; Impact = 'High'; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @()
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; ByName = $true }
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'Tenant'; Type = 'System.Guid' }
            )
            Enums = @()
        }
        @{
            Name = 'Disconnect-MeetingMigration'; ShouldProcess = $false; Impact = $null; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @(); Parameters = @()
            Enums = @()
        }
        @{
            Name = 'Get-MeetingMigrationConnection'; ShouldProcess = $false; Impact = $null; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationConnection'); Parameters = @()
            Enums = @()
        }
    )
    # Users' audio conferencing, moves and imports (the tests of their behaviour: DialInUser.Tests.ps1).
    $identity = @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserPrincipalName') }
    $passThru = @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
    $dialInUser = 'MeetingMigration.PowerShell.Output.DialInUser'
    $script:Contracts += @(
        @{
            Name = 'Get-CsOnlineDialInConferencingUser'; ShouldProcess = $false; Impact = $null; Sets = @('__AllParameterSets'); DefaultSet = $null; Output = @($dialInUser)
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserPrincipalName') }
                @{ Name = 'BridgeId'; Type = 'System.Guid' }
                @{ Name = 'BridgeName'; Type = 'System.String' }
                @{ Name = 'ServiceNumber'; Type = 'System.String' }
                @{ Name = 'ResultSize'; Type = 'System.Int32' }
            )
            Enums = @()
        }
        @{
            Name = 'Set-CsOnlineDialInConferencingUser'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null; Output = @($dialInUser)
            Parameters = @(
                $identity
                @{ Name = 'ConferenceId'; Type = 'System.String' }
                @{ Name = 'ResetConferenceId'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'BridgeId'; Type = 'System.Guid' }
                @{ Name = 'BridgeName'; Type = 'System.String' }
                @{ Name = 'ServiceNumber'; Type = 'System.String' }
                @{ Name = 'TollFreeServiceNumber'; Type = 'System.String' }
                @{ Name = 'AllowPstnOnlyMeetings'; Type = 'System.Boolean' }
                @{ Name = 'AllowTollFreeDialIn'; Type = 'System.Boolean' }
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                $passThru
            )
            Enums = @()
        }
        @{
            Name = 'Enable-CsOnlineDialInConferencingUser'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null; Output = @($dialInUser)
            Parameters = @(
                $identity
                @{ Name = 'ReplaceProvider'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'ConferenceId'; Type = 'System.String'; ByName = $true }
                @{ Name = 'ServiceNumber'; Type = 'System.String'; ByName = $true }
                @{ Name = 'TollFreeServiceNumber'; Type = 'System.String'; ByName = $true }
                $passThru
            )
            Enums = @()
        }
        @{
            Name = 'Disable-CsOnlineDialInConferencingUser'; ShouldProcess = $true; Impact = 'High'; Sets = @('__AllParameterSets'); DefaultSet = $null; Output = @($dialInUser)
            Parameters = @(
                $identity
                @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }
                $passThru
            )
            Enums = @()
        }
        @{
            Name = 'Register-CsMeetingMigrationUserMove'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null; Output = @($dialInUser)
            Parameters = @(
                $identity
                @{ Name = 'Target'; Type = 'MeetingMigration.MeetingHome'; Mandatory = $true; ByName = $true }
                $passThru
            )
            Enums = @(@{ Parameter = 'Target'; Values = @('SkypeForBusinessServer', 'SkypeForBusinessOnline', 'Teams') })
        }
        @{
            Name = 'Import-CsOnlineDialInConferencingUser'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null; Output = @('MeetingMigration.PowerShell.Output.DialInUserImportSummary')
            Parameters = @(@{ Name = 'Path'; Type = 'System.String'; Position = 0; Mandatory = $true })
            Enums = @()
        }
    )

    # Bridges and service numbers (the tests of their behaviour: DialInBridge.Tests.ps1).
    $switch = 'System.Management.Automation.SwitchParameter'
    $script:Contracts += @(
        @{
            Name = 'New-CsOnlineDialInConferencingBridge'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @('MeetingMigration.PowerShell.Output.ConferencingBridge')
            Parameters = @(
                @{ Name = 'Name'; Type = 'System.String'; Mandatory = $true; ByName = $true }
                @{ Name = 'Region'; Type = 'System.String'; ByName = $true }
            )
            Enums = @()
        }
        @{
            Name = 'Get-CsOnlineDialInConferencingBridge'; ShouldProcess = $false; Impact = $null; Sets = @('Default', 'Identity', 'Name'); DefaultSet = 'Default'
            Output = @('MeetingMigration.PowerShell.Output.ConferencingBridge')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.Guid'; Set = 'Identity'; Position = 0; Mandatory = $true; ByName = $true; Aliases = @('BridgeId') }
                @{ Name = 'Name'; Type = 'System.String'; Set = 'Name'; Mandatory = $true }
            )
            Enums = @()
        }
        @{
            Name = 'Set-CsOnlineDialInConferencingBridge'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('Identity', 'Instance', 'Name'); DefaultSet = 'Identity'
            Output = @('MeetingMigration.PowerShell.Output.ConferencingBridge')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.Guid'; Set = 'Identity'; Position = 0; Mandatory = $true; ByName = $true; Aliases = @('BridgeId') }
                @{ Name = 'Name'; Type = 'System.String'; Set = 'Name'; Mandatory = $true }
                @{ Name = 'Instance'; Type = 'System.Management.Automation.PSObject'; Set = 'Instance'; Position = 0; Mandatory = $true }
                @{ Name = 'NewName'; Type = 'System.String' }
                @{ Name = 'DefaultServiceNumber'; Type = 'System.String' }
                @{ Name = 'DefaultTollFreeServiceNumber'; Type = 'System.String' }
                @{ Name = 'SetDefault'; Type = $switch }
                @{ Name = 'Force'; Type = $switch }
                @{ Name = 'PassThru'; Type = $switch }
            )
            Enums = @()
        }
        @{
            Name = 'Register-CsOnlineDialInConferencingServiceNumber'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('BridgeId', 'BridgeName'); DefaultSet = 'BridgeId'
            Output = @('MeetingMigration.PowerShell.Output.BridgeServiceNumber')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('Number') }
                @{ Name = 'BridgeId'; Type = 'System.Guid'; Set = 'BridgeId'; Mandatory = $true }
                @{ Name = 'BridgeName'; Type = 'System.String'; Set = 'BridgeName'; Mandatory = $true }
                @{ Name = 'Type'; Type = 'MeetingMigration.ServiceNumberType'; ByName = $true }
                @{ Name = 'City'; Type = 'System.String'; ByName = $true }
                @{ Name = 'PrimaryLanguage'; Type = 'System.String'; ByName = $true }
                @{ Name = 'SecondaryLanguages'; Type = 'System.String[]'; ByName = $true }
                @{ Name = 'PassThru'; Type = $switch }
            )
            Enums = @(@{ Parameter = 'Type'; Values = @('Toll', 'TollFree') })
        }
        @{
            Name = 'Unregister-CsOnlineDialInConferencingServiceNumber'; ShouldProcess = $true; Impact = 'High'; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @()
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('Number') }
                @{ Name = 'BridgeId'; Type = 'System.Nullable`1[System.Guid]'; ByName = $true }
                @{ Name = 'BridgeName'; Type = 'System.String'; ByName = $true }
                @{ Name = 'RemoveDefaultServiceNumber'; Type = $switch }
                @{ Name = 'Force'; Type = $switch }
            )
            Enums = @()
        }
        @{
            Name = 'Set-CsOnlineDialInConferencingUserDefaultNumber'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('BridgeId', 'BridgeName'); DefaultSet = 'BridgeId'
            Output = @('MeetingMigration.PowerShell.Output.DialInUser')
            Parameters = @(
                @{ Name = 'FromNumber'; Type = 'System.String'; Mandatory = $true }
                @{ Name = 'ToNumber'; Type = 'System.String'; Mandatory = $true }
                @{ Name = 'NumberType'; Type = 'MeetingMigration.ServiceNumberType' }
                @{ Name = 'BridgeId'; Type = 'System.Guid'; Set = 'BridgeId'; Mandatory = $true }
                @{ Name = 'BridgeName'; Type = 'System.String'; Set = 'BridgeName'; Mandatory = $true }
                @{ Name = 'RescheduleMeetings'; Type = $switch }
                @{ Name = 'PassThru'; Type = $switch }
            )
            Enums = @(@{ Parameter = 'NumberType'; Values = @('Toll', 'TollFree') })
        }
    )

    # Reconciliation (the tests of its behaviour: Reconciliation.Tests.ps1).
    $script:Contracts += @{
        Name = 'Find-CsMeetingMigrationStaleMeeting'; ShouldProcess = $false; Impact = $null; Sets = @('All', 'Identity'); DefaultSet = 'Identity'
        Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStaleMeeting')
        Parameters = @(
            @{ Name = 'Identity'; Type = 'System.String'; Set = 'Identity'; Position = 0; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserPrincipalName') }
            @{ Name = 'All'; Type = 'System.Management.Automation.SwitchParameter'; Set = 'All'; Mandatory = $true }
            @{ Name = 'DelayBetweenUsers'; Type = 'System.TimeSpan' }
        )
        Enums = @()
    }

    # Moving the embedded store to PostgreSQL (the tests of its behaviour: ServerStore.Tests.ps1).
    $script:Contracts += @{
        Name = 'Copy-MeetingMigrationStore'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('__AllParameterSets'); DefaultSet = $null
        Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStoreCopy')
        Parameters = @(
            @{ Name = 'StorePath'; Type = 'System.String'; Position = 0 }
            @{ Name = 'DestinationConnectionString'; Type = 'System.String'; Mandatory = $true }
            @{ Name = 'DestinationPassword'; Type = 'System.Security.SecureString' }
        )
        Enums = @()
    }

    # Queue management, audit and undo (the tests of their behaviour: Queue.Tests.ps1, Audit.Tests.ps1, Undo.Tests.ps1).
    $script:Contracts += @(
        @{
            Name = 'Stop-CsMeetingMigration'; ShouldProcess = $true; Impact = 'Medium'; Sets = @('CorrelationId', 'Identity'); DefaultSet = 'CorrelationId'
            Output = @()
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Set = 'Identity'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserPrincipalName') }
                @{ Name = 'CorrelationId'; Type = 'System.Guid'; Set = 'CorrelationId'; Mandatory = $true; ByName = $true }
            )
            Enums = @()
        }
        @{
            Name = 'Get-CsMeetingMigrationDetail'; ShouldProcess = $false; Impact = $null; Sets = @('__AllParameterSets'); DefaultSet = $null
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationDetail')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Position = 0; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserId', 'UserPrincipalName') }
                @{ Name = 'CorrelationId'; Type = 'System.Nullable`1[System.Guid]'; ByName = $true }
                @{ Name = 'Outcome'; Type = 'MeetingMigration.MeetingOutcome[]' }
                @{ Name = 'IncludeBlockText'; Type = 'System.Management.Automation.SwitchParameter' }
            )
            # The journal's outcomes, as the engine's MeetingOutcome minus Planned (plans are never journaled).
            Enums = @(@{ Parameter = 'Outcome'; Values = @('Attempting', 'Updated', 'AlreadyUpdated', 'Skipped', 'Failed', 'Restored', 'Refused') })
        }
        @{
            Name = 'Undo-CsMeetingMigration'; ShouldProcess = $true; Impact = 'High'; Sets = @('CorrelationId', 'Identity'); DefaultSet = 'CorrelationId'
            Output = @('MeetingMigration.PowerShell.Output.MeetingMigrationStatus')
            Parameters = @(
                @{ Name = 'Identity'; Type = 'System.String'; Set = 'Identity'; Position = 0; Mandatory = $true; ByValue = $true; ByName = $true; Aliases = @('SipAddress', 'UserPrincipalName') }
                @{ Name = 'CorrelationId'; Type = 'System.Guid'; Set = 'CorrelationId'; Mandatory = $true; ByName = $true }
                @{ Name = 'Wait'; Type = 'System.Management.Automation.SwitchParameter' }
                @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
            )
            Enums = @()
        }
    )

    $script:CmdletNames = . "$PSScriptRoot/ExpectedCmdlets.ps1"
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $moduleFolder = Join-Path $repoRoot 'out/MeetingMigration'
    $moduleManifest = Join-Path $moduleFolder 'MeetingMigration.psd1'
    $expectedCmdlets = . "$PSScriptRoot/ExpectedCmdlets.ps1" | Sort-MmOrdinal
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe '<Name>' -ForEach $Contracts {
    BeforeAll {
        $command = Get-Command -Name $Name -Module MeetingMigration
        $metadata = [System.Management.Automation.CommandMetadata]::new($command)
    }

    It 'is a cmdlet with exactly the parameters of its contract' {
        $command.CommandType | Should -Be ([System.Management.Automation.CommandTypes]::Cmdlet)
        Assert-MmSequence -Actual ($command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-MmOrdinal) -Expected ($Parameters | ForEach-Object { $_.Name } | Sort-MmOrdinal)
    }

    It 'has exactly the parameter sets <Sets> and the default set ''<DefaultSet>''' {
        Assert-MmSequence -Actual ($command.ParameterSets | ForEach-Object Name | Sort-MmOrdinal) -Expected ($Sets | Sort-MmOrdinal)
        $command.DefaultParameterSet | Should -BeExactly $DefaultSet
    }

    It 'declares SupportsShouldProcess <ShouldProcess> (ConfirmImpact <Impact>) and has -WhatIf/-Confirm only then' {
        $metadata.SupportsShouldProcess | Should -Be $ShouldProcess
        if ($ShouldProcess) {
            "$($metadata.ConfirmImpact)" | Should -BeExactly $Impact
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
        else {
            $command.Parameters.Keys | Should -Not -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Not -Contain 'Confirm'
        }
    }

    It 'declares exactly the output types <Output>' {
        Assert-MmSequence -Actual ($command.OutputType | ForEach-Object Name | Sort-MmOrdinal) -Expected ($Output | Sort-MmOrdinal)
    }

    It 'parameter -<_.Name>: type, set, position, mandatory, pipeline binding and aliases' -ForEach $Parameters {
        $p = $command.Parameters[$_.Name]
        $p | Should -Not -BeNullOrEmpty
        $p.ParameterType.ToString() | Should -BeExactly $_.Type
        $set = if ($_.Set) { $_.Set } else { '__AllParameterSets' }
        Assert-MmSequence -Actual @($p.ParameterSets.Keys) -Expected @($set) -Because "-$($_.Name) belongs to exactly one set"
        $data = $p.ParameterSets[$set]
        $data.Position | Should -Be $(if ($null -ne $_.Position) { $_.Position } else { [int]::MinValue })
        $data.IsMandatory | Should -Be ([bool]$_.Mandatory)
        $data.ValueFromPipeline | Should -Be ([bool]$_.ByValue)
        $data.ValueFromPipelineByPropertyName | Should -Be ([bool]$_.ByName)
        Assert-MmSequence -Actual ($p.Aliases | Sort-MmOrdinal) -Expected ($_.Aliases | Where-Object { $_ } | Sort-MmOrdinal)
    }

    It 'pins the values of every enumeration parameter it has (a new one must be added to Enums)' {
        $enumParameters = foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            $type = $p.ParameterType
            if ($type.IsArray) { $type = $type.GetElementType() }
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            if ($type.IsEnum) { $p.Name }
        }
        Assert-MmSequence -Actual ($enumParameters | Sort-MmOrdinal) -Expected ($Enums | ForEach-Object { $_.Parameter } | Sort-MmOrdinal)
    }

    It 'enumeration -<_.Parameter> has the values <_.Values>, and is one of the module''s public enums' -ForEach $Enums {
        $type = $command.Parameters[$_.Parameter].ParameterType
        if ($type.IsArray) { $type = $type.GetElementType() }
        $type = if ([Nullable]::GetUnderlyingType($type)) { [Nullable]::GetUnderlyingType($type) } else { $type }
        $type.IsEnum | Should -BeTrue
        # Nameable in pwsh (issue 11): declared in MeetingMigration.dll, which is in the default load context.
        $type.Namespace | Should -BeExactly 'MeetingMigration'
        $type.Assembly.GetName().Name | Should -BeExactly 'MeetingMigration'
        $names = [Enum]::GetNames($type)
        if ($_.Sorted) { $names = $names | Sort-MmOrdinal }
        Assert-MmSequence -Actual $names -Expected $_.Values
    }
}

Describe 'Set-CsOnlineDialInConferencingTenantSettings -MsftInternalProcessingMode' {
    It 'is accepted for compatibility but hidden from tab completion and syntax (DontShow)' {
        $parameter = (Get-Command Set-CsOnlineDialInConferencingTenantSettings -Module MeetingMigration).Parameters['MsftInternalProcessingMode']
        $attributes = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $attributes.Count | Should -Be 1
        $attributes[0].DontShow | Should -BeTrue
    }
}

Describe 'Connect-MeetingMigration' {
    BeforeAll {
        $command = Get-Command Connect-MeetingMigration -Module MeetingMigration
    }

    It '-<Name> is an optional, named <Type> in every set, without pipeline binding or aliases' -ForEach @(
        @{ Name = 'StorePath'; Type = 'System.String' }
        @{ Name = 'PassThru'; Type = 'System.Management.Automation.SwitchParameter' }
    ) {
        $p = $command.Parameters[$Name]
        $p | Should -Not -BeNullOrEmpty
        $p.ParameterType.ToString() | Should -BeExactly $Type
        Assert-MmSequence -Actual @($p.ParameterSets.Keys) -Expected @('__AllParameterSets')
        $data = $p.ParameterSets['__AllParameterSets']
        $data.Position | Should -Be ([int]::MinValue)
        $data.IsMandatory | Should -BeFalse
        $data.ValueFromPipeline | Should -BeFalse
        $data.ValueFromPipelineByPropertyName | Should -BeFalse
        $p.Aliases.Count | Should -Be 0
    }

    It '-StorePath refuses an empty value (ValidateNotNullOrEmpty)' {
        @($command.Parameters['StorePath'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateNotNullOrEmptyAttribute] }).Count | Should -Be 1
    }

    It 'declares the MeetingMigrationConnection output type' {
        $command.OutputType.Name | Should -Contain 'MeetingMigration.PowerShell.Output.MeetingMigrationConnection'
    }

    It 'has no parameter that is mandatory, positional and bound from the pipeline in its only set' {
        $offending = foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            foreach ($s in $p.ParameterSets.GetEnumerator()) {
                if ($s.Value.IsMandatory -and $s.Value.Position -ge 0 -and $p.ParameterSets.Count -eq 1 -and $s.Value.ValueFromPipeline) { "$($p.Name) in $($s.Key)" }
            }
        }
        @($offending).Count | Should -Be 0 -Because "found: $($offending -join ', ')"
    }
}

Describe 'Every cmdlet of the module' {
    It 'supports ShouldProcess exactly when it changes state (Start, Set, Remove, Enable, Disable, New, Register, Unregister, Import, Stop, Undo, Copy), and where Microsoft''s module does' {
        $commands = @(Get-Command -Module MeetingMigration)
        $commands.Count | Should -Be $expectedCmdlets.Count
        $wrong = foreach ($c in $commands) {
            # Get-CsMeetingMigrationStatus: Microsoft's module declares SupportsShouldProcess on it, and scripts pass -Confirm:$false.
            $expected = ($c.Name -split '-')[0] -in 'Start', 'Set', 'Remove', 'Enable', 'Disable', 'New', 'Register', 'Unregister', 'Import', 'Stop', 'Undo', 'Copy' -or $c.Name -eq 'Get-CsMeetingMigrationStatus'
            if ([System.Management.Automation.CommandMetadata]::new($c).SupportsShouldProcess -ne $expected) { "$($c.Name): SupportsShouldProcess should be $expected" }
        }
        @($wrong).Count | Should -Be 0 -Because ($wrong -join '; ')
    }

    It 'takes a list of one for every parameter of one text value, and refuses a list of several in its own words (OneValue or PlainText)' {
        # Outside probe BI-F3: PowerShell's binder refused a list of one (a Get object's toll-free numbers) with "Specified
        # method is not supported". The behaviour itself is tested in DialInUser.Tests.ps1.
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $checked = 0
        $wrong = foreach ($c in Get-Command -Module MeetingMigration) {
            foreach ($p in $c.Parameters.Values | Where-Object { $_.Name -notin $common -and $_.ParameterType -eq [string] }) {
                $checked++
                if (-not ($p.Attributes | Where-Object { $_.GetType().Name -in 'OneValueAttribute', 'PlainTextAttribute' })) { "$($c.Name) -$($p.Name)" }
            }
        }
        $checked | Should -BeGreaterThan 50
        @($wrong).Count | Should -Be 0 -Because ($wrong -join '; ')
    }

    It 'has one *Command.cs source in src/MeetingMigration.PowerShell/Cmdlets, and there is no other' {
        $sources = Get-ChildItem (Join-Path $repoRoot 'src/MeetingMigration.PowerShell/Cmdlets') -File | Where-Object Name -like '*Command.cs'
        Assert-MmSequence -Actual ($sources | ForEach-Object Name | Sort-MmOrdinal) -Expected ($expectedCmdlets | ForEach-Object { ($_ -replace '-', '') + 'Command.cs' } | Sort-MmOrdinal)
    }
}

Describe '<_>: source and documentation page' -ForEach $CmdletNames {
    BeforeAll {
        $name = $_
    }

    It 'has a synopsis in the XML doc comment of its source' {
        # Get-Help reads en-US/MeetingMigration.dll-Help.xml (built from docs/cmdlets); the doc comments keep a synopsis for the source.
        $source = Join-Path $repoRoot "src/MeetingMigration.PowerShell/Cmdlets/$($name -replace '-', '')Command.cs"
        $source | Should -Exist
        Get-Content -Raw $source | Should -MatchExactly '<para type="synopsis">\S'
    }

    It 'has a documentation page with every section and every visible parameter' {
        $page = Join-Path $repoRoot "docs/cmdlets/$name.md"
        $page | Should -Exist
        $text = Get-Content -Raw $page
        foreach ($section in '## SYNOPSIS', '## SYNTAX', '## PARAMETERS', '## EXAMPLES', '## OUTPUTS', '## NOTES') {
            $text.Contains($section) | Should -BeTrue -Because "$name.md should have a $section section"
        }
        $command = Get-Command -Name $name -Module MeetingMigration
        $documented = 0
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            # Connect's Graph part is documented by its author; only its store part is pinned here.
            if ($name -eq 'Connect-MeetingMigration' -and $parameter.Name -notin 'StorePath', 'PassThru') { continue }
            if ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) { continue }
            $text.Contains("### -$($parameter.Name)") | Should -BeTrue -Because "$name.md should document -$($parameter.Name)"
            $documented++
        }
        # Every cmdlet but Disconnect and Get-MeetingMigrationConnection has parameters to document; this keeps the loop from passing on an empty list.
        if ($name -notin 'Disconnect-MeetingMigration', 'Get-MeetingMigrationConnection') { $documented | Should -BeGreaterThan 0 }
    }
}

Describe 'The module' {
    It 'exports exactly the cmdlets listed in the manifest, explicitly (no wildcard), and nothing else' {
        $manifest = Import-PowerShellDataFile $moduleManifest
        @($manifest.CmdletsToExport | Where-Object { $_ -match '[*?]' }).Count | Should -Be 0
        Assert-MmSequence -Actual ($manifest.CmdletsToExport | Sort-MmOrdinal) -Expected $expectedCmdlets
        $manifest.ContainsKey('FunctionsToExport') | Should -BeTrue
        @($manifest.FunctionsToExport).Count | Should -Be 0
        $manifest.ContainsKey('AliasesToExport') | Should -BeTrue
        @($manifest.AliasesToExport).Count | Should -Be 0
        $manifest.ContainsKey('VariablesToExport') | Should -BeTrue
        @($manifest.VariablesToExport).Count | Should -Be 0
        Assert-MmSequence -Actual ((Get-Module MeetingMigration).ExportedCommands.Keys | Sort-MmOrdinal) -Expected $expectedCmdlets
        Assert-MmSequence -Actual (Get-Command -Module MeetingMigration | ForEach-Object Name | Sort-MmOrdinal) -Expected $expectedCmdlets
        Assert-MmSequence -Actual (Get-Command -Module MeetingMigration | ForEach-Object { "$($_.CommandType)" } | Sort-Object -Unique) -Expected @('Cmdlet')
    }

    It 'has, in out/, the repository''s manifest with its file names relative to the module folder (out/MeetingMigration/ dropped)' {
        $source = [System.IO.File]::ReadAllText((Join-Path $repoRoot 'MeetingMigration.psd1'))
        [System.IO.File]::ReadAllText($moduleManifest) | Should -BeExactly $source.Replace("'out/MeetingMigration/", "'")
    }

    It 'passes Test-ModuleManifest: name, Core edition, the cmdlets, MeetingMigration.dll as root module' {
        $module = Test-ModuleManifest -Path $moduleManifest -ErrorAction Stop
        @($module).Count | Should -Be 1
        $module.Name | Should -BeExactly 'MeetingMigration'
        Assert-MmSequence -Actual $module.CompatiblePSEditions -Expected @('Core')
        Assert-MmSequence -Actual ($module.ExportedCmdlets.Keys | Sort-MmOrdinal) -Expected $expectedCmdlets
        $module.RootModule | Should -BeExactly 'MeetingMigration.dll'
    }

    It 'ships no System.Management.Automation.dll' {
        @(Get-ChildItem $moduleFolder -Recurse -File -Filter 'System.Management.Automation*.dll').Count | Should -Be 0
    }

    It 'ships <_>' -ForEach @(
        'MeetingMigration.dll', 'MeetingMigration.PowerShell.Isolation.dll', 'dependencies/MeetingMigration.Engine.dll',
        'dependencies/Microsoft.Data.Sqlite.dll', 'dependencies/Microsoft.Identity.Client.dll',
        'MeetingMigration.Format.ps1xml', 'MeetingMigration.Types.ps1xml', 'en-US/MeetingMigration.dll-Help.xml'
    ) {
        Join-Path $moduleFolder $_ | Should -Exist
    }

    It 'ships the native SQLite library under dependencies/runtimes, not under runtimes/' {
        @(Get-ChildItem (Join-Path $moduleFolder 'dependencies/runtimes') -Recurse -File -Filter '*e_sqlite3*').Count | Should -BeGreaterThan 0
        Join-Path $moduleFolder 'runtimes' | Should -Not -Exist
    }

    It 'has only the module and the isolation assembly in its root (any other dll there would load in the default context)' {
        Assert-MmSequence -Actual (Get-ChildItem $moduleFolder -File -Filter '*.dll' | ForEach-Object Name | Sort-MmOrdinal) `
            -Expected @('MeetingMigration.PowerShell.Isolation.dll', 'MeetingMigration.dll')
    }

    It 'is loaded from the module folder, and so are its engine and SQLite' {
        $module = Get-Module MeetingMigration
        @($module).Count | Should -Be 1
        $module.ModuleBase.TrimEnd([System.IO.Path]::DirectorySeparatorChar) | Should -BeExactly $moduleFolder.TrimEnd([System.IO.Path]::DirectorySeparatorChar)
        $module.ImplementingAssembly.Location | Should -BeLikeExactly "$moduleFolder*"
        # The store is connected (BeforeAll), so the engine and SQLite have been loaded: from nowhere but the module folder.
        $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'MeetingMigration', 'MeetingMigration.Engine', 'Microsoft.Data.Sqlite' })
        Assert-MmSequence -Actual ($loaded | ForEach-Object { $_.GetName().Name } | Sort-MmOrdinal) -Expected @('MeetingMigration', 'MeetingMigration.Engine', 'Microsoft.Data.Sqlite')
        foreach ($assembly in $loaded) { $assembly.Location | Should -BeLikeExactly "$moduleFolder*" }
    }

    It 'has an alias UserId on Get-CsMeetingMigrationStatus -Identity and UserPrincipalName on Start-CsExMeetingMigration -Identity' {
        (Get-Command Get-CsMeetingMigrationStatus -Module MeetingMigration).Parameters['Identity'].Aliases | Should -Contain 'UserId'
        (Get-Command Start-CsExMeetingMigration -Module MeetingMigration).Parameters['Identity'].Aliases | Should -Contain 'UserPrincipalName'
    }
}
