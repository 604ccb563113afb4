using MeetingMigration.Sandbox;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>One window-bound run: Exchange's per-mailbox window scaled down so it binds within a short run.</summary>
internal sealed record WindowCase(string Name, SandboxLimits Limits, int Users, int MeetingsPerUser);

/// <summary>The sizes and settings of one `engine` run; --quick scales everything down for a smoke run.</summary>
internal sealed record EnginePlan
{
    public bool Quick { get; init; }
    /// <summary>Sandbox latency of every Graph request: fixed part plus uniform jitter.</summary>
    public SandboxFaults Latency { get; init; } = new() { LatencyMs = 50, JitterMs = 10, Seed = 42 };

    // 1. The window binds. The first case is Exchange's own rate (10,000 / 600 s = 16.7 req/s) in a 12 s window; the
    //    second a budget low enough (4 req/s) that the engine surely has more work than it allows.
    public WindowCase[] WindowCases { get; init; } =
    {
        new("Exchange's rate, 12 s window", new SandboxLimits { MaxRequestsPerWindow = 200, WindowSeconds = 12 }, 6, 250),
        new("Low budget, 10 s window", new SandboxLimits { MaxRequestsPerWindow = 40, WindowSeconds = 10 }, 6, 140),
    };

    // 1b and 2. Exchange's real limits (10,000 / 600 s do not run out in a short run), so 4 in flight binds.
    public int RateUsers { get; init; } = 16;
    public int RateMeetingsPerUser { get; init; } = 60;
    public EngineSettings[] RateSettings { get; init; } = { EngineSettings.FirstComparison, new(16, 64) };
    public double NaiveSeconds { get; init; } = 30;

    // 3. Memory, sandbox out of process.
    public int[] MemoryMeetings { get; init; } = { 1_000, 3_000, 10_000 };
    public int MemoryMeetingsPerUser { get; init; } = 100;
    public SandboxFaults MemoryLatency { get; init; } = new() { LatencyMs = 50, JitterMs = 10, Seed = 7 };
    /// <summary>The service's defaults (MaxParallelRequests 64, four in flight each): the memory it needs as shipped.
    /// Until 2026-12-05 16 mailboxes at a time, global cap 64, which an outside probe found flattered the figure.</summary>
    public EngineSettings MemorySettings { get; init; } = new(64, 256);

    public int JournalRows { get; init; } = 4_000;

    public static EnginePlan For(BenchmarkArguments args)
    {
        var plan = args.Flag("quick")
            ? new EnginePlan
            {
                Quick = true,
                WindowCases = new WindowCase[]
                {
                    new("Exchange's rate, 3 s window", new SandboxLimits { MaxRequestsPerWindow = 50, WindowSeconds = 3 }, 3, 60),
                    new("Low budget, 3 s window", new SandboxLimits { MaxRequestsPerWindow = 12, WindowSeconds = 3 }, 3, 30),
                },
                RateUsers = 8,
                RateMeetingsPerUser = 30,
                NaiveSeconds = 8,
                MemoryMeetings = new[] { 500, 1_000 },
                JournalRows = 1_000,
            }
            : new EnginePlan();
        return plan with
        {
            RateMeetingsPerUser = args.Int("rate-meetings", plan.RateMeetingsPerUser, min: 1),
            NaiveSeconds = args.Double("naive-seconds", plan.NaiveSeconds, min: 0, exclusive: true),
            MemoryMeetings = args.IntList("memory-meetings", string.Join(",", plan.MemoryMeetings), min: 1),
        };
    }
}
