using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace MeetingMigration.Sandbox;

/// <summary>Per app (bearer token) and mailbox: a concurrency cap and a fixed-window request budget.</summary>
internal sealed class Throttler
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(string App, string Mailbox), Budget> _budgets = new();
    private SandboxLimits _limits;

    public Throttler(SandboxLimits limits) => _limits = Validate(limits);

    private sealed class Budget
    {
        public int InFlight;
        public long WindowStart;
        public int WindowCount;
    }

    public SandboxLimits Limits
    {
        get { lock (_sync) return _limits; }
        set { lock (_sync) _limits = Validate(value); }
    }

    private static SandboxLimits Validate(SandboxLimits l) =>
        l.MaxConcurrentRequestsPerMailbox < 1 || l.MaxRequestsPerWindow < 1 || l.WindowSeconds < 1 || l.ConcurrencyRetryAfterSeconds < 0
            ? throw GraphException.InvalidRequest("Limits must be positive.")
            : l;

    /// <summary>Null when admitted (call <see cref="Exit"/> later); otherwise the 429 to answer.</summary>
    public GraphException? TryEnter(string app, string mailbox, out int retryAfterSeconds)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_sync)
        {
            if (!_budgets.TryGetValue((app, mailbox), out var b))
                _budgets[(app, mailbox)] = b = new Budget { WindowStart = now };
            var window = Stopwatch.Frequency * _limits.WindowSeconds;
            if (now - b.WindowStart >= window)
            {
                b.WindowStart = now;
                b.WindowCount = 0;
            }
            if (b.InFlight >= _limits.MaxConcurrentRequestsPerMailbox)
            {
                retryAfterSeconds = _limits.ConcurrencyRetryAfterSeconds;
                return new GraphException(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
            }
            if (b.WindowCount >= _limits.MaxRequestsPerWindow)
            {
                retryAfterSeconds = (int)Math.Max(1, Math.Ceiling((double)(b.WindowStart + window - now) / Stopwatch.Frequency));
                return new GraphException(429, "ApplicationThrottled", "Application is over its MailboxRequests limit.");
            }
            b.InFlight++;
            b.WindowCount++;
            retryAfterSeconds = 0;
            return null;
        }
    }

    public void Exit(string app, string mailbox)
    {
        lock (_sync)
            if (_budgets.TryGetValue((app, mailbox), out var b)) b.InFlight--;
    }

    public void ResetWindows()
    {
        lock (_sync)
            foreach (var b in _budgets.Values) { b.WindowCount = 0; b.WindowStart = Stopwatch.GetTimestamp(); }
    }
}
