using System.Diagnostics;
using MeetingMigration.Reliability.Audit;
using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// The service migrating a tenant while the sandbox answers 20% of Graph calls with 429, 503 or 504 (some 504s after the
/// change was applied, the answer lost), adds latency spikes and expires the service's access tokens mid-run; audited as
/// the crash proof is.
/// </summary>
public static class FaultScenario
{
    /// <param name="CallsPerToken">
    /// Graph calls a token serves before the sandbox refuses it (401 InvalidAuthenticationToken) and the service must sign in
    /// again: more than can be in flight at once (MaxParallelRequests mailboxes × 4), as a real token outlives any one call.
    /// </param>
    public sealed record Options(int Users, int MeetingsPerUser, int Seed = 20, double ErrorRate = 0.2, double TimeoutAfterApplyRate = 0.05,
        int LatencyMs = 5, int SpikeMs = 400, int MaxParallelRequests = 16, int CallsPerToken = 150, string? Postgres = null)
    {
        public static Options Full { get; } = new(200, 10);
        /// <summary>
        /// A 504 after apply on 15 % of writes, not 5 %: the proof requires one to fire, and with some 75 writes in a
        /// quick run 5 % left none in about one run of fifty (which writes get the fault depends on the calls' order).
        /// </summary>
        public static Options Quick { get; } = new(12, 10, TimeoutAfterApplyRate: 0.15, CallsPerToken: 60);
    }

    private const string TenantId = "9c3e1f55-2b7a-4d1e-8f0a-6b5c4d3e2f10";
    private const string ClientId = "1b6f0e2d-3c4a-4b5e-9d8f-7a6b5c4d3e21";

    public static async Task<ProofResult> RunAsync(Options o, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        using var work = new WorkDirectory("faults");
        var tenant = ProofTenant.Generate(o.Users, o.MeetingsPerUser, o.Seed, work.Path, out var tenantFile);
        await using var sandbox = await SandboxProcess.StartAsync(tenantFile, work.Path);
        var proof = await ProofTenant.PrepareAsync(tenant, sandbox,
            o.Postgres != null ? ProofStore.Server(o.Postgres, "faults") : ProofStore.File(work.File("store.db")));
        await sandbox.ResetStatsAsync(); // the figures count the migration, not the preparation
        await sandbox.SetFaultsAsync(new
        {
            latencyMs = o.LatencyMs,
            jitterMs = o.SpikeMs,
            errorRate = o.ErrorRate,
            errorStatuses = new[] { 429, 503, 504 },
            timeoutAfterApplyRate = o.TimeoutAfterApplyRate,
            retryAfterSeconds = 1,
            seed = o.Seed,
        });
        // Graph takes only the sandbox's own tokens from here on, each for a fixed number of calls; the service signs in at
        // the sandbox's token endpoint with a client secret (a fresh one per run).
        var secret = "rel-" + Guid.NewGuid().ToString("N");
        await sandbox.SetTokensAsync(new { checkTokens = true, maxRequestsPerToken = o.CallsPerToken, clientId = ClientId, clientSecret = secret });
        var settings = proof.Store.Configure(ServiceProcess.SigningIn(ServiceProcess.SandboxSettings(proof.Store.Location, sandbox.GraphUrl, o.MaxParallelRequests, leaseSeconds: 30),
            sandbox.RootUrl, TenantId, ClientId, secret));
        var service = ServiceProcess.Start("service", settings);
        await QueueWatch.WaitUntilFinishedAsync(proof.Store, TimeSpan.FromMinutes(20), () => !service.HasExited);
        var stats = await sandbox.StatsAsync();
        await sandbox.ClearFaultsAsync();
        await sandbox.StopCheckingTokensAsync();
        if (service.HasExited) throw new InvalidOperationException($"the service exited with {service.ExitCode}: {ChildProcess.Tail(service.Output)}");
        await service.KillAsync();

        var findings = new Findings();
        var byStatus = stats["injectedFaultsByStatus"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()) ?? new();
        findings.Count("Graph calls", stats["requests"]!.GetValue<long>());
        foreach (var status in new[] { "429", "503", "504" }) findings.Count($"injected {status} before apply", byStatus.GetValueOrDefault(status));
        findings.Count("injected 504 after apply", stats["timeoutsAfterApply"]!.GetValue<long>());
        findings.Count("429 from the mailbox concurrency limit", stats["throttled"]!.GetValue<long>());
        var refused = stats["tokensRefused"]!.GetValue<long>();
        findings.Count("calls refused for an expired token (401)", refused);
        findings.Count("tokens issued (sign-ins)", stats["tokensIssued"]!.GetValue<long>());
        if (refused == 0) findings.Add(Findings.Lost, "no token expired during the migration: the proof proved nothing about renewing one");
        if (service.Output.Contains(secret, StringComparison.Ordinal)) findings.Add(Findings.Leaked, "the service's output shows its client secret");
        await MigrationAudit.RunAsync(proof, sandbox, findings);
        log.WriteLine("  service log tail: " + ChildProcess.Tail(service.Output, 600).ReplaceLineEndings(" | "));
        work.Keep = !findings.Clean;
        var full = (o with { Postgres = null }) == Options.Full;
        return new ProofResult(o.Postgres != null ? "Faults (PostgreSQL)" : "Faults", (full ? "faults" : "faults --quick") + (o.Postgres != null ? " --postgres" : ""),
            $"{o.Users} users × {o.MeetingsPerUser} meetings, {proof.TeamsTargets.Count} users Skype→Teams, one service, {o.MaxParallelRequests} mailboxes at a time, on {proof.Store.Describe()}",
            $"{o.ErrorRate:P0} of Graph calls answered 429/503/504 (Retry-After 1 s), {o.TimeoutAfterApplyRate:P0} of successful writes answered 504 after being applied, latency {o.LatencyMs} ms + spikes up to {o.SpikeMs} ms (seed {o.Seed}); " +
            $"access tokens expiring every {o.CallsPerToken} Graph calls (401 InvalidAuthenticationToken; the service signs in again at the sandbox's token endpoint with a client secret)",
            "the generated tenant's every meeting kind",
            findings, clock.Elapsed);
    }
}
