using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace MeetingMigration.Benchmarks.Engine;

/// <summary>One stage of migrating a meeting, timed on its own: CPU and allocations per migrated meeting.</summary>
internal sealed record StageCost(string Stage, string What, double MicrosecondsPerMeeting, double KilobytesPerMeeting);

/// <summary>
/// Issue 9, target 1's breakdown: the engine's work for one meeting, stage by stage, on the JSON a sandbox really answers
/// (captured over HTTP first, then replayed from memory, one thread, many rounds). What the stages do not cover (sockets,
/// the HTTP client, async scheduling, leases, progress) is the difference to the CPU measured in the scale runs.
/// </summary>
internal static class StageCosts
{
    /// <summary>The engine's own $select lists and page size, so the captured JSON is what the engine reads.</summary>
    private static readonly string SummarySelect = string.Join(",", GraphMailboxGateway.SummaryFields);

    public static async Task<(IReadOnlyList<StageCost> Stages, int Meetings)> MeasureAsync(int mailboxes, int meetingsPerUser, string workDirectory)
    {
        var tenantFile = Path.Combine(workDirectory, "stages.json");
        var tenant = InProcessSandbox.Tenant(mailboxes, meetingsPerUser, seed: 11);
        tenant.WriteTenantFile(tenantFile);
        var upns = InProcessSandbox.Mailboxes(tenant);
        var (pages, events) = await CaptureAsync(tenantFile, upns);
        File.Delete(tenantFile);

        var now = DateTime.UtcNow;
        var parsed = events.Select(e => GraphEventJson.ReadEventAsync(new MemoryStream(e), CancellationToken.None).GetAwaiter().GetResult()).ToList();
        var migratable = parsed.Select(e => (Event: e, Selection: MeetingSelection.Decide(e, SourceMeetingType.All, now)))
            .Where(p => p.Selection.Verdict == SelectionVerdict.Migrate).ToList();
        int meetings = migratable.Count;
        var teams = new ConferencingCoordinates
        {
            ConferenceId = "470001234", TollNumber = "+1 425 555 0142", TollFreeNumbers = new[] { "+1 800 555 0142" },
            DialInUrl = "https://dialin.teams.microsoft.com/bench", JoinUrl = "https://meet.contoso.com/bench/BENCH01",
        };
        var rendered = migratable.Select(m => Render(m.Event, m.Selection.Block!, teams)).ToList();

        var stages = new List<StageCost>
        {
            Time("Calendar pages", $"{pages.Count} summary pages read (GraphEventJson), shared by the page's meetings", meetings, () =>
            {
                foreach (var page in pages) GraphEventJson.ReadSummaryPageAsync(new MemoryStream(page), CancellationToken.None).GetAwaiter().GetResult();
            }),
            Time("Event reads", $"{events.Count} full events read (body, attendees), incl. those then found out of scope", meetings, () =>
            {
                foreach (var e in events) GraphEventJson.ReadEventAsync(new MemoryStream(e), CancellationToken.None).GetAwaiter().GetResult();
            }),
            Time("Judge", "selection rules and the block scan of every event read", meetings, () =>
            {
                foreach (var e in parsed) MeetingSelection.Decide(e, SourceMeetingType.All, now);
            }),
            Time("Render", "new block, body spliced, fingerprint", meetings, () =>
            {
                foreach (var m in migratable) Render(m.Event, m.Selection.Block!, teams);
            }),
            Time("PATCH payload", "body and marker written as JSON", meetings, () =>
            {
                foreach (var p in rendered) GraphMailboxGateway.PatchJson(p).Dispose();
            }),
        };

        var storePath = Path.Combine(workDirectory, "stages.db");
        using (var store = SqliteMigrationStore.Open(storePath))
        {
            var id = Guid.NewGuid();
            // As in a run: many meetings journal at once (16 here), each awaiting its own row before going on.
            stages.Add(Time("Journal", "two rows (Attempting, then Updated), 16 meetings at once: rows committed together", meetings, () =>
            {
                Parallel.ForEach(migratable, new ParallelOptions { MaxDegreeOfParallelism = 16 }, m =>
                {
                    foreach (var outcome in new[] { MeetingOutcome.Attempting, MeetingOutcome.Updated })
                        store.AppendJournalAsync(new JournalEntry
                        {
                            CorrelationId = id, UserPrincipalName = "bench@contoso.com", EventId = m.Event.Id, Subject = m.Event.Subject,
                            Start = m.Event.StartUtc, MeetingKind = m.Selection.Block!.Kind.ToString(), OldBlock = m.Selection.Block.Text,
                            NewBlock = "new", NewBlockHash = "hash", Outcome = outcome,
                        }, CancellationToken.None).GetAwaiter().GetResult();
                });
            }, rounds: 1));
        }
        TempFiles.DeleteStore(storePath);

        // The SDK's pipeline (request building, auth, middleware, HttpClient) against a handler that answers at once:
        // a GET of a small event and a PATCH per meeting, so parsing is not counted twice.
        using var handler = new CannedHandler(events.OrderBy(e => e.Length).First());
        using var http = new HttpClient(handler);
        var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new StaticToken()), "https://graph.microsoft.com/v1.0");
        var gateway = new GraphMailboxGateway(client);
        var small = new EventPatch { EventId = "AAMk1", ETag = "W/\"1\"", Body = "<p>x</p>", Marker = "m" };
        stages.Add(Time("Graph SDK requests", "the SDK's pipeline for one GET and one PATCH (small payloads, no network)", meetings, () =>
        {
            for (int i = 0; i < meetings; i++)
            {
                gateway.GetEventAsync("bench@contoso.com", "AAMk1", CancellationToken.None).GetAwaiter().GetResult();
                gateway.PatchEventAsync("bench@contoso.com", small, CancellationToken.None).GetAwaiter().GetResult();
            }
        }));
        return (stages, meetings);
    }

    private static EventPatch Render(CalendarEvent item, BlockMatch block, ConferencingCoordinates coordinates)
    {
        var format = item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text;
        var newBlock = BlockRenderer.Render(block.Kind, coordinates, format, block);
        return new EventPatch
        {
            EventId = item.Id, ETag = item.ETag, BodyIsHtml = item.BodyIsHtml,
            Body = BodySplicer.Replace(item.Body, block, newBlock),
            Marker = MarkerProperty.Format(Guid.NewGuid(), BlockFingerprint.Compute(newBlock)),
        };
    }

    /// <summary>Runs the work until a second has passed (at least <paramref name="rounds"/> times), after one untimed round.</summary>
    private static StageCost Time(string stage, string what, int meetings, Action work, int rounds = 3)
    {
        work(); // JIT and caches
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        int done = 0;
        while (done < rounds || clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            work();
            done++;
        }
        self.Refresh();
        double cpuUs = (self.TotalProcessorTime - cpu).TotalMilliseconds * 1000;
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        double per = Math.Max(1, meetings) * (double)done;
        return new StageCost(stage, what, cpuUs / per, bytes / 1024.0 / per);
    }

    private static async Task<(List<byte[]> Pages, List<byte[]> Events)> CaptureAsync(string tenantFile, IReadOnlyList<string> upns)
    {
        await using var sandbox = await ExternalSandbox.StartAsync(tenantFile, TimeSpan.FromMinutes(5));
        using var http = new HttpClient { BaseAddress = sandbox.GraphBaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "benchmark");
        var pages = new List<byte[]>();
        var events = new List<byte[]>();
        var now = DateTime.UtcNow;
        foreach (var upn in upns)
        {
            string? next = $"{sandbox.GraphBaseUrl}/users/{upn}/calendarView?startDateTime={now:yyyy-MM-ddTHH:mm:ssZ}&endDateTime={now.AddDays(1825):yyyy-MM-ddTHH:mm:ssZ}&$top={GraphMailboxGateway.PageSize}&$select={SummarySelect}&$expand={Uri.EscapeDataString(GraphMailboxGateway.PageExpand[0])}";
            var series = new HashSet<string>(StringComparer.Ordinal);
            while (next != null)
            {
                var bytes = await http.GetByteArrayAsync(next);
                pages.Add(bytes);
                var page = await GraphEventJson.ReadSummaryPageAsync(new MemoryStream(bytes), CancellationToken.None);
                foreach (var item in page.Events)
                {
                    if (MeetingSelection.OutOfScopeByPage(item, now) != null) continue;
                    string id;
                    if (item.Type == "occurrence")
                    {
                        if (item.SeriesMasterId == null || !series.Add(item.SeriesMasterId)) continue;
                        id = item.SeriesMasterId;
                    }
                    else if (!MeetingSelection.HasOnlineSignal(item)) continue;
                    else id = item.Id;
                    // As the engine reads it: a body stored as text asked for as text (the page says which).
                    using var read = new HttpRequestMessage(HttpMethod.Get, $"{sandbox.GraphBaseUrl}/users/{upn}/events/{Uri.EscapeDataString(id)}{GraphMailboxGateway.EventQuery}");
                    if (item.StoredBodyFormat == StoredBodyFormat.Text) read.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
                    using var answer = await http.SendAsync(read);
                    events.Add(await answer.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
                }
                next = page.NextLink;
            }
        }
        return (pages, events);
    }

    private sealed class StaticToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(new[] { "graph.microsoft.com" });
        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? context = null, CancellationToken cancellationToken = default) =>
            Task.FromResult("benchmark");
    }

    /// <summary>Answers a GET with one captured event and anything else with 204, without a network.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private readonly byte[] _event;
        public CannedHandler(byte[] @event) => _event = @event;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = request.Method == HttpMethod.Get
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_event) }
                : new HttpResponseMessage(HttpStatusCode.NoContent);
            if (request.Method == HttpMethod.Get) response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        }
    }
}
