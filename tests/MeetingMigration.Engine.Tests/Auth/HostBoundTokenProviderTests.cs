using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Auth;
using Xunit;

namespace MeetingMigration.Engine.Tests.Auth
{
    public sealed class HostBoundTokenProviderTests
    {
        private static HostBoundTokenProvider Provider(string graph, Action? onAcquire = null) =>
            new HostBoundTokenProvider(new Uri(graph), _ =>
            {
                onAcquire?.Invoke();
                return Task.FromResult("secret-token");
            });

        [Theory]
        [InlineData("https://graph.microsoft.com/v1.0/users/a/events")]
        [InlineData("https://GRAPH.microsoft.com/v1.0/$batch")]
        public async Task The_configured_Graph_host_gets_the_token(string url)
        {
            var token = await Provider("https://graph.microsoft.com/v1.0").GetAuthorizationTokenAsync(new Uri(url), null, CancellationToken.None);
            Assert.Equal("secret-token", token);
        }

        [Theory]
        [InlineData("https://evil.example.com/v1.0/users")]
        [InlineData("http://graph.microsoft.com/v1.0/users")]            // downgraded scheme
        [InlineData("https://graph.microsoft.com:8443/v1.0/users")]      // other port
        [InlineData("https://graph.microsoft.com.evil.example/v1.0/users")]
        public async Task Any_other_host_gets_nothing_and_no_token_is_even_acquired(string url)
        {
            var acquired = false;
            var token = await Provider("https://graph.microsoft.com/v1.0", () => acquired = true)
                .GetAuthorizationTokenAsync(new Uri(url), null, CancellationToken.None);
            Assert.Equal("", token);
            Assert.False(acquired);
        }

        [Fact]
        public async Task A_sandbox_on_loopback_is_matched_by_port_too()
        {
            var provider = Provider("http://127.0.0.1:5080/v1.0");
            Assert.Equal("secret-token", await provider.GetAuthorizationTokenAsync(new Uri("http://127.0.0.1:5080/v1.0/users"), null, CancellationToken.None));
            Assert.Equal("", await provider.GetAuthorizationTokenAsync(new Uri("http://127.0.0.1:5081/v1.0/users"), null, CancellationToken.None));
        }
    }
}
