using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeetingMigration.Reliability.Infrastructure;

/// <summary>
/// The sandbox as its own process (as the demo and the Pester suite run it), seeded from a tenant file, and the calls
/// the proofs make to it: its /sandbox/* controls, and Graph reads to see the meetings as attendees would.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private SandboxProcess(ChildProcess process, Uri root)
    {
        _process = process;
        RootUrl = root;
        _http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromMinutes(2) };
        // Any bearer token is accepted; this one is the harness's own "app", so its reads never share the service's throttling budget.
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "reliability-harness");
    }

    public Uri RootUrl { get; }
    public string GraphUrl => new Uri(RootUrl, "v1.0").ToString();

    public static async Task<SandboxProcess> StartAsync(string tenantFile, string workDirectory, IEnumerable<string>? extraArguments = null)
    {
        var ready = Path.Combine(workDirectory, "sandbox-ready.json");
        File.Delete(ready);
        var arguments = new List<string> { RepositoryPaths.SandboxDll(), "--port", "0", "--tenant-file", tenantFile, "--ready-file", ready,
            "--exit-with-process", Environment.ProcessId.ToString() };
        if (extraArguments != null) arguments.AddRange(extraArguments);
        var process = ChildProcess.Start("sandbox", DotnetHost.Path, arguments);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!File.Exists(ready))
        {
            if (process.HasExited) throw new InvalidOperationException($"the sandbox exited with {process.ExitCode}: {ChildProcess.Tail(process.Output)}");
            if (DateTime.UtcNow > deadline)
            {
                await process.DisposeAsync();
                throw new TimeoutException("the sandbox did not get ready: " + ChildProcess.Tail(process.Output));
            }
            await Task.Delay(100);
        }
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(ready));
        return new SandboxProcess(process, new Uri(doc.RootElement.GetProperty("rootUrl").GetString()!));
    }

    public async Task PutAsync(string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await _http.PutAsync(path, content);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task ResetStatsAsync()
    {
        using var response = await _http.PostAsync("sandbox/stats/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public Task SetFaultsAsync(object faults) => PutAsync("sandbox/faults", faults);

    public Task ClearFaultsAsync() => PutAsync("sandbox/faults", new { });

    /// <summary>PUT /sandbox/tokens: token checking, lifetime, calls per token, the one client id and secret.</summary>
    public Task SetTokensAsync(object tokens) => PutAsync("sandbox/tokens", tokens);

    /// <summary>Any bearer token accepted again (the audit reads Graph with the harness's own).</summary>
    public Task StopCheckingTokensAsync() => PutAsync("sandbox/tokens", new { });

    public Task<JsonNode> StatsAsync() => GetJsonAsync("sandbox/stats");

    /// <summary>Every update attendees were sent, as (recipient, iCalUId) → how many.</summary>
    public async Task<Dictionary<(string Recipient, string ICalUId), int>> UpdatesAsync()
    {
        var list = await GetJsonAsync("sandbox/notifications?kind=update");
        var counts = new Dictionary<(string, string), int>();
        foreach (var n in list["value"]!.AsArray())
        {
            var key = (n!["recipient"]!.GetValue<string>().ToLowerInvariant(), n["iCalUId"]!.GetValue<string>());
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    public async Task<int> OnlineMeetingCountAsync(string organizer) =>
        (await GetJsonAsync("sandbox/onlineMeetings/count?organizer=" + Uri.EscapeDataString(organizer)))["count"]!.GetValue<int>();

    /// <summary>
    /// An event as Graph shows it; Type is singleInstance, seriesMaster, occurrence or exception; Attendees their addresses
    /// in lower case (empty where not asked for).
    /// </summary>
    public sealed record MailboxEvent(string Id, string ICalUId, string Body, string Type, IReadOnlyList<string> Attendees);

    /// <summary>The events a mailbox organizes (singles and series masters), with their bodies and types, read through Graph.</summary>
    public async Task<IReadOnlyList<MailboxEvent>> OrganizedEventsAsync(string mailbox)
    {
        var events = new List<MailboxEvent>();
        string? next = $"v1.0/users/{Uri.EscapeDataString(mailbox)}/events?$top=1000&$select=id,iCalUId,body,isOrganizer,type,attendees";
        while (next != null)
        {
            using var response = await _http.GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            // An on-premises mailbox cannot be read through Graph, by the engine or by us: it has no events to check, and the
            // notifications still show whether anyone was sent an update.
            if ((int)response.StatusCode == 404 && text.Contains("MailboxNotEnabledForRESTAPI", StringComparison.Ordinal)) return events;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {next}: {(int)response.StatusCode} {text}");
            var page = JsonNode.Parse(text)!;
            foreach (var e in page["value"]!.AsArray())
            {
                if (e!["isOrganizer"]?.GetValue<bool>() != true) continue;
                var read = Event(e);
                events.Add(IsConvertedFromText(read) ? await EventAsync(mailbox, read.Id) : read);
            }
            next = page["@odata.nextLink"]?.GetValue<string>();
        }
        return events;
    }

    /// <summary>
    /// The occurrences and exceptions of a series between two moments (Graph's instances of its master; cancelled ones are
    /// not listed), without their bodies.
    /// </summary>
    public async Task<IReadOnlyList<MailboxEvent>> InstancesAsync(string mailbox, string masterId, DateTime fromUtc, DateTime toUtc)
    {
        var instances = new List<MailboxEvent>();
        string? next = $"v1.0/users/{Uri.EscapeDataString(mailbox)}/events/{Uri.EscapeDataString(masterId)}/instances" +
                       $"?startDateTime={fromUtc:yyyy-MM-ddTHH:mm:ssZ}&endDateTime={toUtc:yyyy-MM-ddTHH:mm:ssZ}&$top=1000&$select=id,iCalUId,type";
        while (next != null)
        {
            var page = await GetJsonAsync(next);
            instances.AddRange(page["value"]!.AsArray().Select(e => Event(e!)));
            next = page["@odata.nextLink"]?.GetValue<string>();
        }
        return instances;
    }

    /// <summary>One event of a mailbox, with its body and attendees, read through Graph.</summary>
    /// <remarks>
    /// Graph gives every body in HTML unless asked for text, a plain-text one as Exchange's conversion: such a body is read
    /// again as text, its own form, which is what the engine writes into (and what its journal's blocks are cut from).
    /// </remarks>
    public async Task<MailboxEvent> EventAsync(string mailbox, string id)
    {
        var path = $"v1.0/users/{Uri.EscapeDataString(mailbox)}/events/{Uri.EscapeDataString(id)}?$select=id,iCalUId,body,type,attendees";
        var read = Event(await GetJsonAsync(path));
        if (!IsConvertedFromText(read)) return read;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} as text: {(int)response.StatusCode} {text}");
        return Event(JsonNode.Parse(text)!);
    }

    private static bool IsConvertedFromText(MailboxEvent e) => e.Body.Contains("<!-- converted from text -->", StringComparison.Ordinal);

    /// <summary>
    /// Moves an occurrence of a series by some minutes, as its organizer would in Outlook (a PATCH of its start and end):
    /// Exchange makes it an exception with the series' body of that moment, and mails its attendees.
    /// </summary>
    public async Task MoveAsync(string mailbox, string occurrenceId, int minutes)
    {
        var path = $"v1.0/users/{Uri.EscapeDataString(mailbox)}/events/{Uri.EscapeDataString(occurrenceId)}";
        var occurrence = await GetJsonAsync(path + "?$select=start,end");
        object Moved(string edge) => new
        {
            dateTime = DateTime.Parse(occurrence[edge]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture).AddMinutes(minutes)
                .ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            timeZone = occurrence[edge]!["timeZone"]!.GetValue<string>(),
        };
        using var content = new StringContent(JsonSerializer.Serialize(new { start = Moved("start"), end = Moved("end") }), Encoding.UTF8, "application/json");
        using var response = await _http.PatchAsync(path, content);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PATCH {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A meeting message the sandbox recorded as sent: to whom, of which event (an occurrence's own id for one), of what kind.</summary>
    public sealed record Notification(string Recipient, string EventId, string Kind);

    /// <summary>Every meeting message sent so far (invitations, updates, cancellations), oldest first.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync() =>
        (await GetJsonAsync("sandbox/notifications"))["value"]!.AsArray()
        .Select(n => new Notification(n!["recipient"]!.GetValue<string>().ToLowerInvariant(), n["eventId"]!.GetValue<string>(), n["kind"]!.GetValue<string>()))
        .ToList();

    private static MailboxEvent Event(JsonNode e) =>
        new(e["id"]!.GetValue<string>(), e["iCalUId"]?.GetValue<string>() ?? "", e["body"]?["content"]?.GetValue<string>() ?? "", e["type"]?.GetValue<string>() ?? "",
            e["attendees"]?.AsArray().Select(a => a?["emailAddress"]?["address"]?.GetValue<string>()?.ToLowerInvariant()).OfType<string>().ToList() ?? new List<string>());

    public string Output => _process.Output;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
