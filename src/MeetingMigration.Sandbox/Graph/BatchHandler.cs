using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox;

/// <summary>
/// POST /$batch (JSON batching): at most 20 items, each run through the full pipeline (throttling and faults included),
/// each answered with its own status inside a 200 envelope. Without dependsOn, items run 4 at a time, as Outlook
/// consumes a batch; with any dependsOn, all items run one by one in order and a failed dependency gives 424.
/// </summary>
internal sealed class BatchHandler(GraphDispatcher dispatcher)
{
    private const int MaxItems = 20;
    private const int OutlookParallelism = 4;

    private sealed record Item(string Id, string Method, string Url, Dictionary<string, string> Headers, byte[] Body, string[] DependsOn);

    public async Task<GraphResponse> ExecuteAsync(GraphRequest envelope, CancellationToken ct)
    {
        var items = Parse(envelope.Body);
        var results = new GraphResponse[items.Count];
        if (items.Any(i => i.DependsOn.Length > 0))
        {
            var statusById = new Dictionary<string, int>();
            for (var i = 0; i < items.Count; i++)
            {
                var failed = items[i].DependsOn.FirstOrDefault(d => statusById[d] >= 400);
                results[i] = failed is not null
                    ? GraphJson.Error(424, "FailedDependency", $"The request depends on request '{failed}', which failed.", Guid.NewGuid().ToString(), null)
                    : await RunAsync(envelope, items[i], ct);
                statusById[items[i].Id] = results[i].Status;
            }
        }
        else
        {
            using var gate = new SemaphoreSlim(OutlookParallelism);
            await Task.WhenAll(items.Select(async (item, i) =>
            {
                await gate.WaitAsync(ct);
                try { results[i] = await RunAsync(envelope, item, ct); }
                finally { gate.Release(); }
            }));
        }
        return GraphJson.Ok(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("responses");
            for (var i = 0; i < items.Count; i++) WriteItem(w, items[i].Id, results[i]);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private Task<GraphResponse> RunAsync(GraphRequest envelope, Item item, CancellationToken ct)
    {
        var url = item.Url.StartsWith('/') ? item.Url : "/" + item.Url;
        if (url.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase)) url = url[5..];
        var q = url.IndexOf('?');
        var rawPath = q < 0 ? url : url[..q];
        var rawQuery = q < 0 ? "" : url[(q + 1)..];
        var headers = new Dictionary<string, string>(item.Headers, StringComparer.OrdinalIgnoreCase);
        var request = new GraphRequest
        {
            Method = item.Method,
            Path = Uri.UnescapeDataString(rawPath),
            RawPath = rawPath,
            RawQuery = rawQuery,
            Query = GraphRequest.ParseQuery(rawQuery),
            Headers = headers,
            Body = item.Body,
            BaseUrl = envelope.BaseUrl,
            App = envelope.App,
            IsBatchItem = true,
        };
        return dispatcher.ExecuteAsync(request, ct);
    }

    private static List<Item> Parse(byte[] body)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException) { throw new GraphException(400, "BadRequest", "Invalid batch payload format."); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
                throw new GraphException(400, "BadRequest", "Invalid batch payload format.");
            if (requests.GetArrayLength() > MaxItems)
                throw new GraphException(400, "BadRequest", $"The number of requests in a batch exceeds the limit of {MaxItems}.");
            var items = new List<Item>();
            foreach (var r in requests.EnumerateArray())
            {
                string? Str(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var id = Str("id");
                var method = Str("method")?.ToUpperInvariant();
                var url = Str("url");
                if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(method) || string.IsNullOrEmpty(url))
                    throw new GraphException(400, "BadRequest", "Each batch request needs id, method and url.");
                if (items.Any(i => i.Id == id)) throw new GraphException(400, "BadRequest", $"Batch request id '{id}' is not unique.");
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (r.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
                    foreach (var p in h.EnumerateObject()) headers[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText();
                var itemBody = Array.Empty<byte>();
                if (r.TryGetProperty("body", out var b) && b.ValueKind != JsonValueKind.Null)
                {
                    if (!headers.ContainsKey("Content-Type"))
                        throw new GraphException(400, "BadRequest", $"Batch request '{id}' has a body but no Content-Type header.");
                    itemBody = b.ValueKind == JsonValueKind.String ? Base64OrText(b.GetString()!) : Encoding.UTF8.GetBytes(b.GetRawText());
                }
                var dependsOn = r.TryGetProperty("dependsOn", out var d) && d.ValueKind == JsonValueKind.Array
                    ? d.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : Array.Empty<string>();
                foreach (var dep in dependsOn)
                    if (!items.Any(i => i.Id == dep))
                        throw new GraphException(400, "BadRequest", $"Batch request '{id}' depends on '{dep}', which is not an earlier request of the batch.");
                items.Add(new Item(id, method, url, headers, itemBody, dependsOn));
            }
            return items;
        }
    }

    /// <summary>Non-JSON bodies travel base64-encoded in a batch.</summary>
    private static byte[] Base64OrText(string s)
    {
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { return Encoding.UTF8.GetBytes(s); }
    }

    private static void WriteItem(Utf8JsonWriter w, string id, GraphResponse response)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteNumber("status", response.Status);
        w.WriteStartObject("headers");
        if (response.Body is not null) w.WriteString("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8");
        foreach (var (k, v) in response.Headers) w.WriteString(k, v);
        w.WriteEndObject();
        if (response.Body is { Length: > 0 } body)
        {
            w.WritePropertyName("body");
            w.WriteRawValue(body, skipInputValidation: true);
        }
        w.WriteEndObject();
    }
}
