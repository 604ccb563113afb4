using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Auth
{
    /// <summary>The engine's sign-in at a sandbox's token endpoint (plain http on this machine, where MSAL cannot go).</summary>
    public sealed class LoopbackClientCredentialsTests
    {
        private const string Secret = "s3cret-Value-91";

        private sealed class TokenServer : HttpMessageHandler
        {
            private readonly Func<int, (HttpStatusCode, string)> _answer;
            public readonly List<(Uri Url, string Form)> Requests = new List<(Uri, string)>();

            public TokenServer(Func<int, (HttpStatusCode, string)> answer) => _answer = answer;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests.Add((request.RequestUri!, await request.Content!.ReadAsStringAsync()));
                var (status, json) = _answer(Requests.Count);
                return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            }
        }

        private static LoopbackClientCredentials Client(TokenServer server) =>
            new LoopbackClientCredentials(new Uri("http://127.0.0.1:5080/"), "contoso.onmicrosoft.com", "0c266dff-15dd-4b49-8397-2bb16070ed52", Secret,
                "http://127.0.0.1:5080/.default", server);

        private static (HttpStatusCode, string) Token(int n, int expiresIn = 3599) =>
            (HttpStatusCode.OK, $"{{\"token_type\":\"Bearer\",\"expires_in\":{expiresIn},\"ext_expires_in\":{expiresIn},\"access_token\":\"tok-{n}\"}}");

        [Fact]
        public async Task Posts_the_client_credentials_form_keeps_the_token_and_gets_a_new_one_only_when_forced()
        {
            var server = new TokenServer(n => Token(n));
            using var client = Client(server);

            Assert.Equal("tok-1", await client.GetTokenAsync(false, default));
            Assert.Equal("tok-1", await client.GetTokenAsync(false, default));
            Assert.Equal("tok-2", await client.GetTokenAsync(true, default));
            Assert.Equal("tok-2", await client.GetTokenAsync(false, default));

            Assert.Equal(2, server.Requests.Count);
            Assert.Equal("http://127.0.0.1:5080/contoso.onmicrosoft.com/oauth2/v2.0/token", server.Requests[0].Url.ToString());
            Assert.Equal("client_id=0c266dff-15dd-4b49-8397-2bb16070ed52&client_secret=" + Secret +
                         "&scope=http%3A%2F%2F127.0.0.1%3A5080%2F.default&grant_type=client_credentials", server.Requests[0].Form);
        }

        [Fact]
        public async Task A_token_near_its_end_is_fetched_again_without_waiting_for_a_401()
        {
            // Kept for nine tenths of its life: a one-second token is already due when asked for again a second later.
            var server = new TokenServer(n => Token(n, expiresIn: 1));
            using var client = Client(server);
            Assert.Equal("tok-1", await client.GetTokenAsync(false, default));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal("tok-2", await client.GetTokenAsync(false, default));
        }

        [Fact]
        public async Task A_refusal_is_AuthenticationFailed_with_the_servers_reason_and_never_the_secret()
        {
            var server = new TokenServer(_ => (HttpStatusCode.Unauthorized,
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided: " + Secret + "\"}"));
            using var client = Client(server);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => client.GetTokenAsync(false, default));

            Assert.Equal(ErrorIds.AuthenticationFailed, error.ErrorId);
            Assert.Contains("invalid_client", error.Message);
            Assert.Contains("AADSTS7000215", error.Message);
            Assert.DoesNotContain(Secret, error.Message);
        }

        /// <summary>
        /// Found by an outside probe: an endpoint that echoed the form put the secret in the message URL-encoded, in part,
        /// and in the error code, none of which replacing the secret caught. Only codes are shown now.
        /// </summary>
        [Fact]
        public async Task A_refusal_that_echoes_the_form_shows_its_codes_only()
        {
            var encoded = Uri.EscapeDataString(Secret);
            var server = new TokenServer(_ => (HttpStatusCode.Unauthorized,
                "{\"error\":\"invalid_client " + Secret + "\",\"error_description\":\"AADSTS7000215: raw form client_secret=" + encoded +
                " partial " + Secret.Substring(0, Secret.Length - 1) + "\"}"));
            using var client = Client(server);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => client.GetTokenAsync(false, default));

            Assert.Contains("refused (no readable error code, AADSTS7000215)", error.Message);
            Assert.DoesNotContain(Secret.Substring(0, 8), error.Message);
            Assert.DoesNotContain("raw form", error.Message);
        }

        [Fact]
        public async Task An_error_field_that_is_no_OAuth_code_is_not_shown_even_when_it_looks_like_one()
        {
            const string lowercase = "canarylowersecret";
            var server = new TokenServer(_ => (HttpStatusCode.Unauthorized, "{\"error\":\"" + lowercase + "\"}"));
            using var client = new LoopbackClientCredentials(new Uri("http://127.0.0.1:5080/"), "contoso.onmicrosoft.com", "0c266dff-15dd-4b49-8397-2bb16070ed52", lowercase,
                "http://127.0.0.1:5080/.default", server);

            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => client.GetTokenAsync(false, default));

            Assert.DoesNotContain(lowercase, error.Message);
            Assert.Contains("no readable error code", error.Message);
        }

        [Theory]
        [InlineData("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"tok\\r\\nX-Injected: 1\"}")]
        [InlineData("{\"token_type\":\"pop\",\"expires_in\":3599,\"access_token\":\"tok\"}")]
        [InlineData("{\"token_type\":\"Bearer\",\"access_token\":\"tok\"}")]
        [InlineData("<html>not json</html>")]
        public async Task An_answer_without_a_usable_bearer_token_is_refused(string json)
        {
            using var client = Client(new TokenServer(_ => (HttpStatusCode.OK, json)));
            var error = await Assert.ThrowsAsync<MeetingMigrationException>(() => client.GetTokenAsync(false, default));
            Assert.Equal(ErrorIds.AuthenticationFailed, error.ErrorId);
            Assert.DoesNotContain("X-Injected", error.Message);
        }

        [Fact]
        public void Only_a_plain_http_authority_on_this_machine_is_served()
        {
            Assert.Throws<ArgumentException>(() => new LoopbackClientCredentials(new Uri("https://login.microsoftonline.com/"), "t", "c", Secret, "s/.default"));
            Assert.Throws<ArgumentException>(() => new LoopbackClientCredentials(new Uri("http://login.example.com/"), "t", "c", Secret, "s/.default"));
        }
    }
}
