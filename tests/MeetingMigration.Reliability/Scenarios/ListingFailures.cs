using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Reliability.Audit;
using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// The undo proof's phase where Graph fails occurrence listings: a busy Exchange answers the first listings of a series'
/// occurrences 503 past every retry of the call, so undos that have put a series back end their attempt waiting for their
/// retry. Every other of them is then asked for again, as its error advises (the same undo, its retry brought forward:
/// outside probes found a second undo queued behind what ran meanwhile, which split the series); the rest come back on their
/// own retry. The kill loop that follows runs both through SIGKILLs, and the audit holds them to the same rules as every undo.
/// </summary>
public static class ListingFailures
{
    /// <summary>An undo as it was asked for: by -Identity (<paramref name="Of"/> null) or by -CorrelationId of the migration.</summary>
    public sealed record AskedUndo(Guid Undo, string User, Guid? Of);

    public sealed record Outcome(int Waiting, int AskedAgain);

    /// <summary>Each call is sent 10 times (the engine's Backoff): so many busy answers fail one listing past its retries.</summary>
    private const int SendsPerCall = 10;

    /// <param name="grace">How long undos may run on once the busy answers are spent, to end the attempts that met them.</param>
    public static async Task<Outcome> RunAsync(int listings, TimeSpan grace, SandboxProcess sandbox, ProofStore proofStore, IReadOnlyDictionary<string, string> settings,
        IReadOnlyList<AskedUndo> undos, Findings findings, TextWriter log)
    {
        if (listings == 0) return new Outcome(0, 0);
        await sandbox.PutAsync("sandbox/misbehave", new { mode = "Unavailable", count = listings * SendsPerCall, method = "GET", pathContains = "/instances" });
        var service = ServiceProcess.Start("service (occurrence listings failing)", settings);
        // Until as many undos wait for their retry as listings fail, or a grace after the busy answers are spent: an undo
        // whose listing failed goes on with its other meetings before its attempt ends. The service is not left to run the
        // rest (the kill loop's work): a full run's first try waited for no undo to be running, and the service ran 126 of
        // 132 requests to their end first.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        DateTime? spentAt = null;
        while (DateTime.UtcNow < deadline && !service.HasExited)
        {
            var (waitingNow, open) = await StatesAsync(proofStore, undos);
            if (waitingNow.Count >= listings || open == 0) break;
            if (spentAt == null && (await sandbox.GetJsonAsync("sandbox/misbehave"))["count"]!.GetValue<int>() == 0) spentAt = DateTime.UtcNow;
            if (spentAt != null && DateTime.UtcNow - spentAt > grace) break;
            await Task.Delay(100);
        }
        // Killed before any retry is due: the kill loop runs the rest.
        await service.KillAsync();
        await sandbox.PutAsync("sandbox/misbehave", new { });

        var waiting = (await StatesAsync(proofStore, undos)).Waiting;
        using var store = proofStore.Open();
        var admin = new MigrationAdmin(store);
        var askedAgain = 0;
        for (var i = 0; i < waiting.Count; i += 2)
        {
            var undo = waiting[i];
            var plan = await admin.PlanUndoAsync(undo.Of == null ? UserIdentity.Parse(undo.User) : null, undo.Of, default);
            var queued = await admin.QueueUndoAsync(plan, default);
            if (queued.RetryBroughtForward && queued.Request.CorrelationId == undo.Undo) askedAgain++;
            else findings.Add(Findings.Lost, $"the undo of {undo.User} waiting for its retry, asked for again, was not brought forward: request {queued.Request.CorrelationId} ({queued.Request.State})");
        }
        log.WriteLine($"  occurrence listings failed past their retries: {waiting.Count} undo(s) wait for their retry after putting meetings back, {askedAgain} asked for again");
        if (waiting.Count == 0) findings.Add(Findings.Lost, "no undo waited for its retry after putting meetings back: the listing failures proved nothing");
        return new Outcome(waiting.Count, askedAgain);
    }

    /// <summary>
    /// The undos waiting for their retry having put meetings back, and how many have not ended (Pending or InProgress, those
    /// waiting included).
    /// </summary>
    private static async Task<(List<AskedUndo> Waiting, int Open)> StatesAsync(ProofStore proofStore, IReadOnlyList<AskedUndo> undos)
    {
        using var store = proofStore.Open();
        var waiting = new List<AskedUndo>();
        var open = 0;
        foreach (var undo in undos)
        {
            var request = await store.GetAsync(undo.Undo, default);
            if (request == null || request.State is MigrationState.Succeeded or MigrationState.Failed) continue;
            open++;
            if (request.AwaitingRetry && (await store.GetJournalAsync(undo.Undo, default)).Any(e => e.Outcome == MeetingOutcome.Restored)) waiting.Add(undo);
        }
        return (waiting, open);
    }
}
