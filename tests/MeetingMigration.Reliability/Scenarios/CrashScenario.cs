using System.Diagnostics;
using MeetingMigration.Reliability.Audit;
using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// The service process SIGKILLed at random moments during a migration, restarted each time, then audited: every meeting
/// migrated exactly once, one update per attendee, one Teams meeting per conversion, no request stuck, the journal
/// complete, the store intact.
/// </summary>
public static class CrashScenario
{
    public sealed record Options(int Users, int MeetingsPerUser, int Kills, int Seed = 10, int LatencyMs = 100, int MaxParallelRequests = 4,
        int LeaseSeconds = 3, double MinKillSeconds = 1.5, double MaxKillSeconds = 4.5, string? Postgres = null)
    {
        public static Options Full { get; } = new(200, 10, 50);
        /// <summary>
        /// Small enough for CI, slow enough that four kills land during it: since the engine got faster (issue 9: a mailbox's
        /// first page with its look-up, one Teams look-up per organizer, threads that sleep at once) 120 ms per request let
        /// the twelve users finish before the second kill. At 300 ms, on this machine, a start and its 2–4 s of work finish
        /// two requests, so four kills used two thirds of twelve users; sixteen leave half the work after the fourth kill
        /// for a machine that starts the service faster (the latency, not the CPU, sets the pace).
        /// </summary>
        public static Options Quick { get; } = new(16, 10, 4, LatencyMs: 300, MaxParallelRequests: 2, MinKillSeconds: 2.0, MaxKillSeconds: 4.0);
    }

    public static async Task<ProofResult> RunAsync(Options o, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        using var work = new WorkDirectory("crash");
        var tenant = ProofTenant.Generate(o.Users, o.MeetingsPerUser, o.Seed, work.Path, out var tenantFile);
        await using var sandbox = await SandboxProcess.StartAsync(tenantFile, work.Path);
        var proof = await ProofTenant.PrepareAsync(tenant, sandbox,
            o.Postgres != null ? ProofStore.Server(o.Postgres, "crash") : ProofStore.File(work.File("store.db")));
        var latency = o.LatencyMs;
        // Latency paces the migration so the kills land during it; the same seed gives the same kill moments.
        await sandbox.SetFaultsAsync(new { latencyMs = latency, jitterMs = latency / 2, seed = o.Seed });
        var settings = proof.Store.Configure(ServiceProcess.SandboxSettings(proof.Store.Location, sandbox.GraphUrl, o.MaxParallelRequests, o.LeaseSeconds));
        var random = new Random(o.Seed);

        int kills = 0, starts = 0, killsMidWork = 0;
        long updatedBefore = 0;
        var latencies = new List<int> { latency };
        // Until the kills asked for have landed, and at least one of them while the service was updating meetings: on a
        // loaded machine a service can take longer to start than the kill window, and a CI run once ended with every kill
        // before the first update ("the proof proved nothing"). Bounded, so a service that never works still fails the proof.
        var killsBeforeWork = 0; // kills in a row that landed before the killed process updated anything: each waits a second longer
        while (kills < o.Kills || (killsMidWork == 0 && kills < o.Kills * 5))
        {
            var service = ServiceProcess.Start($"service #{++starts}", settings);
            var delay = o.MinKillSeconds + random.NextDouble() * (o.MaxKillSeconds - o.MinKillSeconds) + killsBeforeWork;
            await Task.Delay(TimeSpan.FromSeconds(delay));
            if (service.HasExited)
                throw new InvalidOperationException($"the service exited by itself with {service.ExitCode}: {ChildProcess.Tail(service.Output)}");
            var (finished, total) = await QueueWatch.ProgressAsync(proof.Store);
            if (finished == total)
            {
                // The migration ended before this kill: not counted, since a kill must land during it.
                await service.KillAsync();
                log.WriteLine($"  the migration ended after {kills} kills");
                break;
            }
            await service.KillAsync();
            kills++;
            // A kill counts as landing mid-work when meetings were updated since the previous one: the process was migrating.
            var updated = QueueWatch.UpdatedMeetings(proof.Store);
            var updatedBeforeThisKill = updatedBefore;
            if (updated > updatedBefore) killsMidWork++;
            killsBeforeWork = updated > updatedBefore ? 0 : killsBeforeWork + 1;
            updatedBefore = updated;
            // Keep the kills spread over the whole migration and landing mid-work: slow the sandbox when the work runs ahead
            // of the kills, speed it up when a process was killed before it updated anything.
            var paced = latency;
            if ((double)finished / total > (double)kills / o.Kills + 0.05) paced = Math.Min(2000, latency * 5 / 4);
            else if (updated == updatedBeforeThisKill) paced = Math.Max(20, latency * 7 / 10);
            if (paced != latency)
            {
                latency = paced;
                await sandbox.SetFaultsAsync(new { latencyMs = latency, jitterMs = latency / 2, seed = o.Seed + kills });
            }
            latencies.Add(latency);
            if (kills % 10 == 0 || o.Kills < 10) log.WriteLine($"  {kills} kills ({killsMidWork} mid-work), {finished}/{total} requests finished, {updated} meetings updated, latency {latency} ms");
        }

        await sandbox.ClearFaultsAsync();
        var last = ServiceProcess.Start($"service #{++starts} (last)", settings);
        await QueueWatch.WaitUntilFinishedAsync(proof.Store, TimeSpan.FromMinutes(15), () => !last.HasExited);
        await last.KillAsync();

        var findings = new Findings();
        findings.Count("SIGKILLs during the migration", kills);
        findings.Count("service starts", starts);
        findings.Count("kills after the killed process had updated meetings", killsMidWork);
        findings.Count("updates confirmed by read-back, not resent", QueueWatch.ConfirmedByReadBack(proof.Store));
        if (kills < o.Kills) findings.Add(Findings.Lost, $"only {kills} of {o.Kills} kills landed during the migration");
        if (killsMidWork == 0) findings.Add(Findings.Lost, "no kill landed while the service was updating meetings: the proof proved nothing");
        await MigrationAudit.RunAsync(proof, sandbox, findings);
        work.Keep = !findings.Clean;
        return new ProofResult(o.Postgres != null ? "Crash (PostgreSQL)" : "Crash", Command(o),
            $"{o.Users} users × {o.MeetingsPerUser} meetings, {proof.TeamsTargets.Count} users Skype→Teams, the service run with {o.MaxParallelRequests} mailboxes at a time, lease {o.LeaseSeconds} s, on {proof.Store.Describe()}",
            $"{kills} SIGKILLs of the service at random moments ({o.MinKillSeconds}–{o.MaxKillSeconds} s after each start, seed {o.Seed}), restarted each time; sandbox latency {latencies.Min()}–{latencies.Max()} ms, paced to the kills",
            $"the generated tenant's every meeting kind (Teams, Skype, series, past, cancelled, not organizer, pasted, ambiguous, >250 attendees, on-premises mailboxes)",
            findings, clock.Elapsed);
    }

    private static string Command(Options o) =>
        (o with { Postgres = null }) == Options.Full ? (o.Postgres != null ? "crash --postgres" : "crash") : (o.Postgres != null ? "crash --quick --postgres" : "crash --quick");
}
