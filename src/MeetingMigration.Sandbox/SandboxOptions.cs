using System;

namespace MeetingMigration.Sandbox;

/// <summary>How a sandbox starts. Everything can also be changed at run time through /sandbox/* except the port and token.</summary>
public sealed class SandboxOptions
{
    /// <summary>When set, every Graph call must carry "Authorization: Bearer {RequiredToken}" (else 401). Null accepts any bearer token.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>A tenant file (JSON, see docs/sandbox.md) imported before the server starts listening.</summary>
    public string? TenantFile { get; set; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Exchange's per-app-per-mailbox limits (4 concurrent, 10,000 per 10 minutes by default).</summary>
    public SandboxLimits Limits { get; set; } = new();

    /// <summary>Latency and injected failures at start (off by default).</summary>
    public SandboxFaults Faults { get; set; } = new();

    /// <summary>
    /// The token endpoint's settings at start (also PUT /sandbox/tokens): token lifetime, expiry after a number of calls,
    /// and whether Graph calls must carry one of its tokens (off by default: any bearer token is accepted).
    /// </summary>
    public SandboxTokenSettings Tokens { get; set; } = new();

    /// <summary>The clock tokens expire by; the system clock unless a test moves time itself.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Minimum log level of the console logger; warnings only by default.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
