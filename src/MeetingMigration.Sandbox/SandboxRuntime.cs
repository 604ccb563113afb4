namespace MeetingMigration.Sandbox;

/// <summary>The live parts of one sandbox (tenant, throttler, fault injector), shared by the HTTP endpoints and <see cref="SandboxServer"/>.</summary>
internal sealed class SandboxRuntime(SandboxState state, SandboxOptions options)
{
    public SandboxState State { get; } = state;
    public Throttler Throttler { get; } = new(options.Limits);
    public FaultInjector Faults { get; } = CreateFaults(options.Faults);
    public Misbehavior Misbehavior { get; } = new();
    public TokenIssuer Tokens { get; } = new(options.Tokens ?? new SandboxTokenSettings(), options.TimeProvider ?? System.TimeProvider.System, state.Stats);

    public SandboxLimits Limits
    {
        get => Throttler.Limits;
        set => Throttler.Limits = value ?? new SandboxLimits();
    }

    public SandboxFaults FaultSettings
    {
        get => Faults.Current;
        set => Faults.Set(value ?? new SandboxFaults());
    }

    public void ResetStats()
    {
        State.Stats.Reset();
        Throttler.ResetWindows();
    }

    /// <summary>The Graph JSON of an event in a mailbox, as GET renders it (the import endpoint's answer).</summary>
    public byte[] RenderEvent(string upn, string id)
    {
        lock (State.Sync)
        {
            var user = State.FindUserLocked(upn) ?? throw GraphException.ItemNotFound();
            var ev = State.FindEventLocked(user, id) ?? throw GraphException.ItemNotFound();
            return GraphJson.Write(w => EventJsonWriter.Write(w, ev, new EventRenderOptions()));
        }
    }

    private static FaultInjector CreateFaults(SandboxFaults settings)
    {
        var f = new FaultInjector();
        f.Set(settings);
        return f;
    }
}
