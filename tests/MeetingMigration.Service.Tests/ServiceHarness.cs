using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using Microsoft.Extensions.Hosting;

namespace MeetingMigration.Service.Tests;

/// <summary>
/// A seeded sandbox whose users all got a new dial-in bridge (so every Teams meeting they organize needs an update), a
/// temp store, and any number of service hosts built by <see cref="ServiceHost.Build"/> on that store.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    public static readonly ConferencingSettings NewBridge =
        new("5550123", "+1 425 555 0177", new[] { "+1 800 555 0177" }, "https://dialin.teams.microsoft.com/service-tests");

    private readonly List<IHost> _hosts = new();

    private ServiceHarness(SandboxServer sandbox, GeneratedTenant tenant, string storePath)
    {
        Sandbox = sandbox;
        Tenant = tenant;
        StorePath = storePath;
        Store = SqliteMigrationStore.Open(storePath);
    }

    public SandboxServer Sandbox { get; }
    public GeneratedTenant Tenant { get; }
    public string StorePath { get; }
    /// <summary>The test's own handle on the store the hosts use (SQLite in WAL mode: several handles are the normal case).</summary>
    public SqliteMigrationStore Store { get; }

    public static async Task<ServiceHarness> StartAsync(int users, int meetingsPerUser, int seed)
    {
        var sandbox = await SandboxServer.StartAsync();
        // Teams meetings only: Skype meetings with target Current need a stored Skype profile, which is not this suite's subject.
        // No ambiguous blocks and no on-premises mailboxes either, so every request can end Succeeded.
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
        {
            Users = users, MeetingsPerUser = meetingsPerUser, Seed = seed, Now = DateTimeOffset.UtcNow,
            TeamsFraction = 1, AmbiguousFraction = 0, OnPremisesUserFraction = 0,
        });
        await new InProcessSandboxSeeder(sandbox.State).SeedAsync(tenant);
        sandbox.State.ClearNotifications();
        foreach (var user in tenant.Users) sandbox.State.SetConferencing(user.UserPrincipalName, NewBridge);
        return new ServiceHarness(sandbox, tenant, Path.Combine(Path.GetTempPath(), $"mm-service-{Guid.NewGuid():N}.db"));
    }

    /// <summary>
    /// The settings of a service process (ServiceProcess.RunAsync) on the shared store and the sandbox, as the in-process
    /// host gets them: polling every second, the license trigger off, <paramref name="maxParallelRequests"/> mailboxes at once.
    /// </summary>
    public Dictionary<string, string> ProcessSettings(int maxParallelRequests) => new()
    {
        ["StorePath"] = StorePath,
        ["GraphEndpoint"] = Sandbox.GraphBaseUrl.ToString(),
        ["AccessToken"] = "service-tests",
        ["PollSeconds"] = "1",
        ["TriggerPollSeconds"] = "0",
        ["MaxParallelRequests"] = maxParallelRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Builds and starts a service host on the shared store and the sandbox; the license trigger is off unless enabled.</summary>
    /// <param name="storeClock">The store's clock as the host sees it (a PostgreSQL server's stand-in); this machine's when null.</param>
    public async Task<IHost> StartHostAsync(Action<ServiceSettings>? adjust = null, IClock? storeClock = null)
    {
        var host = ServiceHost.Build(new[] { "--Logging:LogLevel:Default=Warning" }, settings =>
        {
            settings.StorePath = StorePath;
            settings.GraphEndpoint = Sandbox.GraphBaseUrl.ToString();
            settings.AccessToken = "service-tests"; // the sandbox accepts any bearer token
            settings.PollSeconds = 1;
            settings.MaxParallelRequests = 2;
            settings.TriggerPollSeconds = 0;
            adjust?.Invoke(settings);
        }, storeClock);
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public async Task<List<MigrationRequest>> EnqueueAsync(IEnumerable<GeneratedUser> users)
    {
        var queued = new List<MigrationRequest>();
        foreach (var user in users)
        {
            var result = await Store.EnqueueAsync(new EnqueueRequest(UserIdentity.Parse(user.UserPrincipalName), SourceMeetingType.All, TargetMeetingType.Current), default);
            queued.Add(result.Request);
        }
        return queued;
    }

    public Task<IReadOnlyList<MigrationRequest>> RequestsAsync() => Store.QueryAsync(new MigrationStatusQuery(), default);

    public async Task WaitForAllSucceededAsync(TimeSpan timeout)
    {
        IReadOnlyList<MigrationRequest> last = Array.Empty<MigrationRequest>();
        await Poll.UntilAsync(async () =>
            {
                last = await RequestsAsync();
                return last.Count > 0 && last.All(r => r.State == MigrationState.Succeeded);
            }, timeout,
            () => string.Join("; ", last.Select(r => $"{r.UserPrincipalName} {r.State} {r.SucceededMeeting}/{r.TotalMeeting} {r.LastMessage}")), 100);
    }

    public IEnumerable<EventExpectation> MigratedMeetingsOf(IEnumerable<GeneratedUser> users)
    {
        var names = new HashSet<string>(users.Select(u => u.UserPrincipalName), StringComparer.OrdinalIgnoreCase);
        return Tenant.Expectations().Where(e => names.Contains(e.Mailbox) && e.Outcome == ExpectedOutcome.Migrate);
    }

    /// <summary>Every (recipient, event, occurrence) that got more than one update: a meeting re-sent by a second worker.</summary>
    public List<string> DuplicateUpdates() =>
        Sandbox.State.GetNotifications(kind: "update")
            .GroupBy(n => (n.Recipient, n.EventId, n.OccurrenceStart))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Recipient} got {g.Count()} updates of '{g.First().Subject}'")
            .ToList();

    /// <summary>Migrated meetings an internal attendee never heard about: proves the run really finished the work.</summary>
    public List<string> MissingUpdates(IEnumerable<EventExpectation> meetings)
    {
        var missing = new List<string>();
        foreach (var meeting in meetings)
            foreach (var attendee in meeting.InternalAttendees)
                if (Sandbox.State.GetNotifications(recipient: attendee, kind: "update", iCalUId: meeting.ICalUId).Count == 0)
                    missing.Add($"{attendee} / '{meeting.Subject}'");
        return missing;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try { await host.StopAsync(TimeSpan.FromSeconds(10)); } catch (ObjectDisposedException) { }
            host.Dispose();
        }
        Store.Dispose();
        await Sandbox.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(StorePath + suffix); } catch (IOException) { }
    }
}
