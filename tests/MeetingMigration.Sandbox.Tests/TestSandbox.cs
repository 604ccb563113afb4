using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using MeetingMigration.Sandbox;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>A running sandbox plus real GraphServiceClients pointed at it.</summary>
internal sealed class TestSandbox : IAsyncDisposable
{
    public const string Organizer = "adele@contoso.test";
    public const string Attendee1 = "bob@contoso.test";
    public const string Attendee2 = "carol@contoso.test";
    public const string External = "dana@fabrikam.test";

    private readonly List<IDisposable> _disposables = new();

    private TestSandbox(SandboxServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.RootUrl };
        _disposables.Add(Http);
    }

    public SandboxServer Server { get; }
    public SandboxState State => Server.State;
    /// <summary>Plain HTTP for /sandbox/* and raw Graph checks.</summary>
    public HttpClient Http { get; }

    public static async Task<TestSandbox> StartAsync(SandboxOptions? options = null, bool seedUsers = true)
    {
        var sandbox = new TestSandbox(await SandboxServer.StartAsync(options));
        if (seedUsers)
        {
            sandbox.State.AddUser(Organizer, "Adele Vance", conferencing: new ConferencingSettings("111222333", "+1 206-555-0100", new[] { "+1 800-555-0100" }, "https://dialin.teams.microsoft.com/a"));
            sandbox.State.AddUser(Attendee1, "Bob Lee");
            sandbox.State.AddUser(Attendee2, "Carol Smith");
        }
        return sandbox;
    }

    /// <summary>A GraphServiceClient with the SDK's default pipeline; without the RetryHandler when <paramref name="retry"/> is false.</summary>
    public GraphServiceClient Graph(bool retry = true, string token = "test-token")
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        if (!retry) handlers = handlers.Where(h => h is not RetryHandler).ToList();
        var http = GraphClientFactory.Create(handlers);
        _disposables.Add(http);
        var auth = new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token));
        return new GraphServiceClient(http, auth, Server.GraphBaseUrl.ToString());
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task PutJsonAsync(string path, object body)
    {
        var response = await Http.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    public int Notifications(string? recipient = null, string? kind = null) => State.GetNotifications(recipient: recipient, kind: kind).Count;

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _disposables) d.Dispose();
        await Server.DisposeAsync();
    }

    private sealed class StaticTokenProvider(string token) : IAccessTokenProvider
    {
        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);

        public AllowedHostsValidator AllowedHostsValidator { get; } = new();
    }
}
