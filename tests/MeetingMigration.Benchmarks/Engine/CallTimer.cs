using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Users;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// Wraps the engine's gateway to say where a run's time went: how long each kind of call took as the engine saw it (the
/// sandbox's latency plus its queueing and the engine's own delays in reading the answer), and how many of its four
/// slots each mailbox kept busy between its first call and its last. Slots idle with calls at the latency: the engine did
/// not ask; calls slower than the latency: the answer was late.
/// </summary>
internal sealed class CallTimer : IMailboxGateway
{
    private readonly IMailboxGateway _inner;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, (long Count, double Seconds)> _byKind = new();
    private readonly ConcurrentDictionary<string, MailboxUse> _byMailbox = new(StringComparer.OrdinalIgnoreCase);

    private sealed class MailboxUse
    {
        public double First = double.MaxValue, Last, Busy;
    }

    public CallTimer(IMailboxGateway inner) => _inner = inner;

    /// <summary>Mean seconds per call, by kind.</summary>
    public IReadOnlyDictionary<string, double> MeanSeconds => _byKind.ToDictionary(p => p.Key, p => p.Value.Seconds / p.Value.Count);

    /// <summary>Mean seconds per call, all kinds together.</summary>
    public double MeanSecondsPerCall
    {
        get
        {
            var all = _byKind.Values.ToList();
            long calls = all.Sum(v => v.Count);
            return calls == 0 ? 0 : all.Sum(v => v.Seconds) / calls;
        }
    }

    /// <summary>
    /// The engine's gateway as <see cref="GraphConnection.Create"/> builds it (Graph calls under
    /// <see cref="ResilientMailboxGateway"/>'s slots and retries), with a timer on each side of the slots: <c>AsSeen</c>
    /// outside (a call as the migration code waits for it, waiting for a slot included), <c>InSlot</c> inside (from the slot
    /// granted to the answer read: how long the call kept one of the mailbox's four). The gateway the connection built is
    /// not used.
    /// </summary>
    public static (CallTimer AsSeen, CallTimer InSlot) AroundSlots(GraphConnection graph)
    {
        var inSlot = new CallTimer(new GraphMailboxGateway(graph.Client));
        return (new CallTimer(new ResilientMailboxGateway(inSlot, graph.Options.GlobalConcurrency)), inSlot);
    }

    /// <summary>Mean over mailboxes of (call time in flight) ÷ (time between its first call and its last): 4 is all slots busy.</summary>
    public double MeanSlotsBusy => _byMailbox.IsEmpty ? 0 : _byMailbox.Values.Average(m => m.Last > m.First ? m.Busy / (m.Last - m.First) : 0);

    private async Task<T> Timed<T>(string kind, string mailbox, Func<Task<T>> call)
    {
        double start = _clock.Elapsed.TotalSeconds;
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            double end = _clock.Elapsed.TotalSeconds, took = end - start;
            _byKind.AddOrUpdate(kind, (1, took), (_, v) => (v.Count + 1, v.Seconds + took));
            var use = _byMailbox.GetOrAdd(mailbox, _ => new MailboxUse());
            lock (use)
            {
                use.First = Math.Min(use.First, start);
                use.Last = Math.Max(use.Last, end);
                use.Busy += took;
            }
        }
    }

    public Task<DirectoryUser?> FindAsync(UserIdentity identity, CancellationToken cancellationToken) =>
        Timed("user", identity.Value, () => _inner.FindAsync(identity, cancellationToken));

    public Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
        Timed("page", mailbox, () => _inner.ReadCalendarPageAsync(mailbox, startUtc, endUtc, nextLink, cancellationToken));

    public Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, StoredBodyFormat expected, CancellationToken cancellationToken) =>
        Timed("event", mailbox, () => _inner.GetEventAsync(mailbox, eventId, expected, cancellationToken));

    public Task<bool> HasOccurrenceStartingBetweenAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
        Timed("instances", mailbox, () => _inner.HasOccurrenceStartingBetweenAsync(mailbox, seriesMasterId, startUtc, endUtc, cancellationToken));

    public Task<CalendarPage> ReadInstancesPageAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
        Timed("instances", mailbox, () => _inner.ReadInstancesPageAsync(mailbox, seriesMasterId, startUtc, endUtc, nextLink, cancellationToken));

    public Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken) =>
        Timed("patch", mailbox, async () => { await _inner.PatchEventAsync(mailbox, patch, cancellationToken).ConfigureAwait(false); return true; });

    public Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken) =>
        Timed("teams", mailbox, () => _inner.GetTeamsCoordinatesAsync(mailbox, organizerId, joinUrl, cancellationToken));

    public Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc,
        CancellationToken cancellationToken) =>
        Timed("create", mailbox, () => _inner.CreateTeamsMeetingAsync(mailbox, organizerId, externalId, subject, startUtc, endUtc, cancellationToken));
}
