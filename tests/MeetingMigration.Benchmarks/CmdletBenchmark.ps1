# Run by CmdletBenchmark.cs in `dotnet pwsh`: the built module as an admin drives it. Prints one JSON line (the last
# line of output) with the figures; everything else on the way is progress for the console.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Users = 10000,
    [int] $GetRepeats = 200,
    [string] $WorkFolder = [IO.Path]::GetTempPath(),
    # A PostgreSQL store instead of SQLite files: the connection strings (each with its own Search Path schema) of the
    # warm-up store and the measured one; a password comes in MM_BENCH_STORE_PASSWORD, never on a command line.
    [string] $WarmStoreConnectionString,
    [string] $StoreConnectionString
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force
$work = New-Item -ItemType Directory -Path (Join-Path $WorkFolder ("mm-cmdlet-bench-" + [guid]::NewGuid().ToString('N')))
function Connect-Store([string] $Name, [string] $ConnectionString) {
    if (-not $ConnectionString) { Connect-MeetingMigration -StorePath (Join-Path $work "$Name.db"); return }
    $password = if ($env:MM_BENCH_STORE_PASSWORD) { @{ StorePassword = ConvertTo-SecureString $env:MM_BENCH_STORE_PASSWORD -AsPlainText -Force } } else { @{} }
    Connect-MeetingMigration -StoreConnectionString $ConnectionString @password
}
try {
    # Warm-up in a store of its own, so JIT, the store's connection pool and the module's first-call costs are paid before timing.
    Connect-Store warm $WarmStoreConnectionString
    1..50 | ForEach-Object { "warm$_@contoso.com" } | Start-CsExMeetingMigration -WarningAction SilentlyContinue
    $null = Get-CsMeetingMigrationStatus -Identity 'warm1@contoso.com'
    Disconnect-MeetingMigration

    Connect-Store store $StoreConnectionString
    $csv = Join-Path $work 'users.csv'
    1..$Users | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "user$_@contoso.com"; Department = 'Sales' } } |
        Export-Csv -Path $csv -NoTypeInformation

    # The issue's case: the CSV streamed into Start, as an admin queues a tenant.
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $cpuBefore = $self.TotalProcessorTime
    $queue = [Diagnostics.Stopwatch]::StartNew()
    Import-Csv $csv | Start-CsExMeetingMigration -WarningAction SilentlyContinue
    $queue.Stop()
    $self.Refresh()
    $queueCpu = ($self.TotalProcessorTime - $cpuBefore).TotalSeconds
    $queued = @(Get-CsMeetingMigrationStatus -State Pending).Count

    # The same CSV queued again while every user is still Pending (a script run twice): each line merges into the user's
    # request.
    $again = [Diagnostics.Stopwatch]::StartNew()
    Import-Csv $csv | Start-CsExMeetingMigration -WarningAction SilentlyContinue
    $again.Stop()
    $queuedAfterAgain = @(Get-CsMeetingMigrationStatus -State Pending).Count

    # A warm Get for one user, repeated: median and 95th percentile of single calls.
    $samples = [Collections.Generic.List[double]]::new()
    $null = Get-CsMeetingMigrationStatus -Identity 'user1@contoso.com'
    for ($i = 0; $i -lt $GetRepeats; $i++) {
        $id = "user$(1 + ($i * 37) % $Users)@contoso.com"
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = Get-CsMeetingMigrationStatus -Identity $id
        $watch.Stop()
        $samples.Add($watch.Elapsed.TotalMilliseconds)
    }
    $sorted = $samples | Sort-Object

    # MMS's own summary (State / UserCount) over the whole store: each user's latest request, counted by state.
    $null = Get-CsMeetingMigrationStatus -SummaryOnly
    $summaries = foreach ($i in 1..5) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = Get-CsMeetingMigrationStatus -SummaryOnly
        $watch.Stop()
        $watch.Elapsed.TotalMilliseconds
    }
    Disconnect-MeetingMigration
    [pscustomobject]@{
        Users          = $Users
        Queued         = $queued
        QueueSeconds   = $queue.Elapsed.TotalSeconds
        QueueCpuSeconds = $queueCpu
        QueueAgainSeconds = $again.Elapsed.TotalSeconds
        QueuedAfterAgain = $queuedAfterAgain
        GetMedianMs    = $sorted[[int][math]::Floor($sorted.Count / 2)]
        GetP95Ms       = $sorted[[int][math]::Floor($sorted.Count * 0.95)]
        GetRepeats     = $GetRepeats
        SummaryMedianMs = ($summaries | Sort-Object)[2]
        PwshVersion    = "$($PSVersionTable.PSVersion)"
    } | ConvertTo-Json -Compress
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
