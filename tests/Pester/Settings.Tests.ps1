#Requires -Version 7.0
# The settings cmdlets change only what they name, atomically, and take back what Get-* gave out (-Instance) by
# PowerShell's rules: the defects an outside test found (issue 10: lost writes, 'False' read as $true).

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module $ModuleManifest -Force
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'
}

Describe 'Set-* from several sessions at once' {
    It 'keeps every session''s own value: <Command> in one session and <Other> in another, 40 times each' -ForEach @(
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit'; Other = 'Set-CsTenantMigrationConfiguration -StatusRetentionDays'; Read = 'Get-CsTenantMigrationConfiguration'; A = 'UserRetryLimit'; B = 'StatusRetentionDays' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength'; Other = 'Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings'; Read = 'Get-CsOnlineDialInConferencingTenantSettings'; A = 'PinLength'; B = 'AutomaticallyMigrateUserMeetings' }
    ) {
        $store = Join-Path $TestDrive ("race-{0}.db" -f [guid]::NewGuid().ToString('N'))
        Connect-MeetingMigration -StorePath $store
        $work = {
            param($Manifest, $Store, $Line, $Values)
            Import-Module $Manifest
            Connect-MeetingMigration -StorePath $Store
            foreach ($v in $Values) { Invoke-Expression "$Line `$v" }
        }
        $firstValues = if ($A -eq 'PinLength') { @(4..12) * 5 | Select-Object -First 40 } else { 1..40 }
        $secondValues = if ($B -eq 'AutomaticallyMigrateUserMeetings') { @($true, $false) * 20 } else { 101..140 }
        $jobs = @(
            Start-ThreadJob -ScriptBlock $work -ArgumentList $ModuleManifest, $store, $Command, $firstValues
            Start-ThreadJob -ScriptBlock $work -ArgumentList $ModuleManifest, $store, $Other, $secondValues
        )
        $null = $jobs | Wait-Job -Timeout 120
        $null = $jobs | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable jobErrors
        $states = @($jobs | ForEach-Object { "$($_.State)" })
        $jobs | Remove-Job -Force
        Assert-MmSequence $states @('Completed', 'Completed')
        @($jobErrors).Count | Should -Be 0 -Because (@($jobErrors | ForEach-Object { "$_" }) -join '; ')

        $final = & $Read
        $final.$A | Should -Be $firstValues[-1] -Because "the last $A written must survive the other session's writes"
        $final.$B | Should -Be $secondValues[-1] -Because "the last $B written must survive the other session's writes"
    }
}

Describe 'Set-* -Instance' {
    BeforeEach {
        $null = Connect-MmFreshStore
        $before = Get-MmStoreSnapshot
    }

    It 'restores a configuration exported with Export-Csv: False stays false' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false -UserRetryLimit 3
        $csv = Join-Path $TestDrive 'config.csv'
        Get-CsTenantMigrationConfiguration | Export-Csv -Path $csv
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true -UserRetryLimit 9

        Import-Csv $csv | Set-CsTenantMigrationConfiguration

        $restored = Get-CsTenantMigrationConfiguration
        $restored.MeetingMigrationEnabled | Should -BeFalse
        $restored.UserRetryLimit | Should -Be 3
    }

    # Found by an outside probe: every settable property of the object was written back, so an edit of one undid what
    # another session set since the read, turning migration off for the tenant without a word.
    It 'an object Get returned and one property edited writes that property only, keeps what another session set since, and says so' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false -Confirm:$false
        $c = Get-CsTenantMigrationConfiguration
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true -UserRetryLimit 4 -Confirm:$false   # another session
        $c.HorizonDays = 200

        $run = Invoke-MmCapture { $c | Set-CsTenantMigrationConfiguration -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $now = Get-CsTenantMigrationConfiguration
        "$($now.MeetingMigrationEnabled)/$($now.UserRetryLimit)/$($now.HorizonDays)" | Should -BeExactly 'True/4/200'
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLikeExactly "Kept what was set since this object was read: MeetingMigrationEnabled ('False' in this object, 'True' in the store); UserRetryLimit ('9' in this object, '4' in the store). Only the object's edited values are written*give it by name."
    }

    It 'a dial-in settings object edited in one property keeps the domains and PIN length another session set since' {
        $s = Get-CsOnlineDialInConferencingTenantSettings
        Set-CsOnlineDialInConferencingTenantSettings -PinLength 10 -AllowedDialOutExternalDomains fabrikam.com -Confirm:$false
        $s.AutomaticallyMigrateUserMeetings = $false

        $run = Invoke-MmCapture { $s | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $now = Get-CsOnlineDialInConferencingTenantSettings
        $now.AutomaticallyMigrateUserMeetings | Should -BeFalse
        $now.PinLength | Should -Be 10
        Assert-MmSequence $now.AllowedDialOutExternalDomains @('fabrikam.com')
        ($run.Warnings -join "`n") | Should -BeLikeExactly '*AllowedDialOutExternalDomains*PinLength*'
    }

    # Found by the outside re-probe of that fix: after its own Set the object still compared with the values it was first
    # read with, so its next Set wrote back a value it had set before, undoing another session's change since.
    It 'an object set once and edited again writes only the new edit, keeping what another session set after its first Set' {
        $c = Get-CsTenantMigrationConfiguration
        $c.MeetingMigrationEnabled = $false
        $c | Set-CsTenantMigrationConfiguration -Confirm:$false
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true -Confirm:$false   # another admin turns it back on
        $c.HorizonDays = 200

        $run = Invoke-MmCapture { $c | Set-CsTenantMigrationConfiguration -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $now = Get-CsTenantMigrationConfiguration
        "$($now.MeetingMigrationEnabled)/$($now.HorizonDays)" | Should -BeExactly 'True/200'
        ($run.Warnings -join "`n") | Should -BeLikeExactly "*MeetingMigrationEnabled ('False' in this object, 'True' in the store)*"
    }

    # Found by the second re-probe: an edit a named parameter overrode stayed "edited", and the object's next Set wrote it
    # over the named value and another session's change since.
    It 'an edit a named parameter overrode is spent: the object''s next Set leaves that property as another session set it' {
        $c = Get-CsTenantMigrationConfiguration
        $c.UserRetryLimit = 2
        $c | Set-CsTenantMigrationConfiguration -UserRetryLimit 4 -Confirm:$false
        Set-CsTenantMigrationConfiguration -UserRetryLimit 20 -Confirm:$false   # another admin
        $c.HorizonDays = 78

        $run = Invoke-MmCapture { $c | Set-CsTenantMigrationConfiguration -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $now = Get-CsTenantMigrationConfiguration
        "$($now.UserRetryLimit)/$($now.HorizonDays)" | Should -BeExactly '20/78'
        ($run.Warnings -join "`n") | Should -BeLikeExactly "*UserRetryLimit ('2' in this object, '20' in the store)*"
    }

    It 'an object whose edit was set and then edited back writes the value it holds' {
        $c = Get-CsTenantMigrationConfiguration
        $c.UserRetryLimit = 5; $c | Set-CsTenantMigrationConfiguration -Confirm:$false
        $c.UserRetryLimit = 9; $c | Set-CsTenantMigrationConfiguration -Confirm:$false
        (Get-CsTenantMigrationConfiguration).UserRetryLimit | Should -Be 9
    }

    It 'a dial-in object whose sender fields were empty when read keeps the sender another session set since' {
        Remove-CsOnlineDialInConferencingTenantSettings -Force -Confirm:$false
        $s = Get-CsOnlineDialInConferencingTenantSettings
        Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromOverride $true -SendEmailFromAddress b@contoso.com -SendEmailFromDisplayName 'B admin' -Confirm:$false
        $s.PinLength = 6

        $run = Invoke-MmCapture { $s | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $now = Get-CsOnlineDialInConferencingTenantSettings
        "$($now.PinLength)/$($now.SendEmailFromOverride)/$($now.SendEmailFromAddress)/$($now.SendEmailFromDisplayName)" | Should -BeExactly '6/True/b@contoso.com/B admin'
    }

    It 'an unedited dial-in object piped back changes nothing, $null sender fields included' {
        Remove-CsOnlineDialInConferencingTenantSettings -Force -Confirm:$false
        $before = Get-MmStoreSnapshot
        Get-CsOnlineDialInConferencingTenantSettings | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false
        Get-MmStoreSnapshot | Should -BeExactly $before
        (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromAddress | Should -BeNullOrEmpty
        $null -eq (Get-CsOnlineDialInConferencingTenantSettings).SendEmailFromAddress | Should -BeTrue
    }

    It 'an empty or blank sender address or display name is stored as none ($null): <Label>' -ForEach @(
        @{ Label = "-SendEmailFromAddress ''"; Command = { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress '' -Confirm:$false } }
        @{ Label = "-SendEmailFromDisplayName '   '"; Command = { Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromDisplayName '   ' -Confirm:$false } }
        @{ Label = '$null assigned on a Get object'; Command = { $s = Get-CsOnlineDialInConferencingTenantSettings; $s.SendEmailFromAddress = $null; $s.SendEmailFromDisplayName = $null; $s | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false } }
    ) {
        Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromAddress a@contoso.com -SendEmailFromDisplayName 'A admin' -Confirm:$false
        $run = Invoke-MmCapture $Command
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $now = Get-CsOnlineDialInConferencingTenantSettings
        $field = if ($Label -like '*DisplayName*') { 'SendEmailFromDisplayName' } else { 'SendEmailFromAddress' }
        $null -eq $now.$field | Should -BeTrue -Because "$field is '$($now.$field)'"
    }

    It 'a value given by name beside the object is not said to be kept' {
        $c = Get-CsTenantMigrationConfiguration
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false -Confirm:$false
        $run = Invoke-MmCapture { $c | Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true -Confirm:$false }
        $run.Warnings.Count | Should -Be 0 -Because ($run.Warnings -join '; ')
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeTrue
    }

    It 'a named parameter beside the object is written whatever the object held' {
        $c = Get-CsTenantMigrationConfiguration
        Set-CsTenantMigrationConfiguration -UserRetryLimit 4 -Confirm:$false
        $c | Set-CsTenantMigrationConfiguration -UserRetryLimit 9 -Confirm:$false -WarningAction SilentlyContinue
        (Get-CsTenantMigrationConfiguration).UserRetryLimit | Should -Be 9
    }

    It 'an object Get returned and piped back unedited changes nothing' {
        $c = Get-CsTenantMigrationConfiguration
        Set-CsTenantMigrationConfiguration -UserRetryLimit 4 -Confirm:$false
        $after = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { $c | Set-CsTenantMigrationConfiguration -Confirm:$false -PassThru }
        $run.Errors.Count | Should -Be 0
        $run.Output[0].UserRetryLimit | Should -Be 4
        Get-MmStoreSnapshot | Should -BeExactly $after
    }

    It 'restores dial-in settings read back with Import-Clixml, lists included' {
        Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains contoso.com, fabrikam.com -EnableNameRecording $false
        $xml = Join-Path $TestDrive 'dialin.xml'
        Get-CsOnlineDialInConferencingTenantSettings | Export-Clixml -Path $xml
        Remove-CsOnlineDialInConferencingTenantSettings -Confirm:$false -Force

        Import-Clixml $xml | Set-CsOnlineDialInConferencingTenantSettings

        $restored = Get-CsOnlineDialInConferencingTenantSettings
        Assert-MmSequence $restored.AllowedDialOutExternalDomains @('contoso.com', 'fabrikam.com')
        $restored.EnableNameRecording | Should -BeFalse
    }

    It 'a row''s misspelt column is not read and a warning names it; the row''s other columns are written' {
        # Outside probe AR: the misspelt column's edit was dropped without a word.
        $run = Invoke-MmCapture { "PinLength,EnableNameRecordng`n6,False" | ConvertFrom-Csv | Set-CsOnlineDialInConferencingTenantSettings -Force }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        Assert-MmSequence $run.Warnings @("Not read from the object (no such setting): 'EnableNameRecordng'. Check the names against Get-CsOnlineDialInConferencingTenantSettings | Get-Member if they hold values to set.")
        (Get-CsOnlineDialInConferencingTenantSettings).PinLength | Should -Be 6
        $run = Invoke-MmCapture { "HorizonDay`n30" | ConvertFrom-Csv | Set-CsTenantMigrationConfiguration }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidInstance,${ns}SetCsTenantMigrationConfigurationCommand"
        Get-MmErrorMessage $e | Should -BeExactly "-Instance must be tenant migration configuration (as Get-* returns it), not an object with none of its settings (its properties: 'HorizonDay'); nothing was changed."
    }

    It 'a row''s <Name> cell that is not a name lists the names it takes' -ForEach @(
        @{ Name = 'EntryExitAnnouncementsType'; Value = 'Tones' }
        @{ Name = 'MaskPstnNumbersType'; Value = 'Masked' }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { [pscustomobject]@{ $Name = $Value } | Set-CsOnlineDialInConferencingTenantSettings -Force }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsOnlineDialInConferencingTenantSettingsCommand"
        $names = [Enum]::GetNames("MeetingMigration.$Name" -as [type])
        Get-MmErrorMessage $e | Should -BeExactly "$Name cannot be '$Value': give $(($names | Select-Object -SkipLast 1) -join ', ') or $($names[-1]). Nothing was changed."
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'a row''s AllowedDialOutExternalDomains cell lists several domains, separated by semicolons or commas' {
        "AllowedDialOutExternalDomains`n`"a.com; b.com,c.com`"" | ConvertFrom-Csv | Set-CsOnlineDialInConferencingTenantSettings -Force
        Assert-MmSequence (Get-CsOnlineDialInConferencingTenantSettings).AllowedDialOutExternalDomains @('a.com', 'b.com', 'c.com')
    }

    It 'leaves a list that Export-Csv could not write as it is, and says so' {
        Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains contoso.com -PinLength 7
        $csv = Join-Path $TestDrive 'dialin.csv'
        Get-CsOnlineDialInConferencingTenantSettings | Export-Csv -Path $csv

        $run = Invoke-MmCapture { Import-Csv $csv | Set-CsOnlineDialInConferencingTenantSettings }

        $run.Errors.Count | Should -Be 0
        ($run.Warnings -join "`n") | Should -Match 'AllowedDialOutExternalDomains was left as it is'
        Assert-MmSequence (Get-CsOnlineDialInConferencingTenantSettings).AllowedDialOutExternalDomains @('contoso.com')
        (Get-CsOnlineDialInConferencingTenantSettings).PinLength | Should -Be 7
    }

    It 'refuses <Value> for MeetingMigrationEnabled with InvalidSettingValue, naming it, and changes nothing' -ForEach @(
        @{ Value = 'perhaps' }, @{ Value = 'yes' }, @{ Value = '' }, @{ Value = '2021-01-01' }
    ) {
        $instance = [pscustomobject]@{ Identity = 'Global'; MeetingMigrationEnabled = $Value }
        $run = Invoke-MmCapture { $instance | Set-CsTenantMigrationConfiguration }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsTenantMigrationConfigurationCommand"
        $e.Exception.Message | Should -BeLike "*MeetingMigrationEnabled*'$Value'*"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'takes True, False, 1 and 0 as PowerShell''s Boolean parameters do' -ForEach @(
        @{ Value = 'False'; Expected = $false }, @{ Value = ' true '; Expected = $true }, @{ Value = '0'; Expected = $false }, @{ Value = 1; Expected = $true }
    ) {
        [pscustomobject]@{ Identity = 'Global'; MeetingMigrationEnabled = $Value } | Set-CsTenantMigrationConfiguration
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -Be $Expected
    }

    It 'refuses <Name> as an instance with InvalidInstance and changes nothing' -ForEach @(
        @{ Name = 'a string'; Value = 'Global' }
        @{ Name = 'a number'; Value = 42 }
        @{ Name = 'a hashtable'; Value = @{ Identity = 'Global'; MeetingMigrationEnabled = $false } }
        @{ Name = 'an object without any setting'; Value = [pscustomobject]@{ Identity = 'Global'; Colour = 'blue' } }
    ) {
        $run = Invoke-MmCapture { Set-CsTenantMigrationConfiguration -Instance $Value }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidInstance,${ns}SetCsTenantMigrationConfigurationCommand"
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'refuses an instance of another identity with InvalidConfigurationIdentity instead of applying it to Global' {
        $run = Invoke-MmCapture { [pscustomobject]@{ Identity = 'Tenant1'; MeetingMigrationEnabled = $false } | Set-CsTenantMigrationConfiguration }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidConfigurationIdentity,${ns}SetCsTenantMigrationConfigurationCommand"
        $e.TargetObject | Should -BeExactly 'Tenant1'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

# Found by an outside probe: Microsoft types -AllowedDialOutExternalDomains as Object, and scripts edit it with
# @{Add=...}; here the hashtable became the text 'System.Collections.Hashtable', passed as a domain and replaced the list.
Describe 'Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains' {
    BeforeEach {
        $null = Connect-MmFreshStore
        Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains contoso.com, fabrikam.com
    }

    It '<Label> gives <Expected>' -ForEach @(
        @{ Label = '@{Add=...}'; Value = @{ Add = 'northwind.com', 'CONTOSO.com' }; Expected = @('contoso.com', 'fabrikam.com', 'northwind.com') }
        @{ Label = '@{Remove=...}'; Value = @{ Remove = 'Contoso.com' }; Expected = @('fabrikam.com') }
        @{ Label = '@{Replace=...}'; Value = @{ Replace = 'a.example', 'b.example' }; Expected = @('a.example', 'b.example') }
        @{ Label = 'a list'; Value = @('x.example'); Expected = @('x.example') }
        # Domain names are case-insensitive: each is kept once, as first given (an outside audit found all three kept).
        @{ Label = 'a list naming a domain in three cases'; Value = @('a.example', 'A.EXAMPLE', 'a.example'); Expected = @('a.example') }
        @{ Label = '@{Add=...} of one domain twice'; Value = @{ Add = 'n.example', 'N.example' }; Expected = @('contoso.com', 'fabrikam.com', 'n.example') }
        @{ Label = '@{Replace=...} of one domain twice'; Value = @{ Replace = 'B.example', 'b.EXAMPLE' }; Expected = @('B.example') }
        @{ Label = 'an empty CSV cell ("")'; Value = ''; Expected = @() }
        @{ Label = '$null'; Value = $null; Expected = @() }
        # Microsoft's list holds {Domain} items (outside probe: such an object was refused, shown as '').
        @{ Label = 'objects of a Domain'; Value = @([pscustomobject]@{ Domain = 'z.example' }, [pscustomobject]@{ Domain = 'y.example' }); Expected = @('z.example', 'y.example') }
        @{ Label = 'one object of a Domain'; Value = [pscustomobject]@{ Domain = 'v.example' }; Expected = @('v.example') }
        @{ Label = 'one object of a Domain read from JSON'; Value = ('[{"Domain":"u.example"}]' | ConvertFrom-Json); Expected = @('u.example') }
        @{ Label = '@{Add=...} of an object of a Domain'; Value = @{ Add = [pscustomobject]@{ Domain = 'w.example' } }; Expected = @('contoso.com', 'fabrikam.com', 'w.example') }
    ) {
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains $Value }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        Assert-MmSequence @((Get-CsOnlineDialInConferencingTenantSettings).AllowedDialOutExternalDomains) $Expected
    }

    It 'an -Instance object naming a domain in two cases keeps it once' {
        $settings = Get-CsOnlineDialInConferencingTenantSettings
        $settings.AllowedDialOutExternalDomains = @('q.example', 'Q.example')
        $run = Invoke-MmCapture { $settings | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        Assert-MmSequence @((Get-CsOnlineDialInConferencingTenantSettings).AllowedDialOutExternalDomains) @('q.example')
    }

    It 'an -Instance object whose list holds one object of a Domain sets that domain' {
        $row = [pscustomobject]@{ Identity = 'Global'; AllowedDialOutExternalDomains = [pscustomobject]@{ Domain = 't.example' } }
        $run = Invoke-MmCapture { $row | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        Assert-MmSequence @((Get-CsOnlineDialInConferencingTenantSettings).AllowedDialOutExternalDomains) @('t.example')
    }

    It 'a settings row read back with Import-Csv whose AllowedDialOutExternalDomains cell is empty empties the list' {
        $row = [pscustomobject]@{ Identity = 'Global'; AllowedDialOutExternalDomains = ''; PinLength = '6' }
        $run = Invoke-MmCapture { $row | Set-CsOnlineDialInConferencingTenantSettings -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        @((Get-CsOnlineDialInConferencingTenantSettings).AllowedDialOutExternalDomains).Count | Should -Be 0
    }

    It '<Label> is InvalidSettingValue and changes nothing' -ForEach @(
        @{ Label = 'a hashtable with another key'; Value = @{ Append = 'northwind.com' }; Target = 'Append' }
        @{ Label = 'a number'; Value = 5; Target = 5 }
        @{ Label = 'a hashtable adding a name that is not a domain'; Value = @{ Add = 'not a domain' }; Target = 'not a domain' }
        @{ Label = 'an object without a Domain property'; Value = [pscustomobject]@{ Name = 'z.example' }; Says = 'AllowedDialOutExternalDomains cannot be a PSCustomObject without a Domain property; nothing was changed.' }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { Set-CsOnlineDialInConferencingTenantSettings -AllowedDialOutExternalDomains $Value }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidSettingValue,*'
        if ($Says) { $e.Exception.Message | Should -BeExactly $Says } else { $e.TargetObject | Should -Be $Target }
        Get-MmStoreSnapshot | Should -BeExactly $before
    }
}

Describe 'Set-* -Instance through JSON' {
    BeforeEach {
        $null = Connect-MmFreshStore
    }

    # Found by an outside probe: ConvertTo-Json writes RetryWindow and TriggerDelay as objects of their fields, and the
    # round trip was refused ("RetryWindow cannot be ''").
    It 'Get-CsTenantMigrationConfiguration | ConvertTo-Json | ConvertFrom-Json | Set-CsTenantMigrationConfiguration restores every value' {
        Set-CsTenantMigrationConfiguration -RetryWindow 12:30:00 -TriggerDelay 00:07:00 -UserRetryLimit 4 -Confirm:$false
        $json = Get-CsTenantMigrationConfiguration | ConvertTo-Json
        Set-CsTenantMigrationConfiguration -RetryWindow 1.00:00:00 -TriggerDelay 00:05:00 -UserRetryLimit 9 -Confirm:$false

        $run = Invoke-MmCapture { $json | ConvertFrom-Json | Set-CsTenantMigrationConfiguration -Confirm:$false }

        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        $c = Get-CsTenantMigrationConfiguration
        "$($c.RetryWindow)/$($c.TriggerDelay)/$($c.UserRetryLimit)" | Should -BeExactly '12:30:00/00:07:00/4'
    }

    It 'an object that is not a TimeSpan is InvalidSettingValue saying what it is' {
        $instance = [pscustomobject]@{ Identity = 'Global'; RetryWindow = [pscustomobject]@{ Hours = 3 } }
        $run = Invoke-MmCapture { $instance | Set-CsTenantMigrationConfiguration -Confirm:$false }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'InvalidSettingValue,*'
        $e.Exception.Message | Should -BeLikeExactly 'RetryWindow cannot be an object of type PSCustomObject: give a time span such as*'
    }
}

# Found by an outside probe: PowerShell reads '' and blanks as 0, rounds 2.5, and takes a bare number for a TimeSpan as
# ticks. -UserRetryLimit '' turned retries off for the tenant and -TriggerDelay 90 became 9 microseconds, without a word.
Describe 'Set-* whole numbers and time spans, strictly' {
    BeforeEach {
        $null = Connect-MmFreshStore
        $before = Get-MmStoreSnapshot
    }

    It '<Command> <Value> is refused naming the parameter and the value, and changes nothing' -ForEach @(
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit'; Value = "''"; Says = "*'UserRetryLimit'*cannot be empty ('')*give a whole number*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit'; Value = "' '"; Says = "*cannot be empty (' ')*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit'; Value = '$null'; Says = '*cannot be $null: give a whole number*' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit'; Value = '2.5'; Says = "*cannot be '2.5': give a whole number (PowerShell would round it to 2)*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -UserRetryLimit'; Value = "'nine'"; Says = "*cannot be 'nine': give a whole number*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -HorizonDays'; Value = "''"; Says = '*cannot be empty*' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -StatusRetentionDays'; Value = '$true'; Says = "*cannot be 'True' (a Boolean)*" }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength'; Value = "''"; Says = "*'PinLength'*cannot be empty*0 or more*" }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength'; Value = '$null'; Says = '*cannot be $null*' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength'; Value = '7.6'; Says = "*cannot be '7.6'*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -TriggerDelay'; Value = '90'; Says = "*'TriggerDelay'*cannot be the number '90': a number alone is a count of 100-nanosecond ticks*give a time span such as '01:30:00' (90 minutes)*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -RetryWindow'; Value = '5'; Says = '*ticks*' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -RetryWindow'; Value = "'1'"; Says = "*cannot be '1': digits alone are days to .NET*" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -TriggerDelay'; Value = "''"; Says = '*cannot be empty*give a time span*' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -TriggerDelay'; Value = '$null'; Says = '*cannot be $null*' }
        @{ Command = 'Set-CsTenantMigrationConfiguration -TriggerDelay'; Value = "'soon'"; Says = "*cannot be 'soon': it is not a time span*" }
    ) {
        $run = Invoke-MmCapture ([scriptblock]::Create("$Command $Value -Confirm:`$false"))
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeLikeExactly 'ParameterArgumentTransformationError,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        $e.Exception.Message | Should -BeLikeExactly $Says
        $e.Exception.Message | Should -BeLikeExactly '*Nothing was changed.*'
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'the same values in an -Instance object (a CSV row) are InvalidSettingValue and change nothing: <Name> = <Shown>' -ForEach @(
        @{ Name = 'UserRetryLimit'; Value = ''; Shown = "''"; Says = "UserRetryLimit cannot be empty (''): give a whole number. Nothing was changed." }
        @{ Name = 'UserRetryLimit'; Value = 2.5; Shown = '2.5'; Says = "UserRetryLimit cannot be '2.5': give a whole number (PowerShell would round it to 2). Nothing was changed." }
        @{ Name = 'HorizonDays'; Value = ' '; Shown = "' '"; Says = "HorizonDays cannot be empty (' '): give a whole number. Nothing was changed." }
        @{ Name = 'TriggerDelay'; Value = 90; Shown = '90'; Says = "TriggerDelay cannot be the number '90': a number alone is a count of 100-nanosecond ticks*" }
        @{ Name = 'TriggerDelay'; Value = '90'; Shown = "'90'"; Says = "TriggerDelay cannot be '90': digits alone are days to .NET*" }
        @{ Name = 'RetryWindow'; Value = ''; Shown = "''"; Says = 'RetryWindow cannot be empty*' }
    ) {
        $instance = [pscustomobject]@{ Identity = 'Global'; $Name = $Value }
        $run = Invoke-MmCapture { $instance | Set-CsTenantMigrationConfiguration -Confirm:$false }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidSettingValue,${ns}SetCsTenantMigrationConfigurationCommand"
        $e.Exception.Message | Should -BeLikeExactly $Says
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'takes what a whole number or a time span is written as: <Label>' -ForEach @(
        @{ Label = '-UserRetryLimit 3'; Command = { Set-CsTenantMigrationConfiguration -UserRetryLimit 3 -Confirm:$false }; Read = { (Get-CsTenantMigrationConfiguration).UserRetryLimit }; Expected = '3' }
        @{ Label = "-UserRetryLimit '4' (text)"; Command = { Set-CsTenantMigrationConfiguration -UserRetryLimit '4' -Confirm:$false }; Read = { (Get-CsTenantMigrationConfiguration).UserRetryLimit }; Expected = '4' }
        @{ Label = '-UserRetryLimit 5.0'; Command = { Set-CsTenantMigrationConfiguration -UserRetryLimit 5.0 -Confirm:$false }; Read = { (Get-CsTenantMigrationConfiguration).UserRetryLimit }; Expected = '5' }
        @{ Label = '-PinLength ([uint32]8)'; Command = { Set-CsOnlineDialInConferencingTenantSettings -PinLength ([uint32]8) -Confirm:$false }; Read = { (Get-CsOnlineDialInConferencingTenantSettings).PinLength }; Expected = '8' }
        @{ Label = "-TriggerDelay '01:30:00'"; Command = { Set-CsTenantMigrationConfiguration -TriggerDelay '01:30:00' -Confirm:$false }; Read = { (Get-CsTenantMigrationConfiguration).TriggerDelay }; Expected = '01:30:00' }
        @{ Label = '-RetryWindow (New-TimeSpan -Hours 12)'; Command = { Set-CsTenantMigrationConfiguration -RetryWindow (New-TimeSpan -Hours 12) -Confirm:$false }; Read = { (Get-CsTenantMigrationConfiguration).RetryWindow }; Expected = '12:00:00' }
        @{ Label = "a CSV row's '2.00:00:00' and '7'"; Command = { [pscustomobject]@{ Identity = 'Global'; RetryWindow = '2.00:00:00'; UserRetryLimit = '7' } | Set-CsTenantMigrationConfiguration -Confirm:$false }; Read = { $c = Get-CsTenantMigrationConfiguration; "$($c.RetryWindow)/$($c.UserRetryLimit)" }; Expected = '2.00:00:00/7' }
    ) {
        $run = Invoke-MmCapture $Command
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        "$(& $Read)" | Should -BeExactly $Expected
    }
}

# Found by outside probe O: -Tenant was ignored, so a script naming one tenant changed the settings of the tenant its
# session pointed at (a store serves several: Connect-MeetingMigration -StoreTenant).
Describe 'The tenant settings cmdlets'' -Tenant' {
    BeforeAll {
        $script:Mine = [guid]'6f2c0c1e-3a5b-4c7d-8e9f-0a1b2c3d4e5f'
        $script:Other = [guid]'0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a'
        $script:TenantStore = Join-Path $TestDrive 'tenants.db'
    }
    BeforeEach { Connect-MeetingMigration -StorePath $TenantStore -StoreTenant $Mine }
    AfterAll { Disconnect-MeetingMigration }

    It '<Command> with another tenant is TenantMismatch naming both, and changes nothing' -ForEach @(
        @{ Command = 'Set-CsTenantMigrationConfiguration'; Run = { param($t) Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false -Tenant $t } }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings'; Run = { param($t) Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false -Tenant $t } }
        @{ Command = 'Remove-CsOnlineDialInConferencingTenantSettings'; Run = { param($t) Remove-CsOnlineDialInConferencingTenantSettings -Force -Tenant $t } }
        @{ Command = 'Get-CsTenantMigrationConfiguration'; Run = { param($t) Get-CsTenantMigrationConfiguration -Tenant $t } }
        @{ Command = 'Get-CsOnlineDialInConferencingTenantSettings'; Run = { param($t) Get-CsOnlineDialInConferencingTenantSettings -Tenant $t } }
    ) {
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $true -PinLength 7
        $before = (Get-CsTenantMigrationConfiguration | ConvertTo-Json -Compress) + (Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-Json -Compress)

        $failure = { & $Run $Other } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'TenantMismatch,*'
        $failure.Exception.Message | Should -BeLike "*$Other*$Mine*-StoreTenant*"
        $failure.TargetObject | Should -Be $Other
        (Get-CsTenantMigrationConfiguration | ConvertTo-Json -Compress) + (Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-Json -Compress) | Should -Be $before
    }

    It 'the session''s own tenant is taken without a warning' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false -Tenant $Mine -WarningVariable warned -WarningAction SilentlyContinue
        (Get-CsTenantMigrationConfiguration -Tenant $Mine).MeetingMigrationEnabled | Should -BeFalse
        @($warned).Count | Should -Be 0
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true
    }

    It 'a session whose tenant has no id warns that -Tenant was not checked and uses its own tenant' {
        Connect-MeetingMigration -StorePath $TenantStore -StoreTenant contoso.onmicrosoft.com
        Set-CsTenantMigrationConfiguration -UserRetryLimit 7 -Tenant $Other -WarningVariable warned -WarningAction SilentlyContinue
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "-Tenant $Other was not checked*'contoso.onmicrosoft.com'*(Said once per session.)"
        Get-CsTenantMigrationConfiguration -Tenant $Other -WarningVariable again -WarningAction SilentlyContinue | Out-Null
        @($again).Count | Should -Be 0 -Because 'a script passing -Tenant to every call is told once'
        (Get-CsTenantMigrationConfiguration -WarningAction SilentlyContinue).UserRetryLimit | Should -Be 7
        Connect-MeetingMigration -StorePath $TenantStore -StoreTenant $Mine
        (Get-CsTenantMigrationConfiguration).UserRetryLimit | Should -Be 9 -Because 'the default stays in the other tenant'
    }
}
