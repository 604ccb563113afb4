using System;
using System.Text;
using System.Text.Json.Serialization;

namespace MeetingMigration.Sandbox;

/// <summary>How the sandbox spoils an answer, to prove the engine survives a Graph that misbehaves (issue 10).</summary>
public enum MisbehaviorMode
{
    None,
    /// <summary>The JSON cut in half (as when a connection drops mid-body), status 200.</summary>
    TruncatedJson,
    /// <summary>Valid JSON with the wrong types: ids as numbers, flags as text, a collection's value as an object.</summary>
    WrongTypes,
    /// <summary>A 502 with an HTML page, as a proxy or gateway in front of Graph answers.</summary>
    HtmlErrorPage,
    /// <summary>A 200 with no body at all.</summary>
    EmptyBody,
    /// <summary>A collection page whose @odata.nextLink points to another host (a client must not follow it with its token).</summary>
    ForeignNextLink,
    /// <summary>A redirect (307 unless <see cref="MisbehaviorSettings.RedirectStatus"/> says otherwise) to another host (<see cref="MisbehaviorSettings.ForeignUrl"/>) instead of handling the request, as a
    /// gateway in front of Graph might; a client must neither follow it with its token nor take the other host's answer.</summary>
    Redirect,
    /// <summary>A 400 whose error message echoes the request's Authorization header, as a debugging proxy might, instead of
    /// handling the request; a client must not show, log or store the token it finds there.</summary>
    EchoAuthorization,
    /// <summary>A 503 ServiceUnavailable with Retry-After: 0 instead of handling the request (nothing is read or applied), as a
    /// busy Exchange answers: a client retrying at once spends its retries on as many of these as the count allows, so a count
    /// of its sends per call fails that call past its retries without waiting (the undo's crash proof fails occurrence
    /// listings this way).</summary>
    Unavailable,
}

/// <summary>PUT /sandbox/misbehave: spoil the next <see cref="Count"/> answers to requests matching the filter.</summary>
public sealed record MisbehaviorSettings
{
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public MisbehaviorMode Mode { get; init; }
    public int Count { get; init; } = 1;
    /// <summary>Only requests of this method (GET, PATCH...); null for any.</summary>
    public string? Method { get; init; }
    /// <summary>Only requests whose path contains this text (e.g. "calendarView"); null for any.</summary>
    public string? PathContains { get; init; }
    /// <summary>For <see cref="MisbehaviorMode.ForeignNextLink"/> and <see cref="MisbehaviorMode.Redirect"/>: the link handed
    /// out (default: another port on this machine).</summary>
    public string? ForeignUrl { get; init; }
    /// <summary>For <see cref="MisbehaviorMode.Redirect"/>: the redirect's status (301, 302, 303, 307 or 308; default 307).</summary>
    public int RedirectStatus { get; init; } = 307;
}

/// <summary>The armed misbehaviour; thread-safe. Requests that were spoiled are counted.</summary>
internal sealed class Misbehavior
{
    private readonly object _gate = new();
    private MisbehaviorSettings _settings = new();
    private int _left;

    public long Spoiled { get; private set; }

    public MisbehaviorSettings Current { get { lock (_gate) return _settings with { Count = _left }; } }

    public void Set(MisbehaviorSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _left = settings.Mode == MisbehaviorMode.None ? 0 : Math.Max(0, settings.Count);
        }
    }

    /// <summary>The mode to apply to this answer, counting it; None when nothing is armed for it.</summary>
    public MisbehaviorSettings? Take(string method, string path)
    {
        lock (_gate)
        {
            if (_left <= 0) return null;
            if (_settings.Method is { } m && !m.Equals(method, StringComparison.OrdinalIgnoreCase)) return null;
            if (_settings.PathContains is { } p && path.IndexOf(p, StringComparison.OrdinalIgnoreCase) < 0) return null;
            _left--;
            Spoiled++;
            return _settings;
        }
    }

    /// <summary>Whether the mode answers in place of Graph: the request is not handled at all (nothing is read or applied).</summary>
    public static bool AnswersInstead(MisbehaviorMode mode) => mode is MisbehaviorMode.Redirect or MisbehaviorMode.EchoAuthorization or MisbehaviorMode.Unavailable;

    /// <summary>
    /// The answer given in place of Graph's (<see cref="AnswersInstead"/>): status, Location and Retry-After headers (null:
    /// none), content type and body.
    /// </summary>
    public static (int Status, string? Location, string? RetryAfter, string ContentType, byte[] Body) Instead(MisbehaviorSettings how, string path, string authorization)
    {
        const string json = "application/json; charset=utf-8";
        if (how.Mode == MisbehaviorMode.Redirect)
            return (how.RedirectStatus is >= 300 and < 400 ? how.RedirectStatus : 307, how.ForeignUrl ?? "http://127.0.0.2:9" + path, null, json, Array.Empty<byte>());
        if (how.Mode == MisbehaviorMode.Unavailable)
            return (503, null, "0", json, Encoding.UTF8.GetBytes(
                "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"The service is temporarily unavailable. Please retry later.\"}}"));
        var echo = System.Text.Json.JsonSerializer.Serialize(new { error = new { code = "BadRequest", message = "Request rejected by the gateway. Headers seen: Authorization: " + authorization } });
        return (400, null, null, json, Encoding.UTF8.GetBytes(echo));
    }

    /// <summary>The spoiled answer: status, content type and body.</summary>
    public static (int Status, string ContentType, byte[] Body) Spoil(MisbehaviorSettings how, GraphResponse response)
    {
        const string json = "application/json; odata.metadata=minimal; charset=utf-8";
        var body = response.Body ?? Array.Empty<byte>();
        switch (how.Mode)
        {
            case MisbehaviorMode.TruncatedJson:
                return (200, json, body.AsSpan(0, body.Length / 2).ToArray());
            case MisbehaviorMode.WrongTypes:
                return (200, json, Encoding.UTF8.GetBytes(
                    "{\"value\":{\"id\":5},\"id\":12345,\"subject\":true,\"type\":7,\"isOrganizer\":\"yes\",\"isCancelled\":\"no\"," +
                    "\"start\":\"soon\",\"end\":[1,2],\"body\":\"<p>not an object</p>\",\"attendees\":{\"emailAddress\":3}}"));
            case MisbehaviorMode.HtmlErrorPage:
                return (502, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(
                    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>"));
            case MisbehaviorMode.EmptyBody:
                return (200, json, Array.Empty<byte>());
            case MisbehaviorMode.ForeignNextLink:
            {
                var link = how.ForeignUrl ?? "http://127.0.0.2:9/v1.0/users/elsewhere/calendarView?%24skip=1";
                var text = System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(body), "\"@odata\\.nextLink\":\"[^\"]*\",?", "");
                var at = text.IndexOf("\"value\"", StringComparison.Ordinal);
                var spoiled = at > 0
                    ? text.Substring(0, at) + "\"@odata.nextLink\":\"" + link + "\"," + text.Substring(at)
                    : text;
                return (response.Status, json, Encoding.UTF8.GetBytes(spoiled));
            }
            default:
                return (response.Status, json, body);
        }
    }
}
