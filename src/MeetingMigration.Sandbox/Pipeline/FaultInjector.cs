using System;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox;

/// <summary>Decides latency and injected failures from <see cref="SandboxFaults"/> using one seeded random source.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _sync = new();
    private SandboxFaults _faults = new();
    private Random _random = new();
    /// <summary>Writes let through since the faults were set, for <see cref="SandboxFaults.FailAfterWrites"/>.</summary>
    private int _writesLetThrough;

    public SandboxFaults Current
    {
        get { lock (_sync) return _faults; }
    }

    public void Set(SandboxFaults faults)
    {
        foreach (var s in faults.ErrorStatuses)
            if (s is not (429 or 503 or 504)) throw GraphException.InvalidRequest("errorStatuses may contain only 429, 503 and 504.");
        if (faults.ErrorRate is < 0 or > 1 || faults.TimeoutAfterApplyRate is < 0 or > 1 || faults.LatencyMs < 0 || faults.JitterMs < 0 || faults.WriteAnswerDelayMs < 0 || faults.FailAfterWrites < 0)
            throw GraphException.InvalidRequest("Rates must be between 0 and 1 and delays must not be negative.");
        lock (_sync)
        {
            _faults = faults;
            _random = faults.Seed is { } seed ? new Random(seed) : new Random();
            _writesLetThrough = 0;
        }
    }

    public Task DelayAsync(CancellationToken ct)
    {
        int delay;
        lock (_sync) delay = _faults.LatencyMs + (_faults.JitterMs > 0 ? _random.Next(_faults.JitterMs + 1) : 0);
        return delay > 0 ? Task.Delay(delay, ct) : Task.CompletedTask;
    }

    /// <summary>The wait before a successful write's answer leaves, its change already applied.</summary>
    public Task WriteAnswerDelayAsync(CancellationToken ct)
    {
        int delay;
        lock (_sync) delay = _faults.WriteAnswerDelayMs;
        return delay > 0 ? Task.Delay(delay, ct) : Task.CompletedTask;
    }

    /// <summary>The status of an injected failure for this request, or null to let it through.</summary>
    public int? PickFailure(bool isWrite)
    {
        lock (_sync)
        {
            if (_faults.ErrorStatuses.Count == 0) return null;
            if (_faults.FailAfterWrites is { } writes)
            {
                if (_writesLetThrough >= writes) return _faults.ErrorStatuses[_random.Next(_faults.ErrorStatuses.Count)];
                if (isWrite) _writesLetThrough++;
            }
            if (_faults.ErrorRate <= 0) return null;
            if (_random.NextDouble() >= _faults.ErrorRate) return null;
            return _faults.ErrorStatuses[_random.Next(_faults.ErrorStatuses.Count)];
        }
    }

    public bool PickTimeoutAfterApply()
    {
        lock (_sync) return _faults.TimeoutAfterApplyRate > 0 && _random.NextDouble() < _faults.TimeoutAfterApplyRate;
    }
}
