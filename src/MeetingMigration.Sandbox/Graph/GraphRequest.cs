using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>One Graph call, from HTTP or from a $batch item; both go through the same <see cref="GraphDispatcher"/>.</summary>
internal sealed class GraphRequest
{
    public required string Method { get; init; }
    /// <summary>Decoded path after /v1.0, e.g. "/users/a@b/events".</summary>
    public required string Path { get; init; }
    /// <summary>Path as sent (escaped), used to build nextLinks.</summary>
    public required string RawPath { get; init; }
    /// <summary>Raw query string without '?'.</summary>
    public required string RawQuery { get; init; }
    /// <summary>Query options by lower-case name with any leading '$' removed.</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public byte[] Body { get; init; } = Array.Empty<byte>();
    /// <summary>Absolute root of the Graph surface, e.g. "http://127.0.0.1:5080/v1.0".</summary>
    public required string BaseUrl { get; init; }
    /// <summary>The calling application: its bearer token.</summary>
    public required string App { get; init; }
    public bool IsBatchItem { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v : null;
    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";

    public static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Decode(part[(eq + 1)..]);
            result[key.TrimStart('$').ToLowerInvariant()] = value;
        }
        return result;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

/// <summary>A Graph answer: status, headers and a JSON body (or none).</summary>
internal sealed class GraphResponse
{
    public int Status { get; init; }
    public List<KeyValuePair<string, string>> Headers { get; } = new();
    public byte[]? Body { get; set; }

    /// <summary>
    /// A body to write once the state lock is released (the dispatcher turns it into <see cref="Body"/>). Set only by
    /// handlers whose writer reads snapshots taken under the lock, never live state: see <see cref="GraphJson.Deferred"/>.
    /// </summary>
    public Action<System.Text.Json.Utf8JsonWriter>? DeferredBody { get; set; }

    public GraphResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
