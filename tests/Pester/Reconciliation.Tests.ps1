#Requires -Version 7.0
# Find-CsMeetingMigrationStaleMeeting as an admin types it: its output, pipeline binding, its bad input (a stable
# ErrorId, the store unchanged), and, against the sandbox running as its own process, a dial-in change made behind MeetingMigration's back found without writing anything.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    $ns = 'MeetingMigration.PowerShell.Cmdlets.FindCsMeetingMigrationStaleMeetingCommand'

    # Connected to Graph without a Graph behind it: enough for everything that is refused before Graph is asked
    # (an AccessToken connection signs nobody in, so nothing listens on this port and nothing needs to).
    function Connect-MmUnreachableGraph {
        param([string] $StorePath)
        Connect-MeetingMigration -StorePath $StorePath -GraphEndpoint 'http://127.0.0.1:9/v1.0' -AccessToken (ConvertTo-SecureString 'unused' -AsPlainText -Force)
    }

}

AfterAll {
    Disconnect-MeetingMigration
}

# Parameters, sets, ShouldProcess and output type are in Contract.Tests.ps1, its help in Help.Tests.ps1.
Describe 'Find-CsMeetingMigrationStaleMeeting: output' {
    It 'has a UserPrincipalName property, which Start-CsExMeetingMigration -Identity binds by name' {
        $type = (Get-Command Find-CsMeetingMigrationStaleMeeting -Module MeetingMigration).OutputType[0].Type
        Assert-MmSequence -Actual ($type.GetProperties().Name | Sort-MmOrdinal) -Expected @('Action', 'EventId', 'MeetingKind', 'StartUtc', 'Subject', 'UserPrincipalName')
        # The property Start-CsExMeetingMigration -Identity binds by name, and no second one (UserId) that would also bind.
        (Get-Command Start-CsExMeetingMigration -Module MeetingMigration).Parameters['Identity'].Aliases | Should -Contain 'UserPrincipalName'
    }
}

Describe 'Find-CsMeetingMigrationStaleMeeting: pipeline binding' {
    BeforeEach {
        Connect-MmUnreachableGraph -StorePath (Join-Path $TestDrive ("store-{0}.db" -f [guid]::NewGuid().ToString('N')))
    }

    # A malformed value is refused before Graph is asked, naming the value that reached -Identity: this shows the binding.
    It 'binds <Name> to -Identity' -ForEach @(
        @{ Name = 'a string, by value'; Make = { 'not-an-address' } }
        @{ Name = 'an object''s UserPrincipalName, by property name'; Make = { [pscustomobject]@{ UserPrincipalName = 'not-an-address' } } }
        @{ Name = 'an object''s SipAddress, by property name'; Make = { [pscustomobject]@{ SipAddress = 'not-an-address' } } }
        @{ Name = 'an object''s Identity, by property name'; Make = { [pscustomobject]@{ Identity = 'not-an-address' } } }
    ) {
        $item = & $Make
        $run = Invoke-MmCapture { $item | Find-CsMeetingMigrationStaleMeeting }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
        $e.TargetObject | Should -BeExactly 'not-an-address'
        $run.Terminated | Should -BeFalse
    }

    It 'takes each of several piped users in turn: every bad one is its own error' {
        $run = Invoke-MmCapture { 'a@@b', 'not-an-address', 'a@b..c' | Find-CsMeetingMigrationStaleMeeting }
        $run.Terminated | Should -BeFalse
        Assert-MmSequence -Actual ($run.NonTerminatingErrors | ForEach-Object { $_.FullyQualifiedErrorId }) -Expected @("InvalidIdentity,$ns", "InvalidIdentity,$ns", "InvalidIdentity,$ns")
        Assert-MmSequence -Actual ($run.NonTerminatingErrors | ForEach-Object TargetObject) -Expected @('a@@b', 'not-an-address', 'a@b..c')
    }

    It 'does not take pipeline input with -All (the item is refused, as PowerShell refuses an item nothing binds)' {
        $run = Invoke-MmCapture { 'ashaw@contoso.com' | Find-CsMeetingMigrationStaleMeeting -All }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "InputObjectNotBound,$ns"
        $run.Output.Count | Should -Be 0
    }
}

Describe 'Find-CsMeetingMigrationStaleMeeting refuses bad input and changes nothing' {
    BeforeEach {
        # A store-only Connect keeps an earlier Graph connection; Disconnect drops it.
        Disconnect-MeetingMigration
        $store = Connect-MmFreshStore
        Start-CsExMeetingMigration -Identity ashaw@contoso.com 3>$null
        $before = Get-MmStoreSnapshot
    }

    It 'without a Graph connection is a terminating NotConnected, for <Name>' -ForEach @(
        @{ Name = '-Identity'; Run = { Find-CsMeetingMigrationStaleMeeting -Identity ashaw@contoso.com } }
        @{ Name = '-All'; Run = { Find-CsMeetingMigrationStaleMeeting -All } }
        @{ Name = 'pipeline input'; Run = { 'ashaw@contoso.com', 'bob@contoso.com' | Find-CsMeetingMigrationStaleMeeting } }
    ) {
        $run = Invoke-MmCapture $Run
        $run.Terminated | Should -BeTrue
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "NotConnected,$ns"
        $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidOperation)
        $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*Connect-MeetingMigration*'
        $run.Output.Count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    Context 'connected' {
        BeforeEach {
            Connect-MmUnreachableGraph -StorePath $store
        }

        It 'a malformed -Identity <Name> is a non-terminating InvalidIdentity with the value as TargetObject' -ForEach @(
            @{ Name = "'not-an-address'"; Value = 'not-an-address' }
            @{ Name = "'a@@b'"; Value = 'a@@b' }
            @{ Name = "'' (empty)"; Value = '' }
            @{ Name = 'with a NUL'; Value = "ashaw$([char]0)@contoso.com" }
            @{ Name = "'a<b>@contoso.com'"; Value = 'a<b>@contoso.com' }
        ) {
            $run = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting -Identity $Value }
            $run.Terminated | Should -BeFalse
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
            $e.TargetObject | Should -BeExactly $Value
            $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly "Give the user's UPN (ashaw@contoso.com)*"
            $run.Output.Count | Should -Be 0
            Get-MmStoreSnapshot | Should -BeExactly $before
        }

        It 'no user at all (neither -Identity, nor pipeline input, nor -All) is a terminating InvalidIdentity' {
            $run = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting }
            $run.Terminated | Should -BeTrue
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
            $e.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*-All*'
            Get-MmStoreSnapshot | Should -BeExactly $before
        }

        It '-DelayBetweenUsers <Value> is refused by the binder (ParameterArgumentValidationError)' -ForEach @(
            @{ Value = '-00:00:01' }
            @{ Value = '2.00:00:00' }
        ) {
            $delay = [timespan]::Parse($Value, [cultureinfo]::InvariantCulture)
            $run = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting -Identity ashaw@contoso.com -DelayBetweenUsers $delay }
            $run.Terminated | Should -BeTrue
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentValidationError,$ns"
            $e.Exception.ParameterName | Should -BeExactly 'DelayBetweenUsers'
            Get-MmStoreSnapshot | Should -BeExactly $before
        }

        It '-All with -Identity is a binder error (AmbiguousParameterSet)' {
            $run = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting -All -Identity ashaw@contoso.com }
            $run.Terminated | Should -BeTrue
            (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "AmbiguousParameterSet,$ns"
            Get-MmStoreSnapshot | Should -BeExactly $before
        }
    }
}

Describe 'Find-CsMeetingMigrationStaleMeeting against Exchange Online over HTTP' {
    BeforeAll {
        Import-Module $SandboxModule -Force
        $script:Sandbox = Start-MmSandbox -Users 4 -MeetingsPerUser 16 -Seed 7 -Configuration $BuildConfiguration
        $expectations = @(Get-Content -Raw $Sandbox.ExpectationsFile | ConvertFrom-Json)
        # An organizer whose Teams meetings all migrate cleanly (no block to refuse, a mailbox in Exchange Online).
        $script:Upn = @((Import-Csv $Sandbox.UsersFile).UserPrincipalName | Where-Object {
                $mine = @($expectations | Where-Object mailbox -eq $_)
                @($mine | Where-Object { $_.outcome -eq 'migrate' -and $_.kind -eq 'teams' }).Count -gt 0 -and
                @($mine | Where-Object { $_.outcome -in 'failAmbiguous', 'skipOnPremisesMailbox' }).Count -eq 0
            })[0]
        $mine = @($expectations | Where-Object { $_.mailbox -eq $Upn -and $_.outcome -eq 'migrate' })
        $script:TeamsSubjects = @($mine | Where-Object kind -eq 'teams' | ForEach-Object subject | Sort-Object -Unique)
        $script:SkypeCount = @($mine | Where-Object kind -ne 'teams').Count

        $script:Store = Join-Path $TestDrive 'reconcile.db'
        Connect-MeetingMigration -StorePath $Store -GraphEndpoint $Sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'pester' -AsPlainText -Force)
        # The user's Teams meetings made current first: generated blocks carry an older conference ID.
        $script:Migrated = Start-CsExMeetingMigration -Identity $Upn -SourceMeetingType Teams -Wait -PassThru
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path stats/reset -Method Post
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path notifications -Method Delete
    }
    AfterAll {
        Disconnect-MeetingMigration
        if ($Sandbox) { Stop-MmSandbox $Sandbox }
    }

    It 'starts from a user whose Teams meetings were just migrated' {
        $Upn | Should -Not -BeNullOrEmpty -Because 'the seeded tenant must have an organizer with Teams meetings to migrate'
        $TeamsSubjects.Count | Should -BeGreaterThan 0
        $SkypeCount | Should -BeGreaterThan 0 -Because 'the seeded organizer must also have Skype for Business meetings, whose check needs a stored link'
        "$($Migrated.State)" | Should -BeExactly 'Succeeded' -Because $Migrated.LastMessage
    }

    It 'finds no stale Teams meeting then; Skype meetings without a stored link are a warning, not output' {
        $run = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting -Identity $Upn }
        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 0
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLike "$Upn*: $SkypeCount meeting(s) could not be checked*no Skype for Business meeting link in the store*"
    }

    # Found by outside probe AB: a Teams meeting booked after a migration, whose block Exchange wrote with the current details
    # in its own layout, was reported stale, and Find | Start mailed its attendees the same details again.
    It 'does not report a Teams meeting booked in Outlook since (Exchange''s layout, the current details)' {
        $booked = @{
            subject = $TeamsSubjects[0]; body = @{ contentType = 'html'; content = '<html><body><p>Agenda</p></body></html>' }
            start = @{ dateTime = (Get-Date).ToUniversalTime().AddDays(9).ToString('yyyy-MM-ddT10:00:00', [cultureinfo]::InvariantCulture); timeZone = 'UTC' }
            end = @{ dateTime = (Get-Date).ToUniversalTime().AddDays(9).ToString('yyyy-MM-ddT10:30:00', [cultureinfo]::InvariantCulture); timeZone = 'UTC' }
            isOnlineMeeting = $true; onlineMeetingProvider = 'teamsForBusiness'
            attendees = @(@{ type = 'required'; emailAddress = @{ address = 'guest@fabrikam.com' } })
        }
        $new = Invoke-RestMethod -Method Post -Uri "$($Sandbox.GraphUrl)/users/$Upn/events" -Headers @{ Authorization = 'Bearer pester' } -ContentType 'application/json' -Body ($booked | ConvertTo-Json -Depth 6)
        $new.body.content | Should -Match 'teams\.microsoft\.com' -Because 'the sandbox writes the Teams block as Exchange does'

        $run = Invoke-MmCapture { Find-CsMeetingMigrationStaleMeeting -Identity $Upn -WarningAction SilentlyContinue }

        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 0
        # The booking itself is a write and mails its invitation: the next test counts what Find does from here.
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path stats/reset -Method Post
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path notifications -Method Delete
    }

    It 'after the coordinates change in the admin center (PUT users/{upn}/conferencing), lists exactly the Teams meetings and writes nothing' {
        $null = Invoke-MmSandboxControl -Sandbox $Sandbox -Path "users/$Upn/conferencing" -Method Put -Body @{
            conferenceId = '3344556'; tollNumber = '+1 206 555 0133'; tollFreeNumbers = @('+1 888 555 0133'); dialInUrl = 'https://dialin.teams.microsoft.com/pester'
        }
        $before = Get-MmStoreSnapshot

        $script:Found = @(Find-CsMeetingMigrationStaleMeeting -Identity $Upn -WarningAction SilentlyContinue)

        $Found.Count | Should -BeGreaterThan 0
        $Found | ForEach-Object { $_ | Should -BeOfType ([MeetingMigration.PowerShell.Output.MeetingMigrationStaleMeeting]) }
        Assert-MmSequence -Actual ($Found | ForEach-Object UserPrincipalName | Sort-Object -Unique) -Expected @($Upn)
        Assert-MmSequence -Actual ($Found | ForEach-Object { "$($_.MeetingKind)" } | Sort-Object -Unique) -Expected @('Teams')
        Assert-MmSequence -Actual ($Found | ForEach-Object Subject | Sort-Object -Unique) -Expected $TeamsSubjects
        $stats = Invoke-MmSandboxControl -Sandbox $Sandbox -Path stats
        ($stats.mailboxes | Measure-Object writes -Sum).Sum | Should -Be 0
        (Invoke-MmSandboxControl -Sandbox $Sandbox -Path notifications).count | Should -Be 0
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    # Found by outside probe AB: status records piped in (one per request) had a user read and reported once per record.
    It 'checks a user named again in the pipeline once, and reports each stale meeting once' {
        $run = Invoke-MmCapture { $Upn, $Upn.ToUpperInvariant(), "sip:$Upn" | Find-CsMeetingMigrationStaleMeeting -WarningAction SilentlyContinue -Verbose 4>&1 }

        $rows = @($run.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $rows.Count | Should -Be $Found.Count
        @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*checked already by this command*' }).Count | Should -Be 2
    }

    It 'shows StartUtc as the other views show times, in any culture (<_>)' -ForEach 'th-TH', 'ar-SA', 'en-US' {
        # PowerShell's default wrote it in the session's calendar, without a zone (5/11/2569 14:30:00: an outside probe).
        $row = $Found[0]
        $saved = [cultureinfo]::CurrentCulture
        [cultureinfo]::CurrentCulture = $_
        try { $text = $row | Out-String -Width 120 }
        finally { [cultureinfo]::CurrentCulture = $saved }

        $expected = $row.StartUtc.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture) + 'Z'
        $text | Should -Match ('(?m)^StartUtc\s+: ' + [regex]::Escape($expected) + '\s*$') -Because $text
    }

    It 'piped to Start-CsExMeetingMigration, queues the user once' {
        $Found.Count | Should -BeGreaterThan 1 -Because 'several rows of one user must still make one request'
        $Found | Start-CsExMeetingMigration
        $pending = @(Get-CsMeetingMigrationStatus -State Pending)
        $pending.Count | Should -Be 1
        $pending[0].UserPrincipalName | Should -BeExactly $Upn
    }
}
