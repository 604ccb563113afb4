using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;
using MeetingMigration.Engine.Worker;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>
/// Every trigger, non-trigger and switch of docs/triggers.md against a seeded sandbox: which users get a request, with
/// which MigrationType and Trigger, and whether their meetings end up showing the new coordinates.
/// </summary>
public sealed class TriggerTests
{
    private const string BridgeA = "North America";
    private const string BridgeB = "Europe";
    private const string TollA = "+14255550100";
    private const string TollA2 = "+14255550111";
    private const string TollFreeA = "+18005550100";
    private const string TollB = "+442055550100";
    private const string TollFreeB = "+448005550100";

    /// <summary>A seeded tenant whose organizer <see cref="Upn"/> has Skype meetings to migrate and conferencing on bridge A.</summary>
    private sealed class Tenant : IAsyncDisposable
    {
        public MigrationHarness H = null!;
        public ManualClock Clock = null!;
        public ConferencingAdmin Admin = null!;
        public string Upn = "";
        public UserIdentity User = null!;
        public List<EventExpectation> SkypeMeetings = new();

        public static async Task<Tenant> StartAsync(TimeSpan? triggerDelay = null)
        {
            var t = new Tenant { Clock = new ManualClock(DateTime.UtcNow) };
            // No ambiguous bodies: a meeting that fails on purpose is the business of other tests.
            t.H = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 24, seed: 23, clock: t.Clock, tune: o => o with { AmbiguousFraction = 0 });
            var user = t.H.Tenant.Users.First(u => t.H.ExpectationsOf(u.UserPrincipalName).Count(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == MeetingKind.SkypeForBusiness) >= 2);
            t.Upn = user.UserPrincipalName;
            t.User = UserIdentity.Parse(t.Upn);
            t.SkypeMeetings = t.H.ExpectationsOf(t.Upn).Where(e => e.Outcome == ExpectedOutcome.Migrate && e.Kind == MeetingKind.SkypeForBusiness).ToList();
            t.Admin = new ConferencingAdmin(t.H.Store);
            await t.H.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { TriggerDelay = triggerDelay ?? TimeSpan.Zero }, default);

            var a = BridgeRef(BridgeA);
            await t.Admin.NewBridgeAsync(BridgeA, "NOAM", default);
            await t.Admin.NewBridgeAsync(BridgeB, "EMEA", default);
            await t.Admin.RegisterServiceNumberAsync(TollA, a, ServiceNumberType.Toll, "Redmond", "en-US", null, default);
            await t.Admin.RegisterServiceNumberAsync(TollA2, a, ServiceNumberType.Toll, "Seattle", "en-US", null, default);
            await t.Admin.RegisterServiceNumberAsync(TollFreeA, a, ServiceNumberType.TollFree, null, "en-US", null, default);
            await t.Admin.RegisterServiceNumberAsync(TollB, BridgeRef(BridgeB), ServiceNumberType.Toll, "London", "en-GB", null, default);
            await t.Admin.RegisterServiceNumberAsync(TollFreeB, BridgeRef(BridgeB), ServiceNumberType.TollFree, null, "en-GB", null, default);
            // The user's record as an import would create it: a baseline, so nothing is queued yet.
            var created = await t.Admin.SetUserAsync(t.User, new DialInUserUpdate
            {
                JoinUrl = "https://meet.contoso.com/trigger/SKYPE1",
                ConferenceId = "5551234",
                Bridge = a,
                ServiceNumber = TollA2,
                DialInUrl = "https://dialin.contoso.com/trigger",
            }, createIfMissing: true, default);
            Assert.Empty(created.Triggers);
            Assert.Empty(await t.Requests());
            return t;
        }

        public async Task<IReadOnlyList<MigrationRequest>> Requests() => await H.Store.QueryAsync(new MigrationStatusQuery(), default);

        /// <summary>Runs every due request, as the service's queue worker does.</summary>
        public async Task<List<MigrationRequest>> RunDueAsync()
        {
            var worker = new MigrationWorker(H.Store, H.Graph.Gateway, "trigger-tests", Clock);
            var done = new List<MigrationRequest>();
            while (await worker.RunNextAsync(null, null, default) is { } finished) done.Add(finished);
            return done;
        }

        public async Task<string> BodyAsync(EventExpectation meeting) =>
            (await H.Graph.Gateway.GetEventAsync(Upn, H.EventIds[meeting.ICalUId], default))!.Body;

        /// <summary>Each Skype meeting of the user was rewritten once, shows <paramref name="expected"/>, and kept the text around its block.</summary>
        public async Task AssertSkypeMeetingsShowAsync(params string[] expected)
        {
            foreach (var meeting in SkypeMeetings)
            {
                var body = await BodyAsync(meeting);
                foreach (var text in expected) Assert.Contains(text, body);
                await H.AssertOnlyTheBlockChangedAsync(Upn, meeting.ICalUId, body);
                foreach (var attendee in meeting.InternalAttendees)
                    Assert.Single(H.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", iCalUId: meeting.ICalUId));
            }
        }

        public ValueTask DisposeAsync() => H.DisposeAsync();
    }

    private static BridgeReference BridgeRef(string name) => new() { Name = name };

    private static MigrationRequest Single(IReadOnlyList<MigrationRequest> requests, string upn)
    {
        var request = Assert.Single(requests);
        Assert.Equal(upn, request.UserPrincipalName, ignoreCase: true);
        Assert.Equal(MigrationState.Pending, request.State);
        return request;
    }

    [Fact]
    public async Task A_conference_ID_reset_queues_the_user_and_their_meetings_show_the_new_ID()
    {
        await using var t = await Tenant.StartAsync();

        var change = await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ResetConferenceId = true }, false, default);

        var request = Single(await t.Requests(), t.Upn);
        Assert.Equal(TriggerNames.ConferenceIdReset, request.Trigger);
        Assert.Equal(MigrationType.ToSameType, request.MigrationType);
        var newId = change.Users[0].ConferenceId!;
        Assert.NotEqual("5551234", newId);
        Assert.All(await t.RunDueAsync(), r => Assert.Equal(MigrationState.Succeeded, r.State));
        await t.AssertSkypeMeetingsShowAsync(newId, TollA2);
    }

    [Fact]
    public async Task A_conference_ID_change_queues_the_user_with_ConferenceIdChanged()
    {
        await using var t = await Tenant.StartAsync();

        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ConferenceId = "8675309" }, false, default);

        Assert.Equal(TriggerNames.ConferenceIdChanged, Single(await t.Requests(), t.Upn).Trigger);
        await t.RunDueAsync();
        await t.AssertSkypeMeetingsShowAsync("8675309");
    }

    [Fact]
    public async Task A_move_to_another_bridge_queues_the_user_and_their_meetings_show_the_new_bridges_numbers()
    {
        await using var t = await Tenant.StartAsync();

        var change = await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { Bridge = BridgeRef(BridgeB) }, false, default);

        Assert.Null(change.Users[0].ServiceNumber); // bridge A's number does not belong to bridge B
        Assert.Equal(TriggerNames.BridgeChanged, Single(await t.Requests(), t.Upn).Trigger);
        await t.RunDueAsync();
        await t.AssertSkypeMeetingsShowAsync(TollB, TollFreeB, "5551234");
    }

    [Fact]
    public async Task Unregistering_a_users_service_number_queues_them_and_they_fall_back_to_the_bridge_default()
    {
        await using var t = await Tenant.StartAsync();

        var change = await t.Admin.UnregisterServiceNumberAsync(TollA2, null, removeDefaultServiceNumber: false, default);

        Assert.Equal(TriggerNames.ServiceNumberUnassigned, Single(await t.Requests(), t.Upn).Trigger);
        Assert.Single(change.Users);
        await t.RunDueAsync();
        await t.AssertSkypeMeetingsShowAsync(TollA);
        foreach (var meeting in t.SkypeMeetings) Assert.DoesNotContain(TollA2, await t.BodyAsync(meeting));
    }

    [Fact]
    public async Task A_replaced_default_number_queues_its_users_only_with_RescheduleMeetings()
    {
        await using var t = await Tenant.StartAsync();

        await t.Admin.ReplaceUserDefaultNumberAsync(TollA2, TollA, ServiceNumberType.Toll, BridgeRef(BridgeA), rescheduleMeetings: false, default);
        Assert.Empty(await t.Requests());
        Assert.Equal(TollA, (await t.H.Store.GetDialInUserAsync(t.Upn, default))!.ServiceNumber);

        await t.Admin.ReplaceUserDefaultNumberAsync(TollA, TollA2, ServiceNumberType.Toll, BridgeRef(BridgeA), rescheduleMeetings: true, default);
        Assert.Equal(TriggerNames.DefaultNumberReplaced, Single(await t.Requests(), t.Upn).Trigger);
        await t.RunDueAsync();
        await t.AssertSkypeMeetingsShowAsync(TollA2);
    }

    [Fact]
    public async Task Disabling_audio_conferencing_queues_the_user_and_their_meetings_lose_the_dial_in_details()
    {
        await using var t = await Tenant.StartAsync();

        await t.Admin.DisableUserAsync(t.User, default);

        Assert.Equal(TriggerNames.AudioConferencingDisabled, Single(await t.Requests(), t.Upn).Trigger);
        await t.RunDueAsync();
        await t.AssertSkypeMeetingsShowAsync("https://meet.contoso.com/trigger/SKYPE1");
        foreach (var meeting in t.SkypeMeetings)
        {
            var body = await t.BodyAsync(meeting);
            Assert.DoesNotContain("5551234", body);
            Assert.DoesNotContain(TollA2, body);
        }
    }

    [Fact]
    public async Task Enabling_with_ReplaceProvider_switches_a_third_party_user_to_Microsoft_and_queues_them()
    {
        await using var t = await Tenant.StartAsync();
        // The user, on the tenant's bridge A, goes to a third party with its own details: they leave Microsoft's bridge, and
        // their invitations change (outside probe AW-F1: they stayed on it, shown its numbers beside the provider's ID).
        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate
        {
            Provider = ConferencingProvider.ThirdParty, ProviderName = "InterCall", ConferenceId = "7654321", ServiceNumber = "+13125550100",
        }, false, default);
        var thirdParty = (await t.H.Store.GetDialInUserAsync(t.Upn, default))!;
        Assert.Equal(((Guid?)null, "7654321", "+13125550100"), (thirdParty.BridgeId, thirdParty.ConferenceId, thirdParty.ServiceNumber));
        Assert.Equal(TriggerNames.ProviderSwitchedFromMicrosoft, Single(await t.Requests(), t.Upn).Trigger);

        var refused = await Assert.ThrowsAsync<Engine.Errors.MeetingMigrationException>(() => t.Admin.EnableUserAsync(t.User, false, null, null, null, default));
        Assert.Equal(Engine.Errors.ErrorIds.ThirdPartyProvider, refused.ErrorId);
        Assert.Equal(TriggerNames.ProviderSwitchedFromMicrosoft, Single(await t.Requests(), t.Upn).Trigger);

        await t.Admin.EnableUserAsync(t.User, replaceProvider: true, null, null, null, default);

        // Merged into the pending request, each cause once.
        Assert.Equal($"{TriggerNames.ProviderSwitchedFromMicrosoft}, {TriggerNames.ProviderSwitchedToMicrosoft}", Single(await t.Requests(), t.Upn).Trigger);
        Assert.Equal(ConferencingProvider.Microsoft, (await t.H.Store.GetDialInUserAsync(t.Upn, default))!.Provider);
    }

    [Fact]
    public async Task A_recorded_move_to_Teams_converts_the_users_Skype_meetings_to_Teams_meetings()
    {
        await using var t = await Tenant.StartAsync();

        await t.Admin.RecordMoveAsync(t.User, MeetingHome.Teams, default);

        var request = Single(await t.Requests(), t.Upn);
        Assert.Equal(TriggerNames.MovedToTeams, request.Trigger);
        Assert.Equal(MigrationType.SfbToTeams, request.MigrationType);
        var done = Assert.Single(await t.RunDueAsync());
        Assert.True(done.State == MigrationState.Succeeded, done.LastMessage);
        foreach (var meeting in t.SkypeMeetings)
        {
            var body = await t.BodyAsync(meeting);
            Assert.Contains("teams.microsoft.com", body);
            Assert.DoesNotContain("https://meet.contoso.com", body);
        }
        // Recording the same home again is not a move.
        await t.Admin.RecordMoveAsync(t.User, MeetingHome.Teams, default);
        Assert.Single(await t.Requests());
    }

    [Fact]
    public async Task A_recorded_move_online_refreshes_the_users_meetings_in_their_own_type()
    {
        await using var t = await Tenant.StartAsync();

        await t.Admin.RecordMoveAsync(t.User, MeetingHome.SkypeForBusinessOnline, default);

        var request = Single(await t.Requests(), t.Upn);
        Assert.Equal(TriggerNames.MovedToSkypeForBusinessOnline, request.Trigger);
        Assert.Equal(MigrationType.ToSameType, request.MigrationType);
    }

    [Fact]
    public async Task Non_triggers_queue_nothing_and_rewrite_nothing()
    {
        await using var t = await Tenant.StartAsync();

        // The tenant's meeting URL (the Skype meet link), PSTN-only meetings, the same conference ID again, a bridge's new
        // default number, a new bridge: none of these is a trigger.
        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { JoinUrl = "https://meet.fabrikam.com/trigger/SKYPE1" }, false, default);
        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { AllowPstnOnlyMeetings = true, ConferenceId = "5551234", ServiceNumber = TollA2 }, false, default);
        await t.Admin.SetBridgeAsync(BridgeRef(BridgeA), null, TollA2, null, setDefault: false, default);
        await t.Admin.NewBridgeAsync("Asia", null, default);

        Assert.Empty(await t.Requests());
        Assert.Empty(await t.RunDueAsync());
        Assert.Empty(t.H.Sandbox.State.GetNotifications(kind: "update"));
    }

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(true, false, false, true)]   // AutomaticallyMigrateUserMeetings off: audio-conferencing triggers off, moves still trigger
    [InlineData(false, true, false, false)]  // MeetingMigrationEnabled off: nothing triggers
    [InlineData(false, false, false, false)]
    public async Task Switches_decide_which_triggers_queue(bool migrationEnabled, bool automaticallyMigrate, bool audioQueues, bool moveQueues)
    {
        await using var t = await Tenant.StartAsync();
        await t.H.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { TriggerDelay = TimeSpan.Zero, MeetingMigrationEnabled = migrationEnabled }, default);
        await t.H.Store.SaveDialInSettingsAsync(new DialInConferencingTenantSettings { AutomaticallyMigrateUserMeetings = automaticallyMigrate }, default);

        var audio = await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ResetConferenceId = true }, false, default);
        Assert.Equal(audioQueues, audio.Queued.Count == 1);
        Assert.Equal(audioQueues, audio.NotQueuedBecause == null);
        var other = t.H.Tenant.Users.First(u => !string.Equals(u.UserPrincipalName, t.Upn, StringComparison.OrdinalIgnoreCase)).UserPrincipalName;
        var move = await t.Admin.RecordMoveAsync(UserIdentity.Parse(other), MeetingHome.Teams, default);
        Assert.Equal(moveQueues, move.Queued.Count == 1);

        var requests = await t.Requests();
        Assert.Equal((audioQueues ? 1 : 0) + (moveQueues ? 1 : 0), requests.Count);
        // The change itself is kept whatever the switches say.
        Assert.Equal(audio.Users[0].ConferenceId, (await t.H.Store.GetDialInUserAsync(t.Upn, default))!.ConferenceId);
    }

    [Fact]
    public async Task With_migration_turned_off_queued_requests_wait_Pending_and_run_once_it_is_on_again()
    {
        await using var t = await Tenant.StartAsync();
        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ConferenceId = "7770001" }, false, default);
        await t.H.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { TriggerDelay = TimeSpan.Zero, MeetingMigrationEnabled = false }, default);

        Assert.Empty(await t.RunDueAsync());
        var waiting = Single(await t.Requests(), t.Upn);
        Assert.Equal(0, waiting.RetryCount);
        Assert.Empty(t.H.Sandbox.State.GetNotifications(kind: "update"));

        await t.H.Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { TriggerDelay = TimeSpan.Zero }, default);
        var done = Assert.Single(await t.RunDueAsync());
        Assert.Equal(MigrationState.Succeeded, done.State);
        await t.AssertSkypeMeetingsShowAsync("7770001");
    }

    [Fact]
    public async Task Three_triggers_inside_the_settle_window_make_one_migration_with_the_final_coordinates()
    {
        await using var t = await Tenant.StartAsync(triggerDelay: TimeSpan.FromMinutes(5));
        var start = t.Clock.UtcNow;

        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ResetConferenceId = true }, false, default);
        t.Clock.Advance(TimeSpan.FromMinutes(2));
        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { Bridge = BridgeRef(BridgeB) }, false, default);
        t.Clock.Advance(TimeSpan.FromMinutes(2));
        var last = await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ConferenceId = "4242424" }, false, default);

        var request = Single(await t.Requests(), t.Upn);
        Assert.Equal("ConferenceIdReset, BridgeChanged, ConferenceIdChanged", request.Trigger);
        Assert.Equal(start.AddMinutes(4 + 5), request.NotBefore);

        t.Clock.Advance(TimeSpan.FromMinutes(4)); // 8 minutes after the first trigger: the window restarted with the last one
        Assert.Empty(await t.RunDueAsync());
        t.Clock.Advance(TimeSpan.FromMinutes(1));
        var done = Assert.Single(await t.RunDueAsync());
        Assert.Equal(MigrationState.Succeeded, done.State);
        Assert.Equal("4242424", last.Users[0].ConferenceId);
        await t.AssertSkypeMeetingsShowAsync("4242424", TollB, TollFreeB);
    }

    [Fact]
    public async Task An_admins_Start_pulls_a_settling_trigger_forward_and_keeps_its_cause()
    {
        await using var t = await Tenant.StartAsync(triggerDelay: TimeSpan.FromMinutes(5));
        await t.Admin.SetUserAsync(t.User, new DialInUserUpdate { ResetConferenceId = true }, false, default);

        await new Engine.Administration.MigrationAdmin(t.H.Store, t.Clock).StartAsync(t.User, SourceMeetingType.All, TargetMeetingType.Current, default);

        var request = Single(await t.Requests(), t.Upn);
        Assert.Equal(t.Clock.UtcNow, request.NotBefore);
        Assert.Equal($"{TriggerNames.ConferenceIdReset}, {TriggerNames.Manual}", request.Trigger);
    }
}
