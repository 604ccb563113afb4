using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Audit;
using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// PowerShell sessions (real pwsh, the built module) issuing every state-changing cmdlet in a loop while service
/// processes drain the same store: at the end each session's last write of each value it owns is what the store shows,
/// every request it queued exists, no error stream mentions a locked database, and no request ran a meeting twice.
/// </summary>
public static class ConcurrencyScenario
{
    public sealed record Options(int Sessions, int Seconds, int Services = 2, int Users = 16, int MeetingsPerUser = 5, int Seed = 30)
    {
        public static Options Full { get; } = new(8, 120);
        public static Options Quick { get; } = new(3, 15, Users: 6);
    }

    /// <summary>
    /// Not issued in the loop: Remove-CsOnlineDialInConferencingTenantSettings resets every dial-in setting to its default
    /// by design, so a session issuing it would undo the other sessions' values (a legitimate loss, not a lost write).
    /// </summary>
    public static readonly string[] NotIssued = { "Remove-CsOnlineDialInConferencingTenantSettings" };

    public static async Task<ProofResult> RunAsync(Options o, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        using var work = new WorkDirectory("concurrency");
        var tenant = ProofTenant.Generate(o.Users, o.MeetingsPerUser, o.Seed, work.Path, out var tenantFile);
        await using var sandbox = await SandboxProcess.StartAsync(tenantFile, work.Path);
        var proof = await ProofTenant.PrepareAsync(tenant, sandbox, work.File("store.db"));
        using (var store = SqliteMigrationStore.Open(proof.StorePath))
            await store.UpdateTenantMigrationConfigurationAsync(c => c.TriggerDelay = TimeSpan.FromDays(1), default);

        var settings = ServiceProcess.SandboxSettings(proof.StorePath, sandbox.GraphUrl, maxParallelRequests: 8, leaseSeconds: 10);
        var services = Enumerable.Range(1, o.Services).Select(n => ServiceProcess.Start($"service {n}", settings)).ToList();
        var mailboxes = proof.Mailboxes;
        var sessions = Enumerable.Range(0, o.Sessions).Select(i =>
        {
            var owned = mailboxes.Where((_, k) => k % o.Sessions == i).DefaultIfEmpty(mailboxes[i % mailboxes.Count]).ToArray();
            return (Index: i, Result: work.File($"session-{i}.json"), Process: StartSession(i, o.Seconds, proof.StorePath, owned, work.File($"session-{i}.json")));
        }).ToList();
        foreach (var s in sessions) await s.Process.WaitForExitAsync(TimeSpan.FromSeconds(o.Seconds + 300));
        log.WriteLine($"  {o.Sessions} sessions done after {clock.Elapsed.TotalSeconds:0} s; waiting for the services to drain the queue");

        // The sessions' own starts are due now; requests their conferencing changes triggered wait a day (TriggerDelay).
        await WaitForDueRequestsAsync(proof.StorePath, TimeSpan.FromMinutes(10));
        foreach (var service in services) await service.KillAsync();

        var findings = new Findings();
        await CheckSessionsAsync(sessions.Select(s => (s.Index, s.Result, s.Process)).ToList(), proof.StorePath, findings);
        foreach (var service in services)
            if (IsLockError(service.Output)) findings.Add(Findings.Leaked, $"{service.Name} logged a locked database: {ChildProcess.Tail(service.Output, 400)}");
        await MigrationAudit.RunAsync(proof, sandbox, findings, MigrationAudit.Mode.RequestsRunOnce);
        work.Keep = !findings.Clean;
        return new ProofResult("Concurrency", o == Options.Full ? "concurrency" : "concurrency --quick",
            $"{o.Sessions} pwsh sessions (the built module) for {o.Seconds} s and {o.Services} service processes on one store; {o.Users} mailboxes × {o.MeetingsPerUser} meetings in the sandbox",
            "none injected: the contention is the fault (SQLite's one writer, leases between two services)",
            "every state-changing cmdlet in a loop: Set-CsTenantMigrationConfiguration, Set-CsOnlineDialInConferencingTenantSettings, Set-MeetingMigrationConferencingProfile, " +
            "Set/Enable/Disable-CsOnlineDialInConferencingUser, Register-CsMeetingMigrationUserMove, Import-CsOnlineDialInConferencingUser, New/Set-CsOnlineDialInConferencingBridge, " +
            "Register/Unregister-CsOnlineDialInConferencingServiceNumber, Set-CsOnlineDialInConferencingUserDefaultNumber, Start-CsExMeetingMigration, Undo-CsMeetingMigration (not " + string.Join(", ", NotIssued) + ": it resets every session's values by design)",
            findings, clock.Elapsed);
    }

    private static ChildProcess StartSession(int index, int seconds, string storePath, string[] mailboxes, string resultPath)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Concurrency", "Session.ps1");
        var arguments = new List<string> { "pwsh", "-NoProfile", "-NonInteractive", "-File", script, "-ModulePath", RepositoryPaths.Module(),
            "-StorePath", storePath, "-Session", index.ToString(CultureInfo.InvariantCulture), "-Seconds", seconds.ToString(CultureInfo.InvariantCulture),
            "-ResultPath", resultPath, "-Mailboxes" };
        arguments.Add(string.Join(",", mailboxes));
        // `dotnet pwsh` is the pwsh the repository pins (.config/dotnet-tools.json), found from the repository root.
        return ChildProcess.Start($"session {index}", DotnetHost.Path, arguments, workingDirectory: RepositoryPaths.Root());
    }

    private static async Task WaitForDueRequestsAsync(string storePath, TimeSpan hangGuard)
    {
        var deadline = DateTime.UtcNow + hangGuard;
        while (DateTime.UtcNow < deadline)
        {
            using var store = SqliteMigrationStore.Open(storePath);
            var requests = await store.QueryAsync(new MigrationStatusQuery(), default);
            if (!requests.Any(r => r.NotBefore <= DateTime.UtcNow && r.State is MigrationState.Pending or MigrationState.InProgress)) return;
            await Task.Delay(500);
        }
    }

    private static bool IsLockError(string text) =>
        text.Contains("database is locked", StringComparison.OrdinalIgnoreCase) || text.Contains("SQLITE_BUSY", StringComparison.OrdinalIgnoreCase);

    private static async Task CheckSessionsAsync(IReadOnlyList<(int Index, string Result, ChildProcess Process)> sessions, string storePath, Findings findings)
    {
        using var store = SqliteMigrationStore.Open(storePath);
        var configuration = await store.GetTenantMigrationConfigurationAsync(default);
        var dialIn = await store.GetDialInSettingsAsync(default);
        var bridges = await store.GetBridgesAsync(default);
        long writes = 0, iterations = 0, values = 0, queued = 0, refused = 0, undos = 0, undosRefused = 0;
        foreach (var (index, resultPath, process) in sessions)
        {
            if (IsLockError(process.Output)) findings.Add(Findings.Leaked, $"session {index} output mentions a locked database");
            if (!File.Exists(resultPath))
            {
                findings.Add(Findings.Lost, $"session {index} wrote no result (exit {process.ExitCode}): {ChildProcess.Tail(process.Output, 800)}");
                continue;
            }
            var result = JsonNode.Parse(await File.ReadAllTextAsync(resultPath))!;
            writes += result["writes"]!.GetValue<long>();
            iterations += result["iterations"]!.GetValue<long>();
            refused += result["refusedWhileOff"]!.GetValue<long>();
            undos += result["undos"]!.GetValue<long>();
            undosRefused += result["undosRefused"]!.GetValue<long>();
            foreach (var error in result["errors"]!.AsArray().Select(e => e!.GetValue<string>()))
                findings.Add(IsLockError(error) ? Findings.Leaked : Findings.Lost, $"session {index}: a write failed: {error}");

            foreach (var (key, node) in result["owned"]!.AsObject())
            {
                values++;
                var wrote = node!.GetValue<string>();
                var shows = await StoredValueAsync(key, result, configuration, dialIn, bridges, store);
                if (!string.Equals(wrote, shows, StringComparison.Ordinal))
                    findings.Add(Findings.Lost, $"session {index} last wrote {key} = '{wrote}', the store shows '{shows}'");
            }
            var bridge = bridges.FirstOrDefault(b => b.Name == result["bridge"]!.GetValue<string>());
            var onBridge = bridge?.ServiceNumbers.Select(n => Digits(n.Number)).ToHashSet() ?? new HashSet<string>();
            var gone = result["unregistered"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
            foreach (var number in result["registered"]!.AsArray().Select(n => n!.GetValue<string>()))
            {
                if (!gone.Contains(number) && !onBridge.Contains(Digits(number))) findings.Add(Findings.Lost, $"session {index}: registered number {number} is not on its bridge");
                if (gone.Contains(number) && onBridge.Contains(Digits(number))) findings.Add(Findings.Lost, $"session {index}: unregistered number {number} is still on its bridge");
            }
            foreach (var id in result["correlationIds"]!.AsArray().Select(n => Guid.Parse(n!.GetValue<string>())))
            {
                queued++;
                if (await store.GetAsync(id, default) == null) findings.Add(Findings.Lost, $"session {index}: queued request {id} is not in the store");
            }
        }
        findings.Count("sessions", sessions.Count);
        findings.Count("loop iterations", iterations);
        findings.Count("successful cmdlet writes", writes);
        findings.Count("owned values checked", values);
        findings.Count("Start-CsExMeetingMigration and Undo-CsMeetingMigration requests checked", queued);
        findings.Count("undos queued", undos);
        findings.Count("undos refused as documented (a migration of the user still to run, or nothing to undo)", undosRefused);
        // A migration queued while an undo of the user waits replaces it (docs/undo.md): Failed, saying so.
        findings.Count("undos replaced by a migration queued after them (Failed, saying so)", (await store.QueryAsync(new MigrationStatusQuery(), default))
            .Count(r => r.Trigger == Engine.Triggers.TriggerNames.Undo && r.State == MigrationState.Failed && r.LastMessage.Contains("It was replaced by request", StringComparison.Ordinal)));
        findings.Count("starts refused (MigrationDisabled) while another session had migration off", refused);
    }

    private static async Task<string?> StoredValueAsync(string key, JsonNode result, TenantMigrationConfiguration configuration,
        DialInConferencingTenantSettings dialIn, IReadOnlyList<Engine.Conferencing.ConferencingBridge> bridges, IMigrationStore store)
    {
        var (kind, name) = (key.Split(':')[0], key.Split(':')[1]);
        switch (kind)
        {
            case "Tenant": return Text(typeof(TenantMigrationConfiguration).GetProperty(name)!.GetValue(configuration));
            case "DialIn": return Text(typeof(DialInConferencingTenantSettings).GetProperty(name)!.GetValue(dialIn));
            case "Bridge": return bridges.FirstOrDefault(b => b.Name == result["bridge"]!.GetValue<string>())?.DefaultServiceNumber is { } n ? "+" + Digits(n) : null;
        }
        var user = kind switch { "User" => "profileUser", "Toggle" => "toggleUser", "Mover" => "moverUser", _ => "importUser" };
        var stored = await store.GetDialInUserAsync(result[user]!.GetValue<string>(), default);
        return stored == null ? null : Text(typeof(Engine.Conferencing.DialInUser).GetProperty(name)!.GetValue(stored));
    }

    /// <summary>A stored value as the session wrote it from pwsh ([string] of the value; lists joined by commas).</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(",", list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Digits(string number) => new(number.Where(char.IsDigit).ToArray());
}
