using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MeetingMigration.Sandbox;

/// <summary>
/// Adapts HTTP to the dispatcher: checks the bearer token, reads the body, writes the Graph answer. Three token rules:
/// a required token (<see cref="SandboxOptions.RequiredToken"/>) only; with <see cref="SandboxTokenSettings.CheckTokens"/>
/// only unexpired tokens of the sandbox's own token endpoint; otherwise any bearer token (the default).
/// </summary>
internal sealed class GraphHttpEndpoint(GraphDispatcher dispatcher, string? requiredToken, Misbehavior misbehavior, TokenIssuer tokens, SandboxStats stats)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await AnswerAsync(ctx);
        }
        finally
        {
            stats.CountAnswer(System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }
    }

    private async Task AnswerAsync(HttpContext ctx)
    {
        var token = BearerToken(ctx.Request.Headers.Authorization.ToString());
        var clientRequestId = ctx.Request.Headers["client-request-id"].ToString();
        // Throttling counts per app. A bearer token stands for the app unless tokens are checked, when the app is the
        // token's client_id: a client that renews its token must not get a fresh budget with it.
        var app = token;
        string? refusal = null;
        if (token is null) refusal = "Access token is empty.";
        else if (requiredToken is not null) refusal = token == requiredToken ? null : "Access token validation failure. Invalid audience.";
        else if (tokens.Settings.CheckTokens)
        {
            var verdict = tokens.Check(token);
            app = verdict.ClientId;
            refusal = verdict.RefusalMessage;
        }
        if (refusal is not null)
        {
            // Refused before anything is read or applied, as Graph refuses a bad token: a client may send the same request
            // again with a new token.
            var requestId = Guid.NewGuid().ToString();
            var error = GraphJson.Error(401, "InvalidAuthenticationToken", refusal, requestId, clientRequestId.Length > 0 ? clientRequestId : null);
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\"";
            await WriteAsync(ctx, error.WithHeader("request-id", requestId));
            return;
        }

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            body = buffer.ToArray();
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in ctx.Request.Headers) headers[name] = values.ToString();
        var path = ctx.Request.Path.Value ?? "/";
        var rawQuery = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "";
        var request = new GraphRequest
        {
            Method = ctx.Request.Method.ToUpperInvariant(),
            Path = path,
            RawPath = ctx.Request.Path.ToUriComponent(),
            RawQuery = rawQuery,
            Query = GraphRequest.ParseQuery(rawQuery),
            Headers = headers,
            Body = body,
            BaseUrl = $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}",
            App = app!,
        };
        var how = misbehavior.Take(request.Method, path);
        if (how is not null && Misbehavior.AnswersInstead(how.Mode))
        {
            var (status, location, retryAfter, contentType, instead) = Misbehavior.Instead(how, path, ctx.Request.Headers.Authorization.ToString());
            ctx.Response.StatusCode = status;
            if (location is not null) ctx.Response.Headers.Location = location;
            if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = instead.Length;
            await ctx.Response.Body.WriteAsync(instead, ctx.RequestAborted);
            return;
        }
        var response = await dispatcher.ExecuteAsync(request, ctx.RequestAborted);
        if (how is not null)
        {
            // The answer is spoiled after the request was handled, as a broken proxy or a dropped connection would.
            var (status, contentType, spoiled) = Misbehavior.Spoil(how, response);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = spoiled.Length;
            await ctx.Response.Body.WriteAsync(spoiled, ctx.RequestAborted);
            return;
        }
        await WriteAsync(ctx, response);
    }

    private static string? BearerToken(string authorization)
    {
        const string prefix = "Bearer ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var token = authorization[prefix.Length..].Trim();
        return token.Length > 0 ? token : null;
    }

    public static async Task WriteAsync(HttpContext ctx, GraphResponse response)
    {
        ctx.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers) ctx.Response.Headers.Append(name, value);
        if (response.Body is { } body)
        {
            ctx.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
        }
    }
}
