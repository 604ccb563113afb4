using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeetingMigration.Sandbox;

/// <summary>
/// A local Exchange Online: Kestrel on 127.0.0.1 serving the calendar part of Microsoft Graph v1.0 at /v1.0,
/// plus /sandbox/* controls. Start it in-process with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxRuntime _runtime;

    private SandboxServer(WebApplication app, SandboxRuntime runtime, Uri rootUrl)
    {
        _app = app;
        _runtime = runtime;
        RootUrl = rootUrl;
        GraphBaseUrl = new Uri(rootUrl, "v1.0");
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri RootUrl { get; }

    /// <summary>http://127.0.0.1:PORT/v1.0 — pass as the GraphServiceClient base URL.</summary>
    public Uri GraphBaseUrl { get; }

    /// <summary>The in-memory tenant, for in-process seeding and assertions.</summary>
    public SandboxState State => _runtime.State;

    /// <summary>Current throttling limits (also PUT /sandbox/limits).</summary>
    public SandboxLimits Limits
    {
        get => _runtime.Limits;
        set => _runtime.Limits = value;
    }

    /// <summary>Spoils the next matching answers (truncated JSON, wrong types, an HTML error page, an empty body, a foreign nextLink).</summary>
    public MisbehaviorSettings Misbehave
    {
        get => _runtime.Misbehavior.Current;
        set => _runtime.Misbehavior.Set(value ?? new MisbehaviorSettings());
    }

    /// <summary>Current fault injection (also PUT /sandbox/faults). Setting it reseeds the random source.</summary>
    public SandboxFaults Faults
    {
        get => _runtime.FaultSettings;
        set => _runtime.FaultSettings = value;
    }

    /// <summary>The token endpoint and token checking (also PUT /sandbox/tokens).</summary>
    public SandboxTokenSettings Tokens
    {
        get => _runtime.Tokens.Settings;
        set => _runtime.Tokens.Settings = value;
    }

    /// <summary>http://127.0.0.1:PORT/{tenant}/oauth2/v2.0/token, the client-credentials token endpoint.</summary>
    public Uri TokenUrl(string tenant) => new(RootUrl, $"{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token");

    /// <summary>Every token issued so far expires now (POST /sandbox/tokens/expire); returns how many were still valid.</summary>
    public int ExpireTokens() => _runtime.Tokens.ExpireAll();

    /// <summary>Counters since start or the last reset (also GET /sandbox/stats).</summary>
    public SandboxStatsSnapshot GetStats() => State.Stats.Snapshot();

    /// <summary>Zeroes the counters and the throttling windows (POST /sandbox/stats/reset).</summary>
    public void ResetStats() => _runtime.ResetStats();

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var state = new SandboxState();
        if (options.TenantFile is { } tenantFile) state.ImportTenantFile(tenantFile);
        var runtime = new SandboxRuntime(state, options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // The host logs a failed start (a port already taken) with its stack trace before it throws; the program then
        // says the same in one line, so that log would only repeat it as a crash.
        // (A filter function replaces the minimum level for every category, so it applies that level too.)
        var minimum = options.LogLevel;
        builder.Logging.AddFilter((provider, category, level) => level >= minimum && !(level == LogLevel.Error && category == "Microsoft.Extensions.Hosting.Internal.Host"));
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 512L * 1024 * 1024;
        });
        var app = builder.Build();

        var graph = new GraphHttpEndpoint(new GraphDispatcher(state, runtime.Throttler, runtime.Faults), options.RequiredToken, runtime.Misbehavior, runtime.Tokens, state.Stats);
        app.Map("/v1.0", branch => branch.Run(graph.HandleAsync));
        SandboxControlEndpoints.Map(app, runtime);
        TokenEndpoint.Map(app, runtime.Tokens);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, runtime, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"));
    }

    /// <summary>Completes when the host stops (Ctrl+C or SIGTERM when run as a program).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening; <see cref="WaitForShutdownAsync"/> then completes.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
