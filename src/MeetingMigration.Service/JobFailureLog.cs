using System.Net.Http;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Store;
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
/// <item>the first pass that works after failures says how many there were;</item>
/// <item>a failure of the store (read-only, full, locked, damaged, its server gone) is one an admin can act on too, said
/// with the store and what to do (it was a stack trace each pass, found by an outside probe of store failures);</item>
/// <item>a job that fails and works by turns (a read-only store: passes that only read work, the others fail) is one story:
/// the same failure again within <see cref="FlapWindow"/> of having been said is counted at Debug, and so is the pass
/// that works after it (the probe saw "failed" and "works again", each with a stack trace, every half second).</item>
/// </list>
/// One instance per job; thread-safe, so the queue's worker loops share one (a store outage is one story, not 64).
/// </summary>
public sealed class JobFailureLog(ILogger logger, string job, Func<DateTime>? utcNow = null, string? storeLocation = null)
{
    /// <summary>How often a failure that goes on is said again at Error.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(10);

    /// <summary>A failure said at Error this recently, then a pass that worked, then the same failure: the same story.</summary>
    public static readonly TimeSpan FlapWindow = TimeSpan.FromMinutes(1);

    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);
    private readonly object _gate = new();
    private string? _kind;
    private int _failures;
    private DateTime _since;
    private DateTime _lastWritten;
    /// <summary>The kind last said at Error, and whether the current run of failures was said at Error (else at Debug).</summary>
    private string? _lastWrittenKind;
    private bool _announced;

    /// <summary>
    /// A pass failed; <paramref name="next"/> says what happens now ("retrying in 300 s"). When <paramref name="sameOutage"/>,
    /// another job meeting the same store or Graph, is failing with the same failure now, it has said it: this job counts it
    /// at Debug, and says it only once that job works again while this one still fails for a whole FlapWindow. The queue
    /// watcher and the worker loops each said a stopped PostgreSQL server, two Error lines and two "works again" for one
    /// outage (outside probe BE-F2).
    /// </summary>
    public void Failed(Exception failure, string next, JobFailureLog? sameOutage = null)
    {
        var (kind, reason, known) = Describe(failure, storeLocation);
        var saidElsewhere = sameOutage != null && sameOutage.IsFailingWith(kind);
        var now = _utcNow();
        lock (_gate)
        {
            if (_failures == 0 || kind != _kind)
            {
                _kind = kind;
                _failures = 1;
                _since = now;
                if (saidElsewhere)
                {
                    _announced = false;
                    logger.LogDebug("{Job} failed as another part of the service did: {Reason}", job, reason);
                    return;
                }
                if (kind == _lastWrittenKind && now - _lastWritten < FlapWindow)
                {
                    _announced = false;
                    logger.LogDebug("{Job} failed again, a moment after it worked: {Reason}", job, reason);
                    return;
                }
                _lastWritten = now;
                _lastWrittenKind = kind;
                _announced = true;
                if (known) logger.LogError("{Job} failed: {Reason} {Next}", job, reason, Sentences.Ended(next));
                else logger.LogError(failure, "{Job} failed; {Next}", job, Sentences.Ended(next));
                return;
            }
            _failures++;
            if (!_announced && !saidElsewhere && now - _since >= FlapWindow)
            {
                // Counted at Debug as a flap (it came back a moment after it had worked), it has now failed for a whole
                // FlapWindow without a pass working: an outage of its own, said as the first one was (found by an outside
                // probe: a disk filled a second time, a minute after the first outage, and the service logged nothing).
                _announced = true;
                _lastWritten = now;
                _lastWrittenKind = kind;
                logger.LogError("{Job} failed again, and has kept failing since {Since:u} ({Failures} failed passes): {Reason} {Next}",
                    job, _since, _failures, reason, Sentences.Ended(next));
                return;
            }
            // Only a run said at Error is said again: one counted as another job's says nothing of its own.
            if (_announced && now - _lastWritten >= RepeatEvery)
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

    /// <summary>Whether this job's current failures are of this kind (<see cref="Describe"/>).</summary>
    private bool IsFailingWith(string kind)
    {
        lock (_gate) return _failures > 0 && _kind == kind;
    }

    /// <summary>A pass worked: after failures, says the job works again.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            if (_failures == 0) return;
            if (_announced) logger.LogInformation("{Job} works again, after {Failures} failed passes since {Since:u}.", job, _failures, _since);
            else logger.LogDebug("{Job} works again, after {Failures} failed passes since {Since:u}.", job, _failures, _since);
            _failures = 0;
            _kind = null;
        }
    }

    /// <summary>
    /// What kind of failure this is (two failures of one kind are "the same" however their request-ids differ), its
    /// reason in words, and whether it is one an admin can act on (no stack trace then).
    /// </summary>
    private static (string Kind, string Reason, bool Known) Describe(Exception failure, string? storeLocation)
    {
        while (failure is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) failure = aggregate.InnerExceptions[0];
        if (StoreFailures.ExplainForService(failure, storeLocation) is { } store)
            return ("Store " + store.Kind, $"{Sentences.Ended(store.Message)} {Sentences.Ended(store.RecommendedAction ?? "")}", true);
        switch (failure)
        {
            case MeetingMigrationException ours:
                return (ours.ErrorId, $"{Sentences.Ended(ours.Message)} {Sentences.Ended(ours.RecommendedAction ?? "")}", true);
            case HttpRequestException http:
                // Graph, the token endpoint or the proxy could not be reached: the socket's words say why.
                var socket = http.InnerException?.Message;
                return ("HttpRequestException", Sentences.Ended("Graph could not be reached: " + http.Message +
                    (socket != null && !http.Message.Contains(socket) ? " (" + socket + ")" : "")), true);
            case GraphCallException { InnerException: MeetingMigrationException signIn } call when call.Code == GraphCallException.SignInFailedCode:
                // A call never sent because signing in failed: the sign-in's words, not a Graph answer that never came.
                return (signIn.ErrorId, $"{Sentences.Ended(signIn.Message)} {Sentences.Ended(signIn.RecommendedAction ?? "")}", true);
            case GraphCallException call:
                // A Graph call the engine's gateway gave up on, or one that could not connect at all: its words say why.
                return ("GraphCallException " + call.Status + " " + call.Code, Sentences.Ended(call.IsUnreachable
                    ? "Microsoft Graph could not be reached: " + QuotedValue.Inert(call.Message, 400)
                    : $"Graph answered {call.Status} {call.Code}: {QuotedValue.Inert(call.Message, 400)}"), true);
            case ApiException api:
                // Graph answered with an error (after the retries the job allows); its message holds no token.
                return ("ApiException " + api.ResponseStatusCode, Sentences.Ended($"Graph answered {api.ResponseStatusCode}: {QuotedValue.Inert(api.Message, 400)}"), true);
            default:
                return (failure.GetType().FullName ?? "Exception", Sentences.Ended(failure.Message), false);
        }
    }
}
