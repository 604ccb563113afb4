using System;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MeetingMigration.Sandbox;

/// <summary>
/// POST /{tenant}/oauth2/v2.0/token: the client-credentials grant of the Microsoft identity platform (v2), shaped like
/// login.microsoftonline.com's: a form with client_id, client_secret, scope (the resource's "/.default") and
/// grant_type=client_credentials; a JSON answer with token_type, expires_in, ext_expires_in and access_token, or Entra's
/// error JSON (error, error_description starting with the AADSTS code, error_codes, timestamp, trace_id, correlation_id).
/// Only that grant is served: the engine's sandbox connections sign in with a client secret.
/// </summary>
internal static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder app, TokenIssuer issuer) =>
        app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext ctx, string tenant) => HandleAsync(ctx, tenant, issuer));

    private static async Task HandleAsync(HttpContext ctx, string tenant, TokenIssuer issuer)
    {
        // Entra answers no-store so no cache along the way keeps a token.
        ctx.Response.Headers.CacheControl = "no-store, no-cache";
        ctx.Response.Headers.Pragma = "no-cache";
        if (!ctx.Request.HasFormContentType)
        {
            await ErrorAsync(ctx, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            return;
        }
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        string Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : "";
        var grant = Field("grant_type");
        var clientId = Field("client_id");
        var secret = Field("client_secret");
        var scope = Field("scope");
        var settings = issuer.Settings;

        if (grant.Length == 0) { await ErrorAsync(ctx, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'."); return; }
        if (grant != "client_credentials")
        {
            await ErrorAsync(ctx, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type. This sandbox serves client_credentials only.");
            return;
        }
        if (clientId.Length == 0) { await ErrorAsync(ctx, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'."); return; }
        if (scope.Length == 0) { await ErrorAsync(ctx, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'."); return; }
        if (!scope.EndsWith("/.default", StringComparison.Ordinal) || scope.Contains(' '))
        {
            await ErrorAsync(ctx, 400, "invalid_scope", 1002012,
                "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
            return;
        }
        if (settings.ClientId is { } only && !string.Equals(only, clientId, StringComparison.OrdinalIgnoreCase))
        {
            // Entra names the app id it did not find (not a secret); the tenant is echoed as given.
            await ErrorAsync(ctx, 400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
            return;
        }
        if (secret.Length == 0)
        {
            await ErrorAsync(ctx, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }
        if (settings.ClientSecret is { } expected && !string.Equals(expected, secret, StringComparison.Ordinal))
        {
            // Never echo the secret, as Entra does not.
            await ErrorAsync(ctx, 401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
            return;
        }

        var (token, expiresIn) = issuer.Issue(clientId);
        await WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", expiresIn);
            w.WriteNumber("ext_expires_in", expiresIn);
            w.WriteString("access_token", token);
            w.WriteEndObject();
        });
    }

    private static Task ErrorAsync(HttpContext ctx, int status, string error, int code, string description)
    {
        var traceId = Guid.NewGuid().ToString();
        var correlationId = ctx.Request.Headers["client-request-id"].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return WriteJsonAsync(ctx, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("error_description", $"AADSTS{code}: {description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}");
            w.WriteStartArray("error_codes");
            w.WriteNumberValue(code);
            w.WriteEndArray();
            w.WriteString("timestamp", timestamp);
            w.WriteString("trace_id", traceId);
            w.WriteString("correlation_id", correlationId);
            w.WriteEndObject();
        });
    }

    private static async Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        var body = GraphJson.Write(write);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }
}
