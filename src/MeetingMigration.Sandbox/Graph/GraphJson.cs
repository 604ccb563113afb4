using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MeetingMigration.Sandbox;

/// <summary>Builds JSON response bodies and Graph's error shape.</summary>
internal static class GraphJson
{
    // Relaxed escaping keeps non-ASCII text readable; the decoded strings are identical either way.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    public static GraphResponse Ok(int status, Action<Utf8JsonWriter> write) => new() { Status = status, Body = Write(write) };

    /// <summary>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}: what the SDK turns into ODataError.</summary>
    public static GraphResponse Error(int status, string code, string message, string requestId, string? clientRequestId) => new()
    {
        Status = status,
        Body = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("innerError");
            w.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss"));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId ?? requestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }),
    };
}
