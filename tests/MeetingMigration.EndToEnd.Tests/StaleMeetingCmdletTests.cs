using System.Security;
using MeetingMigration.Engine.Model;
using MeetingMigration.Sandbox;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>Find-CsMeetingMigrationStaleMeeting in a runspace, on the harness's store and sandbox, as an admin pipes it.</summary>
public sealed class StaleMeetingCmdletTests
{
    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    [Fact]
    public async Task Find_All_piped_to_Start_queues_each_user_with_stale_meetings_once_and_Find_itself_writes_nothing()
    {
        await using var h = await MigrationHarness.StartAsync(users: 3, meetingsPerUser: 15, seed: 51,
            tune: o => o with { TeamsFraction = 1, AmbiguousFraction = 0 });
        var (changed, untouched) = (h.Tenant.Users[0], h.Tenant.Users[1]);
        foreach (var user in new[] { changed, untouched })
            Assert.Equal(MigrationState.Succeeded, (await h.MigrateAsync(user.UserPrincipalName, SourceMeetingType.All)).State);
        var expected = h.ExpectationsOf(changed.UserPrincipalName).Count(e => e.Outcome == Sandbox.Seeding.ExpectedOutcome.Migrate);
        h.Sandbox.State.ClearNotifications();
        h.Sandbox.ResetStats();
        h.Sandbox.State.SetConferencing(changed.UserPrincipalName,
            new ConferencingSettings("6600112", "+1 425 555 0112", new[] { "+1 800 555 0112" }, "https://dialin.example.com/cmdlet"));

        using var ps = new ModuleRunspace(h.Store.Location);
        ps.Run("Connect-MeetingMigration -StorePath $store -GraphEndpoint $graph -AccessToken $token",
            ("store", h.Store.Location), ("graph", h.Sandbox.GraphBaseUrl.ToString()), ("token", Secure("cmdlet-token"))).AssertSuccess();
        var before = ps.Snapshot();

        var found = ps.Run("Find-CsMeetingMigrationStaleMeeting -All");

        found.AssertSuccess();
        Assert.Empty(found.Warnings);
        Assert.Equal(expected, found.Output.Count);
        Assert.All(found.Output, o =>
        {
            Assert.Equal("MeetingMigration.PowerShell.Output.MeetingMigrationStaleMeeting", o.BaseObject.GetType().FullName);
            Assert.Equal(changed.UserPrincipalName, (string)o.Properties["UserPrincipalName"].Value, ignoreCase: true);
        });
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
        Assert.Empty(h.Sandbox.State.GetNotifications());
        Assert.Equal(before, ps.Snapshot());

        ps.Run("Find-CsMeetingMigrationStaleMeeting -All | Start-CsExMeetingMigration").AssertSuccess();

        var pending = (await h.Store.QueryAsync(new MigrationStatusQuery { State = MigrationState.Pending }, default)).ToList();
        var request = Assert.Single(pending);
        Assert.Equal(changed.UserPrincipalName, request.UserPrincipalName, ignoreCase: true);
        Assert.Equal(Engine.Triggers.TriggerNames.Manual, request.Trigger);
    }

    [Fact]
    public async Task Users_through_the_pipeline_are_each_checked_and_a_user_the_directory_does_not_know_is_UserNotFound()
    {
        await using var h = await MigrationHarness.StartAsync(users: 2, meetingsPerUser: 10, seed: 52,
            tune: o => o with { TeamsFraction = 1, AmbiguousFraction = 0 });
        using var ps = new ModuleRunspace(h.Store.Location);
        ps.Run("Connect-MeetingMigration -StorePath $store -GraphEndpoint $graph -AccessToken $token",
            ("store", h.Store.Location), ("graph", h.Sandbox.GraphBaseUrl.ToString()), ("token", Secure("cmdlet-token"))).AssertSuccess();
        var known = h.Tenant.Users[1].UserPrincipalName;
        // Never migrated: the generated blocks show the conference ID from before the user's last change.
        var expected = h.ExpectationsOf(known).Count(e => e.Outcome == Sandbox.Seeding.ExpectedOutcome.Migrate);

        var result = ps.Run("[pscustomobject]@{ UserPrincipalName = 'nobody@contoso.com' }, [pscustomobject]@{ UserPrincipalName = $u } | Find-CsMeetingMigrationStaleMeeting",
            ("u", known));

        var error = result.SingleError();
        Assert.Equal("UserNotFound,MeetingMigration.PowerShell.Cmdlets.FindCsMeetingMigrationStaleMeetingCommand", error.FullyQualifiedErrorId);
        Assert.Equal("nobody@contoso.com", error.TargetObject);
        Assert.False(result.Terminated);
        Assert.Equal(expected, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(known, (string)o.Properties["UserPrincipalName"].Value, ignoreCase: true));
        Assert.Equal(0, h.Sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
    }
}
