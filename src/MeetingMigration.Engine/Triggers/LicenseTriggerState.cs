using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>
    /// What the license trigger keeps between passes: the delta link and the ids of users whose Audio Conferencing plan was
    /// enabled at that point. Only licensed users are listed (an absent user is unlicensed), 32 characters each, so 50,000
    /// licensed users take about 1.7 MB in the settings row; beyond a few hundred thousand a table of its own would be better.
    /// </summary>
    public sealed class LicenseTriggerState
    {
        [JsonPropertyName("deltaLink")]
        public string DeltaLink { get; set; } = "";

        [JsonPropertyName("licensed")]
        public List<string> Licensed { get; set; } = new List<string>();

        public static LicenseTriggerState From(string deltaLink, IEnumerable<Guid> licensed) => new LicenseTriggerState
        {
            DeltaLink = deltaLink,
            // Sorted, so an unchanged baseline serializes to the same text (the store compares texts).
            Licensed = licensed.Select(id => id.ToString("N")).OrderBy(s => s, StringComparer.Ordinal).ToList(),
        };

        public HashSet<Guid> LicensedSet() => new HashSet<Guid>(Licensed.Select(s => Guid.ParseExact(s, "N")));

        public string ToJson() => JsonSerializer.Serialize(this);

        public static LicenseTriggerState FromJson(string json) =>
            JsonSerializer.Deserialize<LicenseTriggerState>(json) ?? throw new JsonException("The license trigger state is empty.");
    }
}
