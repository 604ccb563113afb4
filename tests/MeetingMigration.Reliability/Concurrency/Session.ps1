<#
    One admin session of the concurrency proof: the built module, connected to the shared store only, issuing every
    state-changing cmdlet in a loop until -Seconds have passed. Each session owns its own values (one tenant migration
    setting, one dial-in setting, its users, bridges and numbers) so that, at the end, the store must show exactly the
    last value each session wrote: anything else is a lost write. Writes what it did to -ResultPath as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [int] $Session,
    [Parameter(Mandatory)] [int] $Seconds,
    [Parameter(Mandatory)] [string[]] $Mailboxes,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Continue'
# pwsh -File passes "a,b" as one string: the harness joins the mailboxes with commas.
$Mailboxes = @($Mailboxes -split ',' | Where-Object { $_ })
Set-StrictMode -Version 3.0
Import-Module $ModulePath
Connect-MeetingMigration -StorePath $StorePath

$i = $Session
# Owned settings: one of each kind per session (sessions past the list own none of that kind).
$tenantSettings = @('UserRetryLimit', 'StatusRetentionDays', 'HorizonDays', 'RetryWindow', 'TriggerDelay', 'MeetingMigrationEnabled')
$dialInSettings = @('PinLength', 'SendEmailFromDisplayName', 'SendEmailFromAddress', 'AllowedDialOutExternalDomains',
    'EntryExitAnnouncementsType', 'MaskPstnNumbersType', 'EnableNameRecording', 'IncludeTollFreeNumberInMeetingInvites')
function TenantValue([string] $name, [int] $n) {
    switch ($name) {
        'UserRetryLimit' { $n % 100 }
        'StatusRetentionDays' { 1 + $n % 3650 }
        # Long enough that a meeting a few weeks ahead stays in scope: this proof is about writes, not the horizon.
        'HorizonDays' { 365 + $n % 1000 }
        'RetryWindow' { [TimeSpan]::FromMinutes(1 + $n % 1000) }
        # At least an hour: requests the conferencing changes trigger wait, and only the sessions' own starts run now.
        'TriggerDelay' { [TimeSpan]::FromMinutes(60 + $n % 1000) }
        'MeetingMigrationEnabled' { ($n % 2) -eq 0 }
    }
}
function DialInValue([string] $name, [int] $n) {
    switch ($name) {
        'PinLength' { [uint32](4 + $n % 9) }
        'SendEmailFromDisplayName' { "Session $i write $n" }
        'SendEmailFromAddress' { "s${i}n$n@contoso.com" }
        'AllowedDialOutExternalDomains' { , @("s${i}n$n.contoso.com") }
        'EntryExitAnnouncementsType' { @('UseNames', 'ToneOnly')[$n % 2] }
        'MaskPstnNumbersType' { @('MaskedForExternalUsers', 'MaskedForAllUsers', 'NoMasking')[$n % 3] }
        'EnableNameRecording' { ($n % 2) -eq 1 }
        'IncludeTollFreeNumberInMeetingInvites' { ($n % 2) -eq 1 }
    }
}

$tenantSetting = if ($i -lt $tenantSettings.Count) { $tenantSettings[$i] } else { $null }
$dialInSetting = if ($i -lt $dialInSettings.Count) { $dialInSettings[$i] } else { $null }
$profileUser = "s$i-profile@contoso.com"
$toggleUser = "s$i-toggle@contoso.com"
$moverUser = "s$i-mover@contoso.com"
$importUser = "s$i-import@contoso.com"
$bridge = "Session $i bridge"
$csv = Join-Path ([IO.Path]::GetDirectoryName($ResultPath)) "session-$i-import.csv"

$owned = [ordered]@{}
$writes = 0
$refusedWhileOff = 0
$undos = 0
$undosRefused = 0
$correlationIds = [Collections.Generic.List[string]]::new()
$registered = [Collections.Generic.List[string]]::new()
$unregistered = [Collections.Generic.List[string]]::new()
$Error.Clear()

function Done([bool] $ok) { if ($ok) { $script:writes++ } }

New-CsOnlineDialInConferencingBridge -Name $bridge | Out-Null; Done $?
$deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
$n = 0
while ([DateTime]::UtcNow -lt $deadline) {
    $n++
    if ($tenantSetting) {
        $value = TenantValue $tenantSetting $n
        $p = @{ $tenantSetting = $value }
        Set-CsTenantMigrationConfiguration @p; if ($?) { $owned['Tenant:' + $tenantSetting] = [string]$value; $writes++ }
    }
    if ($dialInSetting) {
        $value = DialInValue $dialInSetting $n
        $p = @{ $dialInSetting = $value }
        Set-CsOnlineDialInConferencingTenantSettings @p -Force; if ($?) { $owned['DialIn:' + $dialInSetting] = ($value -join ','); $writes++ }
    }
    # Conference IDs are unique in the tenant: session and iteration make one no other session writes.
    $conferenceId = '{0}{1:D7}' -f (10 + $i), $n
    Set-MeetingMigrationConferencingProfile -Identity $profileUser -JoinUrl "https://meet.contoso.com/s$i/N$n" -ConferenceId $conferenceId
    if ($?) { $owned['User:JoinUrl'] = "https://meet.contoso.com/s$i/N$n"; $owned['User:ConferenceId'] = $conferenceId; $writes++ }
    Set-CsOnlineDialInConferencingUser -Identity $profileUser -AllowPstnOnlyMeetings (($n % 2) -eq 0) -Force
    if ($?) { $owned['User:AllowPstnOnlyMeetings'] = [string](($n % 2) -eq 0); $writes++ }

    if ($n % 2 -eq 1) { Enable-CsOnlineDialInConferencingUser -Identity $toggleUser -ReplaceProvider; if ($?) { $owned['Toggle:Enabled'] = 'True'; $writes++ } }
    else { Disable-CsOnlineDialInConferencingUser -Identity $toggleUser -Force -Confirm:$false; if ($?) { $owned['Toggle:Enabled'] = 'False'; $writes++ } }

    $target = @('SkypeForBusinessOnline', 'Teams')[$n % 2]
    Register-CsMeetingMigrationUserMove -Identity $moverUser -Target $target; if ($?) { $owned['Mover:Home'] = $target; $writes++ }

    $importId = '{0}{1:D7}' -f (30 + $i), $n
    Set-Content -LiteralPath $csv -Value @('UserPrincipalName,ConferenceId', "$importUser,$importId")
    Import-CsOnlineDialInConferencingUser -Path $csv | Out-Null; if ($?) { $owned['Import:ConferenceId'] = $importId; $writes++ }

    # A number of its own on the session's bridge each round, the bridge's default moved to it, the previous one unregistered.
    $number = '+1206{0}{1:D6}' -f (2 + $i), $n
    Register-CsOnlineDialInConferencingServiceNumber -Identity $number -BridgeName $bridge; if ($?) { $registered.Add($number); $writes++ }
    Set-CsOnlineDialInConferencingBridge -Name $bridge -DefaultServiceNumber $number -Force; if ($?) { $owned['Bridge:DefaultServiceNumber'] = $number; $writes++ }
    if ($n -gt 1) {
        $previous = '+1206{0}{1:D6}' -f (2 + $i), ($n - 1)
        Set-CsOnlineDialInConferencingUserDefaultNumber -FromNumber $previous -ToNumber $number -BridgeName $bridge | Out-Null; Done $?
        Unregister-CsOnlineDialInConferencingServiceNumber -Identity $previous -BridgeName $bridge -Force -Confirm:$false
        if ($?) { $unregistered.Add($previous); $writes++ }
    }

    # Every other start is of one kind (Teams, then SfB), as -SourceMeetingType queues it: such a migration leaves an undo of
    # its user to run and takes from it only the meetings it writes (docs/undo.md).
    $mailbox = $Mailboxes[$n % $Mailboxes.Count]
    $source = @('All', 'Teams', 'All', 'SfB')[$n % 4]
    $request = Start-CsExMeetingMigration -Identity $mailbox -SourceMeetingType $source -TargetMeetingType Current -PassThru
    if ($?) { $correlationIds.Add([string]$request.CorrelationId); $writes++ }
    elseif ($Error.Count -gt 0 -and $Error[0].FullyQualifiedErrorId -like 'MigrationDisabled,*') {
        # Another session turned meeting migration off: refusing to queue is the documented answer, not a lost write.
        $refusedWhileOff++
        $Error.RemoveAt(0)
    }

    # Every third round the session takes back the migrations of its other mailbox (queued for a service, which mails the
    # attendees of each meeting it restores once). Refused as documented while a migration of that user is still to run
    # (UndoNotPossible: the start of an earlier round not yet run) or once nothing is left to undo (NothingToUndo).
    if ($n % 3 -eq 0) {
        $undone = $Mailboxes[($n + 1) % $Mailboxes.Count]
        $undo = Undo-CsMeetingMigration -Identity $undone -PassThru -Confirm:$false
        if ($?) { $correlationIds.Add([string]$undo.CorrelationId); $undos++; $writes++ }
        elseif ($Error.Count -gt 0 -and $Error[0].FullyQualifiedErrorId -match '^(UndoNotPossible|NothingToUndo),') {
            $undosRefused++
            $Error.RemoveAt(0)
        }
    }
}
# Migration is left on, so the services can finish the queue the sessions filled.
if ($tenantSetting -eq 'MeetingMigrationEnabled') {
    Set-CsTenantMigrationConfiguration -MeetingMigrationEnabled $true; if ($?) { $owned['Tenant:MeetingMigrationEnabled'] = 'True'; $writes++ }
}

[ordered]@{
    session = $i
    iterations = $n
    writes = $writes
    refusedWhileOff = $refusedWhileOff
    undos = $undos
    undosRefused = $undosRefused
    owned = $owned
    profileUser = $profileUser; toggleUser = $toggleUser; moverUser = $moverUser; importUser = $importUser; bridge = $bridge
    registered = $registered; unregistered = $unregistered
    correlationIds = $correlationIds
    errors = @($Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8
