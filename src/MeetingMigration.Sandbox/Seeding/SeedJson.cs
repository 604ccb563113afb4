using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeetingMigration.Sandbox.Seeding;

internal static class SeedJson
{
    /// <summary>
    /// Relaxed escaping keeps non-ASCII text readable in the file instead of \uXXXX everywhere; safe because
    /// the tenant file is data read by a JSON parser, never embedded in a web page.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
