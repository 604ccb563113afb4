using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;
using MeetingMigration.Sandbox;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.AssignLicense;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>The license trigger against the sandbox's users/delta, one pass at a time (no timers), with a fixed clock.</summary>
public sealed class LicenseTriggerTests : IAsyncLifetime
{
    private readonly string _storePath = Path.Combine(Path.GetTempPath(), $"mm-trigger-{Guid.NewGuid():N}.db");
    private readonly ManualClock _clock = new(new DateTime(2030, 5, 6, 7, 8, 9, DateTimeKind.Utc));
    private SandboxServer _sandbox = null!;
    private GraphConnection _graph = null!;
    private SqliteMigrationStore _store = null!;
    private UserRecord _adele = null!, _bob = null!, _carol = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        _adele = _sandbox.State.AddUser("adele@contoso.test");
        _bob = _sandbox.State.AddUser("bob@contoso.test");
        _carol = _sandbox.State.AddUser("carol@contoso.test");
        _graph = GraphConnection.Create(new GraphConnectionOptions
        {
            Mode = GraphAuthenticationMode.AccessToken, AccessToken = "trigger-tests", GraphEndpoint = _sandbox.GraphBaseUrl.ToString(),
        });
        _store = SqliteMigrationStore.Open(_storePath, _clock);
        await LicenseAsync(_adele, add: Skus.Office365E5); // licensed before the first pass: part of the baseline
    }

    public async Task DisposeAsync()
    {
        _graph.Dispose();
        _store.Dispose();
        await _sandbox.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(_storePath + suffix); } catch (IOException) { }
    }

    private readonly RecordingLogger _log = new();

    private LicenseTriggerWatcher Watcher(IMigrationStore? store = null, GraphConnection? graph = null) =>
        new(store ?? _store, new GraphDirectoryDeltaReader((graph ?? _graph).Client), _log);

    private Task LicenseAsync(UserRecord user, Guid? add = null, Guid? remove = null) =>
        _graph.Client.Users[user.Id.ToString()].AssignLicense.PostAsync(new AssignLicensePostRequestBody
        {
            AddLicenses = add is { } a ? new List<AssignedLicense> { new() { SkuId = a, DisabledPlans = new List<Guid?>() } } : new List<AssignedLicense>(),
            RemoveLicenses = remove is { } r ? new List<Guid?> { r } : new List<Guid?>(),
        });

    private Task<IReadOnlyList<MigrationRequest>> RequestsAsync() => _store.QueryAsync(new MigrationStatusQuery(), default);

    [Fact]
    public async Task The_first_pass_records_who_is_licensed_and_queues_nobody()
    {
        var pass = await Watcher().RunOnceAsync(default);

        Assert.True(pass.BaselineRecorded);
        Assert.Equal(3, pass.UsersRead);
        Assert.Empty(pass.Queued);
        Assert.Empty(await RequestsAsync());
        var state = LicenseTriggerState.FromJson((await _store.GetTriggerStateAsync(LicenseTriggerWatcher.StateName, default))!);
        Assert.Equal(new[] { _adele.Id }, state.LicensedSet());
        Assert.Contains("deltatoken", state.DeltaLink, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Assigning_Audio_Conferencing_queues_exactly_that_user_after_the_trigger_delay()
    {
        await _store.SaveTenantMigrationConfigurationAsync(new() { TriggerDelay = TimeSpan.FromMinutes(135) }, default);
        var watcher = Watcher();
        await watcher.RunOnceAsync(default);

        await LicenseAsync(_bob, add: Skus.AudioConferencing);
        var pass = await watcher.RunOnceAsync(default);

        var request = Assert.Single(await RequestsAsync());
        Assert.Equal(request.CorrelationId, Assert.Single(pass.Queued).CorrelationId);
        Assert.Equal("bob@contoso.test", request.UserPrincipalName);
        Assert.Equal(_bob.Id, request.UserId);
        Assert.Equal(LicenseTriggerWatcher.TriggerName, request.Trigger);
        Assert.Equal(MigrationState.Pending, request.State);
        Assert.Equal(SourceMeetingType.All, request.SourceMeetingType);
        Assert.Equal(TargetMeetingType.Current, request.TargetMeetingType);
        Assert.Equal(_clock.UtcNow.AddMinutes(135), request.NotBefore);

        // Nothing changed since: nothing more is queued.
        var quiet = await watcher.RunOnceAsync(default);
        Assert.Empty(quiet.Changed);
        Assert.Single(await RequestsAsync());
    }

    [Fact]
    public async Task Removing_the_plan_queues_the_user_but_a_license_without_the_plan_does_not()
    {
        var watcher = Watcher();
        await watcher.RunOnceAsync(default);

        await LicenseAsync(_adele, remove: Skus.Office365E5); // plan row stays, as "Deleted"
        await LicenseAsync(_carol, add: Skus.Office365E3);   // a license change, but no Audio Conferencing in it
        var pass = await watcher.RunOnceAsync(default);

        Assert.Equal(2, pass.UsersRead);
        var request = Assert.Single(await RequestsAsync());
        Assert.Equal("adele@contoso.test", request.UserPrincipalName);
        Assert.Equal(LicenseTriggerWatcher.TriggerName, request.Trigger);
    }

    [Fact]
    public async Task The_baseline_survives_a_restart_of_the_service()
    {
        await Watcher().RunOnceAsync(default);
        _store.Dispose();

        await LicenseAsync(_bob, add: Skus.AudioConferencing);
        await LicenseAsync(_adele, remove: Skus.Office365E5);
        using var store = SqliteMigrationStore.Open(_storePath);
        using var graph = GraphConnection.Create(new GraphConnectionOptions
        {
            Mode = GraphAuthenticationMode.AccessToken, AccessToken = "after-restart", GraphEndpoint = _sandbox.GraphBaseUrl.ToString(),
        });
        var pass = await Watcher(store, graph).RunOnceAsync(default);

        // A lost baseline would make this a new first pass that queues nobody.
        Assert.False(pass.BaselineRecorded);
        var queued = (await store.QueryAsync(new MigrationStatusQuery(), default)).Select(r => r.UserPrincipalName).OrderBy(u => u);
        Assert.Equal(new[] { "adele@contoso.test", "bob@contoso.test" }, queued);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task With_a_switch_off_changes_are_tracked_but_nothing_is_queued_then_or_later(bool automaticallyMigrate, bool migrationEnabled)
    {
        var watcher = Watcher();
        await watcher.RunOnceAsync(default);
        await _store.SaveDialInSettingsAsync(new() { AutomaticallyMigrateUserMeetings = automaticallyMigrate }, default);
        await _store.SaveTenantMigrationConfigurationAsync(new() { MeetingMigrationEnabled = migrationEnabled }, default);

        await LicenseAsync(_bob, add: Skus.AudioConferencing);
        var pass = await watcher.RunOnceAsync(default);

        Assert.Single(pass.Changed);
        Assert.NotNull(pass.NotQueuedBecause);
        Assert.Empty(await RequestsAsync());
        // Named in the log with what to run: a change seen only after the switch went off is dropped too (outside probe BO-F1).
        var said = Assert.Single(_log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("not queued because", said.Text);
        Assert.Contains("bob@contoso.test", said.Text);
        Assert.Contains("Start-CsExMeetingMigration", said.Text);

        // Switched back on: the change made while off is not replayed (MMS never queued it either).
        await _store.SaveDialInSettingsAsync(new(), default);
        await _store.SaveTenantMigrationConfigurationAsync(new(), default);
        await watcher.RunOnceAsync(default);
        Assert.Empty(await RequestsAsync());
    }
}
