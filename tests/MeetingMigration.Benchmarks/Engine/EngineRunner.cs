using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>How the engine is run: like the service, several queue loops, each migrating one mailbox at a time.</summary>
internal sealed record EngineSettings(int ParallelRequests, int GlobalConcurrency)
{
    /// <summary>
    /// 4 mailboxes at a time, 64 requests in flight: the service's defaults when the engine benchmark's comparisons were
    /// first made (the service now runs 64 mailboxes and four requests in flight per mailbox; kept so runs stay comparable).
    /// </summary>
    public static EngineSettings FirstComparison { get; } = new(4, 64);

    public override string ToString() => $"{ParallelRequests} mailboxes at a time, global cap {GlobalConcurrency}";
}

internal sealed record EngineRunResult(
    int Requests, int RequestsSucceeded, long Meetings, long MeetingsSucceeded, long MeetingsFailed, long UpdatesSent,
    double Seconds, double CpuSeconds, string? FirstFailure)
{
    /// <summary>Of <see cref="CpuSeconds"/>, the time the JIT compiled code (tiered recompilation of code that turned hot).</summary>
    public double JitSeconds { get; init; }

    /// <summary>How long the garbage collector held the process's threads during the run, and how many collections it made.</summary>
    public double GcPauseSeconds { get; init; }
    public int GcCollections { get; init; }

    public double MeetingsPerSecond => Seconds <= 0 ? 0 : MeetingsSucceeded / Seconds;
}

/// <summary>
/// Runs the real engine against a sandbox: SqliteMigrationStore in a temp file, GraphConnection in AccessToken mode
/// (Graph SDK, ResilientMailboxGateway), and MigrationWorker loops as the service's QueueWorker runs them. Every mailbox
/// is queued as Start-CsExMeetingMigration would (All → Current), and each organizer gets a Skype conferencing profile so
/// Skype meetings are migrated, not failed. Setup (profiles, queue) is outside the timed part; the journal is inside.
/// </summary>
internal static class EngineRunner
{
    /// <param name="decorate">Wraps the connection's gateway (a what-if run only; null runs the engine as shipped).</param>
    public static async Task<EngineRunResult> RunAsync(Uri graphBaseUrl, IReadOnlyList<string> mailboxes, EngineSettings settings,
        string storePath, Func<IMailboxGateway, IMailboxGateway>? decorate = null, CancellationToken cancellationToken = default)
    {
        using var store = SqliteMigrationStore.Open(storePath);
        using var graph = Connect(graphBaseUrl, settings.GlobalConcurrency);
        return await RunAsync(store, graph, mailboxes, settings, decorate, cancellationToken);
    }

    /// <summary>The engine's Graph connection to a sandbox, as the service makes it (one per process, kept for its life).</summary>
    public static GraphConnection Connect(Uri graphBaseUrl, int globalConcurrency) => GraphConnection.Create(new GraphConnectionOptions
    {
        Mode = GraphAuthenticationMode.AccessToken,
        AccessToken = "benchmark",
        GraphEndpoint = graphBaseUrl.ToString(),
        GlobalConcurrency = globalConcurrency,
    });

    /// <summary>
    /// The same with a store and a connection that outlive the run, as the service's do: its statements, connections to
    /// Graph and the code behind them are warm from the runs before, where a run of its own would pay to open them.
    /// </summary>
    /// <param name="profile">Each organizer's dial-in details for this run (default <see cref="Profile"/>).</param>
    public static async Task<EngineRunResult> RunAsync(IMigrationStore store, GraphConnection graph, IReadOnlyList<string> mailboxes, EngineSettings settings,
        Func<IMailboxGateway, IMailboxGateway>? decorate = null, CancellationToken cancellationToken = default, Func<string, DialInUserUpdate>? profile = null)
    {
        foreach (var upn in mailboxes)
        {
            await new ConferencingAdmin(store).SetUserAsync(UserIdentity.Parse(upn), (profile ?? Profile)(upn), createIfMissing: true, cancellationToken);
            await store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(upn), SourceMeetingType.All, TargetMeetingType.Current), cancellationToken);
        }

        var gateway = decorate?.Invoke(graph.Gateway) ?? graph.Gateway;
        using var self = Process.GetCurrentProcess();
        var cpuBefore = CpuClock.Of(self);
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
        var pauseBefore = GC.GetTotalPauseDuration();
        int collectionsBefore = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(1, settings.ParallelRequests).Select(n => Task.Run(async () =>
        {
            var worker = new MigrationWorker(store, gateway, $"benchmark-{n}");
            var done = new List<MigrationRequest>();
            while (await worker.RunNextAsync(null, null, cancellationToken) is { } request) done.Add(request);
            return done;
        }, cancellationToken)).ToArray();
        var requests = (await Task.WhenAll(loops)).SelectMany(r => r).ToList();
        double seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        double cpuSeconds = (CpuClock.Of(self) - cpuBefore).TotalSeconds;
        double jitSeconds = (System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - jitBefore).TotalSeconds;
        double gcPauseSeconds = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
        int collections = GC.CollectionCount(0) - collectionsBefore; // gen 0 counts every collection, of any generation

        return new EngineRunResult(
            requests.Count,
            requests.Count(r => r.State == MigrationState.Succeeded),
            requests.Sum(r => (long)r.TotalMeeting),
            requests.Sum(r => (long)r.SucceededMeeting),
            requests.Sum(r => (long)r.FailedMeeting),
            requests.Sum(r => (long)r.InvitesUpdate),
            seconds,
            cpuSeconds,
            requests.FirstOrDefault(r => r.State != MigrationState.Succeeded)?.LastMessage)
        {
            JitSeconds = jitSeconds, GcPauseSeconds = gcPauseSeconds, GcCollections = collections,
        };
    }

    /// <summary>Conference IDs are unique in a tenant: generated aliases end in the user's number, which makes one.</summary>
    private static string UniqueConferenceId(string alias)
    {
        var digits = new string(alias.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray());
        var n = digits.Length > 0 ? long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)
            : alias.Aggregate(2166136261L, (h, c) => (h ^ c) * 16777619L % 100_000_000L);
        return (47_000_000L + n % 50_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The organizer's dial-in details as the store holds them: the generated user's own when the tenant was generated here.</summary>
    public static DialInUserUpdate Profile(string upn)
    {
        var alias = upn.Split('@')[0];
        var generated = GeneratedProfiles.Of(upn);
        return new DialInUserUpdate
        {
            JoinUrl = $"https://meet.contoso.com/{Uri.EscapeDataString(alias)}/BENCH01",
            ConferenceId = generated?.ConferenceId ?? UniqueConferenceId(alias),
            ServiceNumber = generated?.TollNumber ?? "+1 425 555 0142",
            TollFreeServiceNumbers = generated?.TollFreeNumbers?.ToArray() ?? new[] { "+1 800 555 0142" },
            DialInUrl = generated?.DialInUrl ?? "https://dialin.contoso.com/bench",
        };
    }
}
