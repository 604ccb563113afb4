using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>A user entry of the tenant file ("users" array).</summary>
public sealed class SeedUser
{
    [JsonPropertyName("id")] public Guid? Id { get; set; }
    [JsonPropertyName("userPrincipalName")] public string UserPrincipalName { get; set; } = "";
    [JsonPropertyName("displayName")] public string? DisplayName { get; set; }
    /// <summary>"cloud" or "onPremises".</summary>
    [JsonPropertyName("mailboxLocation")] public string? MailboxLocation { get; set; }
    [JsonPropertyName("conferencing")] public SeedConferencing? Conferencing { get; set; }

    public const string Cloud = "cloud";
    public const string OnPremises = "onPremises";
}

/// <summary>A user's current audio-conferencing coordinates; new blocks should show these.</summary>
public sealed class SeedConferencing
{
    [JsonPropertyName("conferenceId")] public string? ConferenceId { get; set; }
    [JsonPropertyName("tollNumber")] public string? TollNumber { get; set; }
    [JsonPropertyName("tollFreeNumbers")] public List<string>? TollFreeNumbers { get; set; }
    [JsonPropertyName("dialInUrl")] public string? DialInUrl { get; set; }
}
