using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Streams the tenant file: { "users": [...], "events": [ { "mailbox": upn, "event": {...} } ] }.
/// Written with Utf8JsonWriter and flushed as it goes, so memory stays flat however many events there are.
/// </summary>
internal static class TenantFileWriter
{
    private const int FlushThreshold = 1 << 16;

    public static void Write(GeneratedTenant tenant, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SeedJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartArray("users");
        foreach (var user in tenant.Users) JsonSerializer.Serialize(writer, user.Entry, SeedJson.Options);
        writer.WriteEndArray();
        writer.WriteStartArray("events");
        foreach (var meeting in tenant.Meetings())
        {
            WriteEvent(writer, meeting);
            if (writer.BytesPending > FlushThreshold) writer.Flush();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The same file, flushed asynchronously: for request bodies, whose streams may refuse synchronous writes.</summary>
    public static async Task WriteAsync(GeneratedTenant tenant, Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SeedJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartArray("users");
        foreach (var user in tenant.Users) JsonSerializer.Serialize(writer, user.Entry, SeedJson.Options);
        writer.WriteEndArray();
        writer.WriteStartArray("events");
        foreach (var meeting in tenant.Meetings())
        {
            WriteEvent(writer, meeting);
            if (writer.BytesPending > FlushThreshold) await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    public static void WriteEvent(Utf8JsonWriter writer, SeededMeeting meeting)
    {
        writer.WriteStartObject();
        writer.WriteString("mailbox", meeting.Mailbox);
        writer.WritePropertyName("event");
        JsonSerializer.Serialize(writer, meeting.Event, SeedJson.Options);
        writer.WriteEndObject();
    }
}
