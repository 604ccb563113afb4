<#
.SYNOPSIS
    The README's main job: migrates a generated tenant's meetings in a sandbox Exchange Online, through the module's
    cmdlets as an admin types them, and shows MMS's summary and the failed users.
.DESCRIPTION
    Starts the sandbox as its own process on a free port with a generated tenant (organizers with Skype for Business and
    Teams meetings, a few deliberately unmigratable), connects, records the organizers' Skype for Business coordinates,
    queues every organizer and waits for each, then prints Get-CsMeetingMigrationStatus -SummaryOnly and the seed
    document's troubleshooting table. Stops the sandbox and deletes everything it created, whatever happens.

    Exit code 0 when every organizer ended in the state a correct migration ends in (the deliberately unmigratable ones
    Failed, with their reason shown); 1 when anything else happened: an unexpected state, an unexpected error, a
    request left unfinished.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./src/MeetingMigration.Demo/Invoke-MeetingMigrationDemo.ps1 -Users 5 -MeetingsPerUser 4   # after a build
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 10000)] [int] $Users = 25,
    [ValidateRange(1, 1000)] [int] $MeetingsPerUser = 12,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
# Tables without colour escapes when the output goes to a file or a CI log.
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$manifest = Join-Path $root 'out/MeetingMigration/MeetingMigration.psd1'
if (-not (Test-Path $manifest)) { throw "The module is not built ($manifest). Run: dotnet pwsh ./build.ps1 -Task Build" }
Import-Module $manifest
Import-Module (Join-Path $root 'src/MeetingMigration.Sandbox/SandboxProcess.psm1')

$sandbox = Start-MmSandbox -Users $Users -MeetingsPerUser $MeetingsPerUser -Configuration $Configuration
try {
    "Sandbox Exchange Online at $($sandbox.GraphUrl): $Users organizers, $($Users * $MeetingsPerUser) meetings."
    $token = ConvertTo-SecureString 'sandbox-demo-token' -AsPlainText -Force
    Connect-MeetingMigration -StorePath (Join-Path $sandbox.Folder 'demo.db') -GraphEndpoint $sandbox.GraphUrl -AccessToken $token

    # The organizers' Skype for Business coordinates, as exported from Skype for Business Server: what their Skype
    # meetings show once migrated. The export joins several toll-free numbers with ';'.
    Import-Csv $sandbox.SkypeProfilesFile |
        Select-Object UserPrincipalName, JoinUrl, ConferenceId, TollNumber, DialInUrl, @{ n = 'TollFreeNumber'; e = { $_.TollFreeNumber -split ';' -ne '' } } |
        Set-MeetingMigrationConferencingProfile

    $organizers = Import-Csv $sandbox.UsersFile
    "Queueing $($organizers.Count) organizers and migrating their future Skype for Business and Teams meetings..."
    # A user whose migration fails is an error record; the deliberately unmigratable ones are expected, and checked below.
    $organizers | Start-CsExMeetingMigration -Wait -ErrorAction SilentlyContinue -ErrorVariable migrationErrors | Out-Null

    Get-CsMeetingMigrationStatus -SummaryOnly | Format-Table | Out-Host
    'Failed users and why (the seed document''s troubleshooting command, with -Wrap so the reasons show whole):'
    Get-CsMeetingMigrationStatus | Where {$_.State -eq "Failed"} | Format-Table UserId,LastErrorMessage -Wrap | Out-Host
    'Users whose attempt failed and who wait for an automatic retry (Pending until their retries are used up, as in MMS):'
    Get-CsMeetingMigrationStatus | Where-Object NextRetryTime | Format-Table UserId,RetryCount,NextRetryTime,LastMessage -Wrap | Out-Host

    $status = Get-CsMeetingMigrationStatus
    $done = $status | Where-Object State -EQ 'Succeeded'
    'Meetings migrated: {0}; meetings whose attendees got an update: {1}.' -f ($done | Measure-Object SucceededMeeting -Sum).Sum, ($done | Measure-Object InvitesUpdate -Sum).Sum

    # Did the migration itself work? Every organizer ends where a correct migration ends, and the only errors are the
    # expected failures.
    $problems = [Collections.Generic.List[string]]::new()
    $byUser = @{}
    foreach ($request in $status) { $byUser[$request.UserPrincipalName] = $request }
    foreach ($organizer in $organizers) {
        $request = $byUser[$organizer.UserPrincipalName]
        if (-not $request) { $problems.Add("$($organizer.UserPrincipalName): no request in the store"); continue }
        if ([string]$request.State -ne $organizer.ExpectedState) {
            $problems.Add("$($organizer.UserPrincipalName): $($request.State), expected $($organizer.ExpectedState) ($($request.LastMessage))")
        }
    }
    # Every user whose first attempt fails on purpose: Failed for good, or Pending for a retry (an on-premises mailbox).
    $expectedFailures = @($organizers | Where-Object ExpectedReason | ForEach-Object UserPrincipalName)
    $expectedRetries = @($organizers | Where-Object { $_.ExpectedReason -and $_.ExpectedState -eq 'Pending' })
    foreach ($record in $migrationErrors) {
        $user = $record.TargetObject.UserPrincipalName
        if ($record.FullyQualifiedErrorId -notlike 'MigrationFailed*' -or $user -notin $expectedFailures) {
            $problems.Add("unexpected error: $record")
        }
    }
    $stats = Invoke-MmSandboxControl -Sandbox $sandbox -Path stats
    'Sandbox: {0} Graph requests, {1} throttled, {2} messages sent to attendees.' -f $stats.requests, $stats.throttled, $stats.notificationsSent
    if ($problems.Count) {
        Write-Host "The migration did not work as it should:" -ForegroundColor Red
        $problems | ForEach-Object { Write-Host "  $_" -ForegroundColor Red }
        $exitCode = 1
    } else {
        "Every organizer ended as expected: $(@($done).Count) Succeeded; $($expectedFailures.Count - $expectedRetries.Count) Failed and $($expectedRetries.Count) waiting for a retry, on purpose (reasons above)."
        $exitCode = 0
    }
}
finally {
    Disconnect-MeetingMigration
    Stop-MmSandbox $sandbox
}
exit $exitCode
