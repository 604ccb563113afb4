using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Benchmarks.Engine;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Sandbox;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// "sandbox-handlers": what the sandbox's own handlers cost for the engine's heavy requests, warm, without the engine.
/// A generated tenant is seeded in process; the engine's calendar page (five years, $top=1000, the summary $select) and
/// its PATCH (a whole body plus the marker, with If-Match) are sent over HTTP one at a time, and the sandbox's stats
/// (handlerMicrosecondsByKind) say what each handler took. Then every mailbox asks for its page at once, as the engine's
/// first round does: the time until the last page arrives shows whether one mailbox's page stalls the others.
/// Prints figures only; nothing is asserted.
/// </summary>
internal static class SandboxHandlersBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        var mailboxCount = args.Int("mailboxes", 16, min: 1);
        var meetingsPerUser = args.Int("meetings-per-user", 50, min: 1);
        var rounds = args.Int("rounds", 10, min: 1);
        var patches = args.Int("patches", 400, min: 1);

        var tenant = InProcessSandbox.Tenant(mailboxCount, meetingsPerUser, seed: 7);
        var limits = new SandboxLimits { MaxRequestsPerWindow = 1_000_000, MaxConcurrentRequestsPerMailbox = 64 };
        await using var server = await InProcessSandbox.StartAsync(tenant, limits, new SandboxFaults());
        using var http = new HttpClient { BaseAddress = new Uri(server.GraphBaseUrl.ToString().TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        http.DefaultRequestHeaders.Add("Prefer", "IdType=\"ImmutableId\"");
        var mailboxes = InProcessSandbox.Mailboxes(tenant);
        var now = DateTime.UtcNow;
        string PageUrl(string mailbox) =>
            $"users/{Uri.EscapeDataString(mailbox)}/calendarView?startDateTime={now:yyyy-MM-ddTHH:mm:ssZ}&endDateTime={now.AddDays(1825):yyyy-MM-ddTHH:mm:ssZ}"
            + $"&$top={GraphMailboxGateway.PageSize}&$select={string.Join(",", GraphMailboxGateway.SummaryFields)}&$expand={Uri.EscapeDataString(GraphMailboxGateway.PageExpand[0])}";

        // Warm-up: every page and the PATCH path, in rounds with pauses, so that tiered JIT compiles the hot paths fully
        // (it waits for 100 ms without new tier-0 activity; one round left the measured run at tier 0, three times slower).
        var targets = await PatchTargetsAsync(http, mailboxes, PageUrl);
        const int warmUpPatches = 150;
        for (var round = 0; round < 3; round++)
        {
            foreach (var m in mailboxes) await GetJsonAsync(http, PageUrl(m));
            for (var i = round * warmUpPatches / 3; i < Math.Min((round + 1) * warmUpPatches / 3, targets.Count); i++) await PatchAsync(http, targets[i], i);
            await Task.Delay(1000);
        }

        // Per request: the handler's time from the stats around it. The median and the minimum say what a request costs
        // when the cores are shared (the mean takes in every preemption and collection).
        server.ResetStats();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long bytes = 0, items = 0;
        var pageTimes = new List<double>();
        for (var i = 0; i < rounds; i++)
            foreach (var m in mailboxes)
            {
                var before = HandlerMicroseconds(server, "GET calendarView");
                var body = await http.GetByteArrayAsync(PageUrl(m));
                pageTimes.Add(HandlerMicroseconds(server, "GET calendarView") - before);
                bytes += body.Length;
                using var doc = JsonDocument.Parse(body);
                items += doc.RootElement.GetProperty("value").GetArrayLength();
            }
        var pages = Math.Max(1, rounds * mailboxes.Count);
        var pageCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / pages;
        var perPage = items / pages;
        Console.WriteLine($"calendarView page: {perPage} summaries, {bytes / pages / 1024} KB; handler median {Median(pageTimes):0} µs "
            + $"({Median(pageTimes) / Math.Max(1, perPage):0.00} µs per summary), min {pageTimes.DefaultIfEmpty().Min():0}, mean {pageTimes.DefaultIfEmpty().Average():0}; "
            + $"process CPU {pageCpu:0} µs per page (client included)");

        server.ResetStats();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var patchTimes = new List<double>();
        // The items after the warm-up's, round and round (each PATCH changes the body again).
        for (var i = warmUpPatches; patchTimes.Count < patches && targets.Count > warmUpPatches; i++)
        {
            var before = HandlerMicroseconds(server, "PATCH event");
            await PatchAsync(http, targets[warmUpPatches + (i - warmUpPatches) % (targets.Count - warmUpPatches)], i);
            patchTimes.Add(HandlerMicroseconds(server, "PATCH event") - before);
        }
        var patchCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, patchTimes.Count);
        Console.WriteLine($"PATCH event: {patchTimes.Count} patches; handler median {Median(patchTimes):0} µs, min {patchTimes.DefaultIfEmpty().Min():0}, mean {patchTimes.DefaultIfEmpty().Average():0}; "
            + $"process CPU {patchCpu:0} µs per PATCH and its GET (client included); {server.GetStats().NotificationsSent} messages");

        // The engine's read of a whole event before it changes it: its fields and the marker, every attendee included.
        var eventQuery = $"?$select={string.Join(",", GraphMailboxGateway.EventFields)}&$expand=singleValueExtendedProperties($filter=id eq '{MarkerProperty.Id}')";
        var getTimes = new List<double>();
        for (var i = 0; getTimes.Count < patches && targets.Count > 0; i++)
        {
            var target = targets[i % targets.Count];
            var before = HandlerMicroseconds(server, "GET event");
            await http.GetByteArrayAsync($"users/{Uri.EscapeDataString(target.Mailbox)}/events/{Uri.EscapeDataString(target.EventId)}{eventQuery}");
            getTimes.Add(HandlerMicroseconds(server, "GET event") - before);
        }
        Console.WriteLine($"GET event (the engine's fields): handler median {Median(getTimes):0} µs, min {getTimes.DefaultIfEmpty().Min():0}, mean {getTimes.DefaultIfEmpty().Average():0}");

        // Every mailbox's page at once: with the pages serialized behind one lock the last one waits for all the others.
        for (var round = 0; round < 3; round++)
        {
            var wall = Stopwatch.StartNew();
            var done = await Task.WhenAll(mailboxes.Select(async m =>
            {
                await http.GetByteArrayAsync(PageUrl(m));
                return wall.Elapsed.TotalMilliseconds;
            }));
            Console.WriteLine($"{mailboxes.Count} pages at once: first done after {done.Min():0.0} ms, last after {done.Max():0.0} ms");
        }
        return 0;
    }

    private static double HandlerMicroseconds(SandboxServer server, string kind) => server.GetStats().HandlerMicrosecondsByKind.GetValueOrDefault(kind);

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private sealed record PatchTarget(string Mailbox, string EventId, string BodyType, string Body);

    /// <summary>The organizers' own items of each page (singles and series masters), with their bodies, in mailbox order.</summary>
    private static async Task<List<PatchTarget>> PatchTargetsAsync(HttpClient http, IReadOnlyList<string> mailboxes, Func<string, string> pageUrl)
    {
        var targets = new List<PatchTarget>();
        foreach (var m in mailboxes)
        {
            var ids = new HashSet<string>();
            foreach (var e in (await GetJsonAsync(http, pageUrl(m))).GetProperty("value").EnumerateArray())
            {
                if (!e.GetProperty("isOrganizer").GetBoolean()) continue;
                var id = e.GetProperty("seriesMasterId").GetString() ?? e.GetProperty("id").GetString()!;
                if (!ids.Add(id)) continue;
                var ev = await GetJsonAsync(http, $"users/{Uri.EscapeDataString(m)}/events/{Uri.EscapeDataString(id)}");
                var body = ev.GetProperty("body");
                targets.Add(new PatchTarget(m, id, body.GetProperty("contentType").GetString()!, body.GetProperty("content").GetString()!));
            }
        }
        return targets;
    }

    /// <summary>The engine's PATCH: the whole body (changed a little, as a replaced block changes it) and the marker, If-Match.</summary>
    private static async Task PatchAsync(HttpClient http, PatchTarget target, int n)
    {
        var url = $"users/{Uri.EscapeDataString(target.Mailbox)}/events/{Uri.EscapeDataString(target.EventId)}";
        var etag = (await GetJsonAsync(http, url + "?$select=changeKey")).GetProperty("@odata.etag").GetString()!;
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["body"] = new Dictionary<string, string> { ["contentType"] = target.BodyType, ["content"] = target.Body + $" (migrated {n})" },
            ["singleValueExtendedProperties"] = new[] { new Dictionary<string, string> { ["id"] = MarkerProperty.Id, ["value"] = $"{Guid.NewGuid():D}|fingerprint{n}" } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PATCH {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string url)
    {
        var body = await http.GetByteArrayAsync(url);
        return JsonDocument.Parse(body).RootElement;
    }
}
