using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>The sandbox's Entra ID: the client-credentials token endpoint, and Graph refusing expired or unknown tokens.</summary>
public sealed class TokenTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ClientId = "5d0f3c9e-6a41-4c2b-9a55-0b1c2d3e4f50";

    /// <summary>A clock the test moves; tokens expire by it and by nothing else.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static Dictionary<string, string> Form(string? secret = "s3cret", string scope = "http://127.0.0.1/.default", string grant = "client_credentials") => new()
    {
        ["client_id"] = ClientId, ["client_secret"] = secret ?? "", ["scope"] = scope, ["grant_type"] = grant,
    };

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PostTokenAsync(TestSandbox sb, Dictionary<string, string> form)
    {
        using var response = await sb.Http.PostAsync($"{Tenant}/oauth2/v2.0/token", new FormUrlEncodedContent(form));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static async Task<string> TokenAsync(TestSandbox sb) => (await PostTokenAsync(sb, Form())).Json.GetProperty("access_token").GetString()!;

    private static async Task<HttpResponseMessage> GraphGetAsync(TestSandbox sb, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1.0/users/{Organizer}/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await sb.Http.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Fact]
    public async Task The_token_endpoint_answers_the_client_credentials_grant_like_Entra()
    {
        await using var sb = await StartAsync(new SandboxOptions { Tokens = new SandboxTokenSettings { LifetimeSeconds = 120 } });

        var (status, json) = await PostTokenAsync(sb, Form());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(120, json.GetProperty("expires_in").GetInt32());
        Assert.Equal(120, json.GetProperty("ext_expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.NotEqual(json.GetProperty("access_token").GetString(), await TokenAsync(sb)); // a new token each time
        Assert.Equal(2, sb.Server.GetStats().TokensIssued);
    }

    [Theory]
    [InlineData("password", "s3cret", "http://127.0.0.1/.default", 400, "unsupported_grant_type", 70003)]
    [InlineData("client_credentials", "s3cret", "https://graph.microsoft.com/Calendars.Read", 400, "invalid_scope", 1002012)]
    [InlineData("client_credentials", "", "http://127.0.0.1/.default", 401, "invalid_client", 7000218)]
    [InlineData("client_credentials", "wrong-one", "http://127.0.0.1/.default", 401, "invalid_client", 7000215)]
    public async Task A_bad_token_request_gets_Entras_error_json(string grant, string secret, string scope, int status, string error, int code)
    {
        await using var sb = await StartAsync(new SandboxOptions { Tokens = new SandboxTokenSettings { ClientSecret = "s3cret" } });

        var (got, json) = await PostTokenAsync(sb, Form(secret, scope, grant));

        Assert.Equal(status, (int)got);
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.StartsWith($"AADSTS{code}:", json.GetProperty("error_description").GetString());
        Assert.Equal(code, json.GetProperty("error_codes")[0].GetInt32());
        foreach (var name in new[] { "timestamp", "trace_id", "correlation_id" }) Assert.True(json.TryGetProperty(name, out _), name);
        Assert.DoesNotContain("wrong-one", json.GetRawText());
        Assert.False(json.TryGetProperty("access_token", out _));
        Assert.Equal(0, sb.Server.GetStats().TokensIssued);
    }

    [Fact]
    public async Task By_default_any_bearer_token_is_accepted_as_before()
    {
        await using var sb = await StartAsync();
        using var response = await GraphGetAsync(sb, "anything-at-all");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_token_checking_a_token_works_until_its_lifetime_ends_then_Graph_answers_401()
    {
        var time = new ManualTime();
        await using var sb = await StartAsync(new SandboxOptions { TimeProvider = time, Tokens = new SandboxTokenSettings { CheckTokens = true, LifetimeSeconds = 60 } });
        var token = await TokenAsync(sb);

        using (var fresh = await GraphGetAsync(sb, token)) Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        time.Now = time.Now.AddSeconds(59);
        using (var late = await GraphGetAsync(sb, token)) Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        time.Now = time.Now.AddSeconds(1);
        using (var expired = await GraphGetAsync(sb, token)) await AssertRefusedAsync(expired, "Lifetime validation failed, the token is expired.");
        using (var unknown = await GraphGetAsync(sb, "made-up")) await AssertRefusedAsync(unknown, "Access token validation failure. The token was not issued by this sandbox's token endpoint.");
        using (var renewed = await GraphGetAsync(sb, await TokenAsync(sb))) Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);

        var stats = sb.Server.GetStats();
        Assert.Equal((2L, 2L, 3L), (stats.TokensIssued, stats.TokensRefused, stats.Requests)); // refused calls never reach Graph's handlers
    }

    [Fact]
    public async Task A_token_can_expire_after_a_number_of_calls_and_all_tokens_on_demand()
    {
        await using var sb = await StartAsync(new SandboxOptions { Tokens = new SandboxTokenSettings { CheckTokens = true, MaxRequestsPerToken = 2 } });
        var token = await TokenAsync(sb);

        using (var first = await GraphGetAsync(sb, token)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var second = await GraphGetAsync(sb, token)) Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var third = await GraphGetAsync(sb, token)) await AssertRefusedAsync(third, "Lifetime validation failed, the token is expired.");
        // Refused once, refused for good, even if the limit is raised afterwards.
        sb.Server.Tokens = sb.Server.Tokens with { MaxRequestsPerToken = 100 };
        using (var again = await GraphGetAsync(sb, token)) Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);

        var next = await TokenAsync(sb);
        using (var ok = await GraphGetAsync(sb, next)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var expire = await sb.Http.PostAsync("sandbox/tokens/expire", null))
            Assert.Equal(1, (await expire.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expired").GetInt32());
        using (var gone = await GraphGetAsync(sb, next)) await AssertRefusedAsync(gone, "Lifetime validation failed, the token is expired.");
    }

    [Fact]
    public async Task Token_settings_are_read_and_set_at_sandbox_tokens_and_throttling_counts_per_app_not_per_token()
    {
        await using var sb = await StartAsync();
        using (var put = await sb.Http.PutAsJsonAsync("sandbox/tokens", new { checkTokens = true, lifetimeSeconds = 30, maxRequestsPerToken = 3 }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(new SandboxTokenSettings { CheckTokens = true, LifetimeSeconds = 30, MaxRequestsPerToken = 3 }, sb.Server.Tokens);
        using (var bad = await sb.Http.PutAsJsonAsync("sandbox/tokens", new { lifetimeSeconds = 0 }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Two requests per window for the app: a second token of the same client_id does not get a fresh budget.
        sb.Server.Limits = new SandboxLimits { MaxRequestsPerWindow = 2 };
        var first = await TokenAsync(sb);
        var second = await TokenAsync(sb);
        using (var a = await GraphGetAsync(sb, first)) Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        using (var b = await GraphGetAsync(sb, second)) Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        using (var c = await GraphGetAsync(sb, second)) Assert.Equal((HttpStatusCode)429, c.StatusCode);
    }

    [Fact]
    public async Task The_sdk_sees_a_refused_token_as_an_ODataError_401()
    {
        await using var sb = await StartAsync(new SandboxOptions { Tokens = new SandboxTokenSettings { CheckTokens = true } });
        var error = await Assert.ThrowsAsync<ODataError>(() => sb.Graph(retry: false, token: "never-issued").Users[Organizer].Events.GetAsync());
        Assert.Equal(401, error.ResponseStatusCode);
        Assert.Equal("InvalidAuthenticationToken", error.Error!.Code);
    }
}
