using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Worker;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>A seeded sandbox tenant, a fresh store, and a Graph connection to the sandbox through the real SDK.</summary>
public sealed class MigrationHarness : IAsyncDisposable
{
    private MigrationHarness(SandboxServer sandbox, GeneratedTenant tenant, SqliteMigrationStore store, GraphConnection graph, string storePath)
    {
        Sandbox = sandbox;
        Tenant = tenant;
        Store = store;
        Graph = graph;
        _storePath = storePath;
    }

    private readonly string _storePath;
    /// <summary>The bearer token of the engine's connection when none is given.</summary>
    public const string AccessToken = "e2e-token-5f0c";
    public SandboxServer Sandbox { get; }
    public GeneratedTenant Tenant { get; }
    public SqliteMigrationStore Store { get; }
    public GraphConnection Graph { get; }
    /// <summary>The organizer's event id of each seeded meeting, by iCalUId.</summary>
    public IReadOnlyDictionary<string, string> EventIds { get; private init; } = new Dictionary<string, string>();

    /// <summary>The body of a seeded meeting exactly as it was imported.</summary>
    public string OriginalBody(string iCalUId)
    {
        var meeting = Tenant.Meetings().First(m => m.Expectation.ICalUId == iCalUId);
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(meeting.Event))!;
        return json["body"]!["content"]!.GetValue<string>();
    }

    /// <summary>
    /// Asserts that the body now is the original with exactly the journaled old block replaced by the journaled new one:
    /// every UTF-16 unit outside the block is unchanged.
    /// </summary>
    public async Task AssertOnlyTheBlockChangedAsync(string upn, string iCalUId, string bodyNow)
    {
        var eventId = EventIds[iCalUId];
        var entries = await Store.GetLatestJournalByEventAsync(upn, default);
        Assert.True(entries.TryGetValue(eventId, out var entry), $"no journal entry for {iCalUId}");
        Assert.Equal(MeetingMigration.Engine.Store.MeetingOutcome.Updated, entry!.Outcome);
        var original = OriginalBody(iCalUId);
        var at = original.IndexOf(entry.OldBlock, StringComparison.Ordinal);
        Assert.True(at >= 0, "the journaled old block is not in the original body");
        var expected = original.Substring(0, at) + entry.NewBlock + original.Substring(at + entry.OldBlock.Length);
        Assert.True(string.Equals(expected, bodyNow, StringComparison.Ordinal), $"text outside the block changed in {iCalUId}");
    }

    public IEnumerable<EventExpectation> ExpectationsOf(string upn) =>
        Tenant.Expectations().Where(e => string.Equals(e.Mailbox, upn, StringComparison.OrdinalIgnoreCase));

    /// <param name="sandboxOptions">The sandbox's start options (token checking...); a default sandbox when null.</param>
    /// <param name="connect">
    /// The engine's connection to the sandbox; AccessToken mode with a fixed token when null (the sandbox takes any bearer
    /// token unless told to check them).
    /// </param>
    public static async Task<MigrationHarness> StartAsync(int users = 4, int meetingsPerUser = 30, int seed = 11, IClock? clock = null,
        Func<TenantGeneratorOptions, TenantGeneratorOptions>? tune = null, SandboxOptions? sandboxOptions = null,
        Func<SandboxServer, GraphConnectionOptions>? connect = null)
    {
        var sandbox = await SandboxServer.StartAsync(sandboxOptions);
        var options = new TenantGeneratorOptions
        {
            Users = users, MeetingsPerUser = meetingsPerUser, Seed = seed, Now = DateTimeOffset.UtcNow, OnPremisesUserFraction = 0,
        };
        var tenant = TenantGenerator.Generate(tune?.Invoke(options) ?? options);
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await new InProcessSandboxSeeder(sandbox.State) { OnImported = (meeting, id) => ids[meeting.Expectation.ICalUId] = id }.SeedAsync(tenant);
        sandbox.State.ClearNotifications();
        var path = Path.Combine(Path.GetTempPath(), $"mm-e2e-{Guid.NewGuid():N}.db");
        var store = SqliteMigrationStore.Open(path, clock);
        var graph = GraphConnection.Create(connect?.Invoke(sandbox) ?? new GraphConnectionOptions
        {
            Mode = GraphAuthenticationMode.AccessToken, AccessToken = AccessToken, GraphEndpoint = sandbox.GraphBaseUrl.ToString(),
        });
        return new MigrationHarness(sandbox, tenant, store, graph, path) { EventIds = ids };
    }

    /// <summary>
    /// Books a Teams meeting three days ahead through Graph, as Outlook does (a POST with isOnlineMeeting: the sandbox adds
    /// Exchange's block), with <paramref name="htmlBody"/> and one attendee; <paramref name="userPath"/> names the organizer
    /// as the URL does (<c>users/ada%40contoso.com</c>, <c>users('$svc@contoso.com')</c>). Returns the event's id.
    /// </summary>
    public async Task<string> BookTeamsMeetingAsync(string userPath, string subject, string htmlBody, string attendee, string contentType = "html")
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AccessToken);
        var start = DateTime.UtcNow.AddDays(3);
        var meeting = System.Text.Json.JsonSerializer.Serialize(new
        {
            subject, isOnlineMeeting = true, onlineMeetingProvider = "teamsForBusiness",
            body = new { contentType, content = htmlBody },
            start = new { dateTime = start.ToString("yyyy-MM-ddTHH:mm:ss"), timeZone = "UTC" },
            end = new { dateTime = start.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ss"), timeZone = "UTC" },
            attendees = new[] { new { type = "required", emailAddress = new { address = attendee } } },
        });
        using var created = await http.PostAsync($"{Sandbox.GraphBaseUrl}/{userPath}/events", new StringContent(meeting, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<MigrationRequest> MigrateAsync(string upn, SourceMeetingType source = SourceMeetingType.Teams, TargetMeetingType target = TargetMeetingType.Current)
    {
        var queued = await Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(upn), source, target), default);
        var worker = new MigrationWorker(Store, Graph.Gateway, "e2e");
        return await worker.RunNextAsync(queued.Request.CorrelationId, null, default) ?? throw new InvalidOperationException("nothing ran");
    }

    public async ValueTask DisposeAsync()
    {
        Graph.Dispose();
        Store.Dispose();
        await Sandbox.DisposeAsync();
        try { File.Delete(_storePath); } catch (IOException) { }
    }
}
