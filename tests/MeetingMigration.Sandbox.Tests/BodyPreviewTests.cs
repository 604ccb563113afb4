using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>bodyPreview is computed once per body and kept: it must still follow every body change.</summary>
public class BodyPreviewTests
{
    [Fact]
    public async Task Preview_is_the_bodys_text_and_follows_a_body_patch()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var ev = EventFactory.Meeting("Preview", new DateTime(2031, 4, 7, 9, 0, 0, DateTimeKind.Utc), Attendee1);
        ev.Body!.Content = "<html><head><style>p { color: red }</style></head><body><p>Hello   <b>world</b> &amp; co</p><p>line two</p></body></html>";
        var created = await graph.Users[Organizer].Events.PostAsync(ev);

        var first = await graph.Users[Organizer].Events[created!.Id].GetAsync();
        var again = await graph.Users[Organizer].Events[created.Id].GetAsync(); // served from the kept preview
        await graph.Users[Organizer].Events[created.Id].PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Text, Content = "Changed\r\n  agenda" } });
        var patched = await graph.Users[Organizer].Events[created.Id].GetAsync();
        var copy = Assert.Single((await graph.Users[Attendee1].Events.GetAsync())!.Value!);

        Assert.Equal("Hello world & co line two", first!.BodyPreview);
        Assert.Equal(first.BodyPreview, again!.BodyPreview);
        Assert.Equal("Changed agenda", patched!.BodyPreview);
        Assert.Equal("Changed agenda", copy.BodyPreview);
    }

    [Fact]
    public async Task Preview_is_cut_at_255_characters()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var ev = EventFactory.Meeting("Long", new DateTime(2031, 4, 7, 9, 0, 0, DateTimeKind.Utc));
        ev.Body = new ItemBody { ContentType = BodyType.Text, Content = string.Concat(Enumerable.Repeat("0123456789", 40)) };
        var created = await graph.Users[Organizer].Events.PostAsync(ev);

        var fetched = await graph.Users[Organizer].Events[created!.Id].GetAsync(r => r.QueryParameters.Select = new[] { "bodyPreview" });

        Assert.Equal(255, fetched!.BodyPreview!.Length);
    }
}
