using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

/// <summary>The generated tenant must be accepted as-is by the sandbox, in process and over HTTP, with the same result.</summary>
public sealed class SandboxSeederTests
{
    private static readonly TenantGeneratorOptions Options = new() { Users = 8, MeetingsPerUser = 12, Seed = 11, OnPremisesUserFraction = 0.25 };

    private static int ExpectedStoredEvents(GeneratedTenant tenant) =>
        // organizer items + attendee copies, and each series exception once in the organizer's series and once per copy
        tenant.MeetingCount + tenant.Expectations().Sum(e => e.InternalAttendees.Count + e.Exceptions.Count * (1 + e.InternalAttendees.Count));

    [Fact]
    public async Task In_process_seeding_imports_every_user_and_event()
    {
        var tenant = TenantGenerator.Generate(Options);
        var state = new SandboxState();
        var ids = new Dictionary<string, string>();
        var result = await new InProcessSandboxSeeder(state) { OnImported = (m, id) => ids.Add(m.Event.ICalUId, id) }.SeedAsync(tenant);

        Assert.Equal(tenant.MeetingCount, result.Events);
        Assert.Equal(tenant.MeetingCount, ids.Count);
        Assert.Equal(ids.Count, ids.Values.Distinct().Count());
        Assert.Equal(ExpectedStoredEvents(tenant), state.EventCount);
        foreach (var user in tenant.Users)
        {
            var record = state.FindUser(user.UserPrincipalName)!;
            Assert.Equal(user.ObjectId, record.Id);
            Assert.Equal(user.IsOnPremises ? MailboxLocation.OnPremises : MailboxLocation.Cloud, record.MailboxLocation);
            Assert.Equal(user.Entry.Conferencing!.ConferenceId, record.Conferencing!.ConferenceId);
        }
    }

    [Fact]
    public async Task Http_seeding_per_item_and_in_bulk_give_the_same_tenant_as_in_process()
    {
        var tenant = TenantGenerator.Generate(Options);
        foreach (var mode in new[] { HttpSeedingMode.PerItem, HttpSeedingMode.Bulk })
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions());
            using var http = new HttpClient();
            var result = await new HttpSandboxSeeder(http, server.RootUrl) { Mode = mode }.SeedAsync(tenant);

            Assert.Equal(tenant.MeetingCount, result.Events);
            Assert.Equal(ExpectedStoredEvents(tenant), server.State.EventCount);
            Assert.Equal(tenant.Users.Count, server.State.Users.Count);
            var onPrem = tenant.Users.First(u => u.IsOnPremises);
            Assert.Equal(MailboxLocation.OnPremises, server.State.FindUser(onPrem.UserPrincipalName)!.MailboxLocation);

            // A migratable meeting reads back through Graph with its body byte-for-byte.
            var meeting = tenant.Meetings().First(m => m.Expectation.Outcome == ExpectedOutcome.Migrate && m.Expectation.Recurrence == RecurrenceKind.None);
            using var request = new HttpRequestMessage(HttpMethod.Get,
                new Uri(server.GraphBaseUrl + $"/users/{meeting.Mailbox}/events?$top=1000&$select=iCalUId,body"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var found = doc.RootElement.GetProperty("value").EnumerateArray()
                .Single(e => e.GetProperty("iCalUId").GetString() == meeting.Event.ICalUId);
            Assert.Equal(meeting.Event.Body.Content, found.GetProperty("body").GetProperty("content").GetString());
        }
    }
}
