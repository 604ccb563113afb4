#Requires -Version 7.0
# The commands of Microsoft's MMS documentation, run as written against the built module.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Get-CsMeetingMigrationStatus' {
    BeforeEach { $null = Connect-MmFreshStore }

    It '-SummaryOnly lists the four states with zero counts on an empty store' {
        $rows = Get-CsMeetingMigrationStatus -SummaryOnly
        $rows.State.ForEach({ "$_" }) | Should -Be @('Pending', 'InProgress', 'Failed', 'Succeeded')
        $rows.UserCount | Should -Be @(0, 0, 0, 0)
        $rows[0].PSObject.TypeNames | Should -Contain 'MeetingMigration.Engine.Model.StateSummary'
    }

    It '-SummaryOnly counts users once and changes nothing' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Start-CsExMeetingMigration -Identity bob@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
        (Get-CsMeetingMigrationStatus -SummaryOnly).UserCount | Should -Be @(2, 0, 0, 0)
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-StartTime "10/1/2016" -EndTime "10/8/2016" returns nothing; a range around now returns today''s records' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Get-CsMeetingMigrationStatus -StartTime "10/1/2016" -EndTime "10/8/2016" | Should -BeNullOrEmpty
        $now = Get-CsMeetingMigrationStatus -StartTime (Get-Date).AddHours(-1) -EndTime (Get-Date).AddHours(1)
        @($now).Count | Should -Be 1
        $now.UserPrincipalName | Should -Be 'ashaw@contoso.com'
    }

    It 'StartTime and EndTime are inclusive on CreateDate' {
        $r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru 3>$null
        @(Get-CsMeetingMigrationStatus -StartTime $r.CreateDate -EndTime $r.CreateDate).Count | Should -Be 1
        Get-CsMeetingMigrationStatus -StartTime $r.CreateDate.AddTicks(1) | Should -BeNullOrEmpty
        Get-CsMeetingMigrationStatus -EndTime $r.CreateDate.AddTicks(-1) | Should -BeNullOrEmpty
    }

    It 'a time without a zone is local time' {
        $r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru 3>$null
        $local = $r.CreateDate.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss.fffffff', [cultureinfo]::InvariantCulture)
        @(Get-CsMeetingMigrationStatus -StartTime $local -EndTime $local).Count | Should -Be 1
    }

    It '<Command> selects one user' -ForEach @(
        @{ Command = 'Get-CsMeetingMigrationStatus -UserId "ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity "ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus "ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity "sip:AShaw@Contoso.com"' }
    ) {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Start-CsExMeetingMigration -Identity bob@contoso.com 3>$null
        $record = Invoke-Expression $Command
        @($record).Count | Should -Be 1
        $record.UserPrincipalName | Should -Be 'ashaw@contoso.com'
        $record.UserId | Should -Be 'ashaw@contoso.com'
        "$($record.State)" | Should -Be 'Pending'
        "$($record.MigrationType)" | Should -Be 'ToSameType'
        $record.LastMessage | Should -BeExactly ''
        $record.RetryCount, $record.TotalMeeting, $record.SucceededMeeting, $record.FailedMeeting, $record.InvitesUpdate | Should -Be @(0, 0, 0, 0, 0)
    }

    It 'Where {$_.State -eq "Failed"} returns nothing while nothing failed; LastErrorMessage and LastMessage exist' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        Get-CsMeetingMigrationStatus | Where {$_.State -eq "Failed"} | Should -BeNullOrEmpty
        Get-CsMeetingMigrationStatus | ForEach-Object { $_.LastErrorMessage } | Should -BeExactly ''
        $s = Get-CsMeetingMigrationStatus
        $s.PSObject.Properties['LastErrorMessage'] | Should -Not -BeNullOrEmpty
        $s.PSObject.Properties['LastErrorMessage'].MemberType | Should -Be 'AliasProperty'
        $s.PSObject.Properties['LastMessage'] | Should -Not -BeNullOrEmpty
        foreach ($name in 'CorrelationId', 'CreateDate', 'FailedMeeting', 'InvitesUpdate', 'LastMessage', 'MigrationType', 'ModifiedDate',
                          'RetryCount', 'State', 'SucceededMeeting', 'TotalMeeting', 'UserId', 'UserPrincipalName') {
            $s.PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because "$name is a documented property"
        }
    }
}

Describe 'Tenant migration configuration' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'Get-CsTenantMigrationConfiguration shows Global, enabled' {
        $c = Get-CsTenantMigrationConfiguration
        $c.Identity | Should -Be 'Global'
        $c.MeetingMigrationEnabled | Should -BeTrue
    }

    It 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false, then $true; off refuses Start' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false | Should -BeNullOrEmpty
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeFalse

        Start-CsExMeetingMigration -Identity ashaw@contoso.com -ErrorVariable err -ErrorAction SilentlyContinue 3>$null
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'MigrationDisabled,MeetingMigration.PowerShell.Cmdlets.StartCsExMeetingMigrationCommand'
        $err[0].TargetObject | Should -Be 'ashaw@contoso.com'
        Get-CsMeetingMigrationStatus | Should -BeNullOrEmpty

        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true | Should -BeNullOrEmpty
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeTrue
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 1
    }
}

Describe 'Dial-in conferencing tenant settings' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'has the 20 documented properties with their defaults' {
        $s = Get-CsOnlineDialInConferencingTenantSettings
        $expected = [ordered]@{
            Identity = 'Global'; AllowedDialOutExternalDomains = '{}'; EnableEntryExitNotifications = 'True'
            EntryExitAnnouncementsType = 'UseNames'; EnableNameRecording = 'True'; IncludeTollFreeNumberInMeetingInvites = 'True'
            MaskPstnNumbersType = 'MaskedForExternalUsers'; PinLength = '5'; AllowPSTNOnlyMeetingsByDefault = 'False'
            AutomaticallySendEmailsToUsers = 'True'; SendEmailFromOverride = 'False'; SendEmailFromAddress = '<null>'
            SendEmailFromDisplayName = '<null>'; AutomaticallyReplaceAcpProvider = 'False'; UseUniqueConferenceIds = 'True'
            AutomaticallyMigrateUserMeetings = 'True'; MigrateServiceNumbersOnCrossForestMove = 'False'
            EnableDialOutJoinConfirmation = 'False'; AllowFederatedUsersToDialOutToSelf = 'No'; AllowFederatedUsersToDialOutToThirdParty = 'No'
        }
        $s.PSObject.Properties.Name | Should -Be @($expected.Keys)
        foreach ($name in $expected.Keys) { Format-MmValue $s.$name | Should -BeExactly $expected[$name] -Because $name }
    }

    It '-AutomaticallyMigrateUserMeetings $false, then $true; nothing else changes' {
        $before = Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false | Should -BeNullOrEmpty
        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText |
            Should -BeExactly ($before -replace 'AutomaticallyMigrateUserMeetings=True', 'AutomaticallyMigrateUserMeetings=False')
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $true
        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText | Should -BeExactly $before
    }

    It 'Remove-CsOnlineDialInConferencingTenantSettings resets to the defaults' {
        $defaults = Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText
        Set-CsOnlineDialInConferencingTenantSettings -PinLength 9
        Remove-CsOnlineDialInConferencingTenantSettings -Force -Confirm:$false
        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText | Should -BeExactly $defaults
    }
}

Describe 'Start-CsExMeetingMigration' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'returns nothing and queues a Pending request' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null | Should -BeNullOrEmpty
        $r = Get-CsMeetingMigrationStatus
        @($r).Count | Should -Be 1
        "$($r.State)" | Should -Be 'Pending'
        $r.UserPrincipalName | Should -Be 'ashaw@contoso.com'
    }

    It 'a second Start merges into the Pending request' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $first = Get-CsMeetingMigrationStatus
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $after = Get-CsMeetingMigrationStatus
        @($after).Count | Should -Be 1
        $after.CorrelationId | Should -Be $first.CorrelationId
        "$($after.State)" | Should -Be 'Pending'
    }

    It '-PassThru returns the record' {
        $r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru 3>$null
        $r.PSObject.TypeNames | Should -Contain 'MeetingMigration.PowerShell.Output.MeetingMigrationStatus'
        $r.CorrelationId | Should -Be (Get-CsMeetingMigrationStatus).CorrelationId
    }

    It 'Import-Csv-like objects pipe in by UserPrincipalName and Identity' {
        @([pscustomobject]@{UserPrincipalName='a@contoso.com'}, [pscustomobject]@{Identity='b@contoso.com'}) | Start-CsExMeetingMigration 3>$null
        (Get-CsMeetingMigrationStatus).UserPrincipalName | Should -Be @('a@contoso.com', 'b@contoso.com')
    }

    It 'Import-Csv itself pipes in' {
        $csv = Join-Path $TestDrive 'users.csv'
        "UserPrincipalName`na@contoso.com`nb@contoso.com" | Set-Content -Path $csv
        Import-Csv $csv | Start-CsExMeetingMigration 3>$null
        (Get-CsMeetingMigrationStatus).UserPrincipalName | Should -Be @('a@contoso.com', 'b@contoso.com')
    }

    It 'strings pipe in and sip: is dropped' {
        'c@contoso.com','sip:d@contoso.com' | Start-CsExMeetingMigration 3>$null
        (Get-CsMeetingMigrationStatus).UserPrincipalName | Should -Be @('c@contoso.com', 'd@contoso.com')
    }
}
