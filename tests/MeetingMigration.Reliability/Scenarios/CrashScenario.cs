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
        var settings = proof.Store.Configure(ServiceProcess.SandboxSettings(proof.Store.Location, sandbox.GraphUrl, o.MaxParallelRequests, o.LeaseSeconds));
        var run = await KillLoop.RunAsync(new KillLoop.Plan(o.Kills, o.Seed, o.LatencyMs, o.MinKillSeconds, o.MaxKillSeconds), sandbox, settings,
            () => QueueWatch.ProgressAsync(proof.Store), () => QueueWatch.WrittenMeetings(proof.Store), log);

        var findings = new Findings();
        findings.Count("SIGKILLs during the migration", run.Kills);
        findings.Count("service starts", run.Starts);
        findings.Count("kills after the killed process had updated meetings", run.KillsMidWork);
        findings.Count("updates confirmed by read-back, not resent", QueueWatch.ConfirmedByReadBack(proof.Store));
        if (run.Kills < o.Kills) findings.Add(Findings.Lost, $"only {run.Kills} of {o.Kills} kills landed during the migration");
        if (run.KillsMidWork == 0) findings.Add(Findings.Lost, "no kill landed while the service was updating meetings: the proof proved nothing");
        await MigrationAudit.RunAsync(proof, sandbox, findings);
        work.Keep = !findings.Clean;
        return new ProofResult(o.Postgres != null ? "Crash (PostgreSQL)" : "Crash", Command(o),
            $"{o.Users} users × {o.MeetingsPerUser} meetings, {proof.TeamsTargets.Count} users Skype→Teams, the service run with {o.MaxParallelRequests} mailboxes at a time, lease {o.LeaseSeconds} s, on {proof.Store.Describe()}",
            $"{run.Kills} SIGKILLs of the service at random moments ({o.MinKillSeconds}–{o.MaxKillSeconds} s after each start, seed {o.Seed}), restarted each time; sandbox latency {run.MinLatencyMs}–{run.MaxLatencyMs} ms, paced to the kills",
            $"the generated tenant's every meeting kind (Teams, Skype, series, past, cancelled, not organizer, pasted, ambiguous, >250 attendees, on-premises mailboxes)",
            findings, clock.Elapsed);
    }

    private static string Command(Options o) =>
        (o with { Postgres = null }) == Options.Full ? (o.Postgres != null ? "crash --postgres" : "crash") : (o.Postgres != null ? "crash --quick --postgres" : "crash --quick");
}
