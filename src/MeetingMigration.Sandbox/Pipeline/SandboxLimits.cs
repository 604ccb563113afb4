namespace MeetingMigration.Sandbox;

/// <summary>
/// Exchange Online's per-app-per-mailbox limits (Graph throttling page, Outlook service limits).
/// The "app" is the bearer token, so two tokens have separate budgets on the same mailbox, as two app registrations would.
/// </summary>
public sealed record SandboxLimits
{
    /// <summary>Requests in flight at once per app and mailbox; one more answers 429 ApplicationThrottled.</summary>
    public int MaxConcurrentRequestsPerMailbox { get; init; } = 4;
    /// <summary>Requests per app and mailbox in one window (10,000 per 10 minutes).</summary>
    public int MaxRequestsPerWindow { get; init; } = 10_000;
    public int WindowSeconds { get; init; } = 600;
    /// <summary>Retry-After (seconds) sent with a concurrency 429. Integer on purpose: the SDK ignores fractional values.</summary>
    public int ConcurrencyRetryAfterSeconds { get; init; } = 1;
}
