using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Reconciliation;
using MeetingMigration.Engine.Triggers;
using MeetingMigration.Engine.Worker;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using EngineKind = MeetingMigration.Engine.Blocks.MeetingKind;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>
/// Changes made behind the engine's back (Graph's coordinates through the sandbox, the store's directly) and the
/// reconciliation that finds the meetings they left stale: only those, without writing anything, and, once queued and
/// run, fixed for good.
/// </summary>
public sealed class ReconciliationTests
{
    private static readonly ConferencingSettings ChangedInAdminCenter =
        new("8800441", "+1 206 555 0144", new[] { "+1 888 555 0144" }, "https://dialin.teams.microsoft.com/changed-elsewhere");

    /// <summary>Teams meetings only and no broken blocks, so a migration of everyone ends Succeeded and leaves every block current.</summary>
    private static Task<MigrationHarness> TeamsTenantAsync(int seed, IClock? clock = null) =>
        MigrationHarness.StartAsync(users: 3, meetingsPerUser: 15, seed: seed, clock: clock,
            tune: o => o with { TeamsFraction = 1, AmbiguousFraction = 0 });

    private static async Task MigrateEveryoneAsync(MigrationHarness h, params GeneratedUser[] users)
    {
        foreach (var user in users)
        {
            var done = await h.MigrateAsync(user.UserPrincipalName, SourceMeetingType.All);
            Assert.True(done.State == MigrationState.Succeeded, $"{user.UserPrincipalName}: {done.LastMessage}");
        }
        h.Sandbox.State.ClearNotifications();
        h.Sandbox.ResetStats();
    }

    /// <summary>The organizer's event ids of a user's meetings a migration touches (for a series, the master).</summary>
    private static List<string> MigratedEventIds(MigrationHarness h, GeneratedUser user, Sandbox.Seeding.MeetingKind? kind = null) =>
        h.ExpectationsOf(user.UserPrincipalName)
            .Where(e => e.Outcome == ExpectedOutcome.Migrate && (kind == null || e.Kind == kind))
            .Select(e => h.EventIds[e.ICalUId]).Order(StringComparer.Ordinal).ToList();

    private static List<string> Ids(IEnumerable<StaleMeeting> meetings) => meetings.Select(m => m.EventId).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every request and every journal row of the store, as text: equal before and after means nothing was written.</summary>
    private static async Task<string> StoreRecordsAsync(MigrationHarness h)
    {
        var lines = new List<string>();
        foreach (var request in await h.Store.QueryAsync(new MigrationStatusQuery(), default))
        {
            lines.Add($"{request.CorrelationId} {request.UserPrincipalName} {request.State} {request.ModifiedDate:o} {request.NotBefore:o} {request.Trigger} {request.TotalMeeting} {request.InvitesUpdate}");
            foreach (var entry in await h.Store.GetJournalAsync(request.CorrelationId, default))
                lines.Add($"  {entry.Id} {entry.EventId} {entry.Outcome} {entry.NewBlockHash}");
        }
        return string.Join("\n", lines);
    }

    private static Task<ReconciliationPass> ReconcileAsync(MigrationHarness h, IEnumerable<GeneratedUser> users, bool queue = false, IClock? clock = null) =>
        new StaleMeetingReconciler(h.Graph.Gateway, h.Store, clock).RunAsync(
            users.Select(u => UserIdentity.Parse(u.UserPrincipalName)).ToList(), new ReconciliationOptions { Queue = queue }, null, null, default);

    private static UserReconciliation Of(ReconciliationPass pass, GeneratedUser user) =>
        pass.Users.Single(u => string.Equals(u.UserPrincipalName, user.UserPrincipalName, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Coordinates_changed_in_Graph_make_that_users_meetings_stale_and_only_theirs_and_finding_them_writes_nothing()
    {
        await using var h = await TeamsTenantAsync(seed: 41);
        var (changed, untouched) = (h.Tenant.Users[0], h.Tenant.Users[1]);
        await MigrateEveryoneAsync(h, changed, untouched);
        var expected = MigratedEventIds(h, changed);
        Assert.NotEmpty(expected);
        Assert.NotEmpty(MigratedEventIds(h, untouched));
        var before = await StoreRecordsAsync(h);

        h.Sandbox.State.SetConferencing(changed.UserPrincipalName, ChangedInAdminCenter);
        var pass = await ReconcileAsync(h, new[] { changed, untouched });

        var stale = Of(pass, changed);
        Assert.Equal(UserCheckOutcome.Stale, stale.Outcome);
        Assert.True(stale.CalendarRead);
        Assert.Equal(expected, Ids(stale.StaleMeetings));
        Assert.All(stale.StaleMeetings, m =>
        {
            Assert.Equal(changed.UserPrincipalName, m.UserPrincipalName, ignoreCase: true);
            Assert.Equal(EngineKind.Teams, m.MeetingKind);
            Assert.Equal("Refresh the Teams dial-in details", m.Action);
        });
        Assert.Empty(stale.UncheckedMeetings);
        Assert.Null(stale.Queued);

        var current = Of(pass, untouched);
        Assert.Equal(UserCheckOutcome.UpToDate, current.Outcome);
        Assert.True(current.CalendarRead);
        Assert.Empty(current.StaleMeetings);
        Assert.Empty(current.UncheckedMeetings);

        var stats = h.Sandbox.GetStats();
        Assert.True(stats.Mailboxes.Single(m => string.Equals(m.Mailbox, changed.UserPrincipalName, StringComparison.OrdinalIgnoreCase)).Requests > 0,
            "the reconciliation did not read the calendar");
        Assert.Equal(0, stats.Mailboxes.Sum(m => m.Writes));
        Assert.Empty(h.Sandbox.State.GetNotifications());
        Assert.Equal(before, await StoreRecordsAsync(h));
    }

    [Fact]
    public async Task Queued_with_trigger_Reconciliation_after_the_settle_window_the_worker_fixes_them_and_a_second_pass_finds_nothing()
    {
        var clock = new ManualClock(DateTime.UtcNow);
        await using var h = await TeamsTenantAsync(seed: 42, clock);
        var (changed, untouched) = (h.Tenant.Users[0], h.Tenant.Users[1]);
        await MigrateEveryoneAsync(h, changed, untouched);
        var expected = MigratedEventIds(h, changed);
        var requestsBefore = (await h.Store.QueryAsync(new MigrationStatusQuery(), default)).Select(r => r.CorrelationId).ToHashSet();

        h.Sandbox.State.SetConferencing(changed.UserPrincipalName, ChangedInAdminCenter);
        var pass = await ReconcileAsync(h, new[] { changed, untouched }, queue: true, clock);

        var stale = Of(pass, changed);
        Assert.Equal(expected, Ids(stale.StaleMeetings));
        Assert.NotNull(stale.Queued);
        Assert.False(stale.Merged);
        Assert.Null(Of(pass, untouched).Queued);
        var queued = Assert.Single(await h.Store.QueryAsync(new MigrationStatusQuery(), default), r => !requestsBefore.Contains(r.CorrelationId));
        Assert.Equal(stale.Queued!.CorrelationId, queued.CorrelationId);
        Assert.Equal(changed.UserPrincipalName, queued.UserPrincipalName, ignoreCase: true);
        Assert.Equal(changed.ObjectId, queued.UserId);
        Assert.Equal(TriggerNames.Reconciliation, queued.Trigger);
        Assert.Equal(MigrationState.Pending, queued.State);
        Assert.Equal(MigrationType.ToSameType, queued.MigrationType);
        Assert.Equal(SourceMeetingType.All, queued.SourceMeetingType);
        Assert.Equal(clock.UtcNow + TimeSpan.FromMinutes(5), queued.NotBefore); // the tenant's default TriggerDelay
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));

        // A second pass while the request waits does not check the user again, nor push the request's due time back.
        var again = await ReconcileAsync(h, new[] { changed }, queue: true, clock);
        Assert.Equal(UserCheckOutcome.AlreadyQueued, Of(again, changed).Outcome);
        Assert.Equal(queued.NotBefore, (await h.Store.GetAsync(queued.CorrelationId, default))!.NotBefore);

        var worker = new MigrationWorker(h.Store, h.Graph.Gateway, "e2e-reconcile", clock);
        Assert.Null(await worker.RunNextAsync(queued.CorrelationId, null, default)); // still in its settle window
        clock.Advance(TimeSpan.FromMinutes(5));
        var done = await worker.RunNextAsync(queued.CorrelationId, null, default);

        Assert.NotNull(done);
        Assert.True(done!.State == MigrationState.Succeeded, done.LastMessage);
        Assert.Equal(expected.Count, done.InvitesUpdate);
        foreach (var meeting in h.ExpectationsOf(changed.UserPrincipalName).Where(e => e.Outcome == ExpectedOutcome.Migrate))
        {
            var item = await h.Graph.Gateway.GetEventAsync(changed.UserPrincipalName, h.EventIds[meeting.ICalUId], default);
            Assert.Contains(ChangedInAdminCenter.ConferenceId!, item!.Body);
            foreach (var attendee in meeting.InternalAttendees)
                Assert.Single(h.Sandbox.State.GetNotifications(recipient: attendee, kind: "update", iCalUId: meeting.ICalUId));
        }
        foreach (var meeting in h.ExpectationsOf(untouched.UserPrincipalName))
            Assert.Empty(h.Sandbox.State.GetNotifications(kind: "update", iCalUId: meeting.ICalUId));

        var after = await ReconcileAsync(h, new[] { changed, untouched }, queue: true, clock);
        Assert.All(after.Users, u => Assert.Equal(UserCheckOutcome.UpToDate, u.Outcome));
        Assert.Empty(after.StaleMeetings);
        Assert.All(after.Users, u => Assert.Null(u.Queued));
    }

    [Fact]
    public async Task Skype_meetings_of_an_organizer_without_a_stored_link_cannot_be_checked_and_are_not_called_stale()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 30, seed: 17, tune: o => o with { AmbiguousFraction = 0 });
        var user = h.Tenant.Users.First(u =>
            MigratedEventIds(h, u, Sandbox.Seeding.MeetingKind.SkypeForBusiness).Count >= 2 && MigratedEventIds(h, u, Sandbox.Seeding.MeetingKind.Teams).Count >= 1);
        var done = await h.MigrateAsync(user.UserPrincipalName, SourceMeetingType.Teams);
        Assert.True(done.State == MigrationState.Succeeded, done.LastMessage);
        h.Sandbox.State.ClearNotifications();
        h.Sandbox.ResetStats();
        var skype = MigratedEventIds(h, user, Sandbox.Seeding.MeetingKind.SkypeForBusiness);

        var pass = await ReconcileAsync(h, new[] { user });

        var check = Of(pass, user);
        Assert.Equal(UserCheckOutcome.PartlyChecked, check.Outcome);
        Assert.True(check.CalendarRead);
        Assert.Empty(check.StaleMeetings);
        Assert.Equal(skype, check.UncheckedMeetings.Select(m => m.EventId).Order(StringComparer.Ordinal).ToList());
        Assert.All(check.UncheckedMeetings, m => Assert.Contains("no Skype for Business meeting link in the store", m.Reason));

        // With the organizer's Skype coordinates in the store, the same meetings can be compared: their blocks show older ones.
        await h.Store.EditConferencingAsync(edit =>
        {
            edit.Save(new DialInUser
            {
                UserPrincipalName = user.UserPrincipalName, JoinUrl = "https://meet.contoso.com/e2e/RECONCILE1", ConferenceId = "7730011",
                ServiceNumber = "+1 425 555 0170", DialInUrl = "https://dialin.contoso.com/reconcile",
            });
            return true;
        }, default);
        var stored = Of(await ReconcileAsync(h, new[] { user }), user);

        Assert.Equal(UserCheckOutcome.Stale, stored.Outcome);
        Assert.Empty(stored.UncheckedMeetings);
        Assert.Equal(skype, Ids(stored.StaleMeetings));
        Assert.All(stored.StaleMeetings, m => Assert.Equal(EngineKind.SkypeForBusiness, m.MeetingKind));
        Assert.Empty(h.Sandbox.State.GetNotifications());
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
    }

    [Fact]
    public async Task For_an_organizer_on_a_third_party_bridge_the_store_is_the_truth_and_a_change_in_Graph_is_not_staleness()
    {
        await using var h = await TeamsTenantAsync(seed: 43);
        var user = h.Tenant.Users[0];
        var thirdParty = new DialInUser
        {
            UserPrincipalName = user.UserPrincipalName, Provider = ConferencingProvider.ThirdParty, ProviderName = "Fabrikam Audio",
            ConferenceId = "5120077", ServiceNumber = "+1 312 555 0177", DialInUrl = "https://fabrikam.example.com/dialin",
        };
        await h.Store.EditConferencingAsync(edit => { edit.Save(thirdParty); return true; }, default);
        await MigrateEveryoneAsync(h, user);
        var expected = MigratedEventIds(h, user);
        Assert.NotEmpty(expected);
        Assert.Equal(UserCheckOutcome.UpToDate, Of(await ReconcileAsync(h, new[] { user }), user).Outcome);

        h.Sandbox.State.SetConferencing(user.UserPrincipalName, ChangedInAdminCenter);
        var graphChanged = Of(await ReconcileAsync(h, new[] { user }), user);
        Assert.Equal(UserCheckOutcome.UpToDate, graphChanged.Outcome);
        Assert.Empty(graphChanged.StaleMeetings);

        var changed = thirdParty.Clone();
        changed.ConferenceId = "5120078";
        await h.Store.EditConferencingAsync(edit => { edit.Save(changed); return true; }, default);
        var storeChanged = Of(await ReconcileAsync(h, new[] { user }), user);

        Assert.Equal(UserCheckOutcome.Stale, storeChanged.Outcome);
        Assert.Equal(expected, Ids(storeChanged.StaleMeetings));
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
    }

    [Fact]
    public async Task A_capped_pass_goes_on_where_the_last_one_stopped_and_every_user_gets_a_turn()
    {
        await using var h = await TeamsTenantAsync(seed: 44);
        var users = h.Tenant.Users.Select(u => UserIdentity.Parse(u.UserPrincipalName)).ToList();
        var reconciler = new StaleMeetingReconciler(h.Graph.Gateway, h.Store);

        var first = await reconciler.RunAsync(users, new ReconciliationOptions { MaxUsers = 2 }, null, null, default);
        var second = await reconciler.RunAsync(users, new ReconciliationOptions { MaxUsers = 2, StartAfter = first.LastUser }, null, null, default);

        var inOrder = users.Select(u => u.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(inOrder.Take(2), first.Users.Select(u => u.User.Value));
        Assert.Equal(new[] { inOrder[2], inOrder[0] }, second.Users.Select(u => u.User.Value));
        Assert.Equal(3, second.UsersListed);
        // Generated blocks carry the conference ID from before the users' last change: never migrated, everything is stale.
        Assert.All(first.Users.Concat(second.Users), u => Assert.Equal(UserCheckOutcome.Stale, u.Outcome));
    }

    [Fact]
    public async Task A_user_the_directory_does_not_know_is_reported_as_not_found_and_not_checked()
    {
        await using var h = await TeamsTenantAsync(seed: 45);

        var pass = await new StaleMeetingReconciler(h.Graph.Gateway, h.Store).RunAsync(
            new[] { UserIdentity.Parse("nobody@contoso.com") }, new ReconciliationOptions { Queue = true }, null, null, default);

        var check = Assert.Single(pass.Users);
        Assert.True(check.UserNotFound);
        Assert.Equal(UserCheckOutcome.NotChecked, check.Outcome);
        Assert.False(check.CalendarRead);
        Assert.Contains("does not exist", check.Reason);
        Assert.Null(check.Queued);
        Assert.Empty(await h.Store.QueryAsync(new MigrationStatusQuery(), default));
    }
}
