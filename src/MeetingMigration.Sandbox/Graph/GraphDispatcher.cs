using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox;

/// <summary>
/// The request pipeline every Graph call goes through, whether it arrived over HTTP or inside a $batch:
/// route → stats → per-app-per-mailbox throttling → injected latency and faults → handler (under the state lock; request
/// bodies are read before it and event JSON is written after it) → optional 504 after the change was applied.
/// Errors become Graph's error JSON.
/// </summary>
internal sealed class GraphDispatcher
{
    private readonly SandboxState _state;
    private readonly Throttler _throttler;
    private readonly FaultInjector _faults;
    private readonly UsersHandler _users;
    private readonly EventsHandler _events;
    private readonly OnlineMeetingsHandler _meetings;
    private readonly BatchHandler _batch;

    public GraphDispatcher(SandboxState state, Throttler throttler, FaultInjector faults)
    {
        _state = state;
        _throttler = throttler;
        _faults = faults;
        _users = new UsersHandler(state);
        _events = new EventsHandler(state);
        _meetings = new OnlineMeetingsHandler(state);
        _batch = new BatchHandler(this);
    }

    public async Task<GraphResponse> ExecuteAsync(GraphRequest r, CancellationToken ct)
    {
        var requestId = Guid.NewGuid().ToString();
        var clientRequestId = r.Header("client-request-id");
        GraphResponse response;
        try
        {
            response = await ExecuteCoreAsync(r, ct);
        }
        catch (GraphException e)
        {
            response = GraphJson.Error(e.Status, e.Code, e.Message, requestId, clientRequestId);
            if (e.RetryAfterSeconds is { } seconds) response.WithHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }
        return response.WithHeader("request-id", requestId).WithHeader("client-request-id", clientRequestId ?? requestId);
    }

    private async Task<GraphResponse> ExecuteCoreAsync(GraphRequest r, CancellationToken ct)
    {
        UnpairedSurrogates.ThrowIfNotText(r.Body, "The request body");
        var segments = UserKeySegments(r.Path.Trim('/').Split('/'));
        if (segments is ["$batch"])
        {
            if (r.IsBatchItem) throw new GraphException(400, "BadRequest", "A batch cannot contain another batch.");
            if (r.Method != "POST") throw MethodNotAllowed();
            return await _batch.ExecuteAsync(r, ct);
        }
        var route = Route(r, segments);
        string? mailbox = null;
        if (route.MailboxSegment is { } segment)
            lock (_state.Sync) mailbox = _state.FindUserLocked(segment)?.Key ?? segment.ToLowerInvariant();

        var kind = KindOf(r.Method, segments);
        _state.Stats.CountRequest(mailbox, r.IsWrite, kind);
        object? statsToken = null;
        if (mailbox is not null)
        {
            var throttled = _throttler.TryEnter(r.App, mailbox, out var retryAfter);
            if (throttled is not null)
            {
                _state.Stats.CountThrottled(mailbox);
                throw new GraphException(throttled.Status, throttled.Code, throttled.Message) { RetryAfterSeconds = retryAfter };
            }
            statsToken = _state.Stats.Enter(mailbox);
        }
        try
        {
            await _faults.DelayAsync(ct);
            if (_faults.PickFailure(r.IsWrite) is { } status)
            {
                _state.Stats.CountInjectedFault(status);
                throw InjectedFailure(status);
            }
            // The handler's time is what it costs the sandbox, waiting for the lock left out: reading the body before
            // the lock, the work under it, and writing the JSON after it.
            var started = Stopwatch.GetTimestamp();
            route.Prepare?.Invoke();
            var handlerTicks = Stopwatch.GetTimestamp() - started;
            GraphResponse response;
            lock (_state.Sync)
            {
                started = Stopwatch.GetTimestamp();
                response = route.Handle();
                handlerTicks += Stopwatch.GetTimestamp() - started;
            }
            if (response.DeferredBody is { } write)
            {
                started = Stopwatch.GetTimestamp();
                response.Body = GraphJson.Write(write);
                response.DeferredBody = null;
                handlerTicks += Stopwatch.GetTimestamp() - started;
            }
            _state.Stats.CountHandlerTime(kind, handlerTicks);
            if (r.IsWrite && response.Status < 300 && _faults.PickTimeoutAfterApply())
            {
                // The change is stored and its messages are sent; only the answer is lost, as when Exchange times out late.
                _state.Stats.CountTimeoutAfterApply();
                throw InjectedFailure(504);
            }
            if (r.IsWrite && response.Status < 300) await _faults.WriteAnswerDelayAsync(ct);
            return response;
        }
        finally
        {
            if (mailbox is not null)
            {
                _throttler.Exit(r.App, mailbox);
                _state.Stats.Exit(statsToken!);
            }
        }
    }

    private GraphException InjectedFailure(int status)
    {
        var retryAfter = _faults.Current.RetryAfterSeconds;
        return status switch
        {
            429 => new GraphException(429, "TooManyRequests", "Please retry again later.") { RetryAfterSeconds = retryAfter },
            503 => new GraphException(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.") { RetryAfterSeconds = retryAfter },
            _ => new GraphException(504, "GatewayTimeout", "The request timed out.") { RetryAfterSeconds = retryAfter },
        };
    }

    private static GraphException MethodNotAllowed() =>
        new(405, "Request_BadRequest", "The requested HTTP method is not supported by this resource.");

    /// <summary>A route's handler (run under the state lock) and what to do before taking the lock (read the request body).</summary>
    private readonly record struct RouteMatch(Func<GraphResponse> Handle, string? MailboxSegment, Action? Prepare = null);

    /// <summary>Method and resource with the ids left out ("GET calendarView", "PATCH event", "GET onlineMeetings"), for the stats.</summary>
    private static string KindOf(string method, string[] s)
    {
        if (s.Length <= 2) return $"{method} {(s.Length == 2 ? "user" : "users")}";
        var rest = s[2..];
        if (rest.Length >= 2 && rest[0].Equals("calendar", StringComparison.OrdinalIgnoreCase)) rest = rest[1..];
        var resource = rest.Length switch
        {
            1 => rest[0],
            2 when rest[0].Equals("events", StringComparison.OrdinalIgnoreCase) => "event",
            2 when rest[1].Equals("createOrGet", StringComparison.OrdinalIgnoreCase) => "onlineMeetings/createOrGet",
            2 => "onlineMeeting",
            _ => "event/" + rest[^1],
        };
        return $"{method} {resource}";
    }

    /// <summary>
    /// Graph's two ways of naming a user: <c>users/{id or UPN}</c>, and OData's key syntax <c>users('{UPN}')</c> (a quote
    /// in it doubled), which is the one that works for a UPN beginning with <c>$</c>: <c>users/$x@y.com</c> is refused 400,
    /// as Graph documents (user-get), since a segment beginning with '$' is taken for a system segment. The key syntax is
    /// turned into the first form here.
    /// </summary>
    private static string[] UserKeySegments(string[] s)
    {
        if (s.Length > 0 && s[0].StartsWith("users('", StringComparison.OrdinalIgnoreCase) && s[0].EndsWith("')", StringComparison.Ordinal) && s[0].Length > 9)
            return ["users", s[0][7..^2].Replace("''", "'"), .. s[1..]];
        if (s.Length > 1 && s[0].Equals("users", StringComparison.OrdinalIgnoreCase) && s[1].StartsWith('$'))
            throw new GraphException(400, "BadRequest", "The request URI is not valid. Since the segment 'users' refers to a collection, this must be the last segment in the request URI or it must be followed by an function or action that can be bound to it otherwise all intermediate segments must refer to a single resource.");
        return s;
    }

    private RouteMatch Route(GraphRequest r, string[] s)
    {
        if (s.Length == 0 || !s[0].Equals("users", StringComparison.OrdinalIgnoreCase))
            throw new GraphException(400, "BadRequest", $"Resource not found for the segment '{(s.Length > 0 ? s[0] : "")}'.");
        var m = r.Method;
        if (s.Length == 1)
            return m switch
            {
                "GET" => new(() => _users.List(r), null),
                "POST" => new(() => _users.Create(r), null),
                _ => throw MethodNotAllowed(),
            };
        var user = s[1];
        if (s.Length == 2)
        {
            if (user.Equals("delta", StringComparison.OrdinalIgnoreCase) || user.Equals("delta()", StringComparison.OrdinalIgnoreCase))
                return m == "GET" ? new(() => _users.Delta(r), null) : throw MethodNotAllowed();
            return m == "GET" ? new(() => _users.Get(r, user), null) : throw MethodNotAllowed();
        }
        var rest = s[2..];
        // /users/{id}/calendar/events and /calendar/calendarView address the default calendar: same items.
        if (rest.Length >= 2 && rest[0].Equals("calendar", StringComparison.OrdinalIgnoreCase)) rest = rest[1..];
        var resource = rest[0].ToLowerInvariant();
        switch (resource)
        {
            case "assignlicense" when rest.Length == 1:
                return m == "POST" ? new(() => _users.AssignLicense(r, user), null) : throw MethodNotAllowed();
            case "onlinemeetings" when rest.Length == 1:
                // A POST counts as a write of this mailbox in the stats, like any other write under /users/{id}.
                return m switch
                {
                    "GET" => new(() => _meetings.List(r, RequireUser(user)), user),
                    "POST" => new(() => _meetings.Create(r, RequireUser(user)), user),
                    _ => throw MethodNotAllowed(),
                };
            case "onlinemeetings" when rest.Length == 2 && rest[1].Equals("createOrGet", StringComparison.OrdinalIgnoreCase):
                return m == "POST" ? new(() => _meetings.CreateOrGet(r, RequireUser(user)), user) : throw MethodNotAllowed();
            case "onlinemeetings" when rest.Length == 2:
                return m == "GET" ? new(() => _meetings.Get(RequireUser(user), rest[1]), user) : throw MethodNotAllowed();
            case "calendarview" when rest.Length == 1:
                return m == "GET" ? new(() => _events.CalendarView(r, RequireMailbox(user)), user) : throw MethodNotAllowed();
            case "events":
                return EventRoute(r, user, rest);
        }
        throw new GraphException(400, "BadRequest", $"Resource not found for the segment '{rest[0]}'.");
    }

    private RouteMatch EventRoute(GraphRequest r, string user, string[] rest)
    {
        var m = r.Method;
        switch (rest.Length)
        {
            case 1:
                var created = new ParsedChanges(r);
                return m switch
                {
                    "GET" => new(() => _events.List(r, RequireMailbox(user)), user),
                    "POST" => new(() => _events.Create(r, RequireMailbox(user), created), user, created.Parse),
                    _ => throw MethodNotAllowed(),
                };
            case 2:
                var id = rest[1];
                var changes = new ParsedChanges(r);
                return m switch
                {
                    "GET" => new(() => _events.Get(r, RequireMailbox(user), id), user),
                    "PATCH" => new(() => _events.Update(r, RequireMailbox(user), id, changes), user, changes.Parse),
                    "DELETE" => new(() => _events.Delete(RequireMailbox(user), id), user),
                    _ => throw MethodNotAllowed(),
                };
            case 3 when rest[2].Equals("instances", StringComparison.OrdinalIgnoreCase):
                return m == "GET" ? new(() => _events.Instances(r, RequireMailbox(user), rest[1]), user) : throw MethodNotAllowed();
            case 3 when rest[2].Equals("cancel", StringComparison.OrdinalIgnoreCase):
                return m == "POST" ? new(() => _events.Cancel(r, RequireMailbox(user), rest[1]), user) : throw MethodNotAllowed();
        }
        throw new GraphException(400, "BadRequest", $"Resource not found for the segment '{rest[^1]}'.");
    }

    private UserRecord RequireUser(string idOrUpn) =>
        _state.FindUserLocked(idOrUpn) ?? throw new GraphException(404, "ErrorInvalidUser", $"The requested user '{idOrUpn}' is invalid.");

    /// <summary>A mailbox Graph can reach: known user, not excluded by an access policy, hosted in Exchange Online.</summary>
    private UserRecord RequireMailbox(string idOrUpn)
    {
        var user = RequireUser(idOrUpn);
        if (user.AccessDenied) throw new GraphException(403, "ErrorAccessDenied", "Access to OData is disabled.");
        if (user.MailboxLocation == MailboxLocation.OnPremises)
            throw new GraphException(404, "MailboxNotEnabledForRESTAPI", "REST API is not yet supported for this mailbox.");
        return user;
    }
}
