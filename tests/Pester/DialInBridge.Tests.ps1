#Requires -Version 7.0
# Bridges and service numbers: New-/Get-/Set-CsOnlineDialInConferencingBridge, Register-/Unregister-CsOnlineDialInConferencingServiceNumber
# and Set-CsOnlineDialInConferencingUserDefaultNumber, as an admin types them (their contracts are in Contract.Tests.ps1):
# -WhatIf, bad input (each ErrorId, the offending value, the store unchanged), the views, and the migrations they queue
# as Get-CsMeetingMigrationStatus shows them. Users here come from Set-MeetingMigrationConferencingProfile, which puts no
# one on a bridge; users on a bridge are covered by the engine tests (tests/MeetingMigration.Engine.Tests/Conferencing).

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'
    $users = 'ashaw@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'dave@contoso.com', 'erin@contoso.com'
    $delay = [timespan]::FromMinutes(30)

    # A fresh store: bridge Main (toll +14255550100 its default, +14255550101, +14255550102; toll-free +18005550100 its
    # default), bridge Europe (+442079460018), and Skype for Business profiles (on no bridge) that show Main's numbers:
    #   ashaw: toll +14255550101            bob:  toll +14255550100 (Main's default)
    #   carol: toll-free +18005550100        dave: toll +14255550102
    #   erin:  toll +14255550102, toll-free +14255550101
    # Triggered requests are due TriggerDelay (30 minutes here) after the change.
    function Initialize-MmBridges {
        $null = Connect-MmFreshStore
        Set-CsTenantMigrationConfiguration -TriggerDelay $delay
        $script:main = New-CsOnlineDialInConferencingBridge -Name Main -Region NOAM
        $script:europe = New-CsOnlineDialInConferencingBridge -Name Europe -Region EMEA
        Register-CsOnlineDialInConferencingServiceNumber +14255550100 -BridgeName Main -City Redmond -PrimaryLanguage en-US -SecondaryLanguages es-ES, fr-FR
        '+14255550101', '+14255550102' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main -City Seattle
        Register-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeName Main -Type TollFree
        Register-CsOnlineDialInConferencingServiceNumber +442079460018 -BridgeId $europe.Identity -City London
        $profiles = @(
            @{ Identity = 'ashaw@contoso.com'; TollNumber = '+14255550101' }
            @{ Identity = 'bob@contoso.com'; TollNumber = '+14255550100' }
            @{ Identity = 'carol@contoso.com'; TollFreeNumber = @('+18005550100') }
            @{ Identity = 'dave@contoso.com'; TollNumber = '+14255550102' }
            @{ Identity = 'erin@contoso.com'; TollNumber = '+14255550102'; TollFreeNumber = @('+14255550101') }
        )
        foreach ($p in $profiles) { Set-MeetingMigrationConferencingProfile @p -JoinUrl "https://meet.contoso.com/$($p.Identity.Split('@')[0])/K7" }
    }

    # Everything the store holds (requests, settings, bridges with their numbers, the users' profiles); equal snapshots
    # mean nothing changed.
    function Get-MmBridgeSnapshot {
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add((Get-MmStoreSnapshot))
        $lines.Add('# Get-CsOnlineDialInConferencingBridge')
        foreach ($bridge in Get-CsOnlineDialInConferencingBridge) {
            $lines.Add(($bridge | ConvertTo-MmText))
            foreach ($number in $bridge.ServiceNumbers) { $lines.Add('  ' + ($number | ConvertTo-MmText)) }
        }
        $lines.Add('# Get-MeetingMigrationConferencingProfile')
        foreach ($user in $users) { Get-MeetingMigrationConferencingProfile $user | ConvertTo-MmText | ForEach-Object { $lines.Add($_) } }
        $lines -join "`n"
    }

    # The one error of a run; fails (listing them) when there is not exactly one.

    function Get-MmVerbose { param($Run) @($Run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) }

    # The requests Get-CsMeetingMigrationStatus shows, by user.
    function Get-MmQueued { @(Get-CsMeetingMigrationStatus | Sort-Object UserPrincipalName) }
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'ServiceNumberType' {
    It 'has the values Toll and TollFree, in that order, and Toll is the default of -Type and -NumberType' {
        $type = (Get-Command Register-CsOnlineDialInConferencingServiceNumber -Module MeetingMigration).Parameters['Type'].ParameterType
        Assert-MmSequence -Actual ([Enum]::GetNames($type)) -Expected @('Toll', 'TollFree')
        (Get-Command Set-CsOnlineDialInConferencingUserDefaultNumber -Module MeetingMigration).Parameters['NumberType'].ParameterType | Should -Be $type
        Initialize-MmBridges
        Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeName Europe -PassThru | ForEach-Object { "$($_.Type)" } | Should -BeExactly 'Toll'
    }
}

Describe 'New-CsOnlineDialInConferencingBridge' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'creates the bridge and returns it; the first bridge is the tenant''s default, later ones are not' {
        $first = New-CsOnlineDialInConferencingBridge -Name '  Main ' -Region NOAM
        $second = New-CsOnlineDialInConferencingBridge -Name Europe

        $first.GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.ConferencingBridge'
        $first.Name | Should -BeExactly 'Main'
        $first.Region | Should -BeExactly 'NOAM'
        $first.IsDefault | Should -BeTrue
        $first.Identity | Should -Not -Be ([guid]::Empty)
        $first.ServiceNumbers.Count | Should -Be 0
        $second.IsDefault | Should -BeFalse
        Assert-MmSequence -Actual (Get-CsOnlineDialInConferencingBridge | ForEach-Object Name) -Expected @('Europe', 'Main')
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0 -Because 'a new bridge changes no one''s invitations'
    }

    It 'takes Name and Region from piped objects (a CSV), and a taken name fails that line only' {
        $run = Invoke-MmCapture {
            @([pscustomobject]@{ Name = 'Main'; Region = 'NOAM' }, [pscustomobject]@{ Name = 'MAIN'; Region = 'X' }, [pscustomobject]@{ Name = 'Asia'; Region = 'APAC' }) |
                New-CsOnlineDialInConferencingBridge
        }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "BridgeExists,${ns}NewCsOnlineDialInConferencingBridgeCommand"
        $e.TargetObject | Should -BeExactly 'MAIN'
        Assert-MmSequence -Actual ($run.Output | ForEach-Object { "$($_.Name)/$($_.Region)" }) -Expected @('Main/NOAM', 'Asia/APAC')
    }

    # Outside probe AO: "Ok 👍" and "Ok 👍️" (with the emoji's variation selector) are shown alike, and both were made.
    It 'takes a name that differs from another only by a variation selector as that bridge''s' {
        $plain = "Ok $([char]::ConvertFromUtf32(0x1F44D))"
        $selected = "$plain$([char]0xFE0F)"
        $null = New-CsOnlineDialInConferencingBridge -Name $plain
        $run = Invoke-MmCapture { New-CsOnlineDialInConferencingBridge -Name $selected }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "BridgeExists,${ns}NewCsOnlineDialInConferencingBridgeCommand"
        (Get-CsOnlineDialInConferencingBridge -Name $selected).Name | Should -BeExactly $plain
    }
}

Describe 'Get-CsOnlineDialInConferencingBridge' {
    BeforeAll { Initialize-MmBridges }

    It 'without parameters returns every bridge by name, with Microsoft''s fields and the numbers in E.164' {
        $bridges = @(Get-CsOnlineDialInConferencingBridge)
        Assert-MmSequence -Actual ($bridges | ForEach-Object Name) -Expected @('Europe', 'Main')
        $m = $bridges[1]
        $m.Identity | Should -Be $main.Identity
        $m.Region | Should -BeExactly 'NOAM'
        $m.IsDefault | Should -BeTrue
        $m.DefaultServiceNumber | Should -BeExactly '+14255550100'
        $m.DefaultTollFreeServiceNumber | Should -BeExactly '+18005550100'
        Assert-MmSequence -Actual ($m.ServiceNumbers | ForEach-Object { "$($_.Number) $($_.Type) $($_.City) $($_.BridgeId)" }) -Expected @(
            "+14255550100 Toll Redmond $($main.Identity)", "+14255550101 Toll Seattle $($main.Identity)",
            "+14255550102 Toll Seattle $($main.Identity)", "+18005550100 TollFree  $($main.Identity)")
        $m.ServiceNumbers[0].PrimaryLanguage | Should -BeExactly 'en-US'
        # A list shows each number as itself (it showed the type name).
        ($m | Format-List ServiceNumbers | Out-String -Width 200) | Should -Match 'ServiceNumbers : \{\+14255550100, \+14255550101'
        Assert-MmSequence -Actual $m.ServiceNumbers[0].SecondaryLanguages -Expected @('es-ES', 'fr-FR')
    }

    It 'returns one bridge by -Identity (positional), by -Name in any case, and from a piped BridgeId' {
        (Get-CsOnlineDialInConferencingBridge $europe.Identity).Name | Should -BeExactly 'Europe'
        (Get-CsOnlineDialInConferencingBridge -Name 'mAIN').Identity | Should -Be $main.Identity
        ([pscustomobject]@{ BridgeId = $europe.Identity } | Get-CsOnlineDialInConferencingBridge).Name | Should -BeExactly 'Europe'
        Assert-MmSequence -Actual (Get-CsOnlineDialInConferencingBridge | Get-CsOnlineDialInConferencingBridge | ForEach-Object Name) -Expected @('Europe', 'Main')
    }

    It 'an unknown bridge is a non-terminating BridgeNotFound naming it (<Case>)' -ForEach @(
        @{ Case = 'name'; Arguments = @{ Name = 'Nowhere' }; Target = 'Nowhere' }
        @{ Case = 'identity'; Arguments = @{ Identity = [guid]'0b9c1f1e-4d6a-4b8e-9f3a-7c2d5e6f8a90' }; Target = '0b9c1f1e-4d6a-4b8e-9f3a-7c2d5e6f8a90' }
    ) {
        $run = Invoke-MmCapture { Get-CsOnlineDialInConferencingBridge @Arguments }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "BridgeNotFound,${ns}GetCsOnlineDialInConferencingBridgeCommand"
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $e.TargetObject | Should -BeExactly $Target
        Get-MmErrorMessage $e | Should -BeLikeExactly "*$Target*"
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*New-CsOnlineDialInConferencingBridge*'
        $run.Output.Count | Should -Be 0
    }
}

Describe 'The bridge views' {
    BeforeAll { Initialize-MmBridges }

    It 'the default view is a table of Name, Region, IsDefault, the default numbers and the service numbers' {
        $text = Get-CsOnlineDialInConferencingBridge | Out-String -Width 250
        $text | Should -Match '(?m)^Name\s+Region\s+IsDefault\s+DefaultServiceNumber\s+DefaultTollFreeServiceNumber\s+ServiceNumbers\s*$'
        $text | Should -Match '(?m)^Main\s+NOAM\s+True\s+\+14255550100\s+\+18005550100\s+\+14255550100, \+14255550101, \+14255550102, \+18005550100\s*$'
        $text | Should -Match '(?m)^Europe\s+EMEA\s+False\s+\+442079460018\s+\+442079460018\s*$'
        $text | Should -Not -Match 'Identity'
    }

    It 'Format-List shows every property, the Identity included, and one line per service number' {
        $text = Get-CsOnlineDialInConferencingBridge -Name Main | Format-List | Out-String -Width 250
        $text | Should -Match "(?m)^Identity\s+: $($main.Identity)\s*$"
        $text | Should -Match '(?m)^DefaultTollFreeServiceNumber\s+: \+18005550100\s*$'
        $text | Should -Match '(?m)^ServiceNumbers\s+: \+14255550100 \(Toll, Redmond, en-US\)\s*$'
        $text | Should -Match '(?m)^\s+\+18005550100 \(TollFree\)\s*$'
    }

    It 'a bridge''s ServiceNumbers show as a table of Number, Type, City, PrimaryLanguage, SecondaryLanguages and BridgeId' {
        $text = (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers | Out-String -Width 250
        $text | Should -Match '(?m)^Number\s+Type\s+City\s+PrimaryLanguage\s+SecondaryLanguages\s+BridgeId\s*$'
        $text | Should -Match "(?m)^\+14255550100\s+Toll\s+Redmond\s+en-US\s+es-ES, fr-FR\s+$($main.Identity)\s*$"
    }
}

Describe 'Register-CsOnlineDialInConferencingServiceNumber' {
    BeforeEach { Initialize-MmBridges }

    It 'stores the number in E.164 from any typed form; the bridge''s first number of a type becomes its default' {
        $run = Invoke-MmCapture { Register-CsOnlineDialInConferencingServiceNumber 'tel:+1 (800) 555-0177' -BridgeName europe -Type TollFree -PassThru -Verbose 4>&1 }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $registered = @($run.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $registered.Count | Should -Be 1
        $registered[0].GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.BridgeServiceNumber'
        $registered[0].Number | Should -BeExactly '+18005550177'
        "$($registered[0].Type)" | Should -BeExactly 'TollFree'
        $registered[0].BridgeId | Should -Be $europe.Identity
        (Get-MmVerbose $run) -join "`n" | Should -BeLikeExactly '*so it is its default*'
        (Get-CsOnlineDialInConferencingBridge -Name Europe).DefaultTollFreeServiceNumber | Should -BeExactly '+18005550177'
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
    }

    # Found by the generated bad-input proof's every-value run: control, bidi and 100,000-character cities and languages were stored.
    It 'refuses -<Parameter> <Case> with InvalidSettingValue, naming it, and stores nothing' -ForEach @(
        @{ Parameter = 'City'; Case = 'with a line break'; Value = "Seattle`nWA" }
        @{ Parameter = 'City'; Case = 'with a bidi override'; Value = "Seattle$([char]0x202E)" }
        @{ Parameter = 'City'; Case = 'of 200 characters'; Value = 'x' * 200 }
        @{ Parameter = 'PrimaryLanguage'; Case = 'that is no language tag'; Value = 'en US' }
        @{ Parameter = 'SecondaryLanguages'; Case = 'that is no language tag'; Value = @('fr-FR', "de`u{0000}") }
    ) {
        $before = Get-MmStoreSnapshot
        $arguments = @{ Identity = '+14255550188'; BridgeName = 'Main'; $Parameter = $Value }
        $run = Invoke-MmCapture { Register-CsOnlineDialInConferencingServiceNumber @arguments }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidSettingValue,*'
        $e.Exception.Message | Should -BeLike "$Parameter cannot be *"
        Get-MmStoreSnapshot | Should -BeExactly $before
        (Register-CsOnlineDialInConferencingServiceNumber '+14255550188' -BridgeName Main -City 'Seattle' -PrimaryLanguage 'en-US' -SecondaryLanguages 'zh-Hans-CN' -PassThru).City | Should -BeExactly 'Seattle'
    }

    It 'binds a bridge''s ServiceNumbers from the pipeline (Number, Type, City, languages) onto another bridge' {
        $numbers = (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers
        $numbers | Unregister-CsOnlineDialInConferencingServiceNumber -RemoveDefaultServiceNumber -Force -Confirm:$false -WarningAction SilentlyContinue
        $numbers | Register-CsOnlineDialInConferencingServiceNumber -BridgeId $europe.Identity

        $moved = (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers
        Assert-MmSequence -Actual ($moved | ForEach-Object { "$($_.Number) $($_.Type) $($_.City) $($_.PrimaryLanguage) $($_.SecondaryLanguages -join '+')" }) -Expected @(
            '+442079460018 Toll London  ', '+14255550100 Toll Redmond en-US es-ES+fr-FR', '+14255550101 Toll Seattle  ',
            '+14255550102 Toll Seattle  ', '+18005550100 TollFree   ')
        (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers.Count | Should -Be 0
    }

    It 'without -PassThru returns nothing' {
        @(Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeName Main).Count | Should -Be 0
    }
}

# Found by outside probe Z: Microsoft's dial-in user objects name the bridge (BridgeName); a report selecting it got an empty column.
Describe 'Dial-in user output names the bridge' {
    BeforeEach { Initialize-MmBridges }

    It 'Get and -PassThru give BridgeName for a user on a bridge, and none for a user on no bridge' {
        (Enable-CsOnlineDialInConferencingUser frank@contoso.com -PassThru -WarningAction SilentlyContinue).BridgeName | Should -BeExactly 'Main'
        Set-CsOnlineDialInConferencingBridge -Name Main -NewName 'Main NOAM'
        (Get-CsOnlineDialInConferencingUser frank@contoso.com).BridgeName | Should -BeExactly 'Main NOAM'
        (Get-CsOnlineDialInConferencingUser bob@contoso.com).BridgeName | Should -BeNullOrEmpty
        (Get-CsOnlineDialInConferencingUser -BridgeName 'Main NOAM' | Select-Object UserPrincipalName, BridgeName | ForEach-Object { "$($_.UserPrincipalName)=$($_.BridgeName)" }) | Should -Be @('frank@contoso.com=Main NOAM')
    }
}

# Found by outside probe Z: the bridge's default toll number selected nobody, though every user on the bridge without a number
# of their own dials in on it, so "who still uses this number before I remove it?" was answered "no one".
Describe 'Get-CsOnlineDialInConferencingUser -ServiceNumber on a bridge' {
    BeforeEach { Initialize-MmBridges }

    It 'selects the users who show the number: their own, or its bridge''s default for the users on that bridge with none of their own' {
        Enable-CsOnlineDialInConferencingUser frank@contoso.com -WarningAction SilentlyContinue
        Enable-CsOnlineDialInConferencingUser gina@contoso.com -ServiceNumber +14255550101 -WarningAction SilentlyContinue
        (Get-CsOnlineDialInConferencingUser frank@contoso.com).ServiceNumber | Should -BeNullOrEmpty
        (Get-CsOnlineDialInConferencingUser frank@contoso.com).BridgeId | Should -Be $main.Identity

        Assert-MmSequence (Get-CsOnlineDialInConferencingUser -ServiceNumber '+1 425 555 0100' | ForEach-Object UserPrincipalName) @('bob@contoso.com', 'frank@contoso.com')
        Assert-MmSequence (Get-CsOnlineDialInConferencingUser -ServiceNumber +18005550100 | ForEach-Object UserPrincipalName) @('carol@contoso.com', 'frank@contoso.com', 'gina@contoso.com')
        Assert-MmSequence (Get-CsOnlineDialInConferencingUser -ServiceNumber +14255550101 | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'erin@contoso.com', 'gina@contoso.com')
        @(Get-CsOnlineDialInConferencingUser -ServiceNumber +442079460018).Count | Should -Be 0
    }

    # Outside probe BH-F4: disabled users were listed, though their invitations show no number and Unregister leaves them
    # out; so were users whose toll-free dial-in is off, for a toll-free number.
    It 'leaves out a disabled user, and for a toll-free number a user whose toll-free dial-in is off' {
        Enable-CsOnlineDialInConferencingUser frank@contoso.com -WarningAction SilentlyContinue
        Enable-CsOnlineDialInConferencingUser gina@contoso.com -ServiceNumber +14255550101 -WarningAction SilentlyContinue
        Disable-CsOnlineDialInConferencingUser gina@contoso.com -Force -WarningAction SilentlyContinue
        Set-CsOnlineDialInConferencingUser frank@contoso.com -AllowTollFreeDialIn $false -Force -WarningAction SilentlyContinue

        Assert-MmSequence (Get-CsOnlineDialInConferencingUser -ServiceNumber +14255550101 | ForEach-Object UserPrincipalName) @('ashaw@contoso.com', 'erin@contoso.com')
        Assert-MmSequence (Get-CsOnlineDialInConferencingUser -ServiceNumber +18005550100 | ForEach-Object UserPrincipalName) @('carol@contoso.com')
        Assert-MmSequence (Get-CsOnlineDialInConferencingUser -ServiceNumber '+1 425 555 0100' | ForEach-Object UserPrincipalName) @('bob@contoso.com', 'frank@contoso.com')
    }
}

Describe 'Set-CsOnlineDialInConferencingBridge' {
    BeforeEach { Initialize-MmBridges }

    It 'renames, sets the default numbers and moves the tenant''s default; -PassThru returns the bridge' {
        $bridge = Get-CsOnlineDialInConferencingBridge -Name Europe | Set-CsOnlineDialInConferencingBridge -NewName EMEA -SetDefault -PassThru
        $bridge.GetType().FullName | Should -BeExactly 'MeetingMigration.PowerShell.Output.ConferencingBridge'
        $bridge.Name | Should -BeExactly 'EMEA'
        $bridge.IsDefault | Should -BeTrue
        (Get-CsOnlineDialInConferencingBridge -Name Main).IsDefault | Should -BeFalse

        @(Set-CsOnlineDialInConferencingBridge $main.Identity -DefaultServiceNumber 14255550102).Count | Should -Be 0
        (Get-CsOnlineDialInConferencingBridge -Name Main).DefaultServiceNumber | Should -BeExactly '+14255550102'
    }

    It 'a new default number changes no user''s number and queues nothing (not a trigger)' {
        $profilesBefore = $users | ForEach-Object { Get-MeetingMigrationConferencingProfile $_ | ConvertTo-MmText }

        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingBridge -Name Main -DefaultServiceNumber +14255550101 -Verbose 4>&1 }

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 0
        (Get-MmVerbose $run) -join "`n" | Should -BeLikeExactly '*nothing was queued*'
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        Assert-MmSequence -Actual ($users | ForEach-Object { Get-MeetingMigrationConferencingProfile $_ | ConvertTo-MmText }) -Expected $profilesBefore
    }

    # Microsoft's example 2 failed with NamedParameterNotFound until 2026-12-05: the module had no -Instance.
    It '-Instance, Microsoft''s example: the edited bridge''s name is written, nothing else changes' {
        $europeBefore = Get-CsOnlineDialInConferencingBridge -Name Europe | ConvertTo-MmText
        $bridge = Get-CsOnlineDialInConferencingBridge -Name Main
        $bridge.Name = 'O365 Bridge'
        Set-CsOnlineDialInConferencingBridge -Instance $bridge

        $after = Get-CsOnlineDialInConferencingBridge -Identity $main.Identity
        $after.Name | Should -BeExactly 'O365 Bridge'
        $after.DefaultServiceNumber | Should -BeExactly '+14255550100'
        foreach ($field in 'Identity', 'Region', 'IsDefault', 'DefaultServiceNumber', 'DefaultTollFreeServiceNumber') { $after.$field | Should -Be $bridge.$field -Because $field }
        $after.ServiceNumbers.Number | Should -Be $bridge.ServiceNumbers.Number
        (Get-CsOnlineDialInConferencingBridge -Name Europe | ConvertTo-MmText) | Should -BeExactly $europeBefore -Because 'the other bridge is untouched'
    }

    It '-Instance writes a changed default number and IsDefault $true, positionally and from Import-Csv; named parameters win' {
        $bridge = Get-CsOnlineDialInConferencingBridge -Name Main
        $bridge.DefaultServiceNumber = '1 425 555 0102'
        Set-CsOnlineDialInConferencingBridge $bridge
        (Get-CsOnlineDialInConferencingBridge -Name Main).DefaultServiceNumber | Should -BeExactly '+14255550102'

        $csv = Join-Path $TestDrive 'bridges.csv'
        Get-CsOnlineDialInConferencingBridge -Name Europe | Export-Csv $csv
        $row = Import-Csv $csv
        $row.IsDefault = 'True'
        $row.Name = 'EMEA'
        $result = Set-CsOnlineDialInConferencingBridge -Instance $row -NewName 'Europe West' -PassThru
        $result.Name | Should -BeExactly 'Europe West' -Because '-NewName wins over the instance''s Name'
        $result.IsDefault | Should -BeTrue
        (Get-CsOnlineDialInConferencingBridge -Name Main).IsDefault | Should -BeFalse
    }

    It '-Instance of an unchanged bridge changes nothing, with -WhatIf or without' {
        $before = Get-MmStoreSnapshot
        $europeBefore = Get-CsOnlineDialInConferencingBridge -Name Europe | ConvertTo-MmText
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingBridge -Instance (Get-CsOnlineDialInConferencingBridge -Name Europe) -WhatIf }
        $run.Errors.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
        Set-CsOnlineDialInConferencingBridge -Instance (Get-CsOnlineDialInConferencingBridge -Name Europe)
        (Get-CsOnlineDialInConferencingBridge -Name Europe | ConvertTo-MmText) | Should -BeExactly $europeBefore
    }

    It '-Instance that sets what this cmdlet cannot (<Case>) is InvalidInstance naming it, and nothing changes' -ForEach @(
        @{ Case = 'a new Region'; Edit = { param($b) $b.Region = 'APAC' }; Says = '*cannot set Region*' }
        @{ Case = 'IsDefault $false on the default bridge'; Edit = { param($b) $b.IsDefault = $false }; Says = '*cannot set IsDefault*only when another one becomes it*' }
        @{ Case = 'no default number where the bridge has one'; Edit = { param($b) $b.DefaultServiceNumber = $null }; Says = '*cannot set DefaultServiceNumber*' }
    ) {
        $bridge = Get-CsOnlineDialInConferencingBridge -Name Main
        & $Edit $bridge
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingBridge -Instance $bridge }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidInstance,${ns}SetCsOnlineDialInConferencingBridgeCommand"
        Get-MmErrorMessage $e | Should -BeLikeExactly $Says
        Get-MmErrorMessage $e | Should -BeLikeExactly '*Nothing was changed.'
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-Instance <Case> is <ErrorId>, and nothing changes' -ForEach @(
        @{ Case = 'a string'; Instance = 'Main'; ErrorId = 'InvalidInstance' }
        @{ Case = 'a hashtable'; Instance = @{ Name = 'Main' }; ErrorId = 'InvalidInstance' }
        @{ Case = 'an object whose Identity is no GUID'; Instance = [pscustomobject]@{ Identity = 'Main'; Name = 'X' }; ErrorId = 'InvalidInstance' }
        @{ Case = 'a bridge that does not exist'; Instance = [pscustomobject]@{ Identity = [guid]'00000000-0000-0000-0000-0000000000aa'; Name = 'X' }; ErrorId = 'BridgeNotFound' }
        @{ Case = 'a name another bridge has'; Instance = 'rename-to-Europe'; ErrorId = 'BridgeExists' }
        @{ Case = 'a number not on the bridge'; Instance = 'number-of-Europe'; ErrorId = 'ServiceNumberNotOnBridge' }
    ) {
        if ($Instance -eq 'rename-to-Europe') { $Instance = Get-CsOnlineDialInConferencingBridge -Name Main; $Instance.Name = 'europe' }
        if ($Instance -eq 'number-of-Europe') { $Instance = Get-CsOnlineDialInConferencingBridge -Name Main; $Instance.DefaultServiceNumber = '+442079460018' }
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingBridge -Instance $Instance }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "$ErrorId,${ns}SetCsOnlineDialInConferencingBridgeCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'Unregister-CsOnlineDialInConferencingServiceNumber: the migrations it queues' {
    BeforeEach { Initialize-MmBridges }

    It 'queues exactly the users who showed the number (ServiceNumberUnassigned, ToSameType, due after TriggerDelay) and says so with -Verbose' {
        $before = [datetime]::UtcNow
        $run = Invoke-MmCapture { Unregister-CsOnlineDialInConferencingServiceNumber '1 (425) 555-0101' -BridgeName Main -Force -Confirm:$false -Verbose 4>&1 }
        $after = [datetime]::UtcNow

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 0
        $queued = Get-MmQueued
        Assert-MmSequence -Actual ($queued | ForEach-Object UserPrincipalName) -Expected @('ashaw@contoso.com', 'erin@contoso.com')
        $verbose = (Get-MmVerbose $run) -join "`n"
        foreach ($request in $queued) {
            $request.Trigger | Should -BeExactly 'ServiceNumberUnassigned'
            "$($request.MigrationType)" | Should -BeExactly 'ToSameType'
            "$($request.State)" | Should -BeExactly 'Pending'
            $request.DueTime.ToUniversalTime() | Should -BeGreaterOrEqual ($before + $delay)
            $request.DueTime.ToUniversalTime() | Should -BeLessOrEqual ($after + $delay)
            $verbose | Should -BeLikeExactly "*Queued $($request.UserPrincipalName) *trigger ServiceNumberUnassigned, due $($request.DueTime.ToUniversalTime().ToString('u'))*"
        }
        # They no longer show it; the others keep theirs.
        (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).ServiceNumber | Should -BeNullOrEmpty
        Assert-MmSequence -Actual (Get-MeetingMigrationConferencingProfile erin@contoso.com).TollFreeServiceNumbers -Expected @()
        (Get-MeetingMigrationConferencingProfile dave@contoso.com).ServiceNumber | Should -BeExactly '+14255550102'
        Assert-MmSequence -Actual ((Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers | ForEach-Object Number) -Expected @('+14255550100', '+14255550102', '+18005550100')
    }

    It 'a number no one shows goes and queues nothing; without a bridge it is found on its own' {
        Register-CsOnlineDialInConferencingServiceNumber +442079460099 -BridgeName Europe
        $run = Invoke-MmCapture { Unregister-CsOnlineDialInConferencingServiceNumber +442079460099 -Force -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers.Number | Should -Not -Contain '+442079460099'
    }

    It 'the bridge''s default number that a user shows is DefaultServiceNumberInUse; with -RemoveDefaultServiceNumber it goes, the user is queued and the next number is the default' {
        $before = Get-MmBridgeSnapshot
        $run = Invoke-MmCapture { Unregister-CsOnlineDialInConferencingServiceNumber +14255550100 -BridgeName Main -Force -Confirm:$false }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "DefaultServiceNumberInUse,${ns}UnregisterCsOnlineDialInConferencingServiceNumberCommand"
        $e.TargetObject | Should -BeExactly '+14255550100'
        Get-MmErrorMessage $e | Should -BeLikeExactly '*default toll number*1 user(s)*nothing was changed*'
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*-RemoveDefaultServiceNumber*'
        Get-MmBridgeSnapshot | Should -BeExactly $before

        Unregister-CsOnlineDialInConferencingServiceNumber +14255550100 -BridgeName Main -RemoveDefaultServiceNumber -Force -Confirm:$false
        Assert-MmSequence -Actual (Get-MmQueued | ForEach-Object { "$($_.UserPrincipalName) $($_.Trigger)" }) -Expected @('bob@contoso.com ServiceNumberUnassigned')
        (Get-CsOnlineDialInConferencingBridge -Name Main).DefaultServiceNumber | Should -BeExactly '+14255550101'
    }

    It 'with <Switch> off the number goes, nothing is queued, and a warning names the switch, the users and what to run' -ForEach @(
        @{ Switch = 'MeetingMigrationEnabled'; TurnOff = { Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false }; Advice = '*Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true*Start-CsExMeetingMigration*' }
        @{ Switch = 'AutomaticallyMigrateUserMeetings'; TurnOff = { Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false }; Advice = '*Start-CsExMeetingMigration*' }
    ) {
        & $TurnOff
        $run = Invoke-MmCapture { Unregister-CsOnlineDialInConferencingServiceNumber +14255550102 -Force -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        @(Get-CsMeetingMigrationStatus -WarningAction SilentlyContinue).Count | Should -Be 0
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly "*2 user(s) were not queued*because $Switch is false*keep the old dial-in details*dave@contoso.com, erin@contoso.com*"
        $run.Warnings[0] | Should -BeLikeExactly $Advice
        (Get-MeetingMigrationConferencingProfile dave@contoso.com).ServiceNumber | Should -BeNullOrEmpty
    }

    It 'a piped list of numbers goes on past a bad one: that line fails (InvalidPhoneNumber), the others are removed' {
        $run = Invoke-MmCapture { '+14255550101', 'not a number', '+14255550102' | Unregister-CsOnlineDialInConferencingServiceNumber -Force -Confirm:$false }
        $run.Terminated | Should -BeFalse
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidPhoneNumber,${ns}UnregisterCsOnlineDialInConferencingServiceNumberCommand"
        $e.TargetObject | Should -BeExactly 'not a number'
        Assert-MmSequence -Actual (Get-MmQueued | ForEach-Object UserPrincipalName) -Expected @('ashaw@contoso.com', 'dave@contoso.com', 'erin@contoso.com')
    }
}

Describe 'Set-CsOnlineDialInConferencingUserDefaultNumber: the migrations it queues' {
    BeforeEach { Initialize-MmBridges }

    It 'with -RescheduleMeetings moves the users who showed -FromNumber and queues each (DefaultNumberReplaced, due after TriggerDelay)' {
        $before = [datetime]::UtcNow
        $run = Invoke-MmCapture {
            Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber 14255550101 -BridgeName Main -RescheduleMeetings -PassThru -Verbose 4>&1
        }
        $after = [datetime]::UtcNow

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 0
        $moved = @($run.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        Assert-MmSequence -Actual ($moved | ForEach-Object { "$($_.GetType().Name) $($_.UserPrincipalName) $($_.ServiceNumber)" } | Sort-Object) -Expected @(
            'DialInUser dave@contoso.com +14255550101', 'DialInUser erin@contoso.com +14255550101')
        $queued = Get-MmQueued
        Assert-MmSequence -Actual ($queued | ForEach-Object UserPrincipalName) -Expected @('dave@contoso.com', 'erin@contoso.com')
        $verbose = (Get-MmVerbose $run) -join "`n"
        foreach ($request in $queued) {
            $request.Trigger | Should -BeExactly 'DefaultNumberReplaced'
            "$($request.MigrationType)" | Should -BeExactly 'ToSameType'
            $request.DueTime.ToUniversalTime() | Should -BeGreaterOrEqual ($before + $delay)
            $request.DueTime.ToUniversalTime() | Should -BeLessOrEqual ($after + $delay)
            $verbose | Should -BeLikeExactly "*Queued $($request.UserPrincipalName) *trigger DefaultNumberReplaced, due $($request.DueTime.ToUniversalTime().ToString('u'))*"
        }
        (Get-MeetingMigrationConferencingProfile ashaw@contoso.com).ServiceNumber | Should -BeExactly '+14255550101'
        (Get-MeetingMigrationConferencingProfile bob@contoso.com).ServiceNumber | Should -BeExactly '+14255550100'
    }

    It 'without -RescheduleMeetings moves them, queues nothing, and warns that their invitations keep the old number' {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber +14255550101 -BridgeId $main.Identity }

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Output.Count | Should -Be 0
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        (Get-MeetingMigrationConferencingProfile dave@contoso.com).ServiceNumber | Should -BeExactly '+14255550101'
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly '*2 user(s) now have +14255550101*still show +14255550102*-RescheduleMeetings*dave@contoso.com, erin@contoso.com*Start-CsExMeetingMigration*'
    }

    # Outside probe BH-F4: the warning told the admin to queue a disabled user, whose invitations show no number.
    It 'without -RescheduleMeetings names only the users whose invitations show the old number, not a disabled one' {
        Enable-CsOnlineDialInConferencingUser dave@contoso.com -WarningAction SilentlyContinue
        Disable-CsOnlineDialInConferencingUser dave@contoso.com -Force -WarningAction SilentlyContinue
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber +14255550101 -BridgeId $main.Identity }

        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        (Get-MeetingMigrationConferencingProfile dave@contoso.com).ServiceNumber | Should -BeExactly '+14255550101'
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly '1 user(s) now have +14255550101*still show +14255550102*: erin@contoso.com.*'
    }

    It 'toll-free: only the users showing it as a toll-free number move' {
        Register-CsOnlineDialInConferencingServiceNumber +18005550199 -BridgeName Main -Type TollFree
        Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +18005550100 -ToNumber +18005550199 -NumberType TollFree -BridgeName Main -RescheduleMeetings
        Assert-MmSequence -Actual (Get-MmQueued | ForEach-Object UserPrincipalName) -Expected @('carol@contoso.com')
        Assert-MmSequence -Actual (Get-MeetingMigrationConferencingProfile carol@contoso.com).TollFreeServiceNumbers -Expected @('+18005550199')
    }

    It 'with AutomaticallyMigrateUserMeetings off, -RescheduleMeetings queues nothing and the warning names the switch' {
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber +14255550101 -BridgeName Main -RescheduleMeetings }
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly '*because AutomaticallyMigrateUserMeetings is false*dave@contoso.com, erin@contoso.com*Start-CsExMeetingMigration*'
    }
}

Describe 'Bad input: refused with a stable ErrorId, the offending value, what to do, and nothing changed' {
    BeforeAll { Initialize-MmBridges }
    BeforeEach { $before = Get-MmBridgeSnapshot }

    It '<Command> is <ErrorId> with target <Target>' -ForEach @(
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = 'Nowhere'; Command = 'Set-CsOnlineDialInConferencingBridge -Name Nowhere -SetDefault' }
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = '0b9c1f1e-4d6a-4b8e-9f3a-7c2d5e6f8a90'; Command = 'Set-CsOnlineDialInConferencingBridge 0b9c1f1e-4d6a-4b8e-9f3a-7c2d5e6f8a90 -NewName X' }
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = 'Nowhere'; Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeName Nowhere' }
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = '0b9c1f1e-4d6a-4b8e-9f3a-7c2d5e6f8a90'; Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeId 0b9c1f1e-4d6a-4b8e-9f3a-7c2d5e6f8a90' }
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = 'Nowhere'; Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Nowhere -Force -Confirm:$false' }
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'SetCsOnlineDialInConferencingUserDefaultNumber'; Target = 'Nowhere'; Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber +14255550101 -BridgeName Nowhere -RescheduleMeetings' }
        @{ ErrorId = 'BridgeExists'; Cmdlet = 'NewCsOnlineDialInConferencingBridge'; Target = 'mAIN'; Command = 'New-CsOnlineDialInConferencingBridge -Name mAIN' }
        @{ ErrorId = 'BridgeExists'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = 'main'; Command = 'Set-CsOnlineDialInConferencingBridge -Name Europe -NewName main' }
        @{ ErrorId = 'InvalidSettingValue'; Cmdlet = 'NewCsOnlineDialInConferencingBridge'; Target = ('b' * 129); Command = "New-CsOnlineDialInConferencingBridge -Name $('b' * 129)" }
        # Refused with -WhatIf too, as the run refuses it (it was previewed: outside probe AT).
        @{ ErrorId = 'InvalidSettingValue'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = ''; Command = "Set-CsOnlineDialInConferencingBridge -Name Main -NewName '' -WhatIf" }
        @{ ErrorId = 'ServiceNumberInUse'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = '1 425 555 0100'; Command = "Register-CsOnlineDialInConferencingServiceNumber '1 425 555 0100' -BridgeName Europe" }
        @{ ErrorId = 'ServiceNumberInUse'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = '+14255550101'; Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Main -Type TollFree' }
        # -WhatIf refuses what the run refuses (it previewed these: outside probe AS-F4, a CSV checked with -WhatIf before its run).
        @{ ErrorId = 'ServiceNumberInUse'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = '+14255550101'; Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Europe -WhatIf' }
        @{ ErrorId = 'BridgeNotFound'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = 'Nowhere'; Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeName Nowhere -WhatIf' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+442079460018'; Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +442079460018 -BridgeName Main -WhatIf' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+442079460018'; Command = '[pscustomobject]@{ Number = ''+442079460018''; BridgeName = ''Main'' } | Unregister-CsOnlineDialInConferencingServiceNumber -WhatIf' }
        @{ ErrorId = 'DefaultServiceNumberInUse'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+18005550100'; Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeId $main.Identity -WhatIf' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+442079460018'; Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +442079460018 -BridgeName Main -Force -Confirm:$false' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+19995550100'; Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +19995550100 -Force -Confirm:$false' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = '+442079460018'; Command = 'Set-CsOnlineDialInConferencingBridge -Name Main -DefaultServiceNumber +442079460018' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = '+18005550100'; Command = 'Set-CsOnlineDialInConferencingBridge -Name Main -DefaultServiceNumber +18005550100' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'SetCsOnlineDialInConferencingUserDefaultNumber'; Target = '+442079460018'; Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +442079460018 -ToNumber +14255550101 -BridgeName Main' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'SetCsOnlineDialInConferencingUserDefaultNumber'; Target = '+18005550100'; Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber +18005550100 -BridgeName Main -RescheduleMeetings' }
        # A user on no bridge (bob, from a conferencing profile) is given only a number some bridge of the tenant lists; a
        # user enabled on no bridge joins the default one (Main), whose numbers the ones given must be.
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'SetCsOnlineDialInConferencingUser'; Target = '+14255559999'; Command = 'Set-CsOnlineDialInConferencingUser bob@contoso.com -ServiceNumber +14255559999' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'SetCsOnlineDialInConferencingUser'; Target = '+18005550999'; Command = 'Set-CsOnlineDialInConferencingUser bob@contoso.com -TollFreeServiceNumber +18005550999' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'EnableCsOnlineDialInConferencingUser'; Target = '+19999999998'; Command = 'Enable-CsOnlineDialInConferencingUser frank@contoso.com -ServiceNumber +19999999998' }
        @{ ErrorId = 'ServiceNumberNotOnBridge'; Cmdlet = 'EnableCsOnlineDialInConferencingUser'; Target = '+442079460018'; Command = 'Enable-CsOnlineDialInConferencingUser frank@contoso.com -ServiceNumber +442079460018' }
        # A malformed number is refused with -WhatIf too (it showed the change).
        @{ ErrorId = 'InvalidPhoneNumber'; Cmdlet = 'SetCsOnlineDialInConferencingUser'; Target = 'abc'; Command = 'Set-CsOnlineDialInConferencingUser bob@contoso.com -ServiceNumber abc -WhatIf' }
        @{ ErrorId = 'InvalidPhoneNumber'; Cmdlet = 'EnableCsOnlineDialInConferencingUser'; Target = 'abc'; Command = 'Enable-CsOnlineDialInConferencingUser frank@contoso.com -TollFreeServiceNumber abc -WhatIf' }
        @{ ErrorId = 'DefaultServiceNumberInUse'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+18005550100'; Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +18005550100 -BridgeId $main.Identity -Force -Confirm:$false' }
        @{ ErrorId = 'InvalidPhoneNumber'; Cmdlet = 'RegisterCsOnlineDialInConferencingServiceNumber'; Target = 'call me'; Command = "Register-CsOnlineDialInConferencingServiceNumber 'call me' -BridgeName Main" }
        @{ ErrorId = 'InvalidPhoneNumber'; Cmdlet = 'UnregisterCsOnlineDialInConferencingServiceNumber'; Target = '+1 425 555 01O1'; Command = "Unregister-CsOnlineDialInConferencingServiceNumber '+1 425 555 01O1' -Force -Confirm:`$false" }
        @{ ErrorId = 'InvalidPhoneNumber'; Cmdlet = 'SetCsOnlineDialInConferencingBridge'; Target = '0425'; Command = 'Set-CsOnlineDialInConferencingBridge -Name Main -DefaultTollFreeServiceNumber 0425' }
        @{ ErrorId = 'InvalidPhoneNumber'; Cmdlet = 'SetCsOnlineDialInConferencingUserDefaultNumber'; Target = 'tel:'; Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber tel: -BridgeName Main -RescheduleMeetings' }
        @{ ErrorId = 'ConflictingParameters'; Cmdlet = 'SetCsOnlineDialInConferencingUserDefaultNumber'; Target = 'tel:+1 425 555 0102'; Command = "Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550102 -ToNumber 'tel:+1 425 555 0102' -BridgeName Main -RescheduleMeetings" }
    ) {
        $run = Invoke-MmCapture { Invoke-Expression $Command }
        $run.Terminated | Should -BeFalse -Because 'errors are per item, so a pipeline goes on'
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$ns${Cmdlet}Command"
        "$($e.TargetObject)" | Should -BeExactly $Target
        Get-MmErrorMessage $e | Should -Not -BeNullOrEmpty
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $run.Output.Count | Should -Be 0
        $run.Warnings.Count | Should -Be 0
        Get-MmBridgeSnapshot | Should -BeExactly $before
    }

    It 'InvalidPhoneNumber says which parameter and how to write a number' {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingBridge -Name Main -DefaultServiceNumber 'ext. 12' }
        $e = Get-MmSingleError $run
        Get-MmErrorMessage $e | Should -BeExactly "DefaultServiceNumber 'ext. 12' is not a phone number in E.164 form."
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*+14255550100*'
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }

    It '-WhatIf of Register and Unregister names the bridge by its name and the users the run would queue, and keeps nothing' {
        # Outside probe AS-F4: a bridge given by BridgeId was named by its GUID, and nothing was checked.
        $db = Join-Path $TestDrive 'whatif-numbers.db'
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$db'
`$main = New-CsOnlineDialInConferencingBridge -Name Main
'+14255550100', '+14255550101' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main
Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollNumber +14255550101
Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeId `$main.Identity -WhatIf
Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeId `$main.Identity -WhatIf
Unregister-CsOnlineDialInConferencingServiceNumber +14255550100 -WhatIf
'numbers: ' + ((Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers.Number -join ' ')
'queued: ' + @(Get-CsMeetingMigrationStatus).Count
"@
        $text = $lines -join "`n"
        @($lines | Where-Object { $_ -like "What if:*Register Toll service number on the bridge 'Main'*+14255550177*" }).Count | Should -Be 1 -Because $text
        @($lines | Where-Object { $_ -like "What if:*Unregister service number from the bridge 'Main' and queue the meeting migration of the 1 user(s) who show it*+14255550101*" }).Count | Should -Be 1 -Because $text
        @($lines | Where-Object { $_ -like "What if:*Unregister service number from the bridge 'Main' (no user shows it, so nothing is queued)*+14255550100*" }).Count | Should -Be 1 -Because $text
        $lines | Should -Contain 'numbers: +14255550100 +14255550101'
        $lines | Should -Contain 'queued: 0'
    }

    It '-WhatIf of Set-CsOnlineDialInConferencingUserDefaultNumber names both numbers as they are stored' {
        # Outside probe BF-F7: -ToNumber was shown as typed (tel:, spaces), the numbers after it as stored.
        $db = Join-Path $TestDrive 'whatif-default.db'
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$db'
`$null = New-CsOnlineDialInConferencingBridge -Name Main
'+14255550100', '+14255550101' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main
Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber 'tel:+1 425 555 0100' -ToNumber '+1 (425) 555-0101' -BridgeName Main -WhatIf
"@
        $text = $lines -join "`n"
        @($lines | Where-Object { $_ -like 'What if:*Give the users who show Toll number +14255550100 the number +14255550101 (their meetings are not rescheduled)*' }).Count | Should -Be 1 -Because $text
    }

    It '-WhatIf of <Cmdlet> gives a number listed twice the error the run gives the second' -ForEach @(
        @{ Cmdlet = 'Register-CsOnlineDialInConferencingServiceNumber'; Numbers = '+1 425 555 0195', '+1 (425) 555-0195'; Arguments = @{ BridgeName = 'Main' }; ErrorId = 'ServiceNumberInUse'
           Message = "+14255550195 is registered on the bridge 'Main' already; nothing was changed." }
        @{ Cmdlet = 'Unregister-CsOnlineDialInConferencingServiceNumber'; Numbers = '+14255550102', '+1 425 555 0102'; Arguments = @{}; ErrorId = 'ServiceNumberNotOnBridge'
           Message = '+14255550102 is not registered on any bridge; nothing was changed.' }
        @{ Cmdlet = 'Unregister-CsOnlineDialInConferencingServiceNumber'; Numbers = '+14255550102', '+1 425 555 0102'; Arguments = @{ BridgeName = 'main' }; ErrorId = 'ServiceNumberNotOnBridge'
           Message = "+14255550102 is not registered on the bridge 'Main'; nothing was changed." }
    ) {
        # Outside probe AW-F8: each was checked against the store alone and both were shown.
        $run = Invoke-MmCapture { $Numbers | & $Cmdlet @Arguments -WhatIf }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly "$ErrorId,*"
        $e.TargetObject | Should -BeExactly $Numbers[1]
        # In the run's words (outside probe AX-F9).
        Get-MmErrorMessage $e | Should -BeExactly $Message
        Get-MmBridgeSnapshot | Should -BeExactly $before
    }

    It 'a bad number is reported even with -WhatIf' {
        $run = Invoke-MmCapture { Register-CsOnlineDialInConferencingServiceNumber 'abc' -BridgeName Main -WhatIf }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "InvalidPhoneNumber,${ns}RegisterCsOnlineDialInConferencingServiceNumberCommand"
        Get-MmBridgeSnapshot | Should -BeExactly $before
    }

    It '<Cmdlet> with both -BridgeId and -BridgeName is refused by the binder (AmbiguousParameterSet)' -ForEach @(
        @{ Cmdlet = 'Register-CsOnlineDialInConferencingServiceNumber'; Arguments = @{ Identity = '+14255550177' } }
        @{ Cmdlet = 'Set-CsOnlineDialInConferencingUserDefaultNumber'; Arguments = @{ FromNumber = '+14255550102'; ToNumber = '+14255550101'; RescheduleMeetings = $true } }
    ) {
        $run = Invoke-MmCapture { & $Cmdlet @Arguments -BridgeId $main.Identity -BridgeName Main }
        $run.Terminated | Should -BeTrue
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeLikeExactly 'AmbiguousParameterSet,*'
        Get-MmBridgeSnapshot | Should -BeExactly $before
    }
}

Describe 'Rows from a CSV: a bad cell fails its own row, naming the value; the other rows go on' {
    # Bound by property name, a cell the binder cannot convert used to be left out: the parameter kept its default and the
    # row ran with it (a toll-free number registered as Toll; a number unregistered from whichever bridge held it).
    BeforeEach { Initialize-MmBridges }

    It 'Register: a Type cell that is neither Toll nor TollFree fails that row; an empty cell is Toll; names in any case' {
        $rows = @(
            [pscustomobject]@{ Number = '+18885550101'; Type = 'TolFree' }
            [pscustomobject]@{ Number = '+18885550102'; Type = 'tollfree' }
            [pscustomobject]@{ Number = '+14255550103'; Type = '' }
            [pscustomobject]@{ Number = '+18885550104'; Type = '7' }
        )
        $run = Invoke-MmCapture { $rows | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Europe -PassThru }
        $run.Terminated | Should -BeFalse
        Assert-MmSequence ($run.Output | ForEach-Object { "$($_.Number)=$($_.Type)" }) @('+18885550102=TollFree', '+14255550103=Toll')
        $run.Errors.Count | Should -Be 2
        foreach ($pair in @(@(0, 'TolFree'), @(1, '7'))) {
            $e = $run.Errors[$pair[0]]
            $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,${ns}RegisterCsOnlineDialInConferencingServiceNumberCommand"
            $e.Exception.Message | Should -BeLikeExactly "*'$($pair[1])' is not a MeetingMigration.ServiceNumberType value: give Toll or TollFree.*"
        }
        $europeNumbers = (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers.Number
        $europeNumbers | Should -Not -Contain '+18885550101'
        $europeNumbers | Should -Not -Contain '+18885550104'
    }

    It 'Unregister: a BridgeName cell names the bridge the number must be on, as a BridgeId cell does; both must name the same bridge' {
        # In a parameter set of its own, -BridgeName never bound from a row, and the number was unregistered from whichever
        # bridge held it (outside probe AR).
        $rows = @(
            [pscustomobject]@{ Number = '+14255550101'; BridgeName = 'Europe' }                              # not Europe's: refused
            [pscustomobject]@{ Number = '+14255550102'; BridgeName = 'main' }                                # Main's, any case
            [pscustomobject]@{ Number = '+442079460018'; BridgeId = $europe.Identity; BridgeName = 'Main' }  # two bridges: refused
            [pscustomobject]@{ Number = '+442079460018'; BridgeId = $main.Identity; BridgeName = 'Europe' }  # two bridges: refused
            [pscustomobject]@{ Number = '+14255550100'; BridgeName = '' }                                     # names no bridge: refused
            [pscustomobject]@{ Number = '+14255550100'; BridgeName = $null }                                  # the same
            # A file whose rows name their bridge either way: the filled column names it (outside probe AT).
            [pscustomobject]@{ Number = '+442079460018'; BridgeId = ''; BridgeName = 'Europe' }
            [pscustomobject]@{ Number = '+18005550100'; BridgeId = $main.Identity; BridgeName = '' }
        )
        $run = Invoke-MmCapture { $rows | Unregister-CsOnlineDialInConferencingServiceNumber -Force -Confirm:$false -WarningAction SilentlyContinue }
        $run.Terminated | Should -BeFalse
        Assert-MmSequence ($run.Errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] + ':' + $_.TargetObject }) @(
            'ServiceNumberNotOnBridge:+14255550101', 'ConflictingParameters:Main', 'ConflictingParameters:Europe', 'BridgeNotFound:', 'BridgeNotFound:',
            'DefaultServiceNumberInUse:+18005550100')
        Get-MmErrorMessage $run.Errors[1] | Should -BeExactly "BridgeId $($europe.Identity) and BridgeName 'Main' do not name the same bridge; nothing was changed."
        (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers.Number | Should -Contain '+14255550101'
        (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers.Number | Should -Contain '+14255550100'
        (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers.Number | Should -Not -Contain '+14255550102'
        (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers.Number | Should -Not -Contain '+442079460018' -Because 'the row with an empty BridgeId and BridgeName Europe names Europe'
    }

    It 'Set-CsOnlineDialInConferencingBridge: edited rows piped in without a setting change nothing, and one warning says to use -Instance' {
        $csv = Join-Path $TestDrive 'bridges.csv'
        Get-CsOnlineDialInConferencingBridge | Export-Csv $csv
        $rows = Import-Csv $csv
        $rows[0].Name = 'Renamed'
        $before = Get-MmBridgeSnapshot
        $run = Invoke-MmCapture { $rows | Set-CsOnlineDialInConferencingBridge }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly '2 bridge(s) piped in were left as they are: no setting was given*pass each as -Instance*'
        Get-MmBridgeSnapshot | Should -BeExactly $before
        $run = Invoke-MmCapture { $rows | ForEach-Object { Set-CsOnlineDialInConferencingBridge -Instance $_ } }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        (Get-CsOnlineDialInConferencingBridge | ForEach-Object Name) | Should -Contain 'Renamed'
    }

    It 'Unregister: -BridgeId and -BridgeName typed together are taken when they name the same bridge, refused when not' {
        $run = Invoke-MmCapture { Unregister-CsOnlineDialInConferencingServiceNumber +442079460018 -BridgeId $europe.Identity -BridgeName Main -Force -Confirm:$false }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "ConflictingParameters,${ns}UnregisterCsOnlineDialInConferencingServiceNumberCommand"
        (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers.Number | Should -Contain '+442079460018'
        $run = Invoke-MmCapture { Unregister-CsOnlineDialInConferencingServiceNumber +442079460018 -BridgeId $europe.Identity -BridgeName EUROPE -Force -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers.Number | Should -Not -Contain '+442079460018'
    }

    It 'Register: a SecondaryLanguages cell lists several languages, separated by semicolons or commas' {
        $rows = @(
            [pscustomobject]@{ Number = '+14255550111'; SecondaryLanguages = 'fr-FR;de-DE' }
            [pscustomobject]@{ Number = '+14255550112'; SecondaryLanguages = ' es-ES , it-IT ,' }
        )
        $run = Invoke-MmCapture { $rows | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Europe -PassThru }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Assert-MmSequence ($run.Output | ForEach-Object { "$($_.Number)=$($_.SecondaryLanguages -join '|')" }) @('+14255550111=fr-FR|de-DE', '+14255550112=es-ES|it-IT')
    }

    It 'Unregister: a BridgeId cell that is not a GUID, or empty, fails that row and the number stays' {
        $rows = @(
            [pscustomobject]@{ Number = '+14255550101'; BridgeId = 'not-a-guid' }
            [pscustomobject]@{ Number = '+14255550102'; BridgeId = '' }
            [pscustomobject]@{ Number = '+442079460018'; BridgeId = 42 }
        )
        $run = Invoke-MmCapture { $rows | Unregister-CsOnlineDialInConferencingServiceNumber -Force -Confirm:$false -WarningAction SilentlyContinue }
        $run.Terminated | Should -BeFalse
        Assert-MmSequence ($run.Errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) @('ParameterArgumentTransformationError', 'BridgeNotFound', 'ParameterArgumentTransformationError')
        $run.Errors[0].Exception.Message | Should -BeLikeExactly "*'not-a-guid' is not a bridge's Identity: give the GUID Get-CsOnlineDialInConferencingBridge shows as Identity, or name the bridge with -BridgeName.*"
        # An empty cell names no bridge: it must not become "whichever bridge holds the number" (outside probe AS).
        Get-MmErrorMessage $run.Errors[1] | Should -BeExactly 'The bridge given for +14255550102 is empty, so it names no bridge; +14255550102 was left registered.'
        $run.Errors[2].Exception.Message | Should -BeLikeExactly "*'42' (Int32) is not a bridge's Identity*"
        (Get-CsOnlineDialInConferencingBridge -Name Europe).ServiceNumbers.Number | Should -Contain '+442079460018'
        $mainNumbers = (Get-CsOnlineDialInConferencingBridge -Name Main).ServiceNumbers.Number
        $mainNumbers | Should -Contain '+14255550101'
        $mainNumbers | Should -Contain '+14255550102'
    }

    It '<Command> with a piped BridgeId that is not a GUID is an error naming it, and nothing changes' -ForEach @(
        @{ Command = 'Get-CsOnlineDialInConferencingBridge'; Class = 'GetCsOnlineDialInConferencingBridgeCommand'; Arguments = @{} }
        @{ Command = 'Set-CsOnlineDialInConferencingBridge'; Class = 'SetCsOnlineDialInConferencingBridgeCommand'; Arguments = @{ NewName = 'Elsewhere' } }
    ) {
        $before = Get-MmBridgeSnapshot
        $run = Invoke-MmCapture { [pscustomobject]@{ BridgeId = 'Europe' }, [pscustomobject]@{ BridgeId = $europe.Identity } | & $Command @Arguments }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,$ns$Class"
        $e.Exception.Message | Should -BeLikeExactly "*'Europe' is not a bridge's Identity: * or name the bridge with -Name.*"
        if ($Command -like 'Get-*') {
            ($run.Output | ForEach-Object Name) | Should -BeExactly 'Europe'
            Get-MmBridgeSnapshot | Should -BeExactly $before
        }
        else { (Get-CsOnlineDialInConferencingBridge -Identity $europe.Identity).Name | Should -BeExactly 'Elsewhere' }
    }
}

Describe '-WhatIf changes nothing; without it the same command does' {
    BeforeAll {
        $session = New-MmRunspace
        # The snapshot above, taken in the session (TestHelpers.ps1 is loaded there).
        function Get-SessionSnapshot {
            $s = Invoke-MmRunspace $session ('$users = @(''ashaw@contoso.com''); ' + ${function:Get-MmBridgeSnapshot}.ToString())
            $s.Errors.Count | Should -Be 0 -Because "$($s.Errors -join '; ')"
            $s.Output -join "`n"
        }
    }
    AfterAll { if ($session) { $session.Dispose() } }

    BeforeEach {
        # A store seeded the same way in the session's runspace (its host cannot prompt, and "What if:" stays off the console).
        $path = Join-Path $TestDrive ("whatif-{0}.db" -f [guid]::NewGuid().ToString('N'))
        $seed = Invoke-MmRunspace $session ('Connect-MeetingMigration -StorePath $path; ' +
            'New-CsOnlineDialInConferencingBridge -Name Main | Out-Null; New-CsOnlineDialInConferencingBridge -Name Europe | Out-Null; ' +
            "'+14255550100', '+14255550101' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main; " +
            'Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollNumber +14255550101') @{ path = $path }
        $seed.Errors.Count | Should -Be 0 -Because "seeding failed: $($seed.Errors -join '; ')"
        $before = Get-SessionSnapshot
    }

    It '<Command>' -ForEach @(
        @{ Command = 'New-CsOnlineDialInConferencingBridge -Name Asia' }
        @{ Command = 'Set-CsOnlineDialInConferencingBridge -Name Main -DefaultServiceNumber +14255550101 -NewName NOAM' }
        @{ Command = 'Set-CsOnlineDialInConferencingBridge -Name Europe -SetDefault' }
        @{ Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeName Europe' }
        @{ Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -Force' }
        @{ Command = 'Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber +14255550101 -ToNumber +14255550100 -BridgeName Main -RescheduleMeetings' }
    ) {
        $run = Invoke-MmRunspace $session "$Command -WhatIf"
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $run.Output.Count | Should -Be 0
        Get-SessionSnapshot | Should -BeExactly $before

        $run = Invoke-MmRunspace $session "$Command -Confirm:`$false -WarningAction SilentlyContinue"
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Get-SessionSnapshot | Should -Not -BeExactly $before
    }

    It '<Command> asks nothing in a host that cannot ask: -Force suppresses confirmation, as Microsoft documents it' -ForEach @(
        @{ Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Main -Force -WarningAction SilentlyContinue' }
        @{ Command = 'Remove-CsOnlineDialInConferencingTenantSettings -Force'; Setup = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength 9' }
        @{ Command = 'Disable-CsOnlineDialInConferencingUser ashaw@contoso.com -Force -WarningAction SilentlyContinue' }
        @{ Command = '$ConfirmPreference = ''Medium''; Set-CsOnlineDialInConferencingBridge -Name Main -NewName NOAM -Force' }
        @{ Command = '$ConfirmPreference = ''Medium''; Set-CsOnlineDialInConferencingTenantSettings -PinLength 7 -Force' }
        @{ Command = '$ConfirmPreference = ''Medium''; Set-CsTenantMigrationConfiguration -UserRetryLimit 3 -Force' }
    ) {
        # An unattended script written for Microsoft's module; until 2026-12-05 the High-impact three stopped at PowerShell's
        # confirmation (HostFunctionNotImplemented here, InvalidOperation in pwsh -NonInteractive).
        $settings = '(Get-CsOnlineDialInConferencingTenantSettings).PinLength; (Get-CsTenantMigrationConfiguration).UserRetryLimit'
        if ($Setup) { (Invoke-MmRunspace $session $Setup).Errors.Count | Should -Be 0 }
        $settingsBefore = (Invoke-MmRunspace $session $settings).Output -join ','
        $run = Invoke-MmRunspace $session $Command
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        ((Get-SessionSnapshot) -ne $before -or ((Invoke-MmRunspace $session $settings).Output -join ',') -ne $settingsBefore) | Should -BeTrue -Because 'the command must have changed something'

        # -Confirm given with -Force still asks (and cannot here): nothing changes.
        $path = Join-Path $TestDrive ("confirm-{0}.db" -f [guid]::NewGuid().ToString('N'))
        $null = Invoke-MmRunspace $session ('Connect-MeetingMigration -StorePath $path; New-CsOnlineDialInConferencingBridge -Name Main | Out-Null; ' +
            "'+14255550100', '+14255550101' | Register-CsOnlineDialInConferencingServiceNumber -BridgeName Main; " +
            'Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -TollNumber +14255550101') @{ path = $path }
        $fresh = Get-SessionSnapshot
        $asked = Invoke-MmRunspace $session "$Command -Confirm"
        # Until 2026-12-07 PowerShell's own HostFunctionNotImplemented, which names no remedy.
        ($asked.Errors | ForEach-Object FullyQualifiedErrorId) -join ' ' | Should -BeLikeExactly 'ConfirmationRequired,*'
        Get-SessionSnapshot | Should -BeExactly $fresh
    }

    It '<Command> is checked before the question: the run''s error (<ErrorId>), not a question about a change it refuses' -ForEach @(
        # Outside probe AW-F7: Unregister (ConfirmImpact High, so asked by default) asked about a number on no bridge.
        @{ Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550177'; ErrorId = 'ServiceNumberNotOnBridge' }
        @{ Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Europe -Force -Confirm'; ErrorId = 'ServiceNumberNotOnBridge' }
        # Outside probe AX-F7: -Confirm:$false answers the first question only; the second was asked before the check.
        @{ Command = 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550177 -Confirm:$false'; ErrorId = 'ServiceNumberNotOnBridge' }
        @{ Command = '$ConfirmPreference = ''None''; Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Europe'; ErrorId = 'ServiceNumberNotOnBridge' }
        @{ Command = 'Register-CsOnlineDialInConferencingServiceNumber +14255550101 -BridgeName Europe -Confirm'; ErrorId = 'ServiceNumberInUse' }
        @{ Command = '$ConfirmPreference = ''Medium''; Register-CsOnlineDialInConferencingServiceNumber +14255550177 -BridgeName Nowhere'; ErrorId = 'BridgeNotFound' }
    ) {
        $run = Invoke-MmRunspace $session $Command
        ($run.Errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) -join ' ' | Should -BeExactly $ErrorId
        Get-SessionSnapshot | Should -BeExactly $before
    }

    It 'Unregister asks a second question without -Force: a host that cannot ask stops it with ConfirmationRequired naming -Force, and nothing changes' {
        $run = Invoke-MmRunspace $session 'Unregister-CsOnlineDialInConferencingServiceNumber +14255550101 -Confirm:$false'
        @($run.Errors).Count | Should -Be 1 -Because "$($run.Errors -join '; ')"
        # Until 2026-12-05 PowerShell's own HostFunctionNotImplemented (InvalidOperation in pwsh -NonInteractive), which does not name -Force.
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLikeExactly 'ConfirmationRequired,*'
        $run.Errors[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $run.Errors[0].Exception.Message | Should -BeLikeExactly 'Unregister the service number? This session cannot be asked (*); nothing was changed.'
        $run.Errors[0].ErrorDetails.RecommendedAction | Should -BeLikeExactly 'Add -Force to run it without the question*'
        $run.Errors[0].TargetObject | Should -BeExactly '+14255550101'
        Get-SessionSnapshot | Should -BeExactly $before
    }
}
