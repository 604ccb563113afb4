using System.Diagnostics;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Audit;
using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// The undo's crash proof: a tenant migrated (no faults), then organizers move an occurrence of half the series that were
/// migrated (each becomes an exception carrying the migrated block), then every organizer's migration is undone, half by
/// -Identity and half by -CorrelationId; Graph fails the first occurrence listings past their retries, so undos that put a
/// series back wait for their retry (<see cref="ListingFailures"/>); then the service running the undos is SIGKILLed at
/// random moments and started again. Audited by <see cref="UndoAudit"/>: every body as before the migration, byte for byte; one update per attendee of
/// what had to be restored; nothing restored twice, nothing left at Attempting, the store intact.
/// </summary>
public static class UndoScenario
{
    public sealed record Options(int Users, int MeetingsPerUser, int Kills, int Seed = 30, int LatencyMs = 100, int MaxParallelRequests = 4,
        int LeaseSeconds = 3, double MinKillSeconds = 1.5, double MaxKillSeconds = 4.5, double ErrorRate = 0.1, double TimeoutAfterApplyRate = 0.05,
        string? Postgres = null, int LaterMigrationEvery = 3, int WaitSessions = 2, int FailedListings = 6)
    {
        public static Options Full { get; } = new(100, 10, 30);
        /// <summary>As the crash proof's quick run: slow enough per request that four kills land while the undos run.</summary>
        public static Options Quick { get; } = new(12, 10, 4, LatencyMs: 300, MaxParallelRequests: 2, MinKillSeconds: 2.0, MaxKillSeconds: 4.0, FailedListings: 2);
    }

    public static async Task<ProofResult> RunAsync(Options o, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        using var work = new WorkDirectory("undo");
        // Half the meetings in series, and a third of the series with exceptions of their own: the undo's hard cases.
        var tenant = ProofTenant.Generate(o.Users, o.MeetingsPerUser, o.Seed, work.Path, out var tenantFile,
            g => g with { RecurringFraction = 0.5, SeriesExceptionFraction = 0.3 });
        await using var sandbox = await SandboxProcess.StartAsync(tenantFile, work.Path);
        var proof = await ProofTenant.PrepareAsync(tenant, sandbox,
            o.Postgres != null ? ProofStore.Server(o.Postgres, "undo") : ProofStore.File(work.File("store.db")));
        var original = await CalendarSnapshot.TakeAsync(sandbox, proof.Mailboxes);
        var settings = proof.Store.Configure(ServiceProcess.SandboxSettings(proof.Store.Location, sandbox.GraphUrl, o.MaxParallelRequests, o.LeaseSeconds));

        // The migration, uninterrupted (the crash proof kills it): this proof is about what undoes it.
        var migrating = ServiceProcess.Start("service (migration)", settings);
        await QueueWatch.WaitUntilFinishedAsync(proof.Store, TimeSpan.FromMinutes(15), () => !migrating.HasExited);
        await migrating.KillAsync();
        var migrations = await RequestsAsync(proof.Store);
        if (migrations.Any(r => r.State is not (MigrationState.Succeeded or MigrationState.Failed)))
            throw new InvalidOperationException("the migration did not end: " + string.Join("; ", migrations.Where(r => !r.AttemptEnded).Select(r => $"{r.UserPrincipalName} {r.State}")));
        var moved = await MoveOccurrencesAsync(sandbox, original, await CalendarSnapshot.TakeAsync(sandbox, proof.Mailboxes));
        log.WriteLine($"  migrated; {moved} occurrence(s) of migrated series moved");

        var before = new UndoAudit.Before(original, await CalendarSnapshot.TakeAsync(sandbox, proof.Mailboxes), (await sandbox.NotificationsAsync()).Count,
            await OnlineMeetingsAsync(sandbox, proof));
        var (undos, nothingToUndo) = await QueueUndosAsync(proof.Store, migrations);
        var later = await QueueLaterMigrationsAsync(proof, undos, o.LaterMigrationEvery);
        log.WriteLine($"  {undos.Count} undo(s) queued, {nothingToUndo} organizer(s) with nothing to undo; {later.Count} migration(s) of one kind queued after an undo");
        // Admins run some of those Teams-only migrations with -Wait, after Graph's dial-in details of the organizers' Teams
        // meetings changed (so the migration has meetings to write): each session runs the undo queued ahead first, then the
        // migration, and is stopped part-way (SIGTERM, SIGKILL in turn); the service below finishes what they left.
        var sessionOrganizers = later.Where(l => l.Value == SourceMeetingType.Teams && proof.TeamsTargets.Contains(l.Key)).Select(l => l.Key)
            .OrderBy(u => u, StringComparer.OrdinalIgnoreCase).Where((_, i) => i % 2 == 0).ToList();
        await NewTeamsDetailsAsync(sandbox, proof, sessionOrganizers);
        await sandbox.SetFaultsAsync(new { latencyMs = o.LatencyMs, jitterMs = o.LatencyMs / 2, writeAnswerDelayMs = o.LatencyMs, seed = o.Seed });
        var sessions = await WaitSessions.RunAsync(sessionOrganizers, o.WaitSessions, proof.Store, sandbox, new Random(o.Seed), log);
        before = before with { LaterMigrations = later, NewTeamsDetails = sessionOrganizers.ToHashSet(StringComparer.OrdinalIgnoreCase) };
        var findings = new Findings();
        // Graph fails the first occurrence listings past their retries: undos that put a series back wait for their retry,
        // every other of them asked for again (its retry brought forward), before the kills.
        var listings = await ListingFailures.RunAsync(o.FailedListings, TimeSpan.FromMilliseconds(o.LatencyMs * 40), sandbox, proof.Store, settings, undos, findings, log);

        await sandbox.ResetStatsAsync(); // the fault figures count the undo's calls
        // The work: every request queued after the migration (the undos, the later migrations, and any the undos queue again).
        var first = migrations.Select(r => r.CorrelationId).ToHashSet();
        bool AfterMigration(MigrationRequest r) => !first.Contains(r.CorrelationId);
        var run = await KillLoop.RunAsync(new KillLoop.Plan(o.Kills, o.Seed, o.LatencyMs, o.MinKillSeconds, o.MaxKillSeconds, HoldWriteAnswers: true,
            o.ErrorRate, o.TimeoutAfterApplyRate), sandbox, settings,
            () => QueueWatch.ProgressAsync(proof.Store, AfterMigration), () => QueueWatch.WrittenMeetings(proof.Store, MeetingOutcome.Restored), log);

        var stats = await sandbox.StatsAsync();
        findings.Count("SIGKILLs during the undo", run.Kills);
        findings.Count("Graph calls during the undo", stats["requests"]!.GetValue<long>());
        findings.Count("injected 429/503/504 before apply", stats["injectedFaultsByStatus"]?.AsObject().Sum(p => p.Value!.GetValue<long>()) ?? 0);
        findings.Count("injected 504 after apply", stats["timeoutsAfterApply"]!.GetValue<long>());
        findings.Count("service starts", run.Starts);
        findings.Count("kills after the killed process had restored meetings", run.KillsMidWork);
        findings.Count("occurrences moved after the migration", moved);
        findings.Count("-Wait sessions stopped part-way (SIGTERM / SIGKILL)", sessions.Terminated + sessions.Killed);
        findings.Count("updates sent by the -Wait sessions before their stop", sessions.UpdatesBeforeStops);
        findings.Count("undos waiting for their retry after Graph failed listing a series' occurrences past its retries", listings.Waiting);
        findings.Count("of them asked for again (the same undo, its retry brought forward)", listings.AskedAgain);
        if (sessions.Organizers.Count > 0 && sessions.Terminated + sessions.Killed == 0)
            findings.Add(Findings.Lost, "no -Wait session was stopped part-way: the proof proved nothing about them");
        if (run.Kills < o.Kills) findings.Add(Findings.Lost, $"only {run.Kills} of {o.Kills} kills landed during the undo");
        if (run.KillsMidWork == 0) findings.Add(Findings.Lost, "no kill landed while the service was restoring meetings: the proof proved nothing");
        if (moved == 0) findings.Add(Findings.Lost, "no occurrence of a migrated series could be moved: the proof proved nothing about them");
        await UndoAudit.RunAsync(proof, sandbox, before, undos.Select(u => u.Undo).ToList(), first, findings);
        work.Keep = !findings.Clean;
        var full = (o with { Postgres = null }) == Options.Full;
        return new ProofResult(o.Postgres != null ? "Undo crash (PostgreSQL)" : "Undo crash", (full ? "undo" : "undo --quick") + (o.Postgres != null ? " --postgres" : ""),
            $"{o.Users} users × {o.MeetingsPerUser} meetings (half in series, a third of the series with exceptions), migrated ({proof.TeamsTargets.Count} users Skype→Teams), " +
            $"then every organizer's migration undone, half by -Identity and half by -CorrelationId, and a migration of one kind queued right after the undo " +
            $"(-SourceMeetingType Teams for every other organizer moved to Teams; Teams or SfB in turn for every {Ordinal(o.LaterMigrationEvery)} other organizer); " +
            $"for every other of the Teams-only ones ({sessionOrganizers.Count}), new Teams dial-in details and `Start-CsExMeetingMigration -SourceMeetingType Teams -Wait` in {sessions.Sessions} pwsh session(s) " +
            $"(which runs the undo queued ahead first), stopped part-way by SIGTERM and SIGKILL in turn; " +
            $"then the first {o.FailedListings} listings of a series' occurrences answered 503 past their retries (the undos that had put a series back wait for their retry; every other asked for again); the service run with {o.MaxParallelRequests} mailboxes at a time, lease {o.LeaseSeconds} s, on {proof.Store.Describe()}",
            $"{run.Kills} SIGKILLs of the service during the undo at random moments ({o.MinKillSeconds}–{o.MaxKillSeconds} s after each start, seed {o.Seed}), restarted each time; " +
            $"sandbox latency {run.MinLatencyMs}–{run.MaxLatencyMs} ms, paced to the kills, and as long again before a write's answer, after it is applied; " +
            $"until the last start, {o.ErrorRate:P0} of Graph calls answered 429/503/504 (Retry-After 1 s) and {o.TimeoutAfterApplyRate:P0} of successful writes 504 after being applied",
            "an occurrence of every other migrated series moved 30 minutes by its organizer after the migration (an exception carrying the migrated block); the generated tenant's every meeting kind",
            findings, clock.Elapsed);
    }

    /// <summary>New Teams dial-in details (another conference ID) for these organizers, as after an admin's reset.</summary>
    private static async Task NewTeamsDetailsAsync(SandboxProcess sandbox, ProofTenant proof, IEnumerable<string> organizers)
    {
        var index = proof.Mailboxes.Select((upn, i) => (upn, i)).ToDictionary(p => p.upn, p => p.i, StringComparer.OrdinalIgnoreCase);
        foreach (var upn in organizers)
            await sandbox.PutAsync($"sandbox/users/{Uri.EscapeDataString(upn)}/conferencing", new
            {
                conferenceId = (61_000_000 + index[upn]).ToString(System.Globalization.CultureInfo.InvariantCulture),
                tollNumber = "+1 425 555 0188",
                tollFreeNumbers = new[] { "+1 800 555 0188" },
                dialInUrl = "https://dialin.teams.microsoft.com/reliability",
            });
    }

    private static string Ordinal(int n) => n switch { 1 => "one", 2 => "second", 3 => "third", 4 => "fourth", _ => n + "th" };

    private static async Task<IReadOnlyList<MigrationRequest>> RequestsAsync(ProofStore proofStore)
    {
        using var store = proofStore.Open();
        return await store.QueryAsync(new MigrationStatusQuery(), default);
    }

    /// <summary>
    /// The organizers move the next occurrence (a day ahead or later) of every other series the migration changed, 30
    /// minutes later, as in Outlook: the undo must find it through the series and put the earlier block back in it too.
    /// </summary>
    private static async Task<int> MoveOccurrencesAsync(SandboxProcess sandbox, CalendarSnapshot original, CalendarSnapshot migrated)
    {
        var now = DateTime.UtcNow;
        var series = migrated.Items.Values.Where(i => i.IsSeries && original.Find(i.Mailbox, i.Id)?.Body is { } body && body != i.Body)
            .OrderBy(i => i.Mailbox, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var moved = 0;
        for (var i = 0; i < series.Count; i += 2)
        {
            var next = (await sandbox.InstancesAsync(series[i].Mailbox, series[i].Id, now.AddDays(1), now.AddDays(400))).FirstOrDefault(x => x.Type == "occurrence");
            if (next == null) continue;
            await sandbox.MoveAsync(series[i].Mailbox, next.Id, 30);
            moved++;
        }
        return moved;
    }

    private static async Task<IReadOnlyDictionary<string, int>> OnlineMeetingsAsync(SandboxProcess sandbox, ProofTenant proof)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var organizer in proof.TeamsTargets) counts[organizer] = await sandbox.OnlineMeetingCountAsync(organizer);
        return counts;
    }

    /// <summary>
    /// As an admin would with Undo-CsMeetingMigration: every other organizer by -Identity (each meeting's latest migration),
    /// the rest by -CorrelationId of their migration. An organizer whose migration changed nothing is refused NothingToUndo.
    /// </summary>
    private static async Task<(IReadOnlyList<ListingFailures.AskedUndo> Undos, int NothingToUndo)> QueueUndosAsync(ProofStore proofStore, IReadOnlyList<MigrationRequest> migrations)
    {
        using var store = proofStore.Open();
        var admin = new MigrationAdmin(store);
        var undos = new List<ListingFailures.AskedUndo>();
        var nothing = 0;
        var ordered = migrations.OrderBy(r => r.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            try
            {
                var plan = i % 2 == 0
                    ? await admin.PlanUndoAsync(UserIdentity.Parse(ordered[i].UserPrincipalName), null, default)
                    : await admin.PlanUndoAsync(null, ordered[i].CorrelationId, default);
                undos.Add(new ListingFailures.AskedUndo((await admin.QueueUndoAsync(plan, default)).Request.CorrelationId, ordered[i].UserPrincipalName,
                    i % 2 == 0 ? null : ordered[i].CorrelationId));
            }
            catch (MeetingMigrationException e) when (e.ErrorId == ErrorIds.NothingToUndo)
            {
                nothing++;
            }
        }
        return (undos, nothing);
    }

    /// <summary>
    /// As an admin would with Start-CsExMeetingMigration -SourceMeetingType, right after the undo: for every other organizer
    /// the migration moved to Teams, Teams (the meetings it converted must still be put back, its Teams meetings are left to
    /// the later migration); for every <paramref name="every"/>th of the others, Teams or SfB in turn. The undo runs on
    /// beside it (docs/undo.md); returns the organizers and the kind queued.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, SourceMeetingType>> QueueLaterMigrationsAsync(ProofTenant proof,
        IReadOnlyList<ListingFailures.AskedUndo> undos, int every)
    {
        var later = new Dictionary<string, SourceMeetingType>(StringComparer.OrdinalIgnoreCase);
        using var store = proof.Store.Open();
        var admin = new MigrationAdmin(store);
        int movedToTeams = 0, others = 0;
        foreach (var user in undos.Select(u => u.User))
        {
            SourceMeetingType kind;
            if (proof.TeamsTargets.Contains(user))
            {
                if (movedToTeams++ % 2 != 0) continue;
                kind = SourceMeetingType.Teams;
            }
            else
            {
                if (others++ % every != 0) continue;
                kind = (others / every) % 2 == 0 ? SourceMeetingType.Teams : SourceMeetingType.SfB;
            }
            var queued = await admin.StartAsync(UserIdentity.Parse(user), kind, TargetMeetingType.Current, default);
            if (queued.Request.SourceMeetingType != kind)
                throw new InvalidOperationException($"the migration of {user} queued after its undo selects {queued.Request.SourceMeetingType}, not {kind}");
            later[user] = kind;
        }
        return later;
    }
}
