#Requires -Version 7.0
# -WhatIf and $WhatIfPreference change nothing, for every state-changing cmdlet; without them the same command does.

BeforeDiscovery {
    $script:Commands = @(
        @{ Command = 'Start-CsExMeetingMigration -Identity ashaw@contoso.com' }
        @{ Command = 'Start-CsExMeetingMigration -Identity newuser@contoso.com -TargetMeetingType Teams' }
        @{ Command = "'a@contoso.com','sip:b@contoso.com' | Start-CsExMeetingMigration" }
        @{ Command = 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false' }
        @{ Command = 'Get-CsTenantMigrationConfiguration | ForEach-Object { $_.UserRetryLimit = 3; $_ } | Set-CsTenantMigrationConfiguration' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false' }
        @{ Command = 'Set-CsOnlineDialInConferencingTenantSettings -PinLength 6 -MaskPstnNumbersType NoMasking' }
        @{ Command = 'Remove-CsOnlineDialInConferencingTenantSettings -Force' }
    )
}

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe '<Command>' -ForEach $Commands {
    BeforeEach {
        $null = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Set-CsOnlineDialInConferencingTenantSettings -PinLength 8
        $before = Get-MmStoreSnapshot
    }

    It '-WhatIf changes nothing' {
        Invoke-Expression "$Command -WhatIf" 3>$null 6>$null | Should -BeNullOrEmpty
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '$WhatIfPreference = $true changes nothing' {
        $WhatIfPreference = $true
        try {
            Invoke-Expression $Command 3>$null 6>$null | Should -BeNullOrEmpty
        }
        finally {
            $WhatIfPreference = $false
        }
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'without -WhatIf it changes the store' {
        Invoke-Expression "$Command -Confirm:`$false" 3>$null
        Get-MmStoreSnapshot | Should -Not -BeExactly $before
    }
}
