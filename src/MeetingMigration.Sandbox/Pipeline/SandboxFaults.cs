using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>Injected misbehaviour (PUT /sandbox/faults). All rates are 0..1; everything off by default.</summary>
public sealed record SandboxFaults
{
    /// <summary>Fixed delay added to every Graph request (ms), spent while the request counts as in flight.</summary>
    public int LatencyMs { get; init; }
    /// <summary>Extra random delay, uniform in [0, JitterMs].</summary>
    public int JitterMs { get; init; }
    /// <summary>Share of Graph requests answered with one of <see cref="ErrorStatuses"/> before anything is applied.</summary>
    public double ErrorRate { get; init; }
    /// <summary>Statuses used by <see cref="ErrorRate"/>: any of 429, 503, 504.</summary>
    public IReadOnlyList<int> ErrorStatuses { get; init; } = new[] { 429, 503, 504 };
    /// <summary>Share of successful writes (POST/PATCH/DELETE) answered 504 AFTER the change was applied and mailed.</summary>
    public double TimeoutAfterApplyRate { get; init; }
    /// <summary>
    /// Delay (ms) before the answer to a successful write (POST/PATCH/DELETE), spent AFTER the change was stored and mailed:
    /// the answer's way back. A client that dies or gives up meanwhile made a change it never heard of (the crash proofs
    /// kill processes in this window).
    /// </summary>
    public int WriteAnswerDelayMs { get; init; }
    /// <summary>
    /// When set, the first this-many writes (POST/PATCH/DELETE) after these faults were set are let through and every Graph
    /// request after them is answered with one of <see cref="ErrorStatuses"/>, as <see cref="ErrorRate"/> 1 would: Graph
    /// failing from a known point of a run, however fast the test that set it reacts.
    /// </summary>
    public int? FailAfterWrites { get; init; }
    /// <summary>Retry-After (seconds) on injected 429/503 answers.</summary>
    public int RetryAfterSeconds { get; init; } = 1;
    /// <summary>Seed of the random source; the same seed and request order give the same faults.</summary>
    public int? Seed { get; init; }
}
