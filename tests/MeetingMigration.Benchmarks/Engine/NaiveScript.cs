using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace MeetingMigration.Benchmarks.Engine;

internal sealed record NaiveResult(int Mailboxes, long Requests, long MeetingsMigrated, long Failed, double Seconds)
{
    public double MeetingsPerSecond => Seconds <= 0 ? 0 : MeetingsMigrated / Seconds;
}

/// <summary>
/// The baseline: what an admin's script does. One request at a time: for each user, for each calendarView page, for each
/// meeting the engine's own rules select (MeetingSelection; a series once, through its master): GET the event, splice the
/// new block in (the engine's BlockRenderer/BodySplicer; Teams blocks re-rendered from their own coordinates, Skype from the
/// same profile the engine uses), PATCH it. Same GraphServiceClient as the engine (GraphConnection.Client), same page size
/// and $select, so the only difference is one request in flight instead of many. Stops at the time budget; its rate is
/// steady, so a slice of the tenant measures it.
/// </summary>
internal static class NaiveScript
{
    private static readonly string[] Fields =
    {
        "id", "subject", "start", "end", "type", "seriesMasterId", "isOrganizer", "isCancelled", "isOnlineMeeting",
        "onlineMeetingProvider", "onlineMeeting", "onlineMeetingUrl", "body", "attendees", "organizer",
    };

    public static async Task<NaiveResult> RunAsync(Uri graphBaseUrl, IReadOnlyList<string> mailboxes, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        using var graph = GraphConnection.Create(new GraphConnectionOptions
        {
            Mode = GraphAuthenticationMode.AccessToken, AccessToken = "naive-script", GraphEndpoint = graphBaseUrl.ToString(),
        });
        var client = graph.Client;
        long requests = 0, migrated = 0, failed = 0;
        int users = 0;
        var clock = Stopwatch.StartNew();
        foreach (var upn in mailboxes)
        {
            if (clock.Elapsed >= budget) break;
            users++;
            var now = DateTime.UtcNow;
            var seriesDone = new HashSet<string>(StringComparer.Ordinal);
            var skype = Coordinates(EngineRunner.Profile(upn));
            requests++;
            var page = await client.Users[upn].CalendarView.GetAsync(rc =>
            {
                rc.QueryParameters.StartDateTime = now.ToString("yyyy-MM-ddTHH:mm:ssZ");
                rc.QueryParameters.EndDateTime = now.AddDays(1825).ToString("yyyy-MM-ddTHH:mm:ssZ");
                rc.QueryParameters.Top = 100;
                rc.QueryParameters.Select = Fields;
            }, cancellationToken);
            while (page != null && clock.Elapsed < budget)
            {
                foreach (var listed in page.Value ?? new List<Event>())
                {
                    var id = listed.Id!;
                    if (listed.Type == EventType.Occurrence)
                    {
                        if (listed.SeriesMasterId == null || listed.IsOrganizer != true || listed.IsCancelled == true || ToUtc(listed.Start) <= now) continue;
                        if (!seriesDone.Add(listed.SeriesMasterId)) continue;
                        id = listed.SeriesMasterId;
                    }
                    else if (MeetingSelection.Decide(Map(listed), SourceMeetingType.All, now).Verdict != SelectionVerdict.Migrate)
                    {
                        continue;
                    }

                    requests++;
                    var current = await client.Users[upn].Events[id].GetAsync(rc => rc.QueryParameters.Select = Fields, cancellationToken);
                    var item = Map(current!);
                    var selection = MeetingSelection.Decide(item, SourceMeetingType.All, now);
                    if (selection.Verdict != SelectionVerdict.Migrate) continue;
                    var block = selection.Block!;
                    var format = item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text;
                    var coordinates = block.Kind == MeetingKind.Teams ? block.Parsed : skype;
                    var body = BodySplicer.Replace(item.Body, block, BlockRenderer.Render(block.Kind, coordinates, format, block));
                    requests++;
                    try
                    {
                        await client.Users[upn].Events[id].PatchAsync(new Event
                        {
                            Body = new ItemBody { ContentType = item.BodyIsHtml ? BodyType.Html : BodyType.Text, Content = body },
                        }, cancellationToken: cancellationToken);
                        migrated++;
                    }
                    catch (Exception e) when (e is Microsoft.Kiota.Abstractions.ApiException)
                    {
                        failed++;
                    }
                }
                if (string.IsNullOrEmpty(page.OdataNextLink)) break;
                requests++;
                page = await client.Users[upn].CalendarView.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: cancellationToken);
            }
        }
        return new NaiveResult(users, requests, migrated, failed, clock.Elapsed.TotalSeconds);
    }

    private static ConferencingCoordinates Coordinates(MeetingMigration.Engine.Conferencing.DialInUserUpdate p) => new()
    {
        JoinUrl = p.JoinUrl, ConferenceId = p.ConferenceId,
        TollNumber = MeetingMigration.Engine.Conferencing.PhoneNumber.Normalize(p.ServiceNumber!, "ServiceNumber"),
        TollFreeNumbers = p.TollFreeServiceNumbers!.Select(n => MeetingMigration.Engine.Conferencing.PhoneNumber.Normalize(n, "TollFreeServiceNumber")).ToList(),
        DialInUrl = p.DialInUrl,
    };

    // The engine's own mapping, so the naive script selects exactly the meetings the engine does.
    private static CalendarEvent Map(Event e)
    {
        // The SDK's model written back as Graph JSON, then read by the engine's one mapping.
        using var writer = new Microsoft.Kiota.Serialization.Json.JsonSerializationWriter();
        writer.WriteObjectValue(null, e);
        using var reader = new System.IO.StreamReader(writer.GetSerializedContent());
        return MeetingMigration.Engine.Graph.GraphEventJson.Read(reader.ReadToEnd());
    }

    private static DateTime? ToUtc(DateTimeTimeZone? value) =>
        value?.DateTime is { } text && DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : null;
}
