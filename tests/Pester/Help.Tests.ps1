#Requires -Version 7.0
# Get-Help as an admin runs it: the module's MAML file (en-US/MeetingMigration.dll-Help.xml, generated from docs/cmdlets
# at build time) gives every cmdlet its synopsis, description, examples, notes and described parameters, and the binding
# facts shown for each parameter are the cmdlet's own.

BeforeDiscovery {
    # Every exported cmdlet (Contract.Tests.ps1 checks the manifest's list itself).
    $script:CmdletNames = @((Import-PowerShellDataFile "$PSScriptRoot/../../MeetingMigration.psd1").CmdletsToExport)
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $helpFile = Join-Path $repoRoot 'out/MeetingMigration/en-US/MeetingMigration.dll-Help.xml'
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    # Which cmdlets the module must export is Contract.Tests.ps1's to check; here, that the help covers what it exports.
    $exportedCmdlets = @((Get-Module MeetingMigration).ExportedCmdlets.Keys)

    # The text of a MAML text node as Get-Help returns it: a string, or objects with a Text property (paragraphs).
    function Get-MmHelpText {
        param($Value)
        if ($null -eq $Value) { return '' }
        if ($Value -is [string]) { return $Value }
        (@($Value) | ForEach-Object { if ($_ -is [string]) { $_ } else { "$($_.Text)" } }) -join "`n"
    }

    # The page's ## SYNOPSIS as one line (soft breaks joined).
    function Get-MmPageSynopsis {
        param([string] $Name)
        $text = (Get-Content -Raw (Join-Path $repoRoot "docs/cmdlets/$Name.md")) -replace "`r`n", "`n"
        $match = [regex]::Match($text, '\n## SYNOPSIS\n(.*?)\n## ', [System.Text.RegularExpressions.RegexOptions]::Singleline)
        $match.Success | Should -BeTrue -Because "$Name.md should have a ## SYNOPSIS section"
        # The help shows the page's prose without markdown's inline-code backticks.
        ($match.Groups[1].Value.Trim() -replace '\s*\n\s*', ' ') -replace '`([^`]+)`', '$1'
    }

    # What the console shows: Get-Help's output formatted by PowerShell (wide, so that no line is wrapped).
    function Get-MmShownHelp {
        param([string] $Name, [string] $Parameter, [switch] $Full, [switch] $Examples)
        Get-Help @PSBoundParameters | Out-String -Width 1000
    }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'The help file' {
    It 'covers exactly the exported cmdlets, as a MAML document' {
        $exportedCmdlets.Count | Should -BeGreaterThan 0

        $helpFile | Should -Exist -Because 'the build generates the help from docs/cmdlets'
        $document = [System.Xml.Linq.XDocument]::Load($helpFile)
        $msh = [System.Xml.Linq.XNamespace]::Get('http://msh')
        $command = [System.Xml.Linq.XNamespace]::Get('http://schemas.microsoft.com/maml/dev/command/2004/10')
        $document.Root.Name | Should -Be ($msh + 'helpItems')
        $document.Root.Attribute('schema').Value | Should -BeExactly 'maml'
        $names = $document.Root.Elements($command + 'command') | ForEach-Object { $_.Element($command + 'details').Element($command + 'name').Value }
        Assert-MmSequence -Actual ($names | Sort-MmOrdinal) -Expected ($exportedCmdlets | Sort-MmOrdinal)
    }
}

Describe 'Get-Help <_>' -ForEach $CmdletNames {
    BeforeAll {
        $name = $_
        $help = Get-Help -Name $name -Full
    }

    It '-Full shows the page: its synopsis (not the syntax line), description, examples with code, notes and syntax' {
        @($help).Count | Should -Be 1
        # Without MAML help the "synopsis" is the syntax line; with it, the page's synopsis.
        $synopsis = (Get-MmHelpText $help.Synopsis).Trim()
        $synopsis | Should -Not -BeLikeExactly '*<CommonParameters>*'
        $synopsis.StartsWith($name, [System.StringComparison]::OrdinalIgnoreCase) | Should -BeFalse -Because "the synopsis should not be the syntax: $synopsis"
        ($synopsis -replace '\s+', ' ') | Should -BeExactly (Get-MmPageSynopsis $name)

        (Get-MmHelpText $help.description).Trim() | Should -Not -BeNullOrEmpty -Because "$name should have a description"

        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            (Get-MmHelpText $example.code).Trim() | Should -Not -BeNullOrEmpty -Because "every example of $name should have code"
            Get-MmHelpText $example.title | Should -BeLikeExactly '*Example*'
        }

        (Get-MmHelpText $help.alertSet.alert).Trim() | Should -Not -BeNullOrEmpty -Because "$name should have notes"
        @($help.syntax.syntaxItem).Count | Should -BeGreaterThan 0
    }

    It 'describes every visible parameter, with the cmdlet''s own binding, and no other' {
        $command = Get-Command -Name $name -Module MeetingMigration
        $described = @{}
        foreach ($p in @($help.parameters.parameter | Where-Object { $_ })) { $described[(Get-MmHelpText $p.name)] = $p }   # keys are case-insensitive

        $shown = @($command.Parameters.Values | Where-Object {
                $_.Name -notin [System.Management.Automation.Cmdlet]::CommonParameters -and
                -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
            })
        foreach ($parameter in $shown) {
            $described.ContainsKey($parameter.Name) | Should -BeTrue -Because "-$($parameter.Name) should be in Get-Help's parameters"
            $h = $described[$parameter.Name]
            (Get-MmHelpText $h.description).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) should have a description"
            $sets = @($parameter.ParameterSets.Values)
            Get-MmHelpText $h.required | Should -BeExactly $(if ($sets | Where-Object IsMandatory) { 'true' } else { 'false' }) -Because "-$($parameter.Name) required"
            $position = @($sets | ForEach-Object Position | Where-Object { $_ -ge 0 })
            Get-MmHelpText $h.position | Should -BeExactly $(if ($position.Count) { "$($position[0])" } else { 'named' }) -Because "-$($parameter.Name) position"
            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
            $pipeline = Get-MmHelpText $h.pipelineInput
            $pipeline | Should -BeLikeExactly $(if ($byValue -or $byName) { 'True*' } else { 'False*' }) -Because "-$($parameter.Name) pipelineInput"
            $pipeline.Contains('ByValue') | Should -Be $byValue -Because "-$($parameter.Name) pipelineInput '$pipeline' (ByValue)"
            $pipeline.Contains('ByPropertyName') | Should -Be $byName -Because "-$($parameter.Name) pipelineInput '$pipeline' (ByPropertyName)"
            $type = if ([Nullable]::GetUnderlyingType($parameter.ParameterType)) { [Nullable]::GetUnderlyingType($parameter.ParameterType) } else { $parameter.ParameterType }
            Get-MmHelpText $h.type.name | Should -BeExactly $type.FullName -Because "-$($parameter.Name) type"
        }
        # Nothing hidden or invented: the help lists exactly those parameters.
        Assert-MmSequence -Actual ($described.Keys | Sort-Object) -Expected ($shown | ForEach-Object Name | Sort-Object)
    }
}

Describe 'Get-Help -Parameter' {
    It 'Start-CsExMeetingMigration -Parameter Identity shows the pipeline input, required, position, aliases and errors' {
        $parameter = @(Get-Help Start-CsExMeetingMigration -Parameter Identity)
        $parameter.Count | Should -Be 1
        Get-MmHelpText $parameter[0].name | Should -BeExactly 'Identity'
        Get-MmHelpText $parameter[0].pipelineInput | Should -BeExactly 'True (ByValue, ByPropertyName)'
        Get-MmHelpText $parameter[0].required | Should -BeExactly 'true'
        Get-MmHelpText $parameter[0].position | Should -BeExactly '0'

        # As the console shows it.
        $shown = Get-MmShownHelp Start-CsExMeetingMigration -Parameter Identity
        $shown | Should -MatchExactly 'Accept pipeline input\?\s+True \(ByValue, ByPropertyName\)'
        $shown | Should -MatchExactly 'Required\?\s+true'
        $shown | Should -MatchExactly 'Position\?\s+0'
        $shown | Should -MatchExactly ([regex]::Escape('UserPrincipalName, SipAddress, UserId'))
        $shown | Should -MatchExactly 'InvalidIdentity'
    }

    It 'a parameter the page describes without a table gets its binding from the cmdlet (Set-MeetingMigrationConferencingProfile)' {
        # Set-MeetingMigrationConferencingProfile's page has prose only for its parameters.
        $identity = @(Get-Help Set-MeetingMigrationConferencingProfile -Parameter Identity)
        $identity.Count | Should -Be 1
        Get-MmHelpText $identity[0].required | Should -BeExactly 'true'
        Get-MmHelpText $identity[0].position | Should -BeExactly '0'
        Get-MmHelpText $identity[0].pipelineInput | Should -BeExactly 'True (ByPropertyName)'
        Get-MmHelpText $identity[0].type.name | Should -BeExactly 'System.String'

        $tollFree = @(Get-Help Set-MeetingMigrationConferencingProfile -Parameter TollFreeNumber)
        $tollFree.Count | Should -Be 1
        Get-MmHelpText $tollFree[0].parameterValue | Should -BeExactly 'String[]'
        Get-MmHelpText $tollFree[0].required | Should -BeExactly 'false'
        Get-MmHelpText $tollFree[0].position | Should -BeExactly 'named'
    }
}

Describe 'Get-Help as the console shows it' {
    It 'Start-CsExMeetingMigration -Full reads as the page says: synopsis, syntax, notes, output type' {
        $full = Get-MmShownHelp Start-CsExMeetingMigration -Full
        $full | Should -MatchExactly ([regex]::Escape("Queues a user's future meetings for migration"))
        $full | Should -MatchExactly ([regex]::Escape('Start-CsExMeetingMigration [-Identity] <String>'))
        $full | Should -MatchExactly '\[-SourceMeetingType \{All \| SfB \| Teams\}\]'
        $full | Should -MatchExactly ([regex]::Escape('A second Start for a user whose request is still Pending is merged'))
        $full | Should -MatchExactly ([regex]::Escape('MeetingMigration.PowerShell.Output.MeetingMigrationStatus'))
    }

    It 'Start-CsExMeetingMigration -Examples shows the CSV example' {
        $examples = Get-MmShownHelp Start-CsExMeetingMigration -Examples
        $examples | Should -MatchExactly ([regex]::Escape('Example 4: Many users from a CSV file'))
        $examples | Should -MatchExactly ([regex]::Escape('Import-Csv .\users.csv | Start-CsExMeetingMigration'))
        $examples | Should -MatchExactly ([regex]::Escape('Objects bind by their Identity'))
    }

    It 'Set-CsTenantMigrationConfiguration shows its two parameter sets as two syntax lines, as the page writes them' {
        $syntax = Get-MmShownHelp Set-CsTenantMigrationConfiguration
        $syntax | Should -MatchExactly ([regex]::Escape('Set-CsTenantMigrationConfiguration [[-Identity] <String>]'))
        $syntax | Should -MatchExactly ([regex]::Escape('Set-CsTenantMigrationConfiguration -Instance <PSObject>'))
    }
}

Describe 'Conceptual help and the help text' {
    It 'gives every cmdlet an online address (Get-Help -Online): its page under the manifest''s ProjectUri, which the repository has' {
        $project = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../MeetingMigration.psd1')).PrivateData.PSData.ProjectUri.TrimEnd('/')
        $wrong = foreach ($command in Get-Command -Module MeetingMigration) {
            $uri = @((Get-Help $command.Name).relatedLinks.navigationLink | Where-Object { $_.uri })[0].uri
            $expected = "$project/blob/main/docs/cmdlets/$($command.Name).md"
            if ($uri -ne $expected) { "$($command.Name): '$uri', expected '$expected'" }
            elseif (-not (Test-Path (Join-Path $PSScriptRoot "../../docs/cmdlets/$($command.Name).md"))) { "$($command.Name): no page in docs/cmdlets" }
        }
        @($wrong).Count | Should -Be 0 -Because ($wrong -join '; ')
    }

    It 'Get-Help about_MeetingMigration shows the module''s topic' {
        $topic = Get-Help about_MeetingMigration | Out-String
        $topic | Should -Match 'Meeting Migration Service'
        $topic | Should -Match 'Get-MeetingMigrationConnection'
    }

    It 'shows no markdown inline-code backticks in descriptions (the pages use them; the console should not)' {
        $text = Get-Help Get-MeetingMigrationConnection -Full | Out-String
        $text | Should -Match 'MEETINGMIGRATION_STORE_PATH'
        $text | Should -Not -Match '`MEETINGMIGRATION_STORE_PATH`'
    }
}
