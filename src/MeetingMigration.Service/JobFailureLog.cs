using System.Net.Http;
using MeetingMigration.Engine.Errors;
using Microsoft.Kiota.Abstractions;

namespace MeetingMigration.Service;

/// <summary>
/// How a background job's failed passes reach the log, which an admin reads in journalctl or the event log.
/// Found by an outside probe: with Graph down, the license trigger wrote the same 40-line stack trace every
/// TriggerPollSeconds, and the one line that mattered was lost among them. Now:
/// <list type="bullet">
/// <item>a failure the admin can act on (an error of ours with its ErrorId, Graph's answer, a connection that could not be
/// made) is its reason in one entry, without a stack trace; anything else keeps its stack, as a bug to report;</item>
/// <item>the same failure again is not written again each pass: it is counted (at Debug), and said again with the count
/// every <see cref="RepeatEvery"/> while it lasts;</item>
/// <item>the first pass that works after failures says how many there were.</item>
/// </list>
/// One instance per job; thread-safe, so the queue's worker loops share one (a store outage is one story, not 64).
/// </summary>
public sealed class JobFailureLog(ILogger logger, string job, Func<DateTime>? utcNow = null)
{
    /// <summary>How often a failure that goes on is said again at Error.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(10);

    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);
    private readonly object _gate = new();
    private string? _kind;
    private int _failures;
    private DateTime _since;
    private DateTime _lastWritten;

    /// <summary>A pass failed; <paramref name="next"/> says what happens now ("retrying in 300 s").</summary>
    public void Failed(Exception failure, string next)
    {
        var (kind, reason, known) = Describe(failure);
        var now = _utcNow();
        lock (_gate)
        {
            if (_failures == 0 || kind != _kind)
            {
                _kind = kind;
                _failures = 1;
                _since = _lastWritten = now;
                if (known) logger.LogError("{Job} failed: {Reason} {Next}", job, reason, Sentences.Ended(next));
                else logger.LogError(failure, "{Job} failed; {Next}", job, Sentences.Ended(next));
                return;
            }
            _failures++;
            if (now - _lastWritten >= RepeatEvery)
            {
                _lastWritten = now;
                logger.LogError("{Job} still failing: {Failures} failed passes since {Since:u}. Last: {Reason} {Next}",
                    job, _failures, _since, reason, Sentences.Ended(next));
            }
            else
            {
                logger.LogDebug("{Job} failed again ({Failures} since {Since:u}): {Reason}", job, _failures, _since, reason);
            }
        }
    }

    /// <summary>A pass worked: after failures, says the job works again.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            if (_failures == 0) return;
            logger.LogInformation("{Job} works again, after {Failures} failed passes since {Since:u}.", job, _failures, _since);
            _failures = 0;
            _kind = null;
        }
    }

    /// <summary>
    /// What kind of failure this is (two failures of one kind are "the same" however their request-ids differ), its
    /// reason in words, and whether it is one an admin can act on (no stack trace then).
    /// </summary>
    private static (string Kind, string Reason, bool Known) Describe(Exception failure)
    {
        while (failure is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) failure = aggregate.InnerExceptions[0];
        switch (failure)
        {
            case MeetingMigrationException ours:
                return (ours.ErrorId, $"{Sentences.Ended(ours.Message)} {Sentences.Ended(ours.RecommendedAction ?? "")}", true);
            case HttpRequestException http:
                // Graph, the token endpoint or the proxy could not be reached: the socket's words say why.
                var socket = http.InnerException?.Message;
                return ("HttpRequestException", Sentences.Ended("Graph could not be reached: " + http.Message +
                    (socket != null && !http.Message.Contains(socket) ? " (" + socket + ")" : "")), true);
            case ApiException api:
                // Graph answered with an error (after the retries the job allows); its message holds no token.
                return ("ApiException " + api.ResponseStatusCode, Sentences.Ended($"Graph answered {api.ResponseStatusCode}: {QuotedValue.Inert(api.Message, 400)}"), true);
            default:
                return (failure.GetType().FullName ?? "Exception", Sentences.Ended(failure.Message), false);
        }
    }
}
