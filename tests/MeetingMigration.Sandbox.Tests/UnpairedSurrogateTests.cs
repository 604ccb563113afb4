using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using static MeetingMigration.Sandbox.Tests.TestSandbox;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// A JSON escape that is half of a UTF-16 surrogate pair (found by an outside probe seeding such a body): the sandbox
/// answered 500 with an unhandled InvalidOperationException. Bad input is a 400 saying what is wrong, and nothing is stored.
/// </summary>
public class UnpairedSurrogateTests
{
    private static string Event(string bodyContent) => $$$"""
        {"subject":"S","body":{"contentType":"html","content":"{{{bodyContent}}}"},
         "start":{"dateTime":"2031-05-05T10:00:00","timeZone":"UTC"},"end":{"dateTime":"2031-05-05T11:00:00","timeZone":"UTC"}}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(@"<p>lone high \ud83d here</p>")]
    [InlineData(@"<p>lone low \ude00 here</p>")]
    [InlineData(@"<p>high at the end \uD83D")]
    [InlineData(@"<p>two highs \ud83d\ud83d\ude00</p>")]
    [InlineData(@"<p>a pair, then a low alone \uD83D\uDE00\uDE00</p>")]
    [InlineData(@"<p>after an escaped backslash \\\ud83d</p>")]
    public async Task An_import_holding_one_is_a_400_naming_it_and_stores_nothing(string content)
    {
        await using var sb = await StartAsync();

        using var response = await sb.Http.PostAsync($"sandbox/mailboxes/{Organizer}/events", Json(Event(content)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("ErrorInvalidRequest", error.GetProperty("code").GetString());
        Assert.Contains("half of a UTF-16 surrogate pair", error.GetProperty("message").GetString());
        Assert.Empty((await sb.Graph().Users[Organizer].Events.GetAsync())!.Value!);
    }

    [Fact]
    public async Task A_Graph_request_holding_one_is_a_400_not_a_500()
    {
        await using var sb = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1.0/users/{Organizer}/events") { Content = Json(Event(@"<p>\udbff</p>")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");

        using var response = await sb.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ErrorInvalidRequest", await response.Content.ReadAsStringAsync());
        Assert.Empty((await sb.Graph().Users[Organizer].Events.GetAsync())!.Value!);
    }

    [Theory]
    [InlineData(@"<p>a pair \ud83d\ude00 and \\ud83d (an escaped backslash, then text)</p>", "<p>a pair 😀 and \\ud83d (an escaped backslash, then text)</p>")]
    [InlineData(@"<p>\u00e9\u20ac</p>", "<p>é€</p>")]
    [InlineData(@"<p>\ud55c\uD7A3 \u003Cb\u003E</p>", "<p>한힣 <b></p>")]
    public async Task Paired_halves_and_other_escapes_are_stored_as_the_text_they_stand_for(string content, string expected)
    {
        await using var sb = await StartAsync();

        using var response = await sb.Http.PostAsync($"sandbox/mailboxes/{Organizer}/events", Json(Event(content)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = Assert.Single((await sb.Graph().Users[Organizer].Events.GetAsync())!.Value!);
        Assert.Equal(expected, stored.Body!.Content);
    }
}
