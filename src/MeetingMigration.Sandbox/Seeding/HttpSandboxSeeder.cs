using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Seeds a running sandbox over HTTP, for sandboxes in another process.
/// PerItem: POST /v1.0/users, PUT /sandbox/users/{upn}/conferencing, PUT /sandbox/users/{upn}/mailboxLocation,
/// then POST /sandbox/mailboxes/{upn}/events with bounded concurrency (users all exist before any event,
/// because attendee copies need them). Bulk: one streamed POST /sandbox/tenant.
/// </summary>
public sealed class HttpSandboxSeeder : ISandboxSeeder
{
    private readonly HttpClient _http;
    private readonly Uri _root;

    /// <param name="http">A client the caller owns (and may reuse).</param>
    /// <param name="rootUrl">The sandbox root, e.g. http://127.0.0.1:PORT/ (SandboxServer.RootUrl).</param>
    public HttpSandboxSeeder(HttpClient http, Uri rootUrl)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        ArgumentNullException.ThrowIfNull(rootUrl);
        _root = rootUrl.AbsoluteUri.EndsWith('/') ? rootUrl : new Uri(rootUrl.AbsoluteUri + "/");
    }

    public HttpSeedingMode Mode { get; init; } = HttpSeedingMode.PerItem;

    /// <summary>Bearer token for the /v1.0 calls (the sandbox may require a specific one).</summary>
    public string BearerToken { get; init; } = "sandbox-seeder";

    /// <summary>Events in flight at once in PerItem mode.</summary>
    public int MaxConcurrency { get; init; } = 8;

    public async Task<SeedingResult> SeedAsync(GeneratedTenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var clock = Stopwatch.StartNew();
        if (Mode == HttpSeedingMode.Bulk)
        {
            using var content = new TenantFileContent(tenant);
            await SendAsync(HttpMethod.Post, "sandbox/tenant", content, cancellationToken);
            return new SeedingResult(tenant.Users.Count, tenant.MeetingCount, clock.Elapsed);
        }

        foreach (var user in tenant.Users) await SeedUserAsync(user.Entry, cancellationToken);

        int events = 0;
        await Parallel.ForEachAsync(tenant.Meetings(),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = cancellationToken },
            async (meeting, ct) =>
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(meeting.Event, SeedJson.Options);
                await SendAsync(HttpMethod.Post, $"sandbox/mailboxes/{Uri.EscapeDataString(meeting.Mailbox)}/events", Json(json), ct);
                Interlocked.Increment(ref events);
            });
        return new SeedingResult(tenant.Users.Count, events, clock.Elapsed);
    }

    private async Task SeedUserAsync(SeedUser user, CancellationToken ct)
    {
        string upn = Uri.EscapeDataString(user.UserPrincipalName);
        var graphUser = new { id = user.Id, userPrincipalName = user.UserPrincipalName, displayName = user.DisplayName };
        await SendAsync(HttpMethod.Post, "v1.0/users", Json(JsonSerializer.SerializeToUtf8Bytes(graphUser, SeedJson.Options)), ct);
        if (user.Conferencing is not null)
            await SendAsync(HttpMethod.Put, $"sandbox/users/{upn}/conferencing", Json(JsonSerializer.SerializeToUtf8Bytes(user.Conferencing, SeedJson.Options)), ct);
        if (user.MailboxLocation is { } location && location != SeedUser.Cloud)
            await SendAsync(HttpMethod.Put, $"sandbox/users/{upn}/mailboxLocation", Json(JsonSerializer.SerializeToUtf8Bytes(new { location }, SeedJson.Options)), ct);
    }

    private async Task SendAsync(HttpMethod method, string relative, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_root, relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Seeding {method} /{relative} failed: {(int)response.StatusCode} {body}", null, response.StatusCode);
        }
    }

    private static ByteArrayContent Json(byte[] utf8)
    {
        var content = new ByteArrayContent(utf8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Streams the tenant file into the request body as it is generated.</summary>
    private sealed class TenantFileContent : HttpContent
    {
        private readonly GeneratedTenant _tenant;

        public TenantFileContent(GeneratedTenant tenant)
        {
            _tenant = tenant;
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            TenantFileWriter.WriteAsync(_tenant, stream, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            TenantFileWriter.WriteAsync(_tenant, stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false; // chunked: the length is only known once everything is written
        }
    }
}
