using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Auth
{
    /// <summary>
    /// The handler between the Graph SDK and the network that renews a refused token: one new token, one more send, never a
    /// third, nothing for another host, and one renewal for all the requests refused with the same token.
    /// </summary>
    public sealed class TokenRenewalHandlerTests
    {
        private const string Graph = "https://graph.microsoft.com/v1.0";

        /// <summary>A token source like MSAL's cache: the same token until forced, then the next one.</summary>
        private sealed class Tokens
        {
            private int _generation = 1;
            public int Forced;
            public Exception? FailOnForce;
            /// <summary>Awaited before a forced sign-in answers (a sign-in takes a while; requests refused meanwhile wait for it).</summary>
            public Func<Task>? SigningIn;

            public string Current => $"token-{Volatile.Read(ref _generation)}";

            public async Task<string> Get(bool force, CancellationToken cancellationToken)
            {
                if (!force) return Current;
                Interlocked.Increment(ref Forced);
                if (SigningIn != null) await SigningIn();
                if (FailOnForce != null) throw FailOnForce;
                return $"token-{Interlocked.Increment(ref _generation)}";
            }
        }

        /// <summary>Graph as the handler sees it: answers each send by the token it carries; records what was sent.</summary>
        private sealed class FakeGraph : HttpMessageHandler
        {
            private readonly Func<string?, int, Task<HttpResponseMessage>> _answer;
            public readonly List<(string? Token, string? Body, Uri? Url)> Sent = new List<(string?, string?, Uri?)>();

            public FakeGraph(Func<string?, int, Task<HttpResponseMessage>> answer) => _answer = answer;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content == null ? null : await request.Content.ReadAsStringAsync();
                int count;
                lock (Sent)
                {
                    Sent.Add((request.Headers.Authorization?.Parameter, body, request.RequestUri));
                    count = Sent.Count;
                }
                return await _answer(request.Headers.Authorization?.Parameter, count);
            }
        }

        private static HttpResponseMessage Refused(string code = "InvalidAuthenticationToken") => new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent(
                $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"Lifetime validation failed, the token is expired.\",\"innerError\":{{\"request-id\":\"r1\",\"date\":\"2030-01-01T00:00:00\"}}}}}}",
                Encoding.UTF8, "application/json"),
        };

        private static HttpResponseMessage Ok() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        /// <summary>The handler as GraphConnection builds it; the test plays the SDK, which puts the current token on each request.</summary>
        private static HttpClient Client(Tokens tokens, HttpMessageHandler graph, bool renewable = true) => Client(new GraphTokens(tokens.Get, renewable), graph);

        private static HttpClient Client(GraphTokens tokens, HttpMessageHandler graph) =>
            new HttpClient(new TokenRenewalHandler(tokens, uri => uri.Host == "graph.microsoft.com") { InnerHandler = graph });

        private static HttpRequestMessage Patch(string token, string url = Graph + "/users/a/events/1") => new HttpRequestMessage(new HttpMethod("PATCH"), url)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            // As the SDK sends a body: a stream over memory.
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"body\":{\"content\":\"new block\"}}")))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };

        private static async Task<string> MessageOf(HttpResponseMessage response)
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        }

        [Fact]
        public async Task A_refused_token_is_renewed_and_the_same_request_sent_once_more_with_the_new_one()
        {
            var tokens = new Tokens();
            var graph = new FakeGraph((token, _) => Task.FromResult(token == "token-1" ? Refused() : Ok()));
            using var client = Client(tokens, graph);

            using var response = await client.SendAsync(Patch(tokens.Current));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, tokens.Forced);
            Assert.Equal(new[] { "token-1", "token-2" }, graph.Sent.Select(s => s.Token));
            Assert.Equal(graph.Sent[0].Body, graph.Sent[1].Body);
            Assert.Equal("{\"body\":{\"content\":\"new block\"}}", graph.Sent[1].Body);
            Assert.Equal(graph.Sent[0].Url, graph.Sent[1].Url);
        }

        [Fact]
        public async Task A_new_token_that_is_refused_too_is_not_renewed_again_and_the_401_says_so()
        {
            var tokens = new Tokens();
            var graph = new FakeGraph((_, __) => Task.FromResult(Refused()));
            using var client = Client(tokens, graph);

            using var response = await client.SendAsync(Patch(tokens.Current));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(2, graph.Sent.Count);
            Assert.Equal(1, tokens.Forced);
            var message = await MessageOf(response);
            Assert.StartsWith("Lifetime validation failed, the token is expired. Not sent again:", message);
            Assert.Contains("refused too", message);
            Assert.DoesNotContain("token-", message);
        }

        [Fact]
        public async Task A_given_token_cannot_be_renewed_so_the_request_is_sent_once()
        {
            var tokens = new Tokens();
            var graph = new FakeGraph((_, __) => Task.FromResult(Refused()));
            using var client = Client(tokens, graph, renewable: false);

            using var response = await client.SendAsync(Patch(tokens.Current));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Single(graph.Sent);
            Assert.Equal(0, tokens.Forced);
            Assert.Contains("cannot be renewed", await MessageOf(response));
        }

        [Fact]
        public async Task A_sign_in_that_fails_during_renewal_leaves_the_401_with_the_reason()
        {
            var tokens = new Tokens
            {
                FailOnForce = new MeetingMigrationException(ErrorIds.AuthenticationFailed, ErrorKind.ConnectionError, "Microsoft Entra ID could not be reached to sign in."),
            };
            var graph = new FakeGraph((_, __) => Task.FromResult(Refused()));
            using var client = Client(tokens, graph);

            using var response = await client.SendAsync(Patch(tokens.Current));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Single(graph.Sent);
            Assert.Contains("getting a new access token failed: Microsoft Entra ID could not be reached", await MessageOf(response));
        }

        [Theory]
        [InlineData("https://graph.microsoft.com/v1.0/users", "Authorization_RequestDenied")] // another 401: not the token's fault
        [InlineData("https://elsewhere.example.com/v1.0/users", "InvalidAuthenticationToken")] // another host never gets a token
        public async Task Other_refusals_are_passed_on_untouched_without_a_new_token(string url, string code)
        {
            var tokens = new Tokens();
            var graph = new FakeGraph((_, __) => Task.FromResult(Refused(code)));
            using var client = Client(tokens, graph);

            using var response = await client.SendAsync(Patch(tokens.Current, url));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Single(graph.Sent);
            Assert.Equal(0, tokens.Forced);
            Assert.Equal("Lifetime validation failed, the token is expired.", await MessageOf(response));
        }

        [Fact]
        public async Task Requests_refused_while_a_renewal_is_under_way_share_it()
        {
            const int requests = 16;
            var tokens = new Tokens();
            var renewal = new GraphTokens(tokens.Get, renewable: true);
            // The sign-in answers once every refused request is waiting for it, as when a token expires under a full
            // pipeline and Entra takes its time.
            tokens.SigningIn = async () =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (renewal.Waiting < requests && DateTime.UtcNow < deadline) await Task.Delay(1);
            };
            // Every request reaches Graph with token-1 before any is answered.
            var allSent = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var graph = new FakeGraph(async (token, count) =>
            {
                if (token != "token-1") return Ok();
                if (count == requests) allSent.SetResult(true);
                await allSent.Task;
                return Refused();
            });
            using var client = Client(renewal, graph);

            var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => client.SendAsync(Patch("token-1"))));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(1, tokens.Forced);
            Assert.Equal(requests * 2, graph.Sent.Count);
            Assert.Equal(requests, graph.Sent.Count(s => s.Token == "token-2"));
            foreach (var response in responses) response.Dispose();
        }

        [Fact]
        public async Task A_request_refused_after_a_renewal_finished_gets_a_token_of_its_own()
        {
            // The cache already moved on to token-2, but token-2 may have worn out while this request was in flight with
            // token-1: the request sent again carries a token issued after it was refused.
            var tokens = new Tokens();
            await tokens.Get(force: true, CancellationToken.None);
            var graph = new FakeGraph((token, _) => Task.FromResult(token == "token-3" ? Ok() : Refused()));
            using var client = Client(tokens, graph);

            using var response = await client.SendAsync(Patch("token-1"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, tokens.Forced);
            Assert.Equal(new[] { "token-1", "token-3" }, graph.Sent.Select(s => s.Token));
        }
    }
}
