using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// A generated tenant. Users are held in memory; meetings are produced on demand each time they are
/// enumerated (deterministically), so 100,000 meetings are never all alive at once.
/// </summary>
public sealed class GeneratedTenant
{
    private readonly MeetingFactory _factory;

    internal GeneratedTenant(TenantGeneratorOptions options, IReadOnlyList<GeneratedUser> users, Guid tenantId)
    {
        Options = options;
        Users = users;
        TenantId = tenantId;
        _factory = new MeetingFactory(options, users, tenantId);
    }

    public TenantGeneratorOptions Options { get; }
    public IReadOnlyList<GeneratedUser> Users { get; }

    /// <summary>The tenant id written into the generated Teams join URLs.</summary>
    public Guid TenantId { get; }

    public int MeetingCount => Users.Count * Options.MeetingsPerUser;

    /// <summary>Every meeting, user by user; lazily generated.</summary>
    public IEnumerable<SeededMeeting> Meetings()
    {
        foreach (var user in Users)
        {
            for (int m = 0; m < Options.MeetingsPerUser; m++) yield return _factory.Create(user, m);
        }
    }

    /// <summary>The meetings in one user's mailbox (organizer copies and received invitations).</summary>
    public IEnumerable<SeededMeeting> MeetingsOf(GeneratedUser user)
    {
        for (int m = 0; m < Options.MeetingsPerUser; m++) yield return _factory.Create(user, m);
    }

    /// <summary>One meeting by position; the same as the one <see cref="Meetings"/> yields there.</summary>
    public SeededMeeting Meeting(int userIndex, int meetingIndex) => _factory.Create(Users[userIndex], meetingIndex);

    /// <summary>The expectation manifest, lazily generated.</summary>
    public IEnumerable<EventExpectation> Expectations() => Meetings().Select(m => m.Expectation);

    public GeneratedUser? FindUser(string userPrincipalName) =>
        Users.FirstOrDefault(u => string.Equals(u.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes the sandbox's tenant file (users, then events), streaming the events.</summary>
    public void WriteTenantFile(Stream stream) => TenantFileWriter.Write(this, stream);

    public void WriteTenantFile(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteTenantFile(file);
    }

    /// <summary>Writes the expectation manifest as a JSON array (enums as names), for tools outside .NET tests.</summary>
    public void WriteManifest(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SeedJson.Options.Encoder });
        writer.WriteStartArray();
        foreach (var e in Expectations()) JsonSerializer.Serialize(writer, e, ManifestJson.Options);
        writer.WriteEndArray();
    }
}
