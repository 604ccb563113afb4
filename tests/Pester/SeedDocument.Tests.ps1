#Requires -Version 7.0
# The commands of Microsoft's MMS documentation (the seed document), each run exactly as written against the built module.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Connect-MeetingMigration -StorePath (Join-Path $TestDrive 'store.db')
    $ns = 'MeetingMigration.PowerShell.Cmdlets.'
    $states = 'Pending', 'InProgress', 'Failed', 'Succeeded'
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Get-CsMeetingMigrationStatus' {
    BeforeEach { $null = Connect-MmFreshStore }

    It '-SummaryOnly lists the four states with zero counts on an empty store' {
        $rows = Get-CsMeetingMigrationStatus -SummaryOnly
        Assert-MmSequence $rows.State $states
        Assert-MmSequence $rows.UserCount @(0, 0, 0, 0)
        foreach ($row in $rows) {
            $row.PSObject.TypeNames | Should -Contain 'MeetingMigration.PowerShell.Output.StateSummary'
            $row.UserCount | Should -BeOfType [int]
        }
    }

    It '-SummaryOnly counts a user queued twice once and changes nothing' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration -Identity bob@contoso.com -WarningAction SilentlyContinue
        $before = Get-MmStoreSnapshot

        $rows = Get-CsMeetingMigrationStatus -SummaryOnly

        Assert-MmSequence $rows.State $states
        Assert-MmSequence $rows.UserCount @(2, 0, 0, 0)
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-StartTime "10/1/2016" -EndTime "10/8/2016" returns nothing; a range around now, or a start only, returns today''s record' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue

        $in2016 = Get-CsMeetingMigrationStatus -StartTime "10/1/2016" -EndTime "10/8/2016" -ErrorVariable err
        @($in2016).Count | Should -Be 0
        $err.Count | Should -Be 0

        $now = Get-CsMeetingMigrationStatus -StartTime ([datetime]::Now.AddHours(-1)) -EndTime ([datetime]::Now.AddHours(1))
        @($now).Count | Should -Be 1
        $now.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'

        # Only a start: everything created since; only an end before today: nothing.
        @(Get-CsMeetingMigrationStatus -StartTime "10/1/2016").Count | Should -Be 1
        @(Get-CsMeetingMigrationStatus -EndTime "10/8/2016").Count | Should -Be 0
    }

    It 'StartTime and EndTime are inclusive on CreateDate, to the tick' {
        $r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru -WarningAction SilentlyContinue
        @(Get-CsMeetingMigrationStatus -StartTime $r.CreateDate -EndTime $r.CreateDate).Count | Should -Be 1
        @(Get-CsMeetingMigrationStatus -StartTime $r.CreateDate.AddTicks(1)).Count | Should -Be 0
        @(Get-CsMeetingMigrationStatus -EndTime $r.CreateDate.AddTicks(-1)).Count | Should -Be 0
        @(Get-CsMeetingMigrationStatus -StartTime $r.CreateDate.AddTicks(-1) -EndTime $r.CreateDate.AddTicks(1)).Count | Should -Be 1
    }

    It 'a time written without a zone is local time' {
        $r = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru -WarningAction SilentlyContinue
        $r.CreateDate.Kind | Should -Be ([DateTimeKind]::Local) -Because 'output times are local, as -StartTime/-EndTime read them'
        # The exact creation instant written as local wall-clock time, with no zone: both bounds hit it.
        $local = $r.CreateDate.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss.fffffff', [cultureinfo]::InvariantCulture)
        if (-not [TimeZoneInfo]::Local.IsAmbiguousTime($r.CreateDate.ToLocalTime())) {
            @(Get-CsMeetingMigrationStatus -StartTime $local -EndTime $local).Count | Should -Be 1
            @(Get-CsMeetingMigrationStatus -StartTime ([datetime]$local).AddTicks(1)).Count | Should -Be 0
        }
        else {
            # In the hour when clocks go back, the wall-clock time names two instants and .NET takes the later one.
            @(Get-CsMeetingMigrationStatus -StartTime ([datetime]$local).AddHours(-1) -EndTime $local).Count | Should -Be 1
        }
    }

    It '<Command> selects that user''s record only' -ForEach @(
        @{ Command = 'Get-CsMeetingMigrationStatus -UserId "ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity "ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus "ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity "AShaw@Contoso.COM"' }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity "sip:ashaw@contoso.com"' }
        @{ Command = 'Get-CsMeetingMigrationStatus -Identity "sip:AShaw@Contoso.com"' }
    ) {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration -Identity bob@contoso.com -WarningAction SilentlyContinue

        $record = Invoke-Expression $Command

        @($record).Count | Should -Be 1
        $record.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        $record.UserId | Should -BeExactly 'ashaw@contoso.com' -Because 'UserId names the user, as the seed document''s Format-Table UserId shows it'
        $record.UserObjectId | Should -BeNullOrEmpty -Because 'the object id is known once the worker has looked the user up'
        "$($record.State)" | Should -BeExactly 'Pending'
        "$($record.MigrationType)" | Should -BeExactly 'ToSameType'
        $record.LastMessage | Should -BeExactly ''
        foreach ($count in 'RetryCount', 'TotalMeeting', 'SucceededMeeting', 'FailedMeeting', 'InvitesUpdate') {
            $record.$count | Should -BeOfType [int] -Because $count
            $record.$count | Should -Be 0 -Because $count
        }
        $record.PSObject.TypeNames | Should -Contain 'MeetingMigration.PowerShell.Output.MeetingMigrationStatus'
    }

    It '-Identity of a user never queued returns nothing and no error' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        $result = Invoke-MmCapture { Get-CsMeetingMigrationStatus -Identity "nobody@contoso.com" }
        $result.Output.Count | Should -Be 0
        $result.Errors.Count | Should -Be 0
    }

    It 'Where {$_.State -eq "Failed"} returns nothing while nothing failed, and Where Pending returns the queued users' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration -Identity bob@contoso.com -WarningAction SilentlyContinue

        @(Get-CsMeetingMigrationStatus | Where {$_.State -eq "Failed"}).Count | Should -Be 0
        @(Get-CsMeetingMigrationStatus | Where {$_.State -eq "Pending"}).Count | Should -Be 2
    }

    It 'records have LastMessage, its LastErrorMessage alias and every property of Microsoft''s status record' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue

        Assert-MmSequence (Get-CsMeetingMigrationStatus | ForEach-Object { $_.LastErrorMessage }) @('')
        Assert-MmSequence (Get-CsMeetingMigrationStatus | ForEach-Object { $_.LastMessage }) @('')
        $s = Get-CsMeetingMigrationStatus
        @($s).Count | Should -Be 1
        $s.PSObject.Properties['LastErrorMessage'] | Should -Not -BeNullOrEmpty
        $s.PSObject.Properties['LastErrorMessage'].MemberType | Should -Be ([System.Management.Automation.PSMemberTypes]::AliasProperty)
        $s.PSObject.Properties['LastMessage'] | Should -Not -BeNullOrEmpty
        # The old names are for scripts that read them; an export does not repeat them as its first columns (outside probe).
        $header = ($s | ConvertTo-Csv -NoTypeInformation)[0] -replace '"', ''
        $header -split ',' | Should -Not -Contain 'LastErrorMessage'
        $header -split ',' | Should -Not -Contain 'Identity'
        ($s | Format-List * | Out-String) | Should -Not -Match '(?m)^LastErrorMessage\s*:'
        $s.Identity | Should -Be $s.UserPrincipalName
        # The property set of Microsoft's MeetingMigrationStatusResponse (documentation sample and format view).
        foreach ($name in 'CorrelationId', 'CreateDate', 'FailedMeeting', 'InvitesUpdate', 'LastMessage', 'MigrationType', 'ModifiedDate',
                          'RetryCount', 'State', 'SucceededMeeting', 'TotalMeeting', 'UserId', 'UserPrincipalName') {
            $s.PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because "$name is a documented property"
        }
        $s.CorrelationId | Should -BeOfType [guid]
        $s.CreateDate.Kind | Should -Be ([DateTimeKind]::Local)
        $s.ModifiedDate.Kind | Should -Be ([DateTimeKind]::Local)
        $s.DueTime.Kind | Should -Be ([DateTimeKind]::Local)
        # What queued it and when it may run (docs/triggers.md): an admin's request is due at once.
        $s.Trigger | Should -BeExactly 'Start-CsExMeetingMigration'
        $s.DueTime | Should -BeOfType [datetime]
        ($s.DueTime - $s.CreateDate).Duration() | Should -BeLessThan ([timespan]::FromSeconds(1))
    }

    It '-State and -MigrationType filter the records and the summary' {
        Start-CsExMeetingMigration a@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration b@contoso.com -TargetMeetingType Teams -WarningAction SilentlyContinue

        @(Get-CsMeetingMigrationStatus -State Pending).Count | Should -Be 2
        @(Get-CsMeetingMigrationStatus -State Succeeded).Count | Should -Be 0
        Assert-MmSequence (Get-CsMeetingMigrationStatus -MigrationType AllToTeams).UserPrincipalName @('b@contoso.com')
        Assert-MmSequence (Get-CsMeetingMigrationStatus -SummaryOnly -State Failed).UserCount @(0, 0, 0, 0)
    }
}

Describe 'A failed migration' {
    BeforeAll {
        # An organizer whose mailbox is on-premises: Graph resolves the user, but Exchange Online (the sandbox, as its own
        # process) hosts no mailbox for them, so the migration run by Start-CsExMeetingMigration -Wait ends Failed with
        # MMS's reason. No retries, so its first attempt is its last: with retries it would be Pending until they are used
        # up, as MMS shows it (Queue.Tests.ps1 covers that).
        $path = Connect-MmFreshStore
        Set-CsTenantMigrationConfiguration -UserRetryLimit 0
        $objectId = '6f1c2b47-8a3e-4c4e-9d5a-3c0f1b2a9e10'
        $reason = 'The mailbox of ashaw@contoso.com is not in Exchange Online (Graph answered MailboxNotEnabledForRESTAPI); ' +
                  'MMS migrates meetings in Exchange Online mailboxes only.'
        # UserRetryLimit 0: the status says no retry comes and what to run (an outside probe: it ended on the reason).
        $noRetry = ' No retry is scheduled: UserRetryLimit is 0 (no automatic retries). Fix the cause, then run Start-CsExMeetingMigration again.'
        Start-CsExMeetingMigration -Identity bob@contoso.com -WarningAction SilentlyContinue   # stays Pending
        Import-Module $SandboxModule -Force
        $sandbox = Start-MmSandbox -Users 0 -Configuration $BuildConfiguration
        try {
            $null = Invoke-MmSandboxControl -Sandbox $sandbox -Path tenant -Method Post -Body @{
                users = @(@{ id = $objectId; userPrincipalName = 'ashaw@contoso.com'; displayName = 'Amy Shaw'; mailboxLocation = 'onPremises' })
            }
            Connect-MeetingMigration -StorePath $path -GraphEndpoint $sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'test-token' -AsPlainText -Force)
            $run = Invoke-MmCapture { Start-CsExMeetingMigration -Identity ashaw@contoso.com -Wait -ProgressAction SilentlyContinue }
            $mailboxRequests = @((Invoke-MmSandboxControl -Sandbox $sandbox -Path stats).mailboxes | Where-Object mailbox -EQ 'ashaw@contoso.com' | ForEach-Object requests)
        }
        finally {
            # Back to a store-only session on the same store (a store-only Connect would keep the Graph connection).
            Disconnect-MeetingMigration
            Stop-MmSandbox $sandbox
            Connect-MeetingMigration -StorePath $path
        }
    }

    It 'Start-CsExMeetingMigration -Wait read the calendar and reported the failure as a MigrationFailed error' {
        $mailboxRequests.Count | Should -Be 1 -Because 'the sandbox counts calls per mailbox'
        $mailboxRequests[0] | Should -BeGreaterThan 0 -Because 'the worker asked Exchange Online for the calendar'
        $run.Output.Count | Should -Be 0
        $run.Terminated | Should -BeFalse
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -BeExactly "MigrationFailed,${ns}StartCsExMeetingMigrationCommand"
        $run.Errors[0].Exception.Message | Should -BeExactly "The migration of ashaw@contoso.com failed: $reason$noRetry"
        $run.Errors[0].ErrorDetails.RecommendedAction | Should -BeExactly 'Fix the cause named above, then run Start-CsExMeetingMigration again.'
    }

    It 'Get-CsMeetingMigrationStatus | Where {$_.State -eq "Failed"} | Format-Table UserId,LastErrorMessage shows the failed user and message' {
        $text = Get-CsMeetingMigrationStatus | Where {$_.State -eq "Failed"} | Format-Table UserId,LastErrorMessage | Out-String -Width 500
        $lines = @($text -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ })
        $lines.Count | Should -Be 3 -Because "the table has a header, a rule and one row for the one failed user:`n$text"
        $lines[0] | Should -Match '^UserId\s+LastErrorMessage$'
        $lines[1] | Should -Match '^-+\s+-+$'
        $lines[2] | Should -BeExactly "ashaw@contoso.com $reason$noRetry" -Because 'MMS shows the user, not the directory object id'
        $text | Should -Not -Match $objectId
        $text | Should -Not -Match 'bob@contoso\.com'
    }

    It 'Where {$_.State -eq "Failed"} returns the failed record with its reason, and the summary counts it' {
        $failed = Get-CsMeetingMigrationStatus | Where {$_.State -eq "Failed"}
        @($failed).Count | Should -Be 1
        $failed.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        $failed.UserId | Should -BeExactly 'ashaw@contoso.com'
        $failed.UserObjectId | Should -Be ([guid]$objectId) -Because 'the worker resolved the user to their directory object id'
        $failed.UserObjectId | Should -BeOfType [guid]
        $failed.LastErrorMessage | Should -BeExactly "$reason$noRetry"
        $failed.LastMessage | Should -BeExactly "$reason$noRetry"
        Assert-MmSequence (Get-CsMeetingMigrationStatus -SummaryOnly).UserCount @(1, 0, 1, 0)
        Assert-MmSequence (Get-CsMeetingMigrationStatus -State Failed).UserPrincipalName @('ashaw@contoso.com')
    }
}

Describe 'Tenant migration configuration' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'Get-CsTenantMigrationConfiguration shows the one Global configuration, enabled' {
        $c = Get-CsTenantMigrationConfiguration
        @($c).Count | Should -Be 1
        $c.Identity | Should -BeExactly 'Global'
        $c.MeetingMigrationEnabled | Should -BeOfType [bool]
        $c.MeetingMigrationEnabled | Should -BeTrue
        $c.PSObject.TypeNames | Should -Contain 'MeetingMigration.PowerShell.Output.TenantMigrationConfiguration'
    }

    It 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false turns migration off, so Start is refused, and $true turns it on' {
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false | Should -BeNullOrEmpty
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeFalse

        $refused = Invoke-MmCapture { Start-CsExMeetingMigration -Identity ashaw@contoso.com }
        $refused.Terminated | Should -BeFalse
        $refused.Errors.Count | Should -Be 1
        $refused.Errors[0].FullyQualifiedErrorId | Should -BeExactly "MigrationDisabled,${ns}StartCsExMeetingMigrationCommand"
        $refused.Errors[0].TargetObject | Should -BeExactly 'ashaw@contoso.com'
        $refused.Errors[0].ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape('Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true'))
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 0

        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true | Should -BeNullOrEmpty
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeTrue
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 1
    }

    It 'Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false leaves the other settings alone' {
        $before = Get-CsTenantMigrationConfiguration | ConvertTo-MmText
        $before | Should -Match 'MeetingMigrationEnabled=True'
        Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $false
        Get-CsTenantMigrationConfiguration | ConvertTo-MmText |
            Should -BeExactly ($before -replace 'MeetingMigrationEnabled=True', 'MeetingMigrationEnabled=False')
    }
}

Describe 'Dial-in conferencing tenant settings' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'Get-CsOnlineDialInConferencingTenantSettings has the 20 documented properties, in order, with their defaults' {
        $s = Get-CsOnlineDialInConferencingTenantSettings
        @($s).Count | Should -Be 1
        $expected = [ordered]@{
            Identity = 'Global'; AllowedDialOutExternalDomains = '{}'; EnableEntryExitNotifications = 'True'
            EntryExitAnnouncementsType = 'UseNames'; EnableNameRecording = 'True'; IncludeTollFreeNumberInMeetingInvites = 'True'
            MaskPstnNumbersType = 'MaskedForExternalUsers'; PinLength = '5'; AllowPSTNOnlyMeetingsByDefault = 'False'
            AutomaticallySendEmailsToUsers = 'True'; SendEmailFromOverride = 'False'; SendEmailFromAddress = '<null>'
            SendEmailFromDisplayName = '<null>'; AutomaticallyReplaceAcpProvider = 'False'; UseUniqueConferenceIds = 'True'
            AutomaticallyMigrateUserMeetings = 'True'; MigrateServiceNumbersOnCrossForestMove = 'False'
            EnableDialOutJoinConfirmation = 'False'; AllowFederatedUsersToDialOutToSelf = 'No'; AllowFederatedUsersToDialOutToThirdParty = 'No'
        }
        Assert-MmSequence $s.PSObject.Properties.Name @($expected.Keys)
        foreach ($name in $expected.Keys) { Format-MmValue $s.$name | Should -BeExactly $expected[$name] -Because $name }
        $s.PinLength | Should -BeOfType [uint32]
    }

    It 'Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false, then $true, changes that setting only' {
        $before = Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText
        $before | Should -Match 'AutomaticallyMigrateUserMeetings=True'

        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false | Should -BeNullOrEmpty
        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText |
            Should -BeExactly ($before -replace 'AutomaticallyMigrateUserMeetings=True', 'AutomaticallyMigrateUserMeetings=False')

        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $true | Should -BeNullOrEmpty
        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText | Should -BeExactly $before
    }

    It '-AutomaticallyMigrateUserMeetings $false is not the tenant-wide switch: Start-CsExMeetingMigration still queues' {
        Set-CsOnlineDialInConferencingTenantSettings -AutomaticallyMigrateUserMeetings $false
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        (Get-CsTenantMigrationConfiguration).MeetingMigrationEnabled | Should -BeTrue
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 1
    }

    It 'the documented Set-CsOnlineDialInConferencingTenantSettings examples set what they name' {
        Set-CsOnlineDialInConferencingTenantSettings -EnableEntryExitNotifications $True -EnableNameRecording $True -PinLength 7
        Set-CsOnlineDialInConferencingTenantSettings -SendEmailFromOverride $true -SendEmailFromAddress admin@contoso.com -SendEmailFromDisplayName "Conferencing Administrator"
        Set-CsOnlineDialInConferencingTenantSettings -EntryExitAnnouncementsType ToneOnly -MaskPstnNumbersType NoMasking -AllowFederatedUsersToDialOutToSelf RequireSameEnterpriseUser -AllowedDialOutExternalDomains fabrikam.com,contoso.com

        $s = Get-CsOnlineDialInConferencingTenantSettings
        $s.PinLength | Should -BeOfType [uint32]
        $s.PinLength | Should -Be 7
        $s.EnableEntryExitNotifications | Should -BeTrue
        $s.EnableNameRecording | Should -BeTrue
        $s.SendEmailFromOverride | Should -BeTrue
        $s.SendEmailFromAddress | Should -BeExactly 'admin@contoso.com'
        $s.SendEmailFromDisplayName | Should -BeExactly 'Conferencing Administrator'
        "$($s.EntryExitAnnouncementsType)" | Should -BeExactly 'ToneOnly'
        "$($s.MaskPstnNumbersType)" | Should -BeExactly 'NoMasking'
        "$($s.AllowFederatedUsersToDialOutToSelf)" | Should -BeExactly 'RequireSameEnterpriseUser'
        "$($s.AllowFederatedUsersToDialOutToThirdParty)" | Should -BeExactly 'No'
        Format-MmValue $s.AllowedDialOutExternalDomains | Should -BeExactly '{fabrikam.com,contoso.com}'
    }

    It 'Remove-CsOnlineDialInConferencingTenantSettings resets them to the defaults' {
        $defaults = Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText
        Set-CsOnlineDialInConferencingTenantSettings -PinLength 9 -AutomaticallyMigrateUserMeetings $false
        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText | Should -Not -BeExactly $defaults

        Remove-CsOnlineDialInConferencingTenantSettings -Force -Confirm:$false | Should -BeNullOrEmpty

        Get-CsOnlineDialInConferencingTenantSettings | ConvertTo-MmText | Should -BeExactly $defaults
    }
}

Describe 'Start-CsExMeetingMigration' {
    BeforeEach { $null = Connect-MmFreshStore }

    It 'queues a Pending request for all meetings, keeping their type, and returns nothing' {
        $started = Invoke-MmCapture { Start-CsExMeetingMigration -Identity ashaw@contoso.com }
        $started.Errors.Count | Should -Be 0
        $started.Output.Count | Should -Be 0

        $record = Get-CsMeetingMigrationStatus
        @($record).Count | Should -Be 1
        $record.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        "$($record.State)" | Should -BeExactly 'Pending'
        "$($record.MigrationType)" | Should -BeExactly 'ToSameType'
        "$($record.SourceMeetingType)" | Should -BeExactly 'All'
        "$($record.TargetMeetingType)" | Should -BeExactly 'Current'
        $record.CreateDate | Should -BeGreaterOrEqual ([datetime]::Now.AddMinutes(-5))
        $record.CreateDate | Should -BeLessOrEqual ([datetime]::Now.AddMinutes(1))
    }

    It 'a second Start merges into the Pending request, and a Teams target widens it' {
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        $first = Get-CsMeetingMigrationStatus

        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue
        $afterSecond = Get-CsMeetingMigrationStatus
        @($afterSecond).Count | Should -Be 1
        $afterSecond.CorrelationId | Should -Be $first.CorrelationId
        Format-MmValue $afterSecond.CreateDate | Should -BeExactly (Format-MmValue $first.CreateDate)
        "$($afterSecond.State)" | Should -BeExactly 'Pending'

        # A merge widens the request: a Teams target for Skype for Business meetings wins (All selects them).
        Start-CsExMeetingMigration -Identity ASHAW@contoso.com -TargetMeetingType Teams -WarningAction SilentlyContinue
        $merged = Get-CsMeetingMigrationStatus
        @($merged).Count | Should -Be 1
        $merged.CorrelationId | Should -Be $first.CorrelationId
        "$($merged.MigrationType)" | Should -BeExactly 'AllToTeams'
        "$($merged.TargetMeetingType)" | Should -BeExactly 'Teams'
        Assert-MmSequence (Get-CsMeetingMigrationStatus -SummaryOnly).UserCount @(1, 0, 0, 0)
    }

    It '-PassThru returns the queued record, the same as Get-CsMeetingMigrationStatus shows' {
        $record = Start-CsExMeetingMigration -Identity ashaw@contoso.com -PassThru -SourceMeetingType SfB -TargetMeetingType Teams -WarningAction SilentlyContinue
        @($record).Count | Should -Be 1
        $record.PSObject.TypeNames | Should -Contain 'MeetingMigration.PowerShell.Output.MeetingMigrationStatus'
        $record.UserPrincipalName | Should -BeExactly 'ashaw@contoso.com'
        "$($record.State)" | Should -BeExactly 'Pending'
        "$($record.MigrationType)" | Should -BeExactly 'SfbToTeams'

        $stored = Get-CsMeetingMigrationStatus
        $record.CorrelationId | Should -Be $stored.CorrelationId
        $record | ConvertTo-MmText | Should -BeExactly ($stored | ConvertTo-MmText)
    }

    It 'the identity is positional, and the documented example queues a Teams migration' {
        Start-CsExMeetingMigration user@contoso.com -WarningAction SilentlyContinue
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -TargetMeetingType Teams -WarningAction SilentlyContinue

        $records = Get-CsMeetingMigrationStatus
        Assert-MmSequence $records.UserPrincipalName @('user@contoso.com', 'ashaw@contoso.com')
        Assert-MmSequence $records.MigrationType @('ToSameType', 'AllToTeams')
    }

    It 'objects with UserPrincipalName or Identity pipe in, return nothing, and are queued Pending' {
        $run = Invoke-MmCapture { @([pscustomobject]@{UserPrincipalName='a@contoso.com'}, [pscustomobject]@{Identity='b@contoso.com'}) | Start-CsExMeetingMigration }
        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 0

        $records = Get-CsMeetingMigrationStatus
        Assert-MmSequence $records.UserPrincipalName @('a@contoso.com', 'b@contoso.com')
        Assert-MmSequence $records.State @('Pending', 'Pending')
    }

    It 'Import-Csv rows pipe in' {
        $csv = Join-Path $TestDrive 'users.csv'
        "UserPrincipalName`na@contoso.com`nb@contoso.com" | Set-Content -Path $csv
        Import-Csv $csv | Start-CsExMeetingMigration -WarningAction SilentlyContinue
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('a@contoso.com', 'b@contoso.com')
    }

    It 'strings pipe in and the sip: prefix is dropped' {
        'c@contoso.com','sip:d@contoso.com' | Start-CsExMeetingMigration -WarningAction SilentlyContinue
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('c@contoso.com', 'd@contoso.com')
        @(Get-CsMeetingMigrationStatus -Identity d@contoso.com).Count | Should -Be 1
    }

    It 'an object id is queued as the UserObjectId and found again in any case' {
        Start-CsExMeetingMigration -Identity 0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f -WarningAction SilentlyContinue
        $record = Get-CsMeetingMigrationStatus -Identity 0F5C3A47-4C9B-4F1E-9A55-1D2B3C4D5E6F
        @($record).Count | Should -Be 1
        $record.UserObjectId | Should -Be ([guid]'0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f')
        $record.UserId | Should -BeExactly '0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f' -Because 'until the worker looks the user up, the address given is all there is'
    }
}

Describe 'Connect-MeetingMigration and Disconnect-MeetingMigration' {
    It 'Connect -PassThru reports the store; Disconnect closes it, and the next command uses the default store' {
        $path = Join-Path $TestDrive 'connect.db'
        $connection = Connect-MeetingMigration -StorePath $path -PassThru
        @($connection).Count | Should -Be 1
        $connection.StorePath | Should -BeExactly ([System.IO.Path]::GetFullPath($path))
        $connection.GraphEndpoint | Should -BeNullOrEmpty
        Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue

        $default = Join-Path $TestDrive 'default.db'
        $savedDefault = $env:MEETINGMIGRATION_STORE_PATH
        $env:MEETINGMIGRATION_STORE_PATH = $default
        try {
            Disconnect-MeetingMigration | Should -BeNullOrEmpty
            if (Test-Path "/proc/$PID/fd") {
                # The store file, its write-ahead log and shared memory are no longer open in this process.
                @(Get-ChildItem "/proc/$PID/fd" -ErrorAction SilentlyContinue | Where-Object { "$($_.LinkTarget)" -like "$path*" }).Count | Should -Be 0
            }
            @(Get-CsMeetingMigrationStatus).Count | Should -Be 0 -Because 'after Disconnect the session opens the (empty) default store'
            (Connect-MeetingMigration -PassThru).StorePath | Should -BeExactly ([System.IO.Path]::GetFullPath($default))
        }
        finally {
            $env:MEETINGMIGRATION_STORE_PATH = $savedDefault
        }

        Connect-MeetingMigration -StorePath $path
        @(Get-CsMeetingMigrationStatus).Count | Should -Be 1 -Because 'the disconnected store kept its request'
    }
}
