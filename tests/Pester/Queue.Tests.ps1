#Requires -Version 7.0
# Queue management as an admin types it: Stop-CsMeetingMigration takes Pending requests out of the queue (by user, or by
# the CorrelationId of piped status records), refuses what is not queued with stable ErrorIds, and a failed user is
# retried in bulk with Get-CsMeetingMigrationStatus -State Failed | Start-CsExMeetingMigration.
# Its parameters are in Contract.Tests.ps1, -WhatIf in WhatIf.Tests.ps1, its help in Help.Tests.ps1.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    $ns = 'MeetingMigration.PowerShell.Cmdlets.StopCsMeetingMigrationCommand'
}

AfterAll {
    Disconnect-MeetingMigration
}

Describe 'Stop-CsMeetingMigration on Pending requests' {
    BeforeEach {
        Disconnect-MeetingMigration
        $null = Connect-MmFreshStore
        'ashaw@contoso.com', 'bob@contoso.com', 'carol@contoso.com' | Start-CsExMeetingMigration -WarningAction SilentlyContinue
    }

    It '-Identity removes the user''s Pending request from the queue and leaves the others' {
        $run = Invoke-MmCapture { Stop-CsMeetingMigration -Identity ashaw@contoso.com }
        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 0
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('bob@contoso.com', 'carol@contoso.com')
    }

    It 'a user''s address piped by value binds to -Identity' {
        'bob@contoso.com' | Stop-CsMeetingMigration
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('ashaw@contoso.com', 'carol@contoso.com')
    }

    It 'status records piped in bind their CorrelationId: exactly the listed requests are stopped' {
        $listed = @(Get-CsMeetingMigrationStatus | Where-Object UserPrincipalName -NE 'bob@contoso.com')
        $verbose = $listed | Stop-CsMeetingMigration -Verbose 4>&1
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('bob@contoso.com')
        # ShouldProcess writes its own "Performing the operation" line to Verbose too; the cmdlet's lines say what was done.
        Assert-MmSequence ($verbose | ForEach-Object Message | Where-Object { $_ -like 'Removed *' }) ($listed | ForEach-Object { "Removed the Pending request $($_.CorrelationId) of $($_.UserPrincipalName) from the queue." })
    }

    # Found by an outside probe: rows of Import-Csv hold the CorrelationId as text, so PowerShell bound each whole row, as
    # text, to -Identity (the binder converts types only after it has tried every binding without), and nothing stopped.
    It 'status records round-tripped through a CSV: the CorrelationId column binds, and exactly the rows listed are stopped' {
        $csv = Join-Path $TestDrive 'pending.csv'
        Get-CsMeetingMigrationStatus | Where-Object UserPrincipalName -NE 'bob@contoso.com' | Export-Csv $csv
        $run = Invoke-MmCapture { Import-Csv $csv | Stop-CsMeetingMigration -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('bob@contoso.com')
    }

    # Found by an outside probe of bulk scripting: the users.csv a Start took (a UserPrincipalName column, no CorrelationId)
    # was bound whole, as text, to -Identity, and every row failed. -Identity now binds the row's user by property name;
    # a row with a CorrelationId still binds that (the default parameter set), so exactly the listed requests are stopped.
    It 'the users.csv a Start took (UserPrincipalName, no CorrelationId) stops those users'' queued requests' {
        $csv = Join-Path $TestDrive 'users.csv'
        @([pscustomobject]@{ UserPrincipalName = 'ashaw@contoso.com'; Note = 'wave 1' }, [pscustomobject]@{ UserPrincipalName = 'carol@contoso.com'; Note = 'wave 1' }) | Export-Csv $csv
        $run = Invoke-MmCapture { Import-Csv $csv | Stop-CsMeetingMigration -Confirm:$false }
        $run.Errors.Count | Should -Be 0 -Because ($run.Errors -join '; ')
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('bob@contoso.com')
    }

    # Found by an outside probe: such a row used to fall back to the row's UserPrincipalName (PowerShell's binder tries the
    # other parameter set when a column cannot be converted) and acted on every request of that user.
    It 'a row whose CorrelationId is not a GUID is refused naming the value, and a row with neither is InvalidIdentity saying what to pass; nothing changes' {
        $csv = Join-Path $TestDrive 'edited.csv'
        Get-CsMeetingMigrationStatus -Identity bob@contoso.com | Export-Csv $csv
        (Get-Content $csv -Raw) -replace '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'not-a-guid' | Set-Content $csv
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture { Import-Csv $csv | Stop-CsMeetingMigration -Confirm:$false }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,$ns"
        $e.Exception.Message | Should -BeLike "*'not-a-guid' is not a CorrelationId*for a piped row, leave its CorrelationId column out*"
        Get-MmStoreSnapshot | Should -BeExactly $before
        # Quoted as every value the module quotes: a cell's ESC and U+202E reached the console raw (outside probe AN).
        $run = Invoke-MmCapture { [pscustomobject]@{ CorrelationId = "x$([char]27)]0;t$([char]7)$([char]0x202E)y" } | Stop-CsMeetingMigration -Confirm:$false }
        (Get-MmSingleError $run).Exception.Message | Should -BeLike "*'x\u001B]0;t\u0007\u202Ey' is not a CorrelationId*"
        Get-MmStoreSnapshot | Should -BeExactly $before
        # A null one too (a JSON null, Select-Object adding a column the object lacks): a second probe found it still fell back.
        $run = Invoke-MmCapture { '[{"UserPrincipalName":"bob@contoso.com","CorrelationId":null}]' | ConvertFrom-Json | Stop-CsMeetingMigration -Confirm:$false }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "ParameterArgumentTransformationError,$ns"
        Get-MmStoreSnapshot | Should -BeExactly $before

        $run = Invoke-MmCapture { [pscustomobject]@{ Mailbox = 'carol@contoso.com' } | Stop-CsMeetingMigration -Confirm:$false }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
        $e.Exception.Message | Should -BeLike '*is not a valid user identity: it is a whole piped object as text*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-Identity { $_.UserPrincipalName }*bind a CorrelationId property by itself when it holds a GUID*'
        Get-MmStoreSnapshot | Should -BeExactly $before

        # A hashtable (its keys are not properties the binder reads) and any other object are said to be the same mistake.
        foreach ($piped in @(@{ Identity = 'carol@contoso.com' }), (Get-Process -Id $PID)) {
            $run = Invoke-MmCapture { $piped | Stop-CsMeetingMigration -Confirm:$false }
            $e = Get-MmSingleError $run
            $e.FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
            $e.Exception.Message | Should -BeLike '*is not a valid user identity: it is a whole piped object as text*'
            $e.ErrorDetails.RecommendedAction | Should -BeLike '*pipe `[pscustomobject`]@{ Identity = *'
        }
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It '-CorrelationId stops that request; a second stop finds it gone (RequestNotFound)' {
        $id = (Get-CsMeetingMigrationStatus -Identity carol@contoso.com).CorrelationId
        Stop-CsMeetingMigration -CorrelationId $id
        $run = Invoke-MmCapture { Stop-CsMeetingMigration -CorrelationId $id }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "RequestNotFound,$ns"
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.TargetObject | Should -Be $id
        $run.Terminated | Should -BeFalse
    }

    It 'refuses <Name> with <ErrorId>, non-terminating, and changes nothing' -ForEach @(
        @{ Name = 'a malformed address'; ErrorId = 'InvalidIdentity'; Target = 'not-an-address'; Run = { Stop-CsMeetingMigration -Identity 'not-an-address' } }
        @{ Name = 'a user with no request'; ErrorId = 'RequestNotFound'; Target = 'nobody@contoso.com'; Run = { Stop-CsMeetingMigration -Identity nobody@contoso.com } }
        @{ Name = 'an unknown CorrelationId'; ErrorId = 'RequestNotFound'; Target = '0b9f7c1e-0000-4000-8000-000000000001'; Run = { Stop-CsMeetingMigration -CorrelationId 0b9f7c1e-0000-4000-8000-000000000001 } }
        # Outside probe AO: -WhatIf promised to stop a request there was not.
        @{ Name = 'an unknown CorrelationId under -WhatIf'; ErrorId = 'RequestNotFound'; Target = '0b9f7c1e-0000-4000-8000-000000000001'; Run = { Stop-CsMeetingMigration -CorrelationId 0b9f7c1e-0000-4000-8000-000000000001 -WhatIf } }
    ) {
        $before = Get-MmStoreSnapshot
        $run = Invoke-MmCapture $Run
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$ns"
        "$($e.TargetObject)" | Should -BeExactly $Target
        $run.Terminated | Should -BeFalse
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'one bad address among several piped does not stop the others' {
        $run = Invoke-MmCapture { 'ashaw@contoso.com', 'not-an-address', 'bob@contoso.com' | Stop-CsMeetingMigration }
        (Get-MmSingleError $run).FullyQualifiedErrorId | Should -BeExactly "InvalidIdentity,$ns"
        Assert-MmSequence (Get-CsMeetingMigrationStatus).UserPrincipalName @('carol@contoso.com')
    }
}

Describe 'Failed requests: Stop cancels the retry, and Start retries failed users in bulk' {
    BeforeAll {
        # As in SeedDocument.Tests.ps1: a user whose mailbox is on-premises fails with a retry scheduled, against the sandbox
        # run as its own process; then the session goes back to the store alone.
        Disconnect-MeetingMigration
        $path = Connect-MmFreshStore
        $objectId = '6f1c2b47-8a3e-4c4e-9d5a-3c0f1b2a9e10'
        Import-Module $SandboxModule -Force
        $sandbox = Start-MmSandbox -Users 0 -Configuration $BuildConfiguration
        try {
            $null = Invoke-MmSandboxControl -Sandbox $sandbox -Path tenant -Method Post -Body @{
                users = @(
                    @{ id = $objectId; userPrincipalName = 'ashaw@contoso.com'; displayName = 'Amy Shaw'; mailboxLocation = 'onPremises' }
                    @{ id = '7a2d3c58-9b4f-4d5f-8e6b-4d1f2c3b0f21'; userPrincipalName = 'bob@contoso.com'; displayName = 'Bob'; mailboxLocation = 'onPremises' }
                )
            }
            Connect-MeetingMigration -StorePath $path -GraphEndpoint $sandbox.GraphUrl -AccessToken (ConvertTo-SecureString 'test-token' -AsPlainText -Force)
            $script:firstAttempts = Invoke-MmCapture { 'ashaw@contoso.com', 'bob@contoso.com' | ForEach-Object { Start-CsExMeetingMigration -Identity $_ -Wait -ProgressAction SilentlyContinue } }
        }
        finally {
            Disconnect-MeetingMigration
            Stop-MmSandbox $sandbox
            Connect-MeetingMigration -StorePath $path
        }
    }

    # As MMS: a request is Failed only once its retries are used up; between them it is Pending, with the reason and the
    # retry's time. Until 2026-12-05 these showed Failed, so -State Failed listed users the service was still working on.
    It 'both users wait for a retry: -Wait said MigrationFailed and when the retry comes; Pending with the reason and NextRetryTime, none Failed' {
        $firstAttempts.Errors.Count | Should -Be 2
        foreach ($e in $firstAttempts.Errors) {
            $e.FullyQualifiedErrorId | Should -BeExactly 'MigrationFailed,MeetingMigration.PowerShell.Cmdlets.StartCsExMeetingMigrationCommand'
            $e.Exception.Message | Should -BeLikeExactly '*not in Exchange Online* Retry 1 is scheduled for *; the request is Pending until then.'
            $e.ErrorDetails.RecommendedAction | Should -BeExactly 'Fix the cause named above; the scheduled retry then runs. To retry now, run Start-CsExMeetingMigration again: its new request replaces the scheduled retry.'
        }
        @(Get-CsMeetingMigrationStatus -State Failed).Count | Should -Be 0
        $waiting = @(Get-CsMeetingMigrationStatus -State Pending)
        Assert-MmSequence $waiting.UserPrincipalName @('ashaw@contoso.com', 'bob@contoso.com')
        foreach ($request in $waiting) {
            $request.NextRetryTime | Should -Not -BeNullOrEmpty
            $request.DueTime | Should -Be $request.NextRetryTime
            $request.LastMessage | Should -BeLikeExactly '*not in Exchange Online*'
        }
        # The 80-column table tells them apart from requests that have not run.
        $table = @((Get-CsMeetingMigrationStatus | Format-Table | Out-String -Width 80) -split '\r?\n' | Where-Object { $_ -match '@contoso' })
        $table.Count | Should -Be 2
        $table | ForEach-Object { $_ | Should -Match '^\S+@contoso\.com\s+Pending \(retry\)\s' }
        $summary = Get-CsMeetingMigrationStatus -SummaryOnly
        ($summary | Where-Object { "$($_.State)" -eq 'Pending' }).UserCount | Should -Be 2
        ($summary | Where-Object { "$($_.State)" -eq 'Failed' }).UserCount | Should -Be 0
    }

    It 'Stop-CsMeetingMigration -WhatIf on a request waiting for its retry changes nothing' {
        $before = Get-MmStoreSnapshot
        Get-CsMeetingMigrationStatus -Identity bob@contoso.com | Stop-CsMeetingMigration -WhatIf
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'Stop-CsMeetingMigration cancels a request''s retry; it ends Failed, keeps its reason, and a second stop is RequestNotCancellable' {
        Stop-CsMeetingMigration -Identity bob@contoso.com
        $bob = Get-CsMeetingMigrationStatus -Identity bob@contoso.com
        "$($bob.State)" | Should -BeExactly 'Failed'
        $bob.NextRetryTime | Should -BeNullOrEmpty
        $bob.LastMessage | Should -BeLikeExactly '*not in Exchange Online* Its retry was cancelled (Stop-CsMeetingMigration).'
        $run = Invoke-MmCapture { Stop-CsMeetingMigration -Identity bob@contoso.com }
        $e = Get-MmSingleError $run
        $e.FullyQualifiedErrorId | Should -BeExactly "RequestNotCancellable,$ns"
        $e.CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-MmErrorMessage $e | Should -BeLikeExactly '*has finished (Failed) and is not in the queue.'
        # By -CorrelationId the refusal comes before anything is shown: -WhatIf said "Stop the request" (outside probe).
        $whatIf = Invoke-MmCapture { Stop-CsMeetingMigration -CorrelationId $bob.CorrelationId -WhatIf }
        (Get-MmSingleError $whatIf).FullyQualifiedErrorId | Should -BeExactly "RequestNotCancellable,$ns"
        # Tab completion offers only what Stop can take out of the queue: ashaw's waiting retry, not bob's Failed request.
        $offered = @(Get-MmCompletion 'Stop-CsMeetingMigration -CorrelationId ').CompletionText
        $offered | Should -Not -Contain "$($bob.CorrelationId)"
        $offered | Should -Contain "$((Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com).CorrelationId)"
    }

    It 'Start -WhatIf in a pwsh console says it would replace the waiting retry, and changes nothing' {
        # Found by an outside re-probe: the real run says which waiting retry it replaced, -WhatIf said nothing of it.
        $retry = (Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com -State Pending).CorrelationId
        $before = Get-MmStoreSnapshot
        $lines = Invoke-MmPwsh @"
Import-Module '$ModuleManifest'
Connect-MeetingMigration -StorePath '$path'
Start-CsExMeetingMigration ashaw@contoso.com -WhatIf
"@
        @($lines | Where-Object { $_ -like "What if:*Queue All meetings for migration*; it replaces the waiting retry of request $retry*" }).Count | Should -Be 1 -Because ($lines -join "`n")
        Get-MmStoreSnapshot | Should -BeExactly $before
    }

    It 'failed users and users waiting for a retry piped to Start-CsExMeetingMigration are queued once each, by UPN; a new request replaces the retry' {
        @(Get-CsMeetingMigrationStatus -State Failed).UserPrincipalName | Should -Be @('bob@contoso.com')
        $run = Invoke-MmCapture { Get-CsMeetingMigrationStatus | Where-Object { "$($_.State)" -eq 'Failed' -or $_.NextRetryTime } | Start-CsExMeetingMigration -PassThru -Verbose 4>&1 }
        $run.Errors.Count | Should -Be 0 -Because "$($run.Errors -join '; ')"
        $verbose = @($run.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $statuses = @($run.Output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        Assert-MmSequence $statuses.UserPrincipalName @('ashaw@contoso.com', 'bob@contoso.com') -Because 'the records'' UserPrincipalName binds to -Identity'
        # The replaced retry is said (-Verbose; a warning when it is an undo's).
        @($verbose -like 'ashaw@contoso.com: the waiting retry of request * was replaced by this request (it is now Failed).').Count | Should -Be 1 -Because ($verbose -join "`n")
        $pending = @(Get-CsMeetingMigrationStatus -State Pending)
        Assert-MmSequence $pending.UserPrincipalName @('ashaw@contoso.com', 'bob@contoso.com')
        $ashaw = Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com -State Failed
        $ashaw | Should -Not -BeNullOrEmpty -Because 'the request whose retry was replaced has ended: Failed, not Pending beside the new one'
        $ashaw.NextRetryTime | Should -BeNullOrEmpty -Because 'the new request replaces the retry, so the user runs once'
        $ashaw.LastMessage | Should -BeLikeExactly "* Its retry was replaced by request $(($pending | Where-Object UserPrincipalName -EQ 'ashaw@contoso.com').CorrelationId)."
    }
}

# Found by outside probe Z: a Skype-to-Teams conversion ended Succeeded while the converted meetings' Join button (the event's
# own online-meeting properties, which Graph lets no application change) still opened the Skype meeting, and nothing an
# admin reads said so.
Describe 'Start-CsExMeetingMigration warns once per command that converted meetings keep Skype''s Join button' {
    BeforeEach {
        Disconnect-MeetingMigration
        $null = Connect-MmFreshStore
    }

    It '<Selection> warns <Expected> time(s) for two users piped' -ForEach @(
        @{ Selection = '-TargetMeetingType Teams'; Parameters = @{ TargetMeetingType = 'Teams' }; Expected = 1 }
        @{ Selection = '-SourceMeetingType SfB -TargetMeetingType Teams -WhatIf'; Parameters = @{ SourceMeetingType = 'SfB'; TargetMeetingType = 'Teams'; WhatIf = $true }; Expected = 1 }
        @{ Selection = '-SourceMeetingType Teams -TargetMeetingType Teams'; Parameters = @{ SourceMeetingType = 'Teams'; TargetMeetingType = 'Teams' }; Expected = 0 }
        @{ Selection = 'the default selection'; Parameters = @{}; Expected = 0 }
    ) {
        $run = Invoke-MmCapture { 'ashaw@contoso.com', 'bob@contoso.com' | Start-CsExMeetingMigration @Parameters }
        $run.Errors.Count | Should -Be 0
        @($run.Warnings | Where-Object { $_ -like '*Join button*' }).Count | Should -Be $Expected
        if ($Expected) {
            @($run.Warnings | Where-Object { $_ -like '*Join button*' })[0] | Should -BeLikeExactly "Skype for Business meetings converted to Teams get the Teams meeting in their invitation*may still open the Skype meeting. Tell attendees to join from the invitation's link*"
        }
    }

    It 'Register-CsMeetingMigrationUserMove -Target Teams warns it too' {
        $run = Invoke-MmCapture { Register-CsMeetingMigrationUserMove -Identity ashaw@contoso.com -Target Teams -Confirm:$false }
        @($run.Warnings | Where-Object { $_ -like '*Join button*' }).Count | Should -Be 1 -Because (($run.Errors + $run.Warnings) -join "`n")
    }
}
