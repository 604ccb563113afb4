using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MeetingMigration.Sandbox;

// The tenant file format (`--tenant-file`, POST /sandbox/tenant, SandboxState.ImportTenant).
// The seeding generator writes exactly this shape, so property names are part of the contract.

/// <summary>A whole tenant: its users (each with a cloud or on-premises mailbox) and the meetings already in their mailboxes.</summary>
public sealed class TenantFile
{
    [JsonPropertyName("users")] public List<TenantUser> Users { get; set; } = new();
    [JsonPropertyName("events")] public List<TenantEvent> Events { get; set; } = new();
}

/// <summary>One user; a mailbox is created for every user.</summary>
public sealed class TenantUser
{
    [JsonPropertyName("id")] public Guid? Id { get; set; }
    [JsonPropertyName("userPrincipalName")] public string UserPrincipalName { get; set; } = "";
    [JsonPropertyName("displayName")] public string? DisplayName { get; set; }
    /// <summary>"cloud" (default) or "onPremises".</summary>
    [JsonPropertyName("mailboxLocation")] public string? MailboxLocation { get; set; }
    [JsonPropertyName("conferencing")] public TenantConferencing? Conferencing { get; set; }
}

/// <summary>A user's audio-conferencing coordinates, shown by new Teams meetings and by onlineMeetings.</summary>
public sealed class TenantConferencing
{
    [JsonPropertyName("conferenceId")] public string? ConferenceId { get; set; }
    [JsonPropertyName("tollNumber")] public string? TollNumber { get; set; }
    [JsonPropertyName("tollFreeNumbers")] public List<string>? TollFreeNumbers { get; set; }
    [JsonPropertyName("dialInUrl")] public string? DialInUrl { get; set; }
}

/// <summary>An event as it already exists in <see cref="Mailbox"/> (Graph event JSON, imported like POST /sandbox/mailboxes/{upn}/events).</summary>
public sealed class TenantEvent
{
    [JsonPropertyName("mailbox")] public string Mailbox { get; set; } = "";
    [JsonPropertyName("event")] public JsonNode? Event { get; set; }
}
