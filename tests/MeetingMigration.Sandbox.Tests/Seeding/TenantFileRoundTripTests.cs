using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MeetingMigration.Sandbox.Seeding;
using Microsoft.Kiota.Serialization.Json;
using Xunit;
using GraphEvent = Microsoft.Graph.Models.Event;

namespace MeetingMigration.Sandbox.Tests.Seeding;

[Collection(SeededTenantCollection.Name)]
public sealed class TenantFileRoundTripTests
{
    private readonly SeededTenantFixture _f;

    public TenantFileRoundTripTests(SeededTenantFixture fixture) => _f = fixture;

    private static byte[] Write(GeneratedTenant tenant)
    {
        using var stream = new MemoryStream();
        tenant.WriteTenantFile(stream);
        return stream.ToArray();
    }

    [Fact]
    public void The_file_reads_back_as_the_sandbox_tenant_file_with_every_event_intact()
    {
        var tenant = _f.Small;
        var file = JsonSerializer.Deserialize<TenantFile>(Write(tenant))!;

        Assert.Equal(tenant.Users.Count, file.Users.Count);
        foreach (var (user, entry) in tenant.Users.Zip(file.Users))
        {
            Assert.Equal(user.Entry.Id, entry.Id);
            Assert.Equal(user.UserPrincipalName, entry.UserPrincipalName);
            Assert.Equal(user.DisplayName, entry.DisplayName);
            Assert.Equal(user.IsOnPremises ? "onPremises" : "cloud", entry.MailboxLocation);
            Assert.Equal(user.Entry.Conferencing!.ConferenceId, entry.Conferencing!.ConferenceId);
            Assert.Equal(user.Entry.Conferencing.TollFreeNumbers, entry.Conferencing.TollFreeNumbers);
        }

        var meetings = tenant.Meetings().ToList();
        Assert.Equal(meetings.Count, file.Events.Count);
        foreach (var (meeting, entry) in meetings.Zip(file.Events))
        {
            Assert.Equal(meeting.Mailbox, entry.Mailbox);
            var back = entry.Event.Deserialize<SeedEvent>()!;
            // Same JSON after a full read/write cycle: nothing lost, nothing renamed.
            Assert.Equal(JsonSerializer.Serialize(meeting.Event), JsonSerializer.Serialize(back));
            Assert.Equal(meeting.Event.Body.Content, back.Body.Content); // ordinal: astral and combining characters intact
        }
    }

    [Fact]
    public void Events_parse_as_graph_events_with_the_graph_sdk()
    {
        var meetings = _f.MediumMeetings.Where((_, i) => i % 50 == 0).ToList();
        foreach (var m in meetings)
        {
            using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(m.Event));
            var node = new JsonParseNode(json.RootElement);
            GraphEvent ev = node.GetObjectValue(GraphEvent.CreateFromDiscriminatorValue)!;
            Assert.Equal(m.Event.Subject, ev.Subject);
            Assert.Equal(m.Event.Body.Content, ev.Body!.Content);
            Assert.Equal(m.Event.IsOnlineMeeting, ev.IsOnlineMeeting);
            Assert.Equal(m.Event.IsOrganizer, ev.IsOrganizer);
            Assert.Equal(m.Event.OnlineMeeting?.JoinUrl, ev.OnlineMeeting?.JoinUrl);
            Assert.Equal(m.Event.Attendees.Count, ev.Attendees!.Count);
            Assert.Equal(m.Event.ICalUId, ev.ICalUId);
            Assert.Equal(m.Event.Recurrence?.Pattern.Type, ev.Recurrence?.Pattern?.Type?.ToString() is { } t ? char.ToLowerInvariant(t[0]) + t[1..] : null);
            Assert.NotNull(ev.OnlineMeetingProvider);
        }
        Assert.Contains(meetings, m => m.Event.Recurrence is not null);
    }

    [Fact]
    public void The_manifest_writes_as_json_with_named_enums()
    {
        using var stream = new MemoryStream();
        _f.Small.WriteManifest(stream);
        using var doc = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(_f.Small.MeetingCount, doc.RootElement.GetArrayLength());
        var first = doc.RootElement[0];
        Assert.Equal(JsonValueKind.String, first.GetProperty("outcome").ValueKind);
        Assert.Equal(JsonValueKind.String, first.GetProperty("layout").ValueKind);
        foreach (var entry in doc.RootElement.EnumerateArray())
            Assert.True(System.Enum.TryParse<ExpectedOutcome>(entry.GetProperty("outcome").GetString(), ignoreCase: true, out _));
        Assert.Contains("\"outcome\":\"migrate\"", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
