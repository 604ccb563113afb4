using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

public class BatchTests
{
    private static readonly DateTime Monday = new(2031, 3, 3, 15, 0, 0, DateTimeKind.Utc);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostBatch(TestSandbox sb, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1.0/$batch") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        using var response = await sb.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Sdk_batch_runs_gets_and_patches_with_a_status_per_item()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var a = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("A", Monday, Attendee1));
        var b = await graph.Users[Organizer].Events.PostAsync(EventFactory.Meeting("B", Monday.AddDays(1), Attendee1));

        var batch = new BatchRequestContentCollection(graph);
        var getA = await batch.AddBatchRequestStepAsync(graph.Users[Organizer].Events[a!.Id].ToGetRequestInformation());
        var patchB = await batch.AddBatchRequestStepAsync(graph.Users[Organizer].Events[b!.Id].ToPatchRequestInformation(new Event { Subject = "B2" }));
        var missing = await batch.AddBatchRequestStepAsync(graph.Users[Organizer].Events["AAMkAGmissing"].ToGetRequestInformation());
        var result = await graph.Batch.PostAsync(batch);

        var statuses = await result.GetResponsesStatusCodesAsync();
        Assert.Equal(HttpStatusCode.OK, statuses[getA]);
        Assert.Equal(HttpStatusCode.OK, statuses[patchB]);
        Assert.Equal(HttpStatusCode.NotFound, statuses[missing]);
        Assert.Equal("A", (await result.GetResponseByIdAsync<Event>(getA)).Subject);
        Assert.Equal("B2", (await result.GetResponseByIdAsync<Event>(patchB)).Subject);
        Assert.Equal(1, sb.Notifications(Attendee1, "update"));
    }

    [Fact]
    public async Task More_than_20_requests_is_a_400()
    {
        await using var sb = await StartAsync();
        var items = string.Join(",", Enumerable.Range(1, 21).Select(i => $$"""{"id":"{{i}}","method":"GET","url":"/users/{{Organizer}}/events"}"""));
        var (status, body) = await PostBatch(sb, $$"""{"requests":[{{items}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Failed_dependency_gives_424()
    {
        await using var sb = await StartAsync();
        var (status, body) = await PostBatch(sb, $$"""
            {"requests":[
              {"id":"1","method":"GET","url":"/users/{{Organizer}}/events/AAMkAGmissing"},
              {"id":"2","method":"PATCH","url":"/users/{{Organizer}}/events/AAMkAGmissing","dependsOn":["1"],"headers":{"Content-Type":"application/json"},"body":{"subject":"x"} },
              {"id":"3","method":"GET","url":"users/{{Organizer}}/events?$top=1"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        var byId = body.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetInt32());
        Assert.Equal(404, byId["1"]);
        Assert.Equal(424, byId["2"]);
        Assert.Equal(200, byId["3"]);
    }

    [Fact]
    public async Task Items_are_throttled_one_by_one_with_retry_after_in_item_headers()
    {
        await using var sb = await StartAsync(new SandboxOptions { Limits = new SandboxLimits { MaxRequestsPerWindow = 2 } });
        var items = string.Join(",", Enumerable.Range(1, 4).Select(i => $$"""{"id":"{{i}}","method":"GET","url":"/users/{{Organizer}}/events"}"""));
        var (_, body) = await PostBatch(sb, $$"""{"requests":[{{items}}]}""");
        var responses = body.GetProperty("responses").EnumerateArray().ToList();
        Assert.Equal(2, responses.Count(r => r.GetProperty("status").GetInt32() == 200));
        var throttled = responses.Where(r => r.GetProperty("status").GetInt32() == 429).ToList();
        Assert.Equal(2, throttled.Count);
        Assert.All(throttled, r => Assert.True(r.GetProperty("headers").TryGetProperty("Retry-After", out _)));
    }
}
