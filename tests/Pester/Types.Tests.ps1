#Requires -Version 7.0
# The types an admin meets in parameters and output can be named in pwsh (issue 11): [MeetingMigration.MigrationState]
# and the module's other enums resolve after Import-Module, output properties are of those types, and parameters take
# the enum or its name, with tab completion and the binder's validation as before. The engine cannot supply these types:
# it lives in the module's private load context, whose types PowerShell's type resolution never sees.

BeforeDiscovery {
    # Each public enum and its engine namesake. Excluded: engine names that have no public counterpart, on purpose.
    $script:EnumPairs = @(
        @{ Name = 'MigrationState'; Engine = 'MeetingMigration.Engine.Model.MigrationState'; Excluded = @() }
        @{ Name = 'MigrationType'; Engine = 'MeetingMigration.Engine.Model.MigrationType'; Excluded = @() }
        @{ Name = 'SourceMeetingType'; Engine = 'MeetingMigration.Engine.Model.SourceMeetingType'; Excluded = @() }
        @{ Name = 'TargetMeetingType'; Engine = 'MeetingMigration.Engine.Model.TargetMeetingType'; Excluded = @() }
        @{ Name = 'MeetingKind'; Engine = 'MeetingMigration.Engine.Blocks.MeetingKind'; Excluded = @() }
        # A -WhatIf plan is shown, never journaled: no Get-CsMeetingMigrationDetail row can be Planned.
        @{ Name = 'MeetingOutcome'; Engine = 'MeetingMigration.Engine.Store.MeetingOutcome'; Excluded = @('Planned') }
        @{ Name = 'ServiceNumberType'; Engine = 'MeetingMigration.Engine.Conferencing.ServiceNumberType'; Excluded = @() }
        @{ Name = 'MeetingHome'; Engine = 'MeetingMigration.Engine.Conferencing.MeetingHome'; Excluded = @() }
        @{ Name = 'ConferencingProvider'; Engine = 'MeetingMigration.Engine.Conferencing.ConferencingProvider'; Excluded = @() }
        @{ Name = 'EntryExitAnnouncementsType'; Engine = 'MeetingMigration.Engine.Configuration.EntryExitAnnouncementsType'; Excluded = @() }
        @{ Name = 'MaskPstnNumbersType'; Engine = 'MeetingMigration.Engine.Configuration.MaskPstnNumbersType'; Excluded = @() }
        @{ Name = 'DialOutToFederatedUsers'; Engine = 'MeetingMigration.Engine.Configuration.DialOutToFederatedUsers'; Excluded = @() }
    )
    # The module's output classes that stand for an engine class (so that their enum properties are the public enums):
    # same property names in the same order, and the same types once engine enums read as their public namesakes.
    $script:OutputPairs = @(
        @{ Name = 'StateSummary'; Engine = 'MeetingMigration.Engine.Model.StateSummary' }
        # BridgeName is the output's own, after BridgeId: the engine keeps the bridge's id, the output names it as Microsoft's does.
        # ReplacedProviders is the store's alone: the details of providers Microsoft replaced, which keep an old takeover file
        # or Get object from putting them back; Get does not show them.
        @{ Name = 'DialInUser'; Engine = 'MeetingMigration.Engine.Conferencing.DialInUser'; Added = @{ After = 'BridgeId'; Property = 'BridgeName: System.String' }; Omitted = @('ReplacedProviders') }
        @{ Name = 'ConferencingBridge'; Engine = 'MeetingMigration.Engine.Conferencing.ConferencingBridge' }
        @{ Name = 'BridgeServiceNumber'; Engine = 'MeetingMigration.Engine.Conferencing.BridgeServiceNumber' }
        @{ Name = 'DialInConferencingTenantSettings'; Engine = 'MeetingMigration.Engine.Configuration.DialInConferencingTenantSettings' }
        @{ Name = 'TenantMigrationConfiguration'; Engine = 'MeetingMigration.Engine.Configuration.TenantMigrationConfiguration' }
        @{ Name = 'DialInUserImportSummary'; Engine = 'MeetingMigration.Engine.Conferencing.DialInUserImportSummary' }
    )
    # Every enum-typed parameter of the module, with the values tab completion must offer.
    $script:EnumParameters = @(
        @{ Command = 'Get-CsMeetingMigrationStatus'; Parameter = 'State'; Enum = 'MigrationState' }
        @{ Command = 'Get-CsMeetingMigrationStatus'; Parameter = 'MigrationType'; Enum = 'MigrationType' }
        @{ Command = 'Start-CsExMeetingMigration'; Parameter = 'SourceMeetingType'; Enum = 'SourceMeetingType' }
        @{ Command = 'Start-CsExMeetingMigration'; Parameter = 'TargetMeetingType'; Enum = 'TargetMeetingType' }
        @{ Command = 'Get-CsMeetingMigrationDetail'; Parameter = 'Outcome'; Enum = 'MeetingOutcome' }
        @{ Command = 'Register-CsMeetingMigrationUserMove'; Parameter = 'Target'; Enum = 'MeetingHome' }
        @{ Command = 'Register-CsOnlineDialInConferencingServiceNumber'; Parameter = 'Type'; Enum = 'ServiceNumberType' }
        @{ Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber'; Parameter = 'NumberType'; Enum = 'ServiceNumberType' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'EntryExitAnnouncementsType'; Enum = 'EntryExitAnnouncementsType' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'MaskPstnNumbersType'; Enum = 'MaskPstnNumbersType' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'AllowFederatedUsersToDialOutToSelf'; Enum = 'DialOutToFederatedUsers' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Parameter = 'AllowFederatedUsersToDialOutToThirdParty'; Enum = 'DialOutToFederatedUsers' }
    )
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $ModuleManifest -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $module = Get-Module MeetingMigration
    # The engine, as the module loaded it (into its private context): reachable by reflection only.
    $engineAssembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MeetingMigration.Engine' } | Select-Object -First 1

    # The type a parameter or property holds, without Nullable<> or [] around it.
    function Get-MmBareType {
        param([Parameter(Mandatory)] [type] $Type)
        if ($Type.IsArray) { $Type = $Type.GetElementType() }
        $underlying = [Nullable]::GetUnderlyingType($Type)
        if ($underlying) { $underlying } else { $Type }
    }

    # Every type reachable from the module's parameters and declared output types: parameter types, output types and,
    # inside the module's own classes, their property types (list items included).
    function Get-MmVisibleType {
        $seen = [System.Collections.Generic.HashSet[type]]::new()
        $queue = [System.Collections.Generic.Queue[object]]::new()
        foreach ($command in Get-Command -Module MeetingMigration) {
            foreach ($p in $command.Parameters.Values) { $queue.Enqueue(@((Get-MmBareType $p.ParameterType), "$($command.Name) -$($p.Name)")) }
            foreach ($o in $command.OutputType) { $queue.Enqueue(@($o.Type, "$($command.Name) output")) }
        }
        while ($queue.Count) {
            $type, $where = $queue.Dequeue()
            if (-not $seen.Add($type)) { continue }
            [pscustomobject]@{ Type = $type; Where = $where }
            if ($type.IsEnum -or -not $type.FullName.StartsWith('MeetingMigration.')) { continue }
            foreach ($property in $type.GetProperties()) {
                $propertyType = Get-MmBareType $property.PropertyType
                if ($propertyType.IsGenericType -and $propertyType.GetGenericArguments().Count -eq 1) { $propertyType = $propertyType.GetGenericArguments()[0] }
                $queue.Enqueue(@($propertyType, "$($type.Name).$($property.Name)"))
            }
        }
    }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'The module''s enums can be named in pwsh' {
    BeforeAll {
        # A pwsh of its own: what an admin's fresh session resolves after Import-Module, with nothing this run loaded.
        # It tries every public enum of MeetingMigration.dll by its name, and the engine's MigrationState.
        $freshSession = Invoke-MmPwsh @"
Import-Module '$ModuleManifest' -ErrorAction Stop
foreach (`$e in (Get-Module MeetingMigration).ImplementingAssembly.GetExportedTypes() | Where-Object IsEnum) {
    `$t = `$e.FullName -as [type]
    "`$(`$e.FullName)=`$(if (`$t) { `$t.Assembly.GetName().Name + '|' + `$t.IsEnum })"
}
'engine=' + [bool]('MeetingMigration.Engine.Model.MigrationState' -as [type])
"@
    }

    It 'in a new pwsh, after Import-Module, [MeetingMigration.<Name>] resolves to the module''s own enum' -ForEach $EnumPairs {
        $freshSession | Should -Contain "MeetingMigration.$Name=MeetingMigration|True" -Because ($freshSession -join "`n")
        $freshSession | Should -Contain 'engine=False' -Because 'the engine stays in its private context; the public enums are what a script names'
    }

    It '[MeetingMigration.<Name>] is a public enum of MeetingMigration.dll with exactly the engine''s names, in its order (less <Excluded>)' -ForEach $EnumPairs {
        $public = "MeetingMigration.$Name" -as [type]
        $public | Should -Not -BeNullOrEmpty
        $public.IsEnum | Should -BeTrue
        $public.IsPublic | Should -BeTrue
        $public.Assembly | Should -Be $module.ImplementingAssembly
        $engineType = $engineAssembly.GetType($Engine, $true)
        Assert-MmSequence -Actual ([Enum]::GetNames($public)) -Expected ([Enum]::GetNames($engineType) | Where-Object { $_ -notin $Excluded })
    }

    It 'has no other public enum than these twelve' {
        $declared = $module.ImplementingAssembly.GetExportedTypes() | Where-Object IsEnum | ForEach-Object FullName | Sort-MmOrdinal
        Assert-MmSequence -Actual $declared -Expected ($EnumPairs | ForEach-Object { "MeetingMigration.$($_.Name)" } | Sort-MmOrdinal)
    }

    It 'leaves no engine enum in any parameter or output property: each one found is a MeetingMigration.* enum a script can name' {
        $visible = @(Get-MmVisibleType)
        $enums = @($visible | Where-Object { $_.Type.IsEnum -and $_.Type.FullName.StartsWith('MeetingMigration.') })
        $enums.Count | Should -BeGreaterThan 10 -Because 'the sweep must reach the parameters and output properties'
        $unnameable = @($enums | Where-Object { $_.Type.Namespace -ne 'MeetingMigration' -or ($_.Type.FullName -as [type]) -ne $_.Type } | ForEach-Object { "$($_.Where): $($_.Type.FullName)" })
        $unnameable.Count | Should -Be 0 -Because ($unnameable -join '; ')
    }

    It 'declares only output types that can be named' {
        # A class a script cannot name (the engine's, in the module's private load context) shows in Get-Member under a
        # full name that fails as a cast or an -is test. Until 2026-12-04 Get/Set-CsTenantMigrationConfiguration and
        # Import-CsOnlineDialInConferencingUser returned two such classes.
        $classes = @(Get-MmVisibleType | Where-Object { -not $_.Type.IsEnum -and $_.Type.FullName.StartsWith('MeetingMigration.') -and $_.Where -like '* output' })
        $classes.Count | Should -BeGreaterThan 10 -Because 'the sweep must reach every cmdlet''s output'
        $engineClasses = @($classes | Where-Object { ($_.Type.FullName -as [type]) -ne $_.Type } | ForEach-Object { "$($_.Where): $($_.Type.FullName)" } | Sort-Object -Unique)
        $engineClasses.Count | Should -Be 0 -Because ($engineClasses -join '; ')
    }

    It 'MeetingMigration.PowerShell.Output.<Name> has the engine class''s properties, in order, with the public enums' -ForEach $OutputPairs {
        $public = "MeetingMigration.PowerShell.Output.$Name" -as [type]
        $public | Should -Not -BeNullOrEmpty
        $publicEnums = $EnumPairs | ForEach-Object Name
        $expected = foreach ($property in $engineAssembly.GetType($Engine, $true).GetProperties()) {
            if ($Omitted -and $property.Name -in $Omitted) { continue }
            # An engine enum reads as its public namesake, an engine class as the module's class of the same name.
            $type = [regex]::Replace($property.PropertyType.ToString(), 'MeetingMigration\.Engine\.\w+\.(\w+)', {
                    param($m) if ($m.Groups[1].Value -in $publicEnums) { "MeetingMigration.$($m.Groups[1].Value)" } else { "MeetingMigration.PowerShell.Output.$($m.Groups[1].Value)" } })
            "$($property.Name): $type"
            if ($Added -and $property.Name -eq $Added.After) { $Added.Property }
        }
        $actual = foreach ($property in $public.GetProperties()) { "$($property.Name): $($property.PropertyType.ToString())" }
        Assert-MmSequence -Actual $actual -Expected $expected
    }
}

Describe 'Output properties are of the public enum types' {
    BeforeAll {
        $null = Connect-MmFreshStore
        $status = Start-CsExMeetingMigration ashaw@contoso.com -SourceMeetingType SfB -TargetMeetingType Teams -PassThru -WarningAction SilentlyContinue
        $summary = @(Get-CsMeetingMigrationStatus -SummaryOnly)
        New-CsOnlineDialInConferencingBridge -Name Main 3>$null | Out-Null
        $number = Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type TollFree -PassThru 3>$null
        $bridge = Get-CsOnlineDialInConferencingBridge -Name Main
        Enable-CsOnlineDialInConferencingUser bob@contoso.com -ConferenceId 4715832 3>$null
        $user = Register-CsMeetingMigrationUserMove bob@contoso.com -Target Teams -PassThru 3>$null
        $settings = Get-CsOnlineDialInConferencingTenantSettings
        $configuration = Get-CsTenantMigrationConfiguration
        $configurationSet = Set-CsTenantMigrationConfiguration -UserRetryLimit 9 -PassThru -Confirm:$false
        $importCsv = Join-Path $TestDrive 'import.csv'
        Set-Content -Path $importCsv -Value @('UserPrincipalName,ConferenceId', 'carol@contoso.com,4715833')
        $importSummary = Import-CsOnlineDialInConferencingUser $importCsv -WhatIf 3>$null
    }

    It '<Label> is a [MeetingMigration.<Enum>] with the value <Value>' -ForEach @(
        @{ Label = 'status State'; Get = { $status.State }; Enum = 'MigrationState'; Value = 'Pending' }
        @{ Label = 'status MigrationType'; Get = { $status.MigrationType }; Enum = 'MigrationType'; Value = 'SfbToTeams' }
        @{ Label = 'status SourceMeetingType'; Get = { $status.SourceMeetingType }; Enum = 'SourceMeetingType'; Value = 'SfB' }
        @{ Label = 'status TargetMeetingType'; Get = { $status.TargetMeetingType }; Enum = 'TargetMeetingType'; Value = 'Teams' }
        @{ Label = '-SummaryOnly State'; Get = { $summary[0].State }; Enum = 'MigrationState'; Value = 'Pending' }
        @{ Label = 'service number Type'; Get = { $number.Type }; Enum = 'ServiceNumberType'; Value = 'TollFree' }
        @{ Label = 'bridge ServiceNumbers Type'; Get = { $bridge.ServiceNumbers[0].Type }; Enum = 'ServiceNumberType'; Value = 'TollFree' }
        @{ Label = 'dial-in user Provider'; Get = { $user.Provider }; Enum = 'ConferencingProvider'; Value = 'Microsoft' }
        @{ Label = 'dial-in user Home'; Get = { $user.Home }; Enum = 'MeetingHome'; Value = 'Teams' }
        @{ Label = 'settings EntryExitAnnouncementsType'; Get = { $settings.EntryExitAnnouncementsType }; Enum = 'EntryExitAnnouncementsType'; Value = 'UseNames' }
        @{ Label = 'settings MaskPstnNumbersType'; Get = { $settings.MaskPstnNumbersType }; Enum = 'MaskPstnNumbersType'; Value = 'MaskedForExternalUsers' }
        @{ Label = 'settings AllowFederatedUsersToDialOutToSelf'; Get = { $settings.AllowFederatedUsersToDialOutToSelf }; Enum = 'DialOutToFederatedUsers'; Value = 'No' }
        @{ Label = 'settings AllowFederatedUsersToDialOutToThirdParty'; Get = { $settings.AllowFederatedUsersToDialOutToThirdParty }; Enum = 'DialOutToFederatedUsers'; Value = 'No' }
    ) {
        $actual = & $Get
        $type = "MeetingMigration.$Enum" -as [type]
        $actual | Should -BeOfType $type
        $actual.GetType() | Should -Be $type
        $actual | Should -Be ([Enum]::Parse($type, $Value))
        # An admin compares either way: with the enum, or with its name.
        $actual -eq $Value | Should -BeTrue
    }

    It 'Get-CsMeetingMigrationDetail and Find-CsMeetingMigrationStaleMeeting declare Outcome, MeetingType and MeetingKind as public enums (rows: Audit.Tests.ps1)' {
        [MeetingMigration.PowerShell.Output.MeetingMigrationDetail].GetProperty('Outcome').PropertyType | Should -Be ([MeetingMigration.MeetingOutcome])
        [MeetingMigration.PowerShell.Output.MeetingMigrationDetail].GetProperty('MeetingType').PropertyType | Should -Be ([Nullable[MeetingMigration.MeetingKind]])
        [MeetingMigration.PowerShell.Output.MeetingMigrationStaleMeeting].GetProperty('MeetingKind').PropertyType | Should -Be ([MeetingMigration.MeetingKind])
    }

    It 'Get-Member names a type that can be cast to' {
        foreach ($object in $status, $summary[0], $number, $bridge, $user, $settings, $configuration, $configurationSet, $importSummary) {
            $object | Should -Not -BeNullOrEmpty
            $typeName = ($object | Get-Member)[0].TypeName
            ($typeName -as [type]) | Should -Be $object.GetType() -Because "$typeName should resolve"
        }
    }
}

Describe 'Errors can be caught by a type a script can name' {
    # A store of its own: the one the Describe before connected lived in that Describe's TestDrive, which Pester deletes
    # when it ends, and the store says so (once a second it looks whether its file is still there).
    BeforeAll { $null = Connect-MmFreshStore }

    # Found by an outside probe: the ErrorRecords held the engine's exception, whose type pwsh cannot resolve, so a typed
    # catch failed with "Unable to find type" and hid the real error.
    It 'a cmdlet error is a [MeetingMigration.MeetingMigrationException] with the ErrorId, target and recommended action of its ErrorRecord' {
        $caught = $null
        try { Start-CsExMeetingMigration 'not an address' -ErrorAction Stop } catch [MeetingMigration.MeetingMigrationException] { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because 'the typed catch must take it'
        $caught.Exception.GetType().FullName | Should -BeExactly 'MeetingMigration.MeetingMigrationException'
        $caught.Exception.ErrorId | Should -BeExactly 'InvalidIdentity'
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidIdentity,*'
        $caught.Exception.Target | Should -BeExactly 'not an address'
        $caught.Exception.RecommendedAction | Should -Not -BeNullOrEmpty
        $caught.Exception.RecommendedAction | Should -BeExactly $caught.ErrorDetails.RecommendedAction
        $caught.Exception.Message | Should -BeExactly $caught.ErrorDetails.Message
    }

    It 'an import row''s error is a [MeetingMigration.ImportRowException] with its row and column, its rule''s error inside' {
        $csv = Join-Path $TestDrive 'rows.csv'
        Set-Content -Path $csv -Value @('UserPrincipalName,ConferenceId', 'x1@contoso.com,12ab')
        $null = Import-CsOnlineDialInConferencingUser $csv -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].Exception | Should -BeOfType ([MeetingMigration.ImportRowException])
        "$($failed[0].Exception.Row)/$($failed[0].Exception.Column)" | Should -BeExactly '1/ConferenceId'
        $failed[0].Exception.InnerException | Should -BeOfType ([MeetingMigration.MeetingMigrationException])
        $failed[0].Exception.InnerException.ErrorId | Should -BeExactly 'InvalidConferenceId'
    }
}

Describe 'Parameters take the enum or its name' {
    BeforeEach {
        $null = Connect-MmFreshStore
    }

    It 'Get-CsMeetingMigrationStatus -State and -MigrationType: the enum and the name select the same requests' {
        Start-CsExMeetingMigration ashaw@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration bob@contoso.com -SourceMeetingType Teams -TargetMeetingType Teams -WarningAction SilentlyContinue
        $byEnum = @(Get-CsMeetingMigrationStatus -State ([MeetingMigration.MigrationState]::Pending) -MigrationType ([MeetingMigration.MigrationType]::TeamsToTeams))
        $byName = @(Get-CsMeetingMigrationStatus -State Pending -MigrationType 'TeamsToTeams')
        Assert-MmSequence ($byEnum.UserPrincipalName) @('bob@contoso.com')
        Assert-MmSequence ($byName.UserPrincipalName) @('bob@contoso.com')
        @(Get-CsMeetingMigrationStatus -State ([MeetingMigration.MigrationState]::Failed)).Count | Should -Be 0
        # A status row's own State goes back in as a filter.
        $row = Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com
        (Get-CsMeetingMigrationStatus -State $row.State -MigrationType $row.MigrationType).UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
    }

    It 'Start-CsExMeetingMigration -SourceMeetingType/-TargetMeetingType: <Label>' -ForEach @(
        @{ Label = 'enums'; Source = { [MeetingMigration.SourceMeetingType]::SfB }; Target = { [MeetingMigration.TargetMeetingType]::Teams } }
        @{ Label = 'names'; Source = { 'SfB' }; Target = { 'Teams' } }
        @{ Label = 'names in another case'; Source = { 'sfb' }; Target = { 'TEAMS' } }
    ) {
        $queued = Start-CsExMeetingMigration ashaw@contoso.com -SourceMeetingType (& $Source) -TargetMeetingType (& $Target) -PassThru -WarningAction SilentlyContinue
        "$($queued.MigrationType)/$($queued.SourceMeetingType)/$($queued.TargetMeetingType)" | Should -BeExactly 'SfbToTeams/SfB/Teams'
    }

    It 'Get-CsMeetingMigrationDetail -Outcome takes enums and names, mixed' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationDetail -Outcome ([MeetingMigration.MeetingOutcome]::Refused), 'Restored' }
        $run.Errors.Count | Should -Be 0
    }

    It 'Set-CsOnlineDialInConferencingTenantSettings takes enums and names, and -Instance an object whose enum was edited' {
        $saved = Set-CsOnlineDialInConferencingTenantSettings -MaskPstnNumbersType ([MeetingMigration.MaskPstnNumbersType]::NoMasking) -AllowFederatedUsersToDialOutToSelf Yes -PassThru
        "$($saved.MaskPstnNumbersType)/$($saved.AllowFederatedUsersToDialOutToSelf)" | Should -BeExactly 'NoMasking/Yes'
        $edited = Get-CsOnlineDialInConferencingTenantSettings
        $edited.EntryExitAnnouncementsType = [MeetingMigration.EntryExitAnnouncementsType]::ToneOnly
        $edited.AllowFederatedUsersToDialOutToThirdParty = 'RequireSameEnterpriseUser'
        $edited | Set-CsOnlineDialInConferencingTenantSettings
        $now = Get-CsOnlineDialInConferencingTenantSettings
        "$($now.EntryExitAnnouncementsType)/$($now.AllowFederatedUsersToDialOutToThirdParty)/$($now.MaskPstnNumbersType)" | Should -BeExactly 'ToneOnly/RequireSameEnterpriseUser/NoMasking'
    }

    It 'Register-CsOnlineDialInConferencingServiceNumber -Type and Register-CsMeetingMigrationUserMove -Target take the enum' {
        New-CsOnlineDialInConferencingBridge -Name Main 3>$null | Out-Null
        (Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type ([MeetingMigration.ServiceNumberType]::TollFree) -PassThru 3>$null).Type |
            Should -Be ([MeetingMigration.ServiceNumberType]::TollFree)
        Enable-CsOnlineDialInConferencingUser bob@contoso.com -ConferenceId 4715832 3>$null
        (Register-CsMeetingMigrationUserMove bob@contoso.com -Target ([MeetingMigration.MeetingHome]::SkypeForBusinessOnline) -PassThru 3>$null).Home |
            Should -Be ([MeetingMigration.MeetingHome]::SkypeForBusinessOnline)
    }
}

Describe 'Tab completion and validation of enum parameters' {
    # A store of its own (see above): with the deleted one of the Describe before, these tests failed whenever the store's
    # once-a-second look for its file came between (a clean-clone CI run, 2026-12-07).
    BeforeAll { $null = Connect-MmFreshStore }

    It '<Command> -<Parameter> completes to the names of [MeetingMigration.<Enum>]' -ForEach $EnumParameters {
        $line = "$Command -$Parameter "
        $offered = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText)
        Assert-MmSequence -Actual ($offered | Sort-MmOrdinal) -Expected ([Enum]::GetNames("MeetingMigration.$Enum" -as [type]) | Sort-MmOrdinal)
    }

    It 'a started name completes: Get-CsMeetingMigrationStatus -State F -> Failed; -Outcome Re -> Refused, Restored' {
        $line = 'Get-CsMeetingMigrationStatus -State F'
        Assert-MmSequence ((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) @('Failed')
        $line = 'Get-CsMeetingMigrationDetail -Outcome Re'
        Assert-MmSequence ((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-MmOrdinal) @('Refused', 'Restored')
    }

    It '<Command> -<Parameter> refuses a name outside the enum, naming the type and its values' -ForEach $EnumParameters {
        # The binder converts named arguments before it looks for missing mandatory ones: nothing prompts, nothing runs.
        $before = Get-MmStoreSnapshot
        $arguments = @{ $Parameter = 'NotAValue' }
        $run = Invoke-MmCapture { & $Command @arguments }
        $e = Get-MmSingleError $run
        $type = "MeetingMigration.$Enum" -as [type]
        # Every enum parameter refuses a name itself ([EnumName]): a bad CSV cell is an error instead of the default, and the
        # value is quoted as every message of the module quotes one (PowerShell's binder put it raw, escape codes and all,
        # a 1M-character value in full: outside probe BD-F3).
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.Exception.Message | Should -BeLike "*'NotAValue' is not a $($type.FullName) value: give *"
        # Every name the cmdlet takes; a name it refuses on its own (a move to SkypeForBusinessServer) is not offered.
        $notOffered = @{ 'Register-CsMeetingMigrationUserMove' = @('SkypeForBusinessServer') }[$Command]
        foreach ($name in [Enum]::GetNames($type) | Where-Object { $_ -notin $notOffered }) { $e.Exception.Message | Should -BeLike "*give*$name*" }
        foreach ($name in $notOffered) { $e.Exception.Message | Should -Not -BeLike "*$name*" }
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'Get-CsMeetingMigrationStatus -State <Value> is refused naming the value and the states' -ForEach @(
        @{ Value = 'Bogus' }
        @{ Value = 42 }
    ) {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus -State $Value }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationStatusCommand'
        $e.Exception.Message | Should -BeLikeExactly "*'$Value' is not a MeetingMigration.MigrationState value: give Pending, InProgress, Failed or Succeeded.*"
        $run.Terminated | Should -BeTrue
    }

    It 'Get-CsMeetingMigrationStatus -State $null is no filter, as the binder took it' {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        @(Get-CsMeetingMigrationStatus -State $null).Count | Should -Be 1
    }

    It 'Get-CsMeetingMigrationDetail -Outcome Planned is refused: plans are never journaled' {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationDetail -Outcome Planned }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,MeetingMigration.PowerShell.Cmdlets.GetCsMeetingMigrationDetailCommand'
        $e.Exception.Message | Should -BeLikeExactly "*'Planned' is not a MeetingMigration.MeetingOutcome value*"
    }

    It 'Get-CsMeetingMigrationDetail -Outcome takes several names, each checked: <Names>' -ForEach @(
        @{ Names = @('Failed', 'Updated'); Refused = $null }
        @{ Names = @('failed', 'Bogus'); Refused = 'Bogus' }
    ) {
        $run = Invoke-MmCapture { Get-CsMeetingMigrationDetail -Outcome $Names }
        if ($Refused) {
            (Get-MmSingleError $run).Exception.Message | Should -BeLikeExactly "*'$Refused' is not a MeetingMigration.MeetingOutcome value*"
        }
        else {
            $run.Errors.Count | Should -Be 0
            $run.Terminated | Should -BeFalse
        }
    }
}
