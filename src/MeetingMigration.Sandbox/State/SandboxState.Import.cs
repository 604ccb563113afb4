using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeetingMigration.Sandbox;

// Seeding without HTTP: the generator and tests import users and existing meetings straight into memory.
public sealed partial class SandboxState
{
    /// <summary>Imports a tenant model: users first, then events (attendee copies need the users).</summary>
    public void ImportTenant(TenantFile tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        lock (Sync)
        {
            foreach (var u in tenant.Users) AddUser(u);
            foreach (var e in tenant.Events)
            {
                if (e.Event is null) throw new ArgumentException($"An event for mailbox '{e.Mailbox}' has no \"event\" object.");
                ImportEvent(e.Mailbox, JsonSerializer.SerializeToUtf8Bytes(e.Event));
            }
        }
    }

    /// <summary>Imports a tenant given as JSON (the tenant file format).</summary>
    public void ImportTenant(JsonNode tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ImportTenantJson(JsonSerializer.SerializeToUtf8Bytes(tenant));
    }

    /// <summary>Imports a tenant file from disk (what --tenant-file and SandboxOptions.TenantFile do).</summary>
    public void ImportTenantFile(string path) => ImportTenantJson(File.ReadAllBytes(path));

    /// <summary>Imports tenant-file JSON. Events are read straight from the document, never through an intermediate tree.</summary>
    public void ImportTenantJson(ReadOnlyMemory<byte> utf8Json)
    {
        using var doc = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ArgumentException("A tenant file is a JSON object with \"users\" and \"events\".");
        // The shape is checked before anything is imported, so a file of the wrong shape changes nothing.
        var hasUsers = root.TryGetProperty("users", out var users);
        if (hasUsers && users.ValueKind != JsonValueKind.Array) throw new ArgumentException($"\"users\" must be an array of users, not {users.ValueKind}.");
        var hasEvents = root.TryGetProperty("events", out var events);
        if (hasEvents && events.ValueKind != JsonValueKind.Array) throw new ArgumentException($"\"events\" must be an array of {{\"mailbox\", \"event\"}} entries, not {events.ValueKind}.");
        if (hasEvents)
            foreach (var e in events.EnumerateArray())
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("mailbox", out var m) || m.ValueKind != JsonValueKind.String
                    || !e.TryGetProperty("event", out var ev) || ev.ValueKind != JsonValueKind.Object)
                    throw new ArgumentException("Each events entry needs \"mailbox\" (a string) and \"event\" (an object).");
        lock (Sync)
        {
            if (hasUsers)
                foreach (var u in users.EnumerateArray())
                    AddUser(u.Deserialize<TenantUser>(GraphJson.SerializerOptions) ?? throw new ArgumentException("A user entry is null."));
            if (hasEvents)
                foreach (var e in events.EnumerateArray())
                    ImportEvent(e.GetProperty("mailbox").GetString()!, e.GetProperty("event"));
        }
    }

    /// <summary>Adds a user from the tenant file model.</summary>
    public UserRecord AddUser(TenantUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var location = user.MailboxLocation?.ToLowerInvariant() switch
        {
            null or "" or "cloud" => MailboxLocation.Cloud,
            "onpremises" => MailboxLocation.OnPremises,
            var other => throw new ArgumentException($"mailboxLocation '{other}' is neither 'cloud' nor 'onPremises'."),
        };
        return AddUser(user.UserPrincipalName, user.DisplayName, user.Id, location, ToSettings(user.Conferencing));
    }

    internal static ConferencingSettings? ToSettings(TenantConferencing? c) =>
        c is null ? null : new ConferencingSettings(c.ConferenceId, c.TollNumber, (c.TollFreeNumbers ?? new()).ToArray(), c.DialInUrl);

    /// <summary>
    /// Stores an event as it already exists in the mailbox (see POST /sandbox/mailboxes/{upn}/events): read-only properties and
    /// the body exactly as given, attendees' copies created, no message sent. Returns the event id.
    /// </summary>
    public string ImportEvent(string userPrincipalName, string eventJson) => ImportEvent(userPrincipalName, Encoding.UTF8.GetBytes(eventJson));

    public string ImportEvent(string userPrincipalName, ReadOnlySpan<byte> utf8EventJson)
    {
        var changes = EventJsonReader.Read(utf8EventJson, includeReadOnly: true);
        lock (Sync) return ImportEventLocked(RequireUser(userPrincipalName), changes).Id;
    }

    private string ImportEvent(string userPrincipalName, JsonElement ev)
    {
        var changes = EventJsonReader.Read(ev, includeReadOnly: true);
        return ImportEventLocked(RequireUser(userPrincipalName), changes).Id;
    }
}
