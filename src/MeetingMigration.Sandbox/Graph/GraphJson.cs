using System;
using System.Buffers;
using System.Globalization;
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

    // One buffer and writer per thread, reused: a full event is ~8 KB, and growing a fresh buffer from 1 KB for every
    // response cost several copies per request. Write never awaits, so a thread's buffer serves one response at a time;
    // a nested Write (from inside a write callback) gets a buffer of its own.
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;
    [ThreadStatic] private static bool _inUse;

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        if (_inUse) return WriteFresh(write);
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        var w = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        _inUse = true;
        try
        {
            write(w);
            w.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            _inUse = false;
            // A huge page must not stay pinned to the thread.
            if (buffer.Capacity > 1024 * 1024) _buffer = null;
        }
    }

    private static byte[] WriteFresh(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    public static GraphResponse Ok(int status, Action<Utf8JsonWriter> write) => new() { Status = status, Body = Write(write) };

    /// <summary>
    /// An answer whose JSON is written after the handler returns, outside the state lock: a calendar page takes
    /// milliseconds to write, and under the lock every other mailbox's request waited for it (issue 9). The writer must
    /// read only what cannot change meanwhile: snapshots (<see cref="ViewEntry.Snapshot"/>) and the request's own values.
    /// </summary>
    public static GraphResponse Deferred(int status, Action<Utf8JsonWriter> write) => new() { Status = status, DeferredBody = write };

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
            w.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId ?? requestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }),
    };
}
