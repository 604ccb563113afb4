using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MeetingMigration.Sandbox;

/// <summary>
/// /sandbox/*: the knobs that are not Graph (seeding, conferencing, mailbox moves, access policy, limits, faults,
/// misbehaviour, tokens, notifications, stats). No token needed. Errors use Graph's error shape too.
/// </summary>
internal static class SandboxControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SandboxRuntime server)
    {
        var state = server.State;
        var g = app.MapGroup("/sandbox");

        g.MapPost("/reset", () => { state.Reset(); return Results.NoContent(); });

        g.MapPost("/tenant", (HttpContext ctx) => Guarded(ctx, async () =>
        {
            state.ImportTenantJson(await ReadBody(ctx));
            return Results.NoContent();
        }));

        g.MapPost("/mailboxes/{upn}/events", (HttpContext ctx, string upn) => Guarded(ctx, async () =>
        {
            var id = state.ImportEvent(upn, (await ReadBody(ctx)).Span);
            var body = server.RenderEvent(upn, id);
            return new JsonBytesResult(body, 201);
        }));

        g.MapPut("/users/{upn}/conferencing", (HttpContext ctx, string upn) => Guarded(ctx, async () =>
        {
            var model = JsonSerializer.Deserialize<TenantConferencing>((await ReadBody(ctx)).Span, GraphJson.SerializerOptions);
            state.SetConferencing(upn, SandboxState.ToSettings(model));
            return Results.NoContent();
        }));

        g.MapPut("/users/{upn}/mailboxLocation", (HttpContext ctx, string upn) => Guarded(ctx, async () =>
        {
            using var doc = JsonDocument.Parse(await ReadBody(ctx));
            var location = doc.RootElement.TryGetProperty("location", out var l) ? l.GetString() : null;
            state.SetMailboxLocation(upn, location?.ToLowerInvariant() switch
            {
                "cloud" => MailboxLocation.Cloud,
                "onpremises" => MailboxLocation.OnPremises,
                _ => throw GraphException.InvalidRequest("location must be \"cloud\" or \"onPremises\"."),
            });
            return Results.NoContent();
        }));

        g.MapPut("/users/{upn}/accessDenied", (HttpContext ctx, string upn) => Guarded(ctx, async () =>
        {
            using var doc = JsonDocument.Parse(await ReadBody(ctx));
            var denied = doc.RootElement.TryGetProperty("denied", out var d) && d.ValueKind == JsonValueKind.True;
            state.SetAccessDenied(upn, denied);
            return Results.NoContent();
        }));

        g.MapGet("/limits", () => Results.Json(server.Limits, GraphJson.SerializerOptions));
        g.MapPut("/limits", (HttpContext ctx) => Guarded(ctx, async () =>
        {
            server.Limits = JsonSerializer.Deserialize<SandboxLimits>((await ReadBody(ctx)).Span, GraphJson.SerializerOptions) ?? new SandboxLimits();
            return Results.Json(server.Limits, GraphJson.SerializerOptions);
        }));

        g.MapGet("/misbehave", () => Results.Json(server.Misbehavior.Current, GraphJson.SerializerOptions));
        g.MapPut("/misbehave", (HttpContext ctx) => Guarded(ctx, async () =>
        {
            server.Misbehavior.Set(JsonSerializer.Deserialize<MisbehaviorSettings>((await ReadBody(ctx)).Span, GraphJson.SerializerOptions) ?? new MisbehaviorSettings());
            return Results.Json(server.Misbehavior.Current, GraphJson.SerializerOptions);
        }));

        g.MapGet("/faults", () => Results.Json(server.FaultSettings, GraphJson.SerializerOptions));
        g.MapPut("/faults", (HttpContext ctx) => Guarded(ctx, async () =>
        {
            server.FaultSettings = JsonSerializer.Deserialize<SandboxFaults>((await ReadBody(ctx)).Span, GraphJson.SerializerOptions) ?? new SandboxFaults();
            return Results.Json(server.FaultSettings, GraphJson.SerializerOptions);
        }));

        // The token endpoint (POST /{tenant}/oauth2/v2.0/token) and whether Graph calls must carry its tokens; /expire ends
        // every token issued so far, as a token's lifetime running out would.
        g.MapGet("/tokens", () => Results.Json(server.Tokens.Settings, GraphJson.SerializerOptions));
        g.MapPut("/tokens", (HttpContext ctx) => Guarded(ctx, async () =>
        {
            server.Tokens.Settings = JsonSerializer.Deserialize<SandboxTokenSettings>((await ReadBody(ctx)).Span, GraphJson.SerializerOptions) ?? new SandboxTokenSettings();
            return Results.Json(server.Tokens.Settings, GraphJson.SerializerOptions);
        }));
        g.MapPost("/tokens/expire", () => Results.Json(new { expired = server.Tokens.ExpireAll() }, GraphJson.SerializerOptions));

        g.MapGet("/notifications", (string? recipient, string? organizer, string? kind, string? iCalUId, string? eventId) =>
        {
            var list = state.GetNotifications(recipient, organizer, kind, iCalUId, eventId);
            return Results.Json(new { count = list.Count, value = list }, GraphJson.SerializerOptions);
        });
        g.MapDelete("/notifications", () => { state.ClearNotifications(); return Results.NoContent(); });

        // How many Teams meetings an organizer has (created by createOrGet, POST or a PATCH that went online): a reliability run
        // compares it with the conversions it asked for, to prove no orphan meeting was left behind.
        g.MapGet("/onlineMeetings/count", (HttpContext ctx, string organizer) => Guarded(ctx, () =>
        {
            Guid id;
            lock (state.Sync) id = (state.FindUserLocked(organizer) ?? throw GraphException.ItemNotFound()).Id;
            return Task.FromResult(Results.Json(new { organizer, count = state.OnlineMeetingCount(id) }, GraphJson.SerializerOptions));
        }));

        g.MapGet("/stats", () => Results.Json(state.Stats.Snapshot(), GraphJson.SerializerOptions));
        g.MapPost("/stats/reset", () => { server.ResetStats(); return Results.NoContent(); });
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        var body = buffer.ToArray();
        UnpairedSurrogates.ThrowIfNotText(body, "The body");
        return body;
    }

    /// <summary>Turns bad input into Graph-shaped 4xx answers instead of 500s.</summary>
    private static async Task Guarded(HttpContext ctx, Func<Task<IResult>> action)
    {
        IResult result;
        try { result = await action(); }
        catch (GraphException e) { result = Error(e.Status, e.Code, e.Message); }
        catch (JsonException e) { result = Error(400, "ErrorInvalidRequest", "Invalid JSON: " + e.Message); }
        catch (ArgumentException e) { result = Error(400, "ErrorInvalidRequest", e.Message); }
        await result.ExecuteAsync(ctx);
    }

    private static IResult Error(int status, string code, string message) =>
        new JsonBytesResult(GraphJson.Error(status, code, message, Guid.NewGuid().ToString(), null).Body!, status);

    /// <summary>Pre-serialized JSON with a chosen status.</summary>
    private sealed class JsonBytesResult(byte[] body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json; charset=utf-8";
            return ctx.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
