using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

public class ErrorsTests
{
    [Fact]
    public async Task Unknown_event_id_is_ErrorItemNotFound_with_a_parseable_inner_error()
    {
        await using var sb = await StartAsync();
        var error = await Assert.ThrowsAsync<ODataError>(() => sb.Graph().Users[Organizer].Events["AAMkAGnope"].GetAsync(r => r.Headers.Add("client-request-id", "my-id")));
        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("ErrorItemNotFound", error.Error!.Code);
        Assert.Equal("my-id", error.Error.InnerError!.ClientRequestId);
        Assert.NotNull(error.Error.InnerError.RequestId);
        Assert.NotNull(error.Error.InnerError.Date);
    }

    [Fact]
    public async Task Access_policy_denial_is_ErrorAccessDenied()
    {
        await using var sb = await StartAsync();
        await sb.PutJsonAsync($"sandbox/users/{Attendee1}/accessDenied", new { denied = true });
        var error = await Assert.ThrowsAsync<ODataError>(() => sb.Graph().Users[Attendee1].Events.GetAsync());
        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("ErrorAccessDenied", error.Error!.Code);
    }

    [Fact]
    public async Task On_premises_mailbox_is_MailboxNotEnabledForRESTAPI_until_moved_to_the_cloud()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        await sb.PutJsonAsync($"sandbox/users/{Attendee1}/mailboxLocation", new { location = "onPremises" });
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Attendee1].CalendarView.GetAsync(r =>
        {
            r.QueryParameters.StartDateTime = "2031-01-01T00:00:00Z";
            r.QueryParameters.EndDateTime = "2031-02-01T00:00:00Z";
        }));
        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("MailboxNotEnabledForRESTAPI", error.Error!.Code);
        await sb.PutJsonAsync($"sandbox/users/{Attendee1}/mailboxLocation", new { location = "cloud" });
        Assert.Empty((await graph.Users[Attendee1].Events.GetAsync())!.Value!);
    }

    [Fact]
    public async Task Invalid_input_is_a_400_ODataError()
    {
        await using var sb = await StartAsync();
        var graph = sb.Graph();
        var badZone = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events.PostAsync(new Event
        {
            Subject = "x",
            Start = new DateTimeTimeZone { DateTime = "2031-01-01T10:00:00", TimeZone = "Mars/Olympus" },
            End = new DateTimeTimeZone { DateTime = "2031-01-01T11:00:00", TimeZone = "UTC" },
        }));
        Assert.Equal(400, badZone.ResponseStatusCode);
        Assert.NotNull(badZone.Error!.Code);

        var badSelect = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Organizer].Events.GetAsync(r => r.QueryParameters.Select = new[] { "noSuchProperty" }));
        Assert.Equal(400, badSelect.ResponseStatusCode);

        // A malformed JSON body straight over HTTP.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1.0/users/{Organizer}/events") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        using var response = await sb.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ErrorInvalidRequest", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Missing_token_is_401_and_a_required_token_is_enforced()
    {
        await using var sb = await StartAsync(new SandboxOptions { RequiredToken = "secret" });
        using var response = await sb.Http.GetAsync($"v1.0/users/{Organizer}/events");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("InvalidAuthenticationToken", await response.Content.ReadAsStringAsync());

        var wrong = await Assert.ThrowsAsync<ODataError>(() => sb.Graph(token: "other").Users[Organizer].Events.GetAsync());
        Assert.Equal(401, wrong.ResponseStatusCode);
        Assert.Equal("InvalidAuthenticationToken", wrong.Error!.Code);
        Assert.Empty((await sb.Graph(token: "secret").Users[Organizer].Events.GetAsync())!.Value!);
    }

    [Fact]
    public async Task Unknown_user_is_a_404_ODataError()
    {
        await using var sb = await StartAsync();
        var events = await Assert.ThrowsAsync<ODataError>(() => sb.Graph().Users["nobody@contoso.test"].Events.GetAsync());
        Assert.Equal(404, events.ResponseStatusCode);
        Assert.Equal("ErrorInvalidUser", events.Error!.Code);
        var user = await Assert.ThrowsAsync<ODataError>(() => sb.Graph().Users["nobody@contoso.test"].GetAsync());
        Assert.Equal("Request_ResourceNotFound", user.Error!.Code);
    }
}
