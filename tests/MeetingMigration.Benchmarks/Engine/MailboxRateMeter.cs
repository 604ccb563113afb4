using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using MeetingMigration.Sandbox;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>
/// Polls an in-process sandbox's stats on a dedicated thread and keeps, per mailbox, each moment its count of ADMITTED
/// requests (requests minus 429s) grew. That is enough to rebuild the sandbox's fixed windows: a window opens at the first
/// admitted request and the next one at the first admitted request once it has expired.
/// </summary>
internal sealed class MailboxRateMeter : IDisposable
{
    public readonly record struct Sample(double Seconds, long Admitted);

    private readonly SandboxServer _server;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, List<Sample>> _samples = new(StringComparer.OrdinalIgnoreCase);
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stop;

    public MailboxRateMeter(SandboxServer server, TimeSpan interval)
    {
        _server = server;
        _interval = interval;
        _thread = new Thread(Poll) { IsBackground = true, Name = "mailbox-rate-meter", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public double IntervalSeconds => _interval.TotalSeconds;

    private void Poll()
    {
        while (!_stop)
        {
            Take();
            Thread.Sleep(_interval);
        }
    }

    private void Take()
    {
        var stats = _server.GetStats();
        double t = _clock.Elapsed.TotalSeconds;
        lock (_samples)
        {
            foreach (var m in stats.Mailboxes)
            {
                long admitted = m.Requests - m.Throttled;
                if (admitted == 0) continue;
                if (!_samples.TryGetValue(m.Mailbox, out var list)) _samples[m.Mailbox] = list = new List<Sample>();
                if (list.Count == 0 || list[^1].Admitted != admitted) list.Add(new Sample(t, admitted));
            }
        }
    }

    /// <summary>Stops polling (after a last sample) and hands over each mailbox's samples.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Sample>> Stop()
    {
        _stop = true;
        _thread.Join();
        Take();
        lock (_samples) return _samples.ToDictionary(p => p.Key, p => (IReadOnlyList<Sample>)p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

/// <summary>One mailbox's use of its window budget over the windows that were over before its last request.</summary>
internal sealed record WindowUse(string Mailbox, int FullWindows, long Admitted, double Seconds, long MinPerWindow, long MaxPerWindow)
{
    public double RequestsPerSecond => Seconds <= 0 ? 0 : Admitted / Seconds;

    /// <summary>
    /// Rebuilds the windows from the samples. The span runs from the first window's opening to the last window's opening,
    /// so time lost between a window's end and the next admitted request (late retries) counts against the engine.
    /// Null when the mailbox did not get past its first window.
    /// </summary>
    public static WindowUse? From(string mailbox, IReadOnlyList<MailboxRateMeter.Sample> samples, double windowSeconds)
    {
        if (samples.Count == 0) return null;
        var opens = new List<int> { 0 };
        double open = samples[0].Seconds;
        for (int i = 1; i < samples.Count; i++)
        {
            if (samples[i].Seconds < open + windowSeconds) continue;
            opens.Add(i);
            open = samples[i].Seconds;
        }
        if (opens.Count < 2) return null;
        long AdmittedBefore(int index) => index == 0 ? 0 : samples[index - 1].Admitted;
        var perWindow = Enumerable.Range(0, opens.Count - 1).Select(w => AdmittedBefore(opens[w + 1]) - AdmittedBefore(opens[w])).ToArray();
        return new WindowUse(mailbox, perWindow.Length, AdmittedBefore(opens[^1]), samples[opens[^1]].Seconds - samples[0].Seconds,
            perWindow.Min(), perWindow.Max());
    }
}

/// <summary>One mailbox's admitted requests per second between the first and the last sample that saw its count grow.</summary>
internal sealed record MailboxRate(string Mailbox, long Admitted, double Seconds)
{
    public double RequestsPerSecond => Seconds <= 0 ? 0 : Admitted / Seconds;

    public static MailboxRate? From(string mailbox, IReadOnlyList<MailboxRateMeter.Sample> samples) =>
        samples.Count < 2 ? null : new MailboxRate(mailbox, samples[^1].Admitted - samples[0].Admitted, samples[^1].Seconds - samples[0].Seconds);
}
