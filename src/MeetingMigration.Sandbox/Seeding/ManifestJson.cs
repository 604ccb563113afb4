using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeetingMigration.Sandbox.Seeding;

internal static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = new(SeedJson.Options)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
