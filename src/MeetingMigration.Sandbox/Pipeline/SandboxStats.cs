using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;

namespace MeetingMigration.Sandbox;

/// <summary>Counters of one mailbox (key: lower-case UPN, or the raw id for unknown users).</summary>
public sealed record MailboxStatsSnapshot(string Mailbox, long Requests, long Writes, long Throttled, int MaxConcurrency);

/// <summary>
/// What GET /sandbox/stats reports. <see cref="RequestsByKind"/> counts requests by method and resource ("GET calendarView",
/// "PATCH event", "GET onlineMeetings"...), so a benchmark can say which reads a migrated meeting costs;
/// <see cref="HandlerMicrosecondsByKind"/> is the time their handlers ran (reading the body, the work under the state lock and
/// writing the JSON, waiting for the lock left out: the handlers' own cost).
/// </summary>
public sealed record SandboxStatsSnapshot(long Requests, long Throttled, long InjectedFaults, long TimeoutsAfterApply,
    long NotificationsSent, IReadOnlyList<MailboxStatsSnapshot> Mailboxes, IReadOnlyDictionary<string, long> RequestsByKind,
    IReadOnlyDictionary<string, long> HandlerMicrosecondsByKind)
{
    /// <summary>Injected failures by HTTP status (429, 503, 504), so a reliability run can say which faults it survived.</summary>
    public IReadOnlyDictionary<int, long> InjectedFaultsByStatus { get; init; } = new Dictionary<int, long>();

    /// <summary>Tokens handed out by POST /{tenant}/oauth2/v2.0/token.</summary>
    public long TokensIssued { get; init; }

    /// <summary>Graph calls answered 401 InvalidAuthenticationToken because token checking found their token expired or unknown.</summary>
    public long TokensRefused { get; init; }

    /// <summary>
    /// Time the runtime's JIT has spent compiling code in this process since it started (not zeroed by a reset): a benchmark
    /// takes the difference over its run, to tell the sandbox's cost per request from tiered recompilation of code that
    /// turned hot, which a process pays in its first minutes only.
    /// </summary>
    public double ProcessJitMilliseconds { get; init; }

    /// <summary>
    /// Bytes this process has allocated since it started (not zeroed by a reset), and the time its garbage collector held
    /// its threads over the collections it made: a benchmark takes the differences over its run, to say what the sandbox's
    /// garbage costs per request beside its CPU.
    /// </summary>
    public long ProcessAllocatedBytes { get; init; }

    /// <inheritdoc cref="ProcessAllocatedBytes"/>
    public double ProcessGcPauseMilliseconds { get; init; }

    /// <inheritdoc cref="ProcessAllocatedBytes"/>
    public int ProcessGcCollections { get; init; }

    /// <summary>Graph calls answered over HTTP since the last reset (a $batch is one).</summary>
    public long AnsweredRequests { get; init; }

    /// <summary>
    /// Their time in the sandbox added up, from the request's headers read to its answer handed to the server (the latency
    /// included): ÷ <see cref="AnsweredRequests"/>, how long the sandbox took to answer on average. A benchmark compares it
    /// with how long its client waited, to tell the sandbox's delays from its own.
    /// </summary>
    public long AnswerMicroseconds { get; init; }
}

/// <summary>Lock-free counters: the hot path only does Interlocked operations.</summary>
internal sealed class SandboxStats
{
    private sealed class Counters
    {
        public long Requests, Writes, Throttled;
        public int InFlight, MaxConcurrency;
    }

    private ConcurrentDictionary<string, Counters> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private ConcurrentDictionary<string, StrongBox<long>> _kinds = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, StrongBox<long>> _handlerTicks = new(StringComparer.Ordinal);
    private long _requests, _throttled, _faults, _timeouts, _notifications, _tokensIssued, _tokensRefused, _answered, _answerTicks;
    private ConcurrentDictionary<int, StrongBox<long>> _faultsByStatus = new();

    private Counters For(string mailbox) => _mailboxes.GetOrAdd(mailbox, static _ => new Counters());

    public void CountRequest(string? mailbox, bool isWrite, string kind)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _kinds.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);
        if (mailbox is null) return;
        var c = For(mailbox);
        Interlocked.Increment(ref c.Requests);
        if (isWrite) Interlocked.Increment(ref c.Writes);
    }

    public void CountHandlerTime(string kind, long stopwatchTicks) =>
        Interlocked.Add(ref _handlerTicks.GetOrAdd(kind, static _ => new StrongBox<long>()).Value, stopwatchTicks);

    public void CountAnswer(long stopwatchTicks)
    {
        Interlocked.Increment(ref _answered);
        Interlocked.Add(ref _answerTicks, stopwatchTicks);
    }

    public void CountThrottled(string? mailbox)
    {
        Interlocked.Increment(ref _throttled);
        if (mailbox is not null) Interlocked.Increment(ref For(mailbox).Throttled);
    }

    /// <summary>Marks a request in flight; pass the returned token to <see cref="Exit"/> (it survives a stats reset).</summary>
    public object Enter(string mailbox)
    {
        var c = For(mailbox);
        var now = Interlocked.Increment(ref c.InFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref c.MaxConcurrency)) && Interlocked.CompareExchange(ref c.MaxConcurrency, now, seen) != seen) { }
        return c;
    }

    public void Exit(object token) => Interlocked.Decrement(ref ((Counters)token).InFlight);

    public void CountInjectedFault(int status)
    {
        Interlocked.Increment(ref _faults);
        Interlocked.Increment(ref _faultsByStatus.GetOrAdd(status, static _ => new StrongBox<long>()).Value);
    }
    public void CountTimeoutAfterApply() => Interlocked.Increment(ref _timeouts);
    public void CountNotification() => Interlocked.Increment(ref _notifications);
    public void CountTokenIssued() => Interlocked.Increment(ref _tokensIssued);
    public void CountTokenRefused() => Interlocked.Increment(ref _tokensRefused);

    public void Reset()
    {
        // Requests in flight keep their counters object alive; new ones start from zero.
        _mailboxes = new ConcurrentDictionary<string, Counters>(StringComparer.OrdinalIgnoreCase);
        _kinds = new ConcurrentDictionary<string, StrongBox<long>>(StringComparer.Ordinal);
        _handlerTicks = new ConcurrentDictionary<string, StrongBox<long>>(StringComparer.Ordinal);
        _faultsByStatus = new ConcurrentDictionary<int, StrongBox<long>>();
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _timeouts, 0);
        Interlocked.Exchange(ref _notifications, 0);
        Interlocked.Exchange(ref _tokensIssued, 0);
        Interlocked.Exchange(ref _tokensRefused, 0);
        Interlocked.Exchange(ref _answered, 0);
        Interlocked.Exchange(ref _answerTicks, 0);
    }

    /// <summary>
    /// Stopwatch ticks (nanoseconds on Linux) as microseconds, multiplied in 128 bits: the answer times of a long run add up
    /// past what a long holds once multiplied by a million (about 2.6 hours of answers; found by an outside probe, whose
    /// 120,000 answers of 100 ms came back as a negative total).
    /// </summary>
    internal static long Microseconds(long stopwatchTicks) =>
        (long)((Int128)stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency);

    public SandboxStatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _requests), Interlocked.Read(ref _throttled), Interlocked.Read(ref _faults),
        Interlocked.Read(ref _timeouts), Interlocked.Read(ref _notifications),
        // ConcurrentDictionary.ToArray takes a consistent copy; LINQ over the live dictionary sized its buffer from Count and
        // then copied a dictionary that had grown meanwhile (the benchmark's crash, exit 134).
        _mailboxes.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new MailboxStatsSnapshot(p.Key, Interlocked.Read(ref p.Value.Requests), Interlocked.Read(ref p.Value.Writes),
                Interlocked.Read(ref p.Value.Throttled), Volatile.Read(ref p.Value.MaxConcurrency)))
            .ToList(),
        _kinds.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal),
        _handlerTicks.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => Microseconds(Interlocked.Read(ref p.Value.Value)), StringComparer.Ordinal))
    {
        InjectedFaultsByStatus = _faultsByStatus.ToArray().OrderBy(p => p.Key).ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value)),
        TokensIssued = Interlocked.Read(ref _tokensIssued),
        TokensRefused = Interlocked.Read(ref _tokensRefused),
        ProcessJitMilliseconds = System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds,
        ProcessAllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
        ProcessGcPauseMilliseconds = GC.GetTotalPauseDuration().TotalMilliseconds,
        ProcessGcCollections = GC.CollectionCount(0),
        AnsweredRequests = Interlocked.Read(ref _answered),
        AnswerMicroseconds = Microseconds(Interlocked.Read(ref _answerTicks)),
    };
}
