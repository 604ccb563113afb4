using System.Net.Http.Headers;
using System.Text;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;
using Xunit;

namespace MeetingMigration.Service.Tests;

/// <summary>The hosted license trigger: a service polling every second, licenses changed over the sandbox's REST API.</summary>
public sealed class TriggerServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static async Task AssignAsync(ServiceHarness h, Guid userId, Guid sku)
    {
        using var http = new HttpClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{h.Sandbox.GraphBaseUrl}/users/{userId}/assignLicense")
        {
            Content = new StringContent($"{{\"addLicenses\":[{{\"skuId\":\"{sku}\",\"disabledPlans\":[]}}],\"removeLicenses\":[]}}", Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin");
        (await http.SendAsync(post)).EnsureSuccessStatusCode();
    }

    private static Task<string?> StateAsync(ServiceHarness h) => h.Store.GetTriggerStateAsync(LicenseTriggerWatcher.StateName, default);

    [Fact]
    public async Task The_service_queues_a_newly_licensed_user_and_holds_the_request_for_the_trigger_delay()
    {
        await using var h = await ServiceHarness.StartAsync(users: 3, meetingsPerUser: 2, seed: 31);
        await h.StartHostAsync(s => s.TriggerPollSeconds = 1);
        await Poll.UntilAsync(async () => await StateAsync(h) != null, Deadline, () => "no baseline was recorded");

        var user = h.Tenant.Users[1];
        var before = DateTime.UtcNow;
        await AssignAsync(h, user.ObjectId, Skus.AudioConferencing);
        IReadOnlyList<MigrationRequest> requests = Array.Empty<MigrationRequest>();
        await Poll.UntilAsync(async () => (requests = await h.RequestsAsync()).Count > 0, Deadline, () => "nothing was queued");
        var after = DateTime.UtcNow;

        var request = Assert.Single(requests);
        Assert.Equal(user.UserPrincipalName, request.UserPrincipalName, ignoreCase: true);
        Assert.Equal(LicenseTriggerWatcher.TriggerName, request.Trigger);
        Assert.InRange(request.NotBefore, before.AddMinutes(5), after.AddMinutes(5));
        // The queue worker runs beside the trigger and must leave the request alone until NotBefore.
        Assert.Equal(MigrationState.Pending, (await h.Store.GetAsync(request.CorrelationId, default))!.State);
        Assert.Empty(h.Sandbox.State.GetNotifications());
    }

    [Fact]
    public async Task With_AutomaticallyMigrateUserMeetings_off_the_service_sees_the_change_and_queues_nothing()
    {
        await using var h = await ServiceHarness.StartAsync(users: 3, meetingsPerUser: 2, seed: 32);
        await h.Store.SaveDialInSettingsAsync(new() { AutomaticallyMigrateUserMeetings = false }, default);
        await h.StartHostAsync(s => s.TriggerPollSeconds = 1);
        string? baseline = null;
        await Poll.UntilAsync(async () => (baseline = await StateAsync(h)) != null, Deadline, () => "no baseline was recorded");

        var user = h.Tenant.Users[2];
        await AssignAsync(h, user.ObjectId, Skus.Office365E5);
        // The state moves (new delta link, user in the baseline) only once a pass has read the change.
        await Poll.UntilAsync(async () => await StateAsync(h) != baseline, Deadline, () => "no pass read the license change");

        Assert.Contains(user.ObjectId, LicenseTriggerState.FromJson((await StateAsync(h))!).LicensedSet());
        Assert.Empty(await h.RequestsAsync());
    }
}
