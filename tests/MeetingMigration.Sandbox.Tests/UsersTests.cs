using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.AssignLicense;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

public class UsersTests
{
    private static readonly Guid AudioConferencingSku = Guid.Parse("0c266dff-15dd-4b49-8397-2bb16070ed52");
    private static readonly Guid AudioConferencingPlan = Guid.Parse("3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40");

    [Fact]
    public async Task Users_page_filter_and_select()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var first = await graph.Users.GetAsync(r => r.QueryParameters.Top = 2);
        Assert.Equal(2, first!.Value!.Count);
        var all = new List<User>();
        await PageIterator<User, UserCollectionResponse>.CreatePageIterator(graph, first, u => { all.Add(u); return true; }).IterateAsync();
        Assert.Equal(3, all.Count);

        var filtered = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"userPrincipalName eq '{Attendee2}'";
            r.QueryParameters.Select = new[] { "id", "displayName" };
        });
        var carol = Assert.Single(filtered!.Value!);
        Assert.Equal("Carol Smith", carol.DisplayName);
        Assert.Null(carol.UserPrincipalName);

        var byId = await graph.Users[carol.Id].GetAsync();
        Assert.Equal(Attendee2, byId!.UserPrincipalName);
    }

    [Fact]
    public async Task Created_user_has_a_mailbox_and_licenses_show_in_assigned_plans_and_delta()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var user = await graph.Users.PostAsync(new User { UserPrincipalName = "erin@contoso.test", DisplayName = "Erin", AccountEnabled = true, MailNickname = "erin" });
        Assert.Empty((await graph.Users["erin@contoso.test"].Events.GetAsync())!.Value!);

        // First delta pass, then a license change shows up through the deltaLink.
        var delta = await graph.Users.Delta.GetAsDeltaGetResponseAsync(r => r.QueryParameters.Select = new[] { "id", "userPrincipalName", "assignedLicenses", "assignedPlans" });
        Assert.Equal(4, delta!.Value!.Count);
        var deltaLink = delta.OdataDeltaLink!;
        Assert.StartsWith(sb.Server.GraphBaseUrl.ToString(), deltaLink);
        Assert.Empty((await graph.Users.Delta.WithUrl(deltaLink).GetAsDeltaGetResponseAsync())!.Value!);

        await graph.Users[user!.Id].AssignLicense.PostAsync(new AssignLicensePostRequestBody
        {
            AddLicenses = new List<AssignedLicense> { new() { SkuId = AudioConferencingSku, DisabledPlans = new List<Guid?>() } },
            RemoveLicenses = new List<Guid?>(),
        });
        var changes = await graph.Users.Delta.WithUrl(deltaLink).GetAsDeltaGetResponseAsync();
        var changed = Assert.Single(changes!.Value!);
        Assert.Equal(user.Id, changed.Id);
        Assert.Equal(AudioConferencingSku, changed.AssignedLicenses!.Single().SkuId);
        var plan = changed.AssignedPlans!.Single();
        Assert.Equal(AudioConferencingPlan, plan.ServicePlanId);
        Assert.Equal("Enabled", plan.CapabilityStatus);

        await graph.Users[user.Id].AssignLicense.PostAsync(new AssignLicensePostRequestBody { AddLicenses = new List<AssignedLicense>(), RemoveLicenses = new List<Guid?> { AudioConferencingSku } });
        var selected = await graph.Users[user.Id].GetAsync(r => r.QueryParameters.Select = new[] { "assignedLicenses", "assignedPlans" });
        Assert.Empty(selected!.AssignedLicenses!);
        Assert.Equal("Deleted", selected.AssignedPlans!.Single().CapabilityStatus);
    }
}
