using System.Security;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;
using MeetingMigration.Tests.Infrastructure;
using Xunit;

namespace MeetingMigration.EndToEnd.Tests;

/// <summary>Cmdlets → engine → Graph SDK → sandbox, typed as an admin types them.</summary>
public sealed class CmdletEndToEndTests
{
    private static async Task<(SandboxServer Sandbox, GeneratedTenant Tenant)> TenantAsync(int users = 2, int meetings = 15)
    {
        var sandbox = await SandboxServer.StartAsync();
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = users, MeetingsPerUser = meetings, Seed = 21, Now = DateTimeOffset.UtcNow, OnPremisesUserFraction = 0 });
        await new InProcessSandboxSeeder(sandbox.State).SeedAsync(tenant);
        sandbox.State.ClearNotifications();
        sandbox.ResetStats();
        return (sandbox, tenant);
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    private static void Connect(ModuleRunspace ps, SandboxServer sandbox) =>
        ps.Run("Connect-MeetingMigration -StorePath $store -GraphEndpoint $graph -AccessToken $token",
            ("store", ps.StorePath), ("graph", sandbox.GraphBaseUrl.ToString()), ("token", Secure("test-token"))).AssertSuccess();

    [Fact]
    public async Task WhatIf_lists_the_meetings_that_would_change_and_writes_nothing()
    {
        var (sandbox, tenant) = await TenantAsync();
        await using var _ = sandbox;
        using var ps = new ModuleRunspace();
        Connect(ps, sandbox);
        var before = ps.Snapshot();
        var upn = tenant.Users[0].UserPrincipalName;
        sandbox.State.SetConferencing(upn, new ConferencingSettings("5550123", "+1 425 555 0123", new[] { "+1 800 555 0123" }, "https://dialin.example.com/x"));

        var result = ps.Run("Start-CsExMeetingMigration -Identity $u -SourceMeetingType Teams -WhatIf -InformationAction Continue 6>&1", ("u", upn));

        Assert.False(result.Terminated, result.TerminatingError?.ToString());
        var mailbox = sandbox.GetStats().Mailboxes.Single(m => string.Equals(m.Mailbox, upn, StringComparison.OrdinalIgnoreCase));
        Assert.True(mailbox.Requests > 0, "-WhatIf did not read the calendar to plan");
        Assert.Equal(0, sandbox.GetStats().Mailboxes.Sum(m => m.Writes));
        Assert.Empty(sandbox.State.GetNotifications());
        Assert.Equal(before, ps.Snapshot());
    }

    [Fact]
    public async Task Start_with_Wait_runs_the_request_and_reports_it_done()
    {
        var (sandbox, tenant) = await TenantAsync();
        await using var _ = sandbox;
        using var ps = new ModuleRunspace();
        Connect(ps, sandbox);
        var upn = tenant.Users[0].UserPrincipalName;

        var result = ps.Run("Start-CsExMeetingMigration -Identity $u -SourceMeetingType Teams -Wait -PassThru", ("u", upn));

        var status = Assert.Single(result.Output);
        var state = status.Properties["State"].Value.ToString();
        if (state == "Failed")
        {
            // Only blocks the engine must not guess at may fail; anything else is a bug.
            var message = status.Properties["LastMessage"].Value.ToString()!;
            Assert.Matches("cannot be delimited|online-meeting blocks", message);
            Assert.Equal("MigrationFailed", result.SingleError().FullyQualifiedErrorId.Split(',')[0]);
        }
        else
        {
            Assert.Equal("Succeeded", state);
            Assert.Empty(result.Errors);
        }
        // UserId shows the user, as MMS does; the directory object id the run resolved is a property of its own.
        Assert.Equal(upn, status.Properties["UserId"].Value.ToString(), ignoreCase: true);
        Assert.True(Guid.TryParse(status.Properties["UserObjectId"].Value?.ToString(), out var objectId) && objectId != Guid.Empty, "UserObjectId holds the resolved object id");
    }

    [Fact]
    public async Task Start_refuses_a_user_the_directory_does_not_know_and_queues_nothing()
    {
        var (sandbox, _) = await TenantAsync(users: 1, meetings: 2);
        await using var __ = sandbox;
        using var ps = new ModuleRunspace();
        Connect(ps, sandbox);
        var before = ps.Snapshot();

        var result = ps.Run("Start-CsExMeetingMigration -Identity nobody@contoso.com");

        Assert.Equal("UserNotFound", result.SingleError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(before, ps.Snapshot());
    }

    [Fact]
    public void Wait_without_a_Graph_connection_is_a_clear_error()
    {
        using var ps = new ModuleRunspace();
        var result = ps.Run("Start-CsExMeetingMigration -Identity ashaw@contoso.com -Wait");
        Assert.Equal("NotConnected", result.SingleError().FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_failed_Connect_leaves_the_session_on_its_store()
    {
        using var ps = new ModuleRunspace();
        ps.Ok("Start-CsExMeetingMigration -Identity ashaw@contoso.com -WarningAction SilentlyContinue");
        using var other = new TempStore();

        var result = ps.Run("Connect-MeetingMigration -StorePath $p -GraphEndpoint http://graph.example.com/v1.0 -AccessToken $t", ("p", other.StorePath), ("t", Secure("x")));

        Assert.True(result.Terminated);
        Assert.Single(ps.Ok("Get-CsMeetingMigrationStatus -Identity ashaw@contoso.com"));
        Assert.False(File.Exists(other.StorePath), "the new store was created although Connect failed");
    }

    [Fact]
    public void Connect_refuses_a_plain_http_endpoint_that_is_not_loopback()
    {
        using var ps = new ModuleRunspace();
        const string token = "eyJ0eXAiOiJKV1Qi-secret-token";
        var result = ps.Run("Connect-MeetingMigration -GraphEndpoint http://graph.example.com/v1.0 -AccessToken $t", ("t", Secure(token)));
        Assert.True(result.Terminated);
        Assert.StartsWith("InvalidConnectionParameters", result.TerminatingError!.FullyQualifiedErrorId);
        Assert.Equal("http://graph.example.com/v1.0", result.TerminatingError.TargetObject);
        Assert.DoesNotContain(token, result.TerminatingError.ToString());
        Assert.DoesNotContain(token, result.TerminatingError.Exception.Message);
    }
}
