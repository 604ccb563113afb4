using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading;

namespace MeetingMigration.Sandbox;

/// <summary>
/// PUT /sandbox/tokens: the sandbox's Microsoft Entra ID. Tokens are always issued at POST /{tenant}/oauth2/v2.0/token;
/// whether Graph calls must carry one of them is <see cref="CheckTokens"/>, off by default so a sandbox accepts any bearer
/// token as it always did.
/// </summary>
public sealed record SandboxTokenSettings
{
    /// <summary>
    /// Graph calls must carry a token this sandbox issued that has not expired; any other answers 401
    /// InvalidAuthenticationToken. Throttling then counts per client_id (the app), not per token, as Exchange does.
    /// </summary>
    public bool CheckTokens { get; init; }

    /// <summary>expires_in of issued tokens (seconds). Entra's tokens live 60 to 90 minutes.</summary>
    public int LifetimeSeconds { get; init; } = 3599;

    /// <summary>
    /// A token is refused after this many Graph calls (a $batch counts once): expiry by count, which a test can rely on
    /// without a clock. Null: no such limit.
    /// </summary>
    public int? MaxRequestsPerToken { get; init; }

    /// <summary>The only client_id given tokens (else 400 unauthorized_client, AADSTS700016); null: any.</summary>
    public string? ClientId { get; init; }

    /// <summary>The client_secret a token request must carry (else 401 invalid_client, AADSTS7000215); null: any non-empty one.</summary>
    public string? ClientSecret { get; init; }
}

/// <summary>Issues opaque bearer tokens and checks them on Graph calls. Thread-safe; counts into the sandbox's stats.</summary>
internal sealed class TokenIssuer
{
    private sealed class Issued(string clientId, DateTimeOffset expiresAt)
    {
        public string ClientId { get; } = clientId;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public long Uses;
        public volatile bool Revoked;
    }

    /// <summary>What a check found: the app a valid token belongs to, or Graph's message for a refused one.</summary>
    public readonly record struct Verdict(string? ClientId, string? RefusalMessage)
    {
        public bool Accepted => ClientId is not null;
    }

    // Graph's own words for an expired token; the code (InvalidAuthenticationToken) is what clients act on.
    public const string ExpiredMessage = "Lifetime validation failed, the token is expired.";
    public const string UnknownMessage = "Access token validation failure. The token was not issued by this sandbox's token endpoint.";

    private readonly ConcurrentDictionary<string, Issued> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SandboxStats _stats;
    private SandboxTokenSettings _settings;

    public TokenIssuer(SandboxTokenSettings settings, TimeProvider time, SandboxStats stats)
    {
        _settings = Validate(settings);
        _time = time;
        _stats = stats;
    }

    public SandboxTokenSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set => Volatile.Write(ref _settings, Validate(value ?? new SandboxTokenSettings()));
    }

    private static SandboxTokenSettings Validate(SandboxTokenSettings s) =>
        s.LifetimeSeconds < 1 || s.MaxRequestsPerToken < 0
            ? throw GraphException.InvalidRequest("lifetimeSeconds must be at least 1 and maxRequestsPerToken not negative.")
            : s;

    /// <summary>A new token for the app, valid for the configured lifetime (and number of calls).</summary>
    public (string Token, int ExpiresIn) Issue(string clientId)
    {
        var settings = Settings;
        // Opaque on purpose: a client must not read anything into a token, and nothing here could be replayed elsewhere.
        var token = "sbx." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (_tokens.Count > 50_000) Forget();
        _tokens[token] = new Issued(clientId, _time.GetUtcNow().AddSeconds(settings.LifetimeSeconds));
        _stats.CountTokenIssued();
        return (token, settings.LifetimeSeconds);
    }

    /// <summary>Checks one Graph call's bearer token, counting the call against it. Refusals are counted in the stats.</summary>
    public Verdict Check(string token)
    {
        if (!_tokens.TryGetValue(token, out var issued)) return Refuse(UnknownMessage);
        var uses = Interlocked.Increment(ref issued.Uses);
        if (issued.Revoked || _time.GetUtcNow() >= issued.ExpiresAt || (Settings.MaxRequestsPerToken is { } max && uses > max))
        {
            // Once refused a token stays refused, as an expired token does: a later, lower limit must not revive it.
            issued.Revoked = true;
            return Refuse(ExpiredMessage);
        }
        return new Verdict(issued.ClientId, null);
    }

    private Verdict Refuse(string message)
    {
        _stats.CountTokenRefused();
        return new Verdict(null, message);
    }

    /// <summary>POST /sandbox/tokens/expire: every token issued so far expires now. Returns how many were still valid.</summary>
    public int ExpireAll()
    {
        var count = 0;
        var now = _time.GetUtcNow();
        foreach (var issued in _tokens.Values)
        {
            if (issued.Revoked || now >= issued.ExpiresAt) continue;
            issued.Revoked = true;
            count++;
        }
        return count;
    }

    /// <summary>Keeps the table bounded in long runs: tokens expired for an hour are forgotten (later calls with them: unknown).</summary>
    private void Forget()
    {
        var cutoff = _time.GetUtcNow().AddHours(-1);
        foreach (var (token, issued) in _tokens)
            if (issued.ExpiresAt < cutoff) _tokens.TryRemove(token, out _);
    }
}
