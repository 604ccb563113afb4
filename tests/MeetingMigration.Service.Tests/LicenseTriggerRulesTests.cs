using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;
using Xunit;
using static MeetingMigration.Service.Tests.FakeDeltaReader;

namespace MeetingMigration.Service.Tests;

/// <summary>The comparison rules with scripted directory answers: expiry, deleted users, missing properties, lost races.</summary>
public sealed class LicenseTriggerRulesTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mm-rules-{Guid.NewGuid():N}.db");
    private readonly SqliteMigrationStore _store;
    private readonly ManualClock _clock = new(new DateTime(2031, 1, 2, 3, 4, 5, DateTimeKind.Utc));
    private readonly Guid _a = Guid.NewGuid(), _b = Guid.NewGuid(), _c = Guid.NewGuid();

    public LicenseTriggerRulesTests() => _store = SqliteMigrationStore.Open(_path, _clock);

    public void Dispose()
    {
        _store.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(_path + suffix); } catch (IOException) { }
    }

    private async Task<HashSet<Guid>> BaselineAsync() =>
        LicenseTriggerState.FromJson((await _store.GetTriggerStateAsync(LicenseTriggerWatcher.StateName, default))!).LicensedSet();

    private async Task<List<Guid?>> QueuedIdsAsync() => (await _store.QueryAsync(new MigrationStatusQuery(), default)).Select(r => r.UserId).ToList();

    [Fact]
    public async Task Later_passes_follow_the_stored_delta_link()
    {
        var reader = new FakeDeltaReader().Then(true, User(_a, true)).Then(false).Then(false);
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);
        await watcher.RunOnceAsync(default);
        await watcher.RunOnceAsync(default);
        Assert.Null(reader.LinksRead[0]);
        Assert.EndsWith("deltatoken=1", reader.LinksRead[1]);
        Assert.EndsWith("deltatoken=2", reader.LinksRead[2]);
    }

    [Fact]
    public async Task A_full_resync_compares_everyone_and_drops_users_who_left()
    {
        var reader = new FakeDeltaReader()
            .Then(true, User(_a, true), User(_b, true), User(_c, false))
            // The link expired: everyone is listed again. b left the directory, c got the plan, a is unchanged.
            .Then(true, User(_a, true), User(_c, true));
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);
        var pass = await watcher.RunOnceAsync(default);

        Assert.Equal(new Guid?[] { _c }, await QueuedIdsAsync());
        Assert.Equal(new[] { _a, _c }.OrderBy(x => x), (await BaselineAsync()).OrderBy(x => x));
        Assert.True(pass.FullSync);
    }

    [Fact]
    public async Task A_deleted_user_leaves_the_baseline_without_a_request()
    {
        var reader = new FakeDeltaReader().Then(true, User(_a, true)).Then(false, User(_a, null, removed: true));
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);
        await watcher.RunOnceAsync(default);

        Assert.Empty(await QueuedIdsAsync());
        Assert.Empty(await BaselineAsync());
    }

    [Fact]
    public async Task A_user_returned_without_plans_is_not_taken_for_a_removal()
    {
        var reader = new FakeDeltaReader().Then(true, User(_a, true)).Then(false, User(_a, null));
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);
        await watcher.RunOnceAsync(default);

        Assert.Empty(await QueuedIdsAsync());
        Assert.Equal(new[] { _a }, await BaselineAsync());
    }

    [Fact]
    public async Task A_second_change_before_the_request_runs_merges_into_the_pending_request_and_restarts_the_settle_window()
    {
        var reader = new FakeDeltaReader().Then(true).Then(false, User(_a, true)).Then(false, User(_a, false));
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);
        await watcher.RunOnceAsync(default);
        _clock.UtcNow = _clock.UtcNow.AddMinutes(10);
        await watcher.RunOnceAsync(default);

        var request = Assert.Single(await _store.QueryAsync(new MigrationStatusQuery(), default));
        // A trigger settles: the merged request waits the settle window after the latest change, so it runs once with the
        // final state.
        Assert.Equal(_clock.UtcNow + TimeSpan.FromMinutes(5), request.NotBefore);
    }

    [Fact]
    public async Task An_unreadable_state_is_replaced_by_a_fresh_baseline()
    {
        Assert.True(await _store.SaveTriggerStateAsync(LicenseTriggerWatcher.StateName, null, "{not json", default));
        var reader = new FakeDeltaReader().Then(true, User(_a, true));
        var pass = await new LicenseTriggerWatcher(_store, reader).RunOnceAsync(default);

        Assert.True(pass.BaselineRecorded);
        Assert.True(pass.StateSaved);
        Assert.Equal(new[] { _a }, await BaselineAsync());
    }

    [Fact]
    public async Task A_pass_that_lost_the_race_does_not_overwrite_the_newer_state()
    {
        var reader = new FakeDeltaReader().Then(true, User(_a, true)).Then(false, User(_b, true));
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);
        var before = await _store.GetTriggerStateAsync(LicenseTriggerWatcher.StateName, default);
        // Another service saves a pass while this one is reading Graph.
        var racingReader = new RacingReader(reader, () => _store.SaveTriggerStateAsync(LicenseTriggerWatcher.StateName, before, "{\"deltaLink\":\"other\",\"licensed\":[]}", default));
        var pass = await new LicenseTriggerWatcher(_store, racingReader).RunOnceAsync(default);

        Assert.False(pass.StateSaved);
        Assert.Single(pass.Queued); // queued anyway: at least once, and a repeat merges into the Pending request
        Assert.Equal("{\"deltaLink\":\"other\",\"licensed\":[]}", await _store.GetTriggerStateAsync(LicenseTriggerWatcher.StateName, default));
    }

    [Fact]
    public async Task Trigger_state_lives_beside_the_tenant_settings_without_disturbing_them()
    {
        await _store.SaveTenantMigrationConfigurationAsync(new() { TriggerDelay = TimeSpan.FromMinutes(7) }, default);
        Assert.Null(await _store.GetTriggerStateAsync("X", default));
        Assert.True(await _store.SaveTriggerStateAsync("X", null, "one", default));
        Assert.False(await _store.SaveTriggerStateAsync("X", null, "two", default));
        Assert.False(await _store.SaveTriggerStateAsync("X", "stale", "two", default));
        Assert.True(await _store.SaveTriggerStateAsync("X", "one", "two", default));
        Assert.Equal("two", await _store.GetTriggerStateAsync("X", default));
        Assert.Null(await _store.GetTriggerStateAsync("Y", default));
        Assert.Equal(TimeSpan.FromMinutes(7), (await _store.GetTenantMigrationConfigurationAsync(default)).TriggerDelay);
    }

    private sealed class RacingReader(IDirectoryDeltaReader inner, Func<Task> during) : IDirectoryDeltaReader
    {
        public async Task<DirectoryDelta> ReadAsync(string? deltaLink, CancellationToken cancellationToken)
        {
            var result = await inner.ReadAsync(deltaLink, cancellationToken);
            await during();
            return result;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_user_on_a_third_party_provider_is_migrated_on_a_license_only_when_the_license_may_replace_the_provider(bool replaceAcp)
    {
        var upn = User(_a, true).UserPrincipalName!;
        await new Engine.Conferencing.ConferencingAdmin(_store).SetUserAsync(UserIdentity.Parse(upn),
            new Engine.Conferencing.DialInUserUpdate { Provider = Engine.Conferencing.ConferencingProvider.ThirdParty, ProviderName = "InterCall", ConferenceId = "3131313" },
            createIfMissing: true, default);
        await _store.SaveDialInSettingsAsync(new Engine.Configuration.DialInConferencingTenantSettings { AutomaticallyReplaceAcpProvider = replaceAcp }, default);
        var reader = new FakeDeltaReader().Then(true).Then(false, User(_a, true));
        var watcher = new LicenseTriggerWatcher(_store, reader);
        await watcher.RunOnceAsync(default);

        var pass = await watcher.RunOnceAsync(default);

        var provider = (await _store.GetDialInUserAsync(upn, default))!.Provider;
        if (replaceAcp)
        {
            var request = Assert.Single(pass.Queued);
            Assert.Equal($"{TriggerNames.AudioConferencingLicense}, {TriggerNames.ProviderSwitchedToMicrosoft}", request.Trigger);
            Assert.Equal(Engine.Conferencing.ConferencingProvider.Microsoft, provider);
            Assert.Empty(pass.LeftToThirdPartyProvider);
        }
        else
        {
            Assert.Empty(await QueuedIdsAsync());
            Assert.Equal(_a, Assert.Single(pass.LeftToThirdPartyProvider).Id);
            Assert.Equal(Engine.Conferencing.ConferencingProvider.ThirdParty, provider);
        }
        // Either way the baseline moved on: the license is not replayed by the next pass.
        Assert.Contains(_a, await BaselineAsync());
    }
}
