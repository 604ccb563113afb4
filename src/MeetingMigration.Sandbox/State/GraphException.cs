using System;

namespace MeetingMigration.Sandbox;

/// <summary>A failure that becomes Graph's error JSON: {"error":{"code","message","innerError":{..}}}.</summary>
internal sealed class GraphException : Exception
{
    public GraphException(int status, string code, string message) : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }
    public string Code { get; }
    /// <summary>Seconds for a Retry-After header (throttling and injected faults).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static GraphException InvalidRequest(string message) => new(400, "ErrorInvalidRequest", message);
    public static GraphException ItemNotFound() => new(404, "ErrorItemNotFound", "The specified object was not found in the store.");
}
