using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// The crash proofs' kills: the service started, SIGKILLed at a random moment, started again, until the kills asked for
/// have landed while the work ran; then one last start runs the work to its end. The sandbox's latency paces the work so
/// the kills spread over all of it. What counts as the work (the migration, or the undo) is the caller's: how many of its
/// requests have ended, and how far it has come in the journal.
/// </summary>
public static class KillLoop
{
    /// <param name="HoldWriteAnswers">
    /// The sandbox holds each write's answer for the latency after applying it (as well as the latency before), so some
    /// kills land between a PATCH applied and its journal row: the resumed work must find it done, not send it again.
    /// </param>
    /// <param name="ErrorRate">Share of Graph calls answered 429/503/504 (Retry-After 1 s) before anything is applied, between the kills.</param>
    /// <param name="TimeoutAfterApplyRate">Share of successful writes answered 504 after being applied, between the kills.</param>
    public sealed record Plan(int Kills, int Seed, int LatencyMs, double MinKillSeconds, double MaxKillSeconds, bool HoldWriteAnswers = false,
        double ErrorRate = 0, double TimeoutAfterApplyRate = 0);

    public sealed record Outcome(int Kills, int Starts, int KillsMidWork, int MinLatencyMs, int MaxLatencyMs);

    /// <param name="progress">The work's requests: how many ended (Succeeded or Failed) of how many.</param>
    /// <param name="done">Meetings the work has written so far (journal rows): a kill after it grew landed mid-work.</param>
    public static async Task<Outcome> RunAsync(Plan plan, SandboxProcess sandbox, IReadOnlyDictionary<string, string> settings,
        Func<Task<(int Finished, int Total)>> progress, Func<long> done, TextWriter log)
    {
        var random = new Random(plan.Seed);
        var latency = plan.LatencyMs;
        // Latency paces the work so the kills land during it; the same seed gives the same kill moments.
        await sandbox.SetFaultsAsync(Faults(plan, latency, plan.Seed));
        int kills = 0, starts = 0, killsMidWork = 0, minLatency = latency, maxLatency = latency;
        var doneBefore = done();
        // Until the kills asked for have landed, and at least one of them while the service was writing meetings: on a
        // loaded machine a service can take longer to start than the kill window, and a CI run once ended with every kill
        // before the first update ("the proof proved nothing"). Bounded, so a service that never works still fails the proof.
        var killsBeforeWork = 0; // kills in a row that landed before the killed process wrote anything: each waits a second longer
        while (kills < plan.Kills || (killsMidWork == 0 && kills < plan.Kills * 5))
        {
            var service = ServiceProcess.Start($"service #{++starts}", settings);
            var delay = plan.MinKillSeconds + random.NextDouble() * (plan.MaxKillSeconds - plan.MinKillSeconds) + killsBeforeWork;
            await Task.Delay(TimeSpan.FromSeconds(delay));
            if (service.HasExited)
                throw new InvalidOperationException($"the service exited by itself with {service.ExitCode}: {ChildProcess.Tail(service.Output)}");
            var (finished, total) = await progress();
            if (finished == total)
            {
                // The work ended before this kill: not counted, since a kill must land during it.
                await service.KillAsync();
                log.WriteLine($"  the work ended after {kills} kills");
                break;
            }
            await service.KillAsync();
            kills++;
            // A kill counts as landing mid-work when meetings were written since the previous one: the process was working.
            var doneNow = done();
            var wroteSince = doneNow > doneBefore;
            if (wroteSince) killsMidWork++;
            killsBeforeWork = wroteSince ? 0 : killsBeforeWork + 1;
            doneBefore = doneNow;
            // Keep the kills spread over the whole work and landing mid-work: slow the sandbox when the work runs ahead of
            // the kills, speed it up when a process was killed before it wrote anything.
            var paced = latency;
            if ((double)finished / total > (double)kills / plan.Kills + 0.05) paced = Math.Min(2000, latency * 5 / 4);
            else if (!wroteSince) paced = Math.Max(20, latency * 7 / 10);
            if (paced != latency)
            {
                latency = paced;
                await sandbox.SetFaultsAsync(Faults(plan, latency, plan.Seed + kills));
                minLatency = Math.Min(minLatency, latency);
                maxLatency = Math.Max(maxLatency, latency);
            }
            if (kills % 10 == 0 || plan.Kills < 10) log.WriteLine($"  {kills} kills ({killsMidWork} mid-work), {finished}/{total} requests finished, {doneNow} meetings written, latency {latency} ms");
        }

        await sandbox.ClearFaultsAsync();
        var last = ServiceProcess.Start($"service #{++starts} (last)", settings);
        await QueueWatch.WaitUntilFinishedAsync(progress, TimeSpan.FromMinutes(15), () => !last.HasExited);
        await last.KillAsync();
        return new Outcome(kills, starts, killsMidWork, minLatency, maxLatency);
    }

    private static object Faults(Plan plan, int latency, int seed) =>
        new
        {
            latencyMs = latency,
            jitterMs = latency / 2,
            writeAnswerDelayMs = plan.HoldWriteAnswers ? latency : 0,
            errorRate = plan.ErrorRate,
            errorStatuses = new[] { 429, 503, 504 },
            timeoutAfterApplyRate = plan.TimeoutAfterApplyRate,
            retryAfterSeconds = 1,
            seed,
        };
}
