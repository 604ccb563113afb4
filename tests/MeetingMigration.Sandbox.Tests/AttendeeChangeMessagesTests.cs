using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

using Attendee = Microsoft.Graph.Models.Attendee; // inside the namespace, or the sandbox's internal Attendee wins

/// <summary>
/// Which attendees a change of the attendee list mails: added ones an invitation, removed ones a cancellation, kept ones an
/// update unless only the list changed; each address once, however it is spelled, and never the organizer.
/// </summary>
public class AttendeeChangeMessagesTests
{
    private static readonly DateTime Monday = new(2031, 3, 3, 15, 0, 0, DateTimeKind.Utc);

    private static List<Attendee> People(params string[] addresses) =>
        addresses.Select(a => new Attendee { Type = AttendeeType.Required, EmailAddress = new EmailAddress { Address = a } }).ToList();

    private static string[] Messages(TestSandbox sb) =>
        sb.State.GetNotifications().Select(n => $"{n.Kind} {n.Recipient.ToLowerInvariant()}").OrderBy(m => m, StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Changing_only_the_list_mails_only_added_and_removed_attendees()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("List", Monday, Attendee1, External));
        sb.State.ClearNotifications();

        await graph.Users[Organizer].Events[created!.Id].PatchAsync(new Event { Attendees = People(External, Attendee2) });

        Assert.Equal(new[] { $"cancellation {Attendee1}", $"invitation {Attendee2}" }, Messages(sb));
        Assert.True((await graph.Users[Attendee1].Events.GetAsync())!.Value!.Single().IsCancelled);
        Assert.False((await graph.Users[Attendee2].Events.GetAsync())!.Value!.Single().IsCancelled);
    }

    [Fact]
    public async Task Changing_the_list_and_the_subject_also_updates_the_kept_attendees()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var created = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("List", Monday, Attendee1, External));
        sb.State.ClearNotifications();

        await graph.Users[Organizer].Events[created!.Id].PatchAsync(new Event { Subject = "Renamed", Attendees = People(External, Attendee2) });

        Assert.Equal(new[] { $"cancellation {Attendee1}", $"invitation {Attendee2}", $"update {External}" }, Messages(sb));
    }

    [Fact]
    public async Task Each_address_is_mailed_once_and_the_organizer_never_in_long_lists_too()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        // Twelve guests (past the point where duplicates are found with a set), each listed twice in other case,
        // plus the organizer.
        var guests = Enumerable.Range(1, 12).Select(i => $"guest{i}@fabrikam.test").ToArray();
        var listed = guests.Concat(guests.Select(g => g.ToUpperInvariant())).Append(Organizer.ToUpperInvariant()).Append(Attendee1).ToArray();
        var ev = EventFactory.Meeting("Crowd", Monday, listed);
        var created = await graph.Users[Organizer].Events.PostAsync(ev);
        Assert.Equal(guests.Select(g => $"invitation {g}").Append($"invitation {Attendee1}").OrderBy(m => m, StringComparer.Ordinal), Messages(sb));
        sb.State.ClearNotifications();

        await graph.Users[Organizer].Events[created!.Id].PatchAsync(new Event { Body = new ItemBody { ContentType = BodyType.Text, Content = "new" } });

        Assert.Equal(guests.Select(g => $"update {g}").Append($"update {Attendee1}").OrderBy(m => m, StringComparer.Ordinal), Messages(sb));
        Assert.Single((await graph.Users[Attendee1].Events.GetAsync())!.Value!);
    }
}
